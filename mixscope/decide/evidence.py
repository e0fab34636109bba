"""Why each default guardrail exists, what studies say about synthetic shares, and the caveat.

These are the sources the Decide page shows next to the recommendation. They explain the
direction of each bound (why less diversity or more duplication is a risk); the bound's value
is the metric's warn threshold, whose own source the registry states. None of them turns a
data-health limit into a prediction of a model's quality.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["CAVEAT", "GUARDRAIL_EVIDENCE", "STUDIES", "Study"]

CAVEAT = (
    "A guardrail is a limit on the health of the data, measured before training: it is not a "
    "prediction of how well a model trained on the mix will do. The studies below disagree on "
    "good shares because the answer depends on the kind of synthetic data, the model size and "
    "the data budget; the recommended share is the largest one at which this mix's measured "
    "health stays inside the bounds you set."
)


@dataclass(frozen=True)
class Study:
    """A published result about mixing synthetic data, as the page cites it."""

    citation: str
    finding: str


STUDIES = (
    Study(
        "Shumailov et al. (2024), AI models collapse when trained on recursively generated "
        "data, Nature 631",
        "Training generation after generation on the previous model's output makes the tails of "
        "the original distribution disappear first, then the variance shrinks (Gaussian, VAE "
        "and OPT-125m experiments); keeping part of the original data slows the degradation.",
    ),
    Study(
        "Gerstgrasser et al. (2024), Is Model Collapse Inevitable? Breaking the Curse of "
        "Recursion by Accumulating Real and Synthetic Data, arXiv:2404.01413",
        "Replacing real data with each generation's synthetic data makes test error grow; "
        "accumulating synthetic data alongside the real data keeps the test error bounded, "
        "independent of the number of generations.",
    ),
    Study(
        "Bertrand et al. (2024), On the Stability of Iterative Retraining of Generative Models "
        "on their own Data, ICLR",
        "Iterative retraining is stable when the initial model is good enough and the share of "
        "real data in each round is large enough.",
    ),
    Study(
        "Dohmatob et al. (2025), Strong Model Collapse, ICLR",
        "In their analysed settings even a small fraction of synthetic data (down to 1%) can "
        "stop larger training sets from improving the model.",
    ),
    Study(
        "Kang et al. (2025), Demystifying Synthetic Data in LLM Pre-training: A Systematic "
        "Study of Scaling Laws, Benefits, and Pitfalls, arXiv:2510.01631",
        "Over 1,000 pre-trained models: about 1/3 rephrased synthetic text mixed with 2/3 "
        "natural web text reached the same validation loss 5-10x faster, and good ratios "
        "converged to about 30% for rephrased data; textbook-style synthetic data alone gave "
        "notably higher loss.",
    ),
)

#: Per default guardrail: why crossing its bound is a risk, with the source.
GUARDRAIL_EVIDENCE = {
    "vendi": "Fewer effectively distinct documents is the first sign of collapse: tails vanish "
    "and the variance shrinks under recursive training (Shumailov et al. 2024).",
    "cluster_coverage": "Topic clusters of the real corpus the mix no longer reaches are the "
    "lost tails of Shumailov et al. (2024); mode counting as in Srivastava et al. (2017).",
    "distinct_2": "Lexical diversity (distinct-n) falls when language models are trained on "
    "synthetic text (Guo et al. 2024, The Curious Decline of Linguistic Diversity, NAACL "
    "Findings).",
    "exact_duplicate_rate": "Repeated documents are memorised and waste compute; removing them "
    "improves language models (Lee et al. 2022, Deduplicating Training Data Makes Language "
    "Models Better, ACL).",
    "near_duplicate_rate": "Near-duplicates (MinHash Jaccard) act like exact ones for "
    "memorisation (Lee et al. 2022; Broder 1997).",
    "semantic_duplicate_rate": "Semantic duplicates can be removed with little or no loss and "
    "faster training (Abbas et al. 2023, SemDeDup).",
    "cross_source_duplicate_rate": "Synthetic documents that copy real ones add no new "
    "information and over-weight what they copy (Lee et al. 2022).",
    "group_representation_ratio_min": "A group mentioned at under four-fifths of its real rate "
    "fails the four-fifths rule of adverse impact (29 CFR 1607.4(D)); under-represented groups "
    "are what recursive training forgets first (Shumailov et al. 2024).",
    "gender_axis_shift": "Generated text can amplify a bias of its source along a concept axis "
    "(Wang & Russakovsky 2021, Directional Bias Amplification, ICML); bound at Cohen's small "
    "effect size.",
    "sentiment_axis_shift": "A shift of tone along the sentiment axis changes what a model "
    "learns is typical; bound at Cohen's small effect size (Cohen 1988).",
    "topic_tvd": "Topic shares unlike the real ones skew what a model knows; bound calibrated on "
    "the demo corpora (docs/thresholds.md).",
    "length_ks": "Synthetic text is often more uniform in length than human text; a shifted "
    "length distribution changes what a model learns to produce (Smirnov 1948 test statistic).",
}
