"""The pool on a 2-D map: one WebGL point per document, the mix bright, the rest faded."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import plotly.colors
import plotly.graph_objects as go

from mixscope.plots._columns import require_columns
from mixscope.plots._text import escape
from mixscope.plots.palette import REFERENCE_COLOR, ROLE_COLORS, STATUS_COLORS

__all__ = ["MAP_COLOR_BY", "embedding_map_figure"]

#: What the points can be coloured by -> the column of the points frame that holds it.
MAP_COLOR_BY = {
    "source": "source",
    "cluster": "cluster_label",
    "duplicate": "duplicate",
    "group": "groups",
}
_REQUIRED = ("x", "y", "source", "role", "cluster", "cluster_label", "duplicate", "groups",
             "in_mix", "text")  # fmt: skip
# Synthetic sources in warm shades (the first is the synthetic role colour), real in blue.
_SYNTHETIC_SHADES = (ROLE_COLORS["synthetic"], "#a6500f", "#f2b25c", "#c23b22", "#7a4a1d",
                     "#e8684a", "#d4a017", "#8e2c48")  # fmt: skip
_QUALITATIVE = tuple(plotly.colors.qualitative.Dark24)
_NO_GROUP, _OTHER_GROUPS = "no group mentioned", "other groups"
_MAX_GROUPS = 8  # the most frequent group combinations get a colour; the rest one
# A hover line: up to 80 characters ending before a space (or one longer word alone).
_LINE = re.compile(r"\S.{0,78}\S(?=\s|$)|\S+")
_MAX_LABELS = 12  # more clusters than this are marked "c3" on the map (terms in the legend)


def embedding_map_figure(
    points: pd.DataFrame,
    *,
    color: str = "source",
    label_clusters: bool = False,
    axis_titles: tuple[str, str] = ("", ""),
) -> go.Figure:
    """Scatter of the map's points (WebGL), coloured by ``color``; the mix's points bright.

    Parameters
    ----------
    points : DataFrame
        :func:`mixscope.evaluation.embedding_map.map_points`: columns ``x, y, source, role,
        cluster, cluster_label, duplicate, groups, in_mix, text``.
    color : {"source", "cluster", "duplicate", "group"}, default="source"
        Sources in their role's colours (real blue, synthetic warm shades); clusters by label;
        duplicates red; group mentions (the most frequent combinations, then "other groups").
    label_clusters : bool, default=False
        Write each cluster's label at the median position of its points (only its number,
        ``c3``, beyond 12 clusters: the terms would cover the points; they are in the legend).
    axis_titles : (str, str)

    Returns
    -------
    plotly Figure of ``scattergl`` traces: per colour, the documents outside the mix (faded,
    no legend entry unless the mix has none) then those in the mix. Hover shows the escaped
    text with its source, cluster and duplicate kinds.
    """
    require_columns(points, _REQUIRED, "points")
    if color not in MAP_COLOR_BY:
        raise ValueError(f"color must be one of {list(MAP_COLOR_BY)}, got {color!r}")
    categories, order = _categories(points, color)
    colors = _colors(points, color, order)
    hover = _hover(points)
    figure = go.Figure()
    for in_mix in (False, True):  # faded first, so the mix is drawn on top
        for rank, name in enumerate(order):
            rows = (categories == name) & (points["in_mix"] == in_mix)
            if not rows.any():
                continue
            in_legend = in_mix or not ((categories == name) & points["in_mix"]).any()
            figure.add_trace(
                go.Scattergl(
                    x=points.loc[rows, "x"].to_numpy(float),
                    y=points.loc[rows, "y"].to_numpy(float),
                    mode="markers",
                    name=escape(name),
                    legendgroup=escape(name),
                    showlegend=bool(in_legend),
                    legendrank=1000 + rank,  # legend in category order, whichever pass drew it
                    marker={
                        "color": colors[name],
                        "size": 6 if in_mix else 4,
                        "opacity": 0.9 if in_mix else 0.18,
                    },
                    hovertext=hover[rows.to_numpy()],
                    hovertemplate="%{hovertext}<extra></extra>",
                )
            )
    if label_clusters:
        _add_cluster_labels(figure, points)
    figure.update_layout(
        height=640, margin={"l": 10, "r": 10, "t": 30, "b": 10}, uirevision="map",
        legend={"title": {"text": f"{color} (bright: in the mix, faded: not in it)"},
                "itemsizing": "constant"},
        xaxis={"title": axis_titles[0], "showticklabels": False, "zeroline": False,
               "showgrid": False},
        yaxis={"title": axis_titles[1], "showticklabels": False, "zeroline": False,
               "showgrid": False},
        hoverlabel={"align": "left"}, plot_bgcolor="white",
    )  # fmt: skip
    return figure


def _categories(points: pd.DataFrame, color: str) -> tuple[pd.Series, list[str]]:
    """Category of each point for ``color``, and the order the categories are drawn in."""
    if color == "duplicate":
        found = points["duplicate"].map({True: "duplicate", False: "not a duplicate"})
        return found, [c for c in ("not a duplicate", "duplicate") if (found == c).any()]
    if color == "cluster":
        by_cluster = points.drop_duplicates("cluster").sort_values("cluster")
        return points["cluster_label"].astype(str), by_cluster["cluster_label"].astype(str).tolist()
    if color == "group":
        groups = points["groups"].fillna("").astype(str).replace("", _NO_GROUP)
        common = groups[groups != _NO_GROUP].value_counts().index[: _MAX_GROUPS - 1].tolist()
        found = groups.where(groups.isin([*common, _NO_GROUP]), _OTHER_GROUPS)
        present = set(found)
        return found, [c for c in (_NO_GROUP, _OTHER_GROUPS, *common) if c in present]
    found = points["source"].astype(str)
    return found, list(dict.fromkeys(found))  # index order: the real corpus first


def _colors(points: pd.DataFrame, color: str, order: list[str]) -> dict[str, str]:
    if color == "source":
        roles = dict(zip(points["source"].astype(str), points["role"], strict=False))
        synthetic = [n for n in order if roles[n] != "real"]
        shade = {n: _SYNTHETIC_SHADES[i % len(_SYNTHETIC_SHADES)] for i, n in enumerate(synthetic)}
        return {n: ROLE_COLORS["real"] if roles[n] == "real" else shade[n] for n in order}
    if color == "duplicate":
        return {"duplicate": STATUS_COLORS["fail"], "not a duplicate": REFERENCE_COLOR}
    fixed = {_NO_GROUP: REFERENCE_COLOR, _OTHER_GROUPS: "#5f6b77"}
    free = [n for n in order if n not in fixed]
    out = {n: _QUALITATIVE[i % len(_QUALITATIVE)] for i, n in enumerate(free)}
    return out | {n: c for n, c in fixed.items() if n in order}


def _hover(points: pd.DataFrame) -> np.ndarray:
    """Hover text of each point: every user string escaped, long texts wrapped."""
    if "duplicate_kinds" in points.columns:
        kinds = points["duplicate_kinds"].fillna("").astype(str)
    else:
        kinds = points["duplicate"].map({True: "yes", False: ""})
    columns = [points[c].fillna("").astype(str) for c in ("source", "role", "cluster_label",
                                                          "groups", "text")]  # fmt: skip
    out = np.empty(len(points), dtype=object)
    for i, (in_mix, kind, source, role, label, groups, text) in enumerate(
        zip(points["in_mix"], kinds, *columns, strict=True)
    ):
        head = f"<b>{escape(source)}</b> ({escape(role)}), "
        facts = [head + ("in the mix" if in_mix else "not in the mix"), escape(label)]
        facts += [f"duplicate: {escape(kind)}"] if kind else []
        facts += [f"groups: {escape(groups)}"] if groups else []
        lines = _LINE.findall(escape(text))  # breaks at spaces only: no entity is cut
        out[i] = "<br>".join([*facts, "", *lines])
    return out


def _add_cluster_labels(figure: go.Figure, points: pd.DataFrame) -> None:
    centers = points.groupby("cluster").agg(
        x=("x", "median"), y=("y", "median"), label=("cluster_label", "first")
    )
    short = len(centers) > _MAX_LABELS
    for row in centers.itertuples():
        text = str(row.label).split(":")[0] if short else str(row.label)
        figure.add_annotation(
            x=row.x, y=row.y, text=escape(text), showarrow=False,
            font={"size": 11, "color": "#1f2933"}, bgcolor="rgba(255,255,255,0.75)",
        )  # fmt: skip
