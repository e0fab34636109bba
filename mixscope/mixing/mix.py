"""MixConfig -> Mix: which documents of each corpus a mix of real and synthetic text uses.

A :class:`Mix` is an index table (source, position) over the corpora, never a copy of them,
so mixed documents and mixed embeddings are slices of per-corpus data.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import xxhash

from mixscope.corpus import Corpus
from mixscope.mixing.config import MixConfig
from mixscope.mixing.plan import plan_counts
from mixscope.mixing.sampling import SAMPLERS, parse_strategy

__all__ = ["DOCUMENT_COLUMNS", "PICK_COLUMNS", "Mix", "metadata_names", "mix"]
#: Columns of ``Mix.picks``; row ``i`` is row ``i`` of ``documents()`` and ``embeddings()``.
PICK_COLUMNS = ("source", "role", "source_index", "position", "source_row")
#: Leading columns of ``Mix.documents()``; metadata columns follow.
DOCUMENT_COLUMNS = ("text", "source", "role", "source_row")


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


def metadata_names(columns: Sequence[Sequence[str]]) -> dict[str, str]:
    """Output name of every metadata column of the corpora: itself, or ``meta_<name>`` for one
    named like a leading column of :meth:`Mix.documents`, with more ``meta_`` while that name is
    taken by another metadata column (deterministic, never two inputs in one output column).

    Examples
    --------
    >>> metadata_names([["source", "meta_source", "lang"]])
    {'source': 'meta_meta_source', 'meta_source': 'meta_source', 'lang': 'lang'}
    """
    union = list(dict.fromkeys(name for group in columns for name in group))
    taken = set(DOCUMENT_COLUMNS) | set(union)
    out = {}
    for name in union:
        if name not in DOCUMENT_COLUMNS:
            out[name] = name
            continue
        new = f"meta_{name}"
        while new in taken:
            new = f"meta_{new}"
        taken.add(new)
        out[name] = new
    return out


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
        A metadata column named like a leading column is renamed ``meta_<name>`` (with more
        ``meta_`` in front while that name is taken by another metadata column), so no input
        value is ever overwritten (:func:`metadata_names`).
        """
        names = metadata_names([c.metadata_columns for c in self.corpora])
        parts = [self._documents_of(c, names) for c in self.corpora]
        columns = list(dict.fromkeys(col for part in parts for col in part.columns))
        filled = [part for part in parts if len(part)]
        if not filled:
            return pd.DataFrame(columns=columns)
        return pd.concat(filled, ignore_index=True).reindex(columns=columns)

    def _documents_of(self, corpus: Corpus, names: Mapping[str, str]) -> pd.DataFrame:
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
            frame[names[column]] = rows[column].to_numpy()
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
