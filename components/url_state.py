"""The mix configuration in the URL: a reload or a shared link restores the work.

Every run writes the session's mix (share, size, mode, sampling, seed, weights, real corpus,
model) and, when they are not the demo corpora, the loaded corpora into ``st.query_params``; the
first run of a session reads them back. Corpora read from a server path are read again (inside
the allowed roots, like any path the user types); uploaded files cannot be, and the session says
which to upload again. A value that does not fit its control is ignored, and said.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from typing import Any

import streamlit as st

from components import data, settings, state
from mixscope.corpus import ROLES, Corpus, CorpusError
from mixscope.corpus.roots import resolve_within
from mixscope.mixing import MODES, SAMPLERS

__all__ = ["dismiss_notes", "encode", "pending_notes", "publish", "restore"]

RESTORED, NOTES, DISMISS = state.URL_RESTORED, state.URL_NOTES, state.URL_DISMISS

_MODELS = {name: label for label, name in state.MODEL_CHOICES.items()}


def encode(session: Mapping[str, Any], corpora: Sequence[Corpus]) -> dict[str, str | list[str]]:
    """The query parameters of a session: its mix controls and, unless they are the demo
    corpora, one JSON ``corpus`` entry per loaded corpus (name, role, origin, text column)."""
    out: dict[str, str | list[str]] = {}
    for param, key in _SCALARS.items():
        if key in session and session[key] is not None:
            out[param] = str(session[key])
    if state.MODEL in session:
        out["model"] = state.MODEL_CHOICES.get(session[state.MODEL], str(session[state.MODEL]))
    weights = [
        f"{c.name}:{session[state.weight_key(c.name)]}"
        for c in corpora
        if c.role == "synthetic" and state.weight_key(c.name) in session
    ]
    if weights:
        out["w"] = weights
    if not _is_demo(corpora):
        out["corpus"] = [
            json.dumps(
                {"name": c.name, "role": c.role, "origin": c.origin, "column": c.text_column},
                ensure_ascii=False, sort_keys=True,
            )
            for c in corpora
        ]  # fmt: skip
    return out


#: query parameter -> session key of the scalar mix controls
_SCALARS = {
    "share": state.SHARE,
    "size": state.SIZE,
    "mode": state.MODE,
    "strategy": state.STRATEGY,
    "by": state.STRATIFY_BY,
    "seed": state.SEED,
    "real": state.REAL,
}


def publish() -> None:
    """Write the session's mix into the URL (only when it changed)."""
    corpora = state.corpora()
    keys = [*_SCALARS.values(), state.MODEL, *(state.weight_key(c.name) for c in corpora)]
    # read key by key: a widget's value is in the session before its widget runs again
    session = {key: st.session_state[key] for key in keys if key in st.session_state}
    wanted = encode(session, corpora)
    current = {key: st.query_params.get_all(key) for key in st.query_params}
    normal = {k: v if isinstance(v, list) else [v] for k, v in wanted.items()}
    if current != normal:
        st.query_params.from_dict(wanted)


def restore() -> None:
    """First run of a session: read the URL's mix and corpora into the session (once)."""
    if st.session_state.get(RESTORED):
        return
    st.session_state[RESTORED] = True
    params = {key: st.query_params.get_all(key) for key in st.query_params}
    if not params:
        return
    notes: list[str] = []
    specs = params.get("corpus", [])
    if specs:
        _restore_corpora(specs, notes)
    _restore_controls(params, notes)
    if notes:
        st.session_state[NOTES] = notes


def pending_notes() -> list[str]:
    """What the link could not restore, until dismissed."""
    found: list[str] = st.session_state.get(NOTES, [])
    return found


def dismiss_notes() -> None:
    st.session_state.pop(NOTES, None)


def _is_demo(corpora: Sequence[Corpus]) -> bool:
    return [state.identity(c) for c in corpora] == [state.identity(c) for c in data.demo_corpora()]


def _restore_corpora(specs: list[str], notes: list[str]) -> None:
    loaded: list[Corpus] = []
    for raw in specs:
        try:
            spec = json.loads(raw)
            name, role, origin = str(spec["name"]), str(spec["role"]), str(spec["origin"])
            column = spec.get("column")
        except (ValueError, KeyError, TypeError):
            notes.append("A corpus entry of the link is not readable; it was skipped.")
            continue
        if role not in ROLES:
            notes.append(f"Corpus {name!r}: unknown role {role!r}; skipped.")
            continue
        if origin.startswith("upload:"):
            notes.append(
                f"Corpus {name!r} was uploaded ({origin.removeprefix('upload:')}): upload it "
                "again on the Corpora page."
            )
            continue
        if origin.startswith("hf:"):
            notes.append(f"Corpus {name!r} came from {origin}: add it again on the Corpora page.")
            continue
        try:
            path = resolve_within(origin, settings.data_roots())
            corpus = data.load_path(path, None if column is None else str(column))
            loaded.append(corpus.with_name(name).with_role(role))
        except (CorpusError, ValueError, OSError) as err:
            notes.append(f"Corpus {name!r} could not be read again: {err}")
    if any(c.role == "real" for c in loaded):
        st.session_state[state.CORPORA] = loaded
    else:
        notes.append("The link's real corpus could not be restored; the demo corpora are loaded.")


def _restore_controls(params: Mapping[str, list[str]], notes: list[str]) -> None:
    corpora = state.corpora()
    names = [c.name for c in corpora]
    checks = {
        "share": lambda v: _number(v, 0.0, 1.0, step=0.05),
        "size": lambda v: _integer(v, 1),
        "seed": lambda v: _integer(v, 0),
        "mode": lambda v: v if v in MODES else None,
        "strategy": lambda v: v if v in SAMPLERS else None,
        "by": lambda v: v,
        "real": lambda v: v if v in names else None,
    }
    for param, check in checks.items():
        if param in params:
            value = check(params[param][-1])
            if value is None:
                notes.append(f"Ignored {param}={params[param][-1]!r} from the link.")
            else:
                st.session_state[_SCALARS[param]] = value
    if "model" in params:
        model = params["model"][-1]
        if model in _MODELS:
            st.session_state[state.MODEL] = _MODELS[model]
        else:
            notes.append(f"Ignored model={model!r} from the link: not an available model.")
    for entry in params.get("w", []):
        name, _, raw = entry.rpartition(":")
        weight = _number(raw, 0.0, 1.0, step=0.05)
        if name in names and weight is not None:
            st.session_state[state.weight_key(name)] = weight
        else:
            notes.append(f"Ignored weight {entry!r} from the link.")


def _number(raw: str, low: float, high: float, *, step: float) -> float | None:
    try:
        value = float(raw)
    except ValueError:
        return None
    if not math.isfinite(value) or not low <= value <= high:
        return None
    return round(round(value / step) * step, 10)  # on the slider's grid


def _integer(raw: str, low: int) -> int | None:
    try:
        value = int(raw)
    except ValueError:
        return None
    return value if value >= low else None
