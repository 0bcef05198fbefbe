"""Declarations of exercises: what to call, what to observe, how to score.

An exercise is *declared*, not coded as a test: a probe (a function that calls
the student's function on one case and returns named observations, the
"features"), the checks that group features into scored parts, and the named
mistakes it recognises. The same declaration drives the hidden graders, the
public self-check and the notebook ``check()``; only where the expected
features come from differs.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import torch

from autograder.harness.returns import validate_kind

if TYPE_CHECKING:
    from autograder.engine.quiz import Question

Text = Mapping[str, str]  # {"zh": ..., "en": ...}
Features = dict[str, Any]
Case = dict[str, Any]


class NotAttempted(NotImplementedError):
    """Raised by a probe to say the student has not attempted the exercise yet."""


@dataclass(frozen=True)
class ProbeContext:
    """Where a probe runs.

    ``device``: where the inputs are placed and computations happen.
    ``placement``: the device handed to ``device=`` arguments to check that a
    function creates its tensors where it is told to (``meta`` on machines
    without CUDA, ``cuda`` on machines with it).
    """

    device: torch.device = field(default_factory=lambda: torch.device("cpu"))
    placement: torch.device = field(default_factory=lambda: torch.device("meta"))


Probe = Callable[[Callable[..., Any], Case, ProbeContext], Features]
# Runs in the grader on the probe's raw observations (tensors as CPU tensors) and the case.
Derive = Callable[[Features, Case], Features]


@dataclass(frozen=True)
class Tolerance:
    """How close floating-point values must be (as in ``torch.isclose``)."""

    rtol: float = 1e-4
    atol: float = 1e-5


@dataclass(frozen=True)
class Check:
    """A part of an exercise: it passes when all its features match.

    A check with ``weight`` 0 is a *diagnosis*: it is shown (passed or not) and
    its features may name a mistake, but it earns nothing. Checks on what the
    student's process reports about *how* a result was made are diagnoses.
    """

    name: Text
    features: tuple[str, ...]
    weight: float = 1.0

    @property
    def scored(self) -> bool:
        """Whether passing this check earns points."""
        return self.weight > 0


@dataclass(frozen=True)
class Forbidden:
    """Library calls a task forbids ("compute it by hand").

    ``shown`` is what feedback names (``torch.softmax``); ``calls`` are the
    public names the calls are recorded under (as
    ``torch.overrides.resolve_name`` gives them: ``torch.nn.functional.softmax``,
    ``torch.Tensor.softmax``; or ``module.qualname`` for functions it does not
    know, such as ``torch.autograd.grad``). Using any of them names
    ``uses-builtin`` and costs ``cost`` of the exercise's points, once.
    """

    shown: str
    calls: tuple[str, ...]
    cost: float = 0.5


@dataclass(frozen=True)
class KeepsInputs:
    """The task says not to change the tensors passed in.

    A call that changes one names ``mutates-input`` and costs ``cost`` of the
    exercise's points, once; its value is still judged as it was when the
    function returned. ``rtol``/``atol`` allow for an input perturbed and put
    back with rounding (a numerical gradient).
    """

    cost: float = 0.25
    rtol: float = 0.0
    atol: float = 0.0


# Mistakes the engine names for every exercise from how the function was called,
# rather than from a mutant's values (see autograder.harness.conduct).
NO_RETURN = "no-return"
WRONG_RETURN_TYPE = "wrong-return-type"
USES_BUILTIN = "uses-builtin"
MUTATES_INPUT = "mutates-input"


@dataclass(frozen=True)
class MistakeRule:
    """A named mistake an exercise recognises.

    The hidden grader runs a *mutant* (the reference with this mistake) on
    the same cases. The mistake is named when the student's features equal the
    mutant's on every feature where the mutant differs from the reference.
    ``features`` narrows that to a signature (for example when the mutant is
    random, so only ``all_zero`` says anything).
    """

    id: str
    features: tuple[str, ...] | None = None
    cost: float = 0.0  # share of the points it costs when named, even with every value right


@dataclass(frozen=True)
class ExerciseSpec:
    """Everything public about one exercise (no reference, no hidden inputs)."""

    id: str
    section: str
    module: str
    function: str
    probe: Probe
    checks: tuple[Check, ...]
    mistakes: tuple[MistakeRule, ...] = ()
    tolerance: Tolerance = Tolerance()
    feature_tolerance: Mapping[str, Tolerance] = field(default_factory=dict)
    kind: str = "function"  # "function", or "quiz" for answers read from a module variable
    question: Question | None = None  # the question, for quiz items
    derive: Derive | None = None  # features computed in the grader from the raw observations
    # The probe's raw features, declared: *results* are values the student's function
    # computed on the grader's inputs (they can earn points); *observations* record how
    # it got there (calls made, types, inputs after the call, errors on bad arguments)
    # and only ever explain or name a mistake. Anything else a probe sends is refused.
    results: tuple[str, ...] = ()
    observations: tuple[str, ...] = ()
    # What the function must return (see autograder.harness.returns), the library
    # calls its task forbids, and whether it must leave its tensor inputs unchanged.
    returns: str = "any"
    forbids: tuple[Forbidden, ...] = ()
    keeps_inputs: KeepsInputs | None = KeepsInputs()

    @property
    def raw_features(self) -> tuple[str, ...]:
        """Every feature a probe may send back."""
        return self.results + self.observations

    @property
    def features(self) -> tuple[str, ...]:
        """Every feature the checks look at, in check order."""
        seen: list[str] = []
        for check in self.checks:
            seen.extend(f for f in check.features if f not in seen)
        return tuple(seen)

    def tolerance_for(self, feature: str) -> Tolerance:
        """The tolerance used to compare one feature."""
        return self.feature_tolerance.get(feature, self.tolerance)

    @property
    def mistake_ids(self) -> tuple[str, ...]:
        """Ids of the mistakes this exercise names (its own, then the engine's)."""
        named = [rule.id for rule in self.mistakes]
        if self.kind == "function":
            if self.returns != "any":
                named += [NO_RETURN, WRONG_RETURN_TYPE]
            if self.forbids:
                named.append(USES_BUILTIN)
            if self.keeps_inputs is not None:
                named.append(MUTATES_INPUT)
        return tuple(dict.fromkeys(named))

    @property
    def forbidden_calls(self) -> frozenset[str]:
        """Every recorded call name some :class:`Forbidden` of this exercise lists."""
        return frozenset(name for rule in self.forbids for name in rule.calls)


class Section:
    """Collects the exercise declarations of one student module."""

    def __init__(self, section_id: str, module: str) -> None:
        self.id = section_id
        self.module = module
        self.specs: dict[str, ExerciseSpec] = {}

    def exercise(
        self,
        function: str,
        *,
        checks: tuple[Check, ...],
        mistakes: tuple[MistakeRule | str, ...] = (),
        tolerance: Tolerance = Tolerance(),
        feature_tolerance: Mapping[str, Tolerance] | None = None,
        kind: str = "function",
        derive: Derive | None = None,
        results: tuple[str, ...],
        observations: tuple[str, ...] = (),
        returns: str,
        forbids: tuple[Forbidden, ...] = (),
        keeps_inputs: KeepsInputs | None = KeepsInputs(),
    ) -> Callable[[Probe], Probe]:
        """Decorator: declare the exercise ``function`` with the decorated probe.

        The probe runs beside the function under test (in the student's process)
        and must only *observe*: call, record what came back, copy inputs after
        the call. Any judgement (comparisons, labels, "did the input change?")
        belongs in ``derive``, which runs in the grader on those raw observations:
        a student who patches torch or this package in their own process cannot
        touch it.

        ``returns`` is the kind of value the function must return (an expression
        of :mod:`autograder.harness.returns`: ``"tensor"``, ``"(tensor, tensor)"``,
        ``"float | tensor"``); ``forbids`` the library calls its task rules out;
        ``keeps_inputs`` None when the task allows changing the tensors passed in.

        ``results`` and ``observations`` name the probe's raw features (see
        :class:`ExerciseSpec`). Points are judged on results alone: a scored check
        may not name an observation, and features derived from observations are
        missing when points are judged, so a scored check that needs one fails
        for everybody (the reference included, which the tests catch).
        """
        validate_kind(returns)
        overlap = set(results) & set(observations)
        if not results or overlap:
            raise ValueError(f"{self.id}.{function}: declare results (and observations) apart")
        for chk in checks:
            seen = set(chk.features) & set(observations)
            if chk.scored and seen:
                raise ValueError(
                    f"{self.id}.{function}: the scored check {chk.name['en']!r} uses the "
                    f"observations {sorted(seen)}; give it weight 0 or judge a result"
                )

        def register(probe: Probe) -> Probe:
            spec = ExerciseSpec(
                id=f"{self.id}.{function}",
                section=self.id,
                module=self.module,
                function=function,
                probe=probe,
                checks=checks,
                mistakes=tuple(
                    m if isinstance(m, MistakeRule) else MistakeRule(m) for m in mistakes
                ),
                tolerance=tolerance,
                feature_tolerance=dict(feature_tolerance or {}),
                kind=kind,
                derive=derive,
                results=tuple(results),
                observations=tuple(observations),
                returns=returns,
                forbids=tuple(forbids),
                keeps_inputs=keeps_inputs,
            )
            self.specs[spec.id] = spec
            return probe

        return register

    def quiz(
        self,
        question_id: str,
        *,
        kind: str,
        prompt: tuple[str, str],
        choices: tuple[tuple[str, str], ...] = (),
        rel_tol: float = 1e-3,
    ) -> None:
        """Declare quiz question ``question_id`` (prompt and choices as (zh, en) pairs)."""
        from autograder.engine.quiz import QUIZ_VARIABLE, Question, quiz_probe

        question = Question(
            id=question_id,
            kind=kind,
            prompt={"zh": prompt[0], "en": prompt[1]},
            choices=tuple({"zh": zh, "en": en} for zh, en in choices),
            rel_tol=rel_tol,
        )
        spec = ExerciseSpec(
            id=f"{self.id}.quiz.{question_id}",
            section=self.id,
            module=self.module,
            function=QUIZ_VARIABLE,
            probe=quiz_probe(question),
            checks=(check("答案", "answer", "answer"),),
            tolerance=Tolerance(rtol=rel_tol, atol=1e-9),
            kind="quiz",
            question=question,
            results=("answer",),
        )
        self.specs[spec.id] = spec

    @property
    def questions(self) -> list[Question]:
        """The section's quiz questions, in order."""
        return [s.question for s in self.specs.values() if s.question is not None]


def check(zh: str, en: str, *features: str, weight: float = 1.0) -> Check:
    """Shorthand for a :class:`Check` with its name in both languages."""
    return Check(name={"zh": zh, "en": en}, features=features, weight=weight)
