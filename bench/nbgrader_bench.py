"""Autograding N full-chapter submissions: our nbgrader pipeline next to plain nbgrader.

Both runs use the real nbgrader on the same submitted notebooks, in one run:

- ours: the course written by ``ch2-grade build-course`` (GradeWithEngine grades
  every notebook with the isolated engine, no kernel);
- plain: the same course and notebooks with nbgrader's default autograde
  pipeline (``Execute``: one kernel per notebook runs every cell, test cells
  included).

    .venv/bin/python bench/nbgrader_bench.py [--students 5]

Prints both wall times, the per-submission times and the ratio.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from autograder.course import load_course  # noqa: E402
from autograder.course_build.nbgrader_course import build_course  # noqa: E402

NBGRADER = str(Path(sys.executable).with_name("nbgrader"))
ASSIGNMENT = "ch2"


def nbgrader(*args: str, cwd: Path) -> None:
    done = subprocess.run([NBGRADER, *args], cwd=cwd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(
            f"nbgrader {' '.join(args)} failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
        )


def answered(source: Path, release: Path, student: int) -> dict[str, str]:
    """Notebooks answered from the source solutions; every other student breaks one answer."""
    out = {}
    for path in sorted(release.glob("*.ipynb")):
        notebook = json.loads(path.read_text(encoding="utf-8"))
        reference = json.loads((source / path.name).read_text(encoding="utf-8"))
        solved = {
            c["metadata"]["nbgrader"]["grade_id"]: "".join(c["source"]) for c in reference["cells"]
        }
        for cell in notebook["cells"]:
            grade_id = cell["metadata"].get("nbgrader", {}).get("grade_id", "")
            if grade_id.startswith("answer_") and not grade_id.endswith("quiz"):
                text = re.sub(r"\n *### (BEGIN|END) SOLUTION", "", solved[grade_id])
                if student % 2 and grade_id.endswith(("build_mlp", "softmax")):
                    text = text.replace("return", "return 0 *", 1)
                cell["source"] = text
        out[path.name] = json.dumps(notebook)
    return out


def prepare(root: Path, students: int, plain: bool) -> Path:
    course = load_course()
    course_dir = root / ("plain" if plain else "ours")
    build_course(course_dir, course, exchange=root / "exchange", lang="en")
    if plain:  # nbgrader's defaults: execute every notebook in a kernel
        config = course_dir / "nbgrader_config.py"
        keep = [
            line
            for line in config.read_text().splitlines()
            if line.startswith(("c = get_config", "c.Course", "c.Exchange", "import os"))
        ]
        config.write_text("\n".join([*keep, "c.Execute.timeout = 600", ""]), encoding="utf-8")
    nbgrader("generate_assignment", ASSIGNMENT, cwd=course_dir)
    source = course_dir / "source" / ASSIGNMENT
    release = course_dir / "release" / ASSIGNMENT
    for k in range(students):
        folder = course_dir / "submitted" / f"student{k}" / ASSIGNMENT
        folder.mkdir(parents=True)
        for name, text in answered(source, release, k).items():
            (folder / name).write_text(text, encoding="utf-8")
        (folder / "timestamp.txt").write_text("2026-11-27 12:00:00.000000 UTC")
    return course_dir


def timed_autograde(course_dir: Path) -> float:
    start = time.perf_counter()
    nbgrader("autograde", ASSIGNMENT, cwd=course_dir)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--students", type=int, default=5)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="ch2-nbgrader-bench-"))
    try:
        ours_dir = prepare(root, args.students, plain=False)
        plain_dir = prepare(root, args.students, plain=True)
        ours = timed_autograde(ours_dir)
        plain = timed_autograde(plain_dir)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    n = args.students
    print(f"{n} submissions x 8 notebooks")
    print(
        f"nbgrader autograde, our pipeline (isolated engine): {ours:7.1f} s  ({ours / n:.2f} s per submission)"
    )
    print(
        f"nbgrader autograde, plain (kernel per notebook):    {plain:7.1f} s  ({plain / n:.2f} s per submission)"
    )
    print(f"plain / ours: {plain / ours:.1f}x")


if __name__ == "__main__":
    main()
