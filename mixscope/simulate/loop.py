"""The recursive training loop: fit a stand-in generator, sample, measure, repeat.

Generation 0 is a seeded sample of ``n_docs`` documents of the real corpus (without
replacement); it is both the first training set and the reference every generation is measured
against (its clusters and rare words). Each later generation is ``n_docs`` documents sampled
from a generator fitted on that generation's training set, which the regime composes
(:mod:`~mixscope.simulate.regimes`). Randomness is seeded per generation, not per regime
(common random numbers): regimes that train on the same data draw the same documents, so the
differences between their curves are the regimes', not sampling noise's.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd
from threadpoolctl import ThreadpoolController

from mixscope.embed import Embedder, LexicalEmbedder
from mixscope.metrics.checks import check_texts
from mixscope.simulate.config import GENERATORS, SimulationConfig
from mixscope.simulate.gaussian import fit_gaussian, sample_gaussian
from mixscope.simulate.measure import METRICS, TEXT_METRICS, Reference, build_reference, measure
from mixscope.simulate.ngram import fit_ngram, sample_ngram
from mixscope.simulate.regimes import training_data

__all__ = ["ROW_COLUMNS", "Simulation", "simulate"]

ROW_COLUMNS = ("regime", "generation", "metric", "value")
_NO_TEXT = "the gaussian generator produces embeddings, not words: there is no text to count"

Progress = Callable[[int, int], None]
Generation = tuple[np.ndarray, dict[str, float]]  # a generation's data and its metrics


@dataclass(frozen=True, eq=False)
class Simulation:
    """Result of :func:`simulate`.

    Attributes
    ----------
    rows : DataFrame
        Columns :data:`ROW_COLUMNS`: one row per regime, generation (0 = the starting data,
        the same for every regime) and metric, regimes in the config's order.
    settings : dict
        Everything the numbers depend on (JSON-serialisable): the config's fields, the
        embedder, ``regime_labels``, and under ``omitted`` each metric left out, with why.
    config : SimulationConfig
    """

    rows: pd.DataFrame
    settings: dict[str, Any]
    config: SimulationConfig

    @property
    def labels(self) -> dict[str, str]:
        """Regime name -> label in words (``"current mix (share 0.25)"``)."""
        return self.config.labels

    def summary(self) -> pd.DataFrame:
        """Generation 0 against the last generation: one row per regime and metric.

        Returns
        -------
        DataFrame with columns ``regime`` (its label), ``metric``, ``start`` (generation 0),
        ``end`` (the last generation) and ``change`` (``end - start``), regimes in order.
        """
        last = self.config.generations
        wide = self.rows[self.rows["generation"].isin([0, last])].pivot_table(
            index=["regime", "metric"], columns="generation", values="value", sort=False,
            dropna=False,
        )  # fmt: skip
        out = pd.DataFrame(
            {
                "regime": [self.labels[r] for r, _ in wide.index],
                "metric": [m for _, m in wide.index],
                "start": wide[0].to_numpy(),
                "end": wide[last].to_numpy(),
            }
        )
        return out.assign(change=out["end"] - out["start"])


def simulate(
    texts: Sequence[str],
    config: SimulationConfig | None = None,
    *,
    synthetic: Sequence[str] | None = None,
    embedder: Embedder | None = None,
    progress: Progress | None = None,
) -> Simulation:
    """Simulate recursive training on the real corpus under each regime of ``config``.

    Parameters
    ----------
    texts : sequence of str
        The real corpus (at least :data:`~mixscope.simulate.config.MIN_DOCS` documents).
    config : SimulationConfig, optional
        Generations, regimes, share, generator, sizes and seed; default ``SimulationConfig()``.
    synthetic : sequence of str, optional
        The synthetic documents of the current mix: the ``mix`` regime's first model trains on
        ``1 - share`` real documents and ``share`` of these, later ones on their predecessor's
        output. Other regimes never use them: they follow a generator trained on real data.
    embedder : Embedder, optional
        Embeds generation 0 and, for ``ngram``, the generated text (the clusters and the
        embedding metrics need one space); default the fast
        :class:`~mixscope.embed.LexicalEmbedder`, recorded in ``settings``.
    progress : callable (done, total), optional
        Called after generation 0 and after each generation of each regime.

    Returns
    -------
    Simulation

    Raises
    ------
    ValueError
        Too few texts, more ``n_docs`` than texts, or a bad ``synthetic``.

    Examples
    --------
    >>> docs = [f"doc {i} about topic {i % 3} and word w{i}" for i in range(40)]
    >>> sim = simulate(docs, SimulationConfig(generations=2, regimes=("replace",)))
    >>> sim.rows.groupby("generation").size().tolist()  # five metrics per generation
    [5, 5, 5]
    """
    cfg = SimulationConfig() if config is None else config
    real = check_texts(texts)
    n = cfg.docs_for(len(real))
    given = None if synthetic is None else check_texts(synthetic, name="synthetic")
    loop = _Loop(cfg, n, LexicalEmbedder() if embedder is None else embedder, progress)
    start = np.array(real, dtype=object)[
        np.random.default_rng([cfg.seed, 0]).permutation(len(real))[:n]
    ]
    with _one_thread():
        rows = loop.run(start, given)
    text = cfg.generator == "ngram"
    settings = {
        **cfg.as_dict(),
        "n_docs": n,
        "generator_description": GENERATORS[cfg.generator],
        "embedder": loop.embedder.model_id,
        "regime_labels": cfg.labels,
        "generation_0": f"a seeded sample of {n} of the {len(real)} real documents",
        "synthetic_docs": 0 if given is None else len(given),
        "rare_types": len(loop.reference.rare) if text else None,
        "n_clusters": loop.reference.clusters.n_clusters,
        "metrics": [m for m in METRICS if text or m not in TEXT_METRICS],
        "omitted": {} if text else dict.fromkeys(TEXT_METRICS, _NO_TEXT),
    }
    return Simulation(rows=rows, settings=settings, config=cfg)


class _Loop:
    """One simulation: the generator, generation 0's reference, and the progress count."""

    def __init__(
        self, config: SimulationConfig, n: int, embedder: Embedder, progress: Progress | None
    ) -> None:
        self.config, self.n, self.embedder, self.progress = config, n, embedder, progress
        self.text = config.generator == "ngram"
        self.total, self.done = 1 + config.generations * len(config.chosen), 0
        self._reference: Reference | None = None

    @property
    def reference(self) -> Reference:
        assert self._reference is not None, "run() builds the reference"
        return self._reference

    def run(self, start: np.ndarray, given: list[str] | None) -> pd.DataFrame:
        cfg = self.config
        vectors = self.embedder.encode(list(start))
        texts = list(start) if self.text else None
        self._reference = build_reference(
            vectors, texts, rare_max=cfg.rare_max, bigram_budget=cfg.bigram_budget, seed=cfg.seed
        )
        first = measure(self.reference, vectors, texts)
        self._step()
        origin = start if self.text else vectors
        extra = None
        if given is not None:
            extra = np.array(given, dtype=object) if self.text else self.embedder.encode(given)
        records: list[tuple[str, int, str, float]] = []
        from_real: dict[int, Generation] = {}
        for regime in cfg.chosen:
            records += [(regime, 0, name, value) for name, value in first.items()]
            history = [origin]
            fraction = cfg.fresh_fraction if regime != "mix" else 1.0 - (cfg.share or 0.0)
            for g in range(1, cfg.generations + 1):
                rng = np.random.default_rng([cfg.seed, g, 1])
                train = training_data(regime, history, rng=rng, real_fraction=fraction, given=extra)
                if train is not origin:
                    out, values = self._generate(train, g)
                else:  # every regime's first model trains on the real data: drawn once
                    if g not in from_real:
                        from_real[g] = self._generate(train, g)
                    out, values = from_real[g]
                history.append(out)
                records += [(regime, g, name, value) for name, value in values.items()]
                self._step()
        return pd.DataFrame.from_records(records, columns=list(ROW_COLUMNS))

    def _generate(self, train: np.ndarray, g: int) -> Generation:
        """Fit on ``train``, sample generation ``g`` and measure it."""
        rng = np.random.default_rng([self.config.seed, g, 2])
        if not self.text:
            model = fit_gaussian(train, n_components=self.config.n_components)
            out = sample_gaussian(model, self.n, rng=rng)
            return out, measure(self.reference, out, None)
        ngram = fit_ngram(list(train), smoothing=self.config.smoothing)
        docs = sample_ngram(ngram, self.n, rng=rng)
        return np.array(docs, dtype=object), measure(
            self.reference, self.embedder.encode(docs), docs
        )

    def _step(self) -> None:
        self.done += 1
        if self.progress is not None:
            self.progress(self.done, self.total)


@lru_cache(maxsize=1)
def _threads() -> ThreadpoolController:
    return ThreadpoolController()


def _one_thread() -> Any:
    # The linear algebra here (PCA, eigen-decompositions of d x d matrices, k-means) is small:
    # threads gain little, and on a loaded 2-core machine their synchronisation turns 30 ms
    # SVDs into seconds (measured; benchmarks/bench_metrics.py found the same for the metrics).
    return _threads().limit(limits=1)
