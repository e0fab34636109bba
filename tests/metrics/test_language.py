"""Language identification: known answers, short texts undetermined, the non-English share."""

import math

from mixscope.metrics.language import UNDETERMINED, detect_languages, non_english_share

TEXTS = {
    "en": "The committee will meet again next week to discuss the budget.",
    "de": "Der Ausschuss wird sich nächste Woche erneut treffen, um den Haushalt zu besprechen.",
    "fr": "Le comité se réunira de nouveau la semaine prochaine pour discuter du budget.",
    "es": "El comité se reunirá de nuevo la próxima semana para discutir el presupuesto.",
    "it": "Il comitato si riunirà di nuovo la prossima settimana per discutere il bilancio.",
}


def test_each_language_is_recognised() -> None:
    found = detect_languages(list(TEXTS.values()))
    assert found.tolist() == list(TEXTS)
    assert found.dtype == object


def test_too_short_to_tell_is_undetermined_and_counts_as_neither() -> None:
    found = detect_languages(["ok", "", "Danke schön!", TEXTS["de"]])
    assert found.tolist() == [UNDETERMINED] * 3 + ["de"]
    assert non_english_share(found) == 0.25
    assert math.isnan(non_english_share([]))
    assert non_english_share(["en", "en"]) == 0.0
