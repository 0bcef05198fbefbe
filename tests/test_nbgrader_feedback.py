"""What a student reads in nbgrader feedback, from real grading of real notebooks.

- a module-level failure (an import error) is said once, under the cell that caused
  it, with the line in that cell; the test cells it affects point there;
- a cell that does not compile is named under that cell, not under every test cell;
- the sandbox note is for instructors only;
- status words are in the course language;
- exported points are rounded to hundredths.
"""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path

import pytest

from autograder.course import Course
from autograder.course_build.notebooks import build_notebook
from autograder.grading import GradingRun
from autograder.ipynb import nbgrader_meta
from autograder.model import ExerciseResult, Status
from autograder.nbgrader_ext.export import _points
from autograder.nbgrader_ext.preprocessors import notebook_verdicts, verdict_outputs

MODULE = "s21_basics"


def solved_notebook(course: Course) -> dict:
    """The 2.1 source notebook with its solutions as a student's answers."""
    notebook = build_notebook(course.section("2.1"), course, lang="en", variant="source")
    for cell in notebook["cells"]:
        text = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        cell["source"] = re.sub(r"\n *### (BEGIN|END) SOLUTION", "", text)
    return notebook


def answer_index(notebook: dict, grade_id: str) -> int:
    return next(
        i for i, c in enumerate(notebook["cells"]) if nbgrader_meta(c).get("grade_id") == grade_id
    )


def grade(notebook: dict, course: Course, lang: str = "en"):
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / f"{MODULE}.ipynb").write_text(json.dumps(notebook), encoding="utf-8")
        run = GradingRun.start(folder, course=course, selectors=["2.1"], lang=lang)
        try:
            return run.report()
        finally:
            run.close()


def code_cell(source: str) -> dict:
    return {
        "cell_type": "code",
        "metadata": {},
        "outputs": [],
        "execution_count": None,
        "source": source,
    }


@pytest.fixture(scope="module")
def import_failure(course: Course):
    """A top-level NameError in a cell of its own, just before build_mlp's answer."""
    notebook = solved_notebook(course)
    at = answer_index(notebook, "answer_2-1-build_mlp")
    notebook["cells"].insert(at, code_cell("scale = 2\nfactor = undefined_name * scale\n"))
    report = grade(notebook, course)
    return notebook, at + 1, report  # the inserted cell's 1-based number


def test_an_import_failure_is_said_once_under_its_cell_with_the_cells_line(
    import_failure, course: Course
) -> None:
    notebook, cell, report = import_failure
    verdicts = notebook_verdicts(
        report, course.section("2.1"), MODULE, len(notebook["cells"]), "en"
    )
    assert list(verdicts.cell_notes) == [cell]
    (message,) = verdicts.cell_notes[cell]
    assert message == (
        "Importing s21_basics failed, so none of its exercises could be graded: NameError: "
        f"name 'undefined_name' is not defined (cell {cell}, line 2: "
        "factor = undefined_name * scale)"
    )
    pointer = (
        f"⚠ this notebook's code could not run (see the message under cell {cell}), "
        "so this exercise earned nothing."
    )
    assert len(verdicts.results) == len(course.section("2.1").exercises)
    assert {r.feedback for r in verdicts.results.values()} == {pointer}
    assert verdicts.notes == []
    assert verdicts.instructor_notes == [report.notes[-1]]
    assert verdicts.instructor_notes[0].startswith("Sandbox: ")


def test_a_cell_that_does_not_compile_is_named_under_that_cell_only(course: Course) -> None:
    notebook = solved_notebook(course)
    at = answer_index(notebook, "answer_2-1-count_parameters")
    notebook["cells"][at]["source"] = (
        "def count_parameters(model, trainable_only=True:\n    return 0\n"
    )
    report = grade(notebook, course)
    verdicts = notebook_verdicts(
        report, course.section("2.1"), MODULE, len(notebook["cells"]), "en"
    )
    cell = at + 1
    assert verdicts.cell_notes == {
        cell: [f"s21_basics.ipynb: cell {cell} has a SyntaxError (line 1): invalid syntax"]
    }
    # The other exercises are graded as usual, without the note in their feedback.
    assert verdicts.results["2.1.build_mlp"].full_marks
    for exercise_id, result in verdicts.results.items():
        assert "SyntaxError" not in result.feedback or exercise_id == "2.1.count_parameters"
    broken = verdicts.results["2.1.count_parameters"]
    assert broken.score == 0
    assert broken.feedback.count("SyntaxError") == 1  # its own note, once
    assert "Sandbox" not in "".join(r.feedback for r in verdicts.results.values())


def test_status_words_are_in_the_course_language() -> None:
    result = ExerciseResult("2.3.softmax", 1.0, 2.0, Status.FAILED, feedback="✗ 数值不对")
    (text, score) = verdict_outputs("2.3.softmax", result, lang="zh")
    assert text["text"].startswith("2.3.softmax: 1/2 (未通过)\n✗ 数值不对")
    assert score["data"] == {"text/plain": "1"}
    (error,) = verdict_outputs("2.3.softmax", None, "评分失败:RuntimeError: x", lang="zh")
    assert error["evalue"] == "2.3.softmax:0 分 — 评分失败:RuntimeError: x"
    (zero,) = verdict_outputs(
        "2.3.softmax", ExerciseResult("2.3.softmax", 0.0, 2.0, Status.TIMEOUT), lang="en"
    )
    assert zero["evalue"] == "2.3.softmax: 0/2 (timeout)"


