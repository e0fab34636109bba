"""The Decide page's pieces: guardrails the user edits, and the sweep, attribution, source
verdicts and weight search of the session's mix, each computed once per (corpora, model, mix
without its share, options) and kept for every session of the server that asks the same."""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Sequence
from dataclasses import astuple, replace
from typing import Any

import pandas as pd
import streamlit as st

from components import progress, safe, state
from components.metric_session import Evaluated
from mixscope.corpus import Corpus
from mixscope.decide import Guardrail, Sweep, default_guardrails, sweep
from mixscope.decide.attribution import Attribution, attribute
from mixscope.decide.guardrail_file import dump_guardrails, parse_guardrails
from mixscope.decide.sources import source_verdicts
from mixscope.decide.weights import WeightChoice, recommend_weights
from mixscope.evaluation import REGISTRY, MixIndex, default_metrics
from mixscope.mixing import MixConfig

#: Bytes of a guardrails file the page reads (a few hundred lines of TOML).
MAX_GUARDRAILS_BYTES = 64 * 1024


# --- guardrails --------------------------------------------------------------------------------
def guardrails() -> list[Guardrail]:
    """The session's guardrails (the defaults until the user changes them)."""
    if state.GUARDRAILS not in st.session_state:
        st.session_state[state.GUARDRAILS] = default_guardrails()
    return list(st.session_state[state.GUARDRAILS])


def _set_guardrails(rails: list[Guardrail]) -> None:
    st.session_state[state.GUARDRAILS] = rails
    st.session_state[state.GUARDRAILS_ROUND] = st.session_state.get(state.GUARDRAILS_ROUND, 0) + 1


def guardrails_editor() -> list[Guardrail]:
    """Edit the bounds (and switch guardrails off), load a TOML file, download one, reset."""
    rails = guardrails()
    upload = st.file_uploader("Load guardrails (TOML)", type=["toml"], key="decide_rails_upload",
                              help="The format `mixscope sweep --guardrails` reads.")  # fmt: skip
    if upload is not None and st.session_state.get(state.GUARDRAILS_FILE) != upload.file_id:
        st.session_state[state.GUARDRAILS_FILE] = upload.file_id
        try:
            content = upload.getvalue()
            if len(content) > MAX_GUARDRAILS_BYTES:
                raise ValueError(f"the file has {len(content):,} bytes; a guardrails file of "
                                 f"more than {MAX_GUARDRAILS_BYTES:,} is refused")  # fmt: skip
            loaded = parse_guardrails(tomllib.loads(content.decode("utf-8")), origin=upload.name)
        except (ValueError, UnicodeDecodeError) as err:  # TOMLDecodeError is a ValueError
            safe.error(f"The guardrails file was not loaded: {err}")
        else:
            _set_guardrails(loaded)
            rails = loaded
    frame = pd.DataFrame([{"use": True, "metric": r.metric, "label": REGISTRY[r.metric].label,
                           "keep": r.keep, "bound": r.bound, "source": r.source}
                          for r in rails])  # fmt: skip
    edited = st.data_editor(
        frame, hide_index=True, width="stretch", disabled=["metric", "label", "keep", "source"],
        key=f"decide_rails_{st.session_state.get(state.GUARDRAILS_ROUND, 0)}",
        column_config={
            "use": st.column_config.CheckboxColumn("use", help="Untick to leave it out"),
            "bound": st.column_config.NumberColumn("bound", format="%.4g", required=True),
            "keep": st.column_config.TextColumn("keep", help="above or below the bound"),
        },
    )  # fmt: skip
    chosen = [
        Guardrail(r.metric, float(row["bound"]), r.keep,
                  r.source if float(row["bound"]) == r.bound else "set in the app")
        for r, row in zip(rails, edited.to_dict("records"), strict=True) if row["use"]
    ]  # fmt: skip
    st.session_state[state.GUARDRAILS_JUDGED] = chosen
    buttons = st.container(horizontal=True)
    buttons.download_button("Download guardrails (TOML)", data=dump_guardrails(chosen),
                            file_name="guardrails.toml", mime="application/toml",
                            icon=":material/download:", on_click="ignore")  # fmt: skip
    if buttons.button("Reset to the defaults", icon=":material/restart_alt:"):
        _set_guardrails(default_guardrails())
        st.rerun()
    return chosen


# --- computed once per mix (without its share) and options -------------------------------------
def _key(current: Evaluated, config: MixConfig, *extra: object) -> tuple[object, ...]:
    """What a decision over ``config`` (any share) depends on: the index and exact corpora, the
    config without its share, and the evaluation options."""
    options = state.metric_options(state.mix_corpora())
    return (current.key, astuple(replace(config, synthetic_share=0.0)), options, *extra)


def _options() -> dict[str, Any]:
    return state.metric_options(state.mix_corpora()).evaluate_kwargs()


