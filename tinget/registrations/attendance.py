"""Microsoft Teams attendance reports: read them, then record who came.

Two halves:

* The parser (`parse_report` and everything it calls) is plain Python and imports nothing
  from Django, so it can be tested and reused on its own. Teams writes the report in the
  organiser's UI language, in UTF-16 (sometimes UTF-8), tab separated (sometimes commas or
  semicolons after a round trip through a spreadsheet), with headers whose wording and
  capitalisation change between versions. So the parser never looks at header text: it finds
  sections by their numbered title lines and blank-line separation, and columns by what their
  cells look like (an email has "@", a duration looks like "1h 27m 51s", a timestamp has a
  date and a time, a role is one of a few known words in several languages, the name is the
  first plain-text column).
* The import service (`registrations/services/attendance.py`: `import_report`,
  `link_participant`) stores a parsed report for a session and marks registrations attended
  or missed.

Supported layouts:

* the current report: "1. Summary" (key/value lines), "2. Participants" (one row per person
  with first join, last leave, in-meeting duration, email, UPN, role), "3. In-Meeting
  activities" (one row per join/leave interval) and, in Teams Premium, "4. Meeting
  engagement" — the participants table is used, the activities table when the participants
  table has no duration;
* the older attendance list ("meetingAttendanceList.csv"): Full Name / User Action /
  Timestamp, one row per join or leave; time present is the sum of the join→leave intervals,
  an interval still open at the end closing at the last timestamp of the report.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from tinget.errors import DomainError

# ---------------------------------------------------------------------------------------
# The parser
# ---------------------------------------------------------------------------------------


class AttendanceReportError(DomainError, ValueError):
    """The file is not an attendance report we can read.

    `code` says why ("empty", "binary", "no_participants", "not_started"); views turn it
    into a sentence.
    """

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


# "1. Summary", "2. Deltagere", "3. In-Meeting Activities": a number, a dot, a title.
SECTION_TITLE = re.compile(r"^\s*(\d{1,2})\s*[.)]\s+\S")

# Teams marks people who joined without an account of the organisation.
GUEST_SUFFIX = re.compile(
    r"\s*\((?:guest|gæst|gaest|gast|gäst|invité|invitado|convidado|ospite|gość|external|"
    r"ekstern|extern|externe|unverified|ikke bekræftet|ubekræftet|nicht überprüft)\)\s*$",
    re.IGNORECASE,
)

HOUR_UNITS = {
    "h", "hr", "hrs", "hour", "hours", "t", "tim", "time", "timer", "timme", "timmar",
    "godz", "u", "uur", "std", "stunde", "stunden", "heure", "heures", "hora", "horas",
}  # fmt: skip
MINUTE_UNITS = {
    "m", "min", "mins", "minute", "minutes", "minut", "minutter", "minuten", "minuter",
    "minuto", "minutos", "minuty",
}  # fmt: skip
SECOND_UNITS = {
    "s", "sec", "secs", "second", "seconds", "sek", "sekund", "sekunder", "sekunden",
    "sekundy", "seg", "segundo", "segundos", "secondes", "seconde",
}  # fmt: skip
_DURATION_PART = re.compile(r"(\d+(?:[.,]\d+)?)\s*([^\W\d_]+)\.?", re.UNICODE)
_DURATION_GLUE = re.compile(r"^[\s,]*(?:og|and|und|et|e|y)?[\s,]*$", re.IGNORECASE)
_CLOCK_DURATION = re.compile(r"^(\d{1,3}):([0-5]\d):([0-5]\d)$")

_TIMESTAMP = re.compile(
    r"^(?P<a>\d{1,4})[./-](?P<b>\d{1,2})[./-](?P<c>\d{1,4})"
    r"(?:,?\s*(?:kl\.?\s*)?|T)"
    r"(?P<H>\d{1,2})[:.](?P<M>\d{2})(?:[:.](?P<S>\d{2})(?:[.,]\d+)?)?"
    r"\s*(?P<ampm>[AaPp]\.?\s?[Mm]\.?)?"
    r"\s*(?:Z|[+-]\d{2}:?\d{2}|UTC|GMT)?$"
)

# Role words as Teams writes them in a few UI languages (lower case). Organisers and
# presenters are the meeting's own people: unmatched, they need no linking.
ORGANISER_ROLES = {
    "organizer", "organiser", "co-organizer", "co-organiser", "coorganizer", "arrangør",
    "medarrangør", "organisator", "mødearrangør", "arrangör", "organisateur",
    "coorganisateur", "organizador", "organizzatore", "organizator", "presenter",
    "præsentationsholder", "præsentationsvært", "oplægsholder", "præsentator", "referent",
    "moderator", "presentatör", "présentateur", "apresentador", "relatore", "prezenter",
    "prowadzący",
}  # fmt: skip
ATTENDEE_ROLES = {
    "attendee", "participant", "deltager", "deltagare", "teilnehmer", "teilnehmende",
    "participante", "partecipante", "uczestnik", "deelnemer", "guest", "gæst",
}  # fmt: skip
ROLE_WORDS = ORGANISER_ROLES | ATTENDEE_ROLES

# Old attendance list: "Joined", "Joined before", "Left" and their translations.
LEAVE_WORDS = ("left", "forlod", "forladt", "gik", "verlassen", "verließ", "quitt", "saiu",
               "salió", "opuścił", "lämnade", "uscito", "vertrokken")  # fmt: skip
JOIN_WORDS = ("join", "deltog", "tilsluttede", "tilsluttet", "tiltrådte", "deltager",
              "beigetreten", "rejoint", "entrou", "entró", "dołączył", "anslöt", "entrato",
              "deelgenomen")  # fmt: skip

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def parse_duration(value: str) -> int | None:
    """Seconds in a duration as Teams writes it ("1h 27m 51s", "27 min 3 s", "00:45:10")."""
    text = value.strip().lower()
    if not text:
        return None
    if match := _CLOCK_DURATION.match(text):
        hours, minutes, seconds = (int(part) for part in match.groups())
        return hours * 3600 + minutes * 60 + seconds
    total = 0.0
    position = 0
    found = False
    for match in _DURATION_PART.finditer(text):
        if not _DURATION_GLUE.match(text[position : match.start()]):
            return None
        number = float(match.group(1).replace(",", "."))
        unit = match.group(2).rstrip(".")
        if unit in HOUR_UNITS:
            total += number * 3600
        elif unit in MINUTE_UNITS:
            total += number * 60
        elif unit in SECOND_UNITS:
            total += number
        else:
            return None
        found = True
        position = match.end()
    if not found or not _DURATION_GLUE.match(text[position:].rstrip(".")):
        return None
    return round(total)


@dataclass(frozen=True)
class _RawTimestamp:
    a: int
    b: int
    c: int
    year_first: bool
    seconds_of_day: int
    has_ampm: bool


def _raw_timestamp(value: str) -> _RawTimestamp | None:
    match = _TIMESTAMP.match(value.strip())
    if not match:
        return None
    hour, minute = int(match["H"]), int(match["M"])
    second = int(match["S"] or 0)
    ampm = (match["ampm"] or "").replace(".", "").replace(" ", "").lower()
    if ampm:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    return _RawTimestamp(
        a=int(match["a"]),
        b=int(match["b"]),
        c=int(match["c"]),
        year_first=len(match["a"]) == 4,
        seconds_of_day=hour * 3600 + minute * 60 + second,
        has_ampm=bool(ampm),
    )


def looks_like_timestamp(value: str) -> bool:
    return _raw_timestamp(value) is not None


def _date_order(raws: Iterable[_RawTimestamp]) -> str:
    """Day first (Europe) or month first (US) for a whole column: values decide, else DMY."""
    raws = [raw for raw in raws if not raw.year_first]
    if any(raw.a > 12 for raw in raws):
        return "dmy"
    if any(raw.b > 12 for raw in raws):
        return "mdy"
    if any(raw.has_ampm for raw in raws):
        return "mdy"
    return "dmy"


def _to_seconds(raw: _RawTimestamp, order: str) -> int | None:
    if raw.year_first:
        year, month, day = raw.a, raw.b, raw.c
    elif order == "mdy":
        month, day, year = raw.a, raw.b, raw.c
    else:
        day, month, year = raw.a, raw.b, raw.c
    if year < 100:
        year += 2000
    try:
        date = dt.date(year, month, day)
    except ValueError:
        return None
    return date.toordinal() * 86400 + raw.seconds_of_day


def looks_like_email(value: str) -> bool:
    return bool(_EMAIL.match(value.strip()))


def is_guest_name(name: str) -> bool:
    return bool(GUEST_SUFFIX.search(name))


def clean_name(name: str) -> str:
    """The name without Teams' "(Guest)"/"(Gæst)" marks."""
    previous = None
    while previous != name:
        previous = name
        name = GUEST_SUFFIX.sub("", name)
    return " ".join(name.split())


