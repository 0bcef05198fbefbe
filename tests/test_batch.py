"""Batch grading of a class: hostile submissions, resuming after a kill, shards and merge."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
SOLUTIONS = ROOT / "solutions"
pytestmark = pytest.mark.slow

HOSTILE = {
    # a function that never returns, even when interrupted
    "hangs": "import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\n"
    "def count_parameters(model, trainable_only=True):\n    while True:\n        pass\n",
    # the module ends its process while being imported
    "exits": "import os\nos._exit(0)\n",
    # a function that floods standard output
    "floods": "def count_parameters(model, trainable_only=True):\n"
    "    while True:\n        print('x' * 10000)\n",
    # a function that kills the process that forked it
    "kills-parent": "import os, signal\n"
    "def count_parameters(model, trainable_only=True):\n    os.kill(os.getppid(), signal.SIGKILL)\n",
}


@pytest.fixture(scope="module")
def fast_course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The course with short time limits, so hanging submissions finish quickly."""
    data = yaml.safe_load((ROOT / "course.yml").read_text(encoding="utf-8"))
    # Short enough for hanging submissions to finish quickly, long enough for a loaded CI core.
    # (The import limit stays the course's: no student here hangs at import, and a correct
    # module must never miss it on a machine busy with other tests.)
    data["grading"].update(time_limit_s=6)
    path = tmp_path_factory.mktemp("course") / "course.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def make_class(folder: Path) -> Path:
    """Correct students, the sample's mistakes, a zip, a broken zip and the hostile ones."""
    folder.mkdir()
    for name in ("ada", "bo"):
        shutil.copytree(SOLUTIONS, folder / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "samples" / "typical-mistakes", folder / "cy")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted((ROOT / "samples" / "typical-mistakes").glob("*.py")):
            archive.write(path, f"my-work/{path.name}")
    (folder / "dee.zip").write_bytes(buffer.getvalue())
    (folder / "eve.zip").write_bytes(b"this is not a zip archive")
    for name, extra in HOSTILE.items():
        student = folder / name
        shutil.copytree(SOLUTIONS, student, ignore=shutil.ignore_patterns("__pycache__"))
        module = student / "s21_basics.py"
        module.write_text(module.read_text(encoding="utf-8") + "\n\n" + extra, encoding="utf-8")
    return folder


def batch(
    course: Path, *args: str, wait: bool = True
) -> subprocess.Popen | subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "autograder", "--course", str(course), "batch", *args]
    if not wait:
        return subprocess.Popen(
            cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
        )
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr
    return done


def rows(csv_path: Path) -> dict[str, dict[str, str]]:
    with open(csv_path, encoding="utf-8") as f:
        return {row["student"]: row for row in csv.DictReader(f)}


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory, fast_course: Path) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("batch")
    submissions = make_class(root / "class")
    batch(fast_course, str(submissions), "--output", str(root / "out"))
    return submissions, root / "out"


def test_every_student_gets_a_report_and_a_csv_row(graded, course) -> None:
    submissions, out = graded
    students = sorted(p.name.removesuffix(".zip") for p in submissions.iterdir())
    assert sorted(p.stem for p in out.glob("*.json")) == students
    table = rows(out / "grades.csv")
    assert sorted(table) == students
    header = list(next(iter(table.values())))
    assert header[:4] == ["student", "total", "max_score", "status"]
    assert header[4:] == [e.id for e in course.exercises]
    assert (
        float(table["ada"]["total"])
        == float(table["ada"]["max_score"])
        == sum(e.points for e in course.exercises)
    )
    assert table["cy"]["total"] == table["dee"]["total"], "a zip grades like the folder it holds"
    assert table["eve"]["status"] == "error" and float(table["eve"]["total"]) == 0
    assert "not a valid zip" in json.loads((out / "eve.json").read_text())["grading_error"]


