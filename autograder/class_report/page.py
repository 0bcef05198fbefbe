"""The class report as one self-contained HTML page: inline CSS and SVG, no scripts.

Everything that came from a submission (student ids, answers, feedback, notes)
is escaped; the page is plain HTML that any browser shows offline.
"""

from __future__ import annotations

from html import escape
from typing import Any

from autograder.catalogue import describe_mistake
from autograder.class_report.analysis import ReportTables
from autograder.class_report.results import ClassResults
from autograder.class_report.svg import bar_chart, share_bar
from autograder.course import Course
from autograder.i18n import pick, t
from autograder.reporters.html import html_page

STYLE = """
body{font-family:system-ui,"Noto Sans CJK SC","WenQuanYi Micro Hei",sans-serif;margin:2rem;color:#222;max-width:72rem}
h1{font-size:1.6rem}h2{margin-top:2.2rem;border-bottom:1px solid #ccc;padding-bottom:.2rem}
table{border-collapse:collapse;margin:.6rem 0}th,td{border:1px solid #ddd;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f3f3f3}td.num{text-align:right;font-variant-numeric:tabular-nums}
.chart .bar{fill:#4a78b5}.chart .axis{stroke:#888}.chart text{font-size:11px;text-anchor:middle;fill:#333}
.share .track{fill:#eee}.share .fill{fill:#3f9a5a}
.right{color:#2d7a3e;font-weight:bold}.small{font-size:.85rem;color:#555}
details{margin:.3rem 0}pre{white-space:pre-wrap;margin:0;font-size:.85rem}
.sections{display:flex;flex-wrap:wrap;gap:1rem}.sections figure{margin:0}
"""


def render_page(tables: ReportTables, results: ClassResults, course: Course, lang: str) -> str:
    """The whole page."""
    title = t("class.title", lang, course=pick(course.title, lang))
    body = [
        f"<h1>{escape(title)}</h1>",
        _summary(tables, lang),
        _distribution(tables, lang),
        _exercises(tables, lang),
        _mistakes(tables, lang),
        _unnamed(tables, lang),
        _quiz(tables, lang),
        _needs_human(tables, lang),
        _students(results, lang),
    ]
    return html_page(title, lang, STYLE, body)


def _table(head: list[str], rows: list[list[str]], numeric: set[int] = frozenset()) -> str:
    """A table; cells are given as HTML (escape text before)."""
    th = "".join(f"<th>{escape(h)}</th>" for h in head)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="num">{c}</td>' if i in numeric else f"<td>{c}</td>"
            for i, c in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>"


def _num(value: float | None, lang: str) -> str:
    return t("class.undefined", lang) if value is None else f"{value:g}"


def _summary(tables: ReportTables, lang: str) -> str:
    s = tables.summary
    text = t(
        "class.summary",
        lang,
        students=s["students"],
        graded=s["graded"],
        not_gradable=s["not_gradable"],
        mean=round(s["mean"], 2),
        max=s["max_score"],
        median=round(s["median"], 2),
    )
    return f'<p id="summary">{escape(text)}</p>'


def _labels(edges: list[float]) -> list[str]:
    return [f"{edges[i]:g}–{edges[i + 1]:g}" for i in range(len(edges) - 1)]


def _percent_labels(edges: list[float]) -> list[str]:
    """Short labels for small charts: where each bin starts, as a share of the maximum."""
    return [f"{100 * i // (len(edges) - 1)}%" for i in range(len(edges) - 1)]


def _distribution(tables: ReportTables, lang: str) -> str:
    d = tables.distribution
    chapter = t("class.distribution_of", lang, what=t("class.chapter", lang))
    parts = [
        f'<h2 id="distribution">{escape(t("class.distribution", lang))}</h2>',
        bar_chart(d["counts"], _labels(d["edges"]), title=chapter),
        f"<h3>{escape(t('class.sections', lang))}</h3>",
        '<div class="sections">',
    ]
    for row in tables.sections:
        name = f"{row['section']} {pick(row['title'], lang)}"
        dist = row["distribution"]
        parts.append(
            f"<figure><figcaption>{escape(name)}: {escape(t('class.mean', lang))} "
            f"{row['mean']:g} / {row['max_score']:g}</figcaption>"
            + bar_chart(
                dist["counts"],
                _percent_labels(dist["edges"]),
                title=t("class.distribution_of", lang, what=name),
                width=330,
                height=130,
            )
            + "</figure>"
        )
    parts.append("</div>")
    return "\n".join(parts)


def _exercises(tables: ReportTables, lang: str) -> str:
    rows = [
        [
            escape(r["id"]),
            f"{r['mean']:g}",
            f"{r['max_score']:g}",
            f"{share_bar(r['pass_rate'])} {r['pass_rate']:.0%}",
            str(r["students"]),
        ]
        for r in tables.exercises
    ]
    head = [
        t(k, lang)
        for k in ("class.exercise", "class.mean", "class.max", "class.pass_rate", "class.students")
    ]
    return f'<h2 id="exercises">{escape(t("class.exercises", lang))}</h2>' + _table(
        head, rows, {1, 2, 4}
    )


