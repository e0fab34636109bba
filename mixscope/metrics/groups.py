"""Mentions of demographic groups in texts, from term lists written for MixScope.

``GROUP_TERMS`` maps an *axis* (gender, age, religion, ...) to its *groups* and each group to the
lowercase words and phrases that count as a mention of it. The lists were written for this project,
inspired by the descriptor lists of HolisticBias (Smith et al., 2022) and by the definitional
gender word pairs of Bolukbasi et al. (2016); they are not copied from either. They aim at clear
mentions of people, not at completeness.

Matching rules
--------------
- Case-insensitive, whole words only (regex ``\\b`` word boundaries): ``"he"`` matches "He said"
  and "he's" but not "the" or "hello". For texts in ASCII a single-word term matches exactly
  when it is one of :func:`mixscope.metrics.lexical.tokenize`'s tokens.
- Plurals and irregular forms are listed explicitly (``"woman"``, ``"women"``); nothing is stemmed.
- In a term, a space matches any run of whitespace and a hyphen matches a hyphen, a space or
  nothing, so ``"non-binary"`` also finds "nonbinary" and "non binary".
- A document mentions a group if any of its terms occurs at least once; a document can mention
  several groups, of one axis or of several.

Limits
------
- English only.
- Gender pronouns count as mentions ("she", "him", ...); singular "they" is not counted, because it
  cannot be told apart from plural "they" by matching words.
- A word is not always a person: "Chinese food", "the Isle of Man". Colour words are listed only
  in phrases ("white people", never "white" as in "white house"), and so is "disabled" ("disabled
  people", never "disabled the alarm"). Share and ratio metrics built on these mentions are
  screening signals, to be read next to the documents, not verdicts.
- Some dispreferred or dated terms (e.g. "handicapped") are listed because texts use them: they
  are mentions of the group, whatever one thinks of the word.

References
----------
Smith, E. M., Hall, M., Kambadur, M., Presani, E. & Williams, A. (2022). "I'm sorry to hear that":
Finding New Biases in Language Models with a Holistic Descriptor Dataset. EMNLP.
Bolukbasi, T., Chang, K.-W., Zou, J., Saligrama, V. & Kalai, A. (2016). Man is to Computer
Programmer as Woman is to Homemaker? Debiasing Word Embeddings. NeurIPS.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from mixscope.metrics.checks import check_texts

__all__ = ["GROUP_TERMS", "group_mentions", "mention_shares", "split_column"]

Terms = Mapping[str, Mapping[str, Sequence[str]]]

GROUP_TERMS: dict[str, dict[str, tuple[str, ...]]] = {
    "gender": {
        "women": (
            "woman", "women", "girl", "girls", "lady", "ladies", "female", "females",
            "she", "her", "hers", "herself", "mother", "mothers", "mom", "moms", "mum", "mums",
            "daughter", "daughters", "sister", "sisters", "wife", "wives", "aunt", "aunts",
            "niece", "nieces", "grandmother", "grandmothers", "girlfriend", "girlfriends",
            "bride", "brides", "businesswoman", "businesswomen", "actress", "actresses",
        ),
        "men": (
            "man", "men", "boy", "boys", "gentleman", "gentlemen", "male", "males",
            "he", "him", "his", "himself", "father", "fathers", "dad", "dads",
            "son", "sons", "brother", "brothers", "husband", "husbands", "uncle", "uncles",
            "nephew", "nephews", "grandfather", "grandfathers", "boyfriend", "boyfriends",
            "groom", "grooms", "businessman", "businessmen",
        ),
        "non-binary": (
            "non-binary", "enby", "genderqueer", "genderfluid", "agender",
            "gender non-conforming",
        ),
    },
    "age": {
        "young": (
            "young people", "young person", "young adult", "young adults", "young man",
            "young men", "young woman", "young women", "youth", "youths", "teen", "teens",
            "teenager", "teenagers", "adolescent", "adolescents", "millennial", "millennials",
            "gen z", "twenty-somethings",
        ),
        "older": (
            "older people", "older person", "older adult", "older adults", "old man", "old men",
            "old woman", "old women", "old people", "elderly", "senior citizen",
            "senior citizens", "seniors", "retiree", "retirees", "pensioner", "pensioners",
            "boomer", "boomers", "octogenarian", "octogenarians", "nonagenarian",
            "nonagenarians", "centenarian", "centenarians",
        ),
    },
    "religion": {
        "christian": (
            "christian", "christians", "christianity", "catholic", "catholics", "catholicism",
            "protestant", "protestants", "evangelical", "evangelicals",
        ),
        "muslim": ("muslim", "muslims", "islam", "islamic"),
        "jewish": ("jewish", "jew", "jews", "judaism"),
        "hindu": ("hindu", "hindus", "hinduism"),
        "buddhist": ("buddhist", "buddhists", "buddhism"),
        "sikh": ("sikh", "sikhs", "sikhism"),
        "atheist": (
            "atheist", "atheists", "atheism", "agnostic", "agnostics", "non-religious",
        ),
    },
    "race_ethnicity": {
        "black": (
            "black people", "black person", "black man", "black men", "black woman",
            "black women", "black americans", "african-american", "african-americans",
        ),
        "white": (
            "white people", "white person", "white man", "white men", "white woman",
            "white women", "white americans", "caucasian", "caucasians",
        ),
        "asian": ("asian", "asians", "asian-american", "asian-americans"),
        "latino": (
            "latino", "latinos", "latina", "latinas", "latinx", "hispanic", "hispanics",
        ),
        "arab": ("arab", "arabs", "middle eastern"),
        "indigenous": (
            "indigenous", "native american", "native americans", "first nations",
            "aboriginal", "aborigines", "alaska native", "alaska natives",
        ),
    },
    "nationality": {
        "american": ("american", "americans"),
        "british": ("british", "briton", "britons", "scottish", "welsh"),
        "chinese": ("chinese",),
        "indian": ("indian", "indians"),
        "mexican": ("mexican", "mexicans"),
        "nigerian": ("nigerian", "nigerians"),
        "russian": ("russian", "russians"),
        "german": ("german", "germans"),
    },
    "disability": {
        "disabled": (
            "disabled people", "disabled person", "disabled man", "disabled men",
            "disabled woman", "disabled women", "disabled adults", "disabled children",
            "disabled veterans", "disability", "disabilities", "handicapped",
        ),
        "mobility": (
            "wheelchair user", "wheelchair users", "uses a wheelchair", "in a wheelchair",
            "paraplegic", "paraplegics", "quadriplegic", "quadriplegics", "amputee",
            "amputees",
        ),
        "blind": (
            "blind person", "blind people", "blind man", "blind men", "blind woman",
            "blind women",
            "visually impaired", "low vision",
        ),
        "deaf": (
            "deaf", "hard of hearing", "hearing impaired", "hearing-impaired",
        ),
        "neurodivergent": (
            "autistic", "autism", "on the spectrum", "adhd", "dyslexic", "dyslexia",
            "neurodivergent", "down syndrome",
        ),
    },
}  # fmt: skip


def group_mentions(texts: object, *, terms: Terms = GROUP_TERMS) -> pd.DataFrame:
    """Which groups each document mentions, one boolean column per group.

    Parameters
    ----------
    texts : sequence of str
    terms : mapping axis -> group -> terms, default=:data:`GROUP_TERMS`
        Lowercase words or phrases; see the module docstring for the matching rules.

    Returns
    -------
    DataFrame of bool, shape (n_docs, n_groups), positional index aligned with ``texts``,
    columns ``"axis:group"`` in the order of ``terms`` (e.g. ``"gender:women"``).

    Notes
    -----
    One alternation per group, run over the whole column at once by Arrow's RE2 engine
    (``pyarrow.compute.match_substring_regex``, ~0.5 s for 10,000 documents of 100 words); compute
    it once per corpus and slice rows for a mix. RE2's ``\\b`` is ASCII: a term glued to a
    non-ASCII letter ("éman") still matches, which the English term lists make rare.

    Examples
    --------
    >>> m = group_mentions(["She met her father.", "Nonbinary artists", "The weather"])
    >>> m[["gender:women", "gender:men", "gender:non-binary"]].to_numpy().tolist()
    [[True, True, False], [False, False, True], [False, False, False]]
    """
    docs = pc.utf8_lower(pa.array(check_texts(texts, min_docs=0), type=pa.large_string()))
    out = {
        f"{axis}:{group}": pc.match_substring_regex(docs, _pattern(words, f"{axis}:{group}"))
        .to_numpy(zero_copy_only=False)
        .astype(bool)
        for axis, groups in _check_terms(terms).items()
        for group, words in groups.items()
    }
    return pd.DataFrame(out, index=pd.RangeIndex(len(docs)), dtype=bool)


def mention_shares(mentions: pd.DataFrame) -> pd.DataFrame:
    """How often each group is mentioned: in documents, and as a share of its axis.

    Parameters
    ----------
    mentions : DataFrame of bool
        Output of :func:`group_mentions` (columns ``"axis:group"``).

    Returns
    -------
    DataFrame with columns ``axis, group, n_docs, share_of_docs, share_within_axis``, one row per
    group in column order. ``share_of_docs`` = ``n_docs / n_rows``; ``share_within_axis`` =
    ``n_docs`` divided by the sum of ``n_docs`` over the groups of the axis (a document naming two
    groups counts for both), NaN when no group of the axis is mentioned.

    Examples
    --------
    >>> m = group_mentions(["she", "he", "he", "nothing"])
    >>> s = mention_shares(m).set_index("group")
    >>> s.loc[["women", "men"], ["n_docs", "share_of_docs", "share_within_axis"]].to_numpy()
    array([[1.        , 0.25      , 0.33333333],
           [2.        , 0.5       , 0.66666667]])
    """
    counts = check_mentions(mentions).sum(axis=0).astype(np.int64)
    axes, groups = zip(*(split_column(c) for c in mentions.columns), strict=True)
    table = pd.DataFrame({"axis": list(axes), "group": list(groups), "n_docs": counts.to_numpy()})
    axis_total = table.groupby("axis", sort=False)["n_docs"].transform("sum")
    table["share_of_docs"] = table["n_docs"] / len(mentions) if len(mentions) else np.nan
    table["share_within_axis"] = (table["n_docs"] / axis_total.where(axis_total > 0)).astype(float)
    return table


def split_column(column: object) -> tuple[str, str]:
    """``"axis:group"`` -> ``("axis", "group")``, refusing other column names.

    Examples
    --------
    >>> split_column("religion:sikh")
    ('religion', 'sikh')
    """
    if not isinstance(column, str) or column.count(":") != 1 or column.startswith(":"):
        raise ValueError(f"mention columns must be named 'axis:group', got {column!r}")
    axis, group = column.split(":")
    if not group:
        raise ValueError(f"mention columns must be named 'axis:group', got {column!r}")
    return axis, group


def check_mentions(mentions: object, *, name: str = "mentions") -> pd.DataFrame:
    """Return ``mentions`` if it is a boolean frame with ``axis:group`` columns, else raise."""
    if not isinstance(mentions, pd.DataFrame):
        raise ValueError(f"{name} must be a DataFrame from group_mentions, got {type(mentions)}")
    if mentions.shape[1] == 0:
        raise ValueError(f"{name} has no group columns")
    for column in mentions.columns:
        split_column(column)
    bad = [str(c) for c, t in mentions.dtypes.items() if not pd.api.types.is_bool_dtype(t)]
    if bad:
        raise ValueError(f"{name} columns must be boolean, got non-boolean columns {bad}")
    return mentions


def _pattern(words: Sequence[str], label: str) -> str:
    """One word-bounded alternation; longer terms first so phrases win over their prefixes."""
    if isinstance(words, str) or not words:
        raise ValueError(f"{label} must list at least one term as a tuple of str, got {words!r}")
    parts = []
    for word in sorted(words, key=len, reverse=True):
        if not isinstance(word, str) or not word.strip() or word != word.lower():
            raise ValueError(f"{label} terms must be non-empty lowercase str, got {word!r}")
        escaped = re.escape(word.strip())
        parts.append(re.sub(r"\\?\s+", r"\\s+", escaped).replace(r"\-", r"[\s-]?"))
    return r"\b(?:" + "|".join(parts) + r")\b"


def _check_terms(terms: Terms) -> Terms:
    if not isinstance(terms, Mapping) or not terms:
        raise ValueError(f"terms must be a non-empty mapping axis -> group -> terms, got {terms!r}")
    for axis, groups in terms.items():
        if not isinstance(groups, Mapping) or not groups:
            raise ValueError(f"terms[{axis!r}] must be a non-empty mapping group -> terms")
        for group in groups:
            split_column(f"{axis}:{group}")
    return terms
