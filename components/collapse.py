"""The Collapse page's controls and its cached simulation run (with a progress bar).

The simulation costs seconds, so it runs on a button, with a progress bar, outside the cache;
its result is then stored in an ``st.cache_data`` entry keyed on what it was built from (the
corpora's fingerprints, the mix config, the simulation config), so a rerun with the same
settings shows it again without running.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import astuple

import streamlit as st

from components import data, progress, safe
from mixscope.corpus import Corpus
from mixscope.corpus.fingerprint import corpus_fingerprint
from mixscope.mixing import MixConfig
from mixscope.simulate import (
    DEFAULT_GENERATIONS,
    DEFAULT_N_DOCS,
    DEFAULT_REGIMES,
    MIN_DOCS,
    REGIMES,
    Simulation,
    SimulationConfig,
    regime_label,
    simulate,
)
from mixscope.simulate.regimes import DEFAULT_FRESH_FRACTION

# Session keys of this page's widgets (its own: no other page reads them).
GENERATIONS = "collapse_generations"
REGIME_CHOICE = "collapse_regimes"
GENERATOR = "collapse_generator"
N_DOCS = "collapse_n_docs"
SEED = "collapse_seed"
RUN = "collapse_run"
CANCEL = "collapse_cancel"

#: Generator name -> what the radio shows.
GENERATOR_LABELS = {"ngram": "n-gram text", "gaussian": "Gaussian in embedding space"}
MAX_GENERATIONS = 20

Key = tuple[tuple[str, ...], tuple[object, ...] | None, tuple[object, ...]]


def controls(real: Corpus, share: float | None) -> SimulationConfig:
    """Draw the simulation's controls and return the config they ask for.

    ``share`` is the session mix's synthetic share (None when the mix cannot be drawn): it
    labels the ``mix`` regime and is offered only when known.
    """
    offered = [r for r in REGIMES if r != "mix" or share is not None]
    chosen = st.session_state.get(REGIME_CHOICE, [*DEFAULT_REGIMES, "mix"])
    st.session_state[REGIME_CHOICE] = [r for r in chosen if r in offered]  # mix may be gone
    left, middle, right = st.columns(3)
    left.number_input(
        "Generations", min_value=1, max_value=MAX_GENERATIONS, value=DEFAULT_GENERATIONS,
        key=GENERATIONS,
    )  # fmt: skip
    left.radio(
        "Generator", list(GENERATOR_LABELS), format_func=GENERATOR_LABELS.__getitem__,
        key=GENERATOR, horizontal=True,
    )  # fmt: skip
    most = len(real)
    middle.number_input(
        "Documents per generation", min_value=min(MIN_DOCS, most), max_value=most,
        value=min(DEFAULT_N_DOCS, most), step=100, key=N_DOCS,
    )  # fmt: skip
    middle.number_input("Seed", min_value=0, value=0, step=1, key=SEED)
    right.multiselect(
        "Regimes",
        offered,
        format_func=lambda r: regime_label(r, share=share, fresh_fraction=DEFAULT_FRESH_FRACTION),
        key=REGIME_CHOICE,
    )
    session = st.session_state
    return SimulationConfig(
        generations=int(session[GENERATIONS]),
        regimes=tuple(session[REGIME_CHOICE]),
        share=share if "mix" in session[REGIME_CHOICE] else None,
        n_docs=int(session[N_DOCS]),
        generator=str(session[GENERATOR]),
        seed=int(session[SEED]),
    )


def synthetic_texts(corpora: Sequence[Corpus], config: MixConfig) -> list[str] | None:
    """Normalised texts of the synthetic documents of the session's mix (None if it has none)."""
    drawn = data.mixed(corpora, config)
    texts = [
        corpus.texts[int(i)]
        for corpus in drawn.corpora
        if corpus.role == "synthetic"
        for i in drawn.positions(corpus.name)
    ]
    return texts or None


def run_key(corpora: Sequence[Corpus], mix: MixConfig | None, config: SimulationConfig) -> Key:
    """What a simulation depends on: the exact corpora, the mix (for ``mix``) and the config."""
    return (
        tuple(corpus_fingerprint(c) for c in corpora),
        astuple(mix) if mix is not None else None,
        astuple(config),
    )


@st.cache_data(max_entries=16, show_spinner=False)
def _stored(key: Key, _built: Simulation | None) -> Simulation:
    # Only stores a simulation run outside (with its progress bar); a miss raises, and an
    # exception is not cached, so a miss stays a miss.
    if _built is None:
        raise LookupError(f"no simulation for {key}")
    return _built


def cached(run_key: Key) -> Simulation | None:
    """The simulation of ``run_key`` if it was run already, else None."""
    try:
        return _stored(run_key, None)
    except LookupError:
        return None


def run(
    run_key: Key, real: Corpus, synthetic: list[str] | None, config: SimulationConfig
) -> Simulation | None:
    """Run the simulation with a progress bar and store it; shows the error and returns None
    when the core refuses the request."""
    bar = progress.ProgressBar("Simulated", "steps", cancel_key=CANCEL)
    try:
        result = simulate(real.texts, config, synthetic=synthetic, progress=bar)
    except ValueError as err:
        bar.close()
        safe.error(f"The simulation cannot run: {err}")
        return None
    bar.close()
    return _stored(run_key, result)


def caption(result: Simulation) -> str:
    """What generation 0, the tail and the embeddings of a run were (plain text)."""
    s = result.settings
    if s["rare_types"] is not None:
        tail = (
            f" Rare words: the {s['rare_types']:,} word types seen at most {s['rare_max']} "
            "times in generation 0. Every generation is embedded"
        )
    else:
        tail = (
            " The Gaussian generates embeddings, not text: no word metrics. Generation 0 is "
            "embedded"
        )
    return (
        f"Generation 0: {s['generation_0']}.{tail} with the fast lexical embedder "
        f"({s['embedder']}), whatever model the sidebar chooses, so a run takes seconds."
    )


def cancelled() -> bool:
    """Whether this run follows a click on the simulation's Cancel button."""
    return progress.cancelled(CANCEL)
