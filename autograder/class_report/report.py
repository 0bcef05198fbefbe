"""Build the class report of a results folder in one of its formats."""

from __future__ import annotations

from pathlib import Path

from autograder.class_report.analysis import analyse
from autograder.class_report.page import render_page
from autograder.class_report.results import read_batch_folder, read_nbgrader_course
from autograder.class_report.tables import render_csv, render_json
from autograder.course import Course

FORMATS = ("html", "csv", "json")
REPORT_NAME = "class-report.html"  # what batch writes beside its results


def class_report(
    results: Path | str,
    course: Course,
    fmt: str = "html",
    lang: str | None = None,
    assignment: str | None = None,
) -> str:
    """The class report of a ``ch2-grade batch`` output folder or an nbgrader course
    folder (one with ``gradebook.db``; ``assignment`` when it has several), in ``fmt``."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r} (use {', '.join(FORMATS)})")
    lang = lang or course.default_language
    results = Path(results)
    if (results / "gradebook.db").is_file():
        read = read_nbgrader_course(results, assignment)
    else:
        read = read_batch_folder(results)
    tables = analyse(read, course)
    if fmt == "json":
        return render_json(tables)
    if fmt == "csv":
        return render_csv(tables)
    return render_page(tables, read, course, lang)
