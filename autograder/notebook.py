"""``check()`` for notebook cells: the public checks, run in this process."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from autograder import catalogue
from autograder.course import load_course
from autograder.engine.session import GradingSession
from autograder.errors import CourseConfigError
from autograder.executor.inprocess import InProcessExecutor
from autograder.i18n import t
from autograder.model import ExerciseResult, Status
from autograder.public.expectations import StoredExpectations


@dataclass(frozen=True)
class CheckReport:
    """What ``check()`` returns: the result, shown as its feedback."""

    result: ExerciseResult
    lang: str

    def text(self) -> str:
        """Score, status and feedback as plain text."""
        r = self.result
        head = f"{r.id}: {r.score:g}/{r.max_score:g}  {t('status.' + r.status.value, self.lang)}"
        return head + "\n" + r.feedback

    def __repr__(self) -> str:
        return self.text()

    def _repr_html_(self) -> str:
        from html import escape

        color = "#1a7f37" if self.result.full_marks else "#cf222e"
        head, _, body = self.text().partition("\n")
        return (
            f'<div style="border-left:4px solid {color};padding:4px 8px">'
            f'<b>{escape(head)}</b><pre style="white-space:pre-wrap">{escape(body)}</pre></div>'
        )


def check(exercise_id: str, fn: Any, *, lang: str | None = None) -> CheckReport:
    """Check ``fn`` against the public cases of ``exercise_id`` and return the feedback."""
    course = load_course()
    try:
        spec = catalogue.spec(exercise_id)
        points = course.exercise(exercise_id).points
    except KeyError as exc:
        known = ", ".join(e.id for e in course.exercises)
        raise CourseConfigError(f"unknown exercise {exercise_id!r}; known: {known}") from exc
    lang = lang or course.default_language
    session = GradingSession(
        [spec],
        {exercise_id: points},
        StoredExpectations(),
        InProcessExecutor({spec.function: fn}),
        lang,
    )
    return CheckReport(session.grade(exercise_id), lang)


def self_check(exercise_id: str, obj: Any, *, lang: str | None = None) -> CheckReport:
    """The visible part of a notebook test cell: show the public check, fail if it fails.

    Raises AssertionError (so ``nbgrader validate`` reports it) unless the
    exercise passed, or a quiz answer is well formed.
    """
    report = check(exercise_id, obj, lang=lang)
    print(report.text())
    if report.result.status not in (Status.PASSED, Status.ANSWERED):
        raise AssertionError(t("notebook.check_failed", report.lang, exercise=exercise_id))
    return report


def hidden_check(exercise_id: str, obj: Any, *, lang: str | None = None) -> None:
    """The hidden part of a notebook test cell.

    Real grades never come from here: nbgrader's autograde takes them from the
    isolated engine, whatever this cell does in the student's kernel. Run in an
    instructor's kernel (validating the source notebook), it grades ``obj`` with
    the hidden graders in-process; where they are not installed it does nothing.
    """
    course = load_course()
    lang = lang or course.default_language
    try:
        from autograder.graders.live import LiveExpectations
    except ImportError:
        print(t("notebook.hidden_elsewhere", lang))
        return
    spec = catalogue.spec(exercise_id)
    points = course.exercise(exercise_id).points
    session = GradingSession(
        [spec],
        {exercise_id: points},
        LiveExpectations(course.grading.cases_per_exercise),
        InProcessExecutor({spec.function: obj}),
        lang,
    )
    result = session.grade(exercise_id)
    if not result.full_marks:
        raise AssertionError(
            f"{exercise_id}: {result.score:g}/{result.max_score:g}\n{result.feedback}"
        )
