"""The session's current mix and its evaluation, shared by the Mix page and the metric pages.

The metric pages draw no mix controls: they rebuild the mix from the Mix page's widget values
(kept in session state with ``persist_state="session"``), with the same defaults. Then the
embeddings (a button if they are missing), the index (a progress bar the first time) and the
evaluation of the mix and of its real-only baseline.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
import streamlit as st

from components import data, embedding, mix_controls, safe, state
from mixscope.corpus import Corpus
from mixscope.index import MixIndex
from mixscope.metrics.evaluate import Evaluation
from mixscope.metrics.registry import REGISTRY
from mixscope.mixing import Mix, MixConfig

SAMPLE_SIZE = "metrics_sample_size"
N_BOOT = "metrics_n_boot"
LABEL_COLUMN = "metrics_label_column"
NO_LABEL = "(none)"
DEFAULT_SAMPLE_SIZE = 1_000
DEFAULT_N_BOOT = 200
COMPUTE = "metrics_compute_embeddings"


@dataclass(frozen=True)
class Evaluated:
    """A mix with everything the metric views show about it."""

    mix: Mix
    index: MixIndex
    key: data.IndexKey
    evaluation: Evaluation
    baseline: Evaluation  # the real-only mix: share 0, same size, mode, strategy and seed
    ids: np.ndarray  # global index ids of the mixed documents, in pick order


def current_corpora() -> list[Corpus]:
    """The corpora the Mix page mixes: the chosen real corpus, then every synthetic one."""
    corpora = state.corpora()
    real = [c for c in corpora if c.role == "real"]
    chosen = st.session_state.get(mix_controls.REAL)
    if len(real) > 1:
        real = [c for c in real if c.name == chosen] or real[:1]
    return [*real, *(c for c in corpora if c.role == "synthetic")]


def current_config(corpora: Sequence[Corpus]) -> MixConfig:
    """The Mix page's config from session state; raises ValueError for an impossible one."""
    get = st.session_state.get
    real = next((c for c in corpora if c.role == "real"), None)
    size = min(mix_controls.DEFAULT_SIZE, len(real)) if real is not None else 1
    mode = get(mix_controls.MODE, "replace")
    strategy = get(mix_controls.STRATEGY, "uniform")
    if strategy == "stratified":
        column = get(mix_controls.STRATIFY_BY)
        if column is None:
            raise ValueError("stratified sampling needs a column: choose it on the Mix page")
        strategy = f"stratified:{column}"
    synthetic = [c for c in corpora if c.role == "synthetic"]
    weights = None
    if len(synthetic) > 1:
        weights = tuple(float(get(f"{mix_controls.WEIGHT_PREFIX}{c.name}", 1.0)) for c in synthetic)
    return MixConfig(
        synthetic_share=float(get(mix_controls.SHARE, mix_controls.DEFAULT_SHARE)),
        size=int(get(mix_controls.SIZE, max(size, 1))) if mode == "replace" else None,
        weights=weights,
        mode=mode,
        strategy=strategy,
        seed=int(get(mix_controls.SEED, 0)),
    )


def current() -> Evaluated | None:
    """Evaluate the session's current mix (for the metric pages); None if not possible yet."""
    corpora = current_corpora()
    try:
        result = data.mixed(corpora, current_config(corpora))
    except ValueError as err:
        safe.error(f"The mix cannot be drawn: {err}")
        return None
    return evaluate(corpora, result)


def evaluate(corpora: Sequence[Corpus], result: Mix) -> Evaluated | None:
    """Index the corpora (once) and evaluate ``result`` and its real-only baseline.

    Shows what stands in the way (missing embeddings, with a button; an error) and returns
    None then.
    """
    model = state.model_name()
    index = _index(corpora, model)
    if index is None:
        return None
    key = data.index_key(corpora, model)
    baseline_config = replace(result.config, synthetic_share=0.0, weights=None)
    options = {
        "thresholds": thresholds(),
        "sample_size": int(st.session_state.get(SAMPLE_SIZE, DEFAULT_SAMPLE_SIZE)),
        "n_boot": int(st.session_state.get(N_BOOT, DEFAULT_N_BOOT)),
        "label_column": label_column(corpora),
    }
    try:
        evaluation = data.evaluation(result, index, key, **options)
        baseline = data.evaluation(data.mixed(corpora, baseline_config), index, key, **options)
    except ValueError as err:  # e.g. thresholds in the wrong order for the metric's goal
        safe.error(f"The metrics cannot be computed: {err}")
        return None
    ids = index.global_ids(result)
    return Evaluated(result, index, key, evaluation, baseline, ids)


def label_columns(corpora: Sequence[Corpus]) -> list[str]:
    """Metadata columns of the real corpus that label_tvd can compare."""
    return [c for corpus in corpora if corpus.role == "real" for c in corpus.metadata_columns]


def label_column(corpora: Sequence[Corpus]) -> str | None:
    """The chosen label column, if it still exists in the real corpus."""
    chosen = st.session_state.get(LABEL_COLUMN, NO_LABEL)
    return chosen if chosen in label_columns(corpora) else None


def _index(corpora: Sequence[Corpus], model: str) -> MixIndex | None:
    if not data.embeddings_ready(corpora, model):
        _ask_for_embeddings(corpora, model)
        return None
    found = data.cached_index(corpora, model)
    if found is not None:
        return found
    bar = st.progress(0.0, text="Indexing the corpora for the metrics…")
    try:
        index = data.metric_index(
            corpora,
            model,
            progress=lambda done, total: bar.progress(
                done / total, text=f"Indexing the corpora: step {done} of {total}"
            ),
        )
    except ValueError as err:  # e.g. a corpus too small to cluster
        bar.empty()
        safe.error(f"The corpora cannot be indexed for the metrics: {err}")
        return None
    bar.empty()
    return index


def _ask_for_embeddings(corpora: Sequence[Corpus], model: str) -> None:
    total = sum(len(c) for c in corpora)
    st.info(
        f"The metrics need the embeddings of every corpus ({total:,} documents) with the model "
        "chosen in the sidebar. They are computed once and cached on disk: all-MiniLM-L6-v2 "
        "embeds on the order of a hundred documents a second on two CPU cores (see "
        "benchmarks/results.md); 'lexical (fast)' takes seconds.",
        icon=":material/memory:",
    )
    clicked = st.button("Compute embeddings", key=COMPUTE, type="primary", icon=":material/memory:")
    if clicked and embedding.embed_with_progress(corpora, model):
        st.rerun()


def threshold_key(metric: str, level: str) -> str:
    """Session key of a metric's ``"warn"`` or ``"fail"`` threshold."""
    return f"threshold_{metric}_{level}"


def thresholds() -> dict[str, tuple[float, float]]:
    """The user's (warn, fail) per metric that was changed from the registry default."""
    out = {}
    for name, metric in REGISTRY.items():
        warn = float(st.session_state.get(threshold_key(name, "warn"), metric.warn))
        fail = float(st.session_state.get(threshold_key(name, "fail"), metric.fail))
        if (warn, fail) != (metric.warn, metric.fail):
            out[name] = (warn, fail)
    return out
