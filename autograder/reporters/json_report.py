"""The JSON report (schema documented in the README)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from autograder.model import ExerciseResult, Report, Status
from autograder.reporters.safe_text import safe_data
from autograder.safe_io import read_regular_file

SCHEMA_VERSION = 1
MAX_REPORT_BYTES = 8 * 1024 * 1024  # a full chapter's report is tens of kilobytes


def read_report_file(path: Path | str) -> Any:
    """The JSON data of a report file, read as a regular file (no link, no FIFO) of at
    most :data:`MAX_REPORT_BYTES`; raises ``OSError``, ``ValueError`` (bad JSON or UTF-8),
    ``RecursionError`` (nested too deep) or ``SubmissionError`` (refused)."""
    return json.loads(read_regular_file(path, MAX_REPORT_BYTES).decode("utf-8"))


def report_dict(report: Report) -> dict[str, Any]:
    """The report as plain JSON-able data; every string is safe to encode (see ``safe_text``)."""
    return safe_data(_plain(report))


def _plain(report: Report) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "lang": report.lang,
        "score": report.score,
        "max_score": report.max_score,
        "exercises": [
            {
                "id": r.id,
                "score": r.score,
                "max_score": r.max_score,
                "status": r.status.value,
                "mistakes": list(r.mistakes),
                "feedback": r.feedback,
                "hints": list(r.hints),
                **({"answer": r.answer} if r.answer else {}),
                **({"picture": dict(r.picture)} if r.picture else {}),
            }
            for r in report.exercises
        ],
        "notes": list(report.notes),
        "protection": report.protection,
    }


def render_json(report: Report) -> str:
    """The report as indented JSON text."""
    return dumps(report_dict(report))


def dumps(data: Any) -> str:
    """Indented JSON text of any JSON-able data, valid UTF-8 whatever its strings hold."""
    return json.dumps(safe_data(data), ensure_ascii=False, indent=2) + "\n"


def report_from_dict(data: dict[str, Any]) -> Report:
    """A report read back from its JSON form (to render it in another format)."""
    exercises = [
        ExerciseResult(
            id=e["id"],
            score=float(e["score"]),
            max_score=float(e["max_score"]),
            status=Status(e["status"]),
            mistakes=tuple(e.get("mistakes", ())),
            feedback=e.get("feedback", ""),
            hints=tuple(e.get("hints", ())),
            answer=str(e.get("answer", "")),
            picture=e.get("picture") if isinstance(e.get("picture"), dict) else None,
        )
        for e in data.get("exercises", [])
    ]
    return Report(
        exercises=exercises,
        lang=data.get("lang", "zh"),
        notes=list(data.get("notes", [])),
        protection=data.get("protection", ""),
    )
