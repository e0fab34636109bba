"""Reusable Streamlit pieces for the MixScope app; ``data`` is the only module that caches."""
