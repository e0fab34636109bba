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
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from mixscope.index import MixIndex
from mixscope.metrics import measures
from mixscope.metrics.bias import MIN_GROUP_DOCS
from mixscope.metrics.labels import MISSING, Labels, document_labels
from mixscope.metrics.measures import Options, Reference
from mixscope.metrics.registry import (
    REGISTRY,
    Metric,
    check_thresholds,
    default_metrics,
    get_metric,
)
from mixscope.metrics.stats import (
    basic_interval,
    bootstrap_weights,
    percentile_interval,
    status,
)
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


@dataclass(frozen=True)
class _Run:
    index: MixIndex
    options: Options
    sample_size: int
    n_boot: int
    n_boot_expensive: int
    level: float
    seed: int
    weights: dict[tuple[int, int], np.ndarray] = field(default_factory=dict)

    def bootstrap(self, n: int, n_boot: int) -> np.ndarray:
        """Bootstrap weights of ``n`` documents, drawn once per evaluation (same for all metrics
        of a side, as before, since they depend only on ``n``, ``n_boot`` and the seed)."""
        if (n, n_boot) not in self.weights:
            self.weights[(n, n_boot)] = bootstrap_weights(n, n_boot=n_boot, seed=self.seed)
        return self.weights[(n, n_boot)]


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
    level: float = 0.95,
    label_column: str | None = None,
) -> Evaluation:
    """Evaluate a mix with every registered metric (or the ones named in ``metrics``).

    Parameters
    ----------
    mix : Mix
        Drawn from corpora indexed in ``index``.
    index : MixIndex
        From :func:`mixscope.index.build_index`.
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
        Names to evaluate; default :func:`~mixscope.metrics.registry.default_metrics` (all but
        the slow ``c2st_auc`` and the noisy ``topic_group_mention_shift``), in registry order.
    min_group_docs : int, default=MIN_GROUP_DOCS (30)
        Bias metrics only consider groups mentioned by at least this many documents (and the
        topic-association metrics only topic clusters with this many documents): in the real
        corpus for representation (a group vanishing from the mix is still judged), in the mix
        and in the real corpus for the others.
    level : float, default=0.95
        Confidence level of the intervals.
    label_column : str, optional
        Metadata column of the real corpus whose categories ``label_tvd`` compares (read from
        the mix's corpora, see :mod:`mixscope.metrics.labels`); without one ``label_tvd`` is
        NaN with status ``n/a``.

    Returns
    -------
    Evaluation
    """
    _check_options(sample_size, n_boot, n_boot_expensive, seed, min_group_docs)
    chosen = [get_metric(name) for name in (metrics or default_metrics())]
    limits = _limits(chosen, thresholds or {})
    ids = index.global_ids(mix)
    labels = None if label_column is None else document_labels(mix, index, label_column)
    run = _Run(index, Options(min_group_docs, seed, labels=labels), sample_size, n_boot,
               n_boot_expensive, level, seed)  # fmt: skip
    sides = {"mix": ids, "synthetic": ids[index.is_synthetic(ids)]}
    rows = [_row(run, metric, sides[metric.compares], limits[metric.name]) for metric in chosen]
    config = {
        "sample_size": sample_size, "n_boot": n_boot, "n_boot_expensive": n_boot_expensive,
        "seed": seed, "min_group_docs": min_group_docs, "level": level,
        "label_column": label_column, "model_id": index.model_id,
        "index": _index_settings(index),
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


def _index_settings(index: MixIndex) -> dict[str, Any]:
    s = index.settings
    return {
        "num_perm": s.num_perm, "shingle_size": s.shingle_size,
        "jaccard_threshold": s.jaccard_threshold, "semantic_threshold": s.semantic_threshold,
        "semantic_k": s.semantic_k, "prdc_k": s.prdc_k,
        "n_clusters": index.cluster_model.n_clusters, "cluster_seed": s.seed,
        "distinct_budget": s.distinct_budget,
    }  # fmt: skip


def _rng(run: _Run, metric: Metric, purpose: int) -> np.random.Generator:
    stream = list(REGISTRY).index(metric.sample_as or metric.name)
    return np.random.default_rng([run.seed, stream, purpose])


def _sample(ids: np.ndarray, m: int, rng: np.random.Generator) -> np.ndarray:
    return ids if len(ids) <= m else np.sort(rng.choice(ids, m, replace=False))


def _refs(index: MixIndex) -> tuple[Reference, Reference]:
    full = Reference(
        index.real_ids, index.real_manifold, index.real_stats, index.real_balls, index.real_sqrt_cov
    )
    return full, Reference(index.half_a, index.half_manifold, index.half_stats)


def _point(run: _Run, metric: Metric, ids: np.ndarray, ref: Reference) -> float:
    if len(ids) == 0:
        return math.nan
    if metric.resampling == "subsample":
        return float(metric.function(run.index, ids, ref, run.options))
    ones = np.ones((1, len(ids)))
    return float(metric.function(run.index, ids, ref, ones, run.options)[0])


def _row(run: _Run, metric: Metric, side: np.ndarray, limit: tuple[float, float]) -> list[Any]:
    full, _ = _refs(run.index)
    size = min(run.sample_size, len(side)) if metric.sampled else len(side)
    ids = _sample(side, size, _rng(run, metric, 0)) if metric.sampled else side
    value = _point(run, metric, ids, full)
    (low, high), ci = _interval(run, metric, side, size, full, value)
    floor_size = size if len(side) or not metric.sampled else run.sample_size
    floor, reference = _floor(run, metric, floor_size)
    judged = value
    if metric.basis == "ratio_to_real":
        judged = value / reference if reference else math.nan
    elif metric.basis == "ratio_to_floor":
        judged = value / floor if floor else math.nan
    verdict = status(judged, goal=metric.goal, warn=limit[0], fail=limit[1], target=metric.target)
    settings = {
        "n_documents": len(side), "sample_size": int(size), "compares": metric.compares,
        "basis": metric.basis, "warn": limit[0], "fail": limit[1], "goal": metric.goal,
        "target": metric.target, "threshold_source": metric.threshold_source,
        "judged_value": _json_float(judged), "real_reference_value": _json_float(reference),
        "seed": run.seed, "model_id": run.index.model_id, "ci": ci,
    }  # fmt: skip
    index_settings = _index_settings(run.index)
    settings |= {key: index_settings[key] for key in metric.uses if key in index_settings}
    if "min_group_docs" in metric.uses:
        settings["min_group_docs"] = run.options.min_group_docs
    if "label_column" in metric.uses:
        settings |= _label_settings(run.options.labels)
    if len(side) == 0:
        settings["not_applicable"] = f"the mix has no {metric.compares} documents"
    if metric.axis is not None:
        settings |= _axis_settings(run.index, metric.axis)
    return [metric.name, metric.group, value, low, high, floor, verdict,
            json.dumps(settings, sort_keys=True)]  # fmt: skip


def _axis_settings(index: MixIndex, axis: str) -> dict[str, Any]:
    out: dict[str, Any] = {"axis": axis, "axes_indexed": sorted(index.axis_scores)}
    if axis not in index.axis_scores:  # said out loud: never a silent substitute
        out["not_applicable"] = (
            f"no {axis!r} concept axis in the index: build it with build_index(..., "
            "axes=mixscope.axes.axis_directions(embedder))"
        )
    return out


def _label_settings(labels: Labels | None) -> dict[str, Any]:
    if labels is None:
        return {"label_column": None, "not_applicable": "no label column chosen"}
    out: dict[str, Any] = {
        "label_column": labels.column, "n_categories": len(labels.categories),
        "missing_category": MISSING,
    }  # fmt: skip
    if labels.lacking:
        out["note"] = (
            f"corpora without column {labels.column!r} (their documents count as "
            f"{MISSING!r}): {list(labels.lacking)}"
        )
    return out


def _json_float(x: float | None) -> float | None:
    return None if x is None or not math.isfinite(x) else float(x)


def _interval(
    run: _Run, metric: Metric, side: np.ndarray, size: int, ref: Reference, value: float
) -> tuple[tuple[float, float], dict[str, Any]]:
    n = run.n_boot_expensive if metric.expensive else run.n_boot
    info: dict[str, Any] = {
        "method": metric.resampling, "interval": metric.interval, "n_resamples": n,
        "level": run.level,
    }  # fmt: skip
    if n == 0 or len(side) == 0:
        return (math.nan, math.nan), info | {"n_resamples": 0}
    if metric.interval == "none":
        info["note"] = "no interval: resampling biases this statistic (see the registry)"
        return (math.nan, math.nan), info | {"n_resamples": 0}
    if metric.resampling == "bootstrap":
        W = run.bootstrap(len(side), n)
        values = metric.function(run.index, side, ref, W, run.options)
    elif len(side) <= size:
        info["note"] = "no interval: all documents are in the sample"
        return (math.nan, math.nan), info | {"n_resamples": 0}
    else:
        rng = _rng(run, metric, 1)
        values = [_point(run, metric, _sample(side, size, rng), ref) for _ in range(n)]
    if metric.interval == "basic":
        return basic_interval(values, value, level=run.level), info
    return percentile_interval(values, level=run.level), info


def _floor(run: _Run, metric: Metric, size: int) -> tuple[float, float]:
    """(noise floor, real reference value at the same size), memoised in the index."""
    # The label column matters only to label_tvd: other floors survive a change of column.
    options = run.options if "label_column" in metric.uses else replace(run.options, labels=None)
    key = ("floor", metric.name, size, run.seed, options)
    if key not in run.index.cache:
        run.index.cache[key] = _compute_floor(run, metric, size)
    cached: tuple[float, float] = run.index.cache[key]
    return cached


def _compute_floor(run: _Run, metric: Metric, size: int) -> tuple[float, float]:
    full, half = _refs(run.index)
    rng = _rng(run, metric, 2)
    a, b = run.index.half_a, run.index.half_b
    if metric.sampled:
        half_size = min(size, len(a), len(b))
        a, b = _sample(a, half_size, rng), _sample(b, half_size, rng)
    reference = math.nan
    if metric.basis == "ratio_to_real":
        reference = _point(run, metric, _sample(run.index.real_ids, size, rng), full)
    if metric.group in ("fidelity", "bias"):
        return _point(run, metric, b, half), reference
    return abs(_point(run, metric, a, half) - _point(run, metric, b, half)), reference


def _group_labels(index: MixIndex) -> np.ndarray:
    """``;``-joined group mentions of every indexed document, joined once per index."""
    if "group_labels" not in index.cache:
        index.cache["group_labels"] = _join_groups(index.mentions, index.group_columns)
    labels: np.ndarray = index.cache["group_labels"]
    return labels


def _join_groups(M: np.ndarray, names: tuple[str, ...]) -> np.ndarray:
    if not names:
        return np.full(len(M), "", dtype=object)
    # One join per distinct mention pattern, not per document: rows packed to byte keys.
    packed = np.ascontiguousarray(np.packbits(M, axis=1))
    keys = packed.view(f"V{packed.shape[1]}").ravel()
    _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    columns = np.array(names, dtype=object)
    joined = np.array([";".join(columns[M[i]]) for i in first], dtype=object)
    out: np.ndarray = joined[inverse.ravel()]
    return out


def document_columns(mix: Mix, index: MixIndex, ids: np.ndarray | None = None) -> pd.DataFrame:
    """Per-document findings, row ``i`` = ``mix.picks`` row ``i``.

    Columns: ``source, role, source_row`` (from the picks), ``is_exact_duplicate`` (repeats an
    earlier document of the mix), ``near_duplicate_of`` / ``semantic_duplicate_of`` (row of the
    first member of its MinHash / embedding duplicate cluster in the mix, -1 if none or if it is
    that first member), ``cross_source_duplicate``, ``nearest_real_similarity`` (cosine to the
    nearest *other* real document), ``cluster`` (real-corpus topic cluster), ``groups``
    (``;``-joined ``axis:group`` mentions), ``sentiment`` (VADER compound), ``n_words``.
    """
    from mixscope.metrics.duplication import near_duplicate_of

    g = index.global_ids(mix) if ids is None else ids
    near = measures.pairs_within(index, index.near_pairs, g)
    semantic = measures.pairs_within(index, index.semantic_pairs, g)
    groups = _group_labels(index)[g]
    frame = mix.picks[["source", "role", "source_row"]].reset_index(drop=True).copy()
    frame["is_exact_duplicate"] = measures.exact_flags(index, g)
    frame["near_duplicate_of"] = near_duplicate_of(len(g), near)
    frame["semantic_duplicate_of"] = near_duplicate_of(len(g), semantic)
    frame["cross_source_duplicate"] = measures.cross_source_flags(index, g)
    frame["nearest_real_similarity"] = index.nearest_real[g]
    frame["cluster"] = index.clusters[g]
    frame["groups"] = pd.Series(groups, dtype="string")
    frame["sentiment"] = index.sentiment[g]
    frame["n_words"] = index.lengths[g]
    return frame
