"""What the parser gives back: the report's participants and what it says of the meeting."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from tinget.errors import DomainError

from .cells import ORGANISER_ROLES, is_guest_name, name_key


class AttendanceReportError(DomainError, ValueError):
    """The file is not an attendance report we can read.

    `code` says why ("empty", "binary", "no_participants", "not_started"); views turn it
    into a sentence.
    """

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


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
    # What the report says of the meeting, for checking it is the session's own report: the
    # title from the summary ("" when the report has none) and the day it began. A day such
    # as 03/09 that could be either order without anything else in the report to decide
    # gives both readings.
    meeting_title: str = ""
    meeting_dates: tuple[dt.date, ...] = ()
