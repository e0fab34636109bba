"""The scale benchmark's plot: cost against pool size, as a small self-contained SVG.

Written next to results_scale.md by bench_scale and shown in the README (a static image: the
README cannot run plotly, and the benchmark adds no plotting package to the install). Two
panels on log-log axes: seconds of each stage, and peak memory.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape
from typing import Any

#: Stages drawn (bench_scale's stage key -> legend), with their colours.
SERIES = {
    "embed": ("embed (lexical)", "#7f7f7f"),
    "index cold": ("index, cold", "#d62728"),
    "index from store": ("index, from the store", "#ff7f0e"),
    "evaluate": ("evaluate a mix", "#2ca02c"),
    "slider move": ("slider move", "#1f77b4"),
}
#: The issue's targets for a slider move: (pool size, seconds).
SLIDER_TARGETS = ((100_000, 1.0), (1_000_000, 5.0))
WIDTH, HEIGHT = 860, 360
_PANEL = 340  # width of one panel's plotting area
_TOP, _BOTTOM, _LEFT = 40, 290, 70


def _log_ticks(low: float, high: float) -> list[float]:
    return [10.0**e for e in range(math.floor(math.log10(low)), math.ceil(math.log10(high)) + 1)]


def _label(value: float) -> str:
    if value >= 1_000_000:
        return f"{value / 1_000_000:g}M"
    if value >= 1_000:
        return f"{value / 1_000:g}k"
    return f"{value:g}"


class _Panel:
    """Log-log mapping of one panel: x = pool size, y = the measured value."""

    def __init__(self, left: float, xs: Sequence[float], ys: Sequence[float]) -> None:
        self.left = left
        self.xt = _log_ticks(min(xs), max(xs))
        self.yt = _log_ticks(min(ys), max(ys))

    def x(self, value: float) -> float:
        lo, hi = math.log10(self.xt[0]), math.log10(self.xt[-1])
        return self.left + (math.log10(value) - lo) / max(hi - lo, 1e-9) * _PANEL

    def y(self, value: float) -> float:
        lo, hi = math.log10(self.yt[0]), math.log10(self.yt[-1])
        return _BOTTOM - (math.log10(value) - lo) / max(hi - lo, 1e-9) * (_BOTTOM - _TOP)

    def axes(self, title: str, unit: str) -> list[str]:
        out = [
            f'<text x="{self.left + _PANEL / 2}" y="{_TOP - 16}" text-anchor="middle" '
            f'font-weight="bold">{escape(title)}</text>'
        ]
        for t in self.xt:
            out.append(
                f'<line x1="{self.x(t):.1f}" y1="{_TOP}" x2="{self.x(t):.1f}" y2="{_BOTTOM}" '
                'stroke="#ddd"/>'
                f'<text x="{self.x(t):.1f}" y="{_BOTTOM + 16}" text-anchor="middle">'
                f"{_label(t)}</text>"
            )
        for t in self.yt:
            out.append(
                f'<line x1="{self.left}" y1="{self.y(t):.1f}" x2="{self.left + _PANEL}" '
                f'y2="{self.y(t):.1f}" stroke="#ddd"/>'
                f'<text x="{self.left - 6}" y="{self.y(t) + 4:.1f}" text-anchor="end">'
                f"{_label(t)}</text>"
            )
        out.append(
            f'<text x="{self.left + _PANEL / 2}" y="{_BOTTOM + 34}" text-anchor="middle">'
            "documents in the pool</text>"
            f'<text x="{self.left - 48}" y="{(_TOP + _BOTTOM) / 2}" text-anchor="middle" '
            f'transform="rotate(-90 {self.left - 48} {(_TOP + _BOTTOM) / 2})">'
            f"{escape(unit)}</text>"
        )
        return out

    def line(self, points: Sequence[tuple[float, float]], colour: str) -> str:
        path = " ".join(f"{self.x(a):.1f},{self.y(b):.1f}" for a, b in points)
        dots = "".join(
            f'<circle cx="{self.x(a):.1f}" cy="{self.y(b):.1f}" r="3.5" fill="{colour}"/>'
            for a, b in points
        )
        return f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>{dots}'


def scale_svg(results: Sequence[dict[str, Any]]) -> str:
    """The SVG text of the plot of ``results`` (bench_scale's per-size dicts, any order)."""
    results = sorted(results, key=lambda r: r["n"])
    timed: dict[str, list[tuple[float, float]]] = {key: [] for key in SERIES}
    memory: list[tuple[float, float]] = []
    for result in results:
        for row in result["rows"]:
            if row["stage"] in timed and row["seconds"]:
                timed[row["stage"]].append((result["n"], row["seconds"]))
        memory.append((result["n"], max(r["peak_kib"] for r in result["rows"]) / 2**20))
    sizes = [float(r["n"]) for r in results]
    seconds = [s for points in timed.values() for _, s in points]
    seconds += [t for n, t in SLIDER_TARGETS if min(sizes) <= n <= max(sizes)]
    left = _Panel(_LEFT, sizes, seconds)
    right = _Panel(_LEFT + _PANEL + 90, sizes, [m for _, m in memory])
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" font-family="sans-serif" font-size="12">',
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="white"/>',
        *left.axes("Seconds per stage (log-log)", "seconds"),
        *right.axes("Peak memory of the process", "GiB (log)"),
    ]
    legend_y = HEIGHT - 14
    for i, (key, (name, colour)) in enumerate(SERIES.items()):
        if timed[key]:
            parts.append(left.line(timed[key], colour))
        x = 20 + i * 165
        parts.append(
            f'<rect x="{x}" y="{legend_y - 9}" width="12" height="4" fill="{colour}"/>'
            f'<text x="{x + 16}" y="{legend_y - 4}">{escape(name)}</text>'
        )
    for n, target in SLIDER_TARGETS:
        if min(sizes) <= n <= max(sizes):
            parts.append(
                f'<circle cx="{left.x(n):.1f}" cy="{left.y(target):.1f}" r="6" fill="none" '
                f'stroke="#1f77b4" stroke-dasharray="2,2"/>'
                f'<text x="{left.x(n) - 9:.1f}" y="{left.y(target) - 9:.1f}" text-anchor="end" '
                f'fill="#1f77b4">slider target {target:g} s</text>'
            )
    parts.append(right.line(memory, "#9467bd"))
    parts.append("</svg>")
    return "\n".join(parts) + "\n"
