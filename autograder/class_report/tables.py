"""The class report's tables as JSON or CSV, for spreadsheets and other tools."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from autograder.class_report.analysis import ReportTables
from autograder.reporters.safe_text import csv_cell, safe_data


def render_json(tables: ReportTables) -> str:
    """Every table, as one JSON document."""
    return json.dumps(safe_data(tables.as_dict()), ensure_ascii=False, indent=2) + "\n"


def render_csv(tables: ReportTables) -> str:
    """Every table, one after another, each headed by a ``# name`` line and its columns."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    blocks: list[tuple[str, list[dict[str, Any]]]] = [
        ("summary", [tables.summary]),
        (
            "sections",
            [{k: v for k, v in r.items() if k != "distribution"} for r in tables.sections],
        ),
        ("exercises", tables.exercises),
        ("mistakes", tables.mistakes),
        ("unnamed", tables.unnamed),
        ("quiz", [_quiz_row(r) for r in tables.quiz]),
        ("needs_human", tables.needs_human),
        ("students", tables.students),
    ]
    for name, rows in blocks:
        writer.writerow([f"# {name}"])
        columns = list(rows[0]) if rows else []
        writer.writerow(columns)
        for row in rows:
            writer.writerow([csv_cell(_cell(row[c])) for c in columns])
        writer.writerow([])
    return buffer.getvalue()


def _quiz_row(row: dict[str, Any]) -> dict[str, Any]:
    answers = "; ".join(
        f"{a['answer']}={a['count']}{' (right)' if a['right'] else ''}" for a in row["answers"]
    )
    return {**{k: v for k, v in row.items() if k != "answers"}, "answers": answers}


def _cell(value: Any) -> Any:
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return "" if value is None else value
