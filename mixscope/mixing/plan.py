"""How many documents each corpus contributes to a mix, checked before anything is drawn."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from mixscope.corpus import Corpus
from mixscope.mixing.config import MixConfig
from mixscope.mixing.sampling import apportion


def _split_roles(corpora: Sequence[Corpus]) -> tuple[Corpus, list[Corpus]]:
    """The one real corpus and the synthetic ones in the order given."""
    duplicates = sorted(name for name, k in Counter(c.name for c in corpora).items() if k > 1)
    if duplicates:
        raise ValueError(
            f"corpus names must be unique, got duplicates {duplicates}; "
            "rename one (Corpus.with_name or a different file name)"
        )
    real = [c for c in corpora if c.role == "real"]
    if len(real) != 1:
        listing = ", ".join(f"{c.name!r} ({c.role})" for c in corpora) or "none"
        raise ValueError(f"a mix needs exactly one real corpus, got {len(real)}: {listing}")
    return real[0], [c for c in corpora if c.role == "synthetic"]


def _round_half_up(x: float) -> int:
    return math.floor(x + 0.5)


def _plan(
    real: Corpus, synthetic: list[Corpus], config: MixConfig
) -> list[tuple[Corpus, int, str]]:
    """(corpus, documents needed, how that number came about) for every corpus, real first."""
    share, size = config.synthetic_share, config.size
    if share > 0 and not synthetic:
        raise ValueError(
            f"synthetic share is {share:g} but no synthetic corpus was given; "
            "add one or set the share to 0"
        )
    weights = config.weights if config.weights is not None else (1.0,) * len(synthetic)
    if len(weights) != len(synthetic):
        raise ValueError(
            f"got {len(weights)} weights for {len(synthetic)} synthetic corpora "
            f"{[c.name for c in synthetic]}; give one weight per synthetic corpus, in order"
        )
    if config.mode == "replace" and size is not None:
        n_syn = _round_half_up(share * size)
        real_plan = (real, size - n_syn, f"size {size:,} x (1 - share {share:g})")
        basis = f"share {share:g} x size {size:,}"
    else:  # accumulate
        n_syn = _round_half_up(share / (1 - share) * len(real))
        real_plan = (real, len(real), "accumulate keeps every real document")
        basis = f"share {share:g} / (1 - {share:g}) x {len(real):,} real documents"
    counts = apportion(n_syn, weights) if synthetic else []
    total = math.fsum(weights)
    return [real_plan] + [
        (c, n, f"{basis} x weight {w / total:.4g}")
        for c, n, w in zip(synthetic, counts, weights, strict=True)
    ]


def _check_feasible(plan: list[tuple[Corpus, int, str]], config: MixConfig) -> None:
    weighted = sum(corpus.role == "synthetic" for corpus, _, _ in plan) > 1
    for corpus, n, why in plan:
        if n > len(corpus):
            if corpus.role == "real":
                hint = "lower the size or raise the share, or add real documents"
            else:
                hint = (
                    "lower the size or the share" if config.mode == "replace" else "lower the share"
                )
                hint += ", change the weights," if weighted else ","
                hint += " or add documents"
            raise ValueError(
                f"{corpus.role} source {corpus.name!r} has {len(corpus):,} documents but the "
                f"mix needs {n:,} of them ({why}); {hint}"
            )


def plan_counts(corpora: Sequence[Corpus], config: MixConfig) -> dict[str, int]:
    """How many documents each corpus contributes, without drawing them.

    Parameters
    ----------
    corpora : sequence of Corpus
        Exactly one with role "real", any number with role "synthetic"; unique names.
    config : MixConfig

    Returns
    -------
    dict of corpus name to count: the real corpus first, then the synthetic ones in order.

    Raises
    ------
    ValueError
        Wrong roles or duplicate names, a weight count that does not match, a positive share
        without synthetic corpora, or a count larger than the corpus (the message names the
        numbers and how to fix them).
    """
    real, synthetic = _split_roles(corpora)
    plan = _plan(real, synthetic, config)
    _check_feasible(plan, config)
    return {corpus.name: n for corpus, n, _ in plan}


def _fits(corpora: Sequence[Corpus], config: MixConfig) -> bool:
    try:
        plan_counts(corpora, config)
    except ValueError:
        return False
    return True


def feasible_shares(
    corpora: Sequence[Corpus], config: MixConfig, shares: Sequence[float]
) -> list[float]:
    """The shares of ``shares`` at which ``config`` (its mode, size and weights) can be drawn.

    A share is feasible when no corpus would have to give more documents than it holds
    (:func:`plan_counts` succeeds); accumulate mode never reaches 1.

    Examples
    --------
    >>> import pandas as pd
    >>> def corpus(name, role, n):
    ...     texts = [f"{name} {i}" for i in range(n)]
    ...     frame = pd.DataFrame({"source_row": range(n), "text": texts})
    ...     return Corpus(name, role, frame, "text")
    >>> corpora = [corpus("real", "real", 100), corpus("syn", "synthetic", 50)]
    >>> feasible_shares(corpora, MixConfig(mode="accumulate"), [0.0, 0.2, 0.3, 0.4, 0.9])
    [0.0, 0.2, 0.3]
    >>> largest_size(corpora, MixConfig(synthetic_share=0.25, size=10))
    134
    """
    return [
        float(share)
        for share in shares
        if not (config.mode == "accumulate" and share >= 1)
        and _fits(corpora, replace(config, synthetic_share=float(share)))
    ]


def largest_size(corpora: Sequence[Corpus], config: MixConfig) -> int | None:
    """The largest replace-mode size at ``config``'s share and weights that the corpora can
    supply, or None when not even one document can be drawn (its ``size`` is not used)."""
    low, high = 1, sum(len(c) for c in corpora)
    if not _fits(corpora, replace(config, size=low)):
        return None
    while low < high:  # fitting is monotone in the size: bisect for the last size that fits
        middle = (low + high + 1) // 2
        if _fits(corpora, replace(config, size=middle)):
            low = middle
        else:
            high = middle - 1
    return low
