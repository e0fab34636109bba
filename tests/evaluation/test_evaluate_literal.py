"""Known answers of the Vendi orders, cluster entropy, MATTR and the total-variation shifts,
through evaluate() on a tiny index with literal embeddings, texts and labels."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd
import pytest

from mixscope.corpus import Corpus
from mixscope.evaluation import (
    MISSING,
    Evaluation,
    IndexSettings,
    MixIndex,
    build_index,
    document_labels,
)
from mixscope.evaluation import evaluate as _evaluate
from mixscope.metrics.diversity import vendi_score
from mixscope.metrics.lexical import mattr
from mixscope.metrics.shift import total_variation
from mixscope.mixing import Mix, MixConfig, mix

E = np.eye(4)
# Real: three documents on each of four orthogonal directions (four topic clusters), half
# "en", half "fr". Synthetic: four documents on direction 0, two on direction 1; its texts are
# 50 distinct words, then 50 times "x" over five documents.
REAL_X = np.repeat(E, 3, axis=0)
SYN_X = E[[0, 0, 0, 0, 1, 1]]
SYN_TEXTS = [" ".join(f"u{i}" for i in range(50))] + [" ".join(["x"] * 10)] * 5
SYN_LANG = ["en", "en", "en", "en", None, "fr"]
NAMES = ["vendi", "vendi_q0_5", "vendi_q2", "cluster_entropy", "mattr", "topic_tvd", "label_tvd"]


def evaluate(mix: Mix, index: MixIndex, **options: object) -> Evaluation:
    """``evaluate`` on every document however few: these literal corpora are tiny on purpose
    (the minimum sample, MIN_DOCUMENTS, has its own tests)."""
    return _evaluate(mix, index, min_documents=1, **options)  # type: ignore[arg-type]


def _corpus(name: str, role: str, texts: list[str], **meta: Sequence[object]) -> Corpus:
    frame = pd.DataFrame({"source_row": np.arange(len(texts)), "text": texts, **meta})
    return Corpus(name, role, frame, "text")  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def tiny() -> tuple[list[Corpus], MixIndex]:
    real = _corpus(
        "real", "real", [f"real document number {i} on topic {i // 3}" for i in range(12)],
        lang=["en", "fr"] * 6,
    )  # fmt: skip
    syn = _corpus("syn", "synthetic", SYN_TEXTS, lang=SYN_LANG)
    bare = _corpus("bare", "synthetic", [f"bare text {i}" for i in range(6)])
    corpora = [real, syn, bare]
    vectors = {"real": REAL_X, "syn": SYN_X, "bare": SYN_X}
    index = build_index(corpora, vectors, model_id="literal", settings=IndexSettings(n_clusters=4))
    return corpora, index


def _only(corpora: list[Corpus], name: str) -> Mix:
    """The whole synthetic corpus ``name`` as a 100 % synthetic mix."""
    chosen = [corpora[0], next(c for c in corpora if c.name == name)]
    return mix(chosen, MixConfig(synthetic_share=1.0, size=6))


def _values(m: Mix, index: MixIndex, **kw: object) -> pd.Series:
    ev = evaluate(m, index, metrics=NAMES, n_boot=0, **kw)  # type: ignore[arg-type]
    return ev.table.set_index("metric")["value"]


def test_known_answers(tiny: tuple[list[Corpus], MixIndex]) -> None:
    corpora, index = tiny
    values = _values(_only(corpora, "syn"), index, label_column="lang")
    # Kernel eigenvalues 2/3 and 1/3: Hill numbers of orders 0.5, 1 and 2.
    h = -(2 / 3) * math.log(2 / 3) - (1 / 3) * math.log(1 / 3)
    assert values["vendi_q0_5"] == pytest.approx((math.sqrt(2 / 3) + math.sqrt(1 / 3)) ** 2)
    assert values["vendi"] == pytest.approx(math.exp(h))
    assert values["vendi_q2"] == pytest.approx(1 / ((2 / 3) ** 2 + (1 / 3) ** 2))  # 1.8
    assert values["vendi_q2"] < values["vendi"] < values["vendi_q0_5"]
    # The same cluster shares (2/3, 1/3, 0, 0): entropy over ln 4.
    assert values["cluster_entropy"] == pytest.approx(h / math.log(4))
    # 100 tokens, 51 windows of 50: window j holds 50 - j distinct u's plus "x" when j > 0.
    assert values["mattr"] == pytest.approx((50 + sum(51 - j for j in range(1, 51))) / 51 / 50)
    assert values["mattr"] == pytest.approx(mattr(SYN_TEXTS, window=50))
    # Topics (2/3, 1/3, 0, 0) against (1/4,) * 4; labels en 2/3, fr 1/6, missing 1/6 vs 1/2, 1/2.
    assert values["topic_tvd"] == pytest.approx(0.5)
    assert values["label_tvd"] == pytest.approx(1 / 3)


def test_vendi_orders_match_the_metric_module(tiny: tuple[list[Corpus], MixIndex]) -> None:
    corpora, index = tiny
    values = _values(_only(corpora, "syn"), index)
    for name, q in (("vendi_q0_5", 0.5), ("vendi", 1.0), ("vendi_q2", 2.0)):
        assert values[name] == pytest.approx(vendi_score(SYN_X, q=q)), name


def test_vendi_orders_share_the_samples_of_vendi(tiny: tuple[list[Corpus], MixIndex]) -> None:
    corpora, index = tiny
    m = mix(corpora[:2], MixConfig(synthetic_share=0.5, size=12, seed=1))
    ev = evaluate(m, index, metrics=["vendi", "vendi_q2"], sample_size=5, n_boot=0)
    ids = np.sort(np.random.default_rng([0, 0, 0]).choice(index.global_ids(m), 5, replace=False))
    values = ev.table.set_index("metric")["value"]  # vendi's stream draws vendi_q2's sample
    assert values["vendi"] == pytest.approx(vendi_score(index.unit[ids], q=1.0))
    assert values["vendi_q2"] == pytest.approx(vendi_score(index.unit[ids], q=2.0))
    assert ev.settings("vendi_q2")["sample_size"] == 5


def test_label_tvd_matches_total_variation_with_missing_as_a_category(
    tiny: tuple[list[Corpus], MixIndex],
) -> None:
    corpora, index = tiny
    m = mix(corpora[:2], MixConfig(synthetic_share=0.5, size=12, seed=2))
    ev = evaluate(m, index, metrics=["label_tvd"], n_boot=50, label_column="lang")
    lang = m.documents()["lang"].fillna(MISSING)
    real = corpora[0].documents["lang"].fillna(MISSING)
    categories = sorted(set(lang) | set(real))
    expected = total_variation(
        lang.value_counts().reindex(categories, fill_value=0).to_numpy(),
        real.value_counts().reindex(categories, fill_value=0).to_numpy(),
    )
    row = ev.table.set_index("metric").loc["label_tvd"]
    assert row["value"] == pytest.approx(expected)
    assert row["ci_low"] <= row["value"] <= row["ci_high"]
    settings = ev.settings("label_tvd")
    assert settings["label_column"] == "lang" and settings["n_categories"] == 3
    assert "note" not in settings and ev.config["label_column"] == "lang"


def test_a_synthetic_corpus_without_the_column_counts_as_missing(
    tiny: tuple[list[Corpus], MixIndex],
) -> None:
    corpora, index = tiny
    ev = evaluate(_only(corpora, "bare"), index, metrics=["label_tvd"], label_column="lang")
    assert ev.table["value"].iloc[0] == pytest.approx(1.0)  # all "(missing)" vs en / fr
    assert "['bare']" in ev.settings("label_tvd")["note"]


def test_label_tvd_without_a_column_is_not_applicable(tiny: tuple[list[Corpus], MixIndex]) -> None:
    corpora, index = tiny
    ev = evaluate(_only(corpora, "syn"), index, metrics=["label_tvd"])
    assert ev.table["status"].iloc[0] == "n/a"
    assert ev.settings("label_tvd")["not_applicable"] == "no label column chosen"
    with pytest.raises(ValueError, match="label column 'nope' is not a metadata column"):
        evaluate(_only(corpora, "syn"), index, metrics=["label_tvd"], label_column="nope")


def test_labels_are_compared_as_text(tiny: tuple[list[Corpus], MixIndex]) -> None:
    corpora, index = tiny
    real = _corpus("real", "real", corpora[0].texts, lang=[2020.0, np.nan] * 6)
    syn = _corpus("syn", "synthetic", SYN_TEXTS, lang=[2020, 2021, 2020, 2020, 2020, 2020])
    labels = document_labels(
        mix([real, syn], MixConfig(synthetic_share=0.5, size=4)), index, "lang"
    )
    assert labels.categories == (MISSING, "2020", "2021")
    assert labels.codes[:12].tolist() == [1, 0] * 6 and labels.lacking == ()


def test_distinct_2_counts_a_fixed_budget_of_bigrams() -> None:
    # 40-word documents repeating "w0 v0 w1 v1 ... w4 v4": 39 bigrams each, of 10 kinds
    # (w_i v_i, v_i w_i+1 and v4 w0 where the pattern repeats). A budget of 30 bigrams reads the
    # first 30 of the sample's stream, so the ratio is 10 / 30 whatever the number of documents.
    pairs = [f"w{i} v{i}" for i in range(5)]
    real = _corpus("real", "real", pairs * 40)
    long = _corpus("long", "synthetic", [" ".join(pairs * 4)] * 10)
    vectors = {"real": np.tile(E, (50, 1)), "long": E[[0, 1] * 5]}
    settings = IndexSettings(n_clusters=2, distinct_budget=30)
    index = build_index([real, long], vectors, model_id="literal", settings=settings)
    table = evaluate(
        mix([real, long], MixConfig(synthetic_share=1.0, size=10)), index,
        metrics=["distinct_2"], n_boot=0,
    ).table.set_index("metric")  # fmt: skip
    assert table.loc["distinct_2", "value"] == pytest.approx(10 / 30)
    assert '"distinct_budget": 30' in table.loc["distinct_2", "settings"]
