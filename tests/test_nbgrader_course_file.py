"""Autograde grades with the course file the course was built from, and refuses a stale one.

A one-section course file with other points (build_mlp: 5 instead of 3) and a
shorter time limit (4 s) is built with the real nbgrader; one submission answers
correctly except that count_parameters sleeps past the limit. The gradebook must
hold the file's points and the time-out; after the file's points are edited (and
the assignment not generated again), autograde stops with a message naming both.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from classroom import run_nbgrader

from autograder.course import Course, load_course
from autograder.course_build.nbgrader_course import build_course
from autograder.ipynb import TEST_PREFIX, item_of

ROOT = Path(__file__).resolve().parent.parent
ASSIGNMENT = "ch2"
SLEEPER = "\nimport time as _time\n_time.sleep(9)\n"

pytestmark = pytest.mark.slow
RECORDED_ONLY = ("CH2_COURSE",)  # autograde must find the course file in its config


def custom_course(folder: Path) -> Course:
    data = yaml.safe_load((ROOT / "course.yml").read_text(encoding="utf-8"))
    data["sections"] = data["sections"][:1]
    for exercise in data["sections"][0]["exercises"]:
        if exercise["name"] == "build_mlp":
            exercise["points"] = 5
    data["grading"]["time_limit_s"] = 4
    path = folder / "instructor" / "course.yml"
    path.parent.mkdir()
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return load_course(path)


def submit_answers(course_dir: Path, student: str) -> None:
    """The source solutions as a student's collected submission; count_parameters sleeps."""
    source = json.loads((course_dir / "source" / ASSIGNMENT / "s21_basics.ipynb").read_text())
    for cell in source["cells"]:
        text = "".join(cell["source"])
        text = re.sub(r"\n *### (BEGIN|END) SOLUTION", "", text)
        if cell["metadata"].get("nbgrader", {}).get("grade_id") == "answer_2-1-count_parameters":
            text = text.replace(
                "\n    return ", SLEEPER.replace("\n", "\n    ") + "\n    return ", 1
            )
        cell["source"] = text
    folder = course_dir / "submitted" / student / ASSIGNMENT
    folder.mkdir(parents=True)
    (folder / "s21_basics.ipynb").write_text(json.dumps(source), encoding="utf-8")
    (folder / "timestamp.txt").write_text("2026-11-27 12:00:00.000000 UTC")


def gradebook_points(course_dir: Path, student: str) -> dict[str, tuple[float, float]]:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course_dir / 'gradebook.db'}") as gradebook:
        submission = gradebook.find_submission(ASSIGNMENT, student)
        return {
            item_of(g.name, TEST_PREFIX): (g.score, g.max_score)
            for nb in submission.notebooks
            for g in nb.grades
        }


def test_autograde_uses_the_recorded_course_file_and_refuses_a_stale_one(tmp_path: Path) -> None:
    course = custom_course(tmp_path)
    course_dir = tmp_path / "course"
    build_course(course_dir, course, exchange=tmp_path / "exchange", lang="en")
    config = (course_dir / "nbgrader_config.py").read_text(encoding="utf-8")
    assert f"COURSE_FILE = {str(course.path.resolve())!r}" in config

    done = run_nbgrader("generate_assignment", ASSIGNMENT, cwd=course_dir, drop=RECORDED_ONLY)
    assert done.returncode == 0, done.stderr
    submit_answers(course_dir, "ada")
    done = run_nbgrader("autograde", ASSIGNMENT, cwd=course_dir, drop=RECORDED_ONLY)
    assert done.returncode == 0, done.stderr

    points = gradebook_points(course_dir, "ada")
    assert points["2.1.build_mlp"] == (5.0, 5.0), "the file's points, not the packaged 3"
    assert points["2.1.count_parameters"] == (0.0, 2.0), "the file's 4 s limit, not 10 s"
    feedback = json.loads(
        (course_dir / "autograded" / "ada" / ASSIGNMENT / "s21_basics.ipynb").read_text()
    )
    verdicts = [
        "".join(o.get("text", "")) + o.get("evalue", "")
        for c in feedback["cells"]
        if c["metadata"].get("nbgrader", {}).get("grade_id") == "test_2-1-count_parameters"
        for o in c["outputs"]
    ]
    assert any("2.1.count_parameters: 0/2 (timeout)" in v for v in verdicts), verdicts

    # The instructor edits the points, but does not generate the assignment again.
    data = yaml.safe_load(course.path.read_text(encoding="utf-8"))
    data["sections"][0]["exercises"][0]["points"] = 4
    course.path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    done = run_nbgrader("autograde", ASSIGNMENT, "--force", cwd=course_dir, drop=RECORDED_ONLY)
    assert done.returncode != 0
    assert (
        "the gradebook's points for s21_basics.ipynb differ from the course file "
        f"{course.path.resolve()} (2.1.build_mlp: 5 in the gradebook, 4 in the file)"
    ) in done.stdout + done.stderr
