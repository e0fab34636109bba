"""Progress of long work: a ``(done, total)`` callback, drawn as a tqdm bar by the CLI."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
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


def progress_parts(progress: ProgressCallback, sizes: Sequence[int]) -> list[ProgressCallback]:
    """One callback per part of a job of parts of ``sizes``, each reporting to ``progress``
    what is done of the whole job (the parts run one after another, in order).

    Examples
    --------
    >>> seen = []
    >>> first, second = progress_parts(lambda done, total: seen.append((done, total)), [3, 5])
    >>> first(3, 3); second(2, 5)
    >>> seen
    [(3, 8), (5, 8)]
    """
    total = sum(sizes)
    offsets = [sum(sizes[:i]) for i in range(len(sizes))]
    return [_shifted(progress, offset, total) for offset in offsets]


def _shifted(progress: ProgressCallback, offset: int, total: int) -> ProgressCallback:
    def report(done: int, _part_total: int) -> None:
        progress(offset + done, total)

    return report
