"""What goes wrong with a store, as built-in exception types the command line already reports."""

from __future__ import annotations

__all__ = ["MixNotFound", "StoreError"]


class StoreError(ValueError):
    """The store cannot be used: unreadable, not a MixScope store, written by a newer MixScope,
    locked for longer than the timeout, or a request it refuses (a name taken, a bad status)."""


class MixNotFound(StoreError, LookupError):
    """No saved mix has that name."""
