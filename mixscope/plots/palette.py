"""Colours every figure and table shares, so a chart reads the same on every page."""

#: One colour per role, so a chart reads "blue = human, orange = generated" everywhere.
ROLE_COLORS = {"real": "#3b6fb6", "synthetic": "#e08a2c"}
#: Status -> colour (cards, tables and chart marks agree).
STATUS_COLORS = {"pass": "#2e7d32", "warn": "#ef8f00", "fail": "#c62828", "n/a": "#9e9e9e"}
#: Charts of the real corpus against the mix: the reference in grey, the mix in colour.
REFERENCE_COLOR = "#9aa5b1"
MIX_COLOR = "#6a3d9a"
