"""One student's report as a self-contained HTML page: the feedback, with pictures.

No scripts and no outside files: CSS and SVG are inline, every text from the
report is escaped.
"""

from __future__ import annotations

from html import escape

from autograder.i18n import t
from autograder.model import ExerciseResult, Report
from autograder.reporters.figures import render_picture
from autograder.reporters.safe_text import safe_text

STYLE = """
body{font-family:system-ui,"Noto Sans CJK SC","WenQuanYi Micro Hei",sans-serif;margin:2rem;color:#222;max-width:60rem}
section.exercise{border:1px solid #ddd;border-radius:6px;padding:.6rem 1rem;margin:.8rem 0}
section.passed{border-left:6px solid #3f9a5a}section.lost{border-left:6px solid #d9534f}
h2{font-size:1.1rem;margin:.2rem 0}pre{white-space:pre-wrap;font-size:.9rem;margin:.4rem 0}
figure.picture{margin:.4rem 0}figure.picture svg{margin-right:1rem;vertical-align:top}
table.shapes{border-collapse:collapse}table.shapes td,table.shapes th{border:1px solid #ccc;padding:.15rem .5rem}
tr.first-mismatch{background:#fde2e1}.notes{color:#555;font-size:.9rem}
"""


def render_html(report: Report) -> str:
    """The whole page for one report."""
    lang = report.lang
    title = t("html.title", lang)
    total = f"{t('table.total', lang)}: {report.score:g}/{report.max_score:g}"
    body = [f"<h1>{escape(title)}</h1>", f'<p id="total">{escape(total)}</p>']
    body += [_exercise(result, lang) for result in report.exercises]
    if report.notes:
        body.append(
            '<div class="notes">' + "".join(f"<p>{escape(n)}</p>" for n in report.notes) + "</div>"
        )
    return html_page(title, lang, STYLE, body)


def html_page(title: str, lang: str, style: str, body: list[str]) -> str:
    """A whole page around ``body`` (HTML parts); the title is escaped here."""
    page = (
        f'<!doctype html>\n<html lang="{escape(lang)}"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>{style}</style></head>\n<body>\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    )
    return safe_text(page)  # student text may hold lone surrogates or control characters


def _exercise(result: ExerciseResult, lang: str) -> str:
    state = "passed" if result.full_marks else "lost"
    status = t(f"status.{result.status.value}", lang)
    head = f"{result.id} — {result.score:g}/{result.max_score:g} — {status}"
    if result.mistakes:
        head += " — " + ", ".join(result.mistakes)
    picture = render_picture(result.picture, lang) if result.picture else ""
    return (
        f'<section class="exercise {state}" id="{escape(result.id)}">'
        f"<h2>{escape(head)}</h2><pre>{escape(result.feedback)}</pre>{picture}</section>"
    )
