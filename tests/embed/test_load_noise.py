"""Loading the real model prints no known-harmless report; a damaged model's report gets through."""

from __future__ import annotations

import logging
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from safetensors.numpy import load_file, save_file

from mixscope.embed import SentenceTransformerEmbedder
from mixscope.embed.load_noise import harmless, quiet_known_noise
from mixscope.embed.sentence_transformer import _default_model_path

REPORT = (
    "\x1b[1mBertModel LOAD REPORT\x1b[0m from: /models/minilm\n"
    "Key                     | Status     |  | \n"
    "------------------------+------------+--+-\n"
    "{rows}\n"
    "\x1b[3mNotes:\n- UNEXPECTED\x1b[3m\t:can be ignored when loading from different task\x1b[0m"
)
POSITION_IDS = "embeddings.position_ids | \x1b[38;5;208mUNEXPECTED\x1b[0m |  | "
MISSING = "encoder.layer.0.output.dense.weight | \x1b[31mMISSING\x1b[0m |  | "


def test_only_the_position_ids_report_and_the_loss_type_line_are_harmless() -> None:
    assert harmless(REPORT.format(rows=POSITION_IDS))
    assert not harmless(REPORT.format(rows=f"{POSITION_IDS}\n{MISSING}"))
    assert not harmless(REPORT.format(rows=MISSING))
    assert not harmless(REPORT.format(rows=""))  # a report with no rows we understand
    assert harmless("`loss_type=None` was set in the config but it is unrecognized. Using ...")
    assert not harmless("`loss_type=foo` was set in the config but it is unrecognized.")
    assert not harmless("embeddings.position_ids | UNEXPECTED")  # not a load report


class _Kept(logging.Handler):
    """Every record that reaches transformers' library logger (what its handler prints)."""

    def __init__(self) -> None:
        super().__init__()
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@pytest.fixture
def kept() -> Iterator[list[str]]:
    handler = _Kept()
    library = logging.getLogger("transformers")
    library.addHandler(handler)
    yield handler.messages
    library.removeHandler(handler)


def test_the_filter_acts_only_inside_the_block(kept: list[str]) -> None:
    logger = logging.getLogger("transformers.modeling_utils")
    with quiet_known_noise():
        logger.warning(REPORT.format(rows=POSITION_IDS))
        logger.warning(REPORT.format(rows=MISSING))
    logger.warning(REPORT.format(rows=POSITION_IDS))
    assert len(kept) == 2 and "MISSING" in kept[0] and "MISSING" not in kept[1]
    assert not logger.filters


@pytest.mark.model
def test_the_bundled_model_loads_silently(
    tmp_path: Path, capfd: pytest.CaptureFixture[str], kept: list[str]
) -> None:
    SentenceTransformerEmbedder(cache_root=tmp_path)
    err = capfd.readouterr().err
    assert "LOAD REPORT" not in err and "Loading weights" not in err
    assert not [m for m in kept if "LOAD REPORT" in m]


@pytest.mark.model
def test_a_model_missing_a_weight_still_says_so(tmp_path: Path, kept: list[str]) -> None:
    model = tmp_path / "damaged"
    shutil.copytree(_default_model_path(), model)
    weights = load_file(model / "model.safetensors")
    dropped = "encoder.layer.0.output.dense.weight"
    assert dropped in weights
    del weights[dropped]
    save_file(weights, model / "model.safetensors")
    SentenceTransformerEmbedder(model, cache_root=tmp_path / "cache")
    (report,) = [m for m in kept if "LOAD REPORT" in m]
    assert dropped in report and "MISSING" in report
