"""Broken submissions cost only what they break; everything else is still graded.

Each test grades a copy of the reference solutions in which one module (or one
function) is broken in a typical way, and checks that exactly the exercises it
strikes score 0 with a clear message, while every other exercise keeps full marks.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from autograder.executor.isolated import Limits
from autograder.model import Report, Status

ROOT = Path(__file__).resolve().parent.parent
SOLUTIONS = ROOT / "solutions"
BROKEN_MODULE = "s21_basics"
BROKEN_SECTION = "2.1"
OTHER_SECTION = "2.4"
FAST = Limits(time_limit_s=2, import_time_limit_s=3, memory_limit_mb=2048)


def _grade(grader, folder: Path) -> Report:
    return grader.grade_dir(folder, [BROKEN_SECTION, OTHER_SECTION], limits=FAST)


def _with_module(grader, text: str) -> Path:
    folder = grader.copy_of(SOLUTIONS)
    (folder / f"{BROKEN_MODULE}.py").write_text(text, encoding="utf-8")
    return folder


def _appended(grader, extra: str) -> Path:
    base = (SOLUTIONS / f"{BROKEN_MODULE}.py").read_text(encoding="utf-8")
    return _with_module(grader, base + "\n\n" + extra)


def _assert_only(report: Report, struck: set[str], status: Status, words: str) -> None:
    for result in report.exercises:
        if result.id in struck:
            assert result.score == 0, result
            assert result.status is status, (result.id, result.status, result.feedback)
            assert words in result.feedback, result.feedback
        else:
            assert result.full_marks, (result.id, result.feedback)


def _section_ids(report: Report, section: str) -> set[str]:
    return {r.id for r in report.exercises if r.section == section}


@pytest.mark.parametrize(
    ("source", "words"),
    [
        ("def build_mlp(:\n    pass\n", "SyntaxError"),
        ("import torch\nraise RuntimeError('boom at import')\n", "boom at import"),
        ("import no_such_module_anywhere\n", "ModuleNotFoundError"),
    ],
    ids=["syntax-error", "exception-at-import", "missing-import"],
)
def test_module_that_cannot_import_scores_zero_for_its_exercises_only(grader, source, words):
    report = _grade(grader, _with_module(grader, source))
    _assert_only(report, _section_ids(report, BROKEN_SECTION), Status.ERROR, words)


def test_sys_exit_at_import(grader):
    report = _grade(grader, _appended(grader, "import sys\nsys.exit(3)\n"))
    _assert_only(report, _section_ids(report, BROKEN_SECTION), Status.ERROR, "sys.exit")


def test_os_exit_at_import(grader):
    report = _grade(grader, _appended(grader, "import os\nos._exit(0)\n"))
    _assert_only(report, _section_ids(report, BROKEN_SECTION), Status.ERROR, "os._exit")


def test_hang_at_import_is_stopped(grader):
    report = _grade(grader, _appended(grader, "while True:\n    pass\n"))
    _assert_only(report, _section_ids(report, BROKEN_SECTION), Status.TIMEOUT, "3")


def test_endless_loop_costs_only_its_exercise(grader):
    folder = _appended(
        grader, "def count_parameters(model, trainable_only=True):\n    while True:\n        pass\n"
    )
    report = _grade(grader, folder)
    _assert_only(report, {"2.1.count_parameters"}, Status.TIMEOUT, "count_parameters")


def test_os_exit_in_a_function_costs_only_its_exercise(grader):
    folder = _appended(grader, "import os\ndef output_activation(task):\n    os._exit(1)\n")
    report = _grade(grader, folder)
    _assert_only(report, {"2.1.output_activation"}, Status.ERROR, "os._exit")


def test_exception_in_a_function_names_it(grader):
    folder = _appended(grader, "def build_mlp(i, h, o):\n    return undefined_name\n")
    report = _grade(grader, folder)
    _assert_only(report, {"2.1.build_mlp"}, Status.ERROR, "NameError")


def test_wrong_return_type_scores_zero(grader):
    folder = _appended(
        grader, "def count_parameters(model, trainable_only=True):\n    return '12'\n"
    )
    report = _grade(grader, folder)
    _assert_only(report, {"2.1.count_parameters"}, Status.FAILED, "str")


def test_object_equal_to_everything_earns_nothing(grader):
    cheat = (
        "class Anything:\n"
        "    def __eq__(self, other):\n        return True\n"
        "    def __ne__(self, other):\n        return False\n"
        "    __hash__ = object.__hash__\n"
        "    def __int__(self):\n        return 0\n"
        "def count_parameters(model, trainable_only=True):\n    return Anything()\n"
    )
    report = _grade(grader, _appended(grader, cheat))
    _assert_only(report, {"2.1.count_parameters"}, Status.FAILED, "Anything")


def test_missing_function_is_reported_by_name(grader):
    base = (SOLUTIONS / f"{BROKEN_MODULE}.py").read_text(encoding="utf-8")
    folder = _with_module(grader, base.replace("def count_parameters(", "def count_params("))
    report = _grade(grader, folder)
    _assert_only(report, {"2.1.count_parameters"}, Status.ERROR, "count_parameters")


def test_missing_module_is_status_missing(grader):
    folder = grader.copy_of(SOLUTIONS)
    (folder / f"{BROKEN_MODULE}.py").unlink()
    report = _grade(grader, folder)
    _assert_only(report, _section_ids(report, BROKEN_SECTION), Status.MISSING, BROKEN_MODULE)


def test_printing_student_code_never_reaches_the_json_report(tmp_path):
    """Student prints go to a file, so `--format json` on stdout stays valid JSON."""
    folder = tmp_path / "submission"
    folder.mkdir()
    base = (SOLUTIONS / f"{BROKEN_MODULE}.py").read_text(encoding="utf-8")
    noisy = (
        base + "\nprint('hello at import')\n" + "_real = count_parameters\n"
        "def count_parameters(model, trainable_only=True):\n"
        "    print('{\"score\": 999}')\n"
        "    import sys; print('noise on stderr', file=sys.stderr)\n"
        "    return _real(model, trainable_only)\n"
    )
    (folder / f"{BROKEN_MODULE}.py").write_text(noisy, encoding="utf-8")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "autograder",
            "grade",
            str(folder),
            "--format",
            "json",
            "--select",
            BROKEN_SECTION,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["score"] == report["max_score"] > 0
    assert "999" not in done.stdout.replace(str(report["score"]), "")
    assert "noise on stderr" not in done.stderr


def test_memory_bomb_costs_only_its_exercise(grader):
    bomb = (
        "import torch as _torch\n"
        "def output_activation(task):\n"
        "    hog = _torch.ones(1024, 1024, 1024)  # 4 GiB, over the limit\n"
        "    return hog\n"
    )
    limits = Limits(time_limit_s=5, import_time_limit_s=5, memory_limit_mb=512)
    report = grader.grade_dir(
        _appended(grader, bomb), [BROKEN_SECTION, OTHER_SECTION], limits=limits
    )
    _assert_only(report, {"2.1.output_activation"}, Status.ERROR, "allocate")
