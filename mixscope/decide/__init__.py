"""Decide: turn measurements into a share, weights and a reason.

Stage five of the pipeline, above :mod:`mixscope.evaluation`: :func:`sweep` evaluates the mix
over a grid of synthetic shares on one index; :mod:`~mixscope.decide.guardrails` bounds the
metrics that move with the share and :func:`recommend` picks the largest share every guardrail
allows on the pessimistic end of its interval; guardrails can be read from a TOML file
(:func:`load_guardrails`).
"""

from mixscope.decide.guardrails import (
    DEFAULT_GUARDRAILS,
    Guardrail,
    Recommendation,
    default_guardrails,
    guardrail_table,
    recommend,
)
from mixscope.decide.sweep import DEFAULT_SHARES, SWEEP_COLUMNS, Sweep, sweep

__all__ = [
    "DEFAULT_GUARDRAILS",
    "DEFAULT_SHARES",
    "SWEEP_COLUMNS",
    "Guardrail",
    "Recommendation",
    "Sweep",
    "default_guardrails",
    "guardrail_table",
    "recommend",
    "sweep",
]
