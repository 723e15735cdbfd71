"""A server-rendered SVG bar chart (no script, no CDN), readable by screen readers."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from django.utils.safestring import SafeString, mark_safe


def bar_chart(
    rows: list[tuple[str, int, int]],
    *,
    title: str,
    height: int = 160,
    label_lang: str = "",
    describe: Callable[[str, int, int], str] | None = None,
) -> SafeString:
    """``rows``: (label, total, part); the part is drawn darker inside the total's bar.
    ``label_lang`` marks labels that are data in their own language (a court's name);
    ``describe(label, total, part)`` words each bar's ``<title>`` (default: label: total / part)."""
    width = max(240, 60 * len(rows) + 40)
    top = max([r[1] for r in rows] + [1])
    bars = []
    lang = f' lang="{escape(label_lang)}"' if label_lang else ""
    for i, (label, total, part) in enumerate(rows):
        x = 30 + i * 60
        h = round((height - 40) * total / top)
        hp = round((height - 40) * part / top)
        y = height - 20 - h
        said = describe(label, total, part) if describe else f"{label}: {total} / {part}"
        bars.append(
            f"<g{lang}><title>{escape(said)}</title>"
            f'<rect x="{x}" y="{y}" width="40" height="{h}" fill="#9ec5e8"/>'
            f'<rect x="{x}" y="{height - 20 - hp}" width="40" height="{hp}" fill="#1f5f99"/>'
            f'<text x="{x + 20}" y="{y - 4}" text-anchor="middle" font-size="11">{total}</text>'
            f'<text x="{x + 20}" y="{height - 5}" text-anchor="middle" font-size="11">'
            f"{escape(label)}</text></g>"
        )
    return mark_safe(  # noqa: S308 - every text is escaped above
        f'<svg role="img" aria-label="{escape(title)}" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{escape(title)}</title>{''.join(bars)}</svg>"
    )
