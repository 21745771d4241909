"""Danish and English dates and times as people write them in announcements.

All patterns are linear (no nested quantifiers over the same characters) and run on
single lines that are capped in length, so they cannot backtrack catastrophically.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass
from functools import lru_cache

from .lexicon import word_list, words

MONTHS = dict(words()["dates"]["months"])
EN_MONTHS = word_list("dates", "en_months")

WEEKDAYS = word_list("dates", "weekdays")


def _alt(words) -> str:
    return "|".join(sorted({re.escape(w) for w in words}, key=len, reverse=True))


_MONTH = rf"(?:{_alt(MONTHS)})"
_EN_MONTH = rf"(?:{_alt(EN_MONTHS)})"
WEEKDAY_RE = rf"(?:{_alt(WEEKDAYS)})"
_YEAR = r"(?:19|20)\d{2}"

# The patterns start at the day (or month) so the regex engine does not try the weekday
# alternation at every position; a weekday/"den"/"the" before the date is added afterwards.
DATE_DAY_MONTH = re.compile(
    rf"(?<![\w.,/])(?P<d>\d{{1,2}})(?:\.|st|nd|rd|th)?(?:[ ]*of)?[ ]*(?P<m>{_MONTH})(?![a-zæøå])\.?"
    rf"(?:,?[ ]*(?P<y>{_YEAR})(?!\d))?",
    re.IGNORECASE,
)
DATE_MONTH_DAY = re.compile(
    rf"(?<![\w.])(?P<m>{_EN_MONTH})\.?[ ]+"
    rf"(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?!\d)(?![.:]\d)(?:,?[ ]*(?P<y>{_YEAR})(?!\d))?",
    re.IGNORECASE,
)
DATE_DOTTED = re.compile(
    rf"(?<![\w.:/-])(?P<d>\d{{1,2}})\.(?P<m>\d{{1,2}})\.(?P<y>{_YEAR})(?!\d)",
)
#: "Mandag 25.01.27.": a two-digit year, read only after a weekday (not "1.2.3" numbering)
DATE_DOTTED_SHORT = re.compile(
    r"(?<![\w.:/-])(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{2})(?!\d|\.\d)",
)
DATE_SLASH = re.compile(
    rf"(?<![\w.:/-])(?P<d>\d{{1,2}})/(?P<m>\d{{1,2}})"
    rf"(?:(?:[ ]*-[ ]*|/|\.)(?P<y>(?:19|20)?\d{{2}})|[ ]+(?P<y4>{_YEAR}))?(?![\d/])",
)
DATE_ISO = re.compile(r"(?<![\w.-])(?P<y>(?:19|20)\d{2})-(?P<m>\d{2})-(?P<d>\d{2})(?!\d)")
_DATE_LEAD = re.compile(
    rf"(?:(?<![\w])(?:{WEEKDAY_RE})\.?,?[ ]+)?(?:(?<![\w])(?:den|d\.)[ ]*)?(?:(?<![\w])the[ ]+)?$",
    re.IGNORECASE,
)
_WEEKDAY_LEAD = re.compile(rf"(?<![\w])(?:{WEEKDAY_RE})\b", re.IGNORECASE)
_EN_MONTH_KEYS = tuple(sorted({m[:3] for m in EN_MONTHS}))


def _lead_start(line: str, s: int) -> int:
    """Start of a weekday / "den" / "the" written just before the date at s."""
    window = line[max(0, s - 22) : s]
    m = _DATE_LEAD.search(window)
    return s - (len(window) - m.start()) if m and m.group(0) else s


_HAS_DIGIT = re.compile(r"\d")
_DAY_RANGE = re.compile(
    r"(?<![\w.,/-])(?P<d1>\d{1,2})\.?[ ]?(?:[-–—]|og|and|&|,)[ ]?(?P<d2>\d{1,2})\.?[ ]*[a-zA-Z]"
)
_DAY_LIST_BEFORE = re.compile(
    r"(?<![\w.,/:-])(?<!kl\. )(?<!kl )(?:\d{1,2}(?:st|nd|rd|th|\.)?[ ]*(?:,|og|and|&)[ ]*)+$",
    re.IGNORECASE,
)
_NUMBER_LABEL = re.compile(
    r"\b(?:session|webinar|part|del|modul|module|nr|no|uge|week|møde|meeting|workshop|runde|"
    r"round|episode|gang|day|dag|spor|track)\.?\s*$",
    re.IGNORECASE,
)
_DATE_PATTERNS = (
    DATE_DAY_MONTH,
    DATE_MONTH_DAY,
    DATE_DOTTED,
    DATE_DOTTED_SHORT,
    DATE_SLASH,
    DATE_ISO,
)

# Context that makes a date something other than a session date.
_DEADLINE_BEFORE = re.compile(
    r"(?:\b\w*frist|\b(?:senest|deadline|inden|no later than)\b)[^.!?]{0,30}$"
    r"|\b(?:closes?|closing|lukker|slutter)(?:[ ]+(?:on|den|d\.))?[ ]+$"
    r"|\b(?:by|before)[ ]+(?:the[ ]+)?$",
    re.IGNORECASE,
)
_REG_WORDS = re.compile(
    r"\b(?:regist|tilmeld|sign[ -]?up|apply|applica|ansøg|rsvp|book|billet|ticket|confirm|bekræft|"
    r"reply|respond|svar|let us know|giv besked)",
    re.IGNORECASE,
)
_PUBLICATION_BEFORE = re.compile(
    r"(?:publiceret|udgivet|offentliggjort|opdateret|skrevet|oprettet|published|posted|"
    r"updated|last modified|sidst opdateret|nyhed|news|pressemeddelelse|press release)"
    r"[^.!?]{0,25}$"
    # a press release's dateline: "LISBON, April 21, 2028 –", "AARHUS, 3. maj 2028 –"
    r"|^\s*(?-i:[A-ZÆØÅ][A-ZÆØÅ .'-]{2,30}),[ ]*$"
    # a byline: "Af Mette Ravn, 30. november 2028", "By Jane Doe | 3 May 2028"
    r"|^\s*(?:af|by|skrevet af|written by)\s+(?-i:[A-ZÆØÅ][\w.'-]*\s*){1,4}[,|·–-]?\s*$",
    re.IGNORECASE,
)
_PASSING_BEFORE = re.compile(
    r"\b(?:siden|since|fra og med|until|indtil)[ ]+$"
    r"|\b(?:flyttet|rykket|udsat|ændret|moved|rescheduled|postponed|changed)\b[^.]{0,12}?"
    r"\b(?:fra|from)[ ]+(?:\w+[ ]+){0,2}$",
    re.IGNORECASE,
)
_SLASH_CONTEXT = re.compile(
    rf"(?:^|[·|:,(]|\b(?:{WEEKDAY_RE})\.?,?"
    r"|\b(?:den|d\.|dato|date|senest|frist|deadline|on|fra|til|og|and))[ ]*$",
    re.IGNORECASE,
)


@dataclass
class DateMatch:
    start: int
    end: int
    day: int
    month: int
    year: int | None
    #: session | deadline | publication | passing | span (a period of several events)
    kind: str = "session"
    #: where a year not written beside the date came from ("list", "title", "season", "session")
    year_from: str | None = None

    @property
    def iso(self) -> str:
        if self.year:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        return f"--{self.month:02d}-{self.day:02d}"


def _valid(day: int, month: int, year: int | None) -> bool:
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return False
    try:
        dt.date(year or 2024, month, day)  # 2024 is a leap year: 29 February is fine
    except ValueError:
        return False
    return True


def find_dates(line: str) -> list[DateMatch]:
    """All dates in one line, classified by the words before them."""
    return list(_find_dates(line))


@lru_cache(maxsize=2048)
def _find_dates(line: str) -> tuple[DateMatch, ...]:
    if not _HAS_DIGIT.search(line):
        return ()
    found = _pattern_dates(line)
    _range_starts(line, found)
    _day_lists(line, found)
    found.sort(key=lambda d: d.start)
    _list_years(line, found)
    _mark_spans(line, found)
    return tuple(found)


def _pattern_dates(line: str) -> list[DateMatch]:
    """Every date the patterns find, the first pattern winning where two overlap."""
    found: list[DateMatch] = []
    taken: list[tuple[int, int]] = []
    low = line.lower()
    for pattern in _DATE_PATTERNS:
        if pattern is DATE_MONTH_DAY and not any(k in low for k in _EN_MONTH_KEYS):
            continue
        for m in pattern.finditer(line):
            s = _lead_start(line, m.start())
            if any(s < te and ts < m.end() for ts, te in taken):
                continue
            date = _date_of(line, m, s, pattern)
            if date:
                found.append(date)
                taken.append((s, m.end()))
    return found


def _date_of(line: str, m: re.Match, s: int, pattern: re.Pattern) -> DateMatch | None:
    gd = m.groupdict()
    month_raw = gd["m"]
    if month_raw.isdigit():
        month = int(month_raw)
    else:
        if month_raw == "may":
            return None  # "5 may attend": lower-case "may" is the verb
        month = MONTHS[month_raw.lower()]
    day = int(gd["d"])
    year_raw = gd.get("y") or gd.get("y4")
    year = None
    if year_raw:
        year = int(year_raw)
        if year < 100:
            year += 2000
    if not _valid(day, month, year):
        return None
    context = line[max(0, m.start() - 60) : m.start()]
    if pattern is DATE_SLASH and not year and not _SLASH_CONTEXT.search(context):
        return None  # "24/7" and fractions
    if pattern is DATE_DOTTED_SHORT and not _WEEKDAY_LEAD.search(line[s : m.start()]):
        return None  # "1.2.27" without a weekday is a section number or a code
    return DateMatch(s, m.end(), day, month, year, _date_kind(line, line[max(0, s - 60) : s]))


def _date_kind(line: str, before: str) -> str:
    """What the words before a date make of it: publication, deadline, in passing, or event."""
    if _PUBLICATION_BEFORE.search(before):
        return "publication"
    d_match = _DEADLINE_BEFORE.search(before)
    if d_match:
        word = d_match.group(0).lower()
        if word.startswith(("by", "before")) and not _REG_WORDS.search(line):
            return "session"
        return "deadline"
    if _PASSING_BEFORE.search(before):
        return "passing"
    return "session"


def _range_starts(line: str, found: list[DateMatch]) -> None:
    """'9–10 September 2027', '3.-4. maj': the first day of a range shares month and year."""
    for m in _DAY_RANGE.finditer(line):
        end_day = next((d for d in found if d.start <= m.start("d2") < d.end), None)
        if end_day is None:
            continue
        if _NUMBER_LABEL.search(line, 0, m.start()):
            continue  # "Session 1 – 14 February": a number, not the first day of a range
        day = int(m.group("d1"))
        if not (_valid(day, end_day.month, end_day.year) and day < end_day.day):
            continue
        found.append(
            DateMatch(m.start(), m.start("d2"), day, end_day.month, end_day.year, end_day.kind)
        )
        sep = line[m.end("d1") : m.start("d2")]
        if re.search(r"[-–—]", sep) and end_day.day - day <= 4:
            # "6–8 March 2028": the days in between belong to the event too
            found.extend(
                DateMatch(
                    m.start("d2"), m.start("d2"), mid, end_day.month, end_day.year, end_day.kind
                )
                for mid in range(day + 1, end_day.day)
            )


def _day_lists(line: str, found: list[DateMatch]) -> None:
    """'5th, 12th and 19th May 2027', '5., 12. og 19. maj': a list of days sharing a month."""
    for d in list(found):
        if d.month is None or d.start < 3:
            continue
        lst = _DAY_LIST_BEFORE.search(line, 0, d.start)
        if not lst:
            continue
        nums = list(re.finditer(r"(\d{1,2})(st|nd|rd|th|\.)?", lst.group(0)))
        suffixed = bool(re.match(r"\d{1,2}(?:st|nd|rd|th|\.)", line[d.start : d.end].lstrip()))
        if any(bool(n.group(2)) != suffixed for n in nums):
            continue  # "Kl. 10, 11 og 12. maj": not one list of days
        for n in re.finditer(r"\d{1,2}", lst.group(0)):
            day = int(n.group(0))
            pos = lst.start() + n.start()
            if _valid(day, d.month, d.year) and not any(x.start <= pos < x.end for x in found):
                found.append(DateMatch(pos, pos + len(n.group(0)), day, d.month, d.year, d.kind))


def _list_years(line: str, found: list[DateMatch]) -> None:
    """'3. marts, 7. april og 5. maj 2027': a year closing a list of dates applies to all."""
    for i in range(len(found) - 1, 0, -1):
        cur, prev = found[i], found[i - 1]
        between = line[prev.end : cur.start]
        if (
            cur.year
            and not prev.year
            and prev.kind == cur.kind
            and re.fullmatch(r"\s*(?:,|og|and|&|samt|[-–—]|til|to)?\s*(?:og|and)?\s*", between)
        ):
            prev.year = cur.year


_RANGE_JOIN = re.compile(r"\s*(?:-|–|—|til|to|until|till|through)\s*", re.IGNORECASE)
#: A range of dates longer than this is a period (a series' span, a call), not one event.
SPAN_DAYS = 14


def _mark_spans(line: str, found: list[DateMatch]) -> None:
    """'from 1 February to 30 June 2028': the span of a whole series, no session of its own."""
    for prev, cur in itertools.pairwise(found):
        if prev.kind != "session" or cur.kind != "session":
            continue
        if not _RANGE_JOIN.fullmatch(line[prev.end : cur.start]):
            continue
        year = cur.year or prev.year or 2024
        try:
            first = dt.date(prev.year or year, prev.month, prev.day)
            last = dt.date(year, cur.month, cur.day)
        except ValueError:
            continue
        if (last - first).days > SPAN_DAYS:
            prev.kind = cur.kind = "span"


# ----------------------------------------------------------------------------- times

_AMPM = r"(?:[ap]\.?[ ]?m\.?(?![a-z])|noon\b|(?-i:[ap])(?=[ ]+[—–-][ ]))"
TIME_RANGE = re.compile(
    rf"(?<![\d.:/,])(?:(?P<kl>kl\.?|klokken|fra[ ]+kl\.?|fra|from|between|mellem)[ ]*)?"
    rf"(?P<h1>\d{{1,2}})(?:[.:](?P<m1>\d{{2}}))?(?!\d)[ ]*(?P<ap1>{_AMPM})?[ ]*"
    rf"(?:-|–|—|til|to|until|till|and|og)[ ]*(?:kl\.?[ ]*)?"
    rf"(?P<h2>\d{{1,2}})(?:[.:](?P<m2>\d{{2}}))?(?![\d/])(?![.]\d)(?:[ ]*(?P<ap2>{_AMPM}))?",
    re.IGNORECASE,
)
TIME_SINGLE = re.compile(
    rf"(?<![\d.:/,])(?:(?P<kl>kl\.?|klokken|at)[ ]*)?(?P<h>\d{{1,2}})(?:[.:](?P<m>\d{{2}}))?"
    rf"(?![\d/])(?![.]\d)(?:[ ]*(?P<ap>{_AMPM}))?",
    re.IGNORECASE,
)
AGENDA = re.compile(
    rf"^(?:kl\.?[ ]*)?(?P<h1>\d{{1,2}})[.:](?P<m1>\d{{2}})(?:[ ]*(?P<ap1>{_AMPM}))?"
    rf"(?:[ ]*(?:-|–|—|til|to)[ ]*(?:kl\.?[ ]*)?(?P<h2>\d{{1,2}})[.:](?P<m2>\d{{2}})"
    rf"(?:[ ]*(?P<ap2>{_AMPM}))?)?(?!\d)(?![.:]\d)[ ]*(?:[-–—:|·][ ]*)?(?P<rest>.*)$",
    re.IGNORECASE,
)
AGENDA_KL = re.compile(
    rf"^kl\.?[ ]*(?P<h1>\d{{1,2}})(?:[.:](?P<m1>\d{{2}}))?(?:[ ]*(?P<ap1>{_AMPM}))?"
    rf"(?:[ ]*(?:-|–|—|til)[ ]*(?P<h2>\d{{1,2}})(?:[.:](?P<m2>\d{{2}}))?)?(?!\d)(?![.:]\d)"
    rf"[ ]*(?:[-–—:|][ ]*)?(?P<rest>.*)$",
    re.IGNORECASE,
)
#: "13-14 Mød forfatterne": whole hours without minutes, a short span, a title after them
AGENDA_HOURS = re.compile(r"^(?P<h1>\d{1,2})[ ]?[-–][ ]?(?P<h2>\d{1,2})[ ]+(?P<rest>[A-ZÆØÅ].*)$")
_TZ_ONLY = re.compile(
    r"^(?:cet|cest|utc|gmt|eet|eest|wet|west|bst|est|edt|pst|pdt|dansk tid)?\W*$", re.IGNORECASE
)


def _h24(h: int, ap: str | None) -> int:
    if not ap:
        return h
    pm = ap.lower().startswith(("p", "n"))  # p.m., or "12.00 noon"
    if pm and h < 12:
        return h + 12
    if not pm and h == 12:
        return 0
    return h


def _fmt(h: int, m: int) -> str | None:
    if 0 <= h <= 24 and 0 <= m < 60:
        return f"{h:02d}:{m:02d}"
    return None


@dataclass
class TimeRange:
    start: str | None
    end: str | None
    span: tuple[int, int]


def _range_from(gd: dict, has_kl: bool) -> tuple[str | None, str | None] | None:
    h1, h2 = int(gd["h1"]), int(gd["h2"]) if gd.get("h2") else None
    m1 = int(gd["m1"]) if gd.get("m1") else 0
    m2 = int(gd["m2"]) if gd.get("m2") else 0
    ap1, ap2 = gd.get("ap1"), gd.get("ap2")
    if h2 is None:
        return _fmt(_h24(h1, ap1), m1), None
    if not (gd.get("m1") or gd.get("m2") or has_kl or ap1 or ap2):
        return None
    end_h = _h24(h2, ap2 or ap1)
    if ap1:
        start_h = _h24(h1, ap1)
    elif ap2 and ap2.lower().startswith("p") and h1 < 12 and h1 + 12 <= end_h:
        start_h = h1 + 12
    else:
        start_h = h1
    if h1 > 24 or h2 > 24:
        return None
    if (end_h, m2) <= (start_h, m1):
        return None
    return _fmt(start_h, m1), _fmt(end_h, m2)


def find_time_range(text: str) -> TimeRange | None:
    """First time range ("kl. 9-10", "14:00–15:30", "2–3.30 pm") or single clock time."""
    for m in TIME_RANGE.finditer(text):
        gd = m.groupdict()
        kl = gd.get("kl") or ""
        bare = not (gd["m1"] or gd["m2"] or gd["ap1"] or gd["ap2"])
        if kl.lower() in ("fra", "from", "between", "mellem") and bare:
            continue
        res = _range_from(gd, has_kl=bool(kl))
        if res:
            return TimeRange(res[0], res[1], m.span())
    for m in TIME_SINGLE.finditer(text):
        gd = m.groupdict()
        if not (gd["m"] or gd["kl"] or gd["ap"]):
            continue
        if (gd["kl"] or "").lower() == "at" and not (gd["m"] or gd["ap"]):
            continue
        h = _h24(int(gd["h"]), gd["ap"])
        start = _fmt(h, int(gd["m"] or 0))
        if start and h <= 24:
            return TimeRange(start, None, m.span())
    return None


_VIDEO_STAMP = re.compile(r"^\s*\d{1,2}:\d{2}:\d{2}\b")
_ONWARDS = re.compile(
    r"^(?:and\s+)?(?:onwards?|og\s+frem(?:efter)?|ff\.)\s*[:–—-]?\s*", re.IGNORECASE
)


def _hours_only(text: str) -> re.Match | None:
    m = AGENDA_HOURS.match(text)
    if m and 6 <= int(m.group("h1")) < int(m.group("h2")) <= 24:
        return m if int(m.group("h2")) - int(m.group("h1")) <= 4 else None
    return None


@dataclass
class AgendaTime:
    start: str
    end: str | None
    rest: str


def match_agenda(text: str) -> AgendaTime | None:
    """A programme line that starts with a time: "10.15 – Pause", "09.00Velkomst"."""
    m = AGENDA.match(text) or AGENDA_KL.match(text) or _hours_only(text)
    if not m:
        return None
    gd = m.groupdict()
    if _VIDEO_STAMP.match(text):
        return None  # "00:12:30 Intro": a chapter of a recording, no programme point
    rest = _ONWARDS.sub("", gd["rest"].strip())
    if len(re.sub(r"[^A-Za-zÆØÅæøåÄÖÜäöüÉé]", "", rest)) < 2 or _TZ_ONLY.match(rest):
        return None
    if re.match(r"^(?:[ap]\.?m\.?\b|timer?\b|hours?\b|min)", rest, re.IGNORECASE):
        return None
    if gd.get("h2"):
        res = _range_from(gd, has_kl=True)
        if not res:
            return None
        start, end = res
    else:
        start, end = _fmt(_h24(int(gd["h1"]), gd.get("ap1")), int(gd["m1"] or 0)), None
    if not start:
        return None
    return AgendaTime(start, end, rest)
