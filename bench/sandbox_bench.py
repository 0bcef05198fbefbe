"""The sandbox's cost per submission: the same class graded with and without it, in one run.

Both runs use ``ch2-grade batch`` on the same generated submissions (correct and
buggy, no hangs, so the time is grading time), with ``grading.sandbox: none``
and with every protection this machine allows (``uid`` when root, ``namespaces``
where the kernel lets us), in turns.

    .venv/bin/python bench/sandbox_bench.py [--students 12] [--repeat 3] [--baseline REV]

``--baseline REV`` also grades the same class with the code of git revision REV (a
temporary worktree put first on PYTHONPATH), in turns with the current code, and
prints before and after per protection.
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


def run(course: Path, submissions: Path, out: Path, code: Path = ROOT) -> float:
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
    env = {**os.environ, "PYTHONPATH": str(code)}
    start = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, cwd=code, env=env)
    return time.perf_counter() - start


def worktree(revision: str, folder: Path) -> Path:
    """A checkout of ``revision`` in ``folder`` (removed with the bench's scratch folder)."""
    subprocess.run(
        ["git", "worktree", "add", "--detach", str(folder), revision],
        check=True, capture_output=True, cwd=ROOT,
    )  # fmt: skip
    return folder


def report(label: str, n: int, repeat: int, times: dict[str, list[float]]) -> None:
    base = statistics.median(times["none"])
    print(f"{label}: {n} submissions, median of {repeat} batch runs per protection")
    for mode, runs in times.items():
        t = statistics.median(runs)
        line = f"{mode:>10}: {t:6.2f} s  ({t / n:.3f} s per submission)"
        if mode != "none":
            line += f"  cost {(t - base) / n * 1000:+.0f} ms per submission; ratio {t / base:.2f}"
        print(line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--students", type=int, default=12)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--baseline", default=None, help="git revision to compare with")
    args = parser.parse_args()
    modes = ["none", *(["uid"] if os.geteuid() == 0 else [])]
    if available_mode() == "namespaces":
        modes.append("namespaces")
    root = Path(tempfile.mkdtemp(prefix="ch2-sandbox-bench-"))
    # The baseline's code lives here: the sandbox user must be able to read it, or every
    # uid-mode student process of the baseline fails at once and looks fast.
    root.chmod(0o755)
    codes = {"after": ROOT}
    times = {label: {mode: [] for mode in modes} for label in ("before", "after")}
    try:
        if args.baseline:
            codes = {"before": worktree(args.baseline, root / "baseline"), **codes}
        course_dir = make_course(root, args.students, plain=False, kinds=("correct", "buggy"))
        submissions = copy_submissions(course_dir, root / "class")
        courses = {
            (label, mode): course_file(root / f"course-{label}-{mode}.yml", code, sandbox=mode)
            for label, code in codes.items()
            for mode in modes
        }
        for _ in range(args.repeat):
            for mode in modes:
                for label, code in codes.items():
                    out = root / "out"
                    times[label][mode].append(run(courses[label, mode], submissions, out, code))
    finally:
        if args.baseline:
            subprocess.run(
                ["git", "worktree", "remove", "--force", str(root / "baseline")],
                capture_output=True, cwd=ROOT, check=False,
            )  # fmt: skip
        shutil.rmtree(root, ignore_errors=True)
    for label in codes:
        report(label if args.baseline else "current code", args.students, args.repeat, times[label])
    if args.baseline:
        print("after / before, per protection:")
        for mode in modes:
            after = statistics.median(times["after"][mode])
            before = statistics.median(times["before"][mode])
            print(f"{mode:>10}: {after / before:.2f}")


if __name__ == "__main__":
    main()
