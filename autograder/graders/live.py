"""Expected features computed now, from the reference solutions and the mutants."""

from __future__ import annotations

from collections.abc import Sequence

from autograder.engine.derive import derived_all
from autograder.engine.session import Expectation
from autograder.engine.verdict import Signature, signature
from autograder.errors import AutograderError
from autograder.executor.inprocess import run_in_process
from autograder.graders.kit import hidden_exercise, quiz_explanations
from autograder.graders.reference import reference_module
from autograder.probing.outcome import CaseStatus, case_status
from autograder.spec import Case, ExerciseSpec, Features, MistakeRule, ProbeContext, QuizSpec

# References and mutants always run on the CPU; placement is checked on meta.
REFERENCE_CONTEXT = ProbeContext()


class GraderBug(AutograderError):
    """A reference solution failed on a generated case: the grader, not the student, is wrong."""


# Cases are generated from fixed seeds, so their expectations are the same for every
# submission: a process that grades many (a batch worker, nbgrader) computes them once.
_CASES: dict[tuple, list[Case]] = {}
_EXPECTATIONS: dict[tuple, list[Expectation]] = {}


class LiveExpectations:
    """Generates cases and computes what a correct function does on them."""

    def __init__(
        self, cases_per_exercise: int = 3, first_seed: int = 0, *, reveal_quiz_answers: bool = True
    ) -> None:
        self.cases_per_exercise = cases_per_exercise
        self.first_seed = first_seed
        self.reveal_quiz_answers = reveal_quiz_answers

    def cases(self, spec: ExerciseSpec) -> list[Case]:
        """Generated and edge cases for the exercise (one empty case for a quiz item)."""
        key = (spec.id, self.cases_per_exercise, self.first_seed)
        if key not in _CASES:
            if isinstance(spec, QuizSpec):
                _CASES[key] = [{}]
            else:
                hidden = hidden_exercise(spec)
                _CASES[key] = hidden.cases(self.cases_per_exercise, self.first_seed)
        return _CASES[key]

    def expectations(self, spec: ExerciseSpec, cases: Sequence[Case]) -> list[Expectation]:
        """Expected features for the cases of :meth:`cases`, computed once per process."""
        key = (spec.id, self.cases_per_exercise, self.first_seed, self.reveal_quiz_answers)
        if key not in _EXPECTATIONS or _CASES.get(key[:3]) is not cases:
            _EXPECTATIONS[key] = self._compute(spec, cases)
        return _EXPECTATIONS[key]

    def _compute(self, spec: ExerciseSpec, cases: Sequence[Case]) -> list[Expectation]:
        """Run the reference and every mutant on the cases (the answer key for a quiz item)."""
        reference = getattr(reference_module(spec.module), spec.function)
        expected = derived_all(
            spec, run_in_process(spec, reference, cases, REFERENCE_CONTEXT), cases
        )
        for outcome in expected:
            features = outcome.get("features") or {}
            if case_status(outcome) != CaseStatus.OK or str(features.get("answer", "")).startswith(
                "invalid"
            ):
                raise GraderBug(
                    f"the reference for {spec.id} failed on a generated case: {outcome}"
                )
        if isinstance(spec, QuizSpec):
            explanation = quiz_explanations().get(spec.id) if self.reveal_quiz_answers else None
            return [Expectation(expected[0]["features"], explanation=explanation)]
        hidden = hidden_exercise(spec)
        # A mistake made more than one way has a mutant per way; each gives a signature.
        mutant_runs = {
            rule.id: [
                derived_all(spec, run_in_process(spec, mutant, cases, REFERENCE_CONTEXT), cases)
                for mutant in hidden.variants(rule.id)
            ]
            for rule in spec.mistakes
            if rule.id in hidden.mutants
        }

        def signatures_of(rule: MistakeRule, i: int, ref: Features) -> Signature:
            found = [signature(spec, rule, ref, runs[i]) for runs in mutant_runs[rule.id]]
            return found[0] if len(found) == 1 else found

        return [
            Expectation(
                expected=ref["features"],
                signatures={
                    rule.id: signatures_of(rule, i, ref["features"])
                    for rule in spec.mistakes
                    if rule.id in mutant_runs
                },
            )
            for i, ref in enumerate(expected)
        ]
