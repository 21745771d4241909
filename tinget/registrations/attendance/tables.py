"""Rows to people: sections, the columns found by their content, and the two table layouts.

A section starts at a numbered title line ("2. Participants") and ends at a blank line. In a
section, a first row of labels only is a header; the columns under it are classified by what
their cells look like. A people table (participants or activities) has names and time in the
meeting; the old attendance list has one row per join or leave.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .cells import (
    ROLE_WORDS,
    action_kind,
    date_order,
    looks_like_email,
    looks_like_timestamp,
    parse_duration,
    raw_timestamp,
    to_seconds,
)
from .model import ReportParticipant

# "1. Summary", "2. Deltagere", "3. In-Meeting Activities": a number, a dot, a title.
SECTION_TITLE = re.compile(r"^\s*(\d{1,2})\s*[.)]\s+\S")


@dataclass
class _Block:
    title: str = ""
    rows: list[list[str]] = field(default_factory=list)


def blocks_of(rows: list[list[str]]) -> list[_Block]:
    """Sections: a numbered title line starts one, blank lines end one."""
    blocks: list[_Block] = []
    current: _Block | None = None
    pending_title = ""
    for row in rows:
        cells = [cell.strip().strip("\ufeff") for cell in row]
        while cells and not cells[-1]:
            cells.pop()
        filled = [cell for cell in cells if cell]
        if not filled:
            if current is not None and current.rows:
                blocks.append(current)
                current = None
            continue
        if len(filled) == 1 and cells[0] and SECTION_TITLE.match(cells[0]):
            if current is not None and current.rows:
                blocks.append(current)
            current = None
            pending_title = cells[0]
            continue
        if current is None:
            current = _Block(title=pending_title)
            pending_title = ""
        current.rows.append(cells)
    if current is not None and current.rows:
        blocks.append(current)
    return blocks


@dataclass
class _Columns:
    name: int | None = None
    email: int | None = None
    duration: int | None = None
    timestamps: list[int] = field(default_factory=list)
    role: int | None = None
    action: int | None = None


def _share(values: list[str], test) -> float:
    return sum(1 for value in values if test(value)) / len(values) if values else 0.0


def _classify(data_rows: list[list[str]], width: int) -> _Columns:
    columns = _Columns()
    kinds: list[str] = []
    texts: list[int] = []
    for index in range(width):
        values = [row[index] for row in data_rows if index < len(row) and row[index]]
        if not values:
            kinds.append("empty")
            continue
        if _share(values, looks_like_email) >= 0.6:
            kind = "email"
        elif _share(values, looks_like_timestamp) >= 0.8:
            kind = "timestamp"
        elif _share(values, lambda v: parse_duration(v) is not None) >= 0.8:
            kind = "duration"
        elif _share(values, lambda v: v.strip().lower() in ROLE_WORDS) >= 0.8:
            kind = "role"
        else:
            kind = "text"
            texts.append(index)
        kinds.append(kind)
    emails = [i for i, kind in enumerate(kinds) if kind == "email"]
    durations = [i for i, kind in enumerate(kinds) if kind == "duration"]
    roles = [i for i, kind in enumerate(kinds) if kind == "role"]
    columns.timestamps = [i for i, kind in enumerate(kinds) if kind == "timestamp"]
    columns.email = emails[0] if emails else None
    # Durations written with units are unambiguous; with several, the last one is the time
    # in the meeting (the ones before it would be clock times without a date).
    columns.duration = durations[-1] if durations else None
    if texts:
        columns.name = texts[0]
    if roles:
        columns.role = roles[-1]
    else:
        # A role column in a language we do not know: the last text column, with few values.
        for index in reversed(texts[1:]):
            values = {row[index].lower() for row in data_rows if index < len(row) and row[index]}
            if 0 < len(values) <= 4 and index == width - 1:
                columns.role = index
                break
    # The old attendance list's "User Action": join/leave words, or a few repeated values.
    for index in texts[1:]:
        values = [row[index] for row in data_rows if index < len(row) and row[index]]
        distinct = {value.lower() for value in values}
        known = _share(values, lambda v: action_kind(v) is not None)
        if known >= 0.8 or (0 < len(distinct) <= 3 and len(values) > len(distinct)):
            columns.action = index
            break
    return columns


@dataclass
class Table:
    title: str
    header: list[str]
    rows: list[list[str]]
    columns: _Columns

    @property
    def is_people_table(self) -> bool:
        """A participants or activities table: names with time in the meeting."""
        return self.columns.name is not None and (
            self.columns.duration is not None or len(self.columns.timestamps) >= 2
        )

    @property
    def is_attendance_list(self) -> bool:
        """The old Full Name / User Action / Timestamp list."""
        return (
            self.columns.name is not None
            and self.columns.action is not None
            and len(self.columns.timestamps) == 1
            and self.columns.duration is None
        )


def _cell(row: list[str], index: int | None) -> str:
    if index is None or index >= len(row):
        return ""
    return row[index].strip()


def _looks_like_header(row: list[str]) -> bool:
    """A header row holds only labels: no emails, durations or timestamps."""
    return not any(
        looks_like_email(cell) or looks_like_timestamp(cell) or parse_duration(cell) is not None
        for cell in row
        if cell
    )


def tables_of(blocks: list[_Block]) -> tuple[list[Table], dict[str, str]]:
    tables: list[Table] = []
    summary: dict[str, str] = {}
    for block in blocks:
        first = block.rows[0]
        filled = sum(1 for cell in first if cell)
        if filled >= 3 and _looks_like_header(first) and len(block.rows) >= 2:
            data_rows = block.rows[1:]
            width = max(len(row) for row in block.rows)
            tables.append(Table(block.title, first, data_rows, _classify(data_rows, width)))
        elif filled >= 3 and _looks_like_header(first):
            # A header with no rows: an empty participants table.
            tables.append(Table(block.title, first, [], _Columns()))
        else:
            for row in block.rows:
                cells = [cell for cell in row if cell]
                if len(cells) >= 2:
                    summary.setdefault(cells[0], cells[1])
    return tables, summary


def _aggregate(people: dict[str, ReportParticipant], person: ReportParticipant) -> None:
    existing = people.get(person.key)
    if existing is None:
        people[person.key] = person
        return
    existing.seconds += person.seconds
    existing.email = existing.email or person.email
    existing.role = existing.role or person.role


def from_people_table(table: Table) -> list[ReportParticipant]:
    columns = table.columns
    order = "dmy"
    if columns.duration is None:
        raws = [
            raw_timestamp(_cell(row, index))
            for row in table.rows
            for index in columns.timestamps[:2]
        ]
        order = date_order(raw for raw in raws if raw)
    people: dict[str, ReportParticipant] = {}
    for row in table.rows:
        name = _cell(row, columns.name)
        email = _cell(row, columns.email)
        if not name and not email:
            continue
        if columns.duration is not None:
            seconds = parse_duration(_cell(row, columns.duration)) or 0
        else:
            start = raw_timestamp(_cell(row, columns.timestamps[0]))
            end = raw_timestamp(_cell(row, columns.timestamps[1]))
            start_s = to_seconds(start, order) if start else None
            end_s = to_seconds(end, order) if end else None
            seconds = max(0, end_s - start_s) if start_s is not None and end_s is not None else 0
        person = ReportParticipant(
            name=name or email,
            email=email if looks_like_email(email) else "",
            seconds=seconds,
            role=_cell(row, columns.role),
        )
        _aggregate(people, person)
    return list(people.values())


def from_attendance_list(table: Table) -> list[ReportParticipant]:
    """Sum each person's join→leave intervals from the old one-row-per-action list."""
    columns = table.columns
    stamp_index = columns.timestamps[0]
    raws = [raw_timestamp(_cell(row, stamp_index)) for row in table.rows]
    order = date_order(raw for raw in raws if raw)
    events: list[tuple[int, int, str, str, str]] = []  # (time, position, key, action, name)
    names: dict[str, ReportParticipant] = {}
    first_action: dict[str, str] = {}
    for position, (row, raw) in enumerate(zip(table.rows, raws, strict=True)):
        name = _cell(row, columns.name)
        seconds = to_seconds(raw, order) if raw else None
        if not name or seconds is None:
            continue
        email = _cell(row, columns.email)
        person = ReportParticipant(name=name, email=email if looks_like_email(email) else "")
        key = person.key
        names.setdefault(key, person)
        action = _cell(row, columns.action)
        events.append((seconds, position, key, action, name))
    if not events:
        return []
    events.sort()
    for _, _, key, action, _ in events:
        first_action.setdefault(key, action)
    join_values = set(first_action.values())

    def kind(action: str) -> str:
        # Known words first; otherwise what people do first is joining.
        return action_kind(action) or ("join" if action in join_values else "leave")

    end_of_meeting = events[-1][0]
    open_since: dict[str, int] = {}
    for seconds, _, key, action, _ in events:
        if kind(action) == "join":
            open_since.setdefault(key, seconds)
        elif key in open_since:
            names[key].seconds += seconds - open_since.pop(key)
    for key, since in open_since.items():
        names[key].seconds += end_of_meeting - since
    return list(names.values())
