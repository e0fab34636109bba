"""Tables the Diversity and Bias pages chart: topics, group representation, sentiment, axes.

Each takes the index and the global ids of a mix's documents (``index.global_ids(mix)``) and
returns a tidy frame for :mod:`mixscope.plots`: the numbers are computed here, by the same
functions as the registry metrics, so a chart and its card never disagree.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from mixscope.evaluation.index import MixIndex
from mixscope.metrics.representation import FOUR_FIFTHS, representation_ratios
from mixscope.metrics.sentiment import sentiment_by_group

__all__ = [
    "FOUR_FIFTHS_BAND",
    "axis_scores",
    "cluster_table",
    "mention_frames",
    "representation_table",
    "sentiment_table",
]

#: Representation ratios outside [0.8, 1.25] fail the four-fifths rule (and its mirror).
FOUR_FIFTHS_BAND = (FOUR_FIFTHS, 1 / FOUR_FIFTHS)


def cluster_table(index: MixIndex, ids: np.ndarray) -> pd.DataFrame:
    """Documents per topic cluster in the real corpus and in the mix.

    Returns
    -------
    DataFrame with columns ``cluster, real_n, mix_n, real_share, mix_share, missing``, one row
    per cluster, sorted by real share (largest first); ``missing`` marks clusters the real
    corpus has and the mix lacks.
    """
    k = index.cluster_model.n_clusters
    real = np.bincount(index.clusters[index.real_ids], minlength=k)
    mixed = np.bincount(index.clusters[ids], minlength=k)
    table = pd.DataFrame({"cluster": np.arange(k), "real_n": real, "mix_n": mixed})
    table["real_share"] = real / max(real.sum(), 1)
    table["mix_share"] = mixed / max(mixed.sum(), 1)
    table["missing"] = (table["real_n"] > 0) & (table["mix_n"] == 0)
    return table.sort_values(["real_share", "cluster"], ascending=[False, True], ignore_index=True)


def mention_frames(index: MixIndex, ids: np.ndarray) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Group mentions (bool, ``axis:group`` columns) of the mix and of the real corpus."""
    columns = list(index.group_columns)
    return (
        pd.DataFrame(index.mentions[ids], columns=columns),
        pd.DataFrame(index.mentions[index.real_ids], columns=columns),
    )


def representation_table(
    index: MixIndex,
    ids: np.ndarray,
    *,
    min_docs: int,
    warn: float = FOUR_FIFTHS,
    fail: float = 0.5,
    level: float = 0.95,
) -> pd.DataFrame:
    """Per group: share of documents mentioning it in the mix relative to the real corpus.

    :func:`mixscope.metrics.representation.representation_ratios` with the numbers and the rule
    of the ``group_representation_ratio_min`` metric (pass the evaluation's thresholds and level:
    the least represented group's row then equals the card), plus a ``label`` column
    ``axis:group`` for the chart.
    """
    mix_mentions, real_mentions = mention_frames(index, ids)
    table = representation_ratios(
        mix_mentions, real_mentions, min_mentions=min_docs, warn=warn, fail=fail,
        confidence=(1 + level) / 2,
    )  # fmt: skip
    return table.assign(label=table["axis"] + ":" + table["group"])


def sentiment_table(index: MixIndex, ids: np.ndarray, *, min_docs: int) -> pd.DataFrame:
    """Mean sentiment per group, real corpus and mix side by side.

    Returns
    -------
    DataFrame with columns ``label, real_n, real_mean, mix_n, mix_mean, judged``; a group is
    ``judged`` with ``min_docs`` mentioning documents on both sides.
    """
    mix_mentions, real_mentions = mention_frames(index, ids)
    real = sentiment_by_group(index.sentiment[index.real_ids], real_mentions)
    mix = sentiment_by_group(index.sentiment[ids], mix_mentions)
    table = pd.DataFrame({
        "label": real["axis"] + ":" + real["group"], "real_n": real["n"],
        "real_mean": real["mean"], "mix_n": mix["n"].to_numpy(), "mix_mean": mix["mean"].to_numpy(),
    })  # fmt: skip
    table["judged"] = (table["real_n"] >= min_docs) & (table["mix_n"] >= min_docs)
    return table


def axis_scores(index: MixIndex, ids: np.ndarray, axis: str) -> tuple[np.ndarray, np.ndarray]:
    """Scores on ``axis`` of the real corpus and of the mix's documents."""
    if axis not in index.axis_scores:
        raise ValueError(f"no {axis!r} axis in this index; axes: {sorted(index.axis_scores)}")
    scores = index.axis_scores[axis]
    return scores[index.real_ids], scores[ids]
