"""The registrant list: search, filters, pages of 50, a fixed number of queries, and the
hand actions (add, cancel, promote) through the registrations services."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.backoffice.factories import RegistrationFactory
from tests.factories import SessionFactory
from tinget.programme.models import AuditEntry, Organisation
from tinget.registrations.models import Registration

pytestmark = pytest.mark.django_db


def url(session, **params):
    base = reverse("backoffice:registrants", kwargs={"pk": session.pk})
    if params:
        from urllib.parse import urlencode

        base += "?" + urlencode(params)
    return base


def names(response) -> list[str]:
    html = response.content.decode()
    table = re.search(
        r'<table class="table table--compact backoffice-registrants">(.*?)</table>', html, re.S
    )
    if not table:
        return []
    return re.findall(r'<th scope="row">([^<]+)</th>', table.group(1))


@pytest.fixture
def mixed(session):
    return {
        "anna": RegistrationFactory(
            session=session,
            name="Anna Aarhus",
            email="anna@aarhus.example.dk",
            organisation="Aarhus Kommune",
            municipality_id="0751",
            attendance="attended",
            minutes_present=55,
        ),
        "bo": RegistrationFactory(
            session=session,
            name="Bo Virksomhed",
            email="bo@firma.example.com",
            organisation="Firma A/S",
            organisation_kind=Organisation.Kind.COMPANY,
            municipality_id=None,
            attendance="missed",
        ),
        "cecilie": RegistrationFactory(
            session=session,
            name="Cecilie Venter",
            email="cecilie@odense.example.dk",
            organisation="Odense Kommune",
            municipality_id="0461",
            status=Registration.Status.WAITING,
        ),
        "dan": RegistrationFactory(
            session=session,
            name="Dan Afmeldt",
            email="dan@ngo.example.org",
            organisation="Grøn NGO",
            organisation_kind=Organisation.Kind.NGO,
            municipality_id=None,
            status=Registration.Status.CANCELLED,
        ),
    }


def test_registrant_list_shows_everyone_with_details(editor_client, session, mixed):
    response = editor_client.get(url(session))
    assert names(response) == ["Anna Aarhus", "Bo Virksomhed", "Cecilie Venter", "Dan Afmeldt"]
    html = response.content.decode()
    assert "anna@aarhus.example.dk" in html
    assert "Aarhus" in html
    assert "55 minutter" in html


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "odense"}, ["Cecilie Venter"]),
        ({"q": "FIRMA"}, ["Bo Virksomhed"]),
        ({"q": "bo@firma"}, ["Bo Virksomhed"]),
        ({"status": "waiting"}, ["Cecilie Venter"]),
        ({"status": "cancelled"}, ["Dan Afmeldt"]),
        ({"kind": "company"}, ["Bo Virksomhed"]),
        ({"kind": "municipality"}, ["Anna Aarhus", "Cecilie Venter"]),
        ({"municipality": "0751"}, ["Anna Aarhus"]),
        ({"attended": "attended"}, ["Anna Aarhus"]),
        ({"attended": "missed"}, ["Bo Virksomhed"]),
        ({"attended": "unknown"}, ["Cecilie Venter", "Dan Afmeldt"]),
        ({"kind": "municipality", "status": "confirmed"}, ["Anna Aarhus"]),
        ({"q": "nobody-like-this"}, []),
    ],
)
def test_registrant_list_filters(editor_client, session, mixed, params, expected):
    response = editor_client.get(url(session, **params))
    assert response.status_code == 200
    assert names(response) == expected


def test_registrant_list_bad_filter_value_shows_everyone_not_an_error(
    editor_client, session, mixed
):
    response = editor_client.get(url(session, status="nonsense", municipality="9999"))
    assert response.status_code == 200
    assert len(names(response)) == 4


def test_registrant_list_pages_of_fifty_keep_the_filters(editor_client, session):
    for n in range(120):
        RegistrationFactory(session=session, name=f"Person {n:03d}", email=f"p{n}@example.dk")
    first = editor_client.get(url(session, status="confirmed"))
    assert len(names(first)) == 50
    assert names(first)[0] == "Person 000"
    html = first.content.decode()
    assert "status=confirmed&amp;side=2" in html
    last = editor_client.get(url(session, status="confirmed", side=3))
    assert names(last) == [f"Person {n:03d}" for n in range(100, 120)]
    beyond = editor_client.get(url(session, side=99))
    assert names(beyond)[-1] == "Person 119"


def test_registrant_list_runs_the_same_queries_for_one_and_three_rows(
    editor_client, session, django_assert_num_queries
):
    RegistrationFactory(session=session, name="Første Person")
    editor_client.get(url(session))  # the login session is read once per request anyway
    with CaptureQueriesContext(connection) as one:
        response = editor_client.get(url(session))
    assert names(response) == ["Første Person"]
    RegistrationFactory(session=session, name="Anden Person", municipality_id="0461")
    RegistrationFactory(session=session, name="Tredje Person", municipality_id="0751")
    with django_assert_num_queries(len(one.captured_queries)):
        response = editor_client.get(url(session))
    assert names(response) == ["Første Person", "Anden Person", "Tredje Person"]


# --- hand actions -----------------------------------------------------------------------


def test_add_registration_by_hand_registers_through_the_service(editor_client, editor, session):
    response = editor_client.post(
        reverse("backoffice:add_registration", kwargs={"pk": session.pk}),
        {
            "name": "Hånd Tilføjet",
            "email": "Haand@Kommune.example.dk",
            "organisation": "Vejle Kommune",
            "organisation_kind": "municipality",
            "municipality": "0630",
            "job_title": "Chef",
            "language": "da",
        },
    )
    assert response.status_code == 302
    registration = Registration.objects.get(session=session)
    assert registration.email == "haand@kommune.example.dk"
    assert registration.status == Registration.Status.CONFIRMED
    # No consent was given by the person: they stay out of exports.
    assert registration.consented_at is None
    assert AuditEntry.objects.filter(actor=editor).exists()
    listing = editor_client.get(response["Location"])
    assert "Hånd Tilføjet" in listing.content.decode()


def test_add_registration_already_registered_shows_danish_error(editor_client, session, mixed):
    response = editor_client.post(
        reverse("backoffice:add_registration", kwargs={"pk": session.pk}),
        {"name": "Anna igen", "email": "anna@aarhus.example.dk", "language": "da"},
    )
    assert response.status_code == 400
    assert "Personen er allerede tilmeldt sessionen." in response.content.decode()
    assert Registration.objects.filter(session=session).count() == 4


def test_add_registration_bad_email_and_missing_municipality_are_field_errors(
    editor_client, session
):
    response = editor_client.post(
        reverse("backoffice:add_registration", kwargs={"pk": session.pk}),
        {
            "name": "X",
            "email": "ikke-en-adresse",
            "organisation_kind": "municipality",
            "language": "da",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Skriv en e-mailadresse som navn@eksempel.dk." in html
    assert "Vælg kommunen." in html
    assert 'href="#id_email"' in html  # the error summary links to the field
    assert not Registration.objects.exists()


def test_cancel_by_hand_gives_the_seat_to_the_waiting_list(editor_client, series):
    session = SessionFactory(series=series, capacity=1)
    seated = RegistrationFactory(session=session, name="Siddende")
    waiting = RegistrationFactory(session=session, name="Ventende", status="waiting")
    next_url = url(session, status="confirmed")
    response = editor_client.post(
        reverse("backoffice:cancel", kwargs={"pk": seated.pk}), {"next": next_url}
    )
    assert response.status_code == 302
    assert response["Location"] == next_url
    seated.refresh_from_db()
    waiting.refresh_from_db()
    assert seated.status == Registration.Status.CANCELLED
    assert waiting.status == Registration.Status.CONFIRMED
    page = editor_client.get(next_url)
    assert "Tilmeldingen for Siddende er afmeldt." in page.content.decode()


def test_cancel_by_hand_ignores_a_foreign_next_url(editor_client, session, mixed):
    response = editor_client.post(
        reverse("backoffice:cancel", kwargs={"pk": mixed["anna"].pk}),
        {"next": "https://evil.example.com/"},
    )
    assert response["Location"] == url(session)


def test_promote_by_hand_full_session_asks_before_going_above_capacity(editor_client, series):
    session = SessionFactory(series=series, capacity=1)
    RegistrationFactory(session=session, name="Siddende")
    waiting = RegistrationFactory(session=session, name="Ventende Vera", status="waiting")
    promote = reverse("backoffice:promote", kwargs={"pk": waiting.pk})

    response = editor_client.post(promote)
    assert response.status_code == 409
    assert "1 af 1 pladser er optaget" in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.WAITING

    response = editor_client.post(promote, {"over_capacity": "1"})
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED
    entry = AuditEntry.objects.get(action="registration.promoted")
    assert entry.detail["over_capacity"] is True


def test_promote_by_hand_with_a_free_seat(editor_client, session, mixed):
    response = editor_client.post(reverse("backoffice:promote", kwargs={"pk": mixed["cecilie"].pk}))
    assert response.status_code == 302
    mixed["cecilie"].refresh_from_db()
    assert mixed["cecilie"].status == Registration.Status.CONFIRMED


def test_registrant_list_shows_erased_rows_without_their_placeholder(editor_client, session):
    from django.utils import timezone

    RegistrationFactory(
        session=session, name="", email="erased-1@erased.invalid", erased_at=timezone.now()
    )
    html = editor_client.get(url(session)).content.decode()
    assert "(oplysninger slettet)" in html
    assert "erased.invalid" not in html
