"""Tabular outputs: the CSV of a class (one row per student) and a Markdown summary.

Cells go through ``safe_text``: a CSV cell is never a spreadsheet formula and a
Markdown cell never breaks its row, whatever a student id or a note holds.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from typing import Any

from autograder.i18n import t
from autograder.model import Report
from autograder.reporters.safe_text import csv_cell, markdown_cell


def grades_csv(reports: Mapping[str, Mapping[str, Any]], items: Sequence[str]) -> str:
    """CSV text: student, total, max_score, then one column per exercise and quiz item.

    ``reports`` maps a student id to its JSON report (as written by the JSON reporter).
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([csv_cell(c) for c in ("student", "total", "max_score", "status", *items)])
    for student in sorted(reports):
        report = reports[student]
        scores = {e["id"]: e["score"] for e in report.get("exercises", [])}
        status = (report.get("grading_error") and "error") or "graded"
        row = [
            student,
            report.get("score", 0),
            report.get("max_score", 0),
            status,
            *(scores.get(i, "") for i in items),
        ]
        writer.writerow([csv_cell(c) for c in row])
    return buffer.getvalue()


def render_markdown(report: Report) -> str:
    """A Markdown table of the report (for a CI job summary)."""
    lang = report.lang
    head = [t(k, lang) for k in ("table.exercise", "table.points", "table.status", "table.mistake")]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in report.exercises:
        cells = [
            r.id,
            f"{r.score:g}/{r.max_score:g}",
            t(f"status.{r.status.value}", lang),
            ", ".join(r.mistakes),
        ]
        lines.append("| " + " | ".join(markdown_cell(c) for c in cells) + " |")
    total = f"**{t('table.total', lang)}: {report.score:g}/{report.max_score:g}**"
    notes = [markdown_cell(n) for n in report.notes]
    return "\n".join([*lines, "", total, *notes]) + "\n"
