"""The student bundle installs into a fresh virtual environment and self-checks there."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from autograder.course_build.bundle import PRIVATE, build_bundle

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow


def _run(cmd: list[str], cwd: Path, *, check: bool = True) -> subprocess.CompletedProcess:
    done = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=900, check=False)
    if check:
        assert done.returncode == 0, f"{' '.join(cmd)}\n{done.stdout}\n{done.stderr}"
    return done


def test_bundle_holds_only_what_students_may_have(course, tmp_path: Path) -> None:
    bundle = build_bundle(tmp_path, course)
    with zipfile.ZipFile(bundle) as archive:
        names = archive.namelist()
        wheel_name = next(n for n in names if n.endswith(".whl"))
        archive.extract(wheel_name, tmp_path)
    assert {n.split("/")[1] for n in names} == {"README.md", "wheels", "exercises", "notebooks"}
    assert len([n for n in names if n.endswith(".ipynb")]) == len(course.sections)
    with zipfile.ZipFile(tmp_path / wheel_name) as wheel:
        inside = wheel.namelist()
    assert "autograder/cli.py" in inside and "autograder/course.yml" in inside
    assert any(n.startswith("autograder/public/data/") for n in inside)
    for private in PRIVATE:
        assert not any(n.startswith(f"autograder/{private}") for n in inside), private
    assert not any("solutions" in n or "graders" in n for n in inside)


def test_bundle_installs_in_a_fresh_venv_and_self_checks(course, tmp_path: Path) -> None:
    bundle = build_bundle(tmp_path / "dist", course)
    with zipfile.ZipFile(bundle) as archive:
        archive.extractall(tmp_path)
    home = tmp_path / "ch2-student"
    _run([sys.executable, "-m", "venv", str(tmp_path / "venv")], tmp_path)
    python = tmp_path / "venv" / "bin" / "python"
    wheel = next((home / "wheels").glob("*.whl"))
    _run([str(python), "-m", "pip", "install", "--quiet", "torch==2.13.0", str(wheel)], tmp_path)
    ch2_grade = str(tmp_path / "venv" / "bin" / "ch2-grade")

    first = _run([ch2_grade, "--help"], home)
    assert "check" in first.stdout
    stubs = _run([ch2_grade, "check", "2.1", "--lang", "en"], home)
    assert "not attempted" in stubs.stdout and "2.1.build_mlp" in stubs.stdout

    shutil.copy(ROOT / "tests" / "variants" / "s21_basics.py", home / "exercises" / "s21_basics.py")
    solved = _run([ch2_grade, "check", "2.1", "--lang", "en"], home)
    assert "total: 8/8" in solved.stdout, solved.stdout

    hidden = _run([ch2_grade, "grade", "exercises"], home, check=False)
    assert hidden.returncode == 5 and "student package" in hidden.stderr
    missing = _run([str(python), "-c", "import autograder.graders"], home, check=False)
    assert missing.returncode != 0
