"""The Decide chart: one panel per metric, bands, guardrail lines, current and recommended."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from mixscope.plots import STATUS_COLORS, sweep_figure


def _curves() -> pd.DataFrame:
    rows = []
    for share in (0.0, 0.5, 1.0):
        rows.append({"share": share, "metric": "vendi", "label": "Vendi <b>score</b>",
                     "unit": "ratio to real-only", "value": 1 - share / 2, "low": 0.9 - share / 2,
                     "high": 1.1 - share / 2, "status": "pass" if share < 1 else "fail",
                     "bound": 0.9})  # fmt: skip
        rows.append({"share": share, "metric": "mattr", "label": "MATTR", "unit": "ratio",
                     "value": 0.7, "low": math.nan, "high": math.nan, "status": "n/a",
                     "bound": math.nan})  # fmt: skip
    return pd.DataFrame(rows)


def test_panels_bands_guardrails_and_markers() -> None:
    figure = sweep_figure(_curves(), current=0.25, recommended=0.5)
    titles = [a.text for a in figure.layout.annotations if a.text != "guardrail"]
    assert titles[0].startswith("Vendi &lt;b&gt;score&lt;/b&gt;")  # escaped, never rendered
    assert titles[1].startswith("MATTR")
    names = [t.name for t in figure.data]
    # one band (MATTR has no interval), one line per metric, the two marker lines
    assert names.count("interval") == 1
    assert names[-2:] == ["current share", "recommended share"]
    band = figure.data[0]
    assert list(band.y) == pytest.approx([1.1, 0.85, 0.6, 0.4, 0.65, 0.9])
    vendi = figure.data[1]
    assert list(vendi.marker.color) == [STATUS_COLORS["pass"]] * 2 + [STATUS_COLORS["fail"]]
    lines = [s for s in figure.layout.shapes]
    horizontal = [s for s in lines if s.y0 == s.y1 and s.y0 == 0.9]
    vertical = sorted({s.x0 for s in lines if s.x0 == s.x1})
    assert len(horizontal) == 1  # the guardrail only where there is one
    assert vertical == [0.25, 0.5]


def test_without_markers_there_is_no_marker_legend() -> None:
    figure = sweep_figure(_curves())
    assert "current share" not in [t.name for t in figure.data]
    with pytest.raises(ValueError, match="bound"):
        sweep_figure(_curves().drop(columns="bound"))
