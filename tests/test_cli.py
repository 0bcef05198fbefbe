"""The ch2-grade command line: reports, selectors, languages and exit codes."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import torch
from click.testing import CliRunner

from autograder.cli import main

ROOT = Path(__file__).resolve().parent.parent
SECTION = "2.1"


def _run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_grade_solutions_json_full_marks(course) -> None:
    result = _run("grade", str(ROOT / "solutions"), "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["score"] == report["max_score"] == sum(e.points for e in course.exercises)
    assert [e["id"] for e in report["exercises"]] == [e.id for e in course.exercises]
    assert {"score", "max_score", "exercises"} <= set(report)
    for entry in report["exercises"]:
        assert set(entry) >= {"id", "score", "max_score", "status", "mistakes", "feedback"}
        assert entry["status"] == "passed" and entry["mistakes"] == []


def test_grade_stubs_json_not_attempted(tmp_path: Path, course) -> None:
    out = tmp_path / "report.json"
    result = _run("grade", str(ROOT / "exercises"), "--format", "json", "--output", str(out))
    assert result.exit_code == 0 and result.output == ""
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["score"] == 0 and len(report["exercises"]) == len(course.exercises)
    assert {e["status"] for e in report["exercises"]} == {"not attempted"}


def test_grade_text_names_mistakes_in_both_languages(tmp_path: Path) -> None:
    folder = tmp_path / "student"
    folder.mkdir()
    shutil.copy(ROOT / "tests/buggy/2.1.build_mlp/relu-on-output.py", folder / "s21_basics.py")
    en = _run("grade", str(folder), "--select", "2.1.build_mlp", "--lang", "en")
    zh = _run("grade", str(folder), "--select", "2.1.build_mlp", "--lang", "zh")
    assert en.exit_code == zh.exit_code == 0
    assert "relu-on-output" in en.output and "Mistake" in en.output and "Hint" in en.output
    assert "relu-on-output" in zh.output and "错误" in zh.output and "建议" in zh.output


def test_grade_a_single_module_file_marks_other_sections_missing() -> None:
    result = _run("grade", str(ROOT / "solutions" / "s21_basics.py"), "--format", "json")
    assert result.exit_code == 0
    report = json.loads(result.output)
    by_section = {e["id"]: e["status"] for e in report["exercises"]}
    assert all(s == "passed" for i, s in by_section.items() if i.startswith("2.1."))
    assert all(s == "missing" for i, s in by_section.items() if not i.startswith("2.1."))


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (("grade", "/no/such/folder"), 4, "no such file or folder"),
        (("grade", str(ROOT / "README.md")), 4, "not a section module"),
        (("grade", str(ROOT / "solutions"), "--select", "9.9"), 3, "9.9"),
        (("--course", "/no/course.yml", "grade", str(ROOT / "solutions")), 3, "cannot read"),
    ],
)
def test_grading_that_cannot_run_exits_non_zero_with_a_reason(args, code, words) -> None:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == code, result.output
    assert words in result.output


def test_check_defaults_to_the_exercises_folder(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "exercises").mkdir()
    shutil.copy(ROOT / "solutions" / "s21_basics.py", tmp_path / "exercises" / "s21_basics.py")
    monkeypatch.chdir(tmp_path)
    result = _run("check", "2.1", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "Self-check" in result.output
    assert "8/8" in result.output  # 2.1 is worth 8 points, all passed


def test_check_narrows_to_one_exercise(tmp_path: Path) -> None:
    shutil.copy(
        ROOT / "tests/buggy/2.1.output_activation/softmax-wrong-dim.py", tmp_path / "s21_basics.py"
    )
    result = _run("check", "2.1.output_activation", "--path", str(tmp_path), "--lang", "en")
    assert result.exit_code == 0
    assert "2.1.output_activation" in result.output and "2.1.build_mlp" not in result.output
    assert "softmax-wrong-dim" in result.output


def test_pytest_adapter_reports_what_ch2_grade_reports(tmp_path: Path, course) -> None:
    """One grading path: plain pytest with the plugin gives the very report `ch2-grade grade` gives."""
    samples = ROOT / "samples" / "typical-mistakes"
    cli = subprocess.run(
        [sys.executable, "-m", "autograder", "grade", str(samples), "--format", "json"],
        capture_output=True, text=True, timeout=180, check=False,
    )  # fmt: skip
    assert cli.returncode == 0, cli.stderr
    junit = tmp_path / "r.xml"
    as_json = tmp_path / "r.json"
    plain = subprocess.run(
        [sys.executable, "-m", "pytest", "--pyargs", "autograder.graders", "--submission", str(samples),
         "--junitxml", str(junit), "--ch2-json", str(as_json), "-q", "-p", "no:cacheprovider"],
        capture_output=True, text=True, timeout=180, check=False, cwd=tmp_path,
    )  # fmt: skip
    assert plain.returncode == 1, plain.stdout  # some graders fail: the samples hold mistakes
    assert "relu-on-output" in plain.stdout
    cli_report = json.loads(cli.stdout)
    plugin_report = json.loads(as_json.read_text(encoding="utf-8"))
    assert plugin_report == cli_report
    exercises = cli_report["exercises"]
    assert [e["id"] for e in exercises] == [entry.id for entry in course.exercises]
    lost = [e for e in exercises if e["score"] < e["max_score"]]
    assert lost and len(lost) < len(exercises)
    xml = junit.read_text(encoding="utf-8")
    assert xml.count("<testcase") == len(exercises) and xml.count("<failure") == len(lost)


@pytest.mark.skipif(torch.cuda.is_available(), reason="this machine has CUDA")
def test_device_cuda_without_a_gpu_is_a_clear_error() -> None:
    result = CliRunner().invoke(main, ["grade", str(ROOT / "solutions"), "--device", "cuda"])
    assert result.exit_code == 6
    assert "no CUDA device" in result.output
