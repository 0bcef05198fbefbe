"""Test cells in a real Jupyter kernel: what a student (and nbgrader's Validate) sees.

One small notebook, executed once by nbclient in an ipykernel kernel, calls
``self_check`` as the released test cells do: on a ``build_mlp`` with a ReLU after
its output layer (tests/buggy/2.1.build_mlp/relu-on-output.py), in English and in
the course's language (Chinese); on a correct ``softmax``; and on a recorded quiz
answer. A failing cell must end in one error whose text is the failure in one
line (the only part nbgrader's Validate shows) and whose traceback holds no frame
of autograder's code; the feedback must be shown exactly once; a quiz answer the
self-check cannot judge must read as recorded, without a score.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from autograder.course import load_course

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

ROOT = Path(__file__).resolve().parent.parent
RELU_ON_OUTPUT = (ROOT / "tests" / "buggy" / "2.1.build_mlp" / "relu-on-output.py").read_text(
    encoding="utf-8"
)
SOFTMAX = """
def softmax(x, dim=-1):
    shifted = x - x.max(dim=dim, keepdim=True).values
    e = shifted.exp()
    return e / e.sum(dim=dim, keepdim=True)
"""
QUIZ = 'QUIZ = {"q1": "B", "q2": None}'

# name -> the source of one cell; the test cells are written as the built notebooks write them.
CELLS = {
    "setup": "from autograder.notebook import self_check",
    "answers": RELU_ON_OUTPUT + SOFTMAX + QUIZ,
    "mlp_en": 'self_check("2.1.build_mlp", build_mlp, lang="en")',
    "mlp_zh": 'self_check("2.1.build_mlp", build_mlp)',
    "softmax_en": 'self_check("2.3.softmax", softmax, lang="en")',
    "quiz_en": 'self_check("2.1.quiz.q1", QUIZ, lang="en")',
    "quiz_zh": 'self_check("2.1.quiz.q1", QUIZ)',
}

MLP_EN_LINE = (
    "2.1.build_mlp 0/3 failed — relu-on-output: A ReLU follows the last layer, so the "
    "output is no longer raw scores (logits): every negative score becomes 0."
)
MLP_ZH_LINE = (
    "2.1.build_mlp 0/3 未通过 — relu-on-output:网络最后一层后面还接了 ReLU,"
    "输出不再是原始得分(logits),负数全部被截成 0。"
)
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Any]]:
    """Every cell's outputs, by name, from one kernel run (a kernel takes seconds to start)."""
    assert load_course().default_language == "zh", "the cells without lang= expect Chinese"
    notebook = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell(source) for source in CELLS.values()]
    )
    folder = tmp_path_factory.mktemp("kernel")
    client = nbclient.NotebookClient(
        notebook,
        allow_errors=True,
        timeout=180,
        kernel_name="python3",
        resources={"metadata": {"path": str(folder)}},
    )
    client.execute()
    found = {name: cell.outputs for name, cell in zip(CELLS, notebook.cells)}
    for name in ("setup", "answers"):
        assert found[name] == [], (name, found[name])
    return found


def _texts(cell_outputs: list[Any]) -> list[str]:
    """Everything a cell shows as text: streams, plain-text displays and the error."""
    texts = []
    for output in cell_outputs:
        if output.output_type == "stream":
            texts.append(output.text)
        elif output.output_type in ("display_data", "execute_result"):
            texts.append(output.data["text/plain"])
        elif output.output_type == "error":
            texts += [output.evalue, *output.traceback]
    return texts


def _count(cell_outputs: list[Any], text: str) -> int:
    return sum(shown.count(text) for shown in _texts(cell_outputs))


