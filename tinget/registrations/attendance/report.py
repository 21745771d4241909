"""The parser's entry point: a Teams attendance report in, an `AttendanceReport` out."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import replace

from .cells import (
    date_order,
    looks_like_email,
    looks_like_timestamp,
    parse_duration,
    raw_timestamp,
    title_words,
    to_seconds,
)
from .decoding import decode_report, detect_delimiter, split_rows
from .model import AttendanceReport, AttendanceReportError
from .tables import Table, blocks_of, from_attendance_list, from_people_table, tables_of


def parse_report(data: bytes | str) -> AttendanceReport:
    """Read a Teams attendance report (bytes as uploaded, or already decoded text).

    Raises AttendanceReportError when no table of participants can be found.
    """
    report, table = _participants(data)
    timestamps = _summary_timestamps(report.summary) or _table_timestamps(table)
    return replace(
        report,
        meeting_title=meeting_title(report.summary),
        meeting_dates=_first_day(timestamps),
    )


def _participants(data: bytes | str) -> tuple[AttendanceReport, Table | None]:
    text = decode_report(data) if isinstance(data, bytes) else data
    text = text.lstrip("\ufeff").replace("\x00", "")
    lines = text.splitlines()
    if not any(line.strip() for line in lines):
        raise AttendanceReportError("empty")
    delimiter = detect_delimiter(lines)
    blocks = blocks_of(split_rows(lines, delimiter))
    tables, summary = tables_of(blocks)
    titles = [block.title for block in blocks if block.title]
    people_tables = [table for table in tables if table.is_people_table]
    if people_tables:
        # The first such table lists each person once (participants); a later one lists
        # each join/leave (activities). Prefer the first unless it has no duration.
        chosen = people_tables[0]
        if chosen.columns.duration is None:
            with_duration = [t for t in people_tables[1:] if t.columns.duration is not None]
            if with_duration:
                chosen = with_duration[0]
        report = AttendanceReport(from_people_table(chosen), "sections", summary, titles)
        return report, chosen
    lists = [table for table in tables if table.is_attendance_list]
    if lists:
        return AttendanceReport(from_attendance_list(lists[0]), "list", summary, titles), lists[0]
    if tables and not any(table.rows for table in tables):
        return AttendanceReport([], "sections", summary, titles), None
    raise AttendanceReportError("no_participants")


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# Labels of the meeting's title in the summary, in a few UI languages (lower case). Only a
# preference: without one, the title is the summary's first value that is plain text.
TITLE_LABELS = ("title", "titel", "titre", "título", "titolo", "tytuł", "subject", "emne",
                "mødenavn", "meeting name", "mötesnamn", "besprechung")  # fmt: skip


def _plain_text(value: str) -> bool:
    value = value.strip()
    return bool(
        value
        and title_words(value)
        and not value.replace(" ", "").isdigit()
        and not looks_like_timestamp(value)
        and not looks_like_email(value)
        and parse_duration(value) is None
    )


def meeting_title(summary: dict[str, str]) -> str:
    """The meeting's title as the report's summary gives it ("" when it gives none)."""
    texts = [(label, value.strip()) for label, value in summary.items() if _plain_text(value)]
    for label, value in texts:
        if any(word in label.lower() for word in TITLE_LABELS):
            return value
    return texts[0][1] if texts else ""


def _summary_timestamps(summary: dict[str, str]) -> list[str]:
    """The summary's first timestamp: Teams lists the start before the end."""
    stamps = [value for value in summary.values() if looks_like_timestamp(value)]
    return stamps[:1]


def _table_timestamps(table: Table | None) -> list[str]:
    if table is None:
        return []
    return [
        table.rows[row][index].strip()
        for row in range(len(table.rows))
        for index in table.columns.timestamps[:1]
        if index < len(table.rows[row]) and table.rows[row][index].strip()
    ]


def _first_day(values: list[str]) -> tuple[dt.date, ...]:
    """The day of the earliest of these timestamps, in every reading the values allow."""
    raws = [raw for value in values if (raw := raw_timestamp(value))]
    if not raws:
        return ()
    orders = [date_order(raws)]
    undecided = not any(raw.year_first or raw.has_ampm or raw.a > 12 or raw.b > 12 for raw in raws)
    if undecided:
        orders.append("mdy")
    days = []
    for order in orders:
        seconds = [s for raw in raws if (s := to_seconds(raw, order)) is not None]
        if seconds:
            day = dt.date.fromordinal(min(seconds) // 86400)
            if day not in days:
                days.append(day)
    return tuple(days)
