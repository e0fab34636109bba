"""One row of the evaluation table: a metric's value, interval, noise floor and verdict.

See :mod:`mixscope.evaluation.evaluate` for what each number means.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from mixscope.evaluation.calibration import calibration_note
from mixscope.evaluation.index import MixIndex
from mixscope.evaluation.labels import MISSING, Labels
from mixscope.evaluation.measures.base import (
    Options,
    Reference,
    half_reference,
    real_reference,
)
from mixscope.evaluation.metric import Metric
from mixscope.evaluation.registry import REGISTRY
from mixscope.metrics.groups import MIN_GROUP_DOCS
from mixscope.metrics.language import non_english_share
from mixscope.metrics.stats import (
    basic_interval,
    bootstrap_weights,
    interval_status,
    percentile_interval,
    prediction_half_width,
    status,
)

__all__ = ["MIN_DOCUMENTS", "Run", "index_settings_of", "metric_row"]

#: Fewest documents a metric is measured on; fewer give n/a with the reason. The textbook
#: n >= 30 for a normal approximation (the bias metrics' MIN_GROUP_DOCS, for the same reason).
MIN_DOCUMENTS = MIN_GROUP_DOCS


@dataclass(frozen=True)
class Run:
    """One evaluation's context: the index, the options, and its bootstrap weights."""

    index: MixIndex
    options: Options
    sample_size: int
    n_boot: int
    n_boot_expensive: int
    level: float
    seed: int
    min_documents: int = MIN_DOCUMENTS
    weights: dict[tuple[int, int], np.ndarray] = field(default_factory=dict)

    def bootstrap(self, n: int, n_boot: int) -> np.ndarray:
        """Bootstrap weights of ``n`` documents, drawn once per evaluation (same for all metrics
        of a side, as before, since they depend only on ``n``, ``n_boot`` and the seed)."""
        if (n, n_boot) not in self.weights:
            self.weights[(n, n_boot)] = bootstrap_weights(n, n_boot=n_boot, seed=self.seed)
        return self.weights[(n, n_boot)]


def index_settings_of(index: MixIndex) -> dict[str, Any]:
    """The index settings every metric's value depends on (JSON-able)."""
    s = index.settings
    return {
        "num_perm": s.num_perm, "shingle_size": s.shingle_size,
        "jaccard_threshold": s.jaccard_threshold, "semantic_threshold": s.semantic_threshold,
        "semantic_k": s.semantic_k, "prdc_k": s.prdc_k,
        "n_clusters": index.cluster_model.n_clusters, "cluster_seed": s.seed,
        "distinct_budget": s.distinct_budget, "embedding_dtype": s.embedding_dtype,
        # above exact_search_limit documents, neighbour searches go through faiss's inverted
        # file (IndexSettings.nprobe cells per query): semantic duplicate pairs may be missed
        "approximate_search": len(index.unit) > s.exact_search_limit, "nprobe": s.nprobe,
    }  # fmt: skip


def _rng(run: Run, metric: Metric, purpose: int) -> np.random.Generator:
    stream = REGISTRY[metric.sample_as].stream if metric.sample_as else metric.stream
    return np.random.default_rng([run.seed, stream, purpose])


def _sample(ids: np.ndarray, m: int, rng: np.random.Generator) -> np.ndarray:
    return ids if len(ids) <= m else np.sort(rng.choice(ids, m, replace=False))


def _point(run: Run, metric: Metric, ids: np.ndarray, ref: Reference) -> float:
    return _analytic(run, metric, ids, ref)[0]


def _analytic(run: Run, metric: Metric, ids: np.ndarray, ref: Reference) -> np.ndarray:
    """``[value, low, high]`` of the documents ``ids`` (NaN ends unless ``interval="analytic"``)."""
    out = np.full(3, math.nan)
    if len(ids) == 0:
        return out
    if metric.resampling == "subsample":
        out[0] = float(metric.function(run.index, ids, ref, run.options))
        return out
    ones = np.ones((1, len(ids)))
    row = np.asarray(metric.function(run.index, ids, ref, ones, run.options)[0], dtype=np.float64)
    if metric.interval == "analytic":
        return row
    out[0] = float(row)
    return out


#: An English-only metric is partial when more than this share of the documents it reads (the
#: measured side, or the real corpus) is in another language.
PARTIAL_SHARE = 0.2

#: Real-versus-real draws a fidelity value is judged against (once per metric and size);
#: ``Metric.null_draws`` lowers it for metrics whose draw is a search or a decomposition.
NULL_DRAWS = 20


@dataclass(frozen=True)
class _Measured:
    """A metric's numbers before judging: value, interval, noise floor, real reference value, the
    sample size, how the interval was made and further settings."""

    value: float
    low: float
    high: float
    floor: float
    reference: float
    size: int
    ci: dict[str, Any]
    extra: dict[str, Any] = field(default_factory=dict)


