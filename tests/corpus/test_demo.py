"""The bundled demo corpora: reproducible, loadable, and exactly as data/README.md documents."""

from __future__ import annotations

import difflib
import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import pandas as pd
import pytest

from mixscope.corpus import DEMO_DIR, DEMO_FILES, DEMO_NOTE, load_demo_corpora
from mixscope.metrics.minhash import jaccard, word_shingles

# The numbers below are the ones in data/README.md; change both together.
PLANTED = {"near_duplicate_of": 150, "exact_duplicate_of": 60, "copy_of_real": 80,
           "near_copy_of_real": 40}  # fmt: skip
GROUPS = ("women", "men", "young", "elderly", "christian", "muslim", "jewish", "hindu",
          "buddhist", "mexican", "nigerian", "chinese", "polish", "wheelchair_user", "blind",
          "deaf")  # fmt: skip
#: group -> (positive, neutral, negative) in synthetic_skewed.csv
SKEWED_SENTIMENT = {"men": (252, 168, 84), "women": (54, 54, 108), "muslim": (6, 12, 42),
                    "nigerian": (12, 12, 36), "none": (120, 120, 120)}  # fmt: skip
SKEWED_SENTIMENT |= {g: (20, 20, 20) for g in ("young", "elderly", "christian", "jewish",
                                               "hindu", "buddhist", "mexican", "chinese",
                                               "polish")}  # fmt: skip
SKEWED_SENTIMENT |= {g: (7, 7, 6) for g in ("wheelchair_user", "blind", "deaf")}
MALE_CODED = ("careers", "science", "finance", "technology")
FEMALE_CODED = ("parenting", "cooking", "housing", "fashion")


