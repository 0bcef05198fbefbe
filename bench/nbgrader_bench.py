"""Autograding N full-chapter submissions: our nbgrader pipeline next to plain nbgrader.

Both runs use the real nbgrader on the same submitted notebooks, in one run:

- ours: the course written by ``ch2-grade build-course`` (GradeWithEngine grades
  every notebook with the isolated engine, no kernel);
- plain: the same course and notebooks with nbgrader's default autograde
  pipeline (``Execute``: one kernel per notebook runs every cell, test cells
  included; cell timeout 30 s).

    .venv/bin/python bench/nbgrader_bench.py [--students 5]

Prints both wall times, the per-submission times and the ratio.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

from workload import ASSIGNMENT, make_course, nbgrader


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
        ours = timed_autograde(make_course(root, args.students, plain=False))
        plain = timed_autograde(make_course(root, args.students, plain=True))
    finally:
        shutil.rmtree(root, ignore_errors=True)
    n = args.students
    print(f"{n} submissions x 8 notebooks (correct, buggy and hostile ones)")
    print(
        f"nbgrader autograde, our pipeline (isolated engine): {ours:7.1f} s  ({ours / n:.2f} s per submission)"
    )
    print(
        f"nbgrader autograde, plain (kernel per notebook):    {plain:7.1f} s  ({plain / n:.2f} s per submission)"
    )
    print(f"plain / ours: {plain / ours:.1f}x")


if __name__ == "__main__":
    main()
