"""The session's current mix and its evaluation, shared by the Mix page and the metric pages.

The metric pages draw no mix controls: they take the mix from :func:`components.state.mix_config`
(the Mix page's controls or their defaults). Then the embeddings (a button if they are missing),
the index (a progress bar the first time) and the evaluation of the mix and of its real-only
baseline.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
import streamlit as st

from components import data, embedding, progress, safe, state
from mixscope.corpus import Corpus
from mixscope.evaluation import Evaluation, MixIndex
from mixscope.mixing import Mix


@dataclass(frozen=True)
class Evaluated:
    """A mix with everything the metric views show about it."""

    mix: Mix
    index: MixIndex
    key: data.MixKey  # what the evaluation was built from: index and exact corpora
    evaluation: Evaluation
    baseline: Evaluation  # the real-only mix: share 0, same size, mode, strategy and seed
    ids: np.ndarray  # global index ids of the mixed documents, in pick order


def current() -> Evaluated | None:
    """Evaluate the session's current mix (for the metric pages); None if not possible yet."""
    corpora = state.mix_corpora()
    try:
        result = data.mixed(corpora, state.mix_config(corpora))
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
    key = data.mix_key(corpora, model)
    baseline_config = replace(result.config, synthetic_share=0.0, weights=None)
    options = state.metric_options(corpora)
    try:
        evaluation = data.evaluation(result, index, key, options)
        baseline = data.evaluation(data.mixed(corpora, baseline_config), index, key, options)
    except ValueError as err:  # e.g. thresholds in the wrong order for the metric's goal
        safe.error(f"The metrics cannot be computed: {err}")
        return None
    return Evaluated(result, index, key, evaluation, baseline, index.global_ids(result))


def _index(corpora: Sequence[Corpus], model: str) -> MixIndex | None:
    if not data.embeddings_ready(corpora, model):
        _ask_for_embeddings(corpora, model)
        return None
    found = data.cached_index(corpora, model)
    if found is not None:
        return found
    if progress.cancelled(state.CANCEL_INDEX):
        st.info("Indexing cancelled.", icon=":material/pause_circle:")
        st.button("Index the corpora", key=state.RESUME_INDEX, icon=":material/play_arrow:")
        return None
    bar = progress.ProgressBar("Indexing the corpora:", "steps", cancel_key=state.CANCEL_INDEX)
    try:
        index = data.metric_index(corpora, model, progress=bar)
    except ValueError as err:  # e.g. a corpus too small to cluster
        bar.close()
        safe.error(f"The corpora cannot be indexed for the metrics: {err}")
        return None
    bar.close()
    return index


def _ask_for_embeddings(corpora: Sequence[Corpus], model: str) -> None:
    embedding.cancelled_note()
    total = sum(len(c) for c in corpora)
    st.info(
        f"The metrics need the embeddings of every corpus ({total:,} documents) with the model "
        "chosen in the sidebar. They are computed once and cached on disk: all-MiniLM-L6-v2 "
        "embeds on the order of a hundred documents a second on two CPU cores (see "
        "benchmarks/results.md); 'lexical (fast)' takes seconds.",
        icon=":material/memory:",
    )
    clicked = st.button(
        "Compute embeddings", key=state.COMPUTE, type="primary", icon=":material/memory:"
    )
    if clicked and embedding.embed_with_progress(corpora, model):
        st.rerun()
