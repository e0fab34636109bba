"""Review page (AppTest): saved mixes with their verdicts, a review recorded with a comment,
two mixes compared, a saved mix opened in the Mix page, and the Mix page's save form. The store
is a file in tmp_path ($MIXSCOPE_STORE), filled through the core API."""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from mixscope.corpus import Corpus, load_corpus, load_demo_corpora
from mixscope.mixing import MixConfig, dump_spec, mix, spec_of
from mixscope.store import Input, MixRecord, MixStore

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 120
#: metric -> (group, status) of every saved table; values are given per mix
METRICS = {"vendi": ("diversity", "pass"), "exact_duplicate_rate": ("duplication", "warn"),
           "topic_tvd": ("bias", "fail")}  # fmt: skip


@pytest.fixture(scope="module")
def demo() -> list[Corpus]:
    return load_demo_corpora()


def _record(corpora: list[Corpus], config: MixConfig, values: dict[str, float]) -> MixRecord:
    table = pd.DataFrame([
        {"metric": m, "group": g, "value": values[m], "ci_low": math.nan, "ci_high": math.nan,
         "noise_floor": math.nan, "status": s, "settings": "{}"}
        for m, (g, s) in METRICS.items()
    ])  # fmt: skip
    return MixRecord(
        spec=dump_spec(spec_of(corpora, config)),
        inputs=tuple(Input.of(c) for c in corpora),
        table=table,
        counts=mix(corpora, config).counts()[["source", "role", "n"]],
        model_id="lexical-hash-v1", evaluation={"sample_size": 300},
    )  # fmt: skip


@pytest.fixture
def store_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, demo: list[Corpus]
) -> Iterator[Path]:
    """A store with "demo-30" and "demo-50" (the demo corpora at 30 % and 50 %) and "elsewhere"
    (corpora this session does not have)."""
    path = tmp_path / "store.sqlite"
    monkeypatch.setenv("MIXSCOPE_STORE", str(path))
    config = MixConfig(synthetic_share=0.3, size=500, weights=(1.0, 3.0), seed=5)
    with MixStore.open(path) as store:
        store.save("demo-30", _record(demo, config, {"vendi": 40.0, "exact_duplicate_rate": 0.01,
                                                     "topic_tvd": 0.2}), author="Ann")  # fmt: skip
        fifty = MixConfig(synthetic_share=0.5, size=500, weights=(1.0, 3.0), seed=5)
        store.save("demo-50", _record(demo, fifty, {"vendi": 30.0, "exact_duplicate_rate": 0.03,
                                                    "topic_tvd": 0.35}), author="Bo")  # fmt: skip
        other = [c.with_name(f"other_{c.name}") for c in demo]
        record = _record(other, config, {"vendi": 1.0, "exact_duplicate_rate": 0.0,
                                         "topic_tvd": 0.1})  # fmt: skip
        moved = MixRecord(record.spec.replace(str(ROOT / "data"), "/nowhere"),
                          tuple(Input(i.name, i.role, "/nowhere/x.csv", i.content_hash,
                                      i.n_documents) for i in record.inputs),
                          record.table, record.counts, model_id="all-MiniLM-L6-v2")  # fmt: skip
        store.save("elsewhere", moved)
    yield path


