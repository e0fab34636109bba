"""The one check every builder runs on its input frame."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd


def require_columns(frame: pd.DataFrame, columns: Sequence[str], name: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(
            f"{name} needs columns {list(columns)}, missing {missing} (got {list(frame.columns)})"
        )