def test_exported_points_are_rounded_to_hundredths() -> None:
    assert _points(32.459999999999994) == 32.46
    assert _points(3.0) == 3.0
    assert _points(None) == ""


# -- hostile and odd submissions -------------------------------------------------------


def test_a_cell_too_deep_to_compile_is_a_broken_cell_not_a_crash() -> None:
    from autograder.ipynb import Notebook, module_source

    deep = "x = " + "1+" * 200_000 + "1\n"
    extracted = module_source(Notebook([code_cell("y = 2\n"), code_cell(deep)]))
    assert extracted.problems == [
        "cell 2 cannot be compiled (RecursionError: the code is too deeply nested)"
    ]
    assert "y = 2" in extracted.source and "1+1+1" not in extracted.source


def test_a_copy_of_the_source_notebook_is_flagged(course: Course) -> None:
    from autograder.nbgrader_ext.reader import METADATA_KEY, RepairingNotebookExporter

    source = build_notebook(course.section("2.1"), course, lang="en", variant="source")
    repaired = RepairingNotebookExporter().repaired(json.dumps(source), MODULE)
    (note,) = [n for n in repaired.metadata[METADATA_KEY]["repairs"] if "solution markers" in n]
    assert note == (
        "answer cells hold the source notebook's solution markers (answer_2-1-build_mlp, "
        "answer_2-1-output_activation, answer_2-1-count_parameters): a copy of the "
        "instructor's source notebook, not the released one; check how the student got it"
    )


def test_a_deleted_setup_cell_is_put_back_with_a_note(course: Course) -> None:
    from autograder.nbgrader_ext.reader import METADATA_KEY, RepairingNotebookExporter

    released = build_notebook(course.section("2.1"), course, lang="en", variant="student")
    released["cells"] = [
        c for c in released["cells"] if nbgrader_meta(c).get("grade_id") != "setup_2-1"
    ]
    repaired = RepairingNotebookExporter().repaired(json.dumps(released), MODULE)
    assert [nbgrader_meta(c).get("grade_id") for c in repaired.cells][:2] == [
        "intro_2-1",
        "setup_2-1",
    ]
    assert repaired.metadata[METADATA_KEY]["repairs"] == [
        "locked cells deleted from the notebook were put back: setup_2-1"
    ]


def test_a_notebook_the_course_file_does_not_know_scores_zero_and_is_flagged(
    course: Course,
) -> None:
    from nbformat import from_dict

    from autograder.nbgrader_ext.preprocessors import GradeWithEngine
    from autograder.nbgrader_ext.reader import METADATA_KEY

    notebook = from_dict(solved_notebook(course))
    resources = {"nbgrader": {"notebook": "extra_practice", "student": "ada", "assignment": "ch2"}}
    notebook, resources = GradeWithEngine(course_file=str(course.path)).preprocess(
        notebook, resources
    )
    tests = [c for c in notebook.cells if nbgrader_meta(c).get("grade_id", "").startswith("test_")]
    assert tests and all(c.outputs[0]["output_type"] == "error" for c in tests)
    note = (
        f"extra_practice.ipynb is not a section notebook of the course file {course.path}: "
        "not graded (the course file and the generated assignment disagree)"
    )
    assert resources[METADATA_KEY] == {"notes": [note], "needs_review": True}


def test_feedback_keeps_nbgraders_comment_and_drops_the_grading_notes() -> None:
    from autograder.nbgrader_ext.preprocessors import _is_grading_note

    assert _is_grading_note("s21_basics.ipynb: the notebook could not be read", "s21_basics")
    assert _is_grading_note("[for instructors] Sandbox: namespaces", "s21_basics")
    assert _is_grading_note("[仅教师可见] 沙箱:命名空间", "s21_basics")
    assert not _is_grading_note("No response.", "s21_basics")


def test_a_note_quoting_student_text_is_shown_as_text_not_markup(
    course: Course, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A module-level exception message the student wrote, naming a cell that does not exist,
    goes to the banner at the top: escaped, so the formgrader never renders it as HTML."""
    from nbformat import from_dict

    import autograder.nbgrader_ext.preprocessors as preprocessors

    notebook = solved_notebook(course)
    at = answer_index(notebook, "answer_2-1-build_mlp")
    payload = "<img src=x onerror=alert(1)> **bold** cell 999"
    notebook["cells"].insert(at, code_cell(f"raise RuntimeError({payload!r})\n"))
    report = grade(notebook, course)
    engine = preprocessors.GradeWithEngine(course_file=str(course.path))
    monkeypatch.setattr(engine, "_report", lambda *args: report)
    monkeypatch.setattr(preprocessors, "check_points", lambda *args: None)  # no gradebook here
    ids = {"notebook": MODULE, "student": "ada", "assignment": "ch2", "db_url": ""}
    nb, _ = engine.preprocess(from_dict(notebook), {"nbgrader": ids})
    banner = nb.cells[0]["source"]
    assert "Importing s21_basics failed" in banner
    assert "<img" not in banner and "&lt;img src=x onerror=alert(1)&gt;" in banner
    assert "**bold**" not in banner
