"""Autograde with the real nbgrader: no false tampering alarms, renamed notebooks recognised.

A two-section course (2.1 and 2.2), submissions placed directly in ``submitted/``:

- honest answers from the source solutions;
- editor does the same, then edits the visible code of one test cell;
- renamer saves 2.1 as ``s21_basics-Copy1.ipynb`` (2.2 under its own name);
- only_renamed hands in nothing but ``s21_basics-Copy1.ipynb``.
"""

from __future__ import annotations

import csv
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest
import yaml
from classroom import nbgrader
from traitlets.config import LoggingConfigurable

from autograder.course import Course, load_course
from autograder.course_build.nbgrader_course import build_course
from autograder.course_build.notebooks import build_notebook
from autograder.ipynb import TEST_PREFIX, item_of
from autograder.nbgrader_ext.renamed import ALIASES, recognise_renamed, section_module
from autograder.nbgrader_ext.tampering import comparable, edited_message, edited_note

ROOT = Path(__file__).resolve().parent.parent
ASSIGNMENT = "ch2"
STUDENTS = ("honest", "editor", "renamer", "only_renamed", "flagflip")
EDITED = "test_2-1-build_mlp"
COPY = "s21_basics-Copy1.ipynb"
RENAMED_NOTE = "s21_basics.ipynb was submitted as s21_basics-Copy1.ipynb; graded from that file"


def two_section_course(folder: Path) -> Course:
    """This project's course, cut down to sections 2.1 and 2.2."""
    data = yaml.safe_load((ROOT / "course.yml").read_text(encoding="utf-8"))
    data["sections"] = data["sections"][:2]
    path = folder / "course.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return load_course(path)


def answered(source: Path, released: Path) -> dict:
    """The released notebook with every exercise answered from the source's solution."""
    notebook = json.loads(released.read_text(encoding="utf-8"))
    reference = json.loads(source.read_text(encoding="utf-8"))
    solved = {
        c["metadata"].get("nbgrader", {}).get("grade_id", ""): "".join(c["source"])
        for c in reference["cells"]
    }
    for cell in notebook["cells"]:
        grade_id = cell["metadata"].get("nbgrader", {}).get("grade_id", "")
        if grade_id.startswith("answer_") and not grade_id.endswith("quiz"):
            cell["source"] = re.sub(r"\n *### (BEGIN|END) SOLUTION", "", solved[grade_id])
    return notebook


def edit_test_cell(notebook: dict, grade_id: str) -> None:
    cell = next(
        c for c in notebook["cells"] if c["metadata"]["nbgrader"].get("grade_id") == grade_id
    )
    source = "".join(cell["source"])
    cell["source"] = re.sub(r"self_check\(.*\)", "pass  # no self-check for me", source)
    assert cell["source"] != source


def flip_test_cell(notebook: dict, grade_id: str) -> None:
    cell = next(
        c for c in notebook["cells"] if c["metadata"]["nbgrader"].get("grade_id") == grade_id
    )
    cell["metadata"]["nbgrader"].update(grade=False, solution=True, locked=False)


@dataclass
class Graded:
    course_dir: Path
    log: str
    points: dict[str, dict[str, float]]  # student -> item -> points
    review: dict[str, dict[str, bool]]  # student -> notebook -> needs manual grade
    notes: dict[str, dict[str, str]]  # student -> notebook -> auto comment
    rows: dict[str, dict[str, str]]  # student -> export row
    submitted_before: dict[str, list[str]]