@st.cache_resource(max_entries=16, show_spinner=False)
def _stored(kind: str, key: tuple[object, ...], _built: object | None) -> object:
    # Stores what was computed outside with a progress bar (see data._index); a miss raises.
    if _built is None:
        raise LookupError(f"no {kind} for {key}")
    return _built


def _lookup(kind: str, key: tuple[object, ...]) -> Any:
    try:
        return _stored(kind, key, None)
    except LookupError:
        return None


def _with_progress(
    kind: str, key: tuple[object, ...], verb: str, unit: str, cancel_key: str,
    work: Callable[[Callable[[int, int], None]], object],
) -> Any:  # fmt: skip
    found = _lookup(kind, key)
    if found is not None:
        return found
    bar = progress.ProgressBar(verb, unit, cancel_key=cancel_key)
    try:
        built = work(bar)
    finally:
        bar.close()
    return _stored(kind, key, built)


def computed_sweep(current: Evaluated, config: MixConfig) -> Sweep | None:
    """The sweep the Decide page computed for this mix and the guardrails it judged with
    (:func:`judged_guardrails`), if it did; never computes one."""
    names = tuple(metrics_for(judged_guardrails()))
    found: Sweep | None = _lookup("sweep", _key(current, config, names))
    return found


def judged_guardrails() -> list[Guardrail]:
    """The guardrails as the Decide page last judged with them: the session's, with the
    bounds edited and the ones switched off in its table (the report uses the same)."""
    edited = st.session_state.get(state.GUARDRAILS_JUDGED)
    return list(edited) if edited is not None else guardrails()


def metrics_for(rails: Sequence[Guardrail]) -> list[str]:
    """The default metrics that move with the share, and every guardrail's metric."""
    names = [n for n in default_metrics() if REGISTRY[n].compares == "mix"]
    return names + [r.metric for r in rails if r.metric not in names]


def share_sweep(
    current: Evaluated, corpora: Sequence[Corpus], config: MixConfig, rails: Sequence[Guardrail]
) -> Sweep | None:
    """The sweep of the session's mix over 0, 0.1, ..., 1 (a progress bar the first time);
    None when cancelled or impossible (said on the page)."""
    names = metrics_for(rails)
    key = _key(current, config, tuple(names))
    if _lookup("sweep", key) is None and progress.cancelled(state.CANCEL_SWEEP):
        st.info("Sweep cancelled.", icon=":material/pause_circle:")
        st.button("Sweep the shares", icon=":material/play_arrow:")
        return None
    try:
        return _with_progress(
            "sweep", key, "Evaluating the mix at share", "shares", state.CANCEL_SWEEP,
            lambda bar: sweep(corpora, current.index, config, metrics=names, progress=bar,
                              **_options()),
        )  # fmt: skip
    except ValueError as err:
        safe.error(f"The shares cannot be swept: {err}")
        return None


@st.cache_data(max_entries=16, show_spinner="Leaving each source out in turn…")
def _attribution(
    key: tuple[object, ...], _corpora: Sequence[Corpus], _index: MixIndex, _config: MixConfig,
    _options: dict[str, Any],
) -> Attribution:  # fmt: skip
    return attribute(_corpora, _index, _config, **_options)


def attribution(current: Evaluated, corpora: Sequence[Corpus], config: MixConfig) -> Attribution:
    """Each synthetic source of the current mix left out and kept alone (at its share)."""
    key = (*_key(current, config), config.synthetic_share)
    return _attribution(key, corpora, current.index, config, _options())


@st.cache_data(max_entries=16, show_spinner="Judging each synthetic source…")
def _verdicts(
    key: tuple[object, ...], _corpora: Sequence[Corpus], _index: MixIndex, _config: MixConfig,
    _options: dict[str, Any],
) -> pd.DataFrame:  # fmt: skip
    return source_verdicts(_corpora, _index, _config, **_options)


def verdicts(current: Evaluated, corpora: Sequence[Corpus], config: MixConfig) -> pd.DataFrame:
    """Fidelity of each synthetic source alone (:mod:`mixscope.decide.sources`)."""
    return _verdicts(_key(current, config), corpora, current.index, config, _options())


def weight_search(
    current: Evaluated, corpora: Sequence[Corpus], config: MixConfig, rails: Sequence[Guardrail]
) -> WeightChoice | None:
    """The weight search, once it was asked for (a button) or computed before; None until then."""
    key = _key(current, config, tuple(rails))
    found = _lookup("weights", key)
    if found is not None:
        return found
    asked = st.button("Search the weights", key=state.SEARCH_WEIGHTS, icon=":material/search:",
                      help="One sweep per candidate weighting: each source alone, each left out, "
                           "and a grid in steps of 0.25.")  # fmt: skip
    if not asked:
        return None
    return _with_progress(
        "weights", key, "Sweeping candidate weights:", "candidates", state.CANCEL_WEIGHTS,
        lambda bar: recommend_weights(corpora, current.index, config, rails, progress=bar,
                                      **_options()),
    )  # fmt: skip
