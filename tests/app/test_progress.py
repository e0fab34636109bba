"""The progress bar's words: documents done, the time left at the pace so far."""

import pytest

from components.progress import format_seconds, time_left


def test_time_left_follows_the_pace_of_this_run_only() -> None:
    # 2,000 of 7,200 were cached (done at once); 1,000 more took 10 s: 4,200 left take 42 s
    assert time_left(2_000, 3_000, 7_200, 10.0) == pytest.approx(42.0)
    assert time_left(2_000, 2_000, 7_200, 5.0) is None  # no pace yet
    assert time_left(0, 10, 10, 1.0) == 0.0


def test_durations_read_at_a_glance() -> None:
    assert [format_seconds(s) for s in (0.2, 59.1, 60, 61, 3599, 7260)] == [
        "1 s", "1 min", "1 min", "1 min 1 s", "59 min 59 s", "2 h 1 min",
    ]  # fmt: skip
