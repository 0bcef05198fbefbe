"""Time to build the class report of a large class (generated reports, no grading).

    .venv/bin/python bench/class_report_bench.py [--students 1000] [--repeat 3]

One real report (the graded ``samples/typical-mistakes``) is the template; each
generated student gets random scores, named mistakes and quiz answers on every
item, written as a batch output folder. Prints the median time of the HTML page
and of the JSON tables, and the ratio to the 10 s target.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from autograder.class_report.report import class_report  # noqa: E402
from autograder.course import load_course  # noqa: E402

TARGET_S = 10.0


def template() -> dict:
    done = subprocess.run(
        [sys.executable, "-m", "autograder", "grade", "samples/typical-mistakes", "--format", "json"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return json.loads(done.stdout)


def generate(folder: Path, students: int, base: dict, rng: random.Random) -> None:
    mistakes = sorted({m for e in base["exercises"] for m in e["mistakes"]}) or ["relu-on-output"]
    for n in range(students):
        exercises = []
        for e in base["exercises"]:
            right = rng.random() < 0.6
            score = e["max_score"] if right else round(rng.uniform(0, e["max_score"]), 2)
            item = {**e, "score": score, "status": "passed" if right else "failed"}
            item["mistakes"] = [] if right or rng.random() < 0.3 else [rng.choice(mistakes)]
            if ".quiz." in e["id"]:
                item["answer"] = rng.choice("ABCD")
            exercises.append(item)
        report = {**base, "student": f"s{n:04d}", "exercises": exercises}
        report["score"] = round(sum(e["score"] for e in exercises), 2)
        (folder / f"s{n:04d}.json").write_text(
            json.dumps(report, ensure_ascii=False), encoding="utf-8"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--students", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    course = load_course()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        generate(folder, args.students, template(), random.Random(0))
        for fmt in ("html", "json"):
            times = []
            for _ in range(args.repeat):
                start = time.perf_counter()
                text = class_report(folder, course, fmt, "en")
                times.append(time.perf_counter() - start)
            median = statistics.median(times)
            print(
                f"{fmt:4s} {args.students} students: median {median:.2f} s "
                f"({len(text) / 1e6:.1f} MB; runs {', '.join(f'{t:.2f}' for t in times)}); "
                f"ratio to the {TARGET_S:g} s target {median / TARGET_S:.2f}"
            )


if __name__ == "__main__":
    main()
