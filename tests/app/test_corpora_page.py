"""Corpora page (AppTest): the demo corpora, adding by path and upload, errors, embeddings."""

from pathlib import Path

import pandas as pd
from streamlit.testing.v1 import AppTest

from mixscope.corpus import load_demo_corpora

DEMO_NAMES = [c.name for c in load_demo_corpora()]
CSV = (
    'id,review\n1,The soup was cold but the bread was lovely.\n2,\n3,"Great service, warm room."\n'
)


def _overview(at: AppTest) -> pd.DataFrame:
    return at.dataframe[0].value


def _use_path(at: AppTest, path: Path) -> AppTest:
    at.radio(key="add_source").set_value("Path on the server").run()
    return at.text_input(key="add_path").set_value(str(path)).run()


def test_first_load_lists_the_three_demo_corpora(app: AppTest):
    overview = _overview(app)
    assert len(DEMO_NAMES) == 3
    assert overview["name"].tolist() == DEMO_NAMES
    assert overview["role"].tolist() == ["real", "synthetic", "synthetic"]
    assert (overview["documents"] > 0).all()
    assert list(overview.columns[:8]) == [
        "name",
        "role",
        "documents",
        "dropped",
        "text column",
        "format",
        "origin",
        "content hash",
    ]
    assert not app.error


def test_each_corpus_has_a_tab_with_its_details(app: AppTest):
    # labels are markdown, so names are escaped ("synthetic\\_skewed" shows as synthetic_skewed)
    assert [tab.label.replace("\\", "") for tab in app.tabs] == DEMO_NAMES
    metrics = {m.label: m.value for m in app.tabs[0].metric}
    assert metrics["Documents"] == f"{_overview(app)['documents'].iloc[0]:,}"


def test_a_file_given_by_path_is_detected_and_added(app: AppTest, data_root: Path):
    path = data_root / "cafe reviews.csv"
    path.write_text(CSV, encoding="utf-8")
    _use_path(app, path)
    assert app.selectbox(key="path_column").value == "review"  # detected, not "id"
    assert app.text_input(key="path_name").value == "cafe reviews"
    app.text_input(key="path_name").set_value("cafe")
    app.radio(key="path_role").set_value("synthetic")
    app.button(key="path_add").click().run()

    assert not app.exception and not app.error
    overview = _overview(app)
    added = overview.iloc[-1]
    assert overview["name"].tolist() == [*DEMO_NAMES, "cafe"]
    assert (added["role"], added["documents"], added["dropped"]) == ("synthetic", 2, 1)
    assert added["text column"] == "review"
    assert app.text_input(key="add_path").value == ""  # ready for the next file
    assert app.success


def test_an_unreadable_file_shows_an_error_and_changes_nothing(app: AppTest, data_root: Path):
    path = data_root / "numbers.csv"
    path.write_text("a,b\n1,2\n3,4\n", encoding="utf-8")  # no text column at all
    _use_path(app, path)
    assert len(app.error) == 1
    assert "numbers" in app.error[0].value
    assert _overview(app)["name"].tolist() == DEMO_NAMES
    assert "path_add" not in _button_keys(app)  # no form for a file that cannot be read


def test_a_missing_path_shows_an_error(app: AppTest, data_root: Path):
    _use_path(app, data_root / "nowhere.jsonl")
    assert len(app.error) == 1
    assert "not found" in app.error[0].value
    assert _overview(app)["name"].tolist() == DEMO_NAMES


def test_a_duplicate_name_is_refused(app: AppTest, data_root: Path):
    path = data_root / "more.csv"
    path.write_text(CSV, encoding="utf-8")
    _use_path(app, path)
    app.text_input(key="path_name").set_value(DEMO_NAMES[0])
    app.button(key="path_add").click().run()
    assert len(app.error) == 1
    assert "already loaded" in app.error[0].value
    assert _overview(app)["name"].tolist() == DEMO_NAMES


