"""The shapes of the API's answers, as the OpenAPI document shows them."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Schema
from pydantic import field_validator


class Problem(Schema):
    """RFC 9457 problem details."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    errors: list[FieldError] | None = None


class FieldError(Schema):
    field: str
    message: str


class SDGOut(Schema):
    number: int
    title_da: str
    title_en: str
    colour: str


class OrganisationOut(Schema):
    slug: str
    name: str
    kind: str
    website: str
    municipality_code: str | None
    url: str


class PartnerOut(Schema):
    organisation: str = Field(description="The organisation's slug.")
    name: str
    part: str


class SpeakerOut(Schema):
    """A person on a programme item, with role and organisation as printed for that talk."""

    name: str
    person: str = Field(description="The person's slug.")
    role: str
    organisation: str
    organisation_slug: str | None
    part: str


class ItemOut(Schema):
    order: int
    time: str | None = Field(description="Local time (Europe/Copenhagen), HH:MM.")
    title: str
    description: str = Field(description="Markdown.")
    sdgs: list[int]
    speakers: list[SpeakerOut]


class SessionOut(Schema):
    id: int
    series: str = Field(description="The series' slug.")
    title: str
    starts_at: datetime
    ends_at: datetime
    format: str
    place: str
    status: str
    sdgs: list[int]
    url: str
    signup_deadline: datetime | None = Field(
        None, description="After this moment nobody can sign up; null: until the session ends."
    )
    requires_approval: bool = Field(
        False, description="The organisers approve each sign-up before it holds a seat."
    )
    signup_url: str | None = Field(description="Where people sign up, while sign-up is open.")
    items: list[ItemOut]


class SeriesOut(Schema):
    slug: str
    title: str
    description: str = Field(description="Markdown.")
    is_free: bool
    platform: str
    moderator: str | None
    partners: list[PartnerOut]
    sdgs: list[int]
    url: str


class SeriesPage(Schema):
    results: list[SeriesOut]
    next: str | None


class SessionPage(Schema):
    results: list[SessionOut]
    next: str | None


class OrganisationPage(Schema):
    results: list[OrganisationOut]
    next: str | None


# --- organiser ----------------------------------------------------------------------------


class PersonOut(Schema):
    """What the person told us, each field only when their consent text named it (else null)."""

    name: str | None
    email: str | None
    organisation: str | None
    organisation_kind: str | None
    municipality_code: str | None
    job_title: str | None
    answers: dict[str, str] | None
    partner_followup: bool = Field(
        description="The person agreed that the partners may contact them after the series."
    )


class RegistrationOut(Schema):
    id: int
    session: int
    status: str
    signed_up_at: datetime
    confirmed_at: datetime | None
    cancelled_at: datetime | None
    person: PersonOut


class RegistrationPage(Schema):
    results: list[RegistrationOut]
    next: str | None


class AttendanceOut(Schema):
    registration: int
    status: str
    attendance: str = Field(description="attended, missed, or empty when not recorded.")
    minutes_present: int | None
    person: PersonOut


class AttendancePage(Schema):
    results: list[AttendanceOut]
    next: str | None


class OrganiserSessionOut(Schema):
    id: int
    series: str
    title: str
    starts_at: datetime
    ends_at: datetime
    status: str
    capacity: int


class OrganiserSessionPage(Schema):
    results: list[OrganiserSessionOut]
    next: str | None


def _no_nul(value):
    # PostgreSQL text cannot hold NUL; Django's form fields refuse it too.
    if isinstance(value, str) and "\x00" in value:
        raise ValueError("NUL character")
    return value


class RegistrationIn(Schema):
    name: str = Field(min_length=1, max_length=200)
    email: str = Field(min_length=3, max_length=254)
    organisation: str = Field("", max_length=200)
    organisation_kind: str = Field("", max_length=20)
    municipality_code: str | None = Field(None, max_length=4)
    job_title: str = Field("", max_length=200)
    language: str = Field("da", max_length=2)
    confirm_on_behalf: bool = Field(
        False,
        description=(
            "True: the organiser confirms for the person (no confirmation email; audited). "
            "False: the person gets an email and must confirm (double opt-in)."
        ),
    )

    _strings = field_validator(
        "name",
        "email",
        "organisation",
        "organisation_kind",
        "municipality_code",
        "job_title",
        "language",
    )(_no_nul)


# --- widget -------------------------------------------------------------------------------


class Choice(Schema):
    value: str
    label: str


class WidgetField(Schema):
    name: str
    label: str
    kind: str = Field(description="text, email, select, radio or checkbox.")
    required: bool
    help: str
    autocomplete: str
    initial: str
    choices: list[Choice]


class WidgetSession(Schema):
    id: int
    title: str
    starts_at: datetime
    ends_at: datetime
    when: str = Field(description="Date and time as text in the requested language.")
    format: str
    format_label: str
    place: str
    url: str
    signup_open: bool


class WidgetTexts(Schema):
    heading: str
    empty: str
    sign_up: str
    submit: str
    cancel: str
    sent: str
    error_summary: str
    more: str
    notice_heading: str
    privacy: str
    closed: str
    loading_failed: str


class WidgetOut(Schema):
    series: str
    title: str
    url: str
    language: str
    sessions: list[WidgetSession]
    notice: str = Field(description="The privacy notice to show next to the form.")
    privacy_url: str
    fields: list[WidgetField]
    notice_shown: str = Field(description="Send back unchanged: the signed notice shown.")
    texts: WidgetTexts


class WidgetSignupOut(Schema):
    detail: str


Problem.model_rebuild()
