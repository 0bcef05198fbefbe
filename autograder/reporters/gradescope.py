"""Gradescope's ``results.json`` (autograder specification: score, tests[], visibility)."""

from __future__ import annotations

import json
from typing import Any

from autograder.course import FeedbackPolicy
from autograder.i18n import t
from autograder.model import ExerciseResult, Report, Status
from autograder.reporters.safe_text import safe_data


def _output(result: ExerciseResult, policy: FeedbackPolicy, lang: str) -> str:
    if policy.detail == "full" or result.status is Status.MISSING:
        return result.feedback
    status = t(f"status.{result.status.value}", lang)
    if policy.detail == "score" or result.full_marks:
        return status
    lines = [status, *(f"[{m}]" for m in result.mistakes), *result.hints]
    return "\n".join(lines)


def _number(result: ExerciseResult, index: int) -> str:
    """``2.1.1`` for the first exercise of 2.1, ``2.1.q3`` for its third quiz question."""
    parts = result.id.split(".")
    if len(parts) == 4 and parts[2] == "quiz":
        return f"{parts[0]}.{parts[1]}.{parts[3]}"
    return f"{result.section}.{index}"


def gradescope_dict(
    report: Report, policy: FeedbackPolicy, execution_time: float = 0.0
) -> dict[str, Any]:
    """The report as Gradescope's results.json (every string safe to encode)."""
    tests = []
    counters: dict[str, int] = {}
    for result in report.exercises:
        counters[result.section] = counters.get(result.section, 0) + (
            0 if ".quiz." in result.id else 1
        )
        tests.append(
            {
                "name": result.id,
                "number": _number(result, counters[result.section]),
                "score": result.score,
                "max_score": result.max_score,
                "status": "passed" if result.full_marks else "failed",
                "output": _output(result, policy, report.lang),
                "tags": list(result.mistakes),
                "visibility": policy.gradescope_visibility,
            }
        )
    summary = f"{t('table.total', report.lang)}: {report.score:g}/{report.max_score:g}"
    return safe_data(
        {
            "score": report.score,
            "execution_time": round(execution_time, 3),
            "output": "\n".join([summary, *report.notes]),
            "visibility": policy.gradescope_visibility,
            "stdout_visibility": "hidden",
            "tests": tests,
        }
    )


def render_gradescope(report: Report, policy: FeedbackPolicy, execution_time: float = 0.0) -> str:
    """results.json text."""
    return (
        json.dumps(gradescope_dict(report, policy, execution_time), ensure_ascii=False, indent=2)
        + "\n"
    )
