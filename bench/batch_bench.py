"""Batch grading against nbgrader autograde, on the same N generated submissions, in one run.

The class (default 20 students) mixes correct, buggy and hostile submissions
(a hang that ignores SIGINT, a crash at import, an output flood), as filled-in
section notebooks. Timed on this machine:

- ``ch2-grade batch`` (pre-warmed worker pool, ``--jobs`` = cores);
- ``nbgrader autograde`` through this project's nbgrader pipeline (GradeWithEngine,
  which grades the whole run ahead with the batch pool);
- ``nbgrader autograde`` with the same pipeline but no grading at all (a no-op in place of
  GradeWithEngine): nbgrader's own cost of reading, checking and recording each notebook,
  the floor under any grader that works through nbgrader;
- ``nbgrader autograde`` with nbgrader's plain pipeline (a kernel per notebook).

    .venv/bin/python bench/batch_bench.py [--students 20] [--skip-plain]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from workload import ASSIGNMENT, ROOT, copy_submissions, course_file, make_course, nbgrader

NO_GRADING = """
from nbgrader.preprocessors import NbGraderPreprocessor as _Preprocessor


class _NoGrading(_Preprocessor):
    def preprocess(self, nb, resources):
        return nb, resources


c.Autograde.autograde_preprocessors = [
    _NoGrading if p is GradeWithEngine else p for p in c.Autograde.autograde_preprocessors
]
"""


def without_grading(config: Path) -> None:
    """The course's nbgrader config with a no-op in place of GradeWithEngine."""
    config.write_text(config.read_text(encoding="utf-8") + NO_GRADING, encoding="utf-8")


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--students", type=int, default=20)
    parser.add_argument(
        "--skip-plain", action="store_true", help="leave out nbgrader's plain pipeline (slow)"
    )
    parser.add_argument(
        "--time-limit",
        type=float,
        default=3.0,
        help="seconds per exercise, for batch and our nbgrader pipeline",
    )
    args = parser.parse_args()
    n = args.students
    root = Path(tempfile.mkdtemp(prefix="ch2-batch-bench-"))
    course = course_file(root / "course.yml", time_limit_s=args.time_limit)
    os.environ["CH2_COURSE"] = str(course)  # read by GradeWithEngine inside nbgrader too
    try:
        ours_dir = make_course(root, n, plain=False)
        submissions = copy_submissions(ours_dir, root / "class")
        batch_cmd = [
            sys.executable,
            "-m",
            "autograder",
            "batch",
            str(submissions),
            "--output",
            str(root / "out"),
        ]
        t_batch = timed(
            lambda: subprocess.run(batch_cmd, check=True, capture_output=True, cwd=ROOT)
        )
        floor_dir = make_course(root / "floor", n, plain=False)
        without_grading(floor_dir / "nbgrader_config.py")
        t_floor = timed(lambda: nbgrader("autograde", ASSIGNMENT, cwd=floor_dir))
        t_ours = timed(lambda: nbgrader("autograde", ASSIGNMENT, cwd=ours_dir))
        t_plain = None
        gave_up = 0
        if not args.skip_plain:
            plain_dir = make_course(root, n, plain=True)
            start = time.perf_counter()
            gave_up = nbgrader("autograde", ASSIGNMENT, cwd=plain_dir, allow_failures=True)
            t_plain = time.perf_counter() - start
    finally:
        shutil.rmtree(root, ignore_errors=True)
    print(f"{n} full-chapter submissions (correct, buggy, hostile), {os.cpu_count()} cores")
    print(f"time limit per exercise: {args.time_limit:g} s (ours); plain nbgrader: 30 s per cell")
    print(
        f"ch2-grade batch:                             {t_batch:7.1f} s  ({t_batch / n:.2f} s per submission)"
    )
    print(
        f"nbgrader autograde, our pipeline:            {t_ours:7.1f} s  ({t_ours / n:.2f} s per submission)"
    )
    print(
        f"nbgrader autograde, no grading (the floor):  {t_floor:7.1f} s  ({t_floor / n:.2f} s per submission)"
    )
    if t_plain is not None:
        print(
            f"nbgrader autograde, plain (kernels):         {t_plain:7.1f} s  ({t_plain / n:.2f} s per submission;"
            f" it gave up on {gave_up} of them)"
        )
    print(f"nbgrader with our pipeline / batch, per submission: {t_ours / t_batch:.2f}")
    print(f"nbgrader with no grading at all / batch:            {t_floor / t_batch:.2f}")
    print(
        f"our grading's cost on top of nbgrader's own:        {(t_ours - t_floor) / n:.2f} s per submission"
    )
    if t_plain is not None:
        print(f"batch is {t_plain / t_batch:.1f}x faster than plain nbgrader autograde")


if __name__ == "__main__":
    main()
