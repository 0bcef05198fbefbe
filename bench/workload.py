"""Generated class workloads for the benchmarks: answered section notebooks per student.

Every student answers from the reference (the source notebooks' solutions);
some then break things: ``buggy`` gets two answers wrong, ``hang`` never returns
from one function (and ignores SIGINT), ``crash`` ends its process while one
notebook is imported, ``flood`` prints without end.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from autograder.course import load_course  # noqa: E402
from autograder.course_build.nbgrader_course import build_course  # noqa: E402

NBGRADER = str(Path(sys.executable).with_name("nbgrader"))
ASSIGNMENT = "ch2"
KINDS = ("correct", "buggy", "correct", "hang", "correct", "crash", "buggy", "flood")
SABOTAGE = {
    "hang": "import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nwhile True:\n    pass\n",
    "crash": "import os\nos._exit(3)\n",
    "flood": "while True:\n    print('x' * 10000)\n",
}


def nbgrader(*args: str, cwd: Path, allow_failures: bool = False) -> int:
    """Run an nbgrader command; the number of submissions it could not process.

    Plain nbgrader gives up on a whole submission when a cell ignores the
    interrupt at its timeout; with ``allow_failures`` that is counted, not fatal.
    """
    # nbgrader runs its helpers (alembic) by name: give it the environment's bin first.
    path = f"{Path(NBGRADER).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    done = subprocess.run(
        [NBGRADER, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PATH": path},
    )
    failed = done.stderr.count("There was an error processing assignment '")
    if done.returncode != 0 and not (allow_failures and failed):
        raise SystemExit(
            f"nbgrader {' '.join(args)} failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
        )
    return failed


def course_file(path: Path, base: Path = ROOT, **grading: object) -> Path:
    """The course.yml of ``base`` (this project) with ``grading`` settings changed, written
    to ``path``."""
    data = yaml.safe_load((base / "course.yml").read_text(encoding="utf-8"))
    data["grading"].update(grading)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def kind_of(student: int, kinds: tuple[str, ...] = KINDS) -> str:
    """The kind of the student with this number."""
    return kinds[student % len(kinds)]


def answered(source: Path, release: Path, kind: str) -> dict[str, str]:
    """The released notebooks answered from the source solutions, then broken as ``kind`` says."""
    out = {}
    for path in sorted(release.glob("*.ipynb")):
        notebook = json.loads(path.read_text(encoding="utf-8"))
        reference = json.loads((source / path.name).read_text(encoding="utf-8"))
        solved = {
            c["metadata"].get("nbgrader", {}).get("grade_id", ""): "".join(c["source"])
            for c in reference["cells"]
        }
        for cell in notebook["cells"]:
            grade_id = cell["metadata"].get("nbgrader", {}).get("grade_id", "")
            if not grade_id.startswith("answer_") or grade_id.endswith("quiz"):
                continue
            text = re.sub(r"\n *### (BEGIN|END) SOLUTION", "", solved[grade_id])
            if kind == "buggy" and grade_id.endswith(("build_mlp", "softmax")):
                text = text.replace("return", "return 0 *", 1)
            if kind in SABOTAGE and grade_id.endswith("count_parameters"):
                body = (
                    SABOTAGE[kind]
                    if kind == "crash"
                    else "def count_parameters(model, trainable_only=True):\n"
                    + "\n".join("    " + line for line in SABOTAGE[kind].splitlines())
                )
                text = text + "\n\n" + body
            cell["source"] = text
        out[path.name] = json.dumps(notebook)
    return out


def make_course(
    root: Path, students: int, *, plain: bool, timeout: int = 30, kinds: tuple[str, ...] = KINDS
) -> Path:
    """An nbgrader course with ``students`` submissions already collected.

    ``plain``: nbgrader's default autograde pipeline (a kernel per notebook, cell
    timeout ``timeout``) instead of this project's configuration.
    """
    course = load_course()
    course_dir = root / ("plain" if plain else "ours")
    build_course(course_dir, course, exchange=root / "exchange", lang="en")
    if plain:
        config = course_dir / "nbgrader_config.py"
        keep = [
            line
            for line in config.read_text().splitlines()
            if line.startswith(("c = get_config", "c.CourseDirectory", "c.Exchange", "import os"))
        ]
        config.write_text(
            "\n".join([*keep, f"c.Execute.timeout = {timeout}", ""]), encoding="utf-8"
        )
    nbgrader("generate_assignment", ASSIGNMENT, cwd=course_dir)
    source = course_dir / "source" / ASSIGNMENT
    release = course_dir / "release" / ASSIGNMENT
    for k in range(students):
        folder = course_dir / "submitted" / f"student{k:03d}" / ASSIGNMENT
        folder.mkdir(parents=True)
        for name, text in answered(source, release, kind_of(k, kinds)).items():
            (folder / name).write_text(text, encoding="utf-8")
        (folder / "timestamp.txt").write_text("2026-11-27 12:00:00.000000 UTC")
    return course_dir


def copy_submissions(course_dir: Path, target: Path) -> Path:
    """The course's collected notebooks as a batch folder: one sub-folder per student."""
    for student in sorted((course_dir / "submitted").iterdir()):
        folder = target / student.name
        folder.mkdir(parents=True)
        for notebook in (student / ASSIGNMENT).glob("*.ipynb"):
            (folder / notebook.name).write_bytes(notebook.read_bytes())
    return target
