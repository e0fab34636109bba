"""SimulationConfig: defaults resolved once, bad requests refused with what was expected."""

import pytest

from mixscope.simulate import DEFAULT_REGIMES, SimulationConfig


def test_default_regimes_and_mix_when_a_share_is_given() -> None:
    assert SimulationConfig().regimes == DEFAULT_REGIMES == ("replace", "accumulate", "fresh")
    assert SimulationConfig(share=0.3).regimes == (*DEFAULT_REGIMES, "mix")
    assert SimulationConfig(regimes=["mix", "replace", "mix"], share=0.3).regimes == (
        "mix",
        "replace",
    )


def test_labels_and_plain_values() -> None:
    config = SimulationConfig(share=0.25, fresh_fraction=0.5)
    assert config.labels == {
        "replace": "replace",
        "accumulate": "accumulate",
        "fresh": "fresh (50% real)",
        "mix": "current mix (share 0.25)",
    }
    assert config.as_dict()["regimes"] == ["replace", "accumulate", "fresh", "mix"]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"generations": 0}, "generations must be a positive integer, got 0"),
        ({"generations": 2.5}, "generations must be a positive integer"),
        ({"regimes": ["replace", "collapse"]}, r"regimes must be one or more of \['replace'"),
        ({"regimes": []}, "regimes must be one or more of"),
        ({"regimes": "replace"}, "regimes must be a sequence of names"),
        ({"regimes": ["mix"]}, r"the mix regime needs the synthetic share"),
        ({"share": 1.5}, r"share must be a number in \[0, 1\], got 1.5"),
        ({"share": float("nan")}, r"share must be a number in \[0, 1\]"),
        ({"fresh_fraction": -0.1}, r"fresh_fraction must be a number in \[0, 1\]"),
        ({"generator": "gpt"}, r"unknown generator 'gpt'; available: \['ngram', 'gaussian'\]"),
        ({"n_docs": 5}, "n_docs must be at least 10, got 5"),
        ({"n_docs": True}, "n_docs must be a positive integer"),
        ({"seed": -1}, "seed must be a non-negative integer, got -1"),
        ({"rare_max": 0}, "rare_max must be a positive integer"),
        ({"bigram_budget": 0}, "bigram_budget must be a positive integer"),
        ({"smoothing": -1.0}, "smoothing must be a number >= 0"),
        ({"n_components": 0}, "n_components must be a positive integer"),
    ],
)
def test_bad_requests_are_refused_with_what_was_expected(
    options: dict[str, object], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        SimulationConfig(**options)  # type: ignore[arg-type]