def _explain(mistake: str, lang: str) -> str:
    try:
        described = describe_mistake(mistake)
    except KeyError:
        return ""
    return (
        f"{escape(pick(described.message, lang))}<br>"
        f'<span class="small">{escape(pick(described.hint, lang))}</span>'
    )


def _mistakes(tables: ReportTables, lang: str) -> str:
    head = [
        t(k, lang)
        for k in (
            "class.mistake",
            "class.exercise",
            "class.students",
            "class.points_lost",
            "class.explanation",
        )
    ]
    title = f'<h2 id="mistakes">{escape(t("class.mistakes", lang))}</h2>'
    if not tables.mistakes:
        return title + f"<p>{escape(t('class.mistakes_none', lang))}</p>"
    rows = [
        [
            f"<code>{escape(r['mistake'])}</code>",
            escape(r["exercise"]),
            str(r["students"]),
            f"{r['points_lost']:g}",
            _explain(r["mistake"], lang),
        ]
        for r in tables.mistakes
    ]
    return title + _table(head, rows, {2, 3})


def _unnamed(tables: ReportTables, lang: str) -> str:
    title = f'<h2 id="unnamed">{escape(t("class.unnamed", lang))}</h2>'
    if not tables.unnamed:
        return title + f"<p>{escape(t('class.unnamed_none', lang))}</p>"
    head = [
        t(k, lang)
        for k in ("class.exercise", "class.students", "class.points_lost", "class.statuses")
    ]
    rows = [
        [
            escape(r["exercise"]),
            str(r["students"]),
            f"{r['points_lost']:g}",
            escape(
                ", ".join(
                    f"{t('status.' + k, lang) if 'status.' + k in _STATUS_KEYS else k}: {n}"
                    for k, n in r["statuses"].items()
                )
            ),
        ]
        for r in tables.unnamed
    ]
    return title + _table(head, rows, {1, 2})


_STATUS_KEYS = {
    f"status.{s}" for s in ("passed", "failed", "not attempted", "error", "timeout", "missing")
}


def _answers(answers: list[dict[str, Any]]) -> str:
    return ", ".join(
        (
            f'<span class="right">✓ {escape(a["answer"])}</span>'
            if a["right"]
            else escape(a["answer"])
        )
        + f": {a['count']}"
        for a in answers
    )


def _quiz(tables: ReportTables, lang: str) -> str:
    head = [
        t(k, lang)
        for k in (
            "class.item",
            "class.answered",
            "class.difficulty",
            "class.discrimination",
            "class.answers",
        )
    ]
    rows = [
        [
            escape(r["id"]),
            str(r["answered"]),
            f"{share_bar(r['difficulty'])} {r['difficulty']:.0%}",
            _num(r["discrimination"], lang),
            _answers(r["answers"]),
        ]
        for r in tables.quiz
    ]
    return f'<h2 id="quiz">{escape(t("class.quiz", lang))}</h2>' + _table(head, rows, {1, 3})


def _needs_human(tables: ReportTables, lang: str) -> str:
    title = f'<h2 id="needs-human">{escape(t("class.needs_human", lang))}</h2>'
    if not tables.needs_human:
        return title + f"<p>{escape(t('class.needs_human_none', lang))}</p>"
    head = [t(k, lang) for k in ("class.student", "class.reason", "class.detail")]
    rows = [
        [
            escape(r["student"] or r["file"]),
            escape(t(f"class.reason.{r['reason']}", lang)),
            f"<pre>{escape(r['detail'])}</pre>",
        ]
        for r in tables.needs_human
    ]
    return title + _table(head, rows)


def _students(results: ClassResults, lang: str) -> str:
    parts = [f'<h2 id="students">{escape(t("class.drilldown", lang))}</h2>']
    head = [
        t(k, lang)
        for k in ("class.exercise", "class.max", "class.status", "class.mistake", "class.feedback")
    ]
    for index, s in enumerate(sorted(results.students, key=lambda s: s.student)):
        total = (
            t("class.not_gradable_short", lang)
            if s.grading_error
            else f"{s.score:g} / {s.max_score:g}"
        )
        rows = [
            [
                escape(i.id),
                f"{i.score:g} / {i.max_score:g}",
                escape(
                    t(f"status.{i.status}", lang)
                    if f"status.{i.status}" in _STATUS_KEYS
                    else i.status
                ),
                escape(", ".join(i.mistakes)),
                # Full marks need no words: keeps the page small for large classes.
                "" if i.score == i.max_score else f"<pre>{escape(s.feedback.get(i.id, ''))}</pre>",
            ]
            for i in s.items.values()
        ]
        parts.append(
            f'<details id="student-{index}"><summary><b>{escape(s.student)}</b> — '
            f"{escape(t('class.total', lang))} {escape(total)}</summary>"
            + _table(head, rows, {1})
            + "</details>"
        )
    return "\n".join(parts)
