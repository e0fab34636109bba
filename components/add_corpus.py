"""Adding a corpus from uploaded files or a server-side path.

Each file is read once to detect its text column (``load_corpus`` with no column); the user
then picks name, role and column and adds it. A loading error is shown and changes nothing.
Several uploaded files each get their own form: adding one keeps the others (the uploader is
emptied once every file of it is added), and the role is guessed (the first file real unless
the user already loaded a real corpus, the others synthetic).
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from components import data, safe, settings, state
from mixscope.corpus import EXTENSIONS, ROLES, Corpus, CorpusError
from mixscope.corpus.roots import resolve_within

#: Extensions the uploader accepts, without the dot.
UPLOAD_TYPES = sorted({ext.lstrip(".") for ext in EXTENSIONS})
SOURCES = ("Upload files", "Path on the server")

Loader = Callable[[str | None], Corpus]


def render() -> None:
    """The 'Add a corpus' section."""
    st.subheader("Add a corpus")
    _messages()
    source = st.radio("Source", SOURCES, horizontal=True, key=state.ADD_SOURCE)
    if source == SOURCES[0]:
        generation = st.session_state.setdefault(state.UPLOAD_ROUND, 0)
        files = st.file_uploader(
            "Files (CSV, TSV, JSON, JSONL, Parquet or TXT)",
            type=UPLOAD_TYPES,
            accept_multiple_files=True,
            key=state.upload_key(generation),
        )
        added = st.session_state.setdefault(state.ADDED_UPLOADS, set())
        batch = tuple(u.file_id for u in files or [])
        pending = [u for u in files or [] if u.file_id not in added]
        real_first = not state.user_real_loaded()
        for i, upload in enumerate(pending):
            _form(
                upload.name,
                _upload_loader(upload.name, upload.getvalue()),
                key=state.upload_form(upload.file_id),
                role="real" if i == 0 and real_first else "synthetic",
                upload=(upload.file_id, batch),
            )
    else:
        path = st.text_input(
            "Path on the server", key=state.ADD_PATH, placeholder="/data/reviews.jsonl"
        )
        if path.strip():
            role = "synthetic" if state.user_real_loaded() else "real"
            _form(path.strip(), _path_loader(path.strip()), key=state.PATH_FORM, role=role)


def _messages() -> None:
    if state.ADDED in st.session_state:
        message = st.session_state.pop(state.ADDED)
        st.success(safe.escape_markdown(message), icon=":material/check:")
    if state.FAILED in st.session_state:
        safe.error(st.session_state.pop(state.FAILED))


def _upload_loader(filename: str, content: bytes) -> Loader:
    def load(column: str | None) -> Corpus:
        return data.load_upload(content, filename, column)

    return load


def _path_loader(path: str) -> Loader:
    def load(column: str | None) -> Corpus:
        # Resolved (links, "..") and held to the allowed roots before anything is opened; one
        # message for every path outside them, so nothing tells whether it exists.
        resolved = resolve_within(path, settings.data_roots())
        if not resolved.is_file():
            what = "a directory, not a file" if resolved.is_dir() else "not found"
            raise CorpusError(f"{resolved} is {what}")
        return data.load_path(resolved, column)

    return load


def _form(
    label: str,
    loader: Loader,
    *,
    key: str,
    role: str,
    upload: tuple[str, tuple[str, ...]] | None = None,
) -> None:
    try:
        detected = loader(None)
    except CorpusError as err:
        safe.error(f"Could not read {label}: {err}")
        return
    with st.container(border=True):
        st.text(f"{label}: {len(detected):,} documents, {len(detected.dropped):,} dropped")
        left, middle, right = st.columns(3)
        left.text_input("Name", value=detected.name, key=state.form_key(key, "name"))
        middle.radio(
            "Role",
            ROLES,
            index=ROLES.index(role),
            horizontal=True,
            key=state.form_key(key, "role"),
            help="Guessed: the first file real (unless you loaded a real corpus), the rest "
            "synthetic.",
        )
        right.selectbox(
            "Text column",
            [detected.text_column, *detected.metadata_columns],
            key=state.form_key(key, "column"),
            help="Detected automatically; pick another column if it guessed wrong.",
        )
        st.button(
            "Add corpus",
            key=state.form_key(key, "add"),
            type="primary",
            icon=":material/add:",
            on_click=_add,
            args=(loader, detected, key, upload),
        )


def _add(
    loader: Loader, detected: Corpus, key: str, upload: tuple[str, tuple[str, ...]] | None
) -> None:
    # Read the widgets here, in the callback, so an edit made just before the click counts.
    name = str(st.session_state[state.form_key(key, "name")]).strip()
    role = st.session_state[state.form_key(key, "role")]
    column = st.session_state[state.form_key(key, "column")]
    try:
        corpus = detected if column == detected.text_column else loader(column)
        state.add(corpus.with_name(name).with_role(role))
    except (CorpusError, ValueError) as err:
        st.session_state[state.FAILED] = str(err)
        return
    st.session_state[state.ADDED] = f"Added {name!r} ({role}, {len(corpus):,} documents)."
    if upload is None:
        st.session_state[state.ADD_PATH] = ""
        return
    file_id, batch = upload
    added = st.session_state.setdefault(state.ADDED_UPLOADS, set())
    added.add(file_id)
    if added >= set(batch):  # every file of the uploader is in: empty it for the next ones
        st.session_state[state.UPLOAD_ROUND] = st.session_state.get(state.UPLOAD_ROUND, 0) + 1
        st.session_state[state.ADDED_UPLOADS] = set()
