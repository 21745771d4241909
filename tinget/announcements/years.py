"""A year for dates the announcement gives without one ("--MM-DD"), chosen for the series.

Each date on its own would become "the next 1 November" or "the latest 1 October", and a
series announced in October and imported in late November would then have its past session
this year and its upcoming ones a year later. A series runs forward in time, so the dates
are resolved together: every date without a year takes the first year that keeps it on or
after the one before, and the one free choice - the first year - is the one that puts the
first upcoming session nearest to today (or, when none is upcoming, the last past session
nearest before it). Every year chosen this way is a guess, and the callers say so.
"""

from __future__ import annotations

import datetime as dt
import re

_PARTIAL = re.compile(r"^--(\d{2})-(\d{2})$")


def _on_or_after(month: int, day: int, earliest: dt.date) -> dt.date | None:
    for year in range(earliest.year, earliest.year + 9):  # 29 February: up to 8 years away
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            continue
        if candidate >= earliest:
            return candidate
    return None


def _sequence(entries: list[tuple[str | None, bool]], first_year: int) -> list[dt.date | None]:
    out: list[dt.date | None] = []
    previous = dt.date(first_year, 1, 1)
    for value, _past in entries:
        day = None
        match = _PARTIAL.match(value or "")
        if match:
            day = _on_or_after(int(match[1]), int(match[2]), previous)
        elif value:
            try:
                day = dt.date.fromisoformat(value)
            except ValueError:
                day = None
        out.append(day)
        if day is not None:
            previous = day
    return out


def _cost(days: list[dt.date | None], entries, today: dt.date) -> tuple[int, int]:
    upcoming = [d for d, (_v, past) in zip(days, entries, strict=True) if d and not past]
    if upcoming:
        return (0, abs((upcoming[0] - today).days))
    held = [d for d in days if d]
    if not held:
        return (1, 0)
    # nothing upcoming: the last session just before today, never after it
    gap = (today - held[-1]).days
    return (0 if gap >= 0 else 1, abs(gap))


def resolve_dates(
    entries: list[tuple[str | None, bool]], today: dt.date
) -> list[tuple[dt.date | None, bool]]:
    """(date or None, year guessed) for each (value, is past) in series order.

    ``value`` is "YYYY-MM-DD", "--MM-DD" or empty; full dates are kept as they are.
    """
    if not any(_PARTIAL.match(v or "") for v, _past in entries):
        days = _sequence(entries, today.year)
    else:
        options = [_sequence(entries, year) for year in range(today.year - 2, today.year + 2)]
        days = min(options, key=lambda option: _cost(option, entries, today))
    return [
        (day, bool(_PARTIAL.match(value or "")) and day is not None)
        for day, (value, _past) in zip(days, entries, strict=True)
    ]
