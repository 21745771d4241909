"""What the embeddable widget (`<tinget-programme series="…">`) talks to.

Only pages on a series' allowed embed origins may read these answers in a browser (CORS,
per series) or sign up through them. No cookie is ever set or read, so the widget works with
third-party cookies blocked; there is no session to forge, so no CSRF token is needed — the
Origin check and the sign-up rate limits stand in for it. A sign-up is the same as on the
sign-up page: the same form, the same rate limits, the same double opt-in email.
"""

from __future__ import annotations

from django import forms
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _
from ninja import Field, Form, Router, Schema, Status

from tinget.programme.formatting import session_when
from tinget.programme.models import Series, Session
from tinget.programme.selectors import published_series
from tinget.registrations import ratelimit
from tinget.registrations import services as registration_services
from tinget.registrations.forms import SignupForm

from . import selectors
from .problems import problem
from .public import absolute
from .schemas import Problem, WidgetOut, WidgetSignupOut

router = Router(tags=["widget"])


def _allow_origin(request, series: Series, response: HttpResponse) -> bool:
    origin = request.headers.get("Origin", "")
    response["Vary"] = "Origin, Accept-Language"
    if selectors.origin_allowed(series, origin):
        response["Access-Control-Allow-Origin"] = origin
        return True
    return False


def _kind(field: forms.Field) -> str:
    widget = field.widget
    if isinstance(widget, forms.RadioSelect):
        return "radio"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.EmailInput):
        return "email"
    return "text"


def _choices(field: forms.Field) -> list[dict]:
    out = []
    for value, label in getattr(field, "choices", []):
        if isinstance(label, list | tuple):
            out.extend({"value": str(v), "label": str(lab)} for v, lab in label)
        else:
            out.append({"value": str(value), "label": str(label)})
    return out


def _fields(form: SignupForm) -> list[dict]:
    return [
        {
            "name": name,
            "label": str(field.label),
            "kind": _kind(field),
            "required": field.required,
            "help": str(field.help_text or ""),
            "autocomplete": field.widget.attrs.get("autocomplete", ""),
            "initial": str(form[name].value() or ""),
            "choices": _choices(field),
        }
        for name, field in form.fields.items()
        if name not in ("notice_shown", "website")
    ]


def _texts(series: Series) -> dict:
    return {
        "heading": _("Upcoming sessions"),
        "empty": _("There are no upcoming sessions in this series right now."),
        "sign_up": pgettext("signup button", "Sign up"),
        "submit": _("Send sign-up"),
        "cancel": _("Close"),
        "sent": _(
            "Check your email. We have sent you a link: click it to confirm your registration."
        ),
        "error_summary": _("Correct the fields marked below."),
        "more": _("The whole series on Tinget"),
        "notice_heading": _("How we handle your data"),
        "privacy": _("Read more about your rights in the privacy notice"),
        "closed": _("Sign-up for this session is closed."),
        "loading_failed": _("The sign-up could not be sent. Try again, or sign up on Tinget."),
    }


def _upcoming(series: Series) -> list[Session]:
    return list(
        Session.objects.filter(
            series=series, status=Session.Status.SCHEDULED, ends_at__gt=timezone.now()
        )
        .select_related("series")
        .order_by("starts_at", "id")[:50]
    )


@router.get(
    "/series/{slug:slug}",
    response={200: WidgetOut, 404: Problem},
    summary="A series' upcoming sessions and sign-up form, for the widget",
)
def widget_series(request, slug: str, response: HttpResponse):
    series = published_series().filter(slug=slug).first()
    if series is None:
        return problem(404)
    _allow_origin(request, series, response)
    response["Cache-Control"] = "no-cache"
    form = SignupForm(series=series)
    language = (get_language() or "da")[:2]
    return {
        "series": series.slug,
        "title": series.title,
        "url": absolute(series.get_absolute_url()),
        "language": language,
        "sessions": [
            {
                "id": s.pk,
                "title": s.display_title,
                "starts_at": s.starts_at,
                "ends_at": s.ends_at,
                "when": session_when(s, language),
                "format": s.format,
                "format_label": str(s.get_format_display()),
                "place": s.place,
                "url": absolute(s.get_absolute_url()),
                "signup_open": registration_services.signup_open(s),
            }
            for s in _upcoming(series)
        ],
        "notice": form.notice,
        "privacy_url": absolute(reverse("programme:privacy")),
        "fields": _fields(form),
        "notice_shown": form.initial["notice_shown"],
        "texts": _texts(series),
    }


class SignupIn(Schema):
    """The sign-up page's own fields; extra questions are question_<id> as on that page."""

    name: str = Field("", max_length=1000)
    email: str = Field("", max_length=1000)
    organisation: str = Field("", max_length=1000)
    organisation_kind: str = Field("", max_length=100)
    municipality: str = Field("", max_length=100)
    job_title: str = Field("", max_length=1000)
    language: str = Field("", max_length=10)
    consent_partner_followup: str = Field(
        "", max_length=10, description="“on” when the optional box is ticked."
    )
    notice_shown: str = Field("", max_length=5000)


def _cors_problem(request, series, *args, **kwargs) -> HttpResponse:
    response = problem(*args, **kwargs)
    _allow_origin(request, series, response)
    return response


def _rate_limited(request, series, retry_after: int) -> HttpResponse:
    response = _cors_problem(
        request, series, 429, _("Too many sign-ups from here. Wait a little and try again.")
    )
    response["Retry-After"] = str(max(retry_after, 1))
    return response


@router.post(
    "/sessions/{int:session_id}/signup",
    response={
        202: WidgetSignupOut,
        403: Problem,
        404: Problem,
        409: Problem,
        422: Problem,
        429: Problem,
    },
    summary="Sign up from the widget (double opt-in)",
)
def widget_signup(request, session_id: int, data: Form[SignupIn], response: HttpResponse):
    session = (
        Session.objects.filter(series__in=published_series(), pk=session_id)
        .select_related("series")
        .first()
    )
    if session is None:
        return problem(404)
    series = session.series
    if not _allow_origin(request, series, response):
        return problem(403, _("This website may not sign people up for the series."))
    allowed, retry_after = ratelimit.check_ip(request)
    if not allowed:
        return _rate_limited(request, series, retry_after)
    form = SignupForm(request.POST, series=series)
    if not form.is_valid():
        errors = [
            {"field": name, "message": str(messages[0])} for name, messages in form.errors.items()
        ]
        return _cors_problem(
            request, series, 422, _("Correct the fields marked below."), errors=errors
        )
    allowed, retry_after = ratelimit.check_email(form.cleaned_data["email"])
    if not allowed:
        return _rate_limited(request, series, retry_after)
    try:
        registration_services.register_for_session(
            session_id=session.pk, registrant=form.registrant()
        )
    except registration_services.SignupClosed as error:
        return _cors_problem(request, series, 409, str(error.message))
    return Status(202, {"detail": _texts(series)["sent"]})
