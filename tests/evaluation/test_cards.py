"""Metric cards: value, delta against a baseline, status and colour, formatted by unit."""

import json

import pandas as pd
import pytest

from mixscope.evaluation import metric_cards
from mixscope.evaluation.cards import format_delta, format_value


def _table(values: dict[str, float], statuses: dict[str, str]) -> pd.DataFrame:
    names = list(values)
    return pd.DataFrame(
        {
            "metric": names,
            "group": ["x"] * len(names),
            "value": [values[n] for n in names],
            "status": [statuses[n] for n in names],
            "settings": [json.dumps({"sample_size": 10})] * len(names),
        }
    )


def test_cards_carry_value_delta_status_and_colour_by_goal():
    table = _table(
        {"vendi": 90.0, "exact_duplicate_rate": 0.05, "density": 0.8},
        {"vendi": "pass", "exact_duplicate_rate": "fail", "density": "warn"},
    )
    baseline = _table(
        {"vendi": 100.0, "exact_duplicate_rate": 0.01, "density": float("nan")},
        {"vendi": "pass", "exact_duplicate_rate": "pass", "density": "n/a"},
    )
    cards = metric_cards(table, baseline).set_index("metric")
    assert cards.loc["vendi", "delta"] == -10.0
    assert cards.loc["vendi", "delta_shown"] == "-10"
    assert cards.loc["vendi", "delta_color"] == "normal"  # higher is better
    assert cards.loc["exact_duplicate_rate", "shown"] == "5.0%"
    assert cards.loc["exact_duplicate_rate", "delta_shown"] == "+4.0 pp"
    assert cards.loc["exact_duplicate_rate", "delta_color"] == "inverse"  # lower is better
    assert cards.loc["density", "delta_shown"] is None  # no baseline value: no delta, not "nan"
    assert cards.loc["density", "delta_color"] == "off"  # a target: neither way is good
    assert cards["status"].tolist() == ["pass", "fail", "warn"]


def test_cards_without_a_baseline_have_no_delta():
    cards = metric_cards(_table({"vendi": 3.0}, {"vendi": "pass"}))
    assert cards["delta_shown"].tolist() == [None]
    assert cards["unit"].tolist() == ["effective documents"]


def test_values_are_formatted_by_unit():
    assert format_value(0.5, "share of real clusters") == "50.0%"
    assert format_value(1234.5678, "bits") == "1235"
    assert format_value(float("inf"), "bits") == "n/a"


def test_deltas_are_formatted_by_unit_and_nan_has_none() -> None:
    assert format_delta(0.015, "share of documents") == "+1.5 pp"
    assert format_delta(float("nan"), "bits") is None


def test_a_table_without_the_card_columns_is_refused() -> None:
    with pytest.raises(ValueError, match=r"lacks columns \['settings'\]"):
        metric_cards(_table({"vendi": 1.0}, {"vendi": "pass"}).drop(columns="settings"))


def test_a_change_inside_the_noise_is_no_change() -> None:
    settings = json.dumps({"sample_size": 100, "compares": "mix", "n_documents": 500,
                           "basis": "ratio_to_real", "warn": 0.9, "fail": 0.75,
                           "threshold_source": "MixScope default"})  # fmt: skip
    table = pd.DataFrame(
        {"metric": ["topic_tvd", "vendi", "vendi_q2", "length_ks"],
         "group": ["bias", "diversity", "diversity", "bias"], "value": [0.10, 50.0, 20.0, 0.30],
         "ci_low": [0.05, float("nan"), float("nan"), 0.28],
         "ci_high": [0.15, float("nan"), float("nan"), 0.32],
         "noise_floor": [0.06, 2.0, 0.5, 0.02], "status": ["pass"] * 4,
         "settings": [settings] * 4}
    )  # fmt: skip
    base = table.assign(value=[0.08, 49.0, 18.0, 0.02])  # vendi_q2: 2 > floor 0.5
    cards = metric_cards(table, base).set_index("metric")
    # inside the interval, inside a diversity floor: no change, no colour, no arrow
    for name in ("topic_tvd", "vendi"):
        assert cards.loc[name, "delta_shown"] == "no change", name
        assert cards.loc[name, "delta_color"] == "off" and cards.loc[name, "delta_arrow"] == "off"
    # beyond the floor, beyond the interval: a real change with its colour
    assert cards.loc["vendi_q2", "delta_shown"] == "+2"
    assert cards.loc["length_ks", "delta_shown"] == "+0.28"
    assert cards.loc["length_ks", "delta_color"] == "inverse"
    help_text = cards.loc["vendi", "help"]
    assert "Measured on 100 of the mix's documents (500 in all)." in help_text
    assert "warn at 0.9, fail at 0.75" in help_text and "Identifier: vendi." in help_text
    assert "{" not in help_text  # sentences, not JSON
    assert cards.loc["vendi", "label"] == "Vendi score"
