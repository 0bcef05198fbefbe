"""pytest plugin: run the hidden graders against a submission.

    pytest --pyargs autograder.graders --submission PATH [--junitxml r.xml] [--ch2-json r.json]

Each exercise is one test (``test_exercise[2.3.softmax]``). A test fails when
its exercise loses points; the failure message is the student feedback. The
student's code never runs in the pytest process: the plugin starts the
isolated executor in ``pytest_configure``, before any grader is imported.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from autograder.model import ExerciseResult

RUN_KEY = pytest.StashKey["GradingRun"]()
EXERCISE_PARAM = "exercise_id"


def pytest_addoption(parser: pytest.Parser) -> None:
    """Register the grading options."""
    group = parser.getgroup("ch2", "chapter 2 hidden grading")
    group.addoption("--submission", default=None, help="folder or module file to grade")
    group.addoption("--ch2-course", default=None, help="course.yml to use")
    group.addoption("--ch2-lang", default=None, choices=("zh", "en"), help="feedback language")
    group.addoption(
        "--ch2-device",
        default=None,
        choices=("auto", "cpu", "cuda"),
        help="device for graded tensors",
    )
    group.addoption(
        "--ch2-select", action="append", default=[], help="grade only this section or exercise id"
    )
    group.addoption("--ch2-json", default=None, help="write the JSON report here")
    group.addoption(
        "--ch2-hide-quiz-answers",
        action="store_true",
        help="do not explain quiz answers in feedback",
    )
    group.addoption(
        "--ch2-hide",
        action="append",
        default=[],
        help="a path student code must not see (repeat for more)",
    )
    group.addoption(
        "--ch2-reveal-quiz-answers",
        action="store_true",
        help="explain quiz answers whatever the course's feedback policy says",
    )


def pytest_configure(config: pytest.Config) -> None:
    """Start the grading run (student processes) before any grader module is imported."""
    path = config.getoption("submission", None)
    if not path:
        return
    from autograder.course import load_course
    from autograder.grading import GradingRun

    course_path = config.getoption("ch2_course")
    config.stash[RUN_KEY] = GradingRun.start(
        path,
        course=load_course(course_path) if course_path else None,
        selectors=config.getoption("ch2_select"),
        lang=config.getoption("ch2_lang"),
        device=config.getoption("ch2_device"),
        reveal_quiz_answers=_quiz_answer_policy(config),
        extra_hidden=config.getoption("ch2_hide"),
    )


def _quiz_answer_policy(config: pytest.Config) -> bool | None:
    """True or False when asked on the command line; None follows the course's policy."""
    if config.getoption("ch2_hide_quiz_answers"):
        return False
    if config.getoption("ch2_reveal_quiz_answers"):
        return True
    return None


def _exercise_of(item: pytest.Item) -> str | None:
    callspec = getattr(item, "callspec", None)
    return callspec.params.get(EXERCISE_PARAM) if callspec is not None else None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Keep the selected exercises, then send all their cases out at once."""
    run = config.stash.get(RUN_KEY, None)
    if run is None:
        return
    wanted = {spec.id for spec in run.specs}
    keep = [item for item in items if _exercise_of(item) in wanted]
    dropped = [item for item in items if item not in keep]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = keep
    run.begin([_exercise_of(item) for item in keep])


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Write the report as JSON if asked (the same report ``ch2-grade grade`` makes)."""
    run = session.config.stash.get(RUN_KEY, None)
    if run is None:
        return
    report = run.report()
    target = session.config.getoption("ch2_json", None)
    if target:
        from autograder.reporters.json_report import render_json

        Path(target).write_text(render_json(report), encoding="utf-8")


def pytest_unconfigure(config: pytest.Config) -> None:
    """Stop the student processes."""
    run = config.stash.get(RUN_KEY, None)
    if run is not None:
        run.close()


@pytest.fixture
def ch2_grade(request: pytest.FixtureRequest) -> Callable[[str], ExerciseResult]:
    """Grade one exercise of the submission; fails the test when points are lost."""
    run = request.config.stash.get(RUN_KEY, None)
    if run is None:
        pytest.skip("the hidden graders need a submission: pass --submission PATH")

    def grade(exercise_id: str) -> ExerciseResult:
        result = run.session.grade(exercise_id)
        request.node.user_properties.extend(
            [
                ("score", result.score),
                ("max_score", result.max_score),
                ("status", result.status.value),
                ("mistakes", json.dumps(list(result.mistakes))),
            ]
        )
        if not result.full_marks:
            pytest.fail(
                f"{result.id}: {result.score:g}/{result.max_score:g} ({result.status.value})\n"
                + result.feedback,
                pytrace=False,
            )
        return result

    return grade
