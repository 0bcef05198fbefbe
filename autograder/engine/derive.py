"""Apply an exercise's ``derive`` step to raw probe outcomes, in the grader's own process.

Raw observations arrive as plain data (see :mod:`autograder.probing.codec`);
``derive`` gets them as CPU tensors together with the case, and adds the
features that need judgement. If the observations are not what ``derive``
expects (a student returned a string where a tensor belongs), the derived
features are simply absent, so every check that needs them fails.

Each outcome is derived twice: once from every raw feature (for feedback and
mistake names) and once from the declared *results* alone (for points), so
nothing the student's process reports about how a result was made can earn a
point. A raw feature the exercise does not declare is a protocol error.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import torch

from autograder.probing.codec import dumps, loads, materialize
from autograder.probing.outcome import CaseStatus, case_status
from autograder.spec import Case, ExerciseSpec

_CPU = torch.device("cpu")


@dataclass(frozen=True)
class DerivedOutcome:
    """One case's outcome, as shown (``full``) and as scored (``verified``)."""

    full: dict[str, Any]
    verified: dict[str, Any]


def _protocol_error(undeclared: list[str]) -> dict[str, Any]:
    shown = ", ".join(repr(name)[:40] for name in undeclared[:3])
    return {
        "status": CaseStatus.ERROR.value,
        "error": {
            "type": "ProtocolError",
            "message": f"the student process sent features nobody asked for: {shown}",
            "where": "",
        },
    }


def _with_derived(spec: ExerciseSpec, raw: Mapping[str, Any], case: Case) -> dict[str, Any]:
    """``raw`` plus what ``derive`` makes of it; derived features win over raw ones."""
    if spec.derive is None:
        return dict(raw)
    try:
        extra = spec.derive(materialize(dict(raw), "cpu"), materialize(case, "cpu"))
        # Through the codec, so derived tensors compare like observed ones.
        extra = loads(dumps(extra, input_device=_CPU))
    except Exception:  # malformed or withheld observations: nothing can be derived from them
        extra = {}
    if not isinstance(extra, dict):
        extra = {}
    return {**raw, **extra}


def split_outcome(spec: ExerciseSpec, outcome: Mapping[str, Any], case: Case) -> DerivedOutcome:
    """The outcome with derived features, once from everything and once from results only."""
    if case_status(outcome) != CaseStatus.OK:
        return DerivedOutcome(dict(outcome), dict(outcome))
    raw = outcome["features"]
    declared = set(spec.raw_features)
    undeclared = [name for name in raw if name not in declared]
    if undeclared:
        failed = _protocol_error([str(name) for name in undeclared])
        return DerivedOutcome(failed, failed)
    results = {name: value for name, value in raw.items() if name in spec.results}
    return DerivedOutcome(
        {**outcome, "features": _with_derived(spec, raw, case)},
        {**outcome, "features": _with_derived(spec, results, case)},
    )


def derived(spec: ExerciseSpec, outcome: Mapping[str, Any], case: Case) -> dict[str, Any]:
    """The outcome with its derived features added, from every raw feature."""
    return split_outcome(spec, outcome, case).full


def derived_all(
    spec: ExerciseSpec, outcomes: Sequence[Mapping[str, Any]], cases: Sequence[Case]
) -> list[dict[str, Any]]:
    """``derived`` for every case's outcome."""
    return [derived(spec, outcome, case) for outcome, case in zip(outcomes, cases)]


def split_all(
    spec: ExerciseSpec, outcomes: Sequence[Mapping[str, Any]], cases: Sequence[Case]
) -> list[DerivedOutcome]:
    """``split_outcome`` for every case's outcome."""
    return [split_outcome(spec, outcome, case) for outcome, case in zip(outcomes, cases)]
