"""Plain dataclasses for a parsed announcement (see the package docstring for the shape)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: Keys of ``ParseResult.to_dict()``, in order; the gold fixtures use the same schema.
TOP_KEYS = (
    "url",
    "language",
    "truncated",
    "series_title",
    "organisers",
    "moderator",
    "sessions",
    "registration",
    "warnings",
    "flags",
)


@dataclass
class Flag:
    """A value the parser inferred rather than read: the review screen shows it beside it.

    ``where`` is a path into ``to_dict()``: ``"sessions.0.date"``, ``"sessions.1.items.2"``,
    ``"sessions.0.items.0.speakers.1.organisation"``, ``"registration.deadline"``.
    ``code`` is one of ``year_not_stated``, ``year_inferred``, ``possible_publication_date``,
    ``organisation_guessed``, ``possible_topic``, ``skipped_date`` (``where`` is ``""``: a
    date at the top was left out as the publication date); ``message`` says it in the
    text's language.
    """

    where: str
    code: str
    message: str

    def to_dict(self) -> dict[str, str]:
        return {"where": self.where, "code": self.code, "message": self.message}


@dataclass
class Speaker:
    name: str
    role: str | None = None
    organisation: str | None = None
    #: speaker | moderator | facilitator | panelist
    event_role: str = "speaker"
    #: Danish party letter when the text gave one, e.g. "S" for "(S)"; not part of the name.
    party: str | None = None
    #: the organisation was not written beside the name but guessed (not in ``to_dict``)
    organisation_guessed: bool = field(default=False, compare=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "role": self.role,
            "organisation": self.organisation,
            "event_role": self.event_role,
            "party": self.party,
        }


@dataclass
class Item:
    """One programme point: a talk, a break, a panel, an agenda line."""

    time: str | None = None
    title: str | None = None
    speakers: list[Speaker] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    #: Markdown: the prose after the title, then nested bullets as a (nested) list.
    description: str = ""
    #: SDG numbers the item cites explicitly ("verdensmål 11", "SDG 7").
    sdg_refs: list[int] = field(default_factory=list)
    #: End of the item's own time range, when an agenda line gave one ("13.00-14.30").
    end: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "time": self.time,
            "title": self.title,
            "speakers": [s.to_dict() for s in self.speakers],
            "links": list(self.links),
            "description": self.description,
            "sdg_refs": list(self.sdg_refs),
            "end": self.end,
        }


@dataclass
class Session:
    """One dated occurrence (a webinar, a conference day, a meeting)."""

    #: "YYYY-MM-DD", or "--MM-DD" when the text gives no year for this event.
    date: str | None = None
    start: str | None = None
    end: str | None = None
    title: str | None = None
    #: past | upcoming | unknown
    status: str = "unknown"
    #: online | physical | hybrid | unknown
    format: str = "unknown"
    place: str | None = None
    items: list[Item] = field(default_factory=list)
    suggested_sdgs: list[int] = field(default_factory=list)
    #: Moderators/facilitators named for the whole session rather than for one item.
    hosts: list[Speaker] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "date": self.date,
            "start": self.start,
            "end": self.end,
            "title": self.title,
            "status": self.status,
            "format": self.format,
            "place": self.place,
            "items": [i.to_dict() for i in self.items],
            "suggested_sdgs": list(self.suggested_sdgs),
            "hosts": [h.to_dict() for h in self.hosts],
        }


@dataclass
class Registration:
    #: True for "gratis"/"free of charge", False when a price is stated, None when unsaid.
    free: bool | None = None
    #: "Microsoft Teams", "Zoom", "Google Meet", "Webex", ...
    platform: str | None = None
    contact_email: str | None = None
    #: "YYYY-MM-DD" or "--MM-DD"
    deadline: str | None = None
    #: Price as written ("1.200 kr."), when one is stated.
    price: str | None = None
    links: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "free": self.free,
            "platform": self.platform,
            "contact_email": self.contact_email,
            "deadline": self.deadline,
            "price": self.price,
            "links": list(self.links),
        }


@dataclass
class ParseResult:
    language: str = "da"
    series_title: str | None = None
    organisers: list[str] = field(default_factory=list)
    sessions: list[Session] = field(default_factory=list)
    registration: Registration = field(default_factory=Registration)
    warnings: list[str] = field(default_factory=list)
    truncated: bool = False
    url: str | None = None
    #: inferred values, each with a warning for the review screen (see ``Flag``)
    flags: list[Flag] = field(default_factory=list)
    #: the person the text names as moderator of the whole series ("den gennemgående
    #: moderator", "moderates the whole series"), when it names one
    moderator: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict in the gold schema (plus a few extra keys)."""
        return {
            "url": self.url,
            "language": self.language,
            "truncated": self.truncated,
            "series_title": self.series_title,
            "organisers": list(self.organisers),
            "moderator": self.moderator,
            "sessions": [s.to_dict() for s in self.sessions],
            "registration": self.registration.to_dict(),
            "warnings": list(self.warnings),
            "flags": [f.to_dict() for f in self.flags],
        }
