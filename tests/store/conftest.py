"""Records for the store tests: small metric tables with known values, no evaluation run."""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

import pandas as pd
import pytest

from mixscope.mixing import MixConfig, MixSpec, dump_spec
from mixscope.mixing.spec import CorpusSpec
from mixscope.store import Input, MixRecord, MixStore

#: metric -> (group, value, status) of the default record
TABLE = {
    "vendi": ("diversity", 40.0, "pass"),
    "exact_duplicate_rate": ("duplication", 0.01, "warn"),
    "precision": ("fidelity", math.nan, "n/a"),
    "topic_tvd": ("bias", 0.3, "fail"),
}

MakeRecord = Callable[..., MixRecord]


def make_record(
    *, share: float = 0.3, values: Mapping[str, float] | None = None,
    statuses: Mapping[str, str] | None = None, model_id: str = "lexical-hash-v1",
    real_hash: str = "a" * 32, sample_size: int = 200, embedder_id: str | None = None,
) -> MixRecord:  # fmt: skip
    """A record of a two-corpus mix at ``share`` whose metric table is :data:`TABLE` with
    ``values`` and ``statuses`` changed (``embedder_id``: recorded in its evaluation if given,
    as newer evaluations do)."""
    values, statuses = values or {}, statuses or {}
    rows = [
        {"metric": m, "group": g, "value": values.get(m, v),
         "ci_low": values.get(m, v) - 1 if m == "vendi" else math.nan,
         "ci_high": values.get(m, v) + 1 if m == "vendi" else math.nan,
         "noise_floor": 0.5 if m == "vendi" else math.nan, "status": statuses.get(m, s),
         "settings": json.dumps({"sample_size": sample_size, "metric": m})}
        for m, (g, v, s) in TABLE.items()
    ]  # fmt: skip
    size = 100
    n_syn = round(share * size)
    spec = MixSpec(
        MixConfig(synthetic_share=share, size=size, seed=7),
        (CorpusSpec("/data/real.csv", "real", name="real"),
         CorpusSpec("/data/gen.jsonl", "synthetic", name="gen")),
    )  # fmt: skip
    return MixRecord(
        spec=dump_spec(spec),
        inputs=(Input("real", "real", "/data/real.csv", real_hash, 400),
                Input("gen", "synthetic", "/data/gen.jsonl", "b" * 32, 200)),
        table=pd.DataFrame(rows),
        counts=pd.DataFrame({"source": ["real", "gen"], "role": ["real", "synthetic"],
                             "n": [size - n_syn, n_syn]}),
        model_id=model_id,
        evaluation={"sample_size": sample_size, "n_boot": 20, "seed": 7, "model_id": model_id}
        | ({} if embedder_id is None else {"embedder_id": embedder_id}),
    )  # fmt: skip


@pytest.fixture
def record() -> MakeRecord:
    """:func:`make_record`, as a fixture."""
    return make_record


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "stores" / "store.sqlite"


@pytest.fixture
def store(store_path: Path) -> Iterator[MixStore]:
    with MixStore.open(store_path) as opened:
        yield opened