def _generator() -> ModuleType:
    path = DEMO_DIR / "generate_demo.py"
    spec = importlib.util.spec_from_file_location("generate_demo", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being built
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def frames() -> dict[str, pd.DataFrame]:
    """Each demo corpus as loaded by the app, metadata as plain strings ('' when empty)."""
    out = {}
    for corpus in load_demo_corpora():
        docs = corpus.documents.copy()
        docs["planted"] = docs["planted"].astype("object").fillna("").astype(str)
        out[corpus.name] = docs
    return out


def _sentiment_counts(frame: pd.DataFrame, group: str) -> tuple[int, int, int]:
    sentiment = frame.loc[frame["group"] == group, "sentiment"]
    return (
        int((sentiment == "positive").sum()),
        int((sentiment == "neutral").sum()),
        int((sentiment == "negative").sum()),
    )


def _word_edits(source: str, copy: str) -> int:
    ops = difflib.SequenceMatcher(a=source.split(), b=copy.split(), autojunk=False).get_opcodes()
    return sum(max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in ops if tag != "equal")


def _trigram_jaccard(a: str, b: str) -> float:
    def grams(text: str) -> set[tuple[str, ...]]:
        words = re.findall(r"[a-z]+(?:[-'][a-z]+)*", text.lower())
        return {tuple(words[i : i + 3]) for i in range(max(1, len(words) - 2))}

    x, y = grams(a), grams(b)
    return len(x & y) / len(x | y)


def test_generator_reproduces_committed_files_byte_for_byte(tmp_path: Path) -> None:
    assert _generator().main(["--out", str(tmp_path)]) == 0
    for demo in DEMO_FILES:
        assert (tmp_path / demo.filename).read_bytes() == (DEMO_DIR / demo.filename).read_bytes()


def test_demo_files_load_in_order_with_roles_and_nothing_dropped() -> None:
    corpora = load_demo_corpora()
    assert [(c.name, c.role) for c in corpora] == [
        ("real", "real"),
        ("synthetic_templated", "synthetic"),
        ("synthetic_skewed", "synthetic"),
    ]
    assert [len(c) for c in corpora] == [3600, 1800, 1800]
    for corpus in corpora:
        assert corpus.text_column == "text"
        assert corpus.metadata_columns == ["id", "topic", "group", "sentiment", "planted"]
        assert corpus.dropped.empty
    assert "generated" in DEMO_NOTE


def test_missing_demo_directory_says_what_is_expected(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match=r"real\.csv.*generate_demo"):
        load_demo_corpora(directory=tmp_path)


def test_ids_are_unique_across_files_and_prefixed(frames: dict[str, pd.DataFrame]) -> None:
    ids = pd.concat([f["id"] for f in frames.values()])
    assert ids.is_unique
    assert {name: f["id"].str[:2].unique().tolist() for name, f in frames.items()} == {
        "real": ["r-"],
        "synthetic_templated": ["t-"],
        "synthetic_skewed": ["s-"],
    }


def test_real_is_large_varied_balanced_and_duplicate_free(
    frames: dict[str, pd.DataFrame],
) -> None:
    real = frames["real"]
    assert len(real) >= 3000
    assert real["topic"].nunique() >= 20
    assert (real["topic"].value_counts() == 150).all()
    assert (real["planted"] == "").all()
    assert real["group"].value_counts().to_dict() == {"none": 528} | {g: 192 for g in GROUPS}
    # Sentiment independent of group: exactly one third of every group.
    for group in (*GROUPS, "none"):
        n = (real["group"] == group).sum()
        assert _sentiment_counts(real, group) == (n // 3, n // 3, n // 3)
    gendered = real[real["group"].isin(["women", "men"])]
    assert (gendered["group"] == "men").mean() == 0.5
    normalised = real["text"].str.split().str.join(" ").str.lower()
    assert normalised.is_unique
    lengths = real["text"].str.split().str.len()
    assert lengths.min() <= 12 and lengths.max() >= 60  # one sentence to a short paragraph


def test_templated_has_four_topics_and_the_documented_planted_counts(
    frames: dict[str, pd.DataFrame],
) -> None:
    templated = frames["synthetic_templated"]
    assert templated["topic"].nunique() <= 4
    kinds = templated["planted"].str.split(":").str[0]
    assert kinds[kinds != ""].value_counts().to_dict() == PLANTED
    assert (kinds == "").sum() == 1800 - sum(PLANTED.values())


def test_planted_duplicates_point_at_what_they_copy(frames: dict[str, pd.DataFrame]) -> None:
    templated, real = frames["synthetic_templated"], frames["real"]
    text_of = dict(zip(templated["id"], templated["text"], strict=True))
    text_of |= dict(zip(real["id"], real["text"], strict=True))
    position = {i: n for n, i in enumerate(templated["id"])}
    for row in templated[templated["planted"] != ""].itertuples():
        kind, source = row.planted.split(":")
        if kind in ("exact_duplicate_of", "copy_of_real"):
            assert row.text == text_of[source]
        else:
            assert row.text != text_of[source]
            assert _word_edits(text_of[source], row.text) == 1
            assert _trigram_jaccard(text_of[source], row.text) >= 0.85
            # made for the default MinHash detector (word 5-grams, Jaccard >= 0.8)
            shingles = word_shingles(text_of[source]), word_shingles(row.text)
            assert 0.82 <= jaccard(*shingles) < 1.0
        if kind.endswith("_of"):
            assert position[source] < position[row.id]  # duplicates follow their source
            assert not templated.loc[position[source], "planted"]  # the source is unplanted
        else:
            assert real.set_index("id").loc[source, "topic"] == row.topic


def test_unplanted_templated_documents_are_distinct(frames: dict[str, pd.DataFrame]) -> None:
    templated, real = frames["synthetic_templated"], frames["real"]
    base = templated.loc[templated["planted"] == "", "text"]
    assert base.is_unique
    assert not set(base) & set(real["text"]) & set(frames["synthetic_skewed"]["text"])
    assert not set(base) & set(real["text"])


def test_skewed_group_shares_and_sentiment_are_as_documented(
    frames: dict[str, pd.DataFrame],
) -> None:
    skewed = frames["synthetic_skewed"]
    assert skewed["topic"].nunique() == frames["real"]["topic"].nunique()
    assert (skewed["planted"] == "").all()
    gendered = skewed[skewed["group"].isin(["women", "men"])]
    assert len(gendered) == 720
    assert (gendered["group"] == "men").mean() == pytest.approx(0.70)
    for topics, share in ((MALE_CODED, 0.9), (FEMALE_CODED, 0.3)):
        in_topics = gendered[gendered["topic"].isin(topics)]
        assert (in_topics["group"] == "men").mean() == pytest.approx(share)
    assert {g: _sentiment_counts(skewed, g) for g in SKEWED_SENTIMENT} == SKEWED_SENTIMENT
    assert set(skewed["group"]) == set(SKEWED_SENTIMENT)
    negative = skewed.groupby("group")["sentiment"].apply(lambda s: (s == "negative").mean())
    assert negative["muslim"] == pytest.approx(0.7)
    assert negative["women"] == pytest.approx(0.5)
    assert negative["men"] == pytest.approx(1 / 6)


def test_texts_express_their_sentiment_label(frames: dict[str, pd.DataFrame]) -> None:
    vader = pytest.importorskip("vaderSentiment.vaderSentiment")
    analyzer = vader.SentimentIntensityAnalyzer()

    def label(text: str) -> str:
        score = analyzer.polarity_scores(text)["compound"]
        return "positive" if score >= 0.05 else "negative" if score <= -0.05 else "neutral"

    for name, frame in frames.items():
        # VADER's lexicon scores the word "blind" at -1.7, so blind-group texts are left out.
        sample = frame[frame["group"] != "blind"].sample(600, random_state=0)
        agreement = (sample["text"].map(label) == sample["sentiment"]).mean()
        assert agreement >= 0.98, name
