"""A terminal table: one row per exercise, then what to fix for those that lost points.

Student-controlled text goes through ``terminal_text``: no escape sequence from
a submission reaches the terminal, and a table cell stays on its row.
"""

from __future__ import annotations

import unicodedata

from autograder.i18n import t
from autograder.model import Report, Status
from autograder.reporters.safe_text import one_line, terminal_text

_MARK = {
    Status.PASSED: "✓",
    Status.FAILED: "✗",
    Status.NOT_ATTEMPTED: "·",
    Status.ERROR: "!",
    Status.TIMEOUT: "⏱",
    Status.MISSING: "?",
    Status.ANSWERED: "…",
}


def display_width(text: str) -> int:
    """Columns the text takes in a terminal (CJK characters take two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - display_width(text))


def _points(value: float) -> str:
    return f"{value:g}"


def render_text(report: Report, title_key: str = "table.title.grade") -> str:
    """The report as a table followed by per-exercise feedback."""
    lang = report.lang
    header = [
        t(k, lang) for k in ("table.exercise", "table.points", "table.status", "table.mistake")
    ]
    rows = [
        [
            one_line(r.id),
            f"{'?' if r.status is Status.ANSWERED else _points(r.score)}/{_points(r.max_score)}",
            f"{_MARK[r.status]} {t('status.' + r.status.value, lang)}",
            one_line(", ".join(r.mistakes)) or ("-" if r.full_marks else ""),
        ]
        for r in report.exercises
    ]
    widths = [max(display_width(row[i]) for row in [header, *rows]) for i in range(len(header))]
    rule = "  ".join("-" * w for w in widths)
    lines = [t(title_key, lang), "", "  ".join(_pad(h, w) for h, w in zip(header, widths)), rule]
    lines += ["  ".join(_pad(c, w) for c, w in zip(row, widths)).rstrip() for row in rows]
    known = report.max_score - report.pending
    total = f"{t('table.total', lang)}: {_points(report.score)}/{_points(known)}"
    if report.pending:
        total += " " + t("table.pending", lang, points=report.pending)
    lines += [rule, total]
    quiet = (Status.MISSING, Status.ANSWERED)
    details = [r for r in report.exercises if not r.full_marks and r.status not in quiet]
    for r in details:
        lines += ["", f"■ {one_line(r.id)}  ({t('status.' + r.status.value, lang)})"]
        lines += [f"  {line}" for line in terminal_text(r.feedback).splitlines()]
    missing = {r.section: r.feedback for r in report.exercises if r.status is Status.MISSING}
    if missing:
        lines += ["", *(f"? {one_line(s)}: {terminal_text(text)}" for s, text in missing.items())]
    lines += [terminal_text(note) for note in report.notes]
    return "\n".join(lines) + "\n"
