"""course.yml is validated on load; each problem names the file, the key and what is wrong."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from autograder.course import load_course
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
