"""Notebooks as submissions: reading, salvaging, and grading them like modules."""

from __future__ import annotations

import json
from pathlib import Path

from autograder.course_build.notebooks import build_notebook, write_notebook
from autograder.ipynb import answer_item, cell_grade_id, item_of, module_source, parse_notebook
from autograder.model import Status
from autograder.submission import locate_submission

ROOT = Path(__file__).resolve().parent.parent


def _code(source: str, grade_id: str = "", *, grade: bool = False, solution: bool = False) -> dict:
    meta = (
        {"nbgrader": {"grade_id": grade_id, "grade": grade, "solution": solution}}
        if grade_id
        else {}
    )
    return {"cell_type": "code", "metadata": meta, "source": source, "outputs": []}


def _notebook(*cells: dict) -> str:
    return json.dumps({"cells": list(cells), "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


def test_grade_ids_round_trip() -> None:
    for item in ("2.1.build_mlp", "2.8.sinusoidal_positional_encoding", "2.3.quiz.q4"):
        grade_id = cell_grade_id("test_", item)
        assert "." not in grade_id and item_of(grade_id, "test_") == item
    assert item_of("answer_2-1-build_mlp", "test_") is None


def test_module_skips_test_cells_comments_magics_and_isolates_syntax_errors() -> None:
    notebook = parse_notebook(
        _notebook(
            _code("%matplotlib inline\nimport math\n!pip install nothing"),
            _code("def f(x):\n    return x +", "answer_2-1-f", solution=True),
            _code("assert f(1) == 2", "test_2-1-f", grade=True),
            _code("def g(x):\n    return math.sqrt(x)", "answer_2-1-g", solution=True),
            {"cell_type": "markdown", "metadata": {}, "source": "def not_code(): pass"},
        )
    )
    assert notebook.damage is None
    extracted = module_source(notebook)
    namespace: dict = {}
    exec(extracted.source, namespace)
    assert namespace["g"](9) == 3 and "f" not in namespace and "not_code" not in namespace
    assert "assert f(1)" not in extracted.source
    assert extracted.broken_answers == {"2.1.f": extracted.problems[0]}
    assert "SyntaxError" in extracted.problems[0] and "cell 2" in extracted.problems[0]


def test_damaged_notebook_is_salvaged_with_a_reason() -> None:
    text = _notebook(
        _code("def f(x):\n    return 2 * x\n", "answer_2-1-f", solution=True),
        _code('self_check("2.1.f", f)', "test_2-1-f", grade=True),
        _code("def g(x):\n    return 3 * x\n", "answer_2-1-g", solution=True),
    )
    truncated = parse_notebook(text[: text.index("def g")])
    assert truncated.damage and "not valid JSON" in truncated.damage
    namespace: dict = {}
    exec(module_source(truncated).source, namespace)
    assert namespace["f"](2) == 4, "the answer before the damage survives"
    assert "self_check" not in module_source(truncated).source, (
        "test cells are not salvaged as code"
    )
    assert parse_notebook('{"cells": 3}').damage and parse_notebook("").damage


def test_notebook_submission_grades_like_the_module(grader, course, tmp_path: Path) -> None:
    """The solution notebook and the solution module earn the same points, with notes for damage."""
    section = course.section("2.1")
    source = build_notebook(section, course, lang="en", variant="source")
    for cell in source["cells"]:  # a correct student: the reference bodies, unmarked
        text = cell["source"]
        cell["source"] = text.replace("    ### BEGIN SOLUTION\n", "").replace(
            "    ### END SOLUTION", ""
        )
    quiz = next(c for c in source["cells"] if answer_item(c) == "2.1.quiz")
    quiz["source"] = (
        'QUIZ = {"q1": "B", "q2": ["A", "C"], "q3": "B", "q4": ["A", "C", "E"], "q5": 185}'
    )
    write_notebook(source, tmp_path / "s21_basics.ipynb")
    from_notebook = grader.grade_dir(tmp_path, ["2.1"])
    from_module = grader.grade_dir(ROOT / "solutions", ["2.1"])
    assert [(r.id, r.score) for r in from_notebook.exercises] == [
        (r.id, r.score) for r in from_module.exercises
    ]
    assert from_notebook.score == from_notebook.max_score

    # delete one answer cell and break another: both are named in the feedback
    cells = source["cells"]
    cells[:] = [c for c in cells if answer_item(c) != "2.1.count_parameters"]
    broken = next(c for c in cells if answer_item(c) == "2.1.build_mlp")
    broken["source"] += "\n    return ("
    write_notebook(source, tmp_path / "s21_basics.ipynb")
    report = grader.grade_dir(tmp_path, ["2.1"])
    counted = report.result("2.1.count_parameters")
    assert (
        counted.status is Status.ERROR
        and "answer_2-1-count_parameters is missing" in counted.feedback
    )
    built = report.result("2.1.build_mlp")
    assert built.score == 0 and "SyntaxError" in built.feedback
    assert report.result("2.1.output_activation").full_marks


def test_locate_prefers_modules_and_finds_notebook_folders(course, tmp_path: Path) -> None:
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "notebooks" / "s22_backprop.ipynb").write_text(
        _notebook(_code("x = 1")), encoding="utf-8"
    )
    submission = locate_submission(tmp_path, course)
    try:
        assert submission.present == ["s22_backprop"]
        assert submission.modules["s22_backprop"].suffix == ".py"  # converted in a private folder
    finally:
        submission.cleanup()
    assert submission.workdir is None
