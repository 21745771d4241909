"""What one cell of a Teams report is: a duration, a timestamp, an email, a name, a role.

Teams writes these in the organiser's UI language, so each recogniser knows the words of a
few languages and looks at the value, never at the column's header.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

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
class RawTimestamp:
    a: int
    b: int
    c: int
    year_first: bool
    seconds_of_day: int
    has_ampm: bool


def raw_timestamp(value: str) -> RawTimestamp | None:
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
    return RawTimestamp(
        a=int(match["a"]),
        b=int(match["b"]),
        c=int(match["c"]),
        year_first=len(match["a"]) == 4,
        seconds_of_day=hour * 3600 + minute * 60 + second,
        has_ampm=bool(ampm),
    )


def looks_like_timestamp(value: str) -> bool:
    return raw_timestamp(value) is not None


def date_order(raws: Iterable[RawTimestamp]) -> str:
    """Day first (Europe) or month first (US) for a whole column: values decide, else DMY."""
    raws = [raw for raw in raws if not raw.year_first]
    if any(raw.a > 12 for raw in raws):
        return "dmy"
    if any(raw.b > 12 for raw in raws):
        return "mdy"
    if any(raw.has_ampm for raw in raws):
        return "mdy"
    return "dmy"


def to_seconds(raw: RawTimestamp, order: str) -> int | None:
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


def action_kind(value: str) -> str | None:
    lowered = value.strip().lower()
    if any(word in lowered for word in LEAVE_WORDS):
        return "leave"
    if any(word in lowered for word in JOIN_WORDS):
        return "join"
    return None


def title_words(text: str) -> set[str]:
    """The words of a title for comparing two titles: case, accents and punctuation ignored."""
    text = text.casefold().translate(_FOLD)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return set(re.findall(r"\w+", text))
