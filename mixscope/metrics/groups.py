"""Mentions of demographic groups in texts, counted with the term lists of
:mod:`mixscope.metrics.group_terms` (matching rules, documented choices, measured recall and
limits are there).

:func:`group_mentions` gives one boolean column ``"axis:group"`` per group; a document can mention
several groups, of one axis or of several. :func:`mention_shares` counts them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from mixscope.metrics.checks import check_texts
from mixscope.metrics.group_terms import GROUP_TERMS, Term, Terms

__all__ = [
    "MIN_GROUP_DOCS",
    "check_mentions",
    "group_mentions",
    "mention_matrix",
    "mention_shares",
    "split_column",
]

# Fewest documents mentioning a group (in the real corpus; for sentiment also in the mix) for the
# group to be judged: the textbook n >= 30 for a normal approximation of a mean or a count's
# log, below which the intervals of the bias metrics are not trustworthy.
MIN_GROUP_DOCS = 30


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


def mention_matrix(mentions: object, *, name: str = "mentions") -> np.ndarray:
    """Mentions as a 2-D boolean array (n_docs, n_groups): a :func:`group_mentions` frame
    (checked) or an array of bools.

    Examples
    --------
    >>> mention_matrix([[True, False]]).tolist()
    [[True, False]]
    """
    if isinstance(mentions, pd.DataFrame):
        return check_mentions(mentions, name=name).to_numpy(dtype=bool)
    M = np.asarray(mentions)
    if M.ndim != 2 or M.dtype != bool:
        raise ValueError(
            f"{name} must be a 2-D boolean array (n_docs, n_groups), got {M.dtype} "
            f"of shape {M.shape}"
        )
    return M


def _pattern(words: Sequence[Term], label: str) -> str:
    """One word-bounded alternation; longer terms first so phrases win over their prefixes."""
    if isinstance(words, str) or not words:
        raise ValueError(f"{label} must list at least one term as a tuple of str, got {words!r}")
    parts = []
    for word in sorted(words, key=_text_of, reverse=True):
        if isinstance(word, re.Pattern):
            parts.append(word.pattern)  # already in RE2 syntax, over lowercased text
            continue
        if not isinstance(word, str) or not word.strip() or word != word.lower():
            raise ValueError(f"{label} terms must be non-empty lowercase str, got {word!r}")
        escaped = re.escape(word.strip())
        parts.append(re.sub(r"\\?\s+", r"\\s+", escaped).replace(r"\-", r"[\s-]?"))
    return r"\b(?:" + "|".join(parts) + r")\b"


def _text_of(term: Term) -> int:
    return len(term.pattern if isinstance(term, re.Pattern) else term)


def _check_terms(terms: Terms) -> Terms:
    if not isinstance(terms, Mapping) or not terms:
        raise ValueError(f"terms must be a non-empty mapping axis -> group -> terms, got {terms!r}")
    for axis, groups in terms.items():
        if not isinstance(groups, Mapping) or not groups:
            raise ValueError(f"terms[{axis!r}] must be a non-empty mapping group -> terms")
        for group in groups:
            split_column(f"{axis}:{group}")
    return terms
