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
from typing import Any

import torch

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
# rather than from a mutant's values (see autograder.probing.conduct).
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


PICTURE_KINDS = ("heatmap", "path", "lines", "shapes")


@dataclass(frozen=True)
class Picture:
    """A picture shown with the feedback when the exercise loses points.

    ``kind``: ``heatmap`` (a matrix: attention weights, a mask), ``path`` (the
    parameter after each step: an optimizer's path over its first two coordinates),
    ``lines`` (one row of values: an activation's output, overflow marked) or
    ``shapes`` (the shape of each feature, or each entry of a list of shapes).
    ``features``: what to draw, in order of preference; the first one that is wrong on
    some case is drawn (for ``shapes``, all of them). It is drawn in the grader from the
    values it compared, and shows expected values only where the course shows them.
    """

    kind: str
    features: tuple[str, ...]

    def __post_init__(self) -> None:
        if self.kind not in PICTURE_KINDS or not self.features:
            raise ValueError(f"picture: kind one of {PICTURE_KINDS}, and at least one feature")


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
    derive: Derive | None = None  # features computed in the grader from the raw observations
    # The probe's raw features, declared: *results* are values the student's function
    # computed on the grader's inputs (they can earn points); *observations* record how
    # it got there (calls made, types, inputs after the call, errors on bad arguments)
    # and only ever explain or name a mistake. Anything else a probe sends is refused.
    results: tuple[str, ...] = ()
    observations: tuple[str, ...] = ()
    # What the function must return (see autograder.probing.returns), the library
    # calls its task forbids, and whether it must leave its tensor inputs unchanged.
    returns: str = "any"
    forbids: tuple[Forbidden, ...] = ()
    keeps_inputs: KeepsInputs | None = KeepsInputs()
    # Words for feature names the shared vocabulary (autograder/i18n/vocabulary.py) lacks.
    labels: Mapping[str, Text] = field(default_factory=dict)
    picture: Picture | None = None

    def label(self, feature: str) -> Text | None:
        """The exercise's own words for a feature, if it declares them."""
        return self.labels.get(feature)

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


def check(zh: str, en: str, *features: str, weight: float = 1.0) -> Check:
    """Shorthand for a :class:`Check` with its name in both languages."""
    return Check(name={"zh": zh, "en": en}, features=features, weight=weight)
