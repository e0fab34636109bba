"""The engine's memo: values derived from an index (noise floors, kernel spectra), computed once.

An index is immutable and may be shared by every session and thread of a server, so nothing is
written into it. Values derived from it later live here instead, under explicit keys that start
with the index's :attr:`~mixscope.evaluation.index.MixIndex.fingerprint`; equal keys mean equal
values, so sessions working on the same corpora share them safely.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

__all__ = ["MEMO", "Memo"]

T = TypeVar("T")


class Memo:
    """A bounded, thread-safe store of computed values under explicit keys (least recently used
    entries go first).

    Two threads asking for a missing key at once may both compute it; the values are equal
    (everything stored is a pure function of its key), so either is kept.

    Parameters
    ----------
    max_entries : int, default=4096

    Examples
    --------
    >>> memo = Memo(max_entries=2)
    >>> memo.get(("index", "floor", 1), lambda: 0.5)
    0.5
    >>> memo.get(("index", "floor", 1), lambda: 1 / 0)  # found: not computed again
    0.5
    """

    def __init__(self, max_entries: int = 4096) -> None:
        if isinstance(max_entries, bool) or not isinstance(max_entries, int) or max_entries < 1:
            raise ValueError(f"max_entries must be a positive integer, got {max_entries!r}")
        self.max_entries = max_entries
        self._values: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        with self._lock:
            return len(self._values)

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The value under ``key``, computing and storing it with ``compute()`` if missing."""
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                found: T = self._values[key]
                return found
        value = compute()  # outside the lock: other keys need not wait for this one
        with self._lock:
            self._values[key] = value
            self._values.move_to_end(key)
            while len(self._values) > self.max_entries:
                self._values.popitem(last=False)
        return value

    def clear(self) -> None:
        """Forget every value (e.g. in tests)."""
        with self._lock:
            self._values.clear()


#: The store every evaluation uses by default.
MEMO = Memo()