def metric_row(run: Run, metric: Metric, side: np.ndarray, limit: tuple[float, float]) -> list[Any]:
    if metric.compares == "synthetic":
        m = _against_real_half(run, metric, side)
    else:
        m = _on_side(run, metric, side)
    scale = _scale(metric, m)
    judged = m.value / scale if scale else math.nan
    verdict = interval_status(
        judged, m.low / scale if scale else math.nan, m.high / scale if scale else math.nan,
        goal=metric.goal, warn=limit[0], fail=limit[1], target=metric.target,
    ) if metric.judged_on_interval else status(
        judged, goal=metric.goal, warn=limit[0], fail=limit[1], target=metric.target
    )  # fmt: skip
    settings = {
        "n_documents": len(side), "sample_size": int(m.size), "compares": metric.compares,
        "basis": metric.basis, "warn": limit[0], "fail": limit[1], "goal": metric.goal,
        "target": metric.target, "threshold_source": metric.threshold_source,
        "judged_value": _json_float(judged), "real_reference_value": _json_float(m.reference),
        "seed": run.seed, "model_id": run.index.model_id, "ci": m.ci,
    }  # fmt: skip
    settings |= m.extra
    if metric.english_only:
        settings |= _language_settings(run.index, side)
    note = calibration_note(metric.name, run.index.model_id)
    if note is not None and limit == (metric.warn, metric.fail):
        settings["uncalibrated"] = note
    index_settings = index_settings_of(run.index)
    settings |= {key: index_settings[key] for key in metric.uses if key in index_settings}
    if metric.reads_embeddings and index_settings["embedding_dtype"] != "float32":
        settings["embedding_dtype"] = index_settings["embedding_dtype"]
    if "min_group_docs" in metric.uses:
        settings["min_group_docs"] = run.options.min_group_docs
    if "label_column" in metric.uses:
        settings |= _label_settings(run.options.labels)
    if len(side) == 0:
        settings["not_applicable"] = f"the mix has no {metric.compares} documents"
    elif m.size < run.min_documents:
        settings["not_applicable"] = _too_few(run, metric, side)
    if metric.axis is not None:
        settings |= _axis_settings(run.index, metric.axis)
    return [metric.name, metric.group, m.value, m.low, m.high, m.floor, verdict,
            json.dumps(settings, sort_keys=True)]  # fmt: skip


def _scale(metric: Metric, m: _Measured) -> float:
    """What the value is divided by before the thresholds apply (see ``Metric.basis``)."""
    if metric.basis == "ratio_to_real":
        return m.reference
    if metric.basis == "ratio_to_floor":
        return m.floor
    return 1.0


def _too_few(run: Run, metric: Metric, side: np.ndarray) -> str:
    if len(side) < run.min_documents:
        return (
            f"too few documents: {len(side)} < {run.min_documents} ({metric.compares} "
            "documents of the mix)"
        )
    half = len(run.index.half_b)
    return (
        f"too few documents: {half} < {run.min_documents} (half of the real corpus, which the "
        "synthetic documents are compared with at the same size)"
    )


_NOTHING = _Measured(math.nan, math.nan, math.nan, math.nan, math.nan, 0, {})


def _on_side(run: Run, metric: Metric, side: np.ndarray) -> _Measured:
    """The mix (or its synthetic part) measured against the whole real corpus."""
    size = min(run.sample_size, len(side)) if metric.sampled else len(side)
    if len(side) < run.min_documents:  # nothing is measured on a handful of documents
        ci: dict[str, Any] = {"method": metric.resampling, "n_resamples": 0}
        return replace(_NOTHING, size=size, ci=ci)
    full = real_reference(run.index)
    ids = _sample(side, size, _rng(run, metric, 0)) if metric.sampled else side
    value = _point(run, metric, ids, full)
    (low, high), ci = _interval(run, metric, side, size, full, value)
    floor, reference = _floor(run, metric, size)
    return _Measured(value, low, high, floor, reference, size, ci)


def _against_real_half(run: Run, metric: Metric, side: np.ndarray) -> _Measured:
    """Fidelity: the synthetic documents against real half A, judged against real half B
    against half A at the same size.

    Fidelity values depend on how many documents are compared (coverage, recall and MAUVE grow
    with the sample), so a value only means something next to what real text reaches at that
    size. The synthetic sample and ``NULL_DRAWS`` samples of real half B, all of one size, are
    each compared with real half A: the floor is the mean of the real-versus-real values and the
    interval is the value plus or minus their prediction interval, so the status (from the end
    of the interval nearest the ideal) fails a source only when the data show it, at any share.
    """
    cap = min(len(side), len(run.index.half_b))
    size = min(run.sample_size, cap) if metric.sampled else cap
    ci: dict[str, Any] = {
        "method": "real-versus-real", "interval": "prediction", "n_resamples": 0,
        "level": run.level,
    }  # fmt: skip
    if size < run.min_documents:
        return replace(_NOTHING, size=size, ci=ci)
    half = half_reference(run.index)
    ids = _sample(side, size, _rng(run, metric, 0))
    value = _point(run, metric, ids, half)
    draws = _null(run, metric, size)
    floor = float(np.nanmean(draws)) if np.isfinite(draws).any() else math.nan
    width = prediction_half_width(draws, level=run.level)
    low, high = max(value - width, metric.bounds[0]), min(value + width, metric.bounds[1])
    ci |= {
        "n_resamples": len(draws),
        "note": (
            f"the value plus or minus the spread of {len(draws)} real-versus-real values at "
            f"the same size ({size} documents of real half B against half A): a {run.level:.0%} "
            "prediction interval"
        ),
    }
    extra = {
        "reference": "real half A", "reference_documents": len(half.ids),
        "real_versus_real_sd": _json_float(float(np.nanstd(draws, ddof=1))),
    }  # fmt: skip
    return _Measured(value, low, high, floor, math.nan, size, ci, extra)


