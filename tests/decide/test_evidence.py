"""Every default guardrail says why it exists; the studies and the caveat are there to show."""

from mixscope.decide import DEFAULT_GUARDRAILS
from mixscope.decide.evidence import CAVEAT, GUARDRAIL_EVIDENCE, STUDIES


def test_every_default_guardrail_has_its_evidence() -> None:
    assert set(GUARDRAIL_EVIDENCE) == set(DEFAULT_GUARDRAILS)
    assert all(len(why) > 40 for why in GUARDRAIL_EVIDENCE.values())


def test_the_studies_include_accumulate_against_replace_and_the_caveat_is_said() -> None:
    cited = " ".join(s.citation for s in STUDIES)
    assert "Gerstgrasser" in cited and "Shumailov" in cited and "arXiv:2510.01631" in cited
    assert "not a prediction" in CAVEAT
