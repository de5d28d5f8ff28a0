# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Server-rendered SVG radar chart (no JavaScript, no inline style; CSP-safe).

The chart is an image with a title and a description (the text alternative); the same numbers
are always shown in a table next to it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe


@dataclass(frozen=True)
class Series:
    label: str
    values: list[float | None]  # 0–100 per axis
    css_class: str


SIZE = 360
CENTRE = SIZE / 2
RADIUS = 120


def _point(index: int, count: int, value: float) -> tuple[float, float]:
    angle = -math.pi / 2 + 2 * math.pi * index / count
    r = RADIUS * max(0.0, min(100.0, value)) / 100
    return CENTRE + r * math.cos(angle), CENTRE + r * math.sin(angle)


def _n(value: float) -> str:
    return f"{value:.1f}"


def radar(axes: list[tuple[str, str]], series: list[Series], *, title: str, description: str,
          chart_id: str = "radar") -> SafeString:  # fmt: skip
    """axes: (short label, long label) per dimension; values missing (None) are drawn at 0."""
    count = len(axes)
    parts = [
        format_html(
            '<svg class="sn-radar" viewBox="0 0 {} {}" role="img" aria-labelledby="{}-title {}-desc"'
            ' xmlns="http://www.w3.org/2000/svg">',
            SIZE,
            SIZE,
            chart_id,
            chart_id,
        ),
        format_html('<title id="{}-title">{}</title>', chart_id, title),
        format_html('<desc id="{}-desc">{}</desc>', chart_id, description),
    ]
    for ring in (25, 50, 75, 100):
        points = " ".join(
            f"{x:.1f},{y:.1f}" for x, y in (_point(i, count, ring) for i in range(count))
        )
        parts.append(format_html('<polygon class="sn-radar__grid" points="{}"/>', points))
    for i, (short, long) in enumerate(axes):
        x, y = _point(i, count, 100)
        parts.append(format_html(
            '<line class="sn-radar__axis" x1="{}" y1="{}" x2="{}" y2="{}"/>',
            CENTRE, CENTRE, _n(x), _n(y),
        ))  # fmt: skip
        lx, ly = _point(i, count, 118)
        anchor = "middle" if abs(lx - CENTRE) < 5 else ("start" if lx > CENTRE else "end")
        parts.append(format_html(
            '<text class="sn-radar__label" x="{}" y="{}" text-anchor="{}" '
            'dominant-baseline="middle"><title>{}</title>{}</text>',
            _n(lx), _n(ly), anchor, long, short,
        ))  # fmt: skip
    for one in series:
        points = " ".join(
            f"{x:.1f},{y:.1f}"
            for x, y in (_point(i, count, v or 0) for i, v in enumerate(one.values))
        )
        parts.append(format_html(
            '<polygon class="sn-radar__series {}" points="{}"><title>{}</title></polygon>',
            one.css_class, points, one.label,
        ))  # fmt: skip
        for i, value in enumerate(one.values):
            if value is None:
                continue
            x, y = _point(i, count, value)
            parts.append(format_html(
                '<circle class="sn-radar__dot {}" cx="{}" cy="{}" r="3.5"/>',
                one.css_class, _n(x), _n(y),
            ))  # fmt: skip
    # every part comes from format_html (escaped); the closing tag is a constant
    return mark_safe("".join(str(p) for p in parts) + "</svg>")  # noqa: S308


def trend(points: list[tuple[str, float | None]], *, title: str, description: str,
          chart_id: str = "trend") -> SafeString:  # fmt: skip
    """A simple line of the overall index over dated assessments (oldest first)."""
    width, height, pad = 480, 200, 36
    usable = [(label, v) for label, v in points if v is not None]
    parts = [
        format_html(
            '<svg class="sn-trend" viewBox="0 0 {} {}" role="img" aria-labelledby="{}-title {}-desc"'
            ' xmlns="http://www.w3.org/2000/svg">',
            width,
            height,
            chart_id,
            chart_id,
        ),
        format_html('<title id="{}-title">{}</title>', chart_id, title),
        format_html('<desc id="{}-desc">{}</desc>', chart_id, description),
    ]
    for value in (0, 50, 100):
        y = height - pad - (height - 2 * pad) * value / 100
        parts.append(format_html(
            '<line class="sn-radar__grid" x1="{}" y1="{}" x2="{}" y2="{}"/>'
            '<text class="sn-radar__label" x="4" y="{}" dominant-baseline="middle">{}</text>',
            pad, _n(y), width - pad / 2, _n(y), _n(y), value,
        ))  # fmt: skip
    coords = []
    for i, (label, value) in enumerate(usable):
        x = pad + (width - 1.5 * pad) * (i / max(1, len(usable) - 1) if len(usable) > 1 else 0.5)
        y = height - pad - (height - 2 * pad) * value / 100
        coords.append((x, y))
        parts.append(format_html(
            '<circle class="sn-radar__dot sn-series-own" cx="{}" cy="{}" r="4"/>'
            '<text class="sn-radar__label" x="{}" y="{}" text-anchor="middle">{}</text>',
            _n(x), _n(y), _n(x), height - 10, label,
        ))  # fmt: skip
    if len(coords) > 1:
        parts.append(format_html(
            '<polyline class="sn-trend__line" points="{}"/>',
            " ".join(f"{x:.1f},{y:.1f}" for x, y in coords),
        ))  # fmt: skip
    # every part comes from format_html (escaped); the closing tag is a constant
    return mark_safe("".join(str(p) for p in parts) + "</svg>")  # noqa: S308
