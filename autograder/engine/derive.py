"""Apply an exercise's ``derive`` step to raw probe outcomes, in the grader's own process.

Raw observations arrive as plain data (see :mod:`autograder.harness.codec`);
``derive`` gets them as CPU tensors together with the case, and adds the
features that need judgement. If the observations are not what ``derive``
expects (a student returned a string where a tensor belongs), the derived
features are simply absent, so every check that needs them fails.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import torch

from autograder.engine.spec import Case, ExerciseSpec
from autograder.harness.codec import dumps, loads, materialize

_CPU = torch.device("cpu")


def derived(spec: ExerciseSpec, outcome: Mapping[str, Any], case: Case) -> dict[str, Any]:
    """The outcome with its derived features added (unchanged if there is nothing to derive)."""
    if spec.derive is None or outcome.get("status") != "ok":
        return dict(outcome)
    raw = outcome["features"]
    try:
        extra = spec.derive(materialize(raw, "cpu"), materialize(case, "cpu"))
        # Through the codec, so derived tensors compare like observed ones.
        extra = loads(dumps(extra, input_device=_CPU))
    except Exception:  # malformed observations: nothing can be derived from them
        extra = {}
    return {**outcome, "features": {**raw, **{k: v for k, v in extra.items() if k not in raw}}}


def derived_all(
    spec: ExerciseSpec, outcomes: Sequence[Mapping[str, Any]], cases: Sequence[Case]
) -> list[dict[str, Any]]:
    """``derived`` for every case's outcome."""
    return [derived(spec, outcome, case) for outcome, case in zip(outcomes, cases)]
