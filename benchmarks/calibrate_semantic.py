"""Calibrate ``SEMANTIC_THRESHOLD`` on the demo corpora with the default embedding model.

    python -m benchmarks.calibrate_semantic [--cache DIR] [--out benchmarks/calibration.md]

The three demo corpora (``data/``, see data/README.md) are embedded with all-MiniLM-L6-v2
(``get_embedder()``, cached in ``--cache``, default $MIXSCOPE_CACHE_DIR or ~/.cache/mixscope).
Two cosine distributions are compared:

- **planted**: each planted near duplicate (templated) and near copy of a real document with
  its source (one word edit each, word 5-gram Jaccard >= 0.82);
- **chance**: each document's nearest neighbour that is neither itself nor a planted copy or
  source of it, among natural text (real and skewed, the corpora written to read like people).

The chosen threshold is the middle of the gap between the largest chance cosine and the smallest
planted cosine, rounded down to two decimals. Unplanted templated documents are reported too but
not used: their templates make them semantic near-duplicates of each other by design (the low
diversity the demo plants), so they are what the detector should flag, not chance.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from mixscope.corpus import Corpus, load_demo_corpora
from mixscope.embed import EmbeddingCache, embed_corpus, get_embedder
from mixscope.metrics.neighbors import semantic_duplicate_pairs

OUT = Path(__file__).resolve().parent / "calibration.md"
QUANTILES = (0.0, 0.01, 0.5, 0.99, 1.0)
_BLOCK = 2048  # query rows per similarity block (2048 x 7200 float32 = 59 MB)


def embed_demo(cache: EmbeddingCache | None) -> tuple[list[Corpus], np.ndarray, str]:
    """Demo corpora, their stacked unit embeddings (real, templated, skewed) and the model id."""
    corpora = load_demo_corpora()
    embedder = get_embedder()
    unit = np.concatenate([embed_corpus(c, embedder, cache=cache) for c in corpora])
    unit /= np.linalg.norm(unit, axis=1, keepdims=True)
    return corpora, unit.astype(np.float32), embedder.model_id


def document_frame(corpora: Sequence[Corpus]) -> pd.DataFrame:
    """One row per stacked document: ``corpus``, ``id``, ``text``, ``kind``, ``source`` (row)."""
    frame = pd.concat(
        [c.documents[["id", "planted"]].assign(corpus=c.name, text=c.texts) for c in corpora],
        ignore_index=True,
    )
    planted = frame["planted"].astype("object").fillna("").astype(str)
    frame["kind"] = planted.str.split(":").str[0]
    row_of = pd.Series(np.arange(len(frame)), index=frame["id"])
    source_id = planted.str.split(":").str[1]
    frame["source"] = source_id.map(row_of).fillna(-1).astype(np.int64)
    return frame.drop(columns="planted")


def partners(frame: pd.DataFrame) -> list[set[int]]:
    """Rows each document must not count as a chance neighbour: itself, equal texts, its
    planted copies and its planted source."""
    out = [{i} for i in range(len(frame))]
    for rows in frame.groupby("text").indices.values():
        for i in rows:
            out[i] |= {int(r) for r in rows}
    for i, src in enumerate(frame["source"]):
        if src >= 0:
            out[i].add(int(src))
            out[int(src)].add(i)
    return out


def nearest_other(
    unit: np.ndarray, query: np.ndarray, reference: np.ndarray, skip: list[set[int]]
) -> np.ndarray:
    """Cosine of each ``query`` row to its nearest ``reference`` row not in ``skip[row]``."""
    out = np.empty(len(query))
    col = {int(r): c for c, r in enumerate(reference)}
    for lo in range(0, len(query), _BLOCK):
        rows = query[lo : lo + _BLOCK]
        sims = unit[rows] @ unit[reference].T
        for k, r in enumerate(rows):
            hidden = [col[p] for p in skip[int(r)] if p in col]
            sims[k, hidden] = -np.inf
        out[lo : lo + len(rows)] = sims.max(axis=1)
    return out


def distributions(unit: np.ndarray, frame: pd.DataFrame) -> dict[str, np.ndarray]:
    """The cosine samples compared, by label (planted first, then chance, then templated)."""
    skip = partners(frame)
    rows = {name: np.flatnonzero(frame["corpus"] == name) for name in frame["corpus"].unique()}
    unplanted = frame["kind"].to_numpy() == ""
    natural = np.concatenate([rows["real"], rows["synthetic_skewed"]])
    templated = rows["synthetic_templated"][unplanted[rows["synthetic_templated"]]]
    out = {}
    for kind in ("near_duplicate_of", "near_copy_of_real"):
        i = np.flatnonzero(frame["kind"] == kind)
        out[f"planted {kind}"] = np.einsum("ij,ij->i", unit[i], unit[frame["source"][i]])
    out["chance: real, nearest other real"] = nearest_other(unit, rows["real"], rows["real"], skip)
    out["chance: skewed, nearest real or skewed"] = nearest_other(
        unit, rows["synthetic_skewed"], natural, skip
    )
    out["templated unplanted, nearest real"] = nearest_other(unit, templated, rows["real"], skip)
    out["templated unplanted, nearest templated"] = nearest_other(unit, templated, templated, skip)
    return out


def choose_threshold(samples: dict[str, np.ndarray]) -> tuple[float, float, float]:
    """(threshold, largest chance cosine, smallest planted cosine)."""
    chance = max(float(v.max()) for k, v in samples.items() if k.startswith("chance"))
    planted = min(float(v.min()) for k, v in samples.items() if k.startswith("planted"))
    if planted <= chance:
        raise SystemExit(f"no gap: chance cosine reaches {chance:.4f}, planted {planted:.4f}")
    return float(np.floor(50.0 * (chance + planted)) / 100.0), chance, planted


def summary(samples: dict[str, np.ndarray], threshold: float) -> pd.DataFrame:
    """Quantiles of each sample and the share at or above ``threshold``."""
    table = pd.DataFrame(
        {
            label: [len(v), *np.quantile(v, QUANTILES), float((v >= threshold).mean())]
            for label, v in samples.items()
        },
        index=["n", "min", "p01", "median", "p99", "max", "share >= threshold"],
    ).T
    table["n"] = table["n"].astype(int)
    return table


def flagged(unit: np.ndarray, frame: pd.DataFrame, threshold: float) -> pd.DataFrame:
    """Share of each corpus's documents in a semantic duplicate pair within that corpus."""
    out = {}
    for name, rows in frame.groupby("corpus", sort=False).indices.items():
        pairs = semantic_duplicate_pairs(unit[rows], threshold=threshold)
        hit = np.zeros(len(rows), dtype=bool)
        hit[pairs["i"].to_numpy()] = hit[pairs["j"].to_numpy()] = True
        out[name] = {"documents": len(rows), "pairs": len(pairs), "share flagged": hit.mean()}
    return pd.DataFrame(out).T


