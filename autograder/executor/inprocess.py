"""Run the function under test in this process (notebook self-checks).

Used where the student is checking their own work: cheating here only fools
oneself. Outcomes still go through the codec, so they look exactly like the
ones an isolated student process sends.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from autograder.executor.base import Outcomes, RunFailure, checked_outcomes
from autograder.harness.runner import run_probe
from autograder.probing.codec import dumps, loads, materialize
from autograder.probing.outcome import CaseStatus
from autograder.spec import Case, ExerciseSpec, ProbeContext


def run_in_process(
    spec: ExerciseSpec, fn: Callable[..., Any], cases: Sequence[Case], ctx: ProbeContext
) -> Outcomes:
    """Probe outcomes of fn on each case, as plain data (codec round trip)."""
    try:
        filename = inspect.getsourcefile(fn)
    except TypeError:
        filename = None
    return [
        loads(dumps(run_probe(spec, fn, materialize(case, ctx.device), ctx, filename), ctx.device))
        for case in cases
    ]


class InProcessExecutor:
    """Executor over functions held by this process (a notebook's namespace)."""

    def __init__(self, namespace: Mapping[str, Any], ctx: ProbeContext | None = None) -> None:
        self.namespace = namespace
        self.ctx = ctx or ProbeContext()
        self.pending: dict[str, tuple[ExerciseSpec, list[Case]]] = {}

    def submit(self, spec: ExerciseSpec, cases: Sequence[Case]) -> None:
        """Remember the exercise; it runs when its outcome is asked for."""
        self.pending[spec.id] = (spec, list(cases))

    def outcome(self, exercise_id: str) -> Outcomes | RunFailure:
        """Run the probe on every case now."""
        spec, cases = self.pending[exercise_id]
        fn = self.namespace.get(spec.function)
        if fn is None:
            return checked_outcomes(
                spec, [{"status": CaseStatus.MISSING_FUNCTION.value}], len(cases)
            )
        return checked_outcomes(spec, run_in_process(spec, fn, cases, self.ctx), len(cases))

    def close(self) -> None:
        """Nothing to release."""
