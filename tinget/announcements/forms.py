"""The two steps of "Importér annoncering": paste the text, then review what was understood.

The review form is built from the parsed structure: one group of fields per session and per
programme item. Posted back, it turns into the same dict the parser makes, so the saving
path is one and the same.
"""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from tinget.backoffice.forms import DKFDSMixin
from tinget.programme.models import Appearance

from .services import MAX_UPLOAD_BYTES
from .years import resolve_dates

STATUS_CHOICES = [
    ("upcoming", _("Upcoming")),
    ("past", _("Held")),
    ("unknown", _("Unknown")),
]
FORMAT_CHOICES = [
    ("online", _("Online")),
    ("physical", _("Physical")),
    ("hybrid", _("Hybrid")),
    ("unknown", _("Unknown")),
]
DATE_RE = re.compile(r"^(\d{4}-\d{2}-\d{2}|--\d{2}-\d{2})$")
TIME_RE = re.compile(r"^([01]?\d|2[0-3])[.:]([0-5]\d)$")
PARTS = {value for value, _label in Appearance.Part.choices}
#: Speaker rows shown per programme item beyond those found: room to add someone.
EXTRA_SPEAKER_ROWS = 1
SPEAKER_FIELDS = ("name", "role", "organisation", "part")


class PasteForm(DKFDSMixin, forms.Form):
    text = forms.CharField(
        label=_("Announcement text"),
        help_text=_("Paste the announcement as text or HTML, or upload the file below."),
        widget=forms.Textarea(attrs={"rows": 14}),
        required=False,
    )
    file = forms.FileField(label=_("Or upload a file"), required=False)

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(_("The file is larger than 10 MB; an announcement never is."))
        return upload

    def clean(self):
        data = super().clean()
        if not (data.get("text") or "").strip() and not data.get("file"):
            raise ValidationError(_("Paste the announcement text or choose a file."))
        return data

    def raw(self) -> str | bytes:
        upload = self.cleaned_data.get("file")
        return upload.read() if upload else self.cleaned_data["text"]


def _time(value: str, label) -> str | None:
    value = (value or "").strip()
    if not value:
        return None
    match = TIME_RE.match(value)
    if not match:
        raise ValidationError(_("%(label)s must be a time like 09.00 or 09:00.") % {"label": label})
    return f"{int(match.group(1)):02d}:{match.group(2)}"


def speaker_rows(speakers: list[dict]) -> int:
    """How many speaker rows an item gets on the review page."""
    return len(speakers) + EXTRA_SPEAKER_ROWS


def first_moderator(data: dict) -> str:
    """The moderator the text names: for the whole series, else a session's host, else a
    moderator of a programme item."""
    if data.get("moderator"):
        return data["moderator"]
    sessions = data.get("sessions") or []
    for session in sessions:
        for host in session.get("hosts") or []:
            if host.get("event_role") == "moderator" and host.get("name"):
                return host["name"]
    for session in sessions:
        for item in session.get("items") or []:
            for speaker in item.get("speakers") or []:
                if speaker.get("event_role") == "moderator" and speaker.get("name"):
                    return speaker["name"]
    return ""


def proposed_dates(data: dict, today: dt.date) -> list[tuple[str, bool]]:
    """Each session's date as the review form shows it, and whether its year is a guess."""
    sessions = data.get("sessions") or []
    entries = [(s.get("date") or "", s.get("status") == "past") for s in sessions]
    out = []
    for (value, _past), (day, guessed) in zip(entries, resolve_dates(entries, today), strict=True):
        out.append((day.isoformat() if guessed else value, guessed))
    return out


