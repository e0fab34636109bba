"""MixScope app: page config, shared sidebar, navigation over the scripts in views/.

The page scripts live in views/, not pages/: Streamlit treats a pages/ folder next to the main
script as its legacy multipage mode and then runs a page script alone, without this file, when a
session starts on a page's URL (a reload or a shared link): no session set-up, no sidebar.

Run with ``streamlit run app.py`` (or ``make run``); it opens on the bundled demo corpora.
"""

import os
from pathlib import Path

# Read by huggingface_hub / transformers at import time: MixScope never downloads a model.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import streamlit as st

from components import sidebar, state, url_state

# A local image: a Material icon as page_icon is fetched from a font CDN on every load (a request
# leaving the machine, and a broken icon offline).
ICON = Path(__file__).resolve().parent / "assets" / "mixscope.png"
st.set_page_config(page_title="MixScope", page_icon=str(ICON), layout="wide")
state.init()
url_state.restore()  # a reload or a shared link brings the mix back
page = st.navigation(
    [
        st.Page("views/corpora.py", title="Corpora", icon=":material/library_books:", default=True),
        st.Page("views/mix.py", title="Mix", icon=":material/tune:"),
        st.Page("views/decide.py", title="Decide", icon=":material/insights:"),
        st.Page("views/review.py", title="Review", icon=":material/fact_check:"),
        st.Page("views/diversity.py", title="Diversity", icon=":material/scatter_plot:"),
        st.Page("views/map.py", title="Map", icon=":material/map:"),
        st.Page("views/duplicates.py", title="Duplicates", icon=":material/content_copy:"),
        st.Page("views/fidelity.py", title="Fidelity", icon=":material/verified:"),
        st.Page("views/bias.py", title="Bias", icon=":material/balance:"),
        st.Page("views/collapse.py", title="Collapse", icon=":material/autorenew:"),
    ]
)
sidebar.render()
url_state.publish()
page.run()
