"""Pass "honest output": a flag for every value the parser inferred rather than read.

Runs last, over the finished ``ParseResult`` and the session builders it came from. Each
``Flag`` names the value by its path in ``to_dict()`` so the review screen can show the
warning beside the field. The messages here are in the announcement's language (for JSON
consumers); the review screen words them in the user's language from ``code``.
"""

from __future__ import annotations

import re
from typing import Protocol

from .dates import find_dates, find_time_range
from .result import Flag, ParseResult
from .text import Line

MESSAGES = {
    "year_not_stated": {
        "da": "Året står ikke i teksten: skriv det, før du gemmer.",
        "en": "The text does not state the year: add it before you save.",
    },
    "year_inferred": {
        "da": "Året står ikke ved datoen, men er udledt af resten af teksten: kontrollér det.",
        "en": "The year is not written with this date but inferred from the rest of the text: "
        "check it.",
    },
    "possible_publication_date": {
        "da": "Datoen kan være den dag, teksten blev udgivet, og ikke et arrangement.",
        "en": "This date may be when the text was published, not an event.",
    },
    "organisation_guessed": {
        "da": "Organisationen står ikke ved navnet; den er gættet ud fra punktets titel.",
        "en": "The organisation is not written with the name; it is guessed from the item's title.",
    },
    "skipped_date": {
        "da": "Datoen øverst i teksten ({date}) er læst som udgivelsesdato og ikke som et "
        "arrangement: tilføj den, hvis den er et.",
        "en": "The date at the top of the text ({date}) was read as the publication date, not "
        "as an event: add it if it is one.",
    },
    "possible_topic": {
        "da": "Punktet kan være et emne fra beskrivelsen snarere end et programpunkt.",
        "en": "This may be a topic from the description rather than a programme item.",
    },
}


class _Builder(Protocol):
    """What this pass reads of the parser's session builder (core._SessB)."""

    date: object
    items: list
    line_index: int


def skipped_date(text: str, language: str) -> Flag:
    """A flag for the whole text: a leading date was taken for the publication date."""
    message = MESSAGES["skipped_date"]["en" if language == "en" else "da"]
    return Flag(where="", code="skipped_date", message=message.format(date=text.strip()))


def flag(code: str, where: str, language: str) -> Flag:
    return Flag(where=where, code=code, message=MESSAGES[code]["en" if language == "en" else "da"])


def _publication_like(sb: _Builder, lines: list[Line], others: int) -> bool:
    """A bare date among the first lines, with nothing of an event, while other dates
    are the events: most likely the day the page was published."""
    if others == 0 or sb.items or not 0 <= sb.line_index <= 2 or sb.line_index >= len(lines):
        return False
    text = lines[sb.line_index].text
    if find_time_range(text):
        return False
    rest = text
    for d in reversed(find_dates(text)):
        rest = rest[: d.start] + " " + rest[d.end :]
    return not re.search(r"[^\W\d_]{2,}", rest)


def inferred(result: ParseResult, built: list[_Builder], lines: list[Line]) -> list[Flag]:
    lang = result.language
    out: list[Flag] = []
    dated = [s for s in result.sessions if s.date]
    for n, (sess, sb) in enumerate(zip(result.sessions, built, strict=True)):
        where = f"sessions.{n}"
        if sess.date and sess.date.startswith("--"):
            out.append(flag("year_not_stated", f"{where}.date", lang))
        elif sess.date and getattr(sb.date, "year_from", None):
            out.append(flag("year_inferred", f"{where}.date", lang))
        bare = not (sess.title or sess.start or sess.items or sess.place)
        if sess.date and bare and _publication_like(sb, lines, len(dated) - 1):
            out.append(flag("possible_publication_date", f"{where}.date", lang))
        timed = any(it.time for it in sess.items)
        raw = {id(ib.item): ib for ib in sb.items}
        for i, item in enumerate(sess.items):
            ib = raw.get(id(item))
            if ib is not None and ib.bullet and timed and not item.time and not item.speakers:
                out.append(flag("possible_topic", f"{where}.items.{i}", lang))
            for k, sp in enumerate(item.speakers):
                if sp.organisation_guessed:
                    out.append(
                        flag(
                            "organisation_guessed",
                            f"{where}.items.{i}.speakers.{k}.organisation",
                            lang,
                        )
                    )
    deadline = result.registration.deadline
    if deadline and deadline.startswith("--"):
        out.append(flag("year_not_stated", "registration.deadline", lang))
    return out
