"""Years for dates given without one: resolved for the series as a whole (no Django)."""

from __future__ import annotations

import datetime as dt

import pytest

from tinget.announcements.years import resolve_dates

D = dt.date
SEED = [("--10-01", True), ("--11-01", False), ("--11-08", False)]
CASES = [
    # imported after the upcoming sessions: the series stays together (and the caller warns)
    (SEED, D(2026, 11, 27), [D(2026, 10, 1), D(2026, 11, 1), D(2026, 11, 8)]),
    (SEED, D(2026, 10, 15), [D(2026, 10, 1), D(2026, 11, 1), D(2026, 11, 8)]),
    # across New Year: December, then January and February of the next year
    (
        [("--12-05", False), ("--01-09", False), ("--02-06", False)],
        D(2026, 11, 20),
        [D(2026, 12, 5), D(2027, 1, 9), D(2027, 2, 6)],
    ),
    # a full date is kept and the partial one after it follows it
    ([("2027-03-02", False), ("--04-06", False)], D(2026, 11, 20), [D(2027, 3, 2), D(2027, 4, 6)]),
    # a report of past sessions: the latest ones before today
    ([("--05-10", True), ("--06-14", True)], D(2026, 11, 20), [D(2026, 5, 10), D(2026, 6, 14)]),
    ([("", False)], D(2026, 11, 20), [None]),
]


@pytest.mark.parametrize(("entries", "today", "expected"), CASES)
def test_resolve_dates(entries, today, expected):
    resolved = resolve_dates(entries, today)
    assert [day for day, _guessed in resolved] == expected
    assert [guessed for _day, guessed in resolved] == [
        value.startswith("--") and day is not None
        for (value, _past), day in zip(entries, expected, strict=True)
    ]