def test_uploaded_files_can_be_added(app: AppTest):
    app.file_uploader[0].set_value(("upload.csv", CSV.encode(), "text/csv")).run()
    form = [k for k in _button_keys(app) if k.startswith("upload_")]
    assert len(form) == 1
    app.button(key=form[0]).click().run()
    overview = _overview(app)
    assert overview["name"].tolist() == [*DEMO_NAMES, "upload"]
    assert overview["origin"].iloc[-1] == "upload:upload.csv"


def test_remove_and_reset(app: AppTest):
    app.button(key=f"remove_{DEMO_NAMES[2]}").click().run()
    assert _overview(app)["name"].tolist() == DEMO_NAMES[:2]
    next(b for b in app.button if b.label == "Reset to demo corpora").click().run()
    assert _overview(app)["name"].tolist() == DEMO_NAMES


def test_compute_embeddings_fills_the_cache_for_every_corpus(app: AppTest, cache_dir: Path):
    assert set(_overview(app)["embeddings"]) == {"not yet"}
    next(b for b in app.button if b.label == "Compute embeddings").click().run()
    assert not app.exception and not app.error
    assert set(_overview(app)["embeddings"]) == {"cached"}
    assert list((cache_dir / "embeddings").iterdir())  # written to the persistent cache


def _button_keys(at: AppTest) -> list[str]:
    return [b.key for b in at.button if b.key]


def test_several_uploads_each_get_a_form_with_a_guessed_role_and_stay_until_added(app: AppTest):
    other = CSV.replace("soup", "stew").encode()
    app.file_uploader[0].set_value(
        [("mine.csv", CSV.encode(), "text/csv"), ("generated.csv", other, "text/csv")]
    ).run()
    forms = [k.removesuffix("_add") for k in _button_keys(app) if k.startswith("upload_")]
    assert len(forms) == 2
    # the first file is the user's real corpus, the others synthetic (editable)
    assert [app.radio(key=f"{f}_role").value for f in forms] == ["real", "synthetic"]
    app.button(key=f"{forms[0]}_add").click().run()
    assert _overview(app)["name"].tolist() == [*DEMO_NAMES, "mine"]
    # the second file's form is still there: adding the first did not empty the uploader
    left = [k for k in _button_keys(app) if k.startswith("upload_")]
    assert left == [f"{forms[1]}_add"]
    assert app.radio(key=f"{forms[1]}_role").value == "synthetic"
    app.button(key=left[0]).click().run()
    assert _overview(app)["name"].tolist() == [*DEMO_NAMES, "mine", "generated"]
    assert not [k for k in _button_keys(app) if k.startswith("upload_")]  # uploader emptied
    assert app.session_state["mix_real"] == "mine"  # the user's real corpus is the one mixed


def test_a_removal_can_be_undone_in_place(app: AppTest):
    app.button(key=f"remove_{DEMO_NAMES[1]}").click().run()
    assert _overview(app)["name"].tolist() == [DEMO_NAMES[0], DEMO_NAMES[2]]
    assert any(DEMO_NAMES[1].replace("_", "\\_") in i.value for i in app.info)
    app.button(key="undo_remove").click().run()
    assert _overview(app)["name"].tolist() == DEMO_NAMES
    assert not any("Removed" in i.value for i in app.info)


def test_languages_are_detected_once_per_corpus_and_kept_for_the_index(
    app: AppTest, data_root: Path, cache_dir: Path
):
    german = (
        "text\n"
        + '"Der Ausschuss wird sich nächste Woche erneut treffen, um den Haushalt zu besprechen."\n'
        + "Die Kinder spielen jeden Nachmittag im Garten hinter dem alten Haus.\n"
    )
    path = data_root / "german.csv"
    path.write_text(german, encoding="utf-8")
    _use_path(app, path)
    app.button(key="path_add").click().run()
    assert not app.exception and not app.error
    overview = _overview(app)
    assert overview.set_index("name").loc["german", "not English"] == 1.0
    assert (overview["not English"].iloc[:3] < 0.2).all()  # the demo corpora are English
    # one stored entry per corpus content: the index build takes them instead of detecting
    entries = list((cache_dir / "indexes" / "languages").glob("*.npz"))
    assert len(entries) == len(DEMO_NAMES) + 1
    assert not app.get("progress")  # the bar is gone once detection ends
