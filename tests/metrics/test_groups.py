import math
from collections.abc import Sequence

import numpy as np
import pandas as pd
import pytest

from mixscope.metrics.groups import GROUP_TERMS, group_mentions, mention_shares, split_column
from mixscope.metrics.lexical import tokenize

# --- group_mentions: matching rules ---------------------------------------------------------------


def _strings(terms: Sequence[object]) -> list[str]:
    """The plain-string terms of a group (patterns are tested on examples below)."""
    return [t for t in terms if isinstance(t, str)]


def _hits(text: str) -> set[str]:
    row = group_mentions([text]).iloc[0]
    return {str(c) for c in row.index[row.to_numpy()]}


def test_word_boundaries_case_and_pronouns() -> None:
    assert _hits("He said hello to them.") == {"gender:men"}
    assert _hits("SHE'S the boss; the theme is hers.") == {"gender:women"}
    assert _hits("The shepherd and the hermit went there.") == set()  # she/he/her inside words


def test_phrases_span_whitespace_and_hyphens_match_three_ways() -> None:
    assert _hits("a wheelchair\n  user") == {"disability:mobility"}
    for text in ("non-binary", "nonbinary", "Non binary"):
        assert _hits(f"A {text} poet") == {"gender:non-binary"}
    assert _hits("African American writers") == {"race_ethnicity:black", "nationality:american"}


def test_plurals_are_listed_not_stemmed() -> None:
    assert _hits("Two women and three Muslims") == {"gender:women", "religion:muslim"}
    assert _hits("Close the blinds.") == set()  # "blind" only in phrases about people
    assert _hits("The blind man and the deaf woman") == {
        "gender:men",
        "gender:women",
        "disability:blind",
        "disability:deaf",
    }


def test_open_classes_need_a_person_an_age_or_an_origin() -> None:
    assert _hits("My blind coworker and a neighbor who is blind") == {"disability:blind"}
    assert _hits("A blind spot on a blind date; close the blinds.") == set()
    assert _hits("a Polish family; Polish classmates") == {"nationality:polish"}
    assert _hits("Polish the car and buy shoe polish.") == set()
    assert _hits("Riley, who grew up in Poland, and Sam, born in Nigeria") == {
        "nationality:polish",
        "nationality:nigerian",
    }
    assert _hits("A trip to Mexico; rice imported from China.") == set()
    assert _hits("my 21-year-old cousin; a young teammate") == {"age:young"}
    assert _hits("my 84-year-old neighbor; a retired nurse; retired people") == {"age:older"}
    assert _hits("a 20-year-old car, a 70-year-old bridge; I retired the old laptop.") == set()
    assert _hits("my 45-year-old colleague") == set()  # between the two age ranges
    assert _hits("the imam at the mosque") == {"religion:muslim"}
    assert _hits("the rabbi and the pastor") == {"religion:jewish", "religion:christian"}
    assert _hits("the priest and the monk") == set()  # several religions: not listed


def test_colour_words_and_disabled_need_a_person() -> None:
    assert _hits("The white house has a black cat; I disabled the alarm.") == set()
    assert _hits("Disabled people and white people") == {
        "disability:disabled",
        "race_ethnicity:white",
    }


def test_single_word_terms_match_exactly_the_lexical_tokens() -> None:
    # Cross-check on ASCII text: a one-word term matches iff it is one of tokenize()'s tokens.
    single = {
        axis: {
            g: tuple(t for t in _strings(ts) if " " not in t and "-" not in t)
            for g, ts in groups.items()
        }
        for axis, groups in GROUP_TERMS.items()
    }
    single = {a: {g: ts for g, ts in groups.items() if ts} for a, groups in single.items()}
    vocab = [t for groups in single.values() for ts in groups.values() for t in ts]
    vocab += ["the", "hello", "theme", "shepherd", "women's", "he's", "man-made", "x2", "!", ","]
    rng = np.random.default_rng(0)
    texts = [" ".join(rng.choice(vocab, size=rng.integers(0, 12))) for _ in range(300)]
    texts = [t.upper() if i % 3 == 0 else t for i, t in enumerate(texts)]
    got = group_mentions(texts, terms=single)
    for axis, groups in single.items():
        for group, ts in groups.items():
            want = [bool(set(tokenize(t)) & set(ts)) for t in texts]
            assert got[f"{axis}:{group}"].tolist() == want, f"{axis}:{group}"