@pytest.mark.parametrize(
    ("cell", "line", "headline", "mistake_line"),
    [
        (
            "mlp_en",
            MLP_EN_LINE,
            "2.1.build_mlp: 0/3  failed",
            "Mistake [relu-on-output]: A ReLU follows the last layer",
        ),
        (
            "mlp_zh",
            MLP_ZH_LINE,
            "2.1.build_mlp: 0/3  未通过",
            "错误 [relu-on-output]:网络最后一层后面还接了 ReLU",
        ),
    ],
    ids=["en", "zh"],
)
def test_a_failed_check_shows_its_feedback_once_then_one_error_line(
    outputs, cell: str, line: str, headline: str, mistake_line: str
) -> None:
    shown = outputs[cell]
    assert [o.output_type for o in shown] == ["display_data", "error"], shown
    feedback, error = shown
    assert feedback.data["text/plain"].startswith(headline + "\n")
    assert mistake_line in feedback.data["text/plain"]
    assert "#cf222e" in feedback.data["text/html"]

    assert error.ename == "CheckFailed"
    assert error.evalue == line
    assert "\n" not in error.evalue
    assert [_ANSI.sub("", frame) for frame in error.traceback] == [line], (
        "the traceback is the one line: no frames, no 'Traceback (most recent call last)'"
    )
    assert not any("File " in frame or "notebook.py" in frame for frame in error.traceback)
    assert "\x1b[0;31m" in error.traceback[0], "the line is red, as an error is"

    assert _count(shown, headline) == 1, "the feedback is shown once"
    assert _count(shown, mistake_line) == 1, "the feedback is shown once"


def test_a_passed_check_shows_its_feedback_once_and_no_error(outputs) -> None:
    shown = outputs["softmax_en"]
    assert [o.output_type for o in shown] == ["display_data"], shown
    assert shown[0].data["text/plain"] == "2.3.softmax: 2/2  passed\nAll checks passed."
    assert "#1a7f37" in shown[0].data["text/html"]
    assert _count(shown, "All checks passed.") == 1


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (
            "quiz_en",
            "2.1.quiz.q1: answer recorded; it is graded later\n"
            "Your answer B is recorded; quizzes are scored by the hidden graders.",
        ),
        ("quiz_zh", "2.1.quiz.q1:已记录答案(评分时判定)\n已记录你的答案 B;测验由隐藏评分判分。"),
    ],
    ids=["en", "zh"],
)
def test_a_recorded_quiz_answer_reads_as_recorded_without_a_score(
    outputs, cell: str, expected: str
) -> None:
    shown = outputs[cell]
    assert [o.output_type for o in shown] == ["display_data"], shown
    assert shown[0].data["text/plain"] == expected
    html = shown[0].data["text/html"]
    assert "0/1" not in html and "0/1" not in expected
    assert "#cf222e" not in html and "#1a7f37" not in html, "neither failed nor passed"
    assert "已作答" not in html


def test_nbgrader_validate_explains_a_failing_cell(tmp_path: Path) -> None:
    """``nbgrader validate`` (the command behind JupyterLab's Validate button) on a released
    notebook: the failing cell's reason is in what it prints, with no frame of our code."""
    import json
    import os
    import subprocess
    import sys

    from autograder.course_build.notebooks import build_notebook
    from autograder.ipynb import answer_item

    course = load_course()
    notebook = build_notebook(course.section("2.1"), course, lang="en", variant="student")
    for cell in notebook["cells"]:
        if answer_item(cell) == "2.1.build_mlp":
            cell["source"] = RELU_ON_OUTPUT
    path = tmp_path / "s21_basics.ipynb"
    path.write_text(json.dumps(notebook), encoding="utf-8")
    nbgrader = Path(sys.executable).with_name("nbgrader")
    done = subprocess.run(
        [str(nbgrader), "validate", str(path)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "PATH": f"{nbgrader.parent}{os.pathsep}{os.environ['PATH']}"},
    )
    out = done.stdout + done.stderr
    assert "VALIDATION FAILED" in out, out[-3000:]
    assert "2.1.build_mlp 0/3 failed — relu-on-output" in out, out[-3000:]
    assert "see above" not in out and "autograder/notebook.py" not in out
