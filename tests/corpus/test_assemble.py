"""Text-column detection, the drop rules, and Hugging Face datasets from local folders."""

from __future__ import annotations

from pathlib import Path

import datasets
import datasets.config
import huggingface_hub.constants
import numpy as np
import pandas as pd
import pytest

from mixscope.corpus import (
    BadRecord,
    Chunk,
    CorpusError,
    assemble,
    describe,
    detect_text_column,
    load_corpus,
    load_hf_dataset,
)

# --- detect_text_column ----------------------------------------------------------------------


def test_a_common_name_beats_a_longer_column() -> None:
    frame = pd.DataFrame({"notes": ["a much longer string than the text"] * 3, "Text": ["x y"] * 3})
    assert detect_text_column(frame) == "Text"


def test_common_names_have_an_order_of_preference() -> None:
    frame = pd.DataFrame({"prompt": ["question?"], "response": ["the answer"], "id": ["r1"]})
    assert detect_text_column(frame) == "response"


def test_without_a_common_name_the_longest_text_column_wins() -> None:
    frame = pd.DataFrame(
        {
            "uuid": ["123e4567-e89b-12d3-a456-426614174000"] * 2,
            "label": ["pos", "neg"],
            "passage": ["a passage of some length here", "another passage of text"],
        }
    )
    assert detect_text_column(frame) == "uuid"  # honest: a hex id has letters and is longest
    frame["uuid"] = ["1234567890123456789012345678901234567890"] * 2
    assert detect_text_column(frame) == "passage"


def test_columns_that_are_mostly_not_strings_do_not_qualify() -> None:
    frame = pd.DataFrame(
        {
            "score": np.arange(4.0),
            "flags": [True, False, True, True],
            "blob": [{"k": "a long string value inside a dict"}] * 4,
            "mixed": ["short", 1, 2, 3],
            "words": ["ok", "yes", "no", "fine"],
        }
    )
    assert detect_text_column(frame) == "words"
    with pytest.raises(CorpusError, match=r"no text column.*score \(0% text\)"):
        detect_text_column(frame.drop(columns="words"))


def test_a_single_column_is_the_text_column() -> None:
    assert detect_text_column(pd.DataFrame({"anything": [1, 2]})) == "anything"


def test_blank_and_missing_values_do_not_count_against_a_column() -> None:
    frame = pd.DataFrame({"id": ["1", "2", "3", "4"], "blurb": ["", None, "  ", "Real words"]})
    assert detect_text_column(frame) == "blurb"


# --- assemble --------------------------------------------------------------------------------


def test_assemble_accounts_for_every_record_across_chunks() -> None:
    chunks = [
        Chunk(
            pd.DataFrame({"text": ["a b", None]}, index=[0, 2]), (BadRecord(1, "malformed", "{"),)
        ),
        Chunk(pd.DataFrame({"text": [" ", "c d"], "extra": [1, 2]}, index=[3, 4])),
        Chunk(pd.DataFrame({"other": ["x y z"]}, index=[5])),  # a record without the text key
    ]
    documents, dropped, column = assemble(chunks, origin="t")
    assert column == "text"
    assert list(documents.columns) == ["source_row", "text", "extra", "other"]
    assert documents["source_row"].tolist() == [0, 4]
    assert documents["text"].tolist() == ["a b", "c d"]
    assert np.isnan(documents["extra"].iloc[0]) and documents["extra"].iloc[1] == 2
    assert dropped.to_dict(orient="list") == {
        "source_row": [1, 2, 3, 5],
        "reason": ["malformed", "missing", "empty", "missing"],
        "value": ["{", "", " ", ""],
    }


def test_assemble_rejects_no_records_and_an_unknown_column() -> None:
    with pytest.raises(CorpusError, match=r"x contains no records$"):
        assemble([Chunk(pd.DataFrame())], origin="x")
    chunk = Chunk(pd.DataFrame({"body": ["hi there"], "id": [1]}))
    with pytest.raises(
        CorpusError, match=r"'text' not found in x; available columns: \['body', 'id'\]"
    ):
        assemble([chunk], text_column="text", origin="x")


