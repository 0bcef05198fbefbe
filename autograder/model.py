"""Grading results: one per exercise, gathered in a report. No formatting here."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any


class Status(str, Enum):
    """Outcome of one exercise; the value is what the JSON report shows."""

    PASSED = "passed"
    FAILED = "failed"
    NOT_ATTEMPTED = "not attempted"
    ERROR = "error"
    TIMEOUT = "timeout"
    MISSING = "missing"
    ANSWERED = "answered"  # self-check only: a quiz answer, graded by the hidden graders


@dataclass(frozen=True)
class CheckOutcome:
    """One scored part of an exercise, as shown to the student."""

    name: str
    passed: bool
    points: float
    max_points: float
    detail: str = ""


@dataclass(frozen=True)
class ExerciseResult:
    """The verdict on one exercise. ``feedback`` and ``hints`` are localised."""

    id: str
    score: float
    max_score: float
    status: Status
    mistakes: tuple[str, ...] = ()
    feedback: str = ""
    hints: tuple[str, ...] = ()
    checks: tuple[CheckOutcome, ...] = ()
    answer: str = ""  # a quiz item's answer as the student gave it (normalised), else ""
    # Data of a picture for the feedback (see autograder.engine.picture), or None.
    picture: Mapping[str, Any] | None = field(default=None, compare=False, hash=False)

    def __post_init__(self) -> None:
        if not 0 <= self.score <= self.max_score:
            raise ValueError(f"{self.id}: score {self.score} outside 0..{self.max_score}")

    @property
    def section(self) -> str:
        """``2.3`` for ``2.3.softmax``."""
        return ".".join(self.id.split(".")[:2])

    @property
    def full_marks(self) -> bool:
        """True when the exercise earned all its points."""
        return self.score == self.max_score


def score_fraction(points: float, earned_weight: float, total_weight: float) -> float:
    """Points earned for a share of the weight, rounded to hundredths."""
    if total_weight <= 0:
        return 0.0
    if earned_weight >= total_weight:
        return float(points)
    return round(points * earned_weight / total_weight, 2)


@dataclass
class Report:
    """All exercise results of one submission, in course order."""

    exercises: list[ExerciseResult] = field(default_factory=list)
    lang: str = "zh"
    notes: list[str] = field(default_factory=list)
    protection: str = ""  # the sandbox student code ran in: namespaces, uid or none

    @property
    def score(self) -> float:
        """Total points earned."""
        return round(sum(r.score for r in self.exercises), 2)

    @property
    def max_score(self) -> float:
        """Total points available."""
        return round(sum(r.max_score for r in self.exercises), 2)

    @property
    def pending(self) -> float:
        """Points of quiz answers the self-check cannot judge (graded later)."""
        return round(sum(r.max_score for r in self.exercises if r.status is Status.ANSWERED), 2)

    def result(self, exercise_id: str) -> ExerciseResult:
        """The result for one exercise (KeyError if not graded)."""
        for r in self.exercises:
            if r.id == exercise_id:
                return r
        raise KeyError(exercise_id)

    def by_section(self) -> dict[str, list[ExerciseResult]]:
        """Results grouped by section id, in order."""
        groups: dict[str, list[ExerciseResult]] = {}
        for r in self.exercises:
            groups.setdefault(r.section, []).append(r)
        return groups
