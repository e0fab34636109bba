"""What each regime trains the next model on."""

import numpy as np
import pytest

from mixscope.simulate import REGIMES, regime_label, training_data


def _history(n: int = 10, generations: int = 2) -> list[np.ndarray]:
    """Generation 0 ``r0..r9``, then outputs ``g1_0..g1_9``, ``g2_0..``: sources by name."""
    real = np.array([f"r{i}" for i in range(n)], dtype=object)
    outs = [
        np.array([f"g{g}_{i}" for i in range(n)], dtype=object) for g in range(1, generations + 1)
    ]
    return [real, *outs]


def _train(regime: str, history: list[np.ndarray], **kw: object) -> np.ndarray:
    kw.setdefault("real_fraction", 0.3)
    return training_data(regime, history, rng=np.random.default_rng(0), **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize("regime", ["replace", "accumulate", "fresh", "mix"])
def test_the_first_model_of_every_regime_trains_on_the_real_data(regime: str) -> None:
    history = _history()[:1]
    assert _train(regime, history) is history[0]


def test_replace_keeps_only_the_last_output() -> None:
    history = _history()
    assert _train("replace", history) is history[-1]


def test_accumulate_keeps_everything_real_included() -> None:
    history = _history()
    assert _train("accumulate", history).tolist() == np.concatenate(history).tolist()


@pytest.mark.parametrize(("regime", "fraction"), [("fresh", 0.3), ("mix", 0.7)])
def test_fresh_and_mix_take_their_real_share_and_the_rest_from_the_last_output(
    regime: str, fraction: float
) -> None:
    history = _history()
    rows = _train(regime, history, real_fraction=fraction)
    assert len(rows) == 10
    real = [r for r in rows if str(r).startswith("r")]
    assert len(real) == round(fraction * 10)
    assert len(set(real)) == len(real)  # without replacement
    assert {str(r).split("_")[0] for r in rows if "_" in str(r)} == {"g2"}


def test_mix_starts_from_the_given_synthetic_documents() -> None:
    history = _history()[:1]
    given = np.array(["s0", "s1", "s2"], dtype=object)  # fewer than needed: with replacement
    rows = _train("mix", history, real_fraction=0.5, given=given)
    assert len(rows) == 10
    assert sum(str(r).startswith("r") for r in rows) == 5
    assert {str(r) for r in rows if str(r).startswith("s")} <= set(given)
    assert sum(str(r).startswith("s") for r in rows) == 5


def test_given_documents_are_used_by_mix_only_and_only_first() -> None:
    given = np.array(["s0"] * 10, dtype=object)
    assert not any(str(r).startswith("s") for r in _train("fresh", _history()[:1], given=given))
    assert not any(str(r).startswith("s") for r in _train("mix", _history(), given=given))


def test_all_real_is_a_reshuffle_of_generation_0() -> None:
    rows = _train("mix", _history(), real_fraction=1.0)
    assert sorted(rows.tolist()) == sorted(_history()[0].tolist())


def test_embeddings_are_composed_the_same_way() -> None:
    history = [np.zeros((4, 2)), np.ones((4, 2))]
    rows = training_data("fresh", history, rng=np.random.default_rng(0), real_fraction=0.5)
    assert rows.shape == (4, 2)
    assert rows.sum() == 4.0


def test_labels_name_the_share_and_the_fraction() -> None:
    assert regime_label("mix", share=0.3, fresh_fraction=0.2) == "current mix (share 0.3)"
    assert regime_label("fresh", fresh_fraction=0.5) == "fresh (50% real)"
    assert [regime_label(r, share=0.1, fresh_fraction=0.2) for r in REGIMES][:2] == [
        "replace",
        "accumulate",
    ]


def test_unknown_regime_is_refused() -> None:
    with pytest.raises(ValueError, match=r"unknown regime 'keep'; available: \['replace'"):
        _train("keep", _history())