def _listing(course_dir: Path) -> dict[str, list[str]]:
    return {
        s: sorted(p.name for p in (course_dir / "submitted" / s / ASSIGNMENT).iterdir())
        for s in STUDENTS
    }


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory) -> Graded:
    from nbgrader.api import Gradebook

    root = tmp_path_factory.mktemp("integrity")
    course = two_section_course(root)
    env = {"CH2_COURSE": str(course.path)}
    course_dir = root / "course"
    build_course(course_dir, course, exchange=root / "exchange", lang="en")
    nbgrader("generate_assignment", ASSIGNMENT, cwd=course_dir, env=env)
    source = course_dir / "source" / ASSIGNMENT
    release = course_dir / "release" / ASSIGNMENT
    notebooks = {p.name: answered(source / p.name, p) for p in sorted(release.glob("*.ipynb"))}
    assert sorted(notebooks) == ["s21_basics.ipynb", "s22_backprop.ipynb"]
    for student in STUDENTS:
        files = dict(notebooks)
        if student == "editor":
            files["s21_basics.ipynb"] = json.loads(json.dumps(files["s21_basics.ipynb"]))
            edit_test_cell(files["s21_basics.ipynb"], EDITED)
        if student == "renamer":
            files[COPY] = files.pop("s21_basics.ipynb")
        if student == "only_renamed":
            files = {COPY: files["s21_basics.ipynb"]}
        if student == "flagflip":  # a test cell turned into an answer cell
            files["s21_basics.ipynb"] = json.loads(json.dumps(files["s21_basics.ipynb"]))
            flip_test_cell(files["s21_basics.ipynb"], EDITED)
        folder = course_dir / "submitted" / student / ASSIGNMENT
        folder.mkdir(parents=True)
        for name, notebook in files.items():
            (folder / name).write_text(json.dumps(notebook), encoding="utf-8")
        (folder / "timestamp.txt").write_text("2026-11-27 12:00:00.000000 UTC")
    before = _listing(course_dir)
    log = nbgrader("autograde", ASSIGNMENT, cwd=course_dir, env=env)
    (root / "autograde.log").write_text(log, encoding="utf-8")  # to read when a test fails
    nbgrader("export", "--to", str(root / "grades.csv"), cwd=course_dir, env=env)
    nbgrader("generate_feedback", ASSIGNMENT, "--student=renamer", cwd=course_dir, env=env)

    points: dict[str, dict[str, float]] = {}
    review: dict[str, dict[str, bool]] = {}
    notes: dict[str, dict[str, str]] = {}
    with Gradebook(f"sqlite:///{course_dir / 'gradebook.db'}") as gradebook:
        for student in STUDENTS:
            submission = gradebook.find_submission(ASSIGNMENT, student)
            points[student] = {
                item_of(g.name, TEST_PREFIX): g.score
                for nb in submission.notebooks
                for g in nb.grades
            }
            review[student] = {
                nb.name: any(g.needs_manual_grade for g in nb.grades) for nb in submission.notebooks
            }
            notes[student] = {
                nb.name: "\n".join(sorted({c.auto_comment or "" for c in nb.comments}))
                for nb in submission.notebooks
            }
    with open(root / "grades.csv", encoding="utf-8") as f:
        rows = {row["student_id"]: row for row in csv.DictReader(f)}
    return Graded(course_dir, log, points, review, notes, rows, before)


def _section(points: dict[str, float], section: str) -> dict[str, float]:
    return {k: v for k, v in points.items() if k.startswith(section + ".")}


@pytest.mark.slow
def test_honest_submissions_raise_no_tampering_warning(graded: Graded) -> None:
    changed = [line for line in graded.log.splitlines() if "has changed!" in line]
    assert changed == [
        f"[AutogradeApp | WARNING] Attribute 'role' for cell {EDITED} has changed! "
        "(should be: as released, got: changed) (student flagflip, s21_basics.ipynb)"
    ]  # nbgrader's own check would name every test cell of every student
    assert not [line for line in graded.log.splitlines() if "WARNING" in line and "honest" in line]
    assert not any(graded.review["honest"].values())
    row = graded.rows["honest"]
    assert row["needs_review"] == "False"
    assert "edited" not in row["notes"] and "submitted as" not in row["notes"]


@pytest.mark.slow
def test_an_edited_test_cell_gives_one_warning_and_a_review_flag(graded: Graded) -> None:
    warning = edited_message("editor", EDITED, "s21_basics")
    assert warning == (
        "student editor edited the locked cell test_2-1-build_mlp in s21_basics.ipynb; "
        "the released version was graded"
    )
    assert graded.log.count(warning) == 1
    assert graded.log.count("edited the locked cell") == 1
    assert graded.points["editor"] == graded.points["honest"]  # the engine grades either way
    assert graded.review["editor"] == {"s21_basics": True, "s22_backprop": False}
    note = edited_note(EDITED)
    assert note == "the locked cell test_2-1-build_mlp was edited; the released version was graded"
    assert note in graded.notes["editor"]["s21_basics"]
    row = graded.rows["editor"]
    assert row["needs_review"] == "True" and note in row["notes"]


