"""Store: saved mixes, their metric tables at save time, and their reviews, in one SQLite file.

Beside the pipeline: it keeps what the stages produced so a lead can review it later.
:mod:`~mixscope.store.record` says what a saved mix is (its spec, inputs with content hashes,
composition and metric table); :mod:`~mixscope.store.store` keeps them (:class:`MixStore`:
transactions, versions, review history) and :mod:`~mixscope.store.rows` writes and reads its
rows; :mod:`~mixscope.store.schema` has the tables and their migrations,
:mod:`~mixscope.store.paths` where the file lives (``$MIXSCOPE_STORE``), and
:mod:`~mixscope.store.compare` puts saved mixes side by side.
"""

from mixscope.store.compare import (
    COMPARE_COLUMNS,
    comparability,
    compare_table,
    composition,
    mix_labels,
    relative_changes,
    side_by_side,
)
from mixscope.store.errors import MixNotFound, StoreError
from mixscope.store.paths import STORE_ENV, default_store_path
from mixscope.store.record import (
    METRIC_COLUMNS,
    REVIEW_STATUSES,
    Input,
    MixRecord,
    SavedMix,
    record_of,
    resolved_spec,
)
from mixscope.store.schema import SCHEMA_VERSION
from mixscope.store.store import (
    ARCHIVED_COLUMNS,
    DEFAULT_TIMEOUT,
    HISTORY_COLUMNS,
    LIST_COLUMNS,
    MixStore,
)

__all__ = [
    "ARCHIVED_COLUMNS",
    "COMPARE_COLUMNS",
    "DEFAULT_TIMEOUT",
    "HISTORY_COLUMNS",
    "LIST_COLUMNS",
    "METRIC_COLUMNS",
    "REVIEW_STATUSES",
    "SCHEMA_VERSION",
    "STORE_ENV",
    "Input",
    "MixNotFound",
    "MixRecord",
    "MixStore",
    "SavedMix",
    "StoreError",
    "comparability",
    "compare_table",
    "composition",
    "default_store_path",
    "mix_labels",
    "record_of",
    "relative_changes",
    "resolved_spec",
    "side_by_side",
]
