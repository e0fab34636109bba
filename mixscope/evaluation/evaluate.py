"""One honest table for a mix: every registered metric with its interval, noise floor and verdict.

What is compared with what
--------------------------
- diversity and duplication: the whole mix, on its own;
- fidelity: the **synthetic part** of the mix against the whole real corpus. The real documents
  of a mix are members of the real corpus, so they would match it by construction and make any
  mix look faithful; fidelity asks whether the synthetic text looks real. A mix without
  synthetic documents gets NaN with status ``n/a``;
- bias: the whole mix against the whole real corpus (what a model trained on the mix sees).

Numbers that carry their context
--------------------------------
- Size-dependent metrics (``Metric.sampled``) are measured on one seeded random sample of
  ``sample_size`` documents (fewer if there are fewer; the settings give the size used).
- ``ci_low``/``ci_high``: percentile interval (:mod:`mixscope.metrics.stats`; the basic
  bootstrap interval for metrics flagged ``interval="basic"``, see ``settings["ci"]``).
  Bootstrap metrics (per-document means and distributions) use ``n_boot`` resamples, cheap
  because a resample is a weight vector. Subsample metrics use ``n_boot_expensive`` further
  samples of the same size, drawn without replacement, so they need more documents than
  ``sample_size``; the interval is the spread due to which documents were sampled.
  ``n_boot_expensive`` is 0 by default (no interval) because each resample redoes an
  eigen-decomposition or k-NN search; pass e.g. 10.
- ``noise_floor``: the same metric between two disjoint random halves A and B of the real
  corpus (comparisons: B against A; single-set metrics: the absolute difference of A and B), at
  the same sample size. A value within the noise floor of its ideal is indistinguishable from
  real-vs-real sampling noise.
- ``status``: pass/warn/fail against the registry's thresholds or the user's overrides.
- ``settings``: JSON with everything the number depends on.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from mixscope.evaluation.documents import document_columns
from mixscope.evaluation.index import MixIndex
from mixscope.evaluation.labels import document_labels
from mixscope.evaluation.measures.base import Options
from mixscope.evaluation.memo import MEMO, Memo
from mixscope.evaluation.metric import Metric, check_thresholds
from mixscope.evaluation.registry import REGISTRY, default_metrics, get_metric
from mixscope.evaluation.row import MIN_DOCUMENTS, Run, index_settings_of, metric_row
from mixscope.metrics.groups import MIN_GROUP_DOCS
from mixscope.mixing import Mix

__all__ = ["TABLE_COLUMNS", "Evaluation", "evaluate"]

TABLE_COLUMNS = (
    "metric", "group", "value", "ci_low", "ci_high", "noise_floor", "status", "settings",
)  # fmt: skip


@dataclass(frozen=True, eq=False)
class Evaluation:
    """Result of :func:`evaluate`.

    Attributes
    ----------
    table : DataFrame
        One row per metric, columns :data:`TABLE_COLUMNS` (``settings`` is a JSON string).
    documents : DataFrame
        One row per mixed document (row ``i`` = ``mix.picks`` row ``i``), see
        :func:`document_columns`.
    config : dict
        The evaluation options (JSON-able).
    """

    table: pd.DataFrame
    documents: pd.DataFrame
    config: dict[str, Any]

    def settings(self, metric: str) -> dict[str, Any]:
        """The settings of one metric as a dict."""
        row = self.table.loc[self.table["metric"] == metric, "settings"]
        if row.empty:
            raise ValueError(f"no metric {metric!r} in this evaluation")
        out: dict[str, Any] = json.loads(row.iloc[0])
        return out


def evaluate(
    mix: Mix,
    index: MixIndex,
    *,
    sample_size: int = 1000,
    n_boot: int = 200,
    n_boot_expensive: int = 0,
    seed: int = 0,
    thresholds: Mapping[str, tuple[float, float]] | None = None,
    metrics: Sequence[str] | None = None,
    min_group_docs: int = MIN_GROUP_DOCS,
    min_documents: int = MIN_DOCUMENTS,
    level: float = 0.95,
    label_column: str | None = None,
    memo: Memo = MEMO,
) -> Evaluation:
    """Evaluate a mix with every registered metric (or the ones named in ``metrics``).

    Parameters
    ----------
    mix : Mix
        Drawn from corpora indexed in ``index``.
    index : MixIndex
        From :func:`mixscope.evaluation.build_index`.
    sample_size : int, default=1000
        Documents measured by size-dependent metrics.
    n_boot : int, default=200
        Bootstrap resamples of the cheap (per-document) metrics; 0 for no interval.
    n_boot_expensive : int, default=0
        Subsamples of the set metrics (Vendi, PRDC, Fréchet, ...); 0 for no interval.
    seed : int, default=0
        Seeds the samples and resamples; equal seeds give equal tables.
    thresholds : mapping metric name -> (warn, fail), optional
        Overrides of the registry defaults, on the metric's basis (see the registry).
    metrics : sequence of str, optional
        Names to evaluate; default :func:`~mixscope.evaluation.registry.default_metrics` (all but
        the slow ``c2st_auc`` and the noisy ``topic_group_mention_shift``), in registry order.
    min_group_docs : int, default=MIN_GROUP_DOCS (30)
        Bias metrics only consider groups mentioned by at least this many documents (and the
        topic-association metrics only topic clusters with this many documents): in the real
        corpus for representation (a group vanishing from the mix is still judged), in the mix
        and in the real corpus for the others.
    min_documents : int, default=MIN_DOCUMENTS (30)
        A metric whose side of the mix (all of it, or its synthetic part) has fewer documents is
        not measured: value NaN, status ``n/a``, and the reason in its settings.
    level : float, default=0.95
        Confidence level of the intervals.
    label_column : str, optional
        Metadata column of the real corpus whose categories ``label_tvd`` compares (read from
        the mix's corpora, see :mod:`mixscope.evaluation.labels`); without one ``label_tvd`` is
        NaN with status ``n/a``.
    memo : Memo, default=MEMO
        Where values derived from the index (noise floors, real reference values, kernel
        spectra) are kept between calls (:mod:`mixscope.evaluation.memo`).

    Returns
    -------
    Evaluation
    """
    _check_options(sample_size, n_boot, n_boot_expensive, seed, min_group_docs)
    if isinstance(min_documents, bool) or not isinstance(min_documents, int) or min_documents < 1:
        raise ValueError(f"min_documents must be an integer >= 1, got {min_documents!r}")
    chosen = [get_metric(name) for name in (metrics or default_metrics())]
    limits = _limits(chosen, thresholds or {})
    ids = index.global_ids(mix)
    labels = None if label_column is None else document_labels(mix, index, label_column)
    options = Options(min_group_docs, seed, (1 + level) / 2, labels=labels, memo=memo)
    run = Run(index, options, sample_size, n_boot, n_boot_expensive, level, seed, min_documents)
    sides = {"mix": ids, "synthetic": ids[index.is_synthetic(ids)]}
    rows = [
        metric_row(run, metric, sides[metric.compares], limits[metric.name]) for metric in chosen
    ]
    config = {
        "sample_size": sample_size, "n_boot": n_boot, "n_boot_expensive": n_boot_expensive,
        "seed": seed, "min_group_docs": min_group_docs, "min_documents": min_documents,
        "level": level,
        "label_column": label_column, "model_id": index.model_id,
        "embedder_id": index.embedder_id, "index": index_settings_of(index),
    }  # fmt: skip
    table = pd.DataFrame(rows, columns=list(TABLE_COLUMNS))
    return Evaluation(table=table, documents=document_columns(mix, index, ids), config=config)


def _check_options(sample_size: int, n_boot: int, n_exp: int, seed: int, min_docs: int) -> None:
    for label, value, low in (
        ("sample_size", sample_size, 2), ("n_boot", n_boot, 0), ("n_boot_expensive", n_exp, 0),
        ("seed", seed, 0), ("min_group_docs", min_docs, 1),
    ):  # fmt: skip
        if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < low:
            raise ValueError(f"{label} must be an integer >= {low}, got {value!r}")


def _limits(
    chosen: list[Metric], overrides: Mapping[str, tuple[float, float]]
) -> dict[str, tuple[float, float]]:
    names = {m.name for m in chosen}
    unknown = sorted(set(overrides) - set(REGISTRY))
    if unknown:
        raise ValueError(f"thresholds for unknown metrics {unknown}; available: {sorted(REGISTRY)}")
    out = {}
    for metric in chosen:
        pair = overrides.get(metric.name, (metric.warn, metric.fail))
        if len(pair) != 2:
            raise ValueError(f"thresholds[{metric.name!r}] must be (warn, fail), got {pair!r}")
        warn, fail = float(pair[0]), float(pair[1])
        check_thresholds(metric, warn, fail)
        out[metric.name] = (warn, fail)
    return {k: v for k, v in out.items() if k in names}
