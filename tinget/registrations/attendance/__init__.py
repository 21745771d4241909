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

  The parser is split by stage: `decoding` (bytes to text to rows), `cells` (what one
  value is), `tables` (sections, columns and the two table layouts), `report`
  (`parse_report`, and what the report says of the meeting: its title and day) and `model`
  (the result types).

* The import service (`registrations/services/attendance.py`: `import_report`,
  `link_participant`, `mark_attendance`) stores a parsed report for a session, marks
  registrations attended or missed, and lets an organiser mark by hand the people the
  report does not show.

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

from .cells import (
    ATTENDEE_ROLES,
    ORGANISER_ROLES,
    clean_name,
    is_guest_name,
    looks_like_email,
    looks_like_timestamp,
    name_key,
    parse_duration,
    title_words,
)
from .decoding import decode_report, detect_delimiter
from .model import AttendanceReport, AttendanceReportError, ReportParticipant
from .report import meeting_title, parse_report, sha256_of

__all__ = [
    "ATTENDEE_ROLES",
    "ORGANISER_ROLES",
    "AttendanceReport",
    "AttendanceReportError",
    "ReportParticipant",
    "clean_name",
    "decode_report",
    "detect_delimiter",
    "is_guest_name",
    "looks_like_email",
    "looks_like_timestamp",
    "meeting_title",
    "name_key",
    "parse_duration",
    "parse_report",
    "sha256_of",
    "title_words",
]
