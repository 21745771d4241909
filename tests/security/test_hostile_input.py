"""Hostile input, as an anonymous visitor and an organiser would type it: each payload gets
the answer a person would see (a Danish field error, or the text shown harmlessly), and a
refused form leaves nothing half saved (no registration, no email)."""

import csv
import io
import re
from html import unescape

import openpyxl
import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.backoffice.factories import RegistrationFactory
from tests.factories import MembershipFactory, OrganisationFactory, SeriesFactory, SessionFactory
from tinget.mailings.models import OutboundEmail
from tinget.programme.models import AuditEntry
from tinget.registrations.models import Registration

pytestmark = pytest.mark.django_db

CONTROL_MESSAGE = "Fjern linjeskift og specialtegn"

REFUSED = {
    "bell": "Mette\x07 Hansen",
    "escape": "Mette\x1b[31m Hansen",
    "crlf": "Mette Hansen\r\nBcc: alle@example.dk",
    "lf": "Mette\nHansen",
    "tab": "Mette\tHansen",
    "nul": "Mette\x00Hansen",
    "rtl_override": "Mette \u202egnp.exe",
    "rtl_isolate": "Mette \u2067Hansen\u2069",
    "c1": "Mette\x85Hansen",
}
XSS = [
    "<script>alert(document.cookie)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "{{ 7*7 }} {% debug %}",
]
FORMULAS = ['=HYPERLINK("http://evil.example","klik")', "+SUM(1,2)", "-2+3", "@cmd", "\t=1+1"]


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()


@pytest.fixture
def session():
    return SessionFactory(series=SeriesFactory(partners=[OrganisationFactory()]), capacity=100)


def form_data(**overrides):
    data = {
        "name": "Anna Andersen",
        "email": "anna@example.dk",
        "organisation": "Gentofte Kommune",
        "organisation_kind": "municipality",
        "municipality": "0157",
        "job_title": "Udviklingskonsulent",
        "language": "da",
        "website": "",
    }
    data.update(overrides)
    return data


def signup(client, session, **overrides):
    url = reverse("registrations:session_signup", kwargs={"pk": session.pk})
    return client.post(url, form_data(**overrides))


def visible(response) -> str:
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", body)).split())


@pytest.mark.parametrize("field", ["name", "organisation", "job_title"])
@pytest.mark.parametrize("payload", REFUSED.values(), ids=REFUSED.keys())
def test_control_characters_are_refused_in_danish_and_nothing_is_saved(
    client, session, field, payload
):
    response = signup(client, session, **{field: payload})
    assert response.status_code == 200
    page = visible(response)
    # Django's own check answers NUL first ("Null-tegn er ikke tilladte").
    assert CONTROL_MESSAGE in page or "Null-tegn er ikke tilladte" in page
    assert Registration.objects.count() == 0
    assert OutboundEmail.objects.count() == 0


def test_an_overlong_name_is_refused_in_danish(client, session):
    response = signup(client, session, name="A" * 10_000)
    assert response.status_code == 200
    assert "200 tegn" in visible(response)
    assert Registration.objects.count() == 0


def test_invalid_utf8_is_never_a_500_and_never_stored_raw(client, session):
    url = reverse("registrations:session_signup", kwargs={"pk": session.pk})
    body = (
        "name=Mette%FF%FEHansen&email=mette%40example.dk&organisation=X&organisation_kind=other"
        "&language=da&website="
    )
    response = client.generic("POST", url, body, content_type="application/x-www-form-urlencoded")
    assert response.status_code in {200, 302, 400}
    for registration in Registration.objects.all():
        assert "\udcff" not in registration.name
        registration.name.encode("utf-8")


@pytest.mark.parametrize("payload", XSS)
def test_markup_in_a_name_is_shown_as_text_everywhere(client, session, payload):
    response = signup(client, session, name=payload, email="xss@example.dk")
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.name == payload
    email = OutboundEmail.objects.get(to="xss@example.dk")
    assert "<script>" not in email.body_html and "<img src=x" not in email.body_html
    assert "{% debug %}" not in email.body_text or payload.startswith("{{")
    assert "49" not in email.body_text.split("\n")[0]
    # The organisers' registrant list and the admin escape it too.
    organiser = MembershipFactory(organisation=session.series.partners.first()).user
    client.force_login(organiser)
    page = client.get(reverse("backoffice:registrants", kwargs={"pk": session.pk}))
    html = page.content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html


@pytest.mark.parametrize("payload", FORMULAS)
def test_formulas_are_neutralised_in_the_csv_export(client, session, payload):
    RegistrationFactory(session=session, name=payload.strip(), organisation=payload.strip())
    organiser = MembershipFactory(organisation=session.series.partners.first()).user
    client.force_login(organiser)
    response = client.get(reverse("backoffice:export_csv", kwargs={"pk": session.pk}))
    rows = list(
        csv.reader(
            io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")), delimiter=";"
        )
    )
    cells = [cell for row in rows[1:] for cell in row]
    assert not [cell for cell in cells if cell[:1] in {"=", "+", "-", "@", "\t", "\r"}]


def test_an_old_row_with_control_characters_still_exports_to_excel(client, session):
    # Stored before the input check existed: the export strips what Excel cannot hold.
    RegistrationFactory(session=session, name="Bell\x07 Escape\x1b Nul", organisation="A\x0bB")
    organiser = MembershipFactory(organisation=session.series.partners.first()).user
    client.force_login(organiser)
    response = client.get(reverse("backoffice:export_xlsx", kwargs={"pk": session.pk}))
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    values = [cell.value for row in workbook.active.iter_rows() for cell in row]
    assert "Bell Escape Nul" in values
    assert AuditEntry.objects.filter(object_type="session").count() == 1


def test_a_subject_with_a_line_break_is_refused_and_nothing_is_sent(client, session):
    RegistrationFactory(session=session, status=Registration.Status.CONFIRMED)
    organiser = MembershipFactory(organisation=session.series.partners.first()).user
    client.force_login(organiser)
    before = OutboundEmail.objects.count()
    response = client.post(
        reverse("backoffice:message", kwargs={"pk": session.pk}),
        {
            "group": "confirmed",
            "subject": "Hej\r\nBcc: alle@example.dk",
            "body": "Tekst",
            "send": "1",
        },
    )
    assert response.status_code == 200
    assert CONTROL_MESSAGE in visible(response)
    assert OutboundEmail.objects.count() == before
