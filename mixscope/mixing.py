"""MixConfig -> Mix: which documents of each corpus a mix of real and synthetic text uses.

A :class:`Mix` is an index table (source, position) over the corpora, never a copy of them,
so mixed documents and mixed embeddings are slices of per-corpus data.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from numbers import Integral, Real
from typing import Literal

import numpy as np
import pandas as pd
import xxhash

from mixscope.corpus import Corpus
from mixscope.plan import plan_counts
from mixscope.sampling import SAMPLERS, parse_strategy

__all__ = ["MODES", "Mix", "MixConfig", "Mode", "mix", "plan_counts"]

Mode = Literal["replace", "accumulate"]
MODES: tuple[Mode, ...] = ("replace", "accumulate")
#: Columns of ``Mix.picks``; row ``i`` is row ``i`` of ``documents()`` and ``embeddings()``.
PICK_COLUMNS = ("source", "role", "source_index", "position", "source_row")
#: Leading columns of ``Mix.documents()``; metadata columns follow.
DOCUMENT_COLUMNS = ("text", "source", "role", "source_row")


@dataclass(frozen=True)
class MixConfig:
    """How to mix: share, size, weights, mode, sampling strategy and seed.

    Attributes
    ----------
    synthetic_share : float in [0, 1]
        Fraction of the mix that is synthetic.
    size : int or None
        ``replace`` mode: total number of documents (required, >= 1); the synthetic share
        replaces real documents. ``accumulate`` mode: must be None, because every real
        document is kept and the size follows from the share.
    weights : tuple of float or None
        One non-negative weight per synthetic corpus, in the order given to :func:`mix`;
        None weighs them equally. Split by largest remainder, so counts sum exactly.
    mode : {"replace", "accumulate"}
        ``replace``: n_syn = round(share * size), n_real = size - n_syn. ``accumulate``:
        n_real = all real documents, n_syn = round(share / (1 - share) * n_real), so share 1 is
        impossible. Rounding is half up.
    strategy : str
        A key of :data:`mixscope.sampling.SAMPLERS`, optionally ``name:option``
        (``"uniform"``, ``"stratified:topic"``).
    seed : int
        Non-negative; each source draws from its own generator seeded by (seed, source name).
    """

    synthetic_share: float = 0.0
    size: int | None = None
    weights: tuple[float, ...] | None = None
    mode: Mode = "replace"
    strategy: str = "uniform"
    seed: int = 0

    def __post_init__(self) -> None:
        share = self.synthetic_share
        if isinstance(share, bool) or not isinstance(share, Real) or not 0 <= share <= 1:
            raise ValueError(f"synthetic share must be a number in [0, 1], got {share!r}")
        object.__setattr__(self, "synthetic_share", float(share))
        if self.mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}, got {self.mode!r}")
        self._check_size()
        if self.weights is not None:
            object.__setattr__(self, "weights", _check_weights(self.weights))
        name, _ = parse_strategy(self.strategy)
        if name not in SAMPLERS:
            raise ValueError(f"unknown strategy {name!r}; available: {sorted(SAMPLERS)}")
        if not _is_int(self.seed) or self.seed < 0:
            raise ValueError(f"seed must be a non-negative integer, got {self.seed!r}")
        object.__setattr__(self, "seed", int(self.seed))

    def _check_size(self) -> None:
        if self.mode == "accumulate":
            if self.size is not None:
                raise ValueError(
                    "accumulate mode keeps every real document, so the size follows from the "
                    f"share; expected size=None, got {self.size!r}"
                )
            if self.synthetic_share >= 1:
                raise ValueError(
                    "accumulate mode cannot reach synthetic share 1.0 (it keeps every real "
                    "document); use a share below 1 or replace mode"
                )
        else:
            size = self.size if _is_int(self.size) else None
            if size is None or size < 1:
                raise ValueError(f"replace mode needs size >= 1 (an integer), got {self.size!r}")
            object.__setattr__(self, "size", int(size))


def _is_int(value: object) -> bool:
    return isinstance(value, Integral) and not isinstance(value, bool)


def _check_weights(weights: Sequence[float]) -> tuple[float, ...]:
    bad = [w for w in weights if isinstance(w, bool) or not isinstance(w, Real)]
    values = tuple(float(w) for w in weights) if not bad else ()
    if bad or any(not math.isfinite(w) or w < 0 for w in values) or not math.fsum(values) > 0:
        raise ValueError(
            f"weights must be finite non-negative numbers with a positive sum, got {weights!r}"
        )
    return values


def _source_rng(seed: int, name: str) -> np.random.Generator:
    # A generator per source keyed by a stable hash of its name: one source's draws do not
    # depend on the other sources or their weights (Python's hash() is salted per process).
    return np.random.default_rng(
        np.random.SeedSequence([seed, xxhash.xxh3_64_intdigest(name.encode())])
    )


def _draw(corpus: Corpus, n: int, config: MixConfig) -> np.ndarray:
    name, option = parse_strategy(config.strategy)
    positions = np.asarray(
        SAMPLERS[name](corpus, n, _source_rng(config.seed, corpus.name), option=option),
        dtype=np.int64,
    )
    if len(positions) != n or len(np.unique(positions)) != n:
        raise ValueError(
            f"strategy {config.strategy!r} returned {len(positions)} positions "
            f"({len(np.unique(positions))} distinct) for {corpus.name!r}, expected {n} distinct"
        )
    return positions


def mix(corpora: Sequence[Corpus], config: MixConfig) -> Mix:
    """Draw a mix: which documents of each corpus it uses.

    Parameters
    ----------
    corpora : sequence of Corpus
        Exactly one real corpus and zero or more synthetic ones (weights follow their order).
    config : MixConfig

    Returns
    -------
    Mix
        Corpora real first, then synthetic in the order given; picks grouped by corpus in
        that order, each group in corpus order. Same corpora and config give an equal mix.

    Raises
    ------
    ValueError
        As :func:`plan_counts`, or a strategy that cannot run on a corpus (missing column).

    Examples
    --------
    >>> docs = pd.DataFrame({"source_row": range(6), "text": list("abcdef")})
    >>> real, syn = Corpus("r", "real", docs, "text"), Corpus("s", "synthetic", docs, "text")
    >>> mix([real, syn], MixConfig(synthetic_share=0.5, size=5)).counts()["n"].tolist()
    [2, 3]
    """
    counts = plan_counts(corpora, config)
    by_name = {corpus.name: corpus for corpus in corpora}
    ordered = tuple(by_name[name] for name in counts)
    drawn = [_draw(corpus, counts[corpus.name], config) for corpus in ordered]
    sizes = [len(positions) for positions in drawn]
    picks = pd.DataFrame(
        {
            "source": np.repeat([c.name for c in ordered], sizes),
            "role": np.repeat([c.role for c in ordered], sizes),
            "source_index": np.repeat(np.arange(len(ordered), dtype=np.int64), sizes),
            "position": np.concatenate(drawn),
            "source_row": np.concatenate(
                [
                    c.documents["source_row"].to_numpy(dtype=np.int64)[p]
                    for c, p in zip(ordered, drawn, strict=True)
                ]
            ),
        }
    )
    return Mix(config, ordered, picks)


@dataclass(frozen=True, eq=False)
class Mix:
    """A drawn mix: the config, the corpora (real first) and the picks.

    Attributes
    ----------
    config : MixConfig
    corpora : tuple of Corpus
        The real corpus, then the synthetic ones in the order given to :func:`mix`.
    picks : DataFrame
        One row per mixed document: ``source`` (corpus name), ``role``, ``source_index``
        (index into ``corpora``), ``position`` (row of that corpus's ``documents`` and
        embeddings) and ``source_row`` (record number in the input file).
    """

    config: MixConfig
    corpora: tuple[Corpus, ...]
    picks: pd.DataFrame

    def __len__(self) -> int:
        return len(self.picks)

    def positions(self, source: str) -> np.ndarray:
        """Row positions picked from the corpus named ``source``, in picks order."""
        names = [c.name for c in self.corpora]
        if source not in names:
            raise ValueError(f"no source {source!r} in this mix; sources: {names}")
        mask = self.picks["source_index"].to_numpy() == names.index(source)
        return self.picks["position"].to_numpy()[mask]

    def counts(self) -> pd.DataFrame:
        """Documents per source: columns ``source, role, n, share`` (share of the mix, 0-1)."""
        n = np.bincount(self.picks["source_index"].to_numpy(), minlength=len(self.corpora))
        return pd.DataFrame(
            {
                "source": [c.name for c in self.corpora],
                "role": [c.role for c in self.corpora],
                "n": n.astype(np.int64),
                "share": n / n.sum() if n.sum() else np.zeros(len(n)),
            }
        )

    def documents(self) -> pd.DataFrame:
        """The mixed documents, row ``i`` = ``picks`` row ``i``.

        Columns ``text`` (original, unmodified), ``source``, ``role``, ``source_row``, then the
        union of metadata columns in order of first appearance (NaN where a corpus lacks one).
        A metadata column named like a leading column is renamed ``meta_<name>``.
        """
        parts = [self._documents_of(i, c) for i, c in enumerate(self.corpora)]
        columns = list(dict.fromkeys(col for part in parts for col in part.columns))
        filled = [part for part in parts if len(part)]
        if not filled:
            return pd.DataFrame(columns=columns)
        return pd.concat(filled, ignore_index=True).reindex(columns=columns)

    def _documents_of(self, index: int, corpus: Corpus) -> pd.DataFrame:
        rows = corpus.documents.iloc[self.positions(corpus.name)]
        frame = pd.DataFrame(
            {
                "text": rows["text"].to_numpy(),
                "source": corpus.name,
                "role": corpus.role,
                "source_row": rows["source_row"].to_numpy(),
            }
        )
        for column in corpus.metadata_columns:
            name = column
            while name in DOCUMENT_COLUMNS:
                name = f"meta_{name}"
            frame[name] = rows[column].to_numpy()
        return frame

    def embeddings(self, per_source: Mapping[str, np.ndarray]) -> np.ndarray:
        """Mixed embeddings: rows of each corpus's array at the picked positions.

        Parameters
        ----------
        per_source : mapping of corpus name to ndarray of shape (len(corpus), n_dims)
            Needed for every source with picks; others are optional.

        Returns
        -------
        ndarray of shape (len(mix), n_dims), row ``i`` = ``picks`` row ``i``.
        """
        blocks = []
        for corpus in self.corpora:
            positions = self.positions(corpus.name)
            if corpus.name not in per_source:
                if len(positions):
                    raise ValueError(
                        f"no embeddings for source {corpus.name!r}; got {sorted(per_source)}"
                    )
                continue
            array = np.asarray(per_source[corpus.name])
            if array.ndim != 2 or array.shape[0] != len(corpus):
                raise ValueError(
                    f"embeddings for {corpus.name!r} have shape {array.shape}, expected "
                    f"({len(corpus)}, n_dims): one row per document"
                )
            blocks.append(array[positions])
        dims = sorted({block.shape[1] for block in blocks})
        if len(dims) > 1:
            raise ValueError(f"embeddings of all sources need one width, got widths {dims}")
        return np.concatenate(blocks) if blocks else np.empty((0, 0), dtype=np.float32)
