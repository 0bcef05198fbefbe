"""Feedback pictures as inline SVG (or an HTML table for shapes), from picture data.

The data (see :mod:`autograder.engine.picture`) holds numbers and short strings
only; every string is escaped, every number drawn is finite (missing values,
NaN and infinities are marked instead), so a hostile value cannot break the page.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

from autograder.i18n import t

STUDENT, EXPECTED = "#d9534f", "#2b6cb0"


def render_picture(picture: Mapping[str, Any], lang: str) -> str:
    """The picture as HTML (SVG inside), or "" for data it cannot draw."""
    kind = picture.get("kind")
    try:
        if kind == "heatmap":
            return _heatmaps(picture, lang)
        if kind == "lines":
            return _lines(picture, lang)
        if kind == "path":
            return _path(picture, lang)
        if kind == "shapes":
            return _shapes(picture, lang)
    except (TypeError, ValueError, KeyError, IndexError):
        return ""
    return ""


def _finite(x: Any) -> float | None:
    return float(x) if isinstance(x, (int, float)) and math.isfinite(x) else None


def _caption(picture: Mapping[str, Any], lang: str) -> str:
    feature = escape(str(picture.get("feature", "")))
    hidden = "" if picture.get("expected") is not None else " " + t("picture.expected_hidden", lang)
    return f"<figcaption><code>{feature}</code>{escape(hidden)}</figcaption>"


def _heatmap(matrix: Sequence[Sequence[Any]], title: str, cell: int = 18) -> str:
    rows, cols = len(matrix), max((len(r) for r in matrix), default=0)
    values = [v for r in matrix for v in r if _finite(v) is not None]
    low, high = (min(values), max(values)) if values else (0.0, 1.0)
    span = (high - low) or 1.0
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="heatmap" width="{cols * cell + 2}" '
        f'height="{rows * cell + 18}" role="img"><title>{escape(title)}</title>',
        f'<text x="0" y="12" font-size="12">{escape(title)}</text>',
    ]
    for i, row in enumerate(matrix):
        for j, value in enumerate(row):
            x, y = 1 + j * cell, 16 + i * cell
            v = _finite(value)
            if v is None:  # NaN or infinite: marked, not coloured
                parts.append(f'<rect x="{x}" y="{y}" width="{cell}" height="{cell}" fill="#000"/>')
                continue
            shade = int(255 - 200 * (v - low) / span)
            parts.append(
                f'<rect x="{x}" y="{y}" width="{cell}" height="{cell}" '
                f'fill="rgb({shade},{shade},255)"><title>{v:.4g}</title></rect>'
            )
    parts.append("</svg>")
    return "".join(parts)


def _heatmaps(picture: Mapping[str, Any], lang: str) -> str:
    parts = [_heatmap(picture["student"], t("picture.yours", lang))]
    if picture.get("expected") is not None:
        parts.append(_heatmap(picture["expected"], t("picture.expected", lang)))
    return '<figure class="picture">' + " ".join(parts) + _caption(picture, lang) + "</figure>"


def _polyline(points: list[tuple[float, float]], colour: str) -> str:
    text = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    return f'<polyline points="{text}" fill="none" stroke="{colour}" stroke-width="2"/>'


def _chart(series: list[tuple[str, str, list[tuple[float, float | None]]]], title: str) -> str:
    """Series of (label, colour, [(x, y or None)]) on one set of axes; None marks overflow."""
    width, height, pad = 420, 200, 28
    finite = [(x, y) for _, _, pts in series for x, y in pts if y is not None]
    if not finite:
        finite = [(0.0, 0.0), (1.0, 1.0)]
    xs, ys = [p[0] for p in finite], [p[1] for p in finite]
    x0, x1 = min(xs), max(xs) or 1.0
    y0, y1 = min(ys), max(ys)
    if x1 == x0:
        x1 = x0 + 1
    if y1 == y0:
        y0, y1 = y0 - 1, y1 + 1

    def at(x: float, y: float) -> tuple[float, float]:
        return (
            pad + (x - x0) / (x1 - x0) * (width - 2 * pad),
            height - pad - (y - y0) / (y1 - y0) * (height - 2 * pad),
        )

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="lines" width="{width}" height="{height}" '
        f'role="img"><title>{escape(title)}</title>',
        f'<rect x="{pad}" y="{pad}" width="{width - 2 * pad}" height="{height - 2 * pad}" '
        'fill="none" stroke="#bbb"/>',
        f'<text x="{pad}" y="{pad - 8}" font-size="11">{y1:.4g}</text>',
        f'<text x="{pad}" y="{height - 8}" font-size="11">{y0:.4g}</text>',
    ]
    for index, (label, colour, points) in enumerate(series):
        run: list[tuple[float, float]] = []
        for x, y in points:
            if y is None:  # overflow: a cross on the axis, and the line breaks
                if len(run) > 1:
                    parts.append(_polyline(run, colour))
                run = []
                cx, cy = at(x, y0)
                parts.append(
                    f'<text x="{cx:.1f}" y="{cy - 2:.1f}" fill="{colour}" font-size="14" '
                    f'text-anchor="middle">✕</text>'
                )
                continue
            run.append(at(x, y))
        if len(run) > 1:
            parts.append(_polyline(run, colour))
        elif run:
            parts.append(
                f'<circle cx="{run[0][0]:.1f}" cy="{run[0][1]:.1f}" r="3" fill="{colour}"/>'
            )
        parts.append(
            f'<text x="{width - pad - 150}" y="{pad + 14 + 14 * index}" fill="{colour}" '
            f'font-size="12">— {escape(label)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _lines(picture: Mapping[str, Any], lang: str) -> str:
    series = [
        (
            t("picture.yours", lang),
            STUDENT,
            [(i, _finite(v)) for i, v in enumerate(picture["student"])],
        )
    ]
    if picture.get("expected") is not None:
        series.insert(
            0,
            (
                t("picture.expected", lang),
                EXPECTED,
                [(i, _finite(v)) for i, v in enumerate(picture["expected"])],
            ),
        )
    chart = _chart(series, t("picture.values", lang))
    return f'<figure class="picture">{chart}{_caption(picture, lang)}</figure>'


def _path(picture: Mapping[str, Any], lang: str) -> str:
    def points(path: Sequence[Sequence[Any]]) -> list[tuple[float, float | None]]:
        kept = []
        for x, y in path:
            fx, fy = _finite(x), _finite(y)
            if fx is not None:
                kept.append((fx, fy))
        return kept

    series = [(t("picture.yours", lang), STUDENT, points(picture["student"]))]
    if picture.get("expected") is not None:
        series.insert(0, (t("picture.expected", lang), EXPECTED, points(picture["expected"])))
    chart = _chart(series, t("picture.path", lang))
    return f'<figure class="picture">{chart}{_caption(picture, lang)}</figure>'


def _shapes(picture: Mapping[str, Any], lang: str) -> str:
    rows = picture["rows"]
    shown = any(r[2] is not None for r in rows)
    head = [t("picture.where", lang), t("picture.yours", lang)]
    if shown:
        head.append(t("picture.expected", lang))
    parts = ['<figure class="picture"><table class="shapes"><tr>']
    parts += [f"<th>{escape(h)}</th>" for h in head]
    parts.append("</tr>")
    first_wrong = next((i for i, r in enumerate(rows) if not r[3]), None)
    for index, (label, mine, theirs, same) in enumerate(rows):
        mark = ' class="first-mismatch"' if index == first_wrong else ""
        cells = [escape(str(label)), escape(str(mine)) + ("" if same else " ✗")]
        if shown:
            cells.append(escape(str(theirs)))
        parts.append(f"<tr{mark}>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    parts.append("</table>")
    if not shown:
        parts.append(f"<figcaption>{escape(t('picture.expected_hidden', lang))}</figcaption>")
    parts.append("</figure>")
    return "".join(parts)
