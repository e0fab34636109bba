"""Review: the saved mixes with their verdicts; open one, compare several, approve or reject."""

import streamlit as st

from components import review, review_view, safe, state

st.title("Review")
st.caption(
    "Mixes saved on the Mix page or with `mixscope save`, each with its metric table at save "
    "time. Open one in the Mix page, compare several, and approve or reject the latest version "
    f"with a comment. The store: {safe.escape_markdown(review.store_path())}"
)
saved = review.saved_mixes()
if saved is None:
    st.stop()
review.archive_message()
if saved.empty:
    st.info("No saved mix to review: save the current mix on the Mix page, or run "
            "`mixscope save NAME --spec FILE`.", icon=":material/bookmark:")  # fmt: skip
    review.archived_section()
    st.stop()
review_view.saved_table(saved)
review.archived_section()

st.subheader("One saved mix")
names = saved["name"].tolist()
name = st.selectbox("Saved mix", names, key=state.REVIEW_CHOSEN, on_change=review.forget_review)
chosen = review.saved(name)
if chosen is None:
    st.stop()
review_view.details(chosen, review.history(chosen.name))

missing = review.missing_inputs(chosen)
if missing:
    listed = ", ".join(f"{i.name} ({i.origin})" for i in missing)
    st.warning(safe.escape_markdown(
        f"To open this mix, the session needs its corpora with the same texts; not loaded: "
        f"{listed}."), icon=":material/library_books:")  # fmt: skip
    if st.button("Load them from the server", key=state.REVIEW_LOAD, icon=":material/upload:"):
        for note in review.load_missing(chosen):
            safe.error(note)
        if not review.missing_inputs(chosen):
            st.rerun()
elif st.button("Open in the Mix page", key=state.REVIEW_OPEN, icon=":material/tune:",
               help="Sets the Mix page's controls to this mix."):  # fmt: skip
    review.restore(chosen)
    st.switch_page("views/mix.py")

st.markdown("**Review**")
review.review_form(chosen)
review.archive_form(chosen)

st.subheader("Compare")
chosen_refs = st.multiselect(
    "Saved mixes to compare (the first is the reference)", review.saved_refs(),
    key=state.REVIEW_COMPARED,
    help="A name is the mix's latest version; NAME@2 is its version 2, so the versions of "
    "one mix compare with each other too.",
)  # fmt: skip
if len(chosen_refs) < 2:
    st.caption("Choose two or more.")
    st.stop()
mixes = review.compared(chosen_refs)
if mixes is None:
    st.stop()
review_view.comparison(mixes)
