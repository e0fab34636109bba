"""``mixscope save``, ``list``, ``review`` and ``compare`` end to end, on small files cut from
the demo corpora (lexical embedder); every failure is one line and exit status 2."""

from __future__ import annotations

import json
import sqlite3
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from mixscope.cli import main
from mixscope.mixing import load_spec_corpora, parse_spec
from mixscope.store import SCHEMA_VERSION, MixStore

DATA = Path(__file__).resolve().parents[1] / "data"
FAST = ["--model", "lexical", "--sample-size", "100", "--n-boot", "5"]
SPEC = """
[mix]
synthetic_share = 0.2
size = 200
seed = 1

[[corpus]]
path = "real.csv"
role = "real"

[[corpus]]
path = "templated.csv"
role = "synthetic"
"""


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Small corpora, a spec, and a store holding "low" (the spec, share 0.2) and "high" (the
    options, share 0.5 of two synthetic sources)."""
    root = tmp_path_factory.mktemp("cli-store")
    for name, source, rows in [("real", "real", 240), ("templated", "synthetic_templated", 120),
                               ("skewed", "synthetic_skewed", 120)]:  # fmt: skip
        pd.read_csv(DATA / f"{source}.csv", nrows=rows).to_csv(root / f"{name}.csv", index=False)
    (root / "spec.toml").write_text(SPEC, encoding="utf-8")
    store = str(root / "store.sqlite")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MIXSCOPE_CACHE_DIR", str(root / "cache"))
        patch.delenv("MIXSCOPE_STORE", raising=False)
        assert main(["save", "low", "--spec", str(root / "spec.toml"), "--store", store,
                     "--author", "Ann", *FAST]) == 0  # fmt: skip
        assert main(["save", "high", "--real", str(root / "real.csv"), "--synthetic",
                     str(root / "templated.csv"), "--synthetic", str(root / "skewed.csv"),
                     "--weights", "1,3", "--synthetic-share", "0.5", "--size", "200",
                     "--store", store, "--author", "Bo", *FAST]) == 0  # fmt: skip
        yield root


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    status = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err


def assert_one_line_error(status: int, err: str, fragment: str) -> None:
    assert status == 2
    assert err.startswith("mixscope: error: ") and err.count("\n") == 1, err
    assert "Traceback" not in err and fragment in err, err


def test_save_keeps_spec_inputs_composition_and_metrics(folder: Path) -> None:
    with MixStore.open(folder / "store.sqlite") as store:
        low, high = store.get("low"), store.get("high")
    assert (low.author, high.author, low.status) == ("Ann", "Bo", "draft")
    assert [i.name for i in high.record.inputs] == ["real", "templated", "skewed"]
    assert high.record.counts["n"].tolist() == [100, 25, 75]  # share 0.5, weights 1:3
    assert low.record.model_id == high.record.model_id and low.record.model_id
    assert set(low.record.table["status"]) <= {"pass", "warn", "fail", "n/a"}
    assert len(low.record.table) > 20 and low.record.evaluation["sample_size"] == 100
    for saved in (low, high):  # the stored spec reads back anywhere: absolute paths, names
        spec = parse_spec(tomllib.loads(saved.record.spec))
        assert all(Path(c.path).is_absolute() for c in spec.corpora)
        hashes = [c.content_hash for c in load_spec_corpora(spec)]
        assert hashes == [i.content_hash for i in saved.record.inputs]
    assert parse_spec(tomllib.loads(high.record.spec)).config.weights == (1.0, 3.0)


def test_list_prints_status_share_and_verdict(
    folder: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MIXSCOPE_STORE", str(folder / "store.sqlite"))  # no --store
    status, out, _ = run(capsys, "list")
    assert status == 0
    header, *lines = out.splitlines()
    assert header.split()[:6] == ["name", "version", "status", "share", "documents", "verdict"]
    assert [line.split()[:4] for line in lines] == [["high", "1", "draft", "0.5"],
                                                    ["low", "1", "draft", "0.2"]]  # fmt: skip
    status, out, _ = run(capsys, "list", "--json")
    listed = json.loads(out)
    assert [m["name"] for m in listed] == ["high", "low"]
    assert all(m["verdict"] in {"pass", "warn", "fail"} and m["n_documents"] == 200
               for m in listed)  # fmt: skip


def test_review_records_a_decision_and_its_history(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = folder / "store.sqlite"
    status, out, _ = run(capsys, "review", "low", "--status", "rejected", "--comment",
                         "too templated", "--author", "Lead", "--store", store)  # fmt: skip
    assert status == 0 and out == "low version 1: rejected\n"
    argv = ["review", "low", "--status", "approved", "--comment", "ok after all", "--history"]
    status, out, _ = run(capsys, *argv, "--author", "Lead", "--store", store)
    assert status == 0
    assert [line.split()[3] for line in out.splitlines()[1:]] == ["draft", "rejected", "approved"]
    assert "Lead: ok after all" in out
    with MixStore.open(store) as opened:
        assert opened.get("low").status == "approved"


def test_compare_prints_and_writes_deltas_and_statuses(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_file = folder / "compare.json"
    status, out, _ = run(capsys, "compare", "low", "high", "--store", folder / "store.sqlite",
                         "--json", out_file)  # fmt: skip
    assert status == 0
    assert "low value" in out and "high delta" in out and f"wrote {out_file}" in out
    report = json.loads(out_file.read_text(encoding="utf-8"))
    assert [m["name"] for m in report["mixes"]] == ["low", "high"]
    assert [c["n"] for c in report["mixes"][1]["composition"]] == [100, 25, 75]
    vendi = next(m for m in report["metrics"] if m["metric"] == "vendi")
    low, high = vendi["values"]
    assert (low["mix"], high["mix"], low["delta"]) == ("low", "high", 0.0)
    assert high["delta"] == pytest.approx(high["value"] - low["value"])
    assert {low["status"], high["status"]} <= {"pass", "warn", "fail"}
    assert report["notes"] == []  # same model, options and real corpus


def test_a_taken_name_is_refused_before_any_work_and_replace_adds_a_version(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    monkeypatch.setenv("MIXSCOPE_CACHE_DIR", str(folder / "cache"))
    store = tmp_path / "store.sqlite"
    spec = folder / "spec.toml"
    assert run(capsys, "save", "m", "--spec", spec, "--store", store, *FAST)[0] == 0
    status, _, err = run(capsys, "save", "m", "--spec", spec, "--store", store, "--model",
                         "no-such-model")  # fmt: skip
    assert_one_line_error(status, err, "saved already")  # refused before loading the model
    status, out, _ = run(capsys, "save", "m", "--spec", spec, "--store", store, "--replace",
                         "--comment", "rerun", *FAST)  # fmt: skip
    assert status == 0 and "version 2 (draft)" in out
    with MixStore.open(store) as opened:
        assert opened.history("m")["comment"].tolist() == ["saved", "rerun"]


def test_errors_are_one_line(folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    store = folder / "store.sqlite"
    for argv, fragment in [
        (["review", "nope", "--status", "approved", "--comment", "x"], "no saved mix 'nope'"),
        (["review", "low", "--status", "approve", "--comment", "x"], "must be one of"),
        (["review", "low", "--status", "rejected"], "say why in a comment"),
        (["compare", "low", "nope"], "no saved mix 'nope'"),
        (["compare", "low"], "two or more different saved mixes"),
        (["compare", "low", "low"], "two or more different saved mixes"),
    ]:
        status, _, err = run(capsys, *argv, "--store", store)
        assert_one_line_error(status, err, fragment)
    garbage = tmp_path / "garbage.sqlite"
    garbage.write_bytes(b"not a database " * 200)
    assert_one_line_error(*run(capsys, "list", "--store", garbage)[::2], "not a readable")
    blocked = tmp_path / "a-file"
    blocked.write_text("x")
    assert_one_line_error(*run(capsys, "list", "--store", blocked / "s.sqlite")[::2],
                          "cannot create the store's folder")  # fmt: skip
    newer = tmp_path / "newer.sqlite"
    conn = sqlite3.connect(newer)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    assert_one_line_error(*run(capsys, "list", "--store", newer)[::2], "newer MixScope")


def test_the_report_of_a_saved_mix_records_its_review(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = folder / "store.sqlite"
    monkeypatch.setenv("MIXSCOPE_CACHE_DIR", str(folder / "cache"))
    monkeypatch.setenv("MIXSCOPE_STORE", str(store))
    assert main(["review", "low", "--status", "approved", "--comment", "fine <b>by</b> me",
                 "--author", "Lead"]) == 0  # fmt: skip
    html = tmp_path / "report.html"
    assert main(["report", "--spec", str(folder / "spec.toml"), "--html", str(html),
                 *FAST]) == 0  # fmt: skip
    page = html.read_text(encoding="utf-8")
    assert "approved" in page and "fine &lt;b&gt;by&lt;/b&gt; me" in page  # escaped
    # a mix that was never saved has no review, and no store is created for it
    monkeypatch.setenv("MIXSCOPE_STORE", str(tmp_path / "none.sqlite"))
    assert main(["report", "--spec", str(folder / "spec.toml"), "--html", str(html),
                 *FAST]) == 0  # fmt: skip
    assert "fine &lt;b&gt;by&lt;/b&gt; me" not in html.read_text(encoding="utf-8")
    assert not (tmp_path / "none.sqlite").exists()


def test_the_manifest_of_a_saved_mix_records_its_review(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MIXSCOPE_STORE", str(folder / "store.sqlite"))
    assert main(["review", "low", "--status", "rejected", "--comment", "too few",
                 "--author", "Lead"]) == 0  # fmt: skip
    manifest = tmp_path / "manifest.json"
    assert main(["mix", "--spec", str(folder / "spec.toml"), "--out", str(tmp_path / "m.csv"),
                 "--manifest", str(manifest)]) == 0  # fmt: skip
    review = json.loads(manifest.read_text(encoding="utf-8"))["review"]
    assert review["name"] == "low" and review["status"] == "rejected"


def test_compare_takes_versions_of_one_mix(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = folder / "store.sqlite"
    with MixStore.open(store) as opened:
        opened.save("low", opened.get("low").record, replace=True, comment="same again")
    out_file = folder / "versions.json"
    status, out, _ = run(capsys, "compare", "low@1", "low", "--store", store, "--json", out_file)
    assert status == 0
    assert "low@1: " in out and "low@2: draft" in out  # low was reviewed by then, or not
    assert "low@1 value" in out and "low@2 delta" in out
    report = json.loads(out_file.read_text(encoding="utf-8"))
    mixes = [(m["name"], m["version"], m["label"]) for m in report["mixes"]]
    assert mixes == [("low", 1, "low@1"), ("low", 2, "low@2")]
    vendi = next(m for m in report["metrics"] if m["metric"] == "vendi")
    assert [v["delta"] for v in vendi["values"]] == [0.0, 0.0]  # the same record twice
    status, _, err = run(capsys, "compare", "low@2", "low", "--store", store)
    assert_one_line_error(status, err, "two or more different saved mixes")


def test_archive_hides_a_mix_from_list_and_restore_brings_it_back(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = tmp_path / "store.sqlite"
    with MixStore.open(folder / "store.sqlite") as source, MixStore.open(store) as copy:
        for name in ("low", "high"):
            copy.save(name, source.get(name).record)
    status, out, _ = run(capsys, "archive", "low", "--comment", "superseded", "--author", "Lead",
                         "--store", store)  # fmt: skip
    assert status == 0 and "low (1 version(s), latest draft): archived" in out
    status, out, _ = run(capsys, "list", "--store", store)
    assert status == 0 and "high" in out and "low " not in out
    assert "1 archived (mixscope list --archived)" in out
    status, out, _ = run(capsys, "list", "--archived", "--json", "--store", store)
    (row,) = json.loads(out)
    assert (row["name"], row["comment"], row["author"]) == ("low", "superseded", "Lead")
    status, _, err = run(capsys, "review", "low", "--status", "approved", "--comment", "x",
                         "--store", store)  # fmt: skip
    assert_one_line_error(status, err, "'low' is archived and takes no review")
    status, out, _ = run(capsys, "compare", "low", "high", "--store", store)  # still opens
    assert status == 0 and "low value" in out
    assert run(capsys, "archive", "low", "--restore", "--store", store)[0] == 0
    status, out, _ = run(capsys, "list", "--store", store)
    assert "low" in out and "archived" not in out
    status, _, err = run(capsys, "archive", "low", "--restore", "--store", store)
    assert_one_line_error(status, err, "'low' is not archived")
