"""Hugging Face datasets as corpora: a ``save_to_disk`` folder, a data-files folder or a Hub name.

Hub names are read from the local cache only unless the caller opts in (``offline=False``):
nothing is downloaded by default. The limits of :func:`~mixscope.corpus.load.load_corpus` apply:
each Arrow batch is measured (and checked for invalid UTF-8) before it becomes pandas.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
import pyarrow as pa

from mixscope.corpus.assemble import assemble
from mixscope.corpus.corpus import Corpus, CorpusError, Role, first_line
from mixscope.corpus.limits import MAX_COLUMNS, Budget
from mixscope.corpus.parquet import decoded_size
from mixscope.corpus.records import DEFAULT_CHUNK_ROWS, Chunk

if TYPE_CHECKING:
    import datasets


def load_hf_dataset(
    name_or_path: str,
    *,
    split: str = "train",
    config: str | None = None,
    role: Role = "real",
    text_column: str | None = None,
    name: str | None = None,
    offline: bool = True,
    chunk_rows: int = 10_000,
    max_rows: int | None = None,
    max_text_bytes: int | None = None,
    max_columns: int | None = MAX_COLUMNS,
) -> Corpus:
    """Load one split of a Hugging Face dataset through the ``datasets`` library.

    Parameters
    ----------
    name_or_path : str
        A folder written by ``Dataset.save_to_disk``, a folder of data files, or a Hub name.
    split : str, default="train"
    config : str, optional
        Dataset configuration (subset) name.
    role, text_column, chunk_rows, max_rows, max_text_bytes, max_columns
        As in :func:`load_corpus`: ``max_rows`` and ``max_columns`` are checked before reading,
        ``max_text_bytes`` on each batch's decoded Arrow size before it is converted.
    name : str, optional
        Default: the last part of ``name_or_path``.
    offline : bool, default=True
        Hub names are looked up in the local cache only; ``offline=False`` allows a download.

    Raises
    ------
    CorpusError
        Dataset not available (offline: says how to opt in), unknown split, a limit crossed,
        data that is not valid UTF-8, or the same content errors as :func:`load_corpus`.
    """
    origin = f"hf:{name_or_path}:{split}"
    budget = Budget(origin, max_rows, max_text_bytes, max_columns)
    dataset = open_hf_dataset(name_or_path, split=split, config=config, offline=offline)
    if max_rows is not None and len(dataset) > max_rows:
        raise CorpusError(
            f"{origin} has {len(dataset)} rows, more than max_rows={max_rows}; "
            "pass a larger max_rows (or None for no limit)"
        )
    budget.check_columns(len(dataset.column_names))
    documents, dropped, column = assemble(
        iter_hf_chunks(dataset, chunk_rows=chunk_rows, budget=budget),
        text_column=text_column,
        origin=origin,
    )
    label = name or Path(name_or_path.rstrip("/\\")).name or name_or_path
    return Corpus(label, role, documents, column, dropped, origin, "hf")


def open_hf_dataset(
    name_or_path: str, *, split: str = "train", config: str | None = None, offline: bool = True
) -> datasets.Dataset:
    """One split of a Hugging Face dataset: a ``save_to_disk`` folder, a data-files folder, or
    a Hub name (from the local cache unless ``offline=False``)."""
    import datasets

    path = Path(name_or_path)
    local = path.exists()
    try:
        with _hub_mode(offline=offline):
            if local and _is_saved_dataset(path):
                loaded = datasets.load_from_disk(str(path))
            else:
                loaded = datasets.load_dataset(name_or_path, config, split=split)
    except (ConnectionError, FileNotFoundError) as err:
        if offline and not local:
            raise CorpusError(
                f"Hugging Face dataset {name_or_path!r} is not available offline (not in the "
                "local cache); pass offline=False to download it from the Hub, or a local path"
            ) from None
        raise CorpusError(f"could not load {name_or_path!r}: {first_line(err)}") from None
    except Exception as err:  # datasets raises many types; show the message, not a traceback
        raise CorpusError(f"could not load {name_or_path!r}: {first_line(err)}") from None
    if isinstance(loaded, datasets.DatasetDict):
        if split not in loaded:
            raise CorpusError(f"split {split!r} not in {name_or_path!r}; found {list(loaded)}")
        loaded = loaded[split]
    assert isinstance(loaded, datasets.Dataset)
    return loaded


def iter_hf_chunks(
    dataset: datasets.Dataset,
    *,
    chunk_rows: int = DEFAULT_CHUNK_ROWS,
    budget: Budget | None = None,
) -> Iterator[Chunk]:
    """A Hugging Face ``Dataset`` as reader chunks (Arrow batches converted one at a time, each
    measured against ``budget`` and checked for invalid UTF-8 first)."""
    budget = budget or Budget("Hugging Face dataset")
    tables = dataset.with_format("arrow").iter(batch_size=chunk_rows)
    frames = dataset.to_pandas(batch_size=chunk_rows, batched=True)
    start = 0
    for table in tables:
        assert isinstance(table, pa.Table)
        budget.add_text(decoded_size(table))
        budget.add_rows(table.num_rows, table.num_columns)
        try:
            table.validate(full=True)
        except pa.ArrowInvalid as err:
            raise CorpusError(
                f"{budget.origin}: invalid data in rows {start} to {start + table.num_rows - 1} "
                f"({first_line(err)}); the dataset's Arrow files are damaged"
            ) from None
        frame = next(frames)
        frame.index = pd.RangeIndex(start, start + len(frame))
        start += len(frame)
        yield Chunk(frame)
    if start == 0:
        yield Chunk(pd.DataFrame(columns=dataset.column_names))


def _is_saved_dataset(path: Path) -> bool:
    markers = ("dataset_info.json", "state.json", "dataset_dict.json")
    return path.is_dir() and any((path / m).exists() for m in markers)


@contextmanager
def _hub_mode(*, offline: bool) -> Iterator[None]:
    """Force Hub offline mode on or off for one call (both libraries read it at import time)."""
    import datasets.config
    import huggingface_hub.constants

    modules: list[Any] = [datasets.config, huggingface_hub.constants]
    saved = [m.HF_HUB_OFFLINE for m in modules]
    for m in modules:
        m.HF_HUB_OFFLINE = offline
    try:
        yield
    finally:
        for m, value in zip(modules, saved, strict=True):
            m.HF_HUB_OFFLINE = value