_FOLD = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "đ": "d", "ł": "l"})


def name_key(name: str) -> str:
    """A matching key for a person's name: "Borger, Bo (Gæst)" and "bo  BORGER" agree.

    Case, accents, punctuation and word order are ignored (Teams shows "Last, First" for
    some directories); Danish letters fold to plain ones so "Søren" matches "Soren".
    """
    text = clean_name(name).casefold().translate(_FOLD)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    words = re.findall(r"\w+", text)
    return " ".join(sorted(words))


@dataclass
class ReportParticipant:
    """One person in the report, their rows added up."""

    name: str
    email: str = ""
    seconds: int = 0
    role: str = ""

    @property
    def is_guest(self) -> bool:
        return is_guest_name(self.name)

    @property
    def is_organiser(self) -> bool:
        return self.role.strip().lower() in ORGANISER_ROLES

    @property
    def minutes(self) -> int:
        return (self.seconds + 30) // 60

    @property
    def key(self) -> str:
        return self.email.lower() if self.email else "name:" + name_key(self.name)


@dataclass
class AttendanceReport:
    participants: list[ReportParticipant]
    layout: str  # "sections" (the current report) or "list" (the old attendance list)
    summary: dict[str, str] = field(default_factory=dict)
    section_titles: list[str] = field(default_factory=list)


