"""MixScope app: page config, shared sidebar, navigation over the scripts in pages/.

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
        st.Page("pages/corpora.py", title="Corpora", icon=":material/library_books:", default=True),
        st.Page("pages/mix.py", title="Mix", icon=":material/tune:"),
        st.Page("pages/diversity.py", title="Diversity", icon=":material/scatter_plot:"),
        st.Page("pages/duplicates.py", title="Duplicates", icon=":material/content_copy:"),
        st.Page("pages/fidelity.py", title="Fidelity", icon=":material/verified:"),
        st.Page("pages/bias.py", title="Bias", icon=":material/balance:"),
    ]
)
sidebar.render()
url_state.publish()
page.run()
