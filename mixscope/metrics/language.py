"""The language of each document, and how much of a corpus is not English.

Detected offline with py3langid (a maintained, NumPy-based port of langid.py, Lui & Baldwin
2012, whose model for 97 languages ships inside the package). Texts too short to tell
(fewer than ``MIN_WORDS`` words) are "und" (undetermined, ISO 639-2). Some metrics read English
only (the group term lists, VADER): :func:`non_english_share` says how much of a corpus they
cannot see.

References
----------
Lui, M. & Baldwin, T. (2012). langid.py: An Off-the-shelf Language Identification Tool. ACL.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

import numpy as np

__all__ = ["MIN_WORDS", "UNDETERMINED", "detect_languages", "non_english_share"]

UNDETERMINED = "und"
#: Fewer words than this and the language is not guessed (short strings fool any detector).
MIN_WORDS = 4
#: Texts between two calls of ``progress`` in :func:`detect_languages` (about 0.3 s).
PROGRESS_EVERY = 2_000


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE)  # our own: no shared global state


def detect_languages(
    texts: Sequence[str], *, progress: Callable[[int, int], None] | None = None
) -> np.ndarray:
    """ISO 639-1 code of each text's language, "und" when it is too short to tell.

    ``progress(done, total)`` is called every :data:`PROGRESS_EVERY` texts and at the end
    (about 10,000 texts a second on one core here: a million take close to 2 minutes).

    Examples
    --------
    >>> detect_languages(["The dog barked at the postman again this morning.",
    ...                   "Der Hund bellte heute Morgen wieder den Briefträger an.", "ok"]).tolist()
    ['en', 'de', 'und']
    """
    identify = _identifier()
    out = np.full(len(texts), UNDETERMINED, dtype=object)
    for i, text in enumerate(texts):
        if len(str(text).split()) >= MIN_WORDS:
            out[i] = identify.classify(str(text))[0]
        if progress is not None and (i + 1) % PROGRESS_EVERY == 0:
            progress(i + 1, len(texts))
    if progress is not None:
        progress(len(texts), len(texts))
    return out


def non_english_share(languages: Sequence[str] | np.ndarray) -> float:
    """Share of the documents whose language was determined and is not English (of all of them:
    undetermined ones count as neither); NaN for no documents.

    Examples
    --------
    >>> non_english_share(["en", "de", "und", "en"])
    0.25
    """
    codes = np.asarray(languages, dtype=object)
    if len(codes) == 0:
        return math.nan
    return float(np.mean((codes != "en") & (codes != UNDETERMINED)))
