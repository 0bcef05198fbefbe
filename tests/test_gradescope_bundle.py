"""Gradescope's autograder.zip: set up in a fresh environment, then graded like Gradescope does."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from autograder.course_build.gradescope import build_gradescope_zip

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow


def _sh(script: Path, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess:
    done = subprocess.run(
        ["bash", str(script)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert done.returncode == 0, f"{script.name}\n{done.stdout}\n{done.stderr}"
    return done


def _sh_output(env: dict[str, str], code: str) -> str:
    """What the environment's Python prints for ``code``."""
    done = subprocess.run(
        [env["PYTHON"], "-I", "-c", code],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    return done.stdout.strip()


def test_run_autograder_in_a_simulated_autograder_layout(course, tmp_path: Path) -> None:
    archive = build_gradescope_zip(tmp_path / "dist", course)
    root = tmp_path / "autograder"  # stands for /autograder
    with zipfile.ZipFile(archive) as bundle:
        assert set(bundle.namelist()) >= {"setup.sh", "run_autograder"}
        bundle.extractall(root / "source")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    env = {
        "PATH": f"{venv / 'bin'}:/usr/bin:/bin",
        "PYTHON": str(venv / "bin" / "python"),
        "HOME": str(tmp_path),
        "TORCH_EXTRA_INDEX_URL": "",  # the pinned CPU build is available from the usual index here
    }
    _sh(root / "source" / "setup.sh", env, root / "source")
    installed = Path(
        _sh_output(env, "import autograder, os; print(os.path.dirname(autograder.__file__))")
    )
    for secret in (installed / "graders", installed / "_reference", root / "source"):
        assert secret.stat().st_mode & 0o077 == 0, f"{secret} is readable by student code"
    shutil.copy(root / "source" / "run_autograder", root / "run_autograder")  # as Gradescope does

    submission = root / "submission"
    shutil.copytree(ROOT / "samples" / "typical-mistakes", submission)
    _sh(root / "run_autograder", {**env, "AUTOGRADER_ROOT": str(root)}, root)
    results = json.loads((root / "results" / "results.json").read_text(encoding="utf-8"))
    assert 0 < results["score"] < sum(e.points for e in course.exercises)
    assert len(results["tests"]) == len(course.exercises)
    named = {t["name"]: t for t in results["tests"]}
    assert (
        named["2.1.build_mlp"]["tags"] == ["relu-on-output"]
        and named["2.1.build_mlp"]["score"] == 0
    )

    shutil.rmtree(submission)  # no submission at all: still a results file that says so
    submission.mkdir()
    (submission / "notes.txt").write_text("I forgot my files")
    _sh(root / "run_autograder", {**env, "AUTOGRADER_ROOT": str(root)}, root)
    empty = json.loads((root / "results" / "results.json").read_text(encoding="utf-8"))
    assert empty["score"] == 0 and all(t["output"] for t in empty["tests"])
