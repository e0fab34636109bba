"""Per-source verdicts: how real each synthetic source looks, whatever the share.

Fidelity (precision, coverage, MAUVE, ...) judges a source, not a share, so it is not a
guardrail; it is shown next to the recommendation. Each source is measured alone, with as many
of its documents as the mix would hold at share 1 (at most all of them), drawn uniformly with
the mix's seed, and judged against real text at the same size like every fidelity metric.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import pandas as pd

from mixscope.corpus import Corpus
from mixscope.evaluation.evaluate import TABLE_COLUMNS, evaluate
from mixscope.evaluation.index import MixIndex
from mixscope.evaluation.registry import REGISTRY, default_metrics
from mixscope.mixing import MixConfig, mix

__all__ = ["SOURCE_COLUMNS", "source_metrics", "source_verdicts"]

SOURCE_COLUMNS = ("source", "n_documents", *TABLE_COLUMNS)


def source_metrics() -> list[str]:
    """The default metrics that judge a source rather than a share (fidelity)."""
    return [name for name in default_metrics() if REGISTRY[name].compares == "synthetic"]


def source_verdicts(
    corpora: Sequence[Corpus], index: MixIndex, config: MixConfig, **options: Any
) -> pd.DataFrame:
    """The source-judging metrics of each synthetic corpus measured alone.

    Parameters
    ----------
    corpora, index
        As for :func:`mixscope.mixing.mix`, all indexed in ``index``.
    config : MixConfig
        Its size (when given) bounds the documents measured and its seed draws them.
    **options
        Passed to :func:`~mixscope.evaluation.evaluate`; ``metrics`` defaults to
        :func:`source_metrics`.

    Returns
    -------
    DataFrame
        Columns :data:`SOURCE_COLUMNS`: one row per synthetic corpus and metric.
    """
    options.setdefault("metrics", source_metrics())
    frames = []
    names = [c.name for c in corpora if c.role == "synthetic"]
    for corpus in (c for c in corpora if c.role == "synthetic"):
        size = len(corpus) if config.size is None else min(config.size, len(corpus))
        alone = replace(config, synthetic_share=1.0, size=size, mode="replace",
                        strategy="uniform",
                        weights=tuple(float(n == corpus.name) for n in names))  # fmt: skip
        table = evaluate(mix(corpora, alone), index, **options).table
        frames.append(table.assign(source=corpus.name, n_documents=size))
    if not frames:
        return pd.DataFrame(columns=list(SOURCE_COLUMNS))
    return pd.concat(frames, ignore_index=True)[list(SOURCE_COLUMNS)]