def test_hostile_submissions_cost_only_what_they_break(graded) -> None:
    _, out = graded
    table = rows(out / "grades.csv")
    full = float(table["ada"]["total"])
    s21 = [k for k in table["ada"] if k.startswith("2.1.") and ".quiz." not in k]
    for name in ("hangs", "floods"):
        assert float(table[name]["2.1.count_parameters"]) == 0, name
        assert float(table[name]["total"]) == full - float(table["ada"]["2.1.count_parameters"]), (
            name
        )
    assert all(float(table["exits"][k]) == 0 for k in s21)
    assert float(table["exits"]["2.2.train_step"]) == float(table["ada"]["2.2.train_step"])
    killer = json.loads((out / "kills-parent.json").read_text())
    if killer["protection"] in ("namespaces", "uid"):  # it cannot reach any grading process
        assert killer["score"] == full - float(table["ada"]["2.1.count_parameters"])
    else:  # it took its worker's fork server down: tried again, then reported
        assert killer["score"] == 0 and "could not be graded" in killer["notes"][0]
    hang = json.loads((out / "hangs.json").read_text())
    stopped = next(e for e in hang["exercises"] if e["id"] == "2.1.count_parameters")
    assert stopped["status"] == "timeout", "a hang is stopped at its time limit"


def test_rerun_skips_graded_submissions_and_force_regrades(graded, fast_course: Path) -> None:
    submissions, out = graded
    before = {p.name: p.stat().st_mtime_ns for p in out.glob("*.json")}
    again = batch(fast_course, str(submissions), "--output", str(out))
    assert "graded 0" in again.stdout and f"already done {len(before)}" in again.stdout
    assert {p.name: p.stat().st_mtime_ns for p in out.glob("*.json")} == before
    forced = batch(fast_course, str(submissions), "--output", str(out), "--force", "--jobs", "1")
    assert "already done 0" in forced.stdout


def test_a_killed_batch_loses_nothing_and_resumes(
    tmp_path: Path, fast_course: Path, graded
) -> None:
    _, complete = graded
    submissions = make_class(tmp_path / "class")
    out = tmp_path / "out"
    process = batch(fast_course, str(submissions), "--output", str(out), "--jobs", "1", wait=False)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(list(out.glob("*.json"))) < 3:
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    finished = list(out.glob("*.json"))
    assert 3 <= len(finished) < len(list(submissions.iterdir())), "killed in the middle"
    for path in finished:  # every report on disk is whole
        assert json.loads(path.read_text())["student"] == path.stem
    resumed = batch(fast_course, str(submissions), "--output", str(out))
    assert f"already done {len(finished)}" in resumed.stdout
    assert not list(out.glob(".*.tmp"))
    assert rows(out / "grades.csv") == rows(complete / "grades.csv")


def test_shards_merge_into_the_unsharded_result(graded, fast_course: Path, tmp_path: Path) -> None:
    submissions, complete = graded
    for k in (1, 2, 3):
        batch(
            fast_course,
            str(submissions),
            "--output",
            str(tmp_path / f"shard{k}"),
            "--shard",
            f"{k}/3",
        )
    sizes = [len(list((tmp_path / f"shard{k}").glob("*.json"))) for k in (1, 2, 3)]
    assert sum(sizes) == len(list(submissions.iterdir())) and min(sizes) > 0
    merged = subprocess.run(
        [
            sys.executable,
            "-m",
            "autograder",
            "--course",
            str(fast_course),
            "merge",
            *(str(tmp_path / f"shard{k}") for k in (1, 2, 3)),
            "--output",
            str(tmp_path / "merged"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert merged.returncode == 0, merged.stderr
    assert (tmp_path / "merged" / "grades.csv").read_text() == (complete / "grades.csv").read_text()


def test_bad_shard_is_refused(fast_course: Path, tmp_path: Path) -> None:
    cmd = [
        sys.executable,
        "-m",
        "autograder",
        "batch",
        str(tmp_path),
        "--output",
        str(tmp_path / "o"),
        "--shard",
        "4/3",
    ]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 4 and "--shard" in done.stderr
