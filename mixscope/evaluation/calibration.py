"""Which embedders each embedding-dependent default threshold was calibrated for.

Most thresholds do not depend on the embedding model: they judge text (duplicates, words,
sentiment), ratios to the real corpus at the same size (diversity), real-versus-real values at
the same size (fidelity) or standardised effects (axis shifts). A few judge a value on the
model's own scale, so their defaults hold only for the models they were calibrated on
(docs/thresholds.md): with any other model the table says so on every affected row
(``settings["uncalibrated"]``), and the card and the verdict repeat it, instead of a silent
pass or fail. Thresholds a user sets are theirs: no note.
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["CALIBRATED_FOR", "LEXICAL", "MINILM", "calibration_note"]

MINILM = "sentence-transformers/all-MiniLM-L6-v2"
#: Every configuration of the lexical embedder (its id continues with dimension and seed).
LEXICAL = "lexical-hash-v1"

#: metric -> the embedders its default thresholds were calibrated on (an id, or the start of one
#: followed by "-").
CALIBRATED_FOR: Mapping[str, tuple[str, ...]] = {
    # cosine >= 0.97 separates planted one-word edits from natural neighbours for MiniLM
    # (benchmarks/calibration.md); another model's cosines live on another scale
    "semantic_duplicate_rate": (MINILM,),
    # mean absolute change of per-topic axis means, in the model's cosine units. Calibrated on
    # the lexical embedder (docs/thresholds.md). With MiniLM the same mixes give half B against
    # A 0.155, skewed 90 % 0.253, templated 90 % 0.191 for the group association: the planted
    # templated shift is not separated from noise, so no MiniLM threshold is claimed.
    "topic_group_association_shift": (LEXICAL,),
    "topic_sentiment_association_shift": (LEXICAL,),
}


def calibration_note(metric: str, model_id: str) -> str | None:
    """Why ``metric``'s default thresholds are not calibrated for ``model_id``, or None.

    Examples
    --------
    >>> calibration_note("semantic_duplicate_rate", MINILM) is None
    True
    >>> calibration_note("vendi", "my-model") is None  # a ratio to real: any model
    True
    >>> calibration_note("semantic_duplicate_rate", "my-model")[:41]
    'thresholds not calibrated for my-model: s'
    """
    models = CALIBRATED_FOR.get(metric)
    if models is None or any(model_id == m or model_id.startswith(m + "-") for m in models):
        return None
    return (
        f"thresholds not calibrated for {model_id}: set on {', '.join(models)} "
        "(docs/thresholds.md); read the value against its noise floor, or set thresholds "
        "for this model"
    )
