"""``check()`` shows its feedback exactly once, in a script and in a notebook kernel.

It prints the text in a plain process, calls IPython's ``display`` under an
IPython shell, and returns None so that a cell ending in ``check(...)`` does not
show the report a second time. An unknown id is refused in one line naming
the nearest ids.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import torch

from autograder import check
from autograder.errors import CourseConfigError
from autograder.notebook import CheckFailed, CheckReport, hidden_check, run_check, self_check

ROOT = Path(__file__).resolve().parent.parent
SOFTMAX = """
def softmax(x, dim=-1):
    shifted = x - x.max(dim=dim, keepdim=True).values
    e = shifted.exp()
    return e / e.sum(dim=dim, keepdim=True)
"""
RELU_ON_OUTPUT = (ROOT / "tests" / "buggy" / "2.1.build_mlp" / "relu-on-output.py").read_text(
    encoding="utf-8"
)


def softmax(x: torch.Tensor, dim: int = -1) -> torch.Tensor:
    shifted = x - x.max(dim=dim, keepdim=True).values
    e = shifted.exp()
    return e / e.sum(dim=dim, keepdim=True)


def test_plain_process_prints_the_feedback_once(capsys) -> None:
    assert check("2.3.softmax", softmax, lang="en") is None
    out = capsys.readouterr().out
    assert out.count("2.3.softmax: 2/2  passed") == 1
    assert "All checks passed." in out


def test_plain_script_prints_the_feedback(tmp_path: Path) -> None:
    script = tmp_path / "mine.py"
    script.write_text(
        "from autograder import check\n" + SOFTMAX + "check('2.3.softmax', softmax, lang='en')\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("2.3.softmax: 2/2  passed\n")


def test_under_an_ipython_shell_display_is_called_once(monkeypatch, capsys) -> None:
    ipython = pytest.importorskip("IPython")
    import IPython.display

    shown: list[object] = []
    monkeypatch.setattr(ipython, "get_ipython", lambda: object())  # any shell, not None
    monkeypatch.setattr(IPython.display, "display", lambda *objs, **kw: shown.extend(objs))
    assert check("2.3.softmax", softmax, lang="en") is None
    assert len(shown) == 1 and isinstance(shown[0], CheckReport)
    report = shown[0]
    assert report.result.full_marks and "2.3.softmax" in report._repr_html_()
    assert capsys.readouterr().out == "", "display shows it: printing too would show it twice"


def test_a_real_ipython_cell_ending_in_check_shows_one_output(tmp_path: Path) -> None:
    """In a real InteractiveShell, the cell's value (None) adds no ``Out[]`` to the display."""
    pytest.importorskip("IPython")
    script = tmp_path / "cell.py"
    setup = "from autograder import check\n" + SOFTMAX
    script.write_text(
        textwrap.dedent(
            f"""
            import json
            from IPython.core.interactiveshell import InteractiveShell
            from IPython.utils.capture import capture_output

            shell = InteractiveShell.instance()
            shell.run_cell({setup!r})
            with capture_output() as cap:
                shell.run_cell("check('2.3.softmax', softmax, lang='en')")
            print(json.dumps({{"stdout": cap.stdout, "outputs": [o.data for o in cap.outputs]}}))
            """
        ),
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["stdout"] == "", "no Out[] and no second print"
    assert len(seen["outputs"]) == 1
    assert "2.3.softmax: 2/2" in seen["outputs"][0]["text/plain"]
    assert "<div" in seen["outputs"][0]["text/html"]


def test_unknown_id_is_one_line_naming_the_nearest_ids() -> None:
    with pytest.raises(CourseConfigError) as caught:
        check("2.3.sofmax", softmax, lang="en")
    message = str(caught.value)
    assert "\n" not in message and len(message) < 150
    assert "'2.3.sofmax'" in message and "2.3.softmax" in message
    assert "2.8" not in message and "2.1.build_mlp" not in message, "not all 78 ids"
    assert caught.value.__suppress_context__, "no KeyError traceback chained to it"


def test_a_bare_function_name_suggests_its_id() -> None:
    with pytest.raises(CourseConfigError) as caught:
        check("softmax", softmax)
    message = str(caught.value)
    assert "\n" not in message and "没有编号为 'softmax'" in message
    assert "2.3.softmax" in message


def test_unknown_id_with_nothing_near_shows_the_id_form() -> None:
    with pytest.raises(CourseConfigError) as caught:
        check("zzz", softmax, lang="en")
    message = str(caught.value)
    assert "\n" not in message and "'zzz'" in message
    assert "ids look like 2.1.build_mlp" in message and "2.8" not in message


def test_test_cell_self_check_prints_once_and_returns_none(capsys) -> None:
    assert self_check("2.3.softmax", softmax, lang="en") is None
    assert capsys.readouterr().out.count("2.3.softmax: 2/2") == 1

    def broken(x: torch.Tensor, dim: int = -1) -> torch.Tensor:
        return x

    with pytest.raises(AssertionError, match=r"2\.3\.softmax"):
        self_check("2.3.softmax", broken, lang="en")


def test_a_failed_self_check_ends_in_one_line_naming_the_first_difference(capsys) -> None:
    """No mistake named: the line carries the first failed check of the feedback."""

    def broken(x: torch.Tensor, dim: int = -1) -> torch.Tensor:
        return x

    with pytest.raises(CheckFailed) as caught:
        self_check("2.3.softmax", broken, lang="en")
    line = (
        "2.3.softmax 0/2 failed — probabilities along the given dim: the output: values are "
        "wrong: 108 of 108 elements differ; the first at (0, 0, 0): expected 0.00245796, "
        "got -0.726751"
    )
    assert str(caught.value) == line
    assert isinstance(caught.value, AssertionError), "callers catching AssertionError still do"
    assert caught.value._render_traceback_() == [f"\x1b[0;31m{line}\x1b[0m"]
    out = capsys.readouterr().out
    assert out.count("2.3.softmax: 0/2  failed\n") == 1, "the feedback, shown once"
    assert line not in out, "the error line is the error's, not printed as well"


def test_a_named_mistake_is_the_error_line_in_the_course_language(capsys) -> None:
    namespace: dict[str, object] = {}
    exec(RELU_ON_OUTPUT, namespace)
    with pytest.raises(CheckFailed) as caught:
        self_check("2.1.build_mlp", namespace["build_mlp"])
    assert str(caught.value) == (
        "2.1.build_mlp 0/3 未通过 — relu-on-output:网络最后一层后面还接了 ReLU,"
        "输出不再是原始得分(logits),负数全部被截成 0。"
    )
    assert capsys.readouterr().out.startswith("2.1.build_mlp: 0/3  未通过\n✗ ")


def test_hidden_check_fails_in_one_line_too(capsys) -> None:
    pytest.importorskip("autograder.graders.live")
    namespace: dict[str, object] = {}
    exec(RELU_ON_OUTPUT, namespace)
    with pytest.raises(CheckFailed) as caught:
        hidden_check("2.1.build_mlp", namespace["build_mlp"], lang="en")
    assert str(caught.value) == (
        "hidden graders: 2.1.build_mlp 0/3 failed — relu-on-output: A ReLU follows the last "
        "layer, so the output is no longer raw scores (logits): every negative score becomes 0."
    )
    out = capsys.readouterr().out
    assert out.startswith("hidden graders: 2.1.build_mlp: 0/3  failed\n")
    assert out.count("Mistake [relu-on-output]") == 1


def test_hidden_check_is_silent_on_full_marks(capsys) -> None:
    pytest.importorskip("autograder.graders.live")
    assert hidden_check("2.3.softmax", softmax, lang="en") is None
    assert capsys.readouterr().out == ""


def test_a_recorded_quiz_answer_passes_without_a_score(capsys) -> None:
    assert self_check("2.1.quiz.q1", {"q1": "B"}, lang="zh") is None
    assert capsys.readouterr().out == (
        "2.1.quiz.q1:已记录答案(评分时判定)\n已记录你的答案 B;测验由隐藏评分判分。\n"
    )
    report = run_check("2.1.quiz.q1", {"q1": "B"}, lang="en")
    assert report.headline() == "2.1.quiz.q1: answer recorded; it is graded later"
    assert "#6e7781" in report._repr_html_() and "0/1" not in report._repr_html_()


def test_an_unanswered_quiz_question_fails_in_one_line() -> None:
    with pytest.raises(CheckFailed) as caught:
        self_check("2.1.quiz.q1", {"q1": None}, lang="en")
    assert str(caught.value) == (
        "2.1.quiz.q1 0/1 not attempted — q1 is not answered yet: "
        "replace None in the QUIZ dict with your answer."
    )
