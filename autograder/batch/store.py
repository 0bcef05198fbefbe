"""The output folder of a batch: one JSON report per student, and the class CSV."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from autograder.course import Course
from autograder.reporters.table import grades_csv

CSV_NAME = "grades.csv"


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so that readers see the old file or the whole new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, 0o644)  # a report is for the course staff to read, like any output file
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def report_path(folder: Path, student: str) -> Path:
    """Where a student's JSON report goes."""
    return folder / f"{student}.json"


def load_report(path: Path) -> dict[str, Any] | None:
    """A finished report, or None if the file is missing or not a complete report."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or "student" not in data or "exercises" not in data:
        return None
    return data


def remove_leftovers(folder: Path) -> None:
    """Delete temporary files a killed run left behind."""
    for path in folder.glob(".*.tmp"):
        path.unlink(missing_ok=True)


def collect_reports(folders: Iterable[Path]) -> dict[str, dict[str, Any]]:
    """Every finished report in the folders, by student (a later folder wins)."""
    reports: dict[str, dict[str, Any]] = {}
    for folder in folders:
        for path in sorted(Path(folder).glob("*.json")):
            report = load_report(path)
            if report is not None:
                reports[str(report["student"])] = report
    return reports


def write_csv(path: Path, reports: dict[str, dict[str, Any]], course: Course) -> None:
    """The class CSV: one row per student, one column per exercise and quiz item."""
    write_atomically(path, grades_csv(reports, [e.id for e in course.exercises]))
