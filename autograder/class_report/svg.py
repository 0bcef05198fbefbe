"""Small inline SVG charts (no scripts, no external files): they render offline."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape


def bar_chart(
    counts: Sequence[int], labels: Sequence[str], *, title: str, width: int = 560, height: int = 170
) -> str:
    """Vertical bars with their counts above and a label under each."""
    top, bottom, left = 24, 34, 8
    inner = height - top - bottom
    step = (width - 2 * left) / max(1, len(counts))
    peak = max(counts, default=0) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}">',
        f"<title>{escape(title)}</title>",
        f'<line x1="{left}" y1="{top + inner}" x2="{width - left}" y2="{top + inner}" class="axis"/>',
    ]
    for index, (count, label) in enumerate(zip(counts, labels)):
        bar = inner * count / peak
        x = left + index * step
        y = top + inner - bar
        parts.append(
            f'<rect x="{x + 2:.1f}" y="{y:.1f}" width="{step - 4:.1f}" height="{bar:.1f}" class="bar"/>'
        )
        parts.append(f'<text x="{x + step / 2:.1f}" y="{y - 4:.1f}" class="count">{count}</text>')
        parts.append(
            f'<text x="{x + step / 2:.1f}" y="{top + inner + 14:.1f}" class="label">{escape(label)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def share_bar(share: float, *, width: int = 120, height: int = 12) -> str:
    """A horizontal bar filled to ``share`` (0..1), for a table cell."""
    filled = max(0.0, min(1.0, share)) * width
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="share" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img"><title>{share:.0%}</title>'
        f'<rect width="{width}" height="{height}" class="track"/>'
        f'<rect width="{filled:.1f}" height="{height}" class="fill"/></svg>'
    )
