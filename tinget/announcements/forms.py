"""The two steps of "Importér annoncering": paste the text, then review what was understood.

The review form is built from the parsed structure: one group of fields per session and per
programme item. Posted back, it turns into the same dict the parser makes, so the saving
path is one and the same.
"""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from tinget.backoffice.forms import DKFDSMixin
from tinget.programme.models import Appearance

from .services import MAX_UPLOAD_BYTES

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
# Danish and English words organisers may type for the part someone plays.
PART_WORDS = {
    "oplægsholder": "speaker",
    "taler": "speaker",
    "moderator": "moderator",
    "ordstyrer": "moderator",
    "facilitator": "facilitator",
    "paneldeltager": "panelist",
    "panel": "panelist",
}


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


def speakers_to_text(speakers: list[dict]) -> str:
    lines = []
    for speaker in speakers:
        parts = [
            speaker.get("name") or "",
            speaker.get("role") or "",
            speaker.get("organisation") or "",
        ]
        part = speaker.get("event_role") or "speaker"
        lines.append(" | ".join([*parts, part]).rstrip())
    return "\n".join(lines)


def text_to_speakers(text: str) -> list[dict]:
    speakers = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        cells = [cell.strip() for cell in line.split("|")]
        cells += [""] * (4 - len(cells))
        name, role, organisation, part = cells[:4]
        if not name:
            raise ValidationError(
                _("Line %(number)s of the speakers has no name.") % {"number": number}
            )
        part = PART_WORDS.get(part.lower(), part.lower() or "speaker")
        if part not in PARTS:
            raise ValidationError(
                _(
                    'Line %(number)s: "%(part)s" is not a part; use speaker, moderator, '
                    "facilitator or panelist."
                )
                % {"number": number, "part": cells[3]}
            )
        speakers.append(
            {
                "name": name,
                "role": role or None,
                "organisation": organisation or None,
                "event_role": part,
            }
        )
    return speakers


class ReviewForm(DKFDSMixin, forms.Form):
    """Every fact the importer found, editable; built for a given shape of sessions and items."""

    series_title = forms.CharField(label=_("Title of the series"), max_length=300)
    organisers = forms.CharField(
        label=_("Partners"),
        help_text=_("One organisation per line."),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    free = forms.BooleanField(label=_("Free to attend"), required=False)
    platform = forms.CharField(label=_("Meeting platform"), max_length=100, required=False)
    contact_email = forms.EmailField(label=_("Contact address"), required=False)

    def __init__(self, *args, shape: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.shape = shape
        for s, item_count in enumerate(shape):
            p = f"s{s}-"
            self.fields[p + "include"] = forms.BooleanField(
                label=_("Include this session"), required=False, initial=True
            )
            self.fields[p + "title"] = forms.CharField(
                label=_("Title"), max_length=300, required=False
            )
            self.fields[p + "date"] = forms.CharField(
                label=_("Date"),
                help_text=_("YYYY-MM-DD, or --MM-DD when the year is not known."),
                required=False,
            )
            self.fields[p + "start"] = forms.CharField(label=_("Starts"), required=False)
            self.fields[p + "end"] = forms.CharField(label=_("Ends"), required=False)
            self.fields[p + "status"] = forms.ChoiceField(label=_("Status"), choices=STATUS_CHOICES)
            self.fields[p + "format"] = forms.ChoiceField(label=_("Format"), choices=FORMAT_CHOICES)
            self.fields[p + "place"] = forms.CharField(
                label=_("Place"), max_length=300, required=False
            )
            self.fields[p + "sdgs"] = forms.CharField(
                label=_("SDGs"), help_text=_("Goal numbers, e.g. 11, 12."), required=False
            )
            for i in range(item_count):
                q = f"{p}i{i}-"
                self.fields[q + "include"] = forms.BooleanField(
                    label=_("Include this item"), required=False, initial=True
                )
                self.fields[q + "time"] = forms.CharField(label=_("Time"), required=False)
                self.fields[q + "title"] = forms.CharField(
                    label=_("Title"), max_length=500, required=False
                )
                self.fields[q + "description"] = forms.CharField(
                    label=_("Description (Markdown)"),
                    widget=forms.Textarea(attrs={"rows": 4}),
                    required=False,
                )
                self.fields[q + "speakers"] = forms.CharField(
                    label=_("Speakers"),
                    help_text=_("One per line: name | role | organisation | part."),
                    widget=forms.Textarea(attrs={"rows": 3}),
                    required=False,
                )
        self.apply_dkfds_classes()

    @classmethod
    def initial_from(cls, data: dict) -> tuple[list[int], dict]:
        """The shape and the initial values for a parsed announcement."""
        registration = data.get("registration") or {}
        initial = {
            "series_title": data.get("series_title") or "",
            "organisers": "\n".join(
                o["name"] if isinstance(o, dict) else o for o in data.get("organisers") or []
            ),
            "free": registration.get("free") is not False,
            "platform": registration.get("platform") or "",
            "contact_email": registration.get("contact_email") or "",
        }
        shape = []
        for s, session in enumerate(data.get("sessions") or []):
            p = f"s{s}-"
            items = session.get("items") or []
            shape.append(len(items))
            initial |= {
                p + "include": True,
                p + "title": session.get("title") or "",
                p + "date": session.get("date") or "",
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
                    q + "speakers": speakers_to_text(item.get("speakers") or []),
                }
        return shape, initial

    @staticmethod
    def shape_from_post(post) -> list[int]:
        """The shape the review page was rendered with (hidden fields), within sane bounds."""
        try:
            sessions = min(int(post.get("session_count", 0)), 200)
            return [min(int(post.get(f"s{s}-item_count", 0)), 200) for s in range(sessions)]
        except (TypeError, ValueError):
            return []

    def clean(self):
        data = super().clean()
        for s, item_count in enumerate(self.shape):
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
            for i in range(item_count):
                q = f"{p}i{i}-"
                if not data.get(q + "include"):
                    continue
                try:
                    data[q + "time"] = _time(data.get(q + "time"), self.fields[q + "time"].label)
                except ValidationError as error:
                    self.add_error(q + "time", error)
                try:
                    data[q + "speakers"] = text_to_speakers(data.get(q + "speakers"))
                except ValidationError as error:
                    self.add_error(q + "speakers", error)
        return data

    def to_import(self) -> dict:
        """The reviewed announcement in the importer's schema."""
        data = self.cleaned_data
        sessions = []
        for s, item_count in enumerate(self.shape):
            p = f"s{s}-"
            if not data.get(p + "include"):
                continue
            items = []
            for i in range(item_count):
                q = f"{p}i{i}-"
                if data.get(q + "include") and (data.get(q + "title") or "").strip():
                    items.append(
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
                    "items": items,
                }
            )
        return {
            "series_title": data["series_title"].strip(),
            "organisers": [
                line.strip() for line in data["organisers"].splitlines() if line.strip()
            ],
            "sessions": sessions,
            "registration": {
                "free": data.get("free", False),
                "platform": data.get("platform") or None,
                "contact_email": data.get("contact_email") or None,
                "deadline": None,
            },
        }