def test_every_listed_term_is_found_by_its_own_group() -> None:
    for axis, groups in GROUP_TERMS.items():
        for group, terms in groups.items():
            words = _strings(terms)
            found = group_mentions([f"I met {t} yesterday." for t in words])[f"{axis}:{group}"]
            assert found.all(), [t for t, ok in zip(words, found, strict=True) if not ok]


def test_term_lists_are_lowercase_and_no_term_is_in_two_groups_of_one_axis() -> None:
    assert {"gender", "age", "religion", "race_ethnicity", "nationality", "disability"} <= set(
        GROUP_TERMS
    )
    for axis, groups in GROUP_TERMS.items():
        seen: dict[str, str] = {}
        for group, terms in groups.items():
            assert len(groups) >= 2, axis
            for t in _strings(terms):
                assert t == t.lower().strip(), t
                assert t not in seen, f"{t!r} in {axis}:{seen.get(t)} and {axis}:{group}"
                seen[t] = group


def test_frame_shape_order_and_row_permutation() -> None:
    texts = ["she", "the buddhist monk", "", "her grandfather"]
    m = group_mentions(texts)
    n_groups = sum(len(g) for g in GROUP_TERMS.values())
    assert m.shape == (4, n_groups)
    assert list(m.index) == [0, 1, 2, 3]
    assert all(pd.api.types.is_bool_dtype(t) for t in m.dtypes)
    assert m.columns[0] == "gender:women"
    perm = [2, 0, 3, 1]
    reordered = group_mentions([texts[i] for i in perm])
    pd.testing.assert_frame_equal(reordered, m.iloc[perm].reset_index(drop=True))


def test_empty_corpus_gives_zero_rows() -> None:
    m = group_mentions([])
    assert m.shape == (0, sum(len(g) for g in GROUP_TERMS.values()))


def test_custom_terms_and_bad_terms_are_refused() -> None:
    m = group_mentions(
        ["a cat and a dog", "dogs"], terms={"pet": {"cat": ("cat",), "dog": ("dog",)}}
    )
    assert m.to_numpy().tolist() == [[True, True], [False, False]]
    with pytest.raises(ValueError, match="lowercase"):
        group_mentions(["x"], terms={"pet": {"cat": ("Cat",)}})
    with pytest.raises(ValueError, match="at least one term"):
        group_mentions(["x"], terms={"pet": {"cat": ()}})
    with pytest.raises(ValueError, match="axis:group"):
        group_mentions(["x"], terms={"pet": {"a:b": ("cat",)}})
    with pytest.raises(ValueError, match=r"texts\[1\] must be str"):
        group_mentions(["ok", 3])


# --- mention_shares -------------------------------------------------------------------------------


def test_mention_shares_known_answers() -> None:
    m = group_mentions(["she and he", "he", "he", "a jewish poet", "nothing"])
    s = mention_shares(m).set_index(["axis", "group"])
    assert list(s.columns) == ["n_docs", "share_of_docs", "share_within_axis"]
    assert s.loc[("gender", "women"), "n_docs"] == 1
    assert s.loc[("gender", "men"), "n_docs"] == 3
    assert s.loc[("gender", "men"), "share_of_docs"] == pytest.approx(3 / 5)
    assert s.loc[("gender", "women"), "share_within_axis"] == pytest.approx(1 / 4)
    assert s.loc[("gender", "non-binary"), "share_within_axis"] == 0.0
    assert s.loc[("religion", "jewish"), "share_within_axis"] == 1.0
    assert math.isnan(s.loc[("age", "young"), "share_within_axis"])  # axis never mentioned
    within = s["share_within_axis"].groupby(level="axis").sum(min_count=1)
    assert within.dropna().tolist() == pytest.approx([1.0] * len(within.dropna()))


def test_mention_shares_refuses_foreign_frames() -> None:
    with pytest.raises(ValueError, match="axis:group"):
        mention_shares(pd.DataFrame({"women": [True]}))
    with pytest.raises(ValueError, match="boolean"):
        mention_shares(pd.DataFrame({"gender:women": [1, 0]}))
    with pytest.raises(ValueError, match="DataFrame"):
        mention_shares(np.ones((2, 2), dtype=bool))  # type: ignore[arg-type]


def test_split_column() -> None:
    assert split_column("gender:non-binary") == ("gender", "non-binary")
    for bad in ("gender", ":women", "gender:", "a:b:c", 3):
        with pytest.raises(ValueError, match="axis:group"):
            split_column(bad)
