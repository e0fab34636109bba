"""Mixing: a :class:`MixConfig` and the corpora in, a :class:`Mix` (picks, not copies) out.

Stage three of the pipeline. :mod:`~mixscope.mixing.config` checks what is asked,
:mod:`~mixscope.mixing.plan` how many documents each corpus gives (checked before anything is
drawn), :mod:`~mixscope.mixing.sampling` how they are drawn, and :mod:`~mixscope.mixing.mix`
draws them: a mix is a table of (source, position) picks, so mixed documents and embeddings are
slices of per-corpus data. :mod:`~mixscope.mixing.spec` describes a mix and how to read each of
its corpora in one TOML file.
"""

from mixscope.mixing.config import MODES, MixConfig, Mode
from mixscope.mixing.mix import DOCUMENT_COLUMNS, PICK_COLUMNS, Mix, mix
from mixscope.mixing.plan import feasible_shares, largest_size, plan_counts
from mixscope.mixing.sampling import SAMPLERS, Sampler, apportion, parse_strategy
from mixscope.mixing.spec import (
    CorpusSpec,
    MixSpec,
    dump_spec,
    load_spec_corpora,
    parse_spec,
    read_spec,
    spec_of,
)

__all__ = [
    "DOCUMENT_COLUMNS",
    "MODES",
    "PICK_COLUMNS",
    "SAMPLERS",
    "CorpusSpec",
    "Mix",
    "MixConfig",
    "MixSpec",
    "Mode",
    "Sampler",
    "apportion",
    "dump_spec",
    "feasible_shares",
    "largest_size",
    "load_spec_corpora",
    "mix",
    "parse_spec",
    "parse_strategy",
    "plan_counts",
    "read_spec",
    "spec_of",
]