class ReviewForm(DKFDSMixin, forms.Form):
    """Every fact the importer found, editable; built for a given shape of sessions, items
    and speaker rows (``shape[s][i]`` is the number of speaker rows of item i of session s)."""

    series_title = forms.CharField(label=_("Title of the series"), max_length=300)
    organisers = forms.CharField(
        label=_("Partners"),
        help_text=_("One organisation per line."),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    moderator = forms.CharField(
        label=_("Moderator of the series"),
        help_text=_("The person who hosts the sessions, when the text names one."),
        max_length=200,
        required=False,
    )
    free = forms.BooleanField(label=_("Free to attend"), required=False)
    platform = forms.CharField(label=_("Meeting platform"), max_length=100, required=False)
    contact_email = forms.EmailField(label=_("Contact address"), required=False)

    def __init__(self, *args, shape: list[list[int]], **kwargs):
        super().__init__(*args, **kwargs)
        self.shape = shape
        self.notes: dict[str, list[str]] = {}
        for s, items in enumerate(shape):
            self._add_session_fields(f"s{s}-")
            for i, rows in enumerate(items):
                self._add_item_fields(f"s{s}-i{i}-", rows)
        self.apply_dkfds_classes()

    def add_notes(self, notes: dict[str, list[str]]) -> None:
        """Warnings about inferred values, shown beside their fields and read with them."""
        self.notes = {name: texts for name, texts in notes.items() if name in self.fields}
        for name in self.notes:
            bound = self[name]
            ids = [f"{bound.auto_id}_note"]
            if bound.help_text:
                ids.append(f"{bound.auto_id}_helptext")
            if bound.errors:
                ids.append(f"{bound.auto_id}_error")
            self.fields[name].widget.attrs["aria-describedby"] = " ".join(ids)

    def _add_session_fields(self, p: str) -> None:
        self.fields[p + "include"] = forms.BooleanField(
            label=_("Include this session"), required=False, initial=True
        )
        self.fields[p + "title"] = forms.CharField(label=_("Title"), max_length=300, required=False)
        self.fields[p + "date"] = forms.CharField(
            label=_("Date"),
            help_text=_("YYYY-MM-DD, or --MM-DD when the year is not known."),
            required=False,
        )
        self.fields[p + "start"] = forms.CharField(label=_("Starts"), required=False)
        self.fields[p + "end"] = forms.CharField(label=_("Ends"), required=False)
        self.fields[p + "status"] = forms.ChoiceField(label=_("Status"), choices=STATUS_CHOICES)
        self.fields[p + "format"] = forms.ChoiceField(label=_("Format"), choices=FORMAT_CHOICES)
        self.fields[p + "place"] = forms.CharField(label=_("Place"), max_length=300, required=False)
        self.fields[p + "sdgs"] = forms.CharField(
            label=_("SDGs"), help_text=_("Goal numbers, e.g. 11, 12."), required=False
        )

    def _add_item_fields(self, q: str, rows: int) -> None:
        self.fields[q + "include"] = forms.BooleanField(
            label=_("Include this item"), required=False, initial=True
        )
        self.fields[q + "time"] = forms.CharField(label=_("Time"), required=False)
        self.fields[q + "title"] = forms.CharField(label=_("Title"), max_length=500, required=False)
        self.fields[q + "description"] = forms.CharField(
            label=_("Description (Markdown)"),
            widget=forms.Textarea(attrs={"rows": 4}),
            required=False,
        )
        for k in range(rows):
            r = f"{q}p{k}-"
            self.fields[r + "name"] = forms.CharField(
                label=_("Name"), max_length=200, required=False
            )
            self.fields[r + "role"] = forms.CharField(
                label=_("Job title"), max_length=200, required=False
            )
            self.fields[r + "organisation"] = forms.CharField(
                label=_("Organisation"), max_length=200, required=False
            )
            self.fields[r + "part"] = forms.ChoiceField(
                label=_("Part"), choices=Appearance.Part.choices, initial="speaker", required=False
            )

    @classmethod
    def initial_from(
        cls, data: dict, today: dt.date | None = None
    ) -> tuple[list[list[int]], dict, set[int]]:
        """The shape, the initial values and the sessions whose year is a guess."""
        registration = data.get("registration") or {}
        initial = {
            "series_title": data.get("series_title") or "",
            "organisers": "\n".join(
                o["name"] if isinstance(o, dict) else o for o in data.get("organisers") or []
            ),
            "moderator": first_moderator(data),
            "free": registration.get("free") is not False,
            "platform": registration.get("platform") or "",
            "contact_email": registration.get("contact_email") or "",
        }
        shape: list[list[int]] = []
        guessed_years: set[int] = set()
        dates = proposed_dates(data, today or dt.date.today())
        for s, session in enumerate(data.get("sessions") or []):
            p = f"s{s}-"
            items = session.get("items") or []
            shape.append([speaker_rows(item.get("speakers") or []) for item in items])
            date, guessed = dates[s]
            if guessed:
                guessed_years.add(s)
            initial |= {
                p + "include": True,
                p + "title": session.get("title") or "",
                p + "date": date,
                p + "start": session.get("start") or "",
                p + "end": session.get("end") or "",
                p + "status": session.get("status") or "unknown",
                p + "format": session.get("format") or "unknown",
                p + "place": session.get("place") or "",
                p + "sdgs": ", ".join(str(n) for n in session.get("suggested_sdgs") or []),
            }
            for i, item in enumerate(items):
                q = f"{p}i{i}-"
                initial |= {
                    q + "include": True,
                    q + "time": item.get("time") or "",
                    q + "title": item.get("title") or "",
                    q + "description": item.get("description") or "",
                }
                for k, speaker in enumerate(item.get("speakers") or []):
                    r = f"{q}p{k}-"
                    initial |= {
                        r + "name": speaker.get("name") or "",
                        r + "role": speaker.get("role") or "",
                        r + "organisation": speaker.get("organisation") or "",
                        r + "part": speaker.get("event_role")
                        if speaker.get("event_role") in PARTS
                        else "speaker",
                    }
        return shape, initial, guessed_years

    @staticmethod
    def shape_from_post(post) -> list[list[int]]:
        """The shape the review page was rendered with (hidden fields), within sane bounds."""

        def count(name: str) -> int:
            return max(0, min(int(post.get(name, 0)), 200))

        try:
            return [
                [count(f"s{s}-i{i}-speaker_count") for i in range(count(f"s{s}-item_count"))]
                for s in range(count("session_count"))
            ]
        except (TypeError, ValueError):
            return []

    def clean(self):
        data = super().clean()
        for s, items in enumerate(self.shape):
            p = f"s{s}-"
            if not data.get(p + "include"):
                continue
            date = (data.get(p + "date") or "").strip()
            if date and not DATE_RE.match(date):
                self.add_error(p + "date", _("Write the date as YYYY-MM-DD or --MM-DD."))
            for name in ("start", "end"):
                try:
                    data[p + name] = _time(data.get(p + name), self.fields[p + name].label)
                except ValidationError as error:
                    self.add_error(p + name, error)
            numbers = re.findall(r"\d+", data.get(p + "sdgs") or "")
            if any(not 1 <= int(n) <= 17 for n in numbers):
                self.add_error(p + "sdgs", _("The SDGs are numbered 1 to 17."))
            data[p + "sdgs"] = sorted({int(n) for n in numbers if 1 <= int(n) <= 17})
            for i, rows in enumerate(items):
                q = f"{p}i{i}-"
                if not data.get(q + "include"):
                    continue
                try:
                    data[q + "time"] = _time(data.get(q + "time"), self.fields[q + "time"].label)
                except ValidationError as error:
                    self.add_error(q + "time", error)
                data[q + "speakers"] = self._speakers(data, q, rows)
        return data

    def _speakers(self, data: dict, q: str, rows: int) -> list[dict]:
        """The filled speaker rows of one item; a row with details but no name is an error."""
        speakers = []
        for k in range(rows):
            r = f"{q}p{k}-"
            name = (data.get(r + "name") or "").strip()
            role = (data.get(r + "role") or "").strip()
            organisation = (data.get(r + "organisation") or "").strip()
            if not name:
                if role or organisation:
                    self.add_error(
                        r + "name", _("Write the name, or empty the job title and organisation.")
                    )
                continue
            speakers.append(
                {
                    "name": name,
                    "role": role or None,
                    "organisation": organisation or None,
                    "event_role": data.get(r + "part") or "speaker",
                }
            )
        return speakers

    def to_import(self) -> dict:
        """The reviewed announcement in the importer's schema."""
        data = self.cleaned_data
        sessions = []
        for s, items in enumerate(self.shape):
            p = f"s{s}-"
            if not data.get(p + "include"):
                continue
            out_items = []
            for i in range(len(items)):
                q = f"{p}i{i}-"
                if data.get(q + "include") and (data.get(q + "title") or "").strip():
                    out_items.append(
                        {
                            "time": data.get(q + "time"),
                            "title": data[q + "title"].strip(),
                            "description": data.get(q + "description") or "",
                            "speakers": data.get(q + "speakers") or [],
                            "links": [],
                        }
                    )
            sessions.append(
                {
                    "date": (data.get(p + "date") or "").strip() or None,
                    "start": data.get(p + "start"),
                    "end": data.get(p + "end"),
                    "title": (data.get(p + "title") or "").strip() or None,
                    "status": data.get(p + "status"),
                    "format": data.get(p + "format"),
                    "place": (data.get(p + "place") or "").strip() or None,
                    "suggested_sdgs": data.get(p + "sdgs") or [],
                    "items": out_items,
                }
            )
        return {
            "series_title": data["series_title"].strip(),
            "organisers": [
                line.strip() for line in data["organisers"].splitlines() if line.strip()
            ],
            "moderator": (data.get("moderator") or "").strip() or None,
            "sessions": sessions,
            "registration": {
                "free": data.get("free", False),
                "platform": data.get("platform") or None,
                "contact_email": data.get("contact_email") or None,
                "deadline": None,
            },
        }
