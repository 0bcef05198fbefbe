"""Grade on CUDA: solutions, the sample submission, device mistakes and a device-side assert.

Run on a machine with a CUDA GPU (``bench/gpu_check.sh``). It prints, for each
submission, the score and any exercise whose result differs from grading the
same code on the CPU, then a verdict line per expectation:

- solutions: full marks on cuda;
- the sample submission: the same points and mistakes on cuda as on cpu;
- device mistakes (h0 created on the wrong device): named on cuda;
- a device-side assert in one exercise: only that exercise loses its points.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def grade(path: Path, device: str, *select: str) -> dict:
    cmd = [
        sys.executable,
        "-m",
        "autograder",
        "grade",
        str(path),
        "--format",
        "json",
        "--device",
        device,
    ]
    for s in select:
        cmd += ["--select", s]
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, check=False, timeout=600)
    if done.returncode != 0:
        raise SystemExit(f"grading {path} on {device} failed:\n{done.stderr}")
    return json.loads(done.stdout)


def summary(report: dict) -> dict[str, tuple]:
    return {e["id"]: (e["score"], e["status"], tuple(e["mistakes"])) for e in report["exercises"]}


def line(ok: bool, text: str) -> bool:
    print(("PASS " if ok else "FAIL ") + text)
    return ok


def main() -> int:
    import torch

    if not torch.cuda.is_available():
        print("no CUDA device here: nothing to check")
        return 2
    print(f"torch {torch.__version__}, {torch.cuda.get_device_name(0)}")
    work = Path(tempfile.mkdtemp(prefix="ch2-gpu-"))
    results = []

    report = grade(ROOT / "solutions", "cuda")
    bad = {i: v for i, v in summary(report).items() if v[1] != "passed"}
    print(f"solutions on cuda: {report['score']}/{report['max_score']}", bad or "")
    results.append(line(report["score"] == report["max_score"], "solutions get full marks on cuda"))

    sample = ROOT / "samples" / "typical-mistakes"
    on_cpu, on_gpu = summary(grade(sample, "cpu")), summary(grade(sample, "cuda"))
    differ = {i: (on_cpu[i], on_gpu[i]) for i in on_cpu if on_cpu[i] != on_gpu[i]}
    print("sample differences cpu -> cuda:", differ or "none")
    results.append(line(not differ, "the sample submission grades the same on cuda and cpu"))

    for exercise, mistake in [
        ("2.6.init_hidden", "h0-wrong-device"),
        ("2.7.init_lstm_state", "h0-wrong-device"),
    ]:
        sample_file = ROOT / "tests" / "buggy" / exercise / f"{mistake}.py"
        module = {"2.6": "s26_rnn", "2.7": "s27_lstm"}[exercise[:3]]
        folder = work / f"{exercise}-{mistake}"
        folder.mkdir()
        shutil.copy(sample_file, folder / f"{module}.py")
        result = summary(grade(folder, "cuda", exercise))[exercise]
        print(f"{exercise} with {mistake} on cuda: {result}")
        results.append(line(mistake in result[2], f"{mistake} named on cuda for {exercise}"))

    folder = work / "device-assert"
    shutil.copytree(ROOT / "solutions", folder, ignore=shutil.ignore_patterns("__pycache__"))
    with open(folder / "s26_rnn.py", "a", encoding="utf-8") as f:
        f.write(
            "\n\ndef to_time_major(x):\n"
            "    index = torch.tensor([x.shape[1] + 5], device=x.device)  # out of range\n"
            "    return x[:, index].transpose(0, 1)\n"
        )
    result = summary(grade(folder, "cuda", "2.6", "2.7"))
    struck = {i for i, v in result.items() if v[1] != "passed"}
    print("after a device-side assert in 2.6.to_time_major:", {i: result[i] for i in struck})
    results.append(
        line(struck == {"2.6.to_time_major"}, "a device-side assert costs only its exercise")
    )
    shutil.rmtree(work, ignore_errors=True)
    print(f"{sum(results)}/{len(results)} checks passed")
    return 0 if all(results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
