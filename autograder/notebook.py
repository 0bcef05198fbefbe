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
from autograder.model import ExerciseResult
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
