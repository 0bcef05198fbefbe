"""``check()`` for notebook cells: the public checks, run in this process.

``check()`` shows its feedback itself (``display`` in a Jupyter or IPython
kernel, ``print`` anywhere else) and returns None, so the feedback appears
exactly once whether or not the call is the last expression of a cell.
``run_check()`` returns the result without showing anything, for code that
wants to look at it.
"""

from __future__ import annotations

import difflib
import sys
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


def run_check(exercise_id: str, fn: Any, *, lang: str | None = None) -> CheckReport:
    """Check ``fn`` against the public cases of ``exercise_id`` and return the feedback unshown.

    Raises CourseConfigError, in one line naming the nearest ids, for an unknown id.
    """
    course = load_course()
    lang = lang or course.default_language
    try:
        spec = catalogue.spec(exercise_id)
        points = course.exercise(exercise_id).points
    except (KeyError, TypeError):
        # ``from None``: a chained KeyError traceback would bury the one-line message.
        raise CourseConfigError(
            _unknown_exercise(exercise_id, [e.id for e in course.exercises], lang)
        ) from None
    session = GradingSession(
        [spec],
        {exercise_id: points},
        StoredExpectations(),
        InProcessExecutor({spec.function: fn}),
        lang,
    )
    return CheckReport(session.grade(exercise_id), lang)


def _unknown_exercise(exercise_id: object, known: list[str], lang: str) -> str:
    """One line naming the ids nearest to ``exercise_id``; the full list (78 ids) would drown it."""
    shown = repr(exercise_id)
    near = (
        difflib.get_close_matches(exercise_id, known, n=3, cutoff=0.6)
        if isinstance(exercise_id, str)
        else []
    )
    if near:
        return t("notebook.unknown_exercise", lang, exercise=shown, suggestions=", ".join(near))
    example = known[0] if known else "2.1.build_mlp"
    return t("notebook.unknown_exercise.none", lang, exercise=shown, example=example)


def show(report: CheckReport) -> None:
    """Show the report once: rich display in an IPython kernel, plain text elsewhere."""
    # A kernel has imported IPython already; importing it here would only slow plain scripts.
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    if shell is None:
        print(report.text())
        return
    from IPython.display import display

    display(report)


def check(exercise_id: str, fn: Any, *, lang: str | None = None) -> None:
    """Check ``fn`` against the public cases of ``exercise_id`` and show the feedback.

    Returns None so that a cell ending in ``check(...)`` does not show it twice;
    use :func:`run_check` to get the result as an object.
    """
    show(run_check(exercise_id, fn, lang=lang))


def self_check(exercise_id: str, obj: Any, *, lang: str | None = None) -> None:
    """The visible part of a notebook test cell: show the public check, fail if it fails.

    Raises AssertionError (so ``nbgrader validate`` reports it) unless the
    exercise passed, or a quiz answer is well formed. Returns None: the test
    cell ends with this call, and a returned report would be shown a second time.
    """
    report = run_check(exercise_id, obj, lang=lang)
    print(report.text())
    if report.result.status not in (Status.PASSED, Status.ANSWERED):
        raise AssertionError(t("notebook.check_failed", report.lang, exercise=exercise_id))


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