def decode_report(data: bytes) -> str:
    """Text of the report: UTF-16 LE/BE with or without a BOM, UTF-8 with or without one.

    Raises AttendanceReportError("binary") for a file that is not text (a PDF, an image,
    an Excel workbook).
    """
    text = _decode(data)
    sample = text[:4000]
    odd = sum(
        1
        for ch in sample
        if ch == "\ufffd" or (unicodedata.category(ch) in ("Cc", "Cs") and ch not in "\t\r\n")
    )
    if sample and odd > len(sample) * 0.02:
        raise AttendanceReportError("binary")
    return text


def _decode(data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace")
    if data.startswith(codecs.BOM_UTF16_LE):
        return data[2:].decode("utf-16-le", errors="replace")
    if data.startswith(codecs.BOM_UTF16_BE):
        return data[2:].decode("utf-16-be", errors="replace")
    # Without a BOM, UTF-16 text that is mostly Latin has a zero in every other byte: after
    # each character in little-endian, before it in big-endian.
    sample = data[:4096]
    half = len(sample) // 2
    if half:
        zeros_even = sample[0::2].count(0)
        zeros_odd = sample[1::2].count(0)
        if zeros_odd > half * 0.3 and zeros_odd > zeros_even * 2:
            return data.decode("utf-16-le", errors="replace")
        if zeros_even > half * 0.3 and zeros_even > zeros_odd * 2:
            return data.decode("utf-16-be", errors="replace")
    if b"\x00" in sample:
        raise AttendanceReportError("binary")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        # A report saved again by an old spreadsheet program on Windows.
        return data.decode("cp1252", errors="replace")


def _split(lines: list[str], delimiter: str) -> list[list[str]]:
    return [list(row) for row in csv.reader(lines, delimiter=delimiter)]


def detect_delimiter(lines: list[str]) -> str:
    """Tab, semicolon or comma: the one that splits the most lines into several cells.

    Ties go to tab, then semicolon: timestamps such as "15/11/22, 09:30:17" hold commas, so a
    comma is the separator only when nothing else splits the lines.
    """
    nonblank = [line for line in lines if line.strip()]
    best, best_score = "\t", -1
    for delimiter in ("\t", ";", ","):
        if delimiter not in "".join(nonblank):
            continue
        rows = _split(nonblank, delimiter)
        score = sum(1 for row in rows if sum(1 for cell in row if cell.strip()) >= 2)
        if score > best_score:
            best, best_score = delimiter, score
    return best


@dataclass
class _Block:
    title: str = ""
    rows: list[list[str]] = field(default_factory=list)


def _blocks(rows: list[list[str]]) -> list[_Block]:
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
        known = _share(values, lambda v: _action_kind(v) is not None)
        if known >= 0.8 or (0 < len(distinct) <= 3 and len(values) > len(distinct)):
            columns.action = index
            break
    return columns


def _action_kind(value: str) -> str | None:
    lowered = value.strip().lower()
    if any(word in lowered for word in LEAVE_WORDS):
        return "leave"
    if any(word in lowered for word in JOIN_WORDS):
        return "join"
    return None


@dataclass
class _Table:
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


def _tables(blocks: list[_Block]) -> tuple[list[_Table], dict[str, str]]:
    tables: list[_Table] = []
    summary: dict[str, str] = {}
    for block in blocks:
        first = block.rows[0]
        filled = sum(1 for cell in first if cell)
        if filled >= 3 and _looks_like_header(first) and len(block.rows) >= 2:
            data_rows = block.rows[1:]
            width = max(len(row) for row in block.rows)
            tables.append(_Table(block.title, first, data_rows, _classify(data_rows, width)))
        elif filled >= 3 and _looks_like_header(first):
            # A header with no rows: an empty participants table.
            tables.append(_Table(block.title, first, [], _Columns()))
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


def _from_people_table(table: _Table) -> list[ReportParticipant]:
    columns = table.columns
    order = "dmy"
    if columns.duration is None:
        raws = [
            _raw_timestamp(_cell(row, index))
            for row in table.rows
            for index in columns.timestamps[:2]
        ]
        order = _date_order(raw for raw in raws if raw)
    people: dict[str, ReportParticipant] = {}
    for row in table.rows:
        name = _cell(row, columns.name)
        email = _cell(row, columns.email)
        if not name and not email:
            continue
        if columns.duration is not None:
            seconds = parse_duration(_cell(row, columns.duration)) or 0
        else:
            start = _raw_timestamp(_cell(row, columns.timestamps[0]))
            end = _raw_timestamp(_cell(row, columns.timestamps[1]))
            start_s = _to_seconds(start, order) if start else None
            end_s = _to_seconds(end, order) if end else None
            seconds = max(0, end_s - start_s) if start_s is not None and end_s is not None else 0
        person = ReportParticipant(
            name=name or email,
            email=email if looks_like_email(email) else "",
            seconds=seconds,
            role=_cell(row, columns.role),
        )
        _aggregate(people, person)
    return list(people.values())


def _from_attendance_list(table: _Table) -> list[ReportParticipant]:
    """Sum each person's join→leave intervals from the old one-row-per-action list."""
    columns = table.columns
    stamp_index = columns.timestamps[0]
    raws = [_raw_timestamp(_cell(row, stamp_index)) for row in table.rows]
    order = _date_order(raw for raw in raws if raw)
    events: list[tuple[int, int, str, str, str]] = []  # (time, position, key, action, name)
    names: dict[str, ReportParticipant] = {}
    first_action: dict[str, str] = {}
    for position, (row, raw) in enumerate(zip(table.rows, raws, strict=True)):
        name = _cell(row, columns.name)
        seconds = _to_seconds(raw, order) if raw else None
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
        return _action_kind(action) or ("join" if action in join_values else "leave")

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


def parse_report(data: bytes | str) -> AttendanceReport:
    """Read a Teams attendance report (bytes as uploaded, or already decoded text).

    Raises AttendanceReportError when no table of participants can be found.
    """
    text = decode_report(data) if isinstance(data, bytes) else data
    text = text.lstrip("\ufeff").replace("\x00", "")
    lines = text.splitlines()
    if not any(line.strip() for line in lines):
        raise AttendanceReportError("empty")
    delimiter = detect_delimiter(lines)
    blocks = _blocks(_split(lines, delimiter))
    tables, summary = _tables(blocks)
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
        return AttendanceReport(_from_people_table(chosen), "sections", summary, titles)
    lists = [table for table in tables if table.is_attendance_list]
    if lists:
        return AttendanceReport(_from_attendance_list(lists[0]), "list", summary, titles)
    if tables and not any(table.rows for table in tables):
        return AttendanceReport([], "sections", summary, titles)
    raise AttendanceReportError("no_participants")


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
