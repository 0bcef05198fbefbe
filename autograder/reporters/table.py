"""Tabular outputs: the CSV of a class (one row per student) and a Markdown summary."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from typing import Any

from autograder.i18n import t
from autograder.model import Report


def grades_csv(reports: Mapping[str, Mapping[str, Any]], items: Sequence[str]) -> str:
    """CSV text: student, total, max_score, then one column per exercise and quiz item.

    ``reports`` maps a student id to its JSON report (as written by the JSON reporter).
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["student", "total", "max_score", "status", *items])
    for student in sorted(reports):
        report = reports[student]
        scores = {e["id"]: e["score"] for e in report.get("exercises", [])}
        status = (report.get("grading_error") and "error") or "graded"
        writer.writerow(
            [
                student,
                report.get("score", 0),
                report.get("max_score", 0),
                status,
                *(scores.get(i, "") for i in items),
            ]
        )
    return buffer.getvalue()


def render_markdown(report: Report) -> str:
    """A Markdown table of the report (for a CI job summary)."""
    lang = report.lang
    head = [t(k, lang) for k in ("table.exercise", "table.points", "table.status", "table.mistake")]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in report.exercises:
        status = t(f"status.{r.status.value}", lang)
        lines.append(
            f"| {r.id} | {r.score:g}/{r.max_score:g} | {status} | {', '.join(r.mistakes)} |"
        )
    total = f"**{t('table.total', lang)}: {report.score:g}/{report.max_score:g}**"
    return "\n".join([*lines, "", total, *report.notes]) + "\n"