# --- Hugging Face ----------------------------------------------------------------------------

HF_ROWS = {"sentence": ["the first one", "", "the third one"], "label": [0, 1, 0]}


def test_hf_dataset_saved_to_disk(tmp_path: Path) -> None:
    datasets.Dataset.from_dict(HF_ROWS).save_to_disk(str(tmp_path / "sst"))
    corpus = load_hf_dataset(str(tmp_path / "sst"), role="synthetic")
    assert (corpus.name, corpus.role, corpus.format) == ("sst", "synthetic", "hf")
    assert corpus.origin == f"hf:{tmp_path / 'sst'}:train"
    assert corpus.text_column == "sentence"
    assert corpus.documents.to_dict(orient="list") == {
        "source_row": [0, 2],
        "text": ["the first one", "the third one"],
        "label": [0, 0],
    }
    assert corpus.dropped["reason"].tolist() == ["empty"]
    assert describe(corpus)["n_documents"] == 2


def test_hf_dataset_dict_split_choice(tmp_path: Path) -> None:
    splits = {
        "train": datasets.Dataset.from_dict(HF_ROWS),
        "test": datasets.Dataset.from_dict({"sentence": ["held out"], "label": [1]}),
    }
    datasets.DatasetDict(splits).save_to_disk(str(tmp_path / "dd"))
    corpus = load_hf_dataset(str(tmp_path / "dd"), split="test", name="heldout", chunk_rows=1)
    assert corpus.name == "heldout"
    assert corpus.documents["text"].tolist() == ["held out"]
    with pytest.raises(CorpusError, match=r"split 'dev' not in .*\['train', 'test'\]"):
        load_hf_dataset(str(tmp_path / "dd"), split="dev")


def test_hf_folder_of_data_files_equals_load_corpus(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(datasets.config, "HF_DATASETS_CACHE", str(tmp_path / "cache"))
    folder = tmp_path / "files"
    folder.mkdir()
    pd.DataFrame(HF_ROWS).to_csv(folder / "train.csv", index=False)
    from_hf = load_hf_dataset(str(folder))
    from_file = load_corpus(folder / "train.csv")
    assert from_hf.content_hash == from_file.content_hash
    assert from_hf.documents["source_row"].tolist() == [0, 2]


def test_hf_text_column_override_and_row_limit(tmp_path: Path) -> None:
    datasets.Dataset.from_dict(HF_ROWS).save_to_disk(str(tmp_path / "d"))
    with pytest.raises(CorpusError, match=r"'content' not found.*\['sentence', 'label'\]"):
        load_hf_dataset(str(tmp_path / "d"), text_column="content")
    with pytest.raises(CorpusError, match="3 rows, more than max_rows=2"):
        load_hf_dataset(str(tmp_path / "d"), max_rows=2)


def test_missing_hub_dataset_offline_is_a_one_line_error() -> None:
    with pytest.raises(CorpusError) as info:
        load_hf_dataset("mixscope-tests/no-such-dataset")
    message = str(info.value)
    assert "\n" not in message
    assert "not available offline" in message
    assert "offline=False" in message and "local path" in message


def test_the_offline_switch_is_restored_after_a_call(tmp_path: Path) -> None:
    datasets.Dataset.from_dict(HF_ROWS).save_to_disk(str(tmp_path / "d"))
    before = (datasets.config.HF_HUB_OFFLINE, huggingface_hub.constants.HF_HUB_OFFLINE)
    load_hf_dataset(str(tmp_path / "d"), offline=False)
    with pytest.raises(CorpusError):
        load_hf_dataset("mixscope-tests/no-such-dataset")
    assert before == (datasets.config.HF_HUB_OFFLINE, huggingface_hub.constants.HF_HUB_OFFLINE)
