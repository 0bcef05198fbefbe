"""What every hostile-submission test checks, shared by the attack suites.

An attack must leave: valid output in every format, nothing earned that the same
wrong code does not earn without the trick, nothing secret in any output, no
process behind, no file changed outside the sandbox, and everyone else graded.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import time
import xml.etree.ElementTree as ET
from pathlib import Path

from autograder.course import FeedbackPolicy
from autograder.executor.isolated import Limits
from autograder.harness.sandbox import available_mode
from autograder.model import Report
from autograder.reporters.gradescope import render_gradescope
from autograder.reporters.html import render_html
from autograder.reporters.json_report import render_json, report_dict
from autograder.reporters.junit import render_junit
from autograder.reporters.table import grades_csv, render_markdown
from autograder.reporters.text import render_text

ROOT = Path(__file__).resolve().parent.parent
MODE = available_mode()
# Every protection this machine can give: the strongest, and the uid fallback when root.
MODES = list(dict.fromkeys([MODE, *(["uid"] if os.geteuid() == 0 else [])]))
LIMITS = Limits(
    time_limit_s=3,
    import_time_limit_s=10,  # a correct module on a busy machine, never near it
    memory_limit_mb=1024,
    cpu_time_limit_s=20,
    max_processes=64,
    output_limit_mb=4,
)
# Files no student process may change.
PROTECTED = [ROOT / "autograder", ROOT / "solutions", ROOT / "course.yml", ROOT / "exercises"]
# Put into the grader's environment by tests/conftest.py: it must never reach a report.
ENV_SECRET = "ch2-environment-secret-4b1d"


def fingerprint(paths: list[Path]) -> dict[str, str]:
    """sha256 of every file under ``paths`` (caches left out)."""
    prints = {}
    for root in paths:
        files = (
            [root]
            if root.is_file()
            else sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
        )
        for path in files:
            prints[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return prints


def marker_processes(marker: str) -> list[int]:
    """Pids of live processes whose command line holds ``marker``."""
    found = []
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                status = Path(f"/proc/{pid}/stat").read_text().split()
                if len(status) > 2 and status[2] == "Z":
                    continue  # a zombie holds nothing and runs nothing
                if marker in Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace"):
                    found.append(int(pid))
            except OSError:
                continue
    return found


def assert_no_process(marker: str, wait_s: float = 5.0) -> None:
    """No process carrying ``marker`` is alive (after a short grace period)."""
    deadline = time.monotonic() + wait_s
    while marker_processes(marker) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not marker_processes(marker), f"a process marked {marker!r} outlived grading"


def secret_lines() -> list[str]:
    """Lines of the hidden graders and of the reference solutions long enough to be telling."""
    lines: list[str] = []
    for folder in (ROOT / "autograder" / "graders", ROOT / "solutions"):
        for path in folder.glob("*.py"):
            for line in path.read_text(encoding="utf-8").splitlines():
                stripped = line.strip()
                if len(stripped) > 30 and not stripped.startswith(("#", '"""', "def ", "from ")):
                    lines.append(stripped)
    return lines


def secrets() -> list[str]:
    """Everything that must never appear in any output."""
    found = [ENV_SECRET]
    shadow = Path("/etc/shadow")
    try:
        found += [line for line in shadow.read_text().splitlines() if ":$" in line]
    except OSError:
        pass
    return found + secret_lines()


def render_every_format(report: Report, student: str = "student") -> dict[str, str]:
    """The report in every output format, each parsed back to prove it is valid."""
    policy = FeedbackPolicy()
    outputs = {
        "json": render_json(report),
        "gradescope": render_gradescope(report, policy),
        "junit": render_junit(report),
        "markdown": render_markdown(report),
        "text": render_text(report),
        "html": render_html(report),
    }
    assert "<script" not in outputs["html"].lower(), "student text is escaped in the page"
    json.loads(outputs["json"])
    json.loads(outputs["gradescope"])
    ET.fromstring(outputs["junit"].encode("utf-8"))
    for name, text in outputs.items():
        text.encode("utf-8")  # no lone surrogates: every format is writable as UTF-8
        assert text.strip(), f"{name} output is empty"
    items = [r.id for r in report.exercises]
    table = grades_csv({student: report_dict(report)}, items)
    rows = list(csv.reader(io.StringIO(table)))
    assert len(rows) == 2, "one header and one row for the student"
    outputs["csv"] = table
    return outputs


def assert_nothing_secret(outputs: dict[str, str]) -> None:
    """No secret (grader or reference code, the environment's secret, password hashes)."""
    every = "\n".join(outputs.values())
    for secret in secrets():
        assert secret not in every, f"secret in the output: {secret[:60]!r}"
