"""Progress bars for long work: steady counts, the time left, and a Cancel button.

A click on Cancel interrupts the script run (Streamlit stops a run at its next command when a
widget changes) and the next run sees the button pressed: :func:`cancelled` says so. Work done
before the click stays: embeddings are in the disk cache chunk by chunk.
"""

from __future__ import annotations

import math
import time

import streamlit as st


def time_left(done_at_start: int, done: int, total: int, elapsed: float) -> float | None:
    """Seconds left at the pace since the start, or None before any pace is known.

    Examples
    --------
    >>> time_left(0, 250, 1000, 10.0)
    30.0
    >>> time_left(500, 500, 1000, 3.0) is None  # nothing done yet in this run (cached ones)
    True
    """
    if done <= done_at_start or elapsed <= 0:
        return None
    return (total - done) / ((done - done_at_start) / elapsed)


def format_seconds(seconds: float) -> str:
    """A duration in words a person reads at a glance.

    Examples
    --------
    >>> format_seconds(4.2), format_seconds(75), format_seconds(3720)
    ('5 s', '1 min 15 s', '1 h 2 min')
    """
    s = max(1, math.ceil(seconds))
    if s < 60:
        return f"{s} s"
    if s < 3600:
        return f"{s // 60} min {s % 60} s" if s % 60 else f"{s // 60} min"
    return f"{s // 3600} h {(s % 3600) // 60} min"


class ProgressBar:
    """``st.progress`` as a ``(done, total)`` callback: "{verb} 1,234 of 7,200 {unit} · about
    40 s left", with a Cancel button next to it unless ``cancel_key`` is None (both removed by
    :meth:`close`)."""

    def __init__(self, verb: str, unit: str, *, cancel_key: str | None) -> None:
        self.verb, self.unit = verb, unit
        bar, button = st.columns([6, 1], vertical_alignment="center")
        self._bar = bar.progress(0.0, text=f"{verb}…")
        self._button = button.empty()
        if cancel_key is not None:  # None: work that leaves nothing to resume has no Cancel
            self._button.button("Cancel", key=cancel_key, icon=":material/cancel:")
        self._start: float | None = None
        self._first = 0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if self._start is None:
            self._start, self._first = now, done
        text = f"{self.verb} {done:,} of {total:,} {self.unit}"
        left = time_left(self._first, done, total, now - self._start)
        if left is not None and done < total:
            text += f" · about {format_seconds(left)} left"
        self._bar.progress(min(done / total, 1.0) if total else 1.0, text=text)

    def close(self) -> None:
        self._bar.empty()
        self._button.empty()


def cancelled(cancel_key: str) -> bool:
    """Whether this run follows a click on the Cancel button ``cancel_key``."""
    return bool(st.session_state.get(cancel_key))
