"""The current mix as a spec file (download), and a spec file opened in the app (upload).

A spec names server files by path; the app reads them only inside the allowed roots
(:func:`components.settings.data_roots`), like a path typed on the Corpora page. A corpus that
was uploaded is named ``upload:<file>`` in the spec: opening the spec reuses the loaded corpus of
that name and origin, or says to upload the file again. Nothing of a spec is applied unless its
real corpus and every synthetic one can be read.
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence

import streamlit as st

from components import data, safe, settings, state
from mixscope.corpus import Corpus, CorpusError
from mixscope.corpus.roots import resolve_within
from mixscope.mixing import MixConfig, MixSpec, dump_spec, parse_spec, spec_of

#: Bytes of a spec file the app reads.
MAX_SPEC_BYTES = 64 * 1024


def spec_toml(corpora: Sequence[Corpus], config: MixConfig) -> str:
    """The current mix as spec TOML (``mixscope mix --spec`` draws the same mix)."""
    return dump_spec(spec_of(corpora, config))


def open_spec(content: bytes, filename: str) -> tuple[list[str], list[str]]:
    """Load the corpora of a spec and set the Mix page's controls to it; returns what went
    wrong (nothing changed then: every corpus must be read) and notes on what was adjusted."""
    try:
        if len(content) > MAX_SPEC_BYTES:
            raise ValueError(f"{len(content):,} bytes; a spec of more than {MAX_SPEC_BYTES:,} "
                             "is refused")  # fmt: skip
        spec = parse_spec(tomllib.loads(content.decode("utf-8")), origin=filename)
    except (ValueError, UnicodeDecodeError) as err:  # TOMLDecodeError is a ValueError
        return [f"The spec was not opened: {err}"], []
    problems: list[str] = []
    loaded = [c for c in (_read(spec, i, problems) for i in range(len(spec.corpora))) if c]
    if problems:
        return problems, []
    st.session_state[state.CORPORA] = loaded
    return [], _set_controls(spec, loaded)


def _read(spec: MixSpec, position: int, problems: list[str]) -> Corpus | None:
    entry = spec.corpora[position]
    label = entry.name or entry.path
    if entry.encoding or entry.format or entry.txt_mode != "line":
        problems.append(f"Corpus {label!r}: the app reads server files with the detected "
                        "format and encoding; use the command line (mixscope mix --spec) for "
                        "a spec that sets encoding, format or txt_mode.")  # fmt: skip
        return None
    if entry.path.startswith(("upload:", "hf:")):
        for corpus in state.corpora():
            if corpus.origin == entry.path and corpus.name == (entry.name or corpus.name):
                return corpus.with_role(entry.role)  # type: ignore[arg-type]
        problems.append(f"Corpus {label!r} came from {entry.path}: add it on the Corpora page "
                        "first, then open the spec again.")  # fmt: skip
        return None
    try:
        path = resolve_within(str(spec.resolve(entry)), settings.data_roots())
        corpus = data.load_path(path, entry.text_column)
    except (CorpusError, ValueError, OSError) as err:
        problems.append(f"Corpus {label!r} could not be read: {err}")
        return None
    return corpus.with_name(entry.name or corpus.name).with_role(entry.role)  # type: ignore[arg-type]


def _set_controls(spec: MixSpec, corpora: Sequence[Corpus]) -> list[str]:
    """Set the Mix page to the spec's mix; notes on weights the sliders' grid cannot show."""
    config = spec.config
    synthetic = [c.name for c in corpora if c.role == "synthetic"]
    weights = dict(zip(synthetic, config.weights or (1.0,) * len(synthetic), strict=True))
    real = next(c.name for c in corpora if c.role == "real")
    shown = state.apply_config(config, real, weights, step=0.05)
    top = max(weights.values(), default=1.0) or 1.0
    return [
        f"The weight of {name!r} is shown as {shown[name]:g} (the sliders move in steps of "
        f"0.05); the spec's is {weights[name] / top:.4g}."
        for name in synthetic
        if abs(shown[name] - weights[name] / top) > 1e-9
    ]


def open_form() -> None:
    """An uploader for a spec file and what opening it did (after the rerun that shows the
    spec's corpora on the whole page)."""
    for kind, message in st.session_state.pop(state.SPEC_MESSAGES, []):
        if kind == "error":
            safe.error(message)
        elif kind == "note":
            st.warning(safe.escape_markdown(message), icon=":material/info:")
        else:
            st.success(safe.escape_markdown(message), icon=":material/check:")
    upload = st.file_uploader("Open a mix spec (TOML)", type=["toml"], key=state.SPEC_UPLOAD,
                              help="The file 'Download mix spec' writes, or one written for "
                                   "`mixscope mix --spec`.")  # fmt: skip
    if upload is None or st.session_state.get(state.SPEC_OPENED) == upload.file_id:
        return
    st.session_state[state.SPEC_OPENED] = upload.file_id
    problems, notes = open_spec(upload.getvalue(), upload.name)
    messages = [("error", p) for p in problems] + [("note", n) for n in notes]
    if not problems:
        messages.insert(0, ("ok", f"Opened {upload.name}: its corpora are loaded and the Mix "
                                  "page is set to its mix."))  # fmt: skip
    st.session_state[state.SPEC_MESSAGES] = messages
    st.rerun()