@pytest.mark.slow
def test_a_renamed_notebook_is_graded_and_flagged(graded: Graded) -> None:
    honest, renamer = graded.points["honest"], graded.points["renamer"]
    assert renamer == honest and sum(_section(renamer, "2.1").values()) > 0
    assert graded.review["renamer"] == {"s21_basics": True, "s22_backprop": False}
    assert RENAMED_NOTE in graded.notes["renamer"]["s21_basics"]
    row = graded.rows["renamer"]
    assert row["needs_review"] == "True" and RENAMED_NOTE in row["notes"]
    assert f"student renamer: {RENAMED_NOTE}" in graded.log
    assert "Skipping unknown notebook" not in graded.log
    autograded = graded.course_dir / "autograded" / "renamer" / ASSIGNMENT
    assert sorted(p.name for p in autograded.glob("*.ipynb")) == [
        "s21_basics.ipynb",
        "s22_backprop.ipynb",
    ]
    feedback = graded.course_dir / "feedback" / "renamer" / ASSIGNMENT
    assert sorted(p.name for p in feedback.glob("*.html")) == [
        "s21_basics.html",
        "s22_backprop.html",
    ]
    assert RENAMED_NOTE in (feedback / "s21_basics.html").read_text(encoding="utf-8")
    assert graded.submitted_before == _listing(graded.course_dir)  # nothing written there


@pytest.mark.slow
def test_a_submission_of_only_a_renamed_notebook_is_graded(graded: Graded) -> None:
    assert "did you forget" not in graded.log
    points = graded.points["only_renamed"]
    assert _section(points, "2.1") == _section(graded.points["honest"], "2.1")
    assert not any(_section(points, "2.2").values())  # not handed in
    assert graded.review["only_renamed"]["s21_basics"]
    row = graded.rows["only_renamed"]
    assert row["needs_review"] == "True" and RENAMED_NOTE in row["notes"]


# -- without nbgrader runs --------------------------------------------------------------


@pytest.fixture(scope="module")
def small_course(tmp_path_factory: pytest.TempPathFactory) -> Course:
    return two_section_course(tmp_path_factory.mktemp("course"))


def _student_notebook(course: Course, section: str) -> dict:
    return build_notebook(course.section(section), course, lang="en", variant="student")


