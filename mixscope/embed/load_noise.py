"""What transformers prints while loading a model, less what is known to be harmless.

Loading all-MiniLM-L6-v2 with transformers 5 logs a "BertModel LOAD REPORT" whose one entry is
``embeddings.position_ids | UNEXPECTED``: a constant buffer the checkpoint stores and newer
BERT code recomputes. Converting it to OpenVINO logs "`loss_type=None` was set in the config
but it is unrecognized" (the trace touches a training-only property). Both are noise on every
CLI run and in every server log, so :func:`quiet_known_noise` drops exactly those records
while a model loads. A report naming any other key (a MISSING or MISMATCHED weight of a
damaged model) still gets through, whole.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager

__all__ = ["harmless", "quiet_known_noise"]

#: The loggers the records come from (std logging names: no private transformers API).
_LOGGERS = ("transformers.modeling_utils", "transformers.utils.loading_report")
#: (key, status) rows of a load report that say nothing is wrong.
_HARMLESS_ROWS = {("embeddings.position_ids", "UNEXPECTED")}
_HARMLESS_PREFIXES = ("`loss_type=None` was set in the config but it is unrecognized",)
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def harmless(message: str) -> bool:
    """True for a transformers log message known to report nothing wrong (module docstring).

    Examples
    --------
    >>> harmless("BertModel LOAD REPORT from: m\\nKey | Status\\n--+--\\n"
    ...          "embeddings.position_ids | UNEXPECTED |  |\\n\\nNotes: ...")
    True
    >>> harmless("BertModel LOAD REPORT from: m\\nKey | Status\\n--+--\\n"
    ...          "embeddings.position_ids | UNEXPECTED |  |\\n"
    ...          "encoder.layer.0.output.dense.weight | MISSING |  |")
    False
    """
    text = _ANSI.sub("", message)
    if text.startswith(_HARMLESS_PREFIXES):
        return True
    if " LOAD REPORT" not in text.split("\n", 1)[0]:
        return False
    rows = set()
    for line in text.split("\n")[1:]:
        cells = [cell.strip() for cell in line.split("|")]
        if len(cells) < 2 or cells[0] in ("", "Key") or set(cells[0]) <= {"-", "+"}:
            continue
        rows.add((cells[0], cells[1]))
    return bool(rows) and rows <= _HARMLESS_ROWS


class _DropHarmless(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not harmless(record.getMessage())


@contextmanager
def quiet_known_noise() -> Iterator[None]:
    """While loading or converting a model: drop the harmless records (module docstring) and
    transformers' "Loading weights" bar (the CLI and the app draw their own progress)."""
    drop = _DropHarmless()
    loggers = [logging.getLogger(name) for name in _LOGGERS]
    for logger in loggers:
        logger.addFilter(drop)
    bar = _progress_bar_switch()
    try:
        yield
    finally:
        for logger in loggers:
            logger.removeFilter(drop)
        bar()


def _progress_bar_switch() -> Callable[[], None]:
    """Turn transformers' progress bars off if on; returns what turns them back on."""
    try:
        from transformers.utils import logging as hf_logging
    except ImportError:
        return lambda: None
    if not hf_logging.is_progress_bar_enabled():
        return lambda: None
    hf_logging.disable_progress_bar()
    return hf_logging.enable_progress_bar
