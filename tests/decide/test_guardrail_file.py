"""A team's guardrails as TOML: defaults changed by name, mistakes refused with the reason."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from mixscope.decide import DEFAULT_GUARDRAILS, Guardrail, default_guardrails
from mixscope.decide.guardrail_file import dump_guardrails, load_guardrails, parse_guardrails


def test_a_file_changes_the_defaults_it_names(tmp_path: Path) -> None:
    path = tmp_path / "rails.toml"
    path.write_text(
        '[guardrails.exact_duplicate_rate]\nmax = 0.005\nsource = "team policy"\n\n'
        "[guardrails.vendi]\nmin = 0.8\n\n[guardrails.length_ks]\nenabled = false\n\n"
        "[guardrails.vendi_q2]\nmin = 0.7\n",
        encoding="utf-8",
    )
    rails = {r.metric: r for r in load_guardrails(path)}
    assert rails["exact_duplicate_rate"] == Guardrail("exact_duplicate_rate", 0.005, "below",
                                                      "team policy")  # fmt: skip
    assert rails["vendi"].bound == 0.8 and rails["vendi"].source == f"set in {path}"
    assert "length_ks" not in rails
    # an added metric comes after the defaults; untouched defaults keep their bound and source
    assert list(rails)[-1] == "vendi_q2"
    assert rails["topic_tvd"] == default_guardrails(["topic_tvd"])[0]
    assert len(rails) == len(DEFAULT_GUARDRAILS)  # one dropped, one added


def test_defaults_false_starts_from_nothing_and_dump_reads_back() -> None:
    assert parse_guardrails({"defaults": False}) == []
    rails = [*default_guardrails()[:3], Guardrail("topic_tvd", 0.2, "below", 'a "quoted"\nnote')]
    assert parse_guardrails(tomllib.loads(dump_guardrails(rails))) == rails


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[guardrails.vendi]\nmax = 0.5\n", "must stay above its bound: give 'min', not 'max'"),
        ("[guardrails.exact_duplicate_rate]\nmin = 0.5\n", "give 'max', not 'min'"),
        ("[guardrails.coverage]\nmin = 0.5\n", "coverage judges a source, not a share"),
        ("[guardrails.no_such_metric]\nmax = 1\n", "unknown metric"),
        ("[guardrails.vendi]\nmin = 'high'\n", "'min' must be a finite number"),
        ("[guardrails.vendi]\nmin = nan\n", "'min' must be a finite number"),
        ("[guardrails.vendi]\nminimum = 0.5\n", r"unknown key\(s\) \['minimum'\]"),
        ("limits = 3\n", r"unknown key\(s\) \['limits'\]"),
        ("defaults = 'yes'\n", "'defaults' must be true or false"),
        ("[guardrails\n", "is not valid TOML"),
    ],
)
def test_mistakes_are_refused_with_what_to_change(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "rails.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        load_guardrails(path)
