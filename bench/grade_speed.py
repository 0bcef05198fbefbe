"""Wall time of `ch2-grade grade solutions` as a ratio to `python -c "import torch"`.

Both are measured in the same run, alternating, and the medians compared:

    .venv/bin/python bench/grade_speed.py [--repeat 5] [--path solutions]

Target: ratio <= 2.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def wall(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--path", default="solutions", help="submission to grade")
    args = parser.parse_args()
    torch_cmd = [sys.executable, "-c", "import torch"]
    grade_cmd = [sys.executable, "-m", "autograder", "grade", args.path, "--format", "json"]
    wall(torch_cmd)  # warm the file cache for both
    wall(grade_cmd)
    torch_times, grade_times = [], []
    for _ in range(args.repeat):
        torch_times.append(wall(torch_cmd))
        grade_times.append(wall(grade_cmd))
    t_torch = statistics.median(torch_times)
    t_grade = statistics.median(grade_times)
    print(
        f"python -c 'import torch'       median {t_torch:.3f} s  (runs: {', '.join(f'{t:.2f}' for t in torch_times)})"
    )
    print(
        f"ch2-grade grade {args.path:<14} median {t_grade:.3f} s  (runs: {', '.join(f'{t:.2f}' for t in grade_times)})"
    )
    print(f"ratio grade / import torch: {t_grade / t_torch:.2f}  (target <= 2.00)")


if __name__ == "__main__":
    main()
