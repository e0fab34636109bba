"""Progress of long work: a ``(done, total)`` callback, drawn as a tqdm bar by the CLI."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

#: ``progress(done, total)``: documents embedded or found in the cache so far, out of all.
ProgressCallback = Callable[[int, int], None]


@contextmanager
def tqdm_progress(
    desc: str, *, unit: str = "doc", disable: bool | None = None
) -> Iterator[ProgressCallback]:
    """A progress callback drawing a tqdm bar on stderr; closes the bar on exit.

    Examples
    --------
    >>> with tqdm_progress("embedding", disable=True) as progress:
    ...     progress(3, 10)
    """
    from tqdm.auto import tqdm

    bar = tqdm(desc=desc, total=0, unit=unit, file=sys.stderr, disable=disable)

    def update(done: int, total: int) -> None:
        bar.total = total
        bar.update(done - bar.n)

    try:
        yield update
    finally:
        bar.close()