def _null(run: Run, metric: Metric, size: int) -> np.ndarray:
    """``NULL_DRAWS`` (or the metric's ``null_draws``) values of real half B samples of
    ``size`` documents against half A (memoised per index, metric, size and options)."""
    options = replace(run.options, labels=None)
    key = (run.index.fingerprint, "null", metric.name, size, run.seed, options)

    def compute() -> np.ndarray:
        rng, half = _rng(run, metric, 3), half_reference(run.index)
        b = run.index.half_b
        n = metric.null_draws or NULL_DRAWS
        draws = [_point(run, metric, _sample(b, size, rng), half) for _ in range(n)]
        out = np.array(draws, dtype=np.float64)
        out.flags.writeable = False
        return out

    draws: np.ndarray = options.memo.get(key, compute)
    return draws


def _language_settings(index: MixIndex, side: np.ndarray) -> dict[str, Any]:
    shares = {
        "measured": non_english_share(index.languages[side]),
        "real": non_english_share(index.languages[index.real_ids]),
    }
    out: dict[str, Any] = {"non_english_share": {k: _json_float(v) for k, v in shares.items()}}
    high = {k: v for k, v in shares.items() if math.isfinite(v) and v > PARTIAL_SHARE}
    if high:
        where = " and ".join(
            f"{v:.0%} of the {'real corpus' if k == 'real' else 'documents measured'}"
            for k, v in high.items()
        )
        out["partial"] = (
            f"{where} are not in English; the term lists and VADER read English only, so this "
            "value covers the English documents"
        )
    return out


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
    run: Run, metric: Metric, side: np.ndarray, size: int, ref: Reference, value: float
) -> tuple[tuple[float, float], dict[str, Any]]:
    n = run.n_boot_expensive if metric.expensive else run.n_boot
    info: dict[str, Any] = {
        "method": metric.resampling, "interval": metric.interval, "n_resamples": n,
        "level": run.level,
    }  # fmt: skip
    if metric.interval == "analytic":
        _, low, high = _analytic(run, metric, side, ref)
        note = "closed-form interval of the group the value is about (see the metric's reference)"
        return (float(low), float(high)), info | {"n_resamples": 0, "note": note}
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
        low, high = basic_interval(values, value, level=run.level)
    else:
        low, high = percentile_interval(values, level=run.level)
    if math.isfinite(value) and math.isfinite(low) and not low <= value <= high:
        info["note"] = _EXCLUDED[metric.interval]
    return (low, high), info


#: Why an interval may not contain its own point value (said in the table when it happens).
_EXCLUDED = {
    "percentile": "the interval does not contain the value: its resamples all lie on one side "
    "of it, so resampling biases this statistic here; read the value, not the interval",
    "basic": "the interval does not contain the value: resampling pushes this mean of absolute "
    "differences up, and the bias-corrected interval lies below the value, so most of the "
    "value is sampling noise",
}


def _floor(run: Run, metric: Metric, size: int) -> tuple[float, float]:
    """(noise floor, real reference value at the same size), computed once per index, metric,
    sample size and options, and kept in the engine's memo.

    Only size-dependent (``sampled``) metrics depend on the size: the others are measured on
    whole halves, so their floor is computed once per index whatever the mix. A sampled
    metric's floor is measured at the size its value was (the synthetic count when there are
    fewer synthetic documents than ``sample_size``): each new size once, from the index's
    precomputed half-A structures.
    """
    # The label column matters only to label_tvd: other floors survive a change of column.
    options = run.options if "label_column" in metric.uses else replace(run.options, labels=None)
    key = (run.index.fingerprint, "floor", metric.name, size if metric.sampled else None,
           run.seed, options)  # fmt: skip
    floor: tuple[float, float] = options.memo.get(key, lambda: _compute_floor(run, metric, size))
    return floor


def _compute_floor(run: Run, metric: Metric, size: int) -> tuple[float, float]:
    full, half = real_reference(run.index), half_reference(run.index)
    rng = _rng(run, metric, 2)
    a, b = run.index.half_a, run.index.half_b
    if metric.sampled:
        half_size = min(size, len(a), len(b))
        a, b = _sample(a, half_size, rng), _sample(b, half_size, rng)
    reference = math.nan
    if metric.basis == "ratio_to_real":
        reference = _point(run, metric, _sample(run.index.real_ids, size, rng), full)
    if metric.group == "bias":  # comparisons with real: half B against half A
        return _point(run, metric, b, half), reference
    return abs(_point(run, metric, a, half) - _point(run, metric, b, half)), reference
