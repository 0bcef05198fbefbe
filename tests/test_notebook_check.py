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
from autograder.notebook import CheckReport, self_check

ROOT = Path(__file__).resolve().parent.parent
SOFTMAX = """
def softmax(x, dim=-1):
    shifted = x - x.max(dim=dim, keepdim=True).values
    e = shifted.exp()
    return e / e.sum(dim=dim, keepdim=True)
"""


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
