"""Which broker priority embedding work gets (pure): by the age of its newest paper."""

import datetime as dt

import pytest

from papers.tasks import recency_priority

TODAY = dt.date(2026, 12, 2)


@pytest.mark.parametrize(
    ("published", "priority"),
    [
        (TODAY, 0), (TODAY - dt.timedelta(days=7), 0), (TODAY - dt.timedelta(days=8), 1),
        (dt.date(2026, 6, 1), 3), (dt.date(2025, 1, 1), 4), (dt.date(2018, 1, 1), 7),
        (dt.date(1993, 10, 31), 8), (None, 9),
        (TODAY + dt.timedelta(days=1), 0),  # dated tomorrow (time zones): as new as can be
    ],
)  # fmt: skip
def test_newer_papers_are_served_first(published, priority):
    assert recency_priority(published, TODAY) == priority