def _review(session: dict[str, object] | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.session_state["model"] = "lexical (fast)"
    for key, value in (session or {}).items():
        at.session_state[key] = value
    at.run()
    at.switch_page("views/review.py").run()
    assert not at.exception, at.exception
    return at


def test_the_page_lists_saved_mixes_with_their_verdicts(store_path: Path) -> None:
    at = _review()
    assert at.title[0].value == "Review"
    listed = at.dataframe[0].value
    assert listed["name"].tolist() == ["demo-30", "demo-50", "elsewhere"]
    assert listed["status"].tolist() == ["draft"] * 3
    assert listed["verdict"].tolist() == ["fail"] * 3
    assert listed["author"].tolist() == ["Ann", "Bo", ""]
    # the first saved mix is shown: its metrics and history
    assert at.selectbox(key="review_chosen").value == "demo-30"
    metrics = next(d.value for d in at.dataframe if "noise_floor" in d.value.columns)
    assert metrics.set_index("metric").loc["vendi", "value"] == 40.0
    history = next(d.value for d in at.dataframe if "kind" in d.value.columns)
    assert history["comment"].tolist() == ["saved"]


def test_approving_with_a_comment_records_it(store_path: Path) -> None:
    at = _review()
    at.radio(key="review_status").set_value("approved")
    at.button(key="review_submit").click().run()  # no comment: refused, said
    assert not at.exception, at.exception
    assert any("say why" in e.value for e in at.error)
    with MixStore.open(store_path) as store:
        assert store.get("demo-30").status == "draft"
    at.radio(key="review_status").set_value("approved")
    at.text_area(key="review_comment").input("Duplicates are within policy.")
    at.text_input(key="review_author").input("Lead")
    at.button(key="review_submit").click().run()
    assert not at.exception, at.exception
    assert any("is now approved" in s.value for s in at.success)
    with MixStore.open(store_path) as store:
        assert store.get("demo-30").status == "approved"
    history = next(d.value for d in at.dataframe if "kind" in d.value.columns)
    assert history[["status", "comment", "author"]].values.tolist()[-1] == [
        "approved", "Duplicates are within policy.", "Lead"]  # fmt: skip
    assert at.dataframe[0].value.set_index("name").loc["demo-30", "status"] == "approved"
    assert at.text_area(key="review_comment").value == ""  # cleared for the next review
    at.selectbox(key="review_chosen").select("demo-50").run()  # its own status, no old message
    assert at.radio(key="review_status").value == "draft" and not at.success
    at.selectbox(key="review_chosen").select("demo-30").run()
    assert at.radio(key="review_status").value == "approved"


def test_comparing_two_shows_values_statuses_and_deltas(store_path: Path) -> None:
    at = _review()
    at.multiselect(key="review_compared").select("demo-30").select("demo-50").run()
    assert not at.exception, at.exception
    wide = next(d.value for d in at.dataframe if "demo-50 delta" in d.value.columns)
    wide = wide.set_index("metric")
    assert wide.loc["vendi", ["demo-30 value", "demo-50 value"]].tolist() == [40.0, 30.0]
    assert wide.loc["vendi", "demo-50 delta"] == -10.0
    assert wide.loc["topic_tvd", "demo-50 delta"] == pytest.approx(0.15)
    assert wide.loc["topic_tvd", "demo-50 status"] == "fail"
    assert not at.warning  # same model, options and real corpus: nothing to warn about
    # the charts are the core's figures of the same numbers: vendi 40 -> 30 is -25 %
    figures = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    changes = next(f for f in figures if f["layout"].get("barmode") == "group")
    bars = {(t["name"], y): x for t in changes["data"] for y, x in zip(t["y"], t["x"], strict=True)}
    assert bars[("demo-50", "vendi")] == -25.0
    stacked = next(f for f in figures if f["layout"].get("barmode") == "stack")
    assert {t["name"] for t in stacked["data"]} >= {"real"} and len(stacked["data"][0]["y"]) == 2
    at.multiselect(key="review_compared").select("elsewhere").run()
    assert any("different embedding models" in w.value for w in at.warning)
    wide = next(d.value for d in at.dataframe if "elsewhere delta" in d.value.columns)
    assert wide.set_index("metric").loc["vendi", "elsewhere delta"] == -39.0


def test_two_versions_of_one_mix_compare_by_name_at_version(
    store_path: Path, demo: list[Corpus]
) -> None:
    config = MixConfig(synthetic_share=0.3, size=500, weights=(1.0, 3.0), seed=5)
    with MixStore.open(store_path) as store:
        store.save("demo-30", _record(demo, config, {"vendi": 44.0, "exact_duplicate_rate": 0.01,
                                                     "topic_tvd": 0.2}), replace=True)  # fmt: skip
    at = _review()
    options = at.multiselect(key="review_compared").options
    assert options == ["demo-30", "demo-30@1", "demo-50", "elsewhere"]
    at.multiselect(key="review_compared").select("demo-30@1").select("demo-30").run()
    assert not at.exception and not at.error
    wide = next(d.value for d in at.dataframe if "demo-30@2 delta" in d.value.columns)
    wide = wide.set_index("metric")
    assert wide.loc["vendi", ["demo-30@1 value", "demo-30@2 value"]].tolist() == [40.0, 44.0]
    assert wide.loc["vendi", "demo-30@2 delta"] == 4.0
    assert any("demo-30@1" in c.value.replace("\\", "") for c in at.caption)  # the reference
    figures = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    changes = next(f for f in figures if f["layout"].get("barmode") == "group")
    assert [t["name"] for t in changes["data"]] == ["demo-30@2"]
    assert changes["data"][0]["x"][list(changes["data"][0]["y"]).index("vendi")] == 10.0


def test_open_sets_the_mix_controls_to_the_saved_mix(store_path: Path) -> None:
    at = _review()
    at.button(key="review_open").click().run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Mix"
    state = at.session_state
    assert (state["mix_share"], state["mix_size"], state["mix_seed"]) == (0.3, 500, 5)
    assert (state["mix_mode"], state["mix_strategy"], state["mix_real"]) == (
        "replace", "uniform", "real")  # fmt: skip
    assert state["mix_weight_synthetic_templated"] == pytest.approx(1 / 3)
    assert state["mix_weight_synthetic_skewed"] == 1.0
    composition = next(d.value for d in at.dataframe if "share" in d.value.columns)
    with MixStore.open(store_path) as store:  # the Mix page draws exactly the saved mix
        assert composition["n"].tolist() == store.get("demo-30").record.counts["n"].tolist()


def test_a_mix_of_other_corpora_says_what_is_missing(store_path: Path) -> None:
    at = _review()
    at.selectbox(key="review_chosen").select("elsewhere").run()
    assert not at.exception, at.exception
    assert any("not loaded: other_real" in w.value.replace("\\", "") for w in at.warning)
    assert "review_open" not in [b.key for b in at.button]
    at.button(key="review_load").click().run()
    assert not at.exception, at.exception
    assert any("not in a folder the server allows" in e.value.replace("\\", "")
               for e in at.error)  # fmt: skip


def test_an_empty_store_says_how_to_save(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MIXSCOPE_STORE", str(tmp_path / "empty.sqlite"))
    at = _review()
    assert "No saved mix to review" in at.info[0].value


def _save_form_script() -> None:
    # runs inside AppTest: a small mix of two corpora and a stand-in evaluation of it
    from types import SimpleNamespace

    import pandas as pd
    import streamlit as st

    from components import review
    from mixscope.corpus import Corpus
    from mixscope.evaluation import Evaluation
    from mixscope.mixing import MixConfig, mix

    def corpus(name: str, role: str) -> Corpus:
        frame = pd.DataFrame({"source_row": range(40), "text": [f"{name} {i}" for i in range(40)]})
        return Corpus(name, role, frame, "text", origin=f"/data/{name}.csv")  # type: ignore[arg-type]

    corpora = [corpus("human", "real"), corpus("gen", "synthetic")]
    result = mix(corpora, MixConfig(synthetic_share=0.25, size=20, seed=3))
    table = pd.DataFrame({"metric": ["vendi"], "group": ["diversity"], "value": [5.0],
                          "ci_low": [4.0], "ci_high": [6.0], "noise_floor": [0.1],
                          "status": ["pass"], "settings": ["{}"]})  # fmt: skip
    evaluation = Evaluation(table, pd.DataFrame(), {"model_id": "stand-in", "sample_size": 20})
    review.save_form(corpora, result, SimpleNamespace(evaluation=evaluation))  # type: ignore[arg-type]
    st.json(review.review_of(corpora, result) or {})  # what the manifest would record


def test_the_save_form_saves_the_current_mix(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    path = tmp_path / "store.sqlite"
    monkeypatch.setenv("MIXSCOPE_STORE", str(path))
    at = AppTest.from_function(_save_form_script, default_timeout=TIMEOUT).run()
    assert not at.exception, at.exception
    at.text_input(key="save_name").input("small")
    at.text_input(key="review_author").input("Ann")
    at.text_area(key="save_comment").input("first look")
    at.button(key="save_submit").click().run()
    assert not at.exception, at.exception
    assert any("Saved as 'small' (version 1, draft)" in s.value.replace("\\", "")
               for s in at.success)  # fmt: skip
    with MixStore.open(path) as store:
        saved = store.get("small")
        assert (saved.author, saved.record.model_id) == ("Ann", "stand-in")
        assert saved.record.counts["n"].tolist() == [15, 5]
        assert store.history("small")["comment"].tolist() == ["first look"]
    recorded = json.loads(at.json[0].value)
    assert (recorded["name"], recorded["version"], recorded["status"]) == ("small", 1, "draft")
    at.button(key="save_submit").click().run()  # the same name again, without replace
    assert any("saved already" in e.value for e in at.error)
    at.checkbox(key="save_replace").check()
    at.button(key="save_submit").click().run()
    assert any("version 2" in s.value for s in at.success)
    json.dumps(MixStore.open(path).review_summary("small"))


def test_missing_corpora_are_read_again_from_the_server_and_the_mix_opens(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "server-data"
    root.mkdir()
    monkeypatch.setenv("MIXSCOPE_DATA_ROOTS", str(root))
    monkeypatch.setenv("MIXSCOPE_STORE", str(tmp_path / "store.sqlite"))
    for name, words in [("team_real", "river bank"), ("team_gen", "model output")]:
        texts = [f"{words} number {i} of the set" for i in range(120)]
        pd.DataFrame({"text": texts}).to_csv(root / f"{name}.csv", index=False)
    corpora = [load_corpus(root / "team_real.csv", role="real"),
               load_corpus(root / "team_gen.csv", role="synthetic")]  # fmt: skip
    config = MixConfig(synthetic_share=0.2, size=100, seed=2)
    with MixStore.open() as store:
        store.save("team", _record(corpora, config, {"vendi": 9.0, "exact_duplicate_rate": 0.0,
                                                     "topic_tvd": 0.1}))  # fmt: skip
    at = _review()
    at.selectbox(key="review_chosen").select("team").run()
    assert "review_open" not in [b.key for b in at.button]
    at.button(key="review_load").click().run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    names = [c.name for c in at.session_state["corpora"]]
    assert names[-2:] == ["team_real", "team_gen"]
    at.button(key="review_open").click().run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Mix" and at.session_state["mix_real"] == "team_real"
    composition = next(d.value for d in at.dataframe if "share" in d.value.columns)
    assert composition.set_index("source")["n"].to_dict() == {
        "team_real": 80,
        "synthetic_templated": 0,
        "synthetic_skewed": 0,
        "team_gen": 20,
    }


def test_a_corpus_changed_since_the_save_is_not_loaded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "server-data"
    root.mkdir()
    monkeypatch.setenv("MIXSCOPE_DATA_ROOTS", str(root))
    monkeypatch.setenv("MIXSCOPE_STORE", str(tmp_path / "store.sqlite"))
    path = root / "team_real.csv"
    pd.DataFrame({"text": [f"river text {i}" for i in range(50)]}).to_csv(path, index=False)
    corpora = [load_corpus(path, role="real")]
    with MixStore.open() as store:
        store.save("team", _record(corpora, MixConfig(size=40), {"vendi": 9.0,
                   "exact_duplicate_rate": 0.0, "topic_tvd": 0.1}))  # fmt: skip
    pd.DataFrame({"text": [f"edited text {i}" for i in range(50)]}).to_csv(path, index=False)
    at = _review()
    at.selectbox(key="review_chosen").select("team").run()
    at.button(key="review_load").click().run()
    assert not at.exception, at.exception
    assert any("has changed since the mix was saved" in e.value.replace("\\", "")
               for e in at.error)  # fmt: skip
    assert "team_real" not in [c.name for c in at.session_state["corpora"]]


def test_archiving_takes_a_mix_off_the_lists_and_restoring_brings_it_back(
    store_path: Path,
) -> None:
    at = _review()
    at.selectbox(key="review_chosen").set_value("demo-30").run()
    at.multiselect(key="review_compared").select("demo-30").select("demo-50").run()
    at.text_input(key="review_author").set_value("Lead")
    at.text_input(key="archive_comment").set_value("superseded by demo-50")
    at.button(key="archive_submit").click().run()
    assert not at.exception and not at.error
    assert any("Archived 'demo-30'" in s.value.replace("\\", "") for s in at.success)
    listed = at.dataframe[0].value
    assert listed["name"].tolist() == ["demo-50", "elsewhere"]
    assert at.selectbox(key="review_chosen").value == "demo-50"
    assert at.multiselect(key="review_compared").value == ["demo-50"]
    assert "demo-30" not in at.multiselect(key="review_compared").options
    archived = next(d.value for d in at.dataframe if "archived_utc" in d.value.columns)
    row = archived.iloc[0]
    assert (row["name"], row["comment"], row["author"]) == ("demo-30", "superseded by demo-50",
                                                            "Lead")  # fmt: skip
    with MixStore.open(store_path) as store:  # nothing deleted
        assert store.get("demo-30").version == 1
    at.selectbox(key="restore_chosen").set_value("demo-30")
    at.button(key="restore_submit").click().run()
    assert not at.exception and not at.error
    assert at.dataframe[0].value["name"].tolist() == ["demo-30", "demo-50", "elsewhere"]
    assert not any("archived_utc" in d.value.columns for d in at.dataframe)


def test_with_every_mix_archived_they_can_still_be_restored(store_path: Path) -> None:
    with MixStore.open(store_path) as store:
        for name in ("demo-30", "demo-50", "elsewhere"):
            store.archive(name)
    at = _review()
    assert any("No saved mix to review" in i.value for i in at.info)
    at.selectbox(key="restore_chosen").set_value("elsewhere")
    at.button(key="restore_submit").click().run()
    assert not at.exception and not at.error
    assert at.dataframe[0].value["name"].tolist() == ["elsewhere"]
