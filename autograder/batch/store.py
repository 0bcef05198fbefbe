"""The output folder of a batch: one JSON report per student, and the class CSV."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from autograder.atomic import replace_file
from autograder.course import Course
from autograder.errors import SubmissionError
from autograder.reporters.json_report import read_report_file
from autograder.reporters.table import grades_csv

CSV_NAME = "grades.csv"
# Bytes of a report's file name taken from the student id (file systems allow 255 in all).
MAX_NAME_BYTES = 100
# Besides letters and digits; spaces too (LMS downloads name folders "First Last_1234").
_NAME_PUNCTUATION = frozenset("._-+=@,() ")


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so that readers see the old file or the whole new one."""
    # A character that cannot be encoded (a lone surrogate) is written as an escape,
    # which is still valid JSON: one odd string must not cost a report. A report is for
    # the course staff to read, like any output file.
    replace_file(path, text.encode("utf-8", errors="backslashreplace"), 0o644)


def report_name(student: str) -> str:
    """The file name (without ``.json``) of a student's report: the id when it is a safe name.

    Otherwise (a path separator, ``..``, a leading dot or space, control or odd
    characters, too long) the safe characters of the id, then ``~`` and a digest of the
    whole id: never a path, never hidden, bounded, and distinct for distinct ids, since
    ``~`` appears in no name kept as it is.
    """
    safe = all(c.isalnum() or c in _NAME_PUNCTUATION for c in student)
    plain = student == student.strip() and not student.startswith(".")
    if safe and plain and student and len(student.encode()) <= MAX_NAME_BYTES:
        return student
    kept = "".join(c for c in student if c.isalnum() or c in _NAME_PUNCTUATION)
    kept = kept.lstrip(". ")  # never hidden
    kept = kept.encode()[: MAX_NAME_BYTES // 2].decode("utf-8", "ignore")
    digest = hashlib.sha256(student.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return f"{kept}~{digest}"


def report_path(folder: Path, student: str) -> Path:
    """Where a student's JSON report goes (a file directly in ``folder``, see :func:`report_name`)."""
    return folder / f"{report_name(student)}.json"


def load_report(path: Path) -> dict[str, Any] | None:
    """A finished report, or None if the file is missing or not a complete report."""
    try:
        data = read_report_file(path)
    except (OSError, ValueError, RecursionError, SubmissionError):  # links, FIFOs, too big
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