def test_sections_are_recognised_by_their_cells_then_their_metadata(small_course: Course) -> None:
    s21 = _student_notebook(small_course, "2.1")
    assert section_module(json.dumps(s21).encode(), small_course) == "s21_basics"
    text = json.dumps(s21, indent=1)
    assert section_module(text[: len(text) // 2].encode(), small_course) == "s21_basics"  # damaged
    stripped = json.loads(json.dumps(s21))
    for cell in stripped["cells"]:
        cell["metadata"] = {}
    assert section_module(json.dumps(stripped).encode(), small_course) == "s21_basics"
    stripped["metadata"] = {}
    assert section_module(json.dumps(stripped).encode(), small_course) is None
    mixed = json.loads(json.dumps(s21))
    mixed["cells"] += _student_notebook(small_course, "2.2")["cells"]  # 2.2 has more cells
    assert section_module(json.dumps(mixed).encode(), small_course) == "s22_backprop"


def test_the_newest_copy_is_graded_and_the_others_named(
    small_course: Course, tmp_path: Path
) -> None:
    data = json.dumps(_student_notebook(small_course, "2.1"))
    for age, name in enumerate(["s21_basics-Copy2.ipynb", "s21_basics-Copy1.ipynb", "mine.ipynb"]):
        (tmp_path / name).write_text(data, encoding="utf-8")
        os.utime(tmp_path / name, (1_000_000 - age, 1_000_000 - age))
    (tmp_path / "notes.ipynb").write_text('{"cells": []}', encoding="utf-8")
    (tmp_path / "linked.ipynb").symlink_to(tmp_path / "mine.ipynb")
    notebooks = sorted(str(p) for p in tmp_path.glob("*.ipynb"))
    found = recognise_renamed(notebooks, small_course)
    expected = str(tmp_path / "s21_basics.ipynb")
    assert [(r.expected, Path(r.chosen).name) for r in found] == [
        (expected, "s21_basics-Copy2.ipynb")
    ]
    assert found[0].note() == (
        "s21_basics.ipynb was submitted as s21_basics-Copy2.ipynb; graded from that file "
        "(the newest of several; not graded: s21_basics-Copy1.ipynb, mine.ipynb)"
    )
    assert expected in notebooks and str(tmp_path / "s21_basics-Copy2.ipynb") not in notebooks
    assert ALIASES[expected] == found[0]
    assert not (tmp_path / "s21_basics.ipynb").exists()
    # The section under its own name: copies are left alone (nbgrader skips them).
    (tmp_path / "s21_basics.ipynb").write_text(data, encoding="utf-8")
    notebooks = sorted(str(p) for p in tmp_path.glob("*.ipynb"))
    assert recognise_renamed(list(notebooks), small_course) == []
    assert expected not in ALIASES


def test_the_reader_reads_the_renamed_file_and_merges_notes(
    small_course: Course, tmp_path: Path
) -> None:
    from autograder.nbgrader_ext.reader import METADATA_KEY, RepairingNotebookExporter

    notebook = _student_notebook(small_course, "2.1")
    notebook["cells"] = [
        c for c in notebook["cells"] if c["metadata"].get("nbgrader", {}).get("grade_id") != EDITED
    ]
    notebook["metadata"][METADATA_KEY] = {"repairs": ["an earlier note"]}
    (tmp_path / COPY).write_text(json.dumps(notebook), encoding="utf-8")
    notebooks = [str(tmp_path / COPY)]
    recognise_renamed(notebooks, small_course)
    exporter = RepairingNotebookExporter(course_file=str(small_course.path))
    text, resources = exporter.from_filename(notebooks[0])
    assert resources["metadata"]["name"] == "s21_basics"
    assert nbformat.reads(text, as_version=4).metadata[METADATA_KEY]["repairs"] == [
        "an earlier note",  # an earlier pass's notes are kept
        RENAMED_NOTE,
        f"test cells deleted from the notebook were put back: {EDITED}",
    ]

    class Sanitizing(LoggingConfigurable):  # autograde reading the student's own file
        _sanitizing = True

    exporter = RepairingNotebookExporter(parent=Sanitizing(), course_file=str(small_course.path))
    text, _ = exporter.from_filename(notebooks[0])  # its ch2_grade is the student's: dropped
    assert nbformat.reads(text, as_version=4).metadata[METADATA_KEY]["repairs"] == [
        RENAMED_NOTE,
        f"test cells deleted from the notebook were put back: {EDITED}",
    ]


def test_released_text_is_told_from_an_edit() -> None:
    from autograder.nbgrader_ext.tampering import FlagEditedCells

    source = 'self_check("2.1.x", x)\n### BEGIN HIDDEN TESTS\nhidden_check("2.1.x", x)\n### END HIDDEN TESTS'
    released = FlagEditedCells().released_source(source, "code")
    assert released == 'self_check("2.1.x", x)'
    assert comparable(released) == comparable('self_check("2.1.x", x)  \r\n\n')
    assert comparable(released) != comparable('pass  # self_check("2.1.x", x)')


@pytest.mark.slow
def test_a_test_cell_whose_role_was_changed_is_restored_and_flagged(graded: Graded) -> None:
    """nbgrader alone fails the whole submission ("Inconsistent checksums")."""
    assert graded.points["flagflip"] == graded.points["honest"]
    assert graded.review["flagflip"] == {"s21_basics": True, "s22_backprop": False}
    assert f"Attribute 'role' for cell {EDITED} has changed!" in graded.log
    assert "Inconsistent checksums" not in graded.log
    assert edited_note(EDITED) in graded.notes["flagflip"]["s21_basics"]
