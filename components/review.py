"""Saved mixes in the app: the store (opened per call, no cache: SQLite is cheap and the file is
the truth other processes also write), saving the current mix, recording a review, and opening a
saved mix in the Mix page."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TypeVar

import pandas as pd
import streamlit as st

from components import data, safe, settings, state
from mixscope.corpus import Corpus, CorpusError
from mixscope.corpus.roots import resolve_within
from mixscope.mixing import Mix, spec_of
from mixscope.store import (
    REVIEW_STATUSES,
    Input,
    MixStore,
    SavedMix,
    StoreError,
    default_store_path,
    record_of,
)
from mixscope.store.store import MAX_COMMENT

if TYPE_CHECKING:
    from components.metric_session import Evaluated

T = TypeVar("T")


def store() -> MixStore:
    """The store ($MIXSCOPE_STORE or the user's data folder), opened for one use."""
    return MixStore.open()


def store_path() -> str:
    return str(default_store_path())


def _read(read: Callable[[MixStore], T], default: T, *, context: str = "") -> T:
    """``read(store)``, or ``default`` (and the error shown, after ``context``) when the
    store refuses."""
    try:
        with store() as opened:
            return read(opened)
    except StoreError as err:
        safe.error(f"{context}{err}")
        return default


def saved_mixes() -> pd.DataFrame | None:
    """``MixStore.list()``; None (and the error shown) when the store cannot be read."""
    return _read(MixStore.list, None, context="The saved mixes cannot be read: ")


def saved(name: str) -> SavedMix | None:
    return _read(lambda opened: opened.get(name), None)


def saved_refs() -> list[str]:
    """Every saved version to compare: names (the latest versions), then ``NAME@VERSION`` for
    the older ones (``MixStore.refs``); empty (and the error shown) when unreadable."""
    return _read(MixStore.refs, [])


def compared(refs: Sequence[str]) -> list[SavedMix] | None:
    """The saved mixes ``refs`` name, two or more and different; None (and the error shown)
    otherwise."""
    return _read(lambda opened: opened.lookup_distinct(refs), None)


def history(name: str) -> pd.DataFrame:
    with store() as opened:
        return opened.history(name)


# --- saving the current mix (the Mix page) -----------------------------------------------------
def save_form(corpora: Sequence[Corpus], result: Mix, current: Evaluated | None) -> None:
    """The save form: name, author, comment. A saved mix keeps its metric table, so the
    metrics must be computed first."""
    with st.expander("Save this mix for review", icon=":material/bookmark_add:"):
        if current is None:
            st.caption("Compute the metrics first: a saved mix keeps its metric table.")
            return
        st.text_input("Name", key=state.SAVE_NAME, max_chars=200)
        st.text_input("Author", key=state.REVIEW_AUTHOR, max_chars=200)
        st.text_area("Comment (optional)", key=state.SAVE_COMMENT)
        st.checkbox("If the name is taken, save a new version of it (the old one is kept)",
                    key=state.SAVE_REPLACE)  # fmt: skip
        st.button("Save", key=state.SAVE_SUBMIT, icon=":material/bookmark_add:",
                  on_click=_save, args=(list(corpora), result, current))  # fmt: skip
        _message(state.SAVE_MESSAGE)
        st.caption(f"Saved mixes are kept in {store_path()} and reviewed on the Review page.")


def _save(corpora: list[Corpus], result: Mix, current: Evaluated) -> None:
    session = st.session_state
    try:
        record = record_of(corpora, result, current.evaluation, spec_of(corpora, result.config))
        with store() as opened:
            found = opened.save(
                str(session.get(state.SAVE_NAME, "")), record,
                author=str(session.get(state.REVIEW_AUTHOR, "")),
                comment=str(session.get(state.SAVE_COMMENT, "")),
                replace=bool(session.get(state.SAVE_REPLACE, False)),
            )  # fmt: skip
    except (StoreError, ValueError) as err:
        session[state.SAVE_MESSAGE] = ("error", f"Not saved: {err}")
        return
    session[state.SAVE_COMMENT] = ""
    saved_as = f"Saved as {found.name!r} (version {found.version}, draft)"
    session[state.SAVE_MESSAGE] = ("success", f"{saved_as}: review it on the Review page.")


def _message(key: str) -> None:
    found = st.session_state.get(key)
    if found is None:
        return
    kind, text = found
    if kind == "error":
        safe.error(text)
    else:
        st.success(safe.escape_markdown(text), icon=":material/check:")


# --- reviewing ---------------------------------------------------------------------------------
def review_form(chosen: SavedMix) -> None:
    """Approve, reject or send back to draft, with a comment and the reviewer's name."""
    statuses = list(REVIEW_STATUSES)
    left, right = st.columns([1, 2])
    left.radio("Decision", statuses, index=statuses.index(chosen.status), key=state.REVIEW_STATUS)
    left.text_input("Reviewer", key=state.REVIEW_AUTHOR, max_chars=200)
    right.text_area("Comment (required to approve or reject)", key=state.REVIEW_COMMENT)
    right.button("Record the review", key=state.REVIEW_SUBMIT, type="primary",
                 icon=":material/fact_check:", on_click=_review, args=(chosen.name,))  # fmt: skip
    _message(state.REVIEW_MESSAGE)


def forget_review() -> None:
    """Another saved mix was chosen: its form starts from its own status, without old messages."""
    for key in (state.REVIEW_STATUS, state.REVIEW_MESSAGE):
        st.session_state.pop(key, None)


def _review(name: str) -> None:
    session = st.session_state
    status = str(session.get(state.REVIEW_STATUS, "draft"))
    try:
        with store() as opened:
            found = opened.review(name, status, comment=str(session.get(state.REVIEW_COMMENT, "")),
                                  author=str(session.get(state.REVIEW_AUTHOR, "")))  # fmt: skip
    except StoreError as err:
        session[state.REVIEW_MESSAGE] = ("error", f"Not recorded: {err}")
        return
    session[state.REVIEW_COMMENT] = ""
    session[state.REVIEW_MESSAGE] = ("success", f"{found.name!r} is now {found.status}.")


# --- archiving and restoring --------------------------------------------------------------------
def archive_form(chosen: SavedMix) -> None:
    """Take the shown mix off the lists (every version kept), with a reason."""
    with st.expander("Archive this mix", icon=":material/archive:"):
        st.caption(
            "It leaves the lists (here and `mixscope list`) and takes no new version or review. "
            "Nothing is deleted: every version still opens by its name or `NAME@VERSION`, so "
            "the manifests and reports that cite it stay true, and it can be restored."
        )
        st.text_input("Why (optional)", key=state.ARCHIVE_COMMENT, max_chars=MAX_COMMENT)
        st.button("Archive", key=state.ARCHIVE_SUBMIT, icon=":material/archive:",
                  on_click=_archive, args=(chosen.name,))  # fmt: skip


def archived_section() -> None:
    """The archived mixes (who archived them, when and why), and restoring one."""
    table = _read(MixStore.archived, None, context="The archived mixes cannot be read: ")
    if table is None or table.empty:
        return
    with st.expander(f"Archived mixes ({len(table)})", icon=":material/inventory_2:"):
        shown = table.assign(archived_utc=table["archived_utc"].str.slice(0, 16)
                             .str.replace("T", " "))  # fmt: skip
        st.dataframe(shown, hide_index=True, width="stretch",
                     column_config={"archived_utc": "archived (UTC)"})  # fmt: skip
        st.selectbox("Archived mix", table["name"].tolist(), key=state.RESTORE_CHOSEN)
        st.button("Restore", key=state.RESTORE_SUBMIT, icon=":material/unarchive:",
                  on_click=_restore)  # fmt: skip


def archive_message() -> None:
    """What the last archive or restore did."""
    _message(state.ARCHIVE_MESSAGE)


def _archive(name: str) -> None:
    session = st.session_state
    try:
        with store() as opened:
            opened.archive(name, comment=str(session.get(state.ARCHIVE_COMMENT, "")),
                           author=str(session.get(state.REVIEW_AUTHOR, "")))  # fmt: skip
            left = set(opened.refs())
    except StoreError as err:
        session[state.ARCHIVE_MESSAGE] = ("error", f"Not archived: {err}")
        return
    session[state.ARCHIVE_COMMENT] = ""
    session.pop(state.REVIEW_CHOSEN, None)  # the page shows the first listed mix instead
    compared = session.get(state.REVIEW_COMPARED) or []
    session[state.REVIEW_COMPARED] = [r for r in compared if r in left]
    forget_review()
    session[state.ARCHIVE_MESSAGE] = ("success", f"Archived {name!r}: every version is kept; "
                                      "restore it under Archived mixes.")  # fmt: skip


def _restore() -> None:
    session = st.session_state
    name = str(session.get(state.RESTORE_CHOSEN, ""))  # as chosen when the button was clicked
    try:
        with store() as opened:
            opened.restore(name, author=str(session.get(state.REVIEW_AUTHOR, "")))
    except StoreError as err:
        session[state.ARCHIVE_MESSAGE] = ("error", f"Not restored: {err}")
        return
    session.pop(state.RESTORE_CHOSEN, None)
    session[state.ARCHIVE_MESSAGE] = ("success", f"Restored {name!r}.")


# --- opening a saved mix in the Mix page -------------------------------------------------------
def missing_inputs(chosen: SavedMix) -> list[Input]:
    """The saved mix's corpora that are not loaded in this session with the same name, role and
    texts (content hash)."""
    loaded = {c.name: c for c in state.corpora()}
    return [
        i for i in chosen.record.inputs
        if i.name not in loaded or (loaded[i.name].role, loaded[i.name].content_hash)
        != (i.role, i.content_hash)
    ]  # fmt: skip


def load_missing(chosen: SavedMix) -> list[str]:
    """Read the missing corpora again from their server paths (inside the allowed roots, as a
    link does); what could not be read, in words."""
    notes = []
    columns = {c.name: c.text_column for c in chosen.record.mix_spec().corpora}
    loaded = {c.name for c in state.corpora()}
    for item in missing_inputs(chosen):
        if item.name in loaded:
            notes.append(f"A different corpus named {item.name!r} is loaded: remove it on the "
                         "Corpora page first.")  # fmt: skip
        elif item.origin.startswith(("upload:", "hf:")):
            notes.append(f"Corpus {item.name!r} came from {item.origin}: add it again on the "
                         "Corpora page.")  # fmt: skip
        else:
            notes += _load(item, columns.get(item.name))
    return notes


def _load(item: Input, column: str | None) -> list[str]:
    try:
        path = resolve_within(item.origin, settings.data_roots())
        corpus = data.load_path(path, column).with_name(item.name).with_role(item.role)  # type: ignore[arg-type]
    except (CorpusError, ValueError, OSError) as err:
        return [f"Corpus {item.name!r} could not be read again: {err}"]
    if corpus.content_hash != item.content_hash:
        return [f"Corpus {item.name!r} ({item.origin}) has changed since the mix was saved: its "
                "texts differ, so the saved metrics would not describe it."]  # fmt: skip
    state.add(corpus)
    return []


def restore(chosen: SavedMix) -> None:
    """Set the Mix page's controls to the saved mix (its corpora must be loaded): real corpus,
    share, size, mode, sampling, seed, and the weights (other loaded synthetic corpora get 0)."""
    config = chosen.record.mix_spec().config
    real = next(i.name for i in chosen.record.inputs if i.role == "real")
    synthetic = [i.name for i in chosen.record.inputs if i.role == "synthetic"]
    weights = dict(zip(synthetic, config.weights or [1.0] * len(synthetic), strict=True))
    state.apply_config(config, real, weights)


# --- the review of the current mix, for its manifest -------------------------------------------
def review_of(corpora: Sequence[Corpus], result: Mix) -> dict[str, object] | None:
    """The review of the saved mix that is exactly ``result`` (same spec and texts), JSON-ready
    for the manifest (``MixStore.review_summary``); None when it was never saved or the store
    cannot be read."""
    try:
        with store() as opened:
            found = opened.matching(result.config, [Input.of(c) for c in corpora])
            return (None if found is None
                    else opened.review_summary(found.name, version=found.version))  # fmt: skip
    except StoreError:
        return None
