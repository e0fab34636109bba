"""The index of a session's corpora, computed once, so evaluating a mix is only index operations.

:class:`~mixscope.evaluation.corpus_index.CorpusIndex` holds what every metric needs per document
of one corpus (unit embeddings, MinHash signatures, exact-duplicate keys, lengths, token and
bigram codes, group mentions, sentiment). :class:`MixIndex` stacks the corpora of a session into
global arrays (global id = corpus offset + row position) and adds what depends on the real
corpus or on all corpora at once: the frozen cluster model and cluster labels, the k-NN
manifold of one half of the real corpus (half A, which fidelity compares with; with its balls
holding each document) and its Gaussian statistics, MAUVE's quantisation, the exact, near and
semantic duplicate pairs over all documents, and each document's score on the concept axes (gender,
sentiment, ...) it is given. A mix then selects rows by its picks.

A built index is immutable: values derived from it later (noise floors, kernel spectra) live in
the engine's keyed store (:mod:`mixscope.evaluation.memo`), keyed by :attr:`MixIndex.fingerprint`,
so one index can be shared by every session and thread of a server.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd
import xxhash
from scipy.sparse import csr_matrix

from mixscope.corpus import Corpus
from mixscope.evaluation.corpus_index import CorpusIndex, IndexSettings, build_corpus_index
from mixscope.evaluation.index_store import IndexStore, code_version, digest
from mixscope.metrics.axes import project
from mixscope.metrics.clusters import ClusterModel, assign, fit_clusters
from mixscope.metrics.fidelity import gaussian_stats, psd_sqrt
from mixscope.metrics.mauve import auto_buckets, quantize
from mixscope.metrics.minhash import near_duplicate_pairs
from mixscope.metrics.neighbors import nearest_neighbor_similarity, semantic_duplicate_pairs
from mixscope.metrics.prdc import RealManifold, ball_membership, real_manifold
from mixscope.metrics.stats import split_halves
from mixscope.mixing import Mix

__all__ = ["MixIndex", "build_index"]

Progress = Callable[[int, int], None]


@dataclass(frozen=True, eq=False)
class MixIndex:
    """All corpora of a session stacked, plus the real-corpus and cross-corpus structures.

    Global arrays have one row per document of every corpus, corpus ``c`` at rows
    ``offsets[c]:offsets[c + 1]``. Immutable: its arrays are read-only, and ``fingerprint``
    (a hash of the corpora, model, settings and axes) keys everything derived from it later.
    """

    corpora: tuple[CorpusIndex, ...]
    offsets: np.ndarray
    model_id: str
    settings: IndexSettings
    unit: np.ndarray
    signatures: np.ndarray
    exact_keys: np.ndarray
    lengths: np.ndarray
    sentiment: np.ndarray
    languages: np.ndarray  # object (N,): ISO 639-1 code of each document, or "und"
    mentions: np.ndarray  # bool (N, n_groups)
    group_columns: tuple[str, ...]
    cluster_model: ClusterModel
    clusters: np.ndarray
    mauve_labels: np.ndarray
    mauve_buckets: int
    half_a: np.ndarray  # global ids of real half A
    half_b: np.ndarray
    half_manifold: RealManifold  # manifold of half A
    half_stats: tuple[np.ndarray, np.ndarray]
    # Fidelity compares synthetic samples and real half B samples of one size with half A:
    # which half-A k-NN balls hold each document (bool (N, n_half_a)), so precision, density
    # and coverage of any sample are row selections (prdc_from_membership), not distance
    # searches; and psd_sqrt of half A's covariance, reused by every Fréchet distance.
    half_balls: csr_matrix
    half_sqrt_cov: np.ndarray
    near_pairs: np.ndarray  # int64 (n_pairs, 2), global ids, i < j
    semantic_pairs: np.ndarray
    nearest_real: np.ndarray  # float64 (N,): cosine to the nearest other real document
    # uint64 hash code of every word token of every document, documents in global order, and
    # where each document's tokens start (its lengths follow from ``lengths``).
    tokens: np.ndarray
    token_starts: np.ndarray  # int64 (N,)
    # float64 (N,) score of every document on each concept axis given to build_index; empty
    # when none was given (the axis metrics are then n/a).
    axis_scores: dict[str, np.ndarray] = field(default_factory=dict)
    # ";"-joined "axis:group" mentions of every document (the documents table's groups column)
    group_labels: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=object))
    fingerprint: str = ""
    # the embedder's cache id (model files and backend, e.g. "...@<hash>+openvino-bf16"): which
    # vectors these are; "" when build_index was not told
    embedder_id: str = ""

    def __post_init__(self) -> None:
        for value in vars(self).values():
            for array in value.values() if isinstance(value, dict) else (value,):
                if isinstance(array, np.ndarray):
                    array.flags.writeable = False

    @property
    def real_ids(self) -> np.ndarray:
        """Global ids of the real corpus (always corpus 0)."""
        return np.arange(self.offsets[0], self.offsets[1])

    def rows64(self, ids: np.ndarray) -> np.ndarray:
        """Unit embeddings of global ids in float64; renormalised when the index holds them in
        float16 (``IndexSettings.embedding_dtype``), whose rounding leaves norms ~1e-3 off."""
        U: np.ndarray = self.unit[ids].astype(np.float64)
        if self.unit.dtype == np.float16:
            norms = np.linalg.norm(U, axis=1, keepdims=True)
            U /= np.where(norms > 0, norms, 1.0)
        return U

    def texts(self, ids: np.ndarray) -> list[str]:
        """Normalised texts of global ids."""
        return [self._text(int(g)) for g in ids]

    def _text(self, g: int) -> str:
        c = int(np.searchsorted(self.offsets, g, side="right")) - 1
        return self.corpora[c].texts[g - int(self.offsets[c])]

    def bigrams(self, ids: np.ndarray) -> list[np.ndarray]:
        """Bigram codes of global ids."""
        c = np.searchsorted(self.offsets, ids, side="right") - 1
        local = ids - self.offsets[c]
        return [self.corpora[int(a)].bigrams[int(b)] for a, b in zip(c, local, strict=True)]

    def token_codes(self, ids: np.ndarray) -> np.ndarray:
        """Token codes of global ids, concatenated in ``ids`` order (one stream)."""
        counts = self.lengths[ids]
        if counts.sum() == 0:
            return np.empty(0, np.uint64)
        # Position of each wanted token: its document's start plus its rank within the document.
        ends = np.cumsum(counts)
        rank = np.arange(ends[-1]) - np.repeat(ends - counts, counts)
        out: np.ndarray = self.tokens[np.repeat(self.token_starts[ids], counts) + rank]
        return out

    def global_ids(self, mix: Mix) -> np.ndarray:
        """Global id of each pick of ``mix`` (row ``i`` = ``mix.picks`` row ``i``)."""
        names = [c.name for c in self.corpora]
        lookup = np.empty(len(mix.corpora), dtype=np.int64)
        for i, corpus in enumerate(mix.corpora):
            if corpus.name not in names:
                raise ValueError(f"mix source {corpus.name!r} is not indexed; indexed: {names}")
            j = names.index(corpus.name)
            if corpus.content_hash != self.corpora[j].content_hash:
                raise ValueError(f"corpus {corpus.name!r} changed since it was indexed; rebuild")
            lookup[i] = self.offsets[j]
        picks = mix.picks
        return lookup[picks["source_index"].to_numpy()] + picks["position"].to_numpy(np.int64)

    def source_of(self, ids: np.ndarray) -> np.ndarray:
        """Corpus number of each global id."""
        return np.searchsorted(self.offsets, ids, side="right") - 1

    def is_synthetic(self, ids: np.ndarray) -> np.ndarray:
        """True where a global id belongs to a synthetic corpus."""
        roles = np.array([c.role == "synthetic" for c in self.corpora])
        return np.asarray(roles[self.source_of(ids)], dtype=bool)


def build_index(
    corpora: Sequence[Corpus],
    embeddings: Mapping[str, np.ndarray],
    *,
    model_id: str,
    embedder_id: str = "",
    settings: IndexSettings | None = None,
    progress: Progress | None = None,
    axes: Mapping[str, np.ndarray] | None = None,
    store: IndexStore | None = None,
    workers: int = 1,
) -> MixIndex:
    """Index every corpus of a session once (real corpus first).

    Parameters
    ----------
    corpora : sequence of Corpus
        Exactly one real corpus, first, then the synthetic ones (as :func:`mixscope.mixing.mix`).
    embeddings : mapping corpus name -> ndarray of shape (len(corpus), n_dims)
    model_id : str
        Id of the embedder (recorded in every metric's settings).
    embedder_id : str, optional
        The embedder's ``cache_id``, which tells its vectors apart from another backend's of
        the same model (recorded in the evaluation's config, and part of the fingerprint).
    settings : IndexSettings, optional
    progress : callable (done, total), optional
        Called after each step: one per corpus, then five global steps.
    axes : mapping axis name -> ndarray of shape (n_dims,), optional
        Concept-axis directions in the same embedding space, e.g.
        :func:`mixscope.embed.axis_directions` of the embedder; every document is projected on
        each (``axis_scores``). Without them the axis metrics (``gender_axis_shift``, ...) are
        NaN with status ``n/a``.
    store : IndexStore, optional
        Where each corpus's text structures and the pool's structures are looked up first and
        kept after they are built (:mod:`~mixscope.evaluation.index_store`): a second process
        indexing the same corpora, embeddings and settings loads them instead of rebuilding.
        The unit embeddings and MinHash signatures are then read memory-mapped from it.
    workers : int, default=1
        Processes computing each corpus's text structures (MinHash, sentiment, language, ...);
        the result is the same.

    Returns
    -------
    MixIndex
    """
    s = settings or IndexSettings()
    _check_corpora(corpora, embeddings)
    _check_real_size(corpora[0], s)
    total, done = len(corpora) + 5, 0

    def step() -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, total)

    parts = []
    for corpus in corpora:
        parts.append(
            build_corpus_index(
                corpus, embeddings[corpus.name], settings=s, store=store, workers=workers
            )
        )
        step()
    offsets = np.concatenate([[0], np.cumsum([len(p) for p in parts])]).astype(np.int64)
    unit = np.concatenate([p.unit for p in parts])
    signatures = np.concatenate([p.signatures for p in parts])
    tokens = np.concatenate([p.tokens for p in parts])
    key = _pool_key(parts, s)
    if store is not None:  # the largest arrays memory-mapped from the store: held once, shared
        unit = store.mapped("pool", key, "unit", unit)
        signatures = store.mapped("pool", key, "signatures", signatures)
    parts = _as_views(parts, offsets, unit=unit, signatures=signatures, tokens=tokens)
    axis_scores = _axis_scores(unit, axes)  # before the slow steps: bad axes fail fast
    found = store.load("pool", key, _POOL) if store is not None else None
    pool = _pool_from(found, len(unit), offsets[1]) if found is not None else None
    if pool is None:
        pool = _pool_structures(parts, unit, signatures, int(offsets[1]), s, step)
        if store is not None:
            store.save("pool", key, _pool_arrays(pool))
    else:
        for _ in range(4):
            step()
    step()
    mentions = pd.concat([p.mentions for p in parts], ignore_index=True)
    lengths = np.concatenate([p.lengths for p in parts])
    group_columns = tuple(str(c) for c in mentions.columns)
    mention_array = mentions.to_numpy(dtype=bool)
    return MixIndex(
        corpora=tuple(parts),
        offsets=offsets,
        model_id=model_id,
        settings=s,
        unit=unit,
        signatures=signatures,
        exact_keys=np.concatenate([p.exact_keys for p in parts]),
        lengths=lengths,
        sentiment=np.concatenate([p.sentiment for p in parts]),
        languages=np.concatenate([p.languages for p in parts]),
        mentions=mention_array,
        group_columns=group_columns,
        tokens=tokens,
        token_starts=np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int64),
        axis_scores=axis_scores,
        group_labels=_join_groups(mention_array, group_columns),
        fingerprint=_fingerprint(parts, model_id, embedder_id, s, axis_scores),
        embedder_id=embedder_id,
        **pool,
    )


def _as_views(
    parts: Sequence[CorpusIndex],
    offsets: np.ndarray,
    *,
    unit: np.ndarray,
    signatures: np.ndarray,
    tokens: np.ndarray,
) -> list[CorpusIndex]:
    """The corpus indexes with their largest arrays replaced by views of the pool's stacked
    ones, so each is held once (at a million documents that is gigabytes)."""
    token_ends = np.cumsum([len(p.tokens) for p in parts])
    token_starts = token_ends - [len(p.tokens) for p in parts]
    return [
        replace(
            p,
            unit=unit[offsets[i] : offsets[i + 1]],
            signatures=signatures[offsets[i] : offsets[i + 1]],
            tokens=tokens[token_starts[i] : token_ends[i]],
        )
        for i, p in enumerate(parts)
    ]


def _pool_structures(
    parts: Sequence[CorpusIndex],
    unit: np.ndarray,
    signatures: np.ndarray,
    n_real: int,
    s: IndexSettings,
    step: Callable[[], None],
) -> dict[str, Any]:
    """The structures that depend on every corpus at once (four progress steps)."""
    real = unit[:n_real]
    model = fit_clusters(real, k=s.n_clusters, seed=s.seed)
    half_a, half_b = split_halves(len(real), seed=s.seed)
    step()
    half_manifold = real_manifold(real[half_a], k=s.prdc_k)
    n_other = len(unit) - len(real)
    buckets = min(auto_buckets(len(real), n_other if n_other else len(real)), s.mauve_max_buckets)
    mauve_labels = _quantize_all(unit, len(real), buckets, s)
    step()
    texts = [t for p in parts for t in p.texts]
    near = near_duplicate_pairs(
        signatures, texts=texts, threshold=s.jaccard_threshold, ngram=s.shingle_size
    )
    step()
    approximate: dict[str, Any] = {
        "approximate": len(unit) > s.exact_search_limit,
        "nprobe": s.nprobe,
    }
    semantic = semantic_duplicate_pairs(
        unit, threshold=s.semantic_threshold, k=s.semantic_k, **approximate
    )
    nearest = _nearest_real(unit, len(real), **approximate)
    step()
    half_stats = gaussian_stats(real[half_a], name="real half A")
    return {
        "cluster_model": model,
        "clusters": assign(model, unit),
        "mauve_labels": mauve_labels,
        "mauve_buckets": buckets,
        "half_a": half_a,
        "half_b": half_b,
        "half_manifold": half_manifold,
        "half_stats": half_stats,
        "half_balls": ball_membership(half_manifold, unit),
        "half_sqrt_cov": psd_sqrt(half_stats[1]),
        "near_pairs": near[["i", "j"]].to_numpy(np.int64),
        "semantic_pairs": semantic[["i", "j"]].to_numpy(np.int64),
        "nearest_real": nearest,
    }


# What a stored pool entry holds: name -> (dtype kind, number of dimensions).
_POOL = {
    "centroids": ("f", 2),
    "cluster_seed": ("i", 0),
    "clusters": ("i", 1),
    "mauve_labels": ("i", 1),
    "mauve_buckets": ("i", 0),
    "half_a": ("i", 1),
    "half_b": ("i", 1),
    "manifold_features": ("f", 2),
    "manifold_sq_radii": ("f", 1),
    "manifold_k": ("i", 0),
    "manifold_normalize": ("b", 0),
    "half_mu": ("f", 1),
    "half_sigma": ("f", 2),
    "balls_indices": ("i", 1),
    "balls_indptr": ("i", 1),
    "balls_shape": ("i", 1),
    "half_sqrt_cov": ("f", 2),
    "near_pairs": ("i", 2),
    "semantic_pairs": ("i", 2),
    "nearest_real": ("f", 1),
}


def _pool_key(parts: Sequence[CorpusIndex], s: IndexSettings) -> str:
    """Key of the pool structures: each corpus's name, role, content hash and exact unit
    embeddings (so another model or precision is another key), the settings and the code."""
    fields: list[str | np.ndarray] = ["pool", code_version(), repr(s)]
    for p in parts:
        fields += [p.name, p.role, p.content_hash, p.unit]
    return digest(*fields)


def _pool_arrays(pool: Mapping[str, Any]) -> dict[str, np.ndarray]:
    """The pool structures as plain arrays (what :meth:`IndexStore.save` writes)."""
    manifold: RealManifold = pool["half_manifold"]
    balls: csr_matrix = pool["half_balls"]
    return {
        "centroids": pool["cluster_model"].centroids,
        "cluster_seed": np.int64(pool["cluster_model"].seed),
        "clusters": pool["clusters"],
        "mauve_labels": pool["mauve_labels"],
        "mauve_buckets": np.int64(pool["mauve_buckets"]),
        "half_a": pool["half_a"],
        "half_b": pool["half_b"],
        "manifold_features": manifold.features,
        "manifold_sq_radii": manifold.sq_radii,
        "manifold_k": np.int64(manifold.k),
        "manifold_normalize": np.bool_(manifold.normalize),
        "half_mu": pool["half_stats"][0],
        "half_sigma": pool["half_stats"][1],
        "balls_indices": balls.indices,
        "balls_indptr": balls.indptr,
        "balls_shape": np.array(balls.shape, dtype=np.int64),
        "half_sqrt_cov": pool["half_sqrt_cov"],
        "near_pairs": pool["near_pairs"],
        "semantic_pairs": pool["semantic_pairs"],
        "nearest_real": pool["nearest_real"],
    }


def _pool_from(a: Mapping[str, np.ndarray], n: int, n_real: int) -> dict[str, Any] | None:
    """The pool structures from stored arrays; None when their sizes do not fit this pool."""
    shape = tuple(int(x) for x in a["balls_shape"])
    n_half = len(a["half_a"])
    rows = ("clusters", "mauve_labels", "nearest_real")
    if (
        any(len(a[name]) != n for name in rows)
        or len(a["half_a"]) + len(a["half_b"]) != n_real
        or shape != (n, n_half)
        or len(a["balls_indptr"]) != n + 1
        or len(a["manifold_features"]) != n_half
    ):
        return None
    balls = csr_matrix(
        (np.ones(len(a["balls_indices"]), dtype=bool), a["balls_indices"], a["balls_indptr"]),
        shape=shape,
    )
    return {
        "cluster_model": ClusterModel(a["centroids"], int(a["cluster_seed"])),
        "clusters": a["clusters"],
        "mauve_labels": a["mauve_labels"],
        "mauve_buckets": int(a["mauve_buckets"]),
        "half_a": a["half_a"],
        "half_b": a["half_b"],
        "half_manifold": RealManifold(
            features=a["manifold_features"],
            sq_radii=a["manifold_sq_radii"],
            k=int(a["manifold_k"]),
            normalize=bool(a["manifold_normalize"]),
        ),
        "half_stats": (a["half_mu"], a["half_sigma"]),
        "half_balls": balls,
        "half_sqrt_cov": a["half_sqrt_cov"],
        "near_pairs": a["near_pairs"],
        "semantic_pairs": a["semantic_pairs"],
        "nearest_real": a["nearest_real"],
    }


def _fingerprint(
    parts: Sequence[CorpusIndex],
    model_id: str,
    embedder_id: str,
    settings: IndexSettings,
    axis_scores: Mapping[str, np.ndarray],
) -> str:
    """xxh3-128 of everything an index depends on: equal fingerprints mean equal indexes."""
    h = xxhash.xxh3_128()
    for part in parts:
        h.update(f"{part.name}\x00{part.role}\x00{part.content_hash}\x00".encode())
    h.update(f"{model_id}\x00{embedder_id}\x00{settings!r}\x00".encode())
    for name in sorted(axis_scores):
        h.update(name.encode() + b"\x00" + np.ascontiguousarray(axis_scores[name]).tobytes())
    return h.hexdigest()


def _join_groups(M: np.ndarray, names: tuple[str, ...]) -> np.ndarray:
    """``;``-joined group mentions of each row of ``M``, one join per distinct mention pattern."""
    if not names:
        return np.full(len(M), "", dtype=object)
    packed = np.ascontiguousarray(np.packbits(M, axis=1))
    keys = packed.view(f"V{packed.shape[1]}").ravel()
    _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    columns = np.array(names, dtype=object)
    joined = np.array([";".join(columns[M[i]]) for i in first], dtype=object)
    out: np.ndarray = joined[inverse.ravel()]
    return out


def _axis_scores(unit: np.ndarray, axes: Mapping[str, np.ndarray] | None) -> dict[str, np.ndarray]:
    """Every document's score on each axis (cosine with the unit direction)."""
    if axes is None:
        return {}
    if not isinstance(axes, Mapping):
        raise ValueError(
            f"axes must be a mapping axis name -> direction, got {type(axes).__name__}"
        )
    out = {}
    for name, direction in axes.items():
        try:
            out[str(name)] = project(unit, direction)
        except ValueError as err:
            raise ValueError(f"axes[{name!r}]: {err}") from None
    return out


def _quantize_all(unit: np.ndarray, n_real: int, buckets: int, s: IndexSettings) -> np.ndarray:
    """MAUVE cluster label of every document, one joint quantisation of all corpora."""
    real = unit[:n_real]
    options = {"num_buckets": buckets, "seed": s.seed, "kmeans_iter": s.mauve_kmeans_iter,
               "kmeans_redo": s.mauve_kmeans_redo}  # fmt: skip
    if len(unit) == n_real:  # no synthetic corpus: quantise the real rows alone
        return quantize(real, real, **options)[0]
    real_labels, other_labels = quantize(real, unit[n_real:], **options)
    return np.concatenate([real_labels, other_labels])


def _nearest_real(unit: np.ndarray, n_real: int, **search: Any) -> np.ndarray:
    """Cosine of each document to its nearest real document (for real ones: another one)."""
    real = unit[:n_real]
    own = (
        nearest_neighbor_similarity(real, real, exclude_self=True, **search)[0]
        if n_real > 1
        else None
    )
    parts = [own if own is not None else np.full(n_real, np.nan)]
    if len(unit) > n_real:
        parts.append(nearest_neighbor_similarity(unit[n_real:], real, **search)[0])
    return np.concatenate(parts)


def _check_real_size(real: Corpus, settings: IndexSettings) -> None:
    # Fidelity compares the synthetic documents with one half of the real corpus using each
    # half-corpus document's k nearest neighbours: each half needs k + 1 documents.
    needed = 2 * (settings.prdc_k + 1)
    if len(real) < needed:
        raise ValueError(
            f"the real corpus {real.name!r} has {len(real)} documents; the metrics need at "
            f"least {needed} (two halves of k + 1 = {settings.prdc_k + 1} for the k-nearest-"
            "neighbour metrics). Load a larger real corpus, or lower prdc_k."
        )


def _check_corpora(corpora: Sequence[Corpus], embeddings: Mapping[str, np.ndarray]) -> None:
    if not corpora or corpora[0].role != "real":
        first = corpora[0].role if corpora else "nothing"
        raise ValueError(f"expected the real corpus first, got {first}")
    roles = [c.role for c in corpora]
    if roles.count("real") != 1:
        raise ValueError(f"expected exactly one real corpus, got roles {roles}")
    names = [c.name for c in corpora]
    if len(set(names)) != len(names):
        raise ValueError(f"corpus names must be unique, got {names}")
    missing = [n for n in names if n not in embeddings]
    if missing:
        raise ValueError(f"no embeddings for {missing}; got {sorted(embeddings)}")
    widths = sorted({np.asarray(embeddings[n]).shape[-1] for n in names})
    if len(widths) != 1:
        raise ValueError(f"embeddings of all corpora need one width, got widths {widths}")