def markdown_table(frame: pd.DataFrame) -> str:
    """A GitHub markdown table of a frame (index first); floats with four decimals."""

    def cell(x: object) -> str:
        if isinstance(x, float):
            return str(int(x)) if x.is_integer() else f"{x:.4f}"
        return str(x)

    header = ["", *map(str, frame.columns)]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for label, row in frame.iterrows():
        lines.append("| " + " | ".join([str(label), *map(cell, row.tolist())]) + " |")
    return "\n".join(lines)


def report(model_id: str, table: pd.DataFrame, per_corpus: pd.DataFrame,
           chosen: tuple[float, float, float]) -> str:  # fmt: skip
    """The markdown written to calibration.md."""
    threshold, chance, planted = chosen
    return "\n".join(
        [
            "# Semantic near-duplicate threshold: calibration on the demo corpora",
            "",
            "Written by `python -m benchmarks.calibrate_semantic` (see its docstring for the",
            f"method). Model: `{model_id}`. Cosine similarity of L2-normalised embeddings.",
            "",
            markdown_table(table),
            "",
            f"Largest chance cosine (natural text): **{chance:.4f}**; smallest planted cosine: "
            f"**{planted:.4f}**.",
            f"Chosen threshold (middle of the gap, rounded down): **{threshold:.2f}**.",
            "",
            "Caveat: the planted pairs differ by one word, so this separates restated documents",
            "from chance neighbours of this generated text; looser paraphrases fall below it.",
            "",
            "Documents in at least one semantic duplicate pair within their own corpus at the",
            "chosen threshold (templated text is flagged by design: its low diversity):",
            "",
            markdown_table(per_corpus),
            "",
        ]
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=None, help="embedding cache directory")
    parser.add_argument("--out", type=Path, default=OUT, help="markdown report to write")
    args = parser.parse_args(argv)
    corpora, unit, model_id = embed_demo(EmbeddingCache(args.cache))
    frame = document_frame(corpora)
    samples = distributions(unit, frame)
    chosen = choose_threshold(samples)
    table, per_corpus = summary(samples, chosen[0]), flagged(unit, frame, chosen[0])
    text = report(model_id, table, per_corpus, chosen)
    args.out.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
