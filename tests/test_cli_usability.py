"""``ch2-grade`` helps a student who is in the wrong folder, mistypes an id or wants English.

- A folder with no section module (here or in exercises/ or notebooks/) is
  refused with exit code 4, saying where it looked and what it expected.
- ``--lang`` works before the command too; a command's own ``--lang`` wins.
- An unknown selector exits 3 and suggests the nearest ids.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from autograder.cli import main

ROOT = Path(__file__).resolve().parent.parent


def _run(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def solved_21(tmp_path: Path) -> Path:
    """A course folder whose exercises/ holds a solved 2.1."""
    (tmp_path / "exercises").mkdir()
    shutil.copy(ROOT / "solutions" / "s21_basics.py", tmp_path / "exercises" / "s21_basics.py")
    return tmp_path


def test_wrong_folder_says_where_it_looked_and_exits_4(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "notes.txt").write_text("not a module", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = _run("--lang", "en")  # no command: the self-check
    assert result.exit_code == 4, result.output
    assert str(tmp_path.resolve()) in result.output
    assert "s21_basics.py" in result.output and "exercises/" in result.output
    assert "missing" not in result.output, "no table of 78 missing exercises"
    assert len(result.output.strip().splitlines()) == 1


def test_wrong_folder_in_chinese_and_with_path(tmp_path: Path) -> None:
    result = _run("check", "--path", str(tmp_path))
    assert result.exit_code == 4
    assert "没有找到练习模块" in result.output and "s21_basics.py" in result.output


def test_wrong_folder_from_the_real_command(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "autograder", "--lang", "en"],
        capture_output=True, text=True, timeout=120, check=False, cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 4, done.stdout + done.stderr
    assert done.stdout == ""
    assert done.stderr.startswith("ch2-grade: no section modules found in ")
    assert "s28_transformer.py" in done.stderr


def test_a_folder_with_notebooks_is_not_refused(tmp_path: Path) -> None:
    """A notebook counts as a section module: grading it goes ahead (here it is damaged)."""
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "notebooks" / "s21_basics.ipynb").write_text("{", encoding="utf-8")
    result = _run("check", "2.1", "--path", str(tmp_path), "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "2.1.build_mlp" in result.output


def test_lang_before_the_command(solved_21: Path, monkeypatch) -> None:
    monkeypatch.chdir(solved_21)
    english = _run("--lang", "en", "check", "2.1")
    assert english.exit_code == 0, english.output
    assert "Self-check" in english.output and "total: 8/8" in english.output
    bare = _run("--lang", "en")  # no command runs the self-check, in English
    assert bare.exit_code == 0, bare.output
    assert "Self-check" in bare.output and "2.8.quiz.q5" in bare.output


def test_the_commands_own_lang_wins(solved_21: Path, monkeypatch) -> None:
    monkeypatch.chdir(solved_21)
    chinese = _run("--lang", "en", "check", "2.1", "--lang", "zh")
    assert chinese.exit_code == 0, chinese.output
    assert "自测结果" in chinese.output and "Self-check" not in chinese.output


def test_group_lang_reaches_grade(solved_21: Path) -> None:
    result = _run("--lang", "en", "grade", str(solved_21), "--select", "2.1")
    assert result.exit_code == 0, result.output
    assert "Grading report" in result.output


def test_mistyped_exercise_suggests_the_nearest_ids(solved_21: Path, monkeypatch) -> None:
    monkeypatch.chdir(solved_21)
    result = _run("--lang", "en", "check", "2.3.sofmax")
    assert result.exit_code == 3, result.output
    assert "unknown exercise or section '2.3.sofmax'" in result.output
    assert "did you mean 2.3.softmax" in result.output
    assert "2.8" not in result.output, "not the list of every id"


def test_mistyped_selector_in_chinese_and_for_grade(solved_21: Path) -> None:
    zh = _run("check", "2.1.build_mpl", "--path", str(solved_21))
    assert zh.exit_code == 3 and "2.1.build_mlp" in zh.output and "你是不是想输入" in zh.output
    graded = _run("grade", str(solved_21), "--select", "2.4.adam", "--lang", "en")
    assert graded.exit_code == 3 and "2.4.adam_step" in graded.output


def test_a_selector_with_nothing_near_lists_the_sections(solved_21: Path) -> None:
    result = _run("check", "backprop", "--path", str(solved_21), "--lang", "en")
    assert result.exit_code == 3
    assert "'backprop'" in result.output and "2.1, 2.2" in result.output


def test_prefix_selectors_still_work(solved_21: Path) -> None:
    result = _run("check", "2.1.quiz", "--path", str(solved_21), "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "2.1.quiz.q1" in result.output and "2.1.build_mlp" not in result.output
