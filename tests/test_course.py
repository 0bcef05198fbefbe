"""course.yml is validated on load; each problem names the file, the key and what is wrong."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
import yaml

from autograder.course import FeedbackPolicy, load_course
from autograder.errors import CourseConfigError

ROOT = Path(__file__).resolve().parent.parent


def _base() -> dict:
    return yaml.safe_load((ROOT / "course.yml").read_text(encoding="utf-8"))


def _write(tmp_path: Path, data: dict) -> Path:
    path = tmp_path / "course.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_the_course_file_loads() -> None:
    course = load_course(ROOT / "course.yml")
    assert course.default_language in course.languages
    assert [s.id for s in course.sections][:4] == ["2.1", "2.2", "2.3", "2.4"]
    assert course.exercise("2.1.build_mlp").points > 0
    assert {e.id for e in course.select(["2.3"])} == {e.id for e in course.section("2.3").exercises}
    assert [e.id for e in course.select(["2.3.softmax"])] == ["2.3.softmax"]


def _mutate(data: dict, change) -> dict:
    change(data)
    return data


CASES = [
    (lambda d: d.update(colour="blue"), "colour: unknown key"),
    (
        lambda d: d["grading"].update(time_limit_s=-1),
        "grading.time_limit_s: must be a positive number",
    ),
    (lambda d: d["grading"].update(device="tpu"), "grading.device: must be one of auto, cpu, cuda"),
    (
        lambda d: d["grading"].update(memory_limit_mb=1.5),
        "grading.memory_limit_mb: must be a positive whole number",
    ),
    (lambda d: d["grading"].update(timeout=3), "grading.timeout: unknown key"),
    (lambda d: d["course"].update(default_language="fr"), "course.default_language"),
    (
        lambda d: d["course"].update(languages=["zh", "de"]),
        "course.languages: unknown language 'de'",
    ),
    (lambda d: d["course"].pop("id"), "course.id: missing required key"),
    (
        lambda d: d["sections"][1]["exercises"][0].update(points="many"),
        "sections[1].exercises[0].points",
    ),
    (
        lambda d: d["sections"][0]["exercises"][1].update(weight=2),
        "sections[0].exercises[1].weight: unknown key",
    ),
    (lambda d: d["sections"][2].update(module="s23-losses"), "sections[2].module"),
    (lambda d: d["sections"][3].update(id="2.1"), "sections[3].id: section '2.1' is listed twice"),
    (
        lambda d: d["sections"][0]["exercises"].append({"name": "build_mlp", "points": 1}),
        "listed twice",
    ),
    (lambda d: d.update(sections=[]), "sections: must be a non-empty list"),
    (
        lambda d: d["feedback"].update(quiz_answers="sometimes"),
        "feedback.quiz_answers: must be one of never, after_due, always, got 'sometimes'",
    ),
    (
        lambda d: d["feedback"].update(expected_values="visible"),
        "feedback.expected_values: must be one of hidden, shown, got 'visible'",
    ),
    (
        lambda d: d["feedback"].update(due="next friday"),
        "feedback.due: must be an ISO 8601 date-time with a timezone",
    ),
    (
        lambda d: d["feedback"].update(due="2025-06-30T23:59:00"),
        "feedback.due: must be an ISO 8601 date-time with a timezone, "
        "e.g. 2025-06-30T23:59:00+08:00, got '2025-06-30T23:59:00'",
    ),
    (lambda d: d["feedback"].update(due=date(2025, 6, 30)), "got '2025-06-30'"),
    (lambda d: d["feedback"].update(reveal=True), "feedback.reveal: unknown key"),
]


@pytest.mark.parametrize(("change", "message"), CASES, ids=[m for _, m in CASES])
def test_invalid_course_files_name_file_key_and_problem(
    tmp_path: Path, change, message: str
) -> None:
    path = _write(tmp_path, _mutate(_base(), change))
    with pytest.raises(CourseConfigError) as info:
        load_course(path)
    assert str(path) in str(info.value)
    assert message in str(info.value)


def test_unreadable_and_non_yaml_files(tmp_path: Path) -> None:
    with pytest.raises(CourseConfigError, match="cannot read"):
        load_course(tmp_path / "nope.yml")
    bad = tmp_path / "bad.yml"
    bad.write_text("course: [unclosed", encoding="utf-8")
    with pytest.raises(CourseConfigError, match="not valid YAML"):
        load_course(bad)


def test_unknown_selector_is_reported() -> None:
    with pytest.raises(CourseConfigError, match=r"2\.9"):
        load_course(ROOT / "course.yml").select(["2.9"])


def _feedback(tmp_path: Path, text: str) -> FeedbackPolicy:
    """The feedback policy of the course file with this ``feedback:`` block (YAML text)."""
    base = (ROOT / "course.yml").read_text(encoding="utf-8")
    start = base.index("\nfeedback:")
    end = base.index("\nsections:")
    path = tmp_path / "course.yml"
    path.write_text(base[:start] + "\nfeedback:\n" + text + base[end:], encoding="utf-8")
    return load_course(path).feedback


NOW = datetime(2025, 7, 1, 12, 0, tzinfo=timezone.utc)


def test_the_default_policy_is_no_oracle(tmp_path: Path) -> None:
    for policy in (
        load_course(ROOT / "course.yml").feedback,
        _feedback(tmp_path, "  detail: full\n"),
    ):
        assert policy.expected_values == "hidden" and not policy.shows_expected_values
        assert policy.quiz_answers == "after_due" and policy.due is None
        assert not policy.reveals_quiz_answers(NOW), "after_due without a due date is never"
        assert not policy.reveals_quiz_answers()
    assert load_course(ROOT / "course.yml").feedback == FeedbackPolicy(), "shipped as defaults"


def test_quiz_answers_after_the_due_date_only(tmp_path: Path) -> None:
    policy = _feedback(tmp_path, "  quiz_answers: after_due\n  due: 2025-06-30T23:59:00+08:00\n")
    assert policy.due == datetime(2025, 6, 30, 15, 59, tzinfo=timezone.utc)
    assert policy.reveals_quiz_answers(NOW)
    assert not policy.reveals_quiz_answers(policy.due - timedelta(seconds=1))
    assert policy.reveals_quiz_answers(policy.due)
    past = _feedback(tmp_path, '  due: "2020-01-01T00:00:00Z"\n')  # quoted, UTC as Z
    assert past.due == datetime(2020, 1, 1, tzinfo=timezone.utc) and past.reveals_quiz_answers()
    future = _feedback(tmp_path, "  due: 2999-01-01T00:00:00+00:00\n")
    assert not future.reveals_quiz_answers()


def test_always_never_and_the_old_booleans(tmp_path: Path) -> None:
    due = "  due: 2020-01-01T00:00:00+00:00\n"
    assert _feedback(tmp_path, "  quiz_answers: always\n").reveals_quiz_answers(NOW)
    assert not _feedback(tmp_path, "  quiz_answers: never\n" + due).reveals_quiz_answers(NOW)
    old_true = _feedback(tmp_path, "  quiz_answers: true\n")
    old_false = _feedback(tmp_path, "  quiz_answers: false\n" + due)
    assert old_true.quiz_answers == "always" and old_true.reveals_quiz_answers(NOW)
    assert old_false.quiz_answers == "never" and not old_false.reveals_quiz_answers(NOW)
    assert _feedback(tmp_path, "  expected_values: shown\n").shows_expected_values
