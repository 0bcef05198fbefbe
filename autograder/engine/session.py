"""A grading session: send every exercise's cases out, then judge them one by one.

Cases go to the executor first, so student processes work in the background
while this process computes the expected values for the exercise at hand.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from autograder.engine.derive import split_all
from autograder.engine.verdict import CaseEvidence, Signature, judge
from autograder.executor.base import Executor, RunFailure
from autograder.model import ExerciseResult
from autograder.spec import Case, ExerciseSpec, Features, Text


@dataclass(frozen=True)
class Expectation:
    """The expected features for one case and each known mistake's signature.

    ``expected`` is None where the source does not know the answer (the public
    self-check of a quiz question). ``explanation`` is shown with the verdict.
    """

    expected: Features | None
    signatures: Mapping[str, Signature] = field(default_factory=dict)
    explanation: Text | None = None


class ExpectationSource(Protocol):
    """Where cases and expected features come from (live references, or stored ones)."""

    def cases(self, spec: ExerciseSpec) -> list[Case]:
        """The cases to run for an exercise."""

    def expectations(self, spec: ExerciseSpec, cases: Sequence[Case]) -> list[Expectation]:
        """Expected features and mistake signatures, one per case."""


class GradingSession:
    """Grades a chosen set of exercises with one expectation source and one executor."""

    def __init__(
        self,
        specs: Sequence[ExerciseSpec],
        points: Mapping[str, float],
        source: ExpectationSource,
        executor: Executor,
        lang: str,
        *,
        show_expected: bool = True,
    ) -> None:
        self.specs = {s.id: s for s in specs}
        self.show_expected = show_expected
        self.points = points
        self.source = source
        self.executor = executor
        self.lang = lang
        self.cases: dict[str, list[Case]] = {}
        self.results: dict[str, ExerciseResult] = {}

    def start(self) -> None:
        """Hand every exercise's cases to the executor (work starts in the background)."""
        for spec in self.specs.values():
            if spec.id not in self.cases:
                self.cases[spec.id] = self.source.cases(spec)
                self.executor.submit(spec, self.cases[spec.id])

    def grade(self, exercise_id: str) -> ExerciseResult:
        """Judge one exercise (starting the session if needed)."""
        if exercise_id in self.results:
            return self.results[exercise_id]
        self.start()
        spec = self.specs[exercise_id]
        cases = self.cases[exercise_id]
        expectations = self.source.expectations(spec, cases)
        outcome = self.executor.outcome(exercise_id)
        points = self.points[exercise_id]
        if isinstance(outcome, RunFailure):
            result = judge(spec, points, outcome, self.lang, show_expected=self.show_expected)
        else:
            evidence = [
                CaseEvidence(exp.expected, out.full, exp.signatures, exp.explanation, out.verified)
                for exp, out in zip(expectations, split_all(spec, outcome, cases))
            ]
            result = judge(spec, points, evidence, self.lang, show_expected=self.show_expected)
        self.results[exercise_id] = result
        return result

    def grade_all(self) -> list[ExerciseResult]:
        """Judge every exercise in order."""
        return [self.grade(exercise_id) for exercise_id in self.specs]
