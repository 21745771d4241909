"""Announcement parser: pasted announcement text -> structured draft series (no Django).

Usage::

    from tinget.announcements.parser import parse_announcement, ParseResult
    result = parse_announcement(text_or_bytes)   # str, or bytes in UTF-8/UTF-16/Windows-1252
    data = result.to_dict()                      # JSON-ready

``parse_announcement`` never raises: empty, binary, huge or non-event input gives a
best-effort (possibly empty) result with ``warnings`` saying why.

Structure of ``ParseResult`` (all plain dataclasses, see ``result.py``), mapped onto the
programme models as a draft series:

* ``series_title: str | None`` and ``organisers: list[str]`` -> the series and its partner
  organisations (names as written; "X Kommune" for municipalities).
* ``language: "da" | "en"``; ``truncated: bool`` (only the first 200 KB were read);
  ``url`` (always None here, kept for the gold schema).
* ``sessions: list[Session]`` in text order, each:

  - ``date``: ``"YYYY-MM-DD"``, or ``"--MM-DD"`` when the text states no year for that event,
    or None; ``start`` / ``end``: ``"HH:MM"`` (local Danish time as written) or None;
  - ``title`` (None when the session has no title of its own);
  - ``status``: ``"past" | "upcoming" | "unknown"``;
    ``format``: ``"online" | "physical" | "hybrid" | "unknown"``; ``place`` for venues;
  - ``suggested_sdgs: list[int]`` (conservative SDG tags from numbers, titles, keywords);
  - ``items: list[Item]`` - programme points in order, each with ``time`` ("HH:MM" or
    None), ``end``, ``title``, ``description`` (Markdown: prose then nested bullets as a
    nested list), ``links`` (URLs), ``sdg_refs`` (goals cited by number) and
    ``speakers: list[Speaker]`` (``name``, ``role``, ``organisation``, ``party``,
    ``event_role``: ``"speaker" | "moderator" | "facilitator" | "panelist"``).
    A session with speakers but no programme gets one item titled like the session
    (or like the series when the session has no title of its own).
  - ``hosts: list[Speaker]`` - moderators/facilitators named for the whole session rather
    than for one programme point ("Dagens moderator er ...").

* ``registration: Registration`` - ``free`` (True/False/None), ``platform`` ("Microsoft
  Teams", "Zoom", ...), ``contact_email``, ``deadline`` (date as above), ``price``, ``links``.
* ``warnings: list[str]`` - human-readable, Danish for Danish text (English for English):
  SDG number/title mismatches, truncation, "no dates found", unreadable input.
* ``flags: list[Flag]`` - values the parser inferred rather than read, each with ``where``
  (a path into ``to_dict()``, e.g. ``"sessions.0.date"``), ``code`` (``year_not_stated``,
  ``year_inferred``, ``possible_publication_date``, ``organisation_guessed``,
  ``possible_topic``, ``skipped_date``) and ``message``; the review screen shows each one
  beside its field.

Stages: ``text.prepare`` (decode, HTML, lines) -> ``normalise`` (leading source lines,
spellings) -> ``core._Parser`` (line by line: classify and assemble sessions, items,
speakers) -> ``core.parse_lines`` passes (series title, organisers, registration, times,
formats, SDGs) -> ``flags`` (inferred values).

``to_dict()`` gives exactly the gold-fixture keys (plus ``description``, ``sdg_refs``,
``end``, ``party``, ``price``, ``links`` and ``suggested_sdgs``, which the gold ignores).
"""

from .core import PARSE_FAILED, parse_announcement
from .result import Item, ParseResult, Registration, Session, Speaker

__all__ = [
    "PARSE_FAILED",
    "Item",
    "ParseResult",
    "Registration",
    "Session",
    "Speaker",
    "parse_announcement",
]
