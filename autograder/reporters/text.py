"""A terminal table: one row per exercise, then what to fix for those that lost points.

Below the table, feedback is grouped by section so that a half-done chapter
stays readable: exercises not attempted yet share one line per section, and a
module-level failure (an import error, an import timeout) shared by several
exercises is shown once, naming the exercises it affects.

Student-controlled text goes through ``terminal_text``: no escape sequence from
a submission reaches the terminal, and a table cell stays on its row.
"""

from __future__ import annotations

import unicodedata

from autograder.i18n import t
from autograder.model import ExerciseResult, Report, Status
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
    """The report as a table, then the feedback of the exercises that lost points.

    Feedback is grouped by section: a block per exercise that failed or raised,
    one block for a failure several exercises share, and one line listing the
    exercises not attempted yet.
    """
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
    after_summary = False
    for section, results in report.by_section().items():
        blocks = _feedback_blocks(section, results, lang)
        summary = _not_attempted_lines(section, results, lang, report.notes)
        lines += blocks
        if summary:
            # Summary lines of consecutive sections form one list; a block ends it.
            lines += summary if after_summary and not blocks else ["", *summary]
        after_summary = bool(summary) or (after_summary and not blocks)
    missing = {r.section: r.feedback for r in report.exercises if r.status is Status.MISSING}
    if missing:
        lines += ["", *(f"? {one_line(s)}: {terminal_text(text)}" for s, text in missing.items())]
    lines += [terminal_text(note) for note in report.notes]
    return "\n".join(lines) + "\n"


# Shown once per section below the table rather than once per exercise.
_QUIET = (Status.MISSING, Status.ANSWERED, Status.NOT_ATTEMPTED)
# Statuses whose identical feedback across a section means one module-level failure.
_SHARED = (Status.ERROR, Status.TIMEOUT)
_WARNING = "⚠ "


def _nothing_to_say(result: ExerciseResult) -> bool:
    """Full marks and nothing seen: a diagnosis that failed (a bad argument accepted, a
    mistake named without a cost) is still worth reading."""
    return result.full_marks and not result.mistakes and all(c.passed for c in result.checks)


def _feedback_blocks(section: str, results: list[ExerciseResult], lang: str) -> list[str]:
    """The feedback blocks of one section's exercises that lost points, each after a blank line.

    Exercises not attempted are left to :func:`_not_attempted_lines`; those that
    share one module-level failure get a single block naming them all.
    """
    groups: dict[tuple[Status, str], list[ExerciseResult]] = {}
    for r in results:
        if r.status in _SHARED and not r.full_marks:
            groups.setdefault((r.status, r.feedback), []).append(r)
    lines: list[str] = []
    for r in results:
        if _nothing_to_say(r) or r.status in _QUIET:
            continue
        group = groups.get((r.status, r.feedback), [])
        if len(group) > 1:
            if r is group[0]:  # the block goes where the first affected exercise is
                names = ", ".join(_short_name(section, g.id) for g in group)
                status = t("status." + r.status.value, lang)
                head = t(
                    "cli.text.shared_failure",
                    lang,
                    section=one_line(section),
                    names=names,
                    status=status,
                    count=len(group),
                )
                lines += ["", head, *_indented(r.feedback)]
            continue
        lines += ["", f"■ {one_line(r.id)}  ({t('status.' + r.status.value, lang)})"]
        lines += _indented(r.feedback)
    return lines


def _not_attempted_lines(
    section: str, results: list[ExerciseResult], lang: str, notes: list[str]
) -> list[str]:
    """One line for the section's untouched functions, one for its unanswered quiz questions.

    The per-exercise "still raises NotImplementedError" text says nothing the
    line does not; a warning in it (a notebook's answer cell that went missing)
    is kept, unless the report's notes print it anyway.
    """
    untouched = [r for r in results if r.status is Status.NOT_ATTEMPTED]
    if not untouched:
        return []
    quiz = [r for r in untouched if _is_quiz(section, r.id)]
    functions = [r for r in untouched if not _is_quiz(section, r.id)]
    lines: list[str] = []
    if functions:
        names = ", ".join(_short_name(section, r.id) for r in functions)
        lines.append(t("cli.text.not_attempted", lang, section=one_line(section), names=names))
    if quiz:
        names = ", ".join(_short_name(section + ".quiz", r.id) for r in quiz)
        lines.append(t("cli.text.quiz_unanswered", lang, section=one_line(section), names=names))
    known = {terminal_text(note) for note in notes}
    warnings: list[str] = []
    for r in untouched:
        for line in terminal_text(r.feedback).splitlines():
            note = line.removeprefix(_WARNING)
            if line.startswith(_WARNING) and note not in known and line not in warnings:
                warnings.append(line)
    return lines + [f"  {one_line(w)}" for w in warnings]


def _is_quiz(section: str, exercise_id: str) -> bool:
    """Quiz items are ``2.3.quiz.q1``: their feedback speaks of the QUIZ dict, not a raise."""
    return exercise_id.startswith(section + ".quiz.")


def _short_name(prefix: str, exercise_id: str) -> str:
    """``softmax`` for ``2.3.softmax`` under ``2.3``: the section is already on the line."""
    return one_line(exercise_id.removeprefix(prefix + ".") or exercise_id)


def _indented(feedback: str) -> list[str]:
    return [f"  {line}" for line in terminal_text(feedback).splitlines()]
