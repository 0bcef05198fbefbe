"""The sandbox's cost per submission: the same class graded with and without it, in one run.

Both runs use ``ch2-grade batch`` on the same generated submissions (correct and
buggy, no hangs, so the time is grading time), with ``grading.sandbox: none``
and with every protection this machine allows (``uid`` when root, ``namespaces``
where the kernel lets us), in turns.

    .venv/bin/python bench/sandbox_bench.py [--students 12] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from workload import ROOT, copy_submissions, course_file, make_course

from autograder.harness.sandbox import available_mode


def run(course: Path, submissions: Path, out: Path) -> float:
    shutil.rmtree(out, ignore_errors=True)
    cmd = [
        sys.executable,
        "-m",
        "autograder",
        "--course",
        str(course),
        "batch",
        str(submissions),
        "--output",
        str(out),
    ]
    start = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, cwd=ROOT)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--students", type=int, default=12)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    modes = ["none", *(["uid"] if os.geteuid() == 0 else [])]
    if available_mode() == "namespaces":
        modes.append("namespaces")
    root = Path(tempfile.mkdtemp(prefix="ch2-sandbox-bench-"))
    times: dict[str, list[float]] = {mode: [] for mode in modes}
    try:
        course_dir = make_course(root, args.students, plain=False, kinds=("correct", "buggy"))
        submissions = copy_submissions(course_dir, root / "class")
        courses = {mode: course_file(root / f"course-{mode}.yml", sandbox=mode) for mode in modes}
        for _ in range(args.repeat):
            for mode in modes:
                times[mode].append(run(courses[mode], submissions, root / "out"))
    finally:
        shutil.rmtree(root, ignore_errors=True)
    n = args.students
    base = statistics.median(times["none"])
    print(f"{n} submissions, median of {args.repeat} batch runs per protection")
    for mode in modes:
        t = statistics.median(times[mode])
        line = f"{mode:>10}: {t:6.2f} s  ({t / n:.3f} s per submission)"
        if mode != "none":
            line += f"  cost {(t - base) / n * 1000:+.0f} ms per submission; ratio {t / base:.2f}"
        print(line)


if __name__ == "__main__":
    main()
