"""``check()`` for notebook cells: the public checks, run in this process.

``check()`` shows its feedback itself (``display`` in a Jupyter or IPython
kernel, ``print`` anywhere else) and returns None, so the feedback appears
exactly once whether or not the call is the last expression of a cell.
``run_check()`` returns the result without showing anything, for code that
wants to look at it.

The test cells of a section notebook call ``self_check`` (and, in the
instructor's source notebook, ``hidden_check``). They show the feedback the
same way, then fail with :class:`CheckFailed`: one line naming the exercise,
its score, its status and the main mistake, and no traceback frames in a
kernel, because that line is all that nbgrader's Validate shows of a cell.
"""

from __future__ import annotations

import difflib
import sys
from dataclasses import dataclass
from typing import Any

from autograder import catalogue
from autograder.catalogue import describe_mistake as describe
from autograder.course import load_course
from autograder.engine.session import GradingSession
from autograder.errors import CourseConfigError
from autograder.executor.inprocess import InProcessExecutor
from autograder.i18n import pick, t
from autograder.model import ExerciseResult, Status
from autograder.public.expectations import StoredExpectations
from autograder.reporters.figures import render_picture

# The border of the shown report: passed, failed, and a quiz answer recorded for later.
_PASSED_COLOUR = "#1a7f37"
_FAILED_COLOUR = "#cf222e"
_RECORDED_COLOUR = "#6e7781"


class CheckFailed(AssertionError):
    """A test cell's check failed: its text is one line, the failure in short.

    An AssertionError, so that code catching those (and nbgrader, which only
    looks for an error) keeps working. In IPython, ``_render_traceback_``
    replaces the frames of the traceback (all inside autograder, none of them
    the student's) with that line.
    """

    def _render_traceback_(self) -> list[str]:
        return [f"\x1b[0;31m{self}\x1b[0m"]


@dataclass(frozen=True)
class CheckReport:
    """What ``check()`` returns: the result, shown as its feedback.

    ``hidden`` marks the verdict of the hidden graders (``hidden_check``), so that
    an instructor tells it apart from the public check shown above it.
    """

    result: ExerciseResult
    lang: str
    hidden: bool = False

    def headline(self) -> str:
        """``id: score/max  status``; for a quiz answer the self-check cannot judge, that
        it is recorded (no score: 0/1 would read as a wrong answer)."""
        r = self.result
        if r.status is Status.ANSWERED:
            head = t("notebook.recorded", self.lang, exercise=r.id)
        else:
            status = t("status." + r.status.value, self.lang)
            head = f"{r.id}: {r.score:g}/{r.max_score:g}  {status}"
        return t("notebook.hidden", self.lang, text=head) if self.hidden else head

    def text(self) -> str:
        """Headline and feedback as plain text."""
        return self.headline() + "\n" + self.result.feedback

    def failure(self) -> str:
        """The failure in one line: id, score, status and the main mistake."""
        r = self.result
        values = {
            "exercise": r.id,
            "score": r.score,
            "max_score": r.max_score,
            "status": t("status." + r.status.value, self.lang),
        }
        reason = _main_reason(r, self.lang)
        line = (
            t("notebook.check_failed", self.lang, reason=reason, **values)
            if reason
            else t("notebook.check_failed.bare", self.lang, **values)
        )
        return t("notebook.hidden", self.lang, text=line) if self.hidden else line

    def __repr__(self) -> str:
        return self.text()

    def _repr_html_(self) -> str:
        from html import escape

        if self.result.status is Status.ANSWERED:
            color = _RECORDED_COLOUR
        elif self.result.full_marks:
            color = _PASSED_COLOUR
        else:
            color = _FAILED_COLOUR
        picture = render_picture(self.result.picture, self.lang) if self.result.picture else ""
        return (
            f'<div style="border-left:4px solid {color};padding:4px 8px">'
            f"<b>{escape(self.headline())}</b>"
            f'<pre style="white-space:pre-wrap">{escape(self.result.feedback)}</pre>{picture}</div>'
        )


def _main_reason(result: ExerciseResult, lang: str) -> str:
    """The first mistake the checks named, else the first line of the feedback, on one line."""
    reason = ""
    if result.mistakes:
        mistake = result.mistakes[0]
        try:
            message = pick(describe(mistake).message, lang)
        except KeyError:
            pass
        else:
            reason = t("notebook.check_failed.mistake", lang, mistake=mistake, message=message)
    if not reason:
        lines = [line for line in result.feedback.splitlines() if line.strip()]
        reason = lines[0].strip().removeprefix("✗").strip() if lines else ""
    return " ".join(reason.split())


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
    """One line naming the ids nearest to ``exercise_id``; the full list would drown it."""
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

    Shows the feedback once, then raises :class:`CheckFailed` (one line: id, score,
    status, main mistake) unless the exercise passed or a quiz answer was recorded.
    Returns None: the test cell ends with this call, and a returned report would be
    shown a second time.
    """
    report = run_check(exercise_id, obj, lang=lang)
    show(report)
    if report.result.status not in (Status.PASSED, Status.ANSWERED):
        raise CheckFailed(report.failure())


def hidden_check(exercise_id: str, obj: Any, *, lang: str | None = None) -> None:
    """The hidden part of a notebook test cell.

    Real grades never come from here: nbgrader's autograde takes them from the
    isolated engine, whatever this cell does in the student's kernel. Run in an
    instructor's kernel (validating the source notebook), it grades ``obj`` with
    the hidden graders in-process and, short of full marks, shows their feedback
    and raises :class:`CheckFailed` in one line; where they are not installed it
    does nothing.
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
    report = CheckReport(session.grade(exercise_id), lang, hidden=True)
    if not report.result.full_marks:
        show(report)
        raise CheckFailed(report.failure())
