"""A sign-up deadline per session: after it nobody signs up (service, public form, widget,
API), the pages say so politely in the reader's language, and organisers set it on the
session form, never after the session starts."""

import datetime as dt
import re
from html import unescape

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from tests.factories import MembershipFactory, SessionFactory
from tests.registrations.conftest import registrant
from tinget.api import services as api_services
from tinget.api.models import EmbedOrigin, Scope
from tinget.programme import selectors as programme_selectors
from tinget.programme.models import AuditEntry, Membership
from tinget.registrations import selectors as registration_selectors
from tinget.registrations import services
from tinget.registrations.models import Registration

pytestmark = pytest.mark.django_db

Status = Registration.Status
HOUR = dt.timedelta(hours=1)


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()
    # The sign-up form's reference lists are kept per process: leave none behind for the
    # tests that count the queries of a first view (test_signup_box_cache.py).
    registration_selectors.forget_reference_lists()


def text(response) -> str:
    body = response.content.decode()
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", body)).split())


@pytest.fixture
def closed(series):
    """A session next week whose sign-up closed an hour ago."""
    return SessionFactory(
        series=series, title="Lukket for tilmelding", signup_deadline=timezone.now() - HOUR
    )


def form_data(**overrides):
    data = {
        "name": "Anna Andersen",
        "email": "anna@example.dk",
        "organisation": "Gentofte Kommune",
        "organisation_kind": "association",
        "language": "da",
        "website": "",
    }
    data.update(overrides)
    return data


# --- the service ---------------------------------------------------------------------------


def test_register_after_the_deadline_is_refused_with_a_polite_message(closed):
    with pytest.raises(services.SignupDeadlinePassed) as raised:
        services.register_for_session(session_id=closed.pk, registrant=registrant())
    assert isinstance(raised.value, services.SignupClosed)
    assert "Tilmeldingen til dette webinar lukkede den" in str(raised.value.message)
    assert "Skriv til arrangørerne" in str(raised.value.message)
    assert not Registration.objects.exists()


def test_register_before_the_deadline_works_and_may_confirm_after_it(session):
    session.signup_deadline = timezone.now() + HOUR
    session.save()
    registration = services.register_for_session(session_id=session.pk, registrant=registrant())
    # Signed up in time: the click in the email two hours later, after the deadline, counts.
    later = timezone.now() + 2 * HOUR
    confirmed = services.confirm_registration(registration_id=registration.pk, now=later)
    assert confirmed.status == Status.CONFIRMED


def test_organiser_may_still_add_someone_by_hand_after_the_deadline(closed, series):
    editor = MembershipFactory(
        organisation=series.partnerships.first().organisation, role=Membership.Role.EDITOR
    ).user
    registration = services.add_registration_by_organiser(
        session_id=closed.pk, registrant=registrant(), actor=editor
    )
    assert registration.status == Status.CONFIRMED


def test_a_series_subscription_leaves_out_sessions_whose_deadline_has_passed(series, closed):
    open_session = SessionFactory(series=series, title="Åben")
    subscription = services.subscribe_to_series(series_id=series.pk, registrant=registrant())
    services.confirm_subscription(subscription_id=subscription.pk)
    assert list(Registration.objects.values_list("session_id", "status")) == [
        (open_session.pk, Status.CONFIRMED)
    ]


# --- the public pages ------------------------------------------------------------------------


def test_session_page_and_form_say_sign_up_closed_in_danish_and_english(client, closed):
    page = text(client.get(closed.get_absolute_url()))
    assert "Tilmeldingen til dette webinar lukkede den" in page
    form_url = reverse("registrations:session_signup", kwargs={"pk": closed.pk})
    assert "Tilmeldingen til dette webinar lukkede den" in text(client.get(form_url))
    english = text(client.get("/en" + form_url))
    assert "Sign-up for this webinar closed on" in english
    assert 'name="email"' not in client.get(form_url).content.decode()


def test_posting_the_form_after_the_deadline_signs_nobody_up(client, closed):
    url = reverse("registrations:session_signup", kwargs={"pk": closed.pk})
    response = client.post(url, form_data())
    assert response.status_code == 200
    assert "Tilmeldingen til dette webinar lukkede den" in text(response)
    assert not Registration.objects.exists()


def test_open_form_tells_when_sign_up_closes(client, session):
    session.signup_deadline = timezone.now() + dt.timedelta(days=2)
    session.save()
    url = reverse("registrations:session_signup", kwargs={"pk": session.pk})
    assert "Tilmeldingen lukker den" in text(client.get(url))
    response = client.post(url, form_data())
    assert response.status_code == 302
    assert Registration.objects.get().status == Status.PENDING


def test_the_whole_page_cache_ends_at_the_next_deadline(client, session):
    deadline = timezone.now() + HOUR
    session.signup_deadline = deadline
    session.save()
    assert "Tilmeldingen lukker den" in text(client.get(session.get_absolute_url()))
    # The page cache keeps a public page until its next change by the clock: the deadline.
    assert programme_selectors.next_public_change() == deadline


# --- the widget and the API ------------------------------------------------------------------


def test_widget_sign_up_after_the_deadline_is_a_problem_with_the_message(client, series, closed):
    EmbedOrigin.objects.create(series=series, origin="https://www.partner.dk")
    widget = client.get(f"/api/v1/widget/series/{series.slug}").json()
    assert [s["signup_open"] for s in widget["sessions"] if s["id"] == closed.pk] == [False]
    response = client.post(
        f"/api/v1/widget/sessions/{closed.pk}/signup",
        {**form_data(), "notice_shown": widget["notice_shown"]},
        HTTP_ORIGIN="https://www.partner.dk",
    )
    assert response.status_code == 409
    assert "lukkede den" in response.json()["detail"]
    assert not Registration.objects.exists()


@pytest.mark.parametrize("on_behalf", [False, True])
def test_api_registration_after_the_deadline_is_refused(client, series, closed, on_behalf):
    partner = series.partnerships.first().organisation
    editor = MembershipFactory(organisation=partner, role=Membership.Role.EDITOR).user
    _row, secret = api_services.create_token(
        organisation=partner, name="CRM", scopes=list(Scope.values), actor=editor
    )
    response = client.post(
        f"/api/v1/organiser/sessions/{closed.pk}/registrations",
        {"name": "Ny Person", "email": "ny@example.dk", "confirm_on_behalf": on_behalf},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 409, response.content
    assert "Sign-up for this webinar closed on" in response.json()["detail"]
    assert not Registration.objects.exists()
    public = client.get(f"/api/v1/sessions/{closed.pk}").json()
    assert public["signup_url"] is None
    assert public["signup_deadline"] is not None


# --- the organiser's session form --------------------------------------------------------------


def _session_form(session, **overrides):
    start = timezone.localtime(session.starts_at)
    end = timezone.localtime(session.ends_at)
    data = {
        "title": session.title,
        "date": start.date().isoformat(),
        "start": start.strftime("%H:%M"),
        "end": end.strftime("%H:%M"),
        "format": session.format,
        "place": session.place,
        "join_url": session.join_url,
        "capacity": "" if session.capacity is None else str(session.capacity),
    }
    data.update(overrides)
    return data


@pytest.fixture
def editor_client(client, series):
    partner = series.partnerships.first().organisation
    client.force_login(MembershipFactory(organisation=partner, role=Membership.Role.EDITOR).user)
    return client


def test_organiser_sets_the_deadline_on_the_session_form(editor_client, session):
    start = timezone.localtime(session.starts_at)
    day_before = (start - dt.timedelta(days=1)).date().isoformat()
    url = reverse("backoffice:session_edit", kwargs={"pk": session.pk})
    response = editor_client.post(
        url, _session_form(session, deadline_date=day_before, deadline_time="12:00")
    )
    assert response.status_code == 302, text(response)
    session.refresh_from_db()
    deadline = timezone.localtime(session.signup_deadline)
    assert deadline.strftime("%Y-%m-%d %H:%M") == f"{day_before} 12:00"
    entry = AuditEntry.objects.filter(action="session.updated").latest("id")
    assert "signup_deadline" in entry.detail["fields"]
    page = editor_client.get(url).content.decode()
    assert f'value="{day_before}"' in page and 'value="12:00"' in page
    # Emptied again: open until the session ends.
    editor_client.post(url, _session_form(session))
    session.refresh_from_db()
    assert session.signup_deadline is None


@pytest.mark.parametrize("language", ["da", "en"])
def test_deadline_after_the_start_is_a_field_error_and_nothing_is_saved(
    editor_client, session, language
):
    start = timezone.localtime(session.starts_at)
    later = (start + dt.timedelta(hours=2)).strftime("%H:%M")
    prefix = "/en" if language == "en" else ""
    url = prefix + reverse("backoffice:session_edit", kwargs={"pk": session.pk})
    response = editor_client.post(
        url,
        _session_form(
            session, title="Ændret", deadline_date=start.date().isoformat(), deadline_time=later
        ),
    )
    assert response.status_code == 400
    expected = {
        "da": "Tilmeldingsfristen skal ligge før sessionen begynder.",
        "en": "The sign-up deadline must be before the session starts.",
    }[language]
    body = response.content.decode()
    assert expected in body
    assert 'id="id_deadline_date_error"' in body
    session.refresh_from_db()
    assert session.title != "Ændret" and session.signup_deadline is None


def test_half_a_deadline_or_nonsense_is_a_field_error_not_a_500(editor_client, session):
    url = reverse("backoffice:session_edit", kwargs={"pk": session.pk})
    response = editor_client.post(url, _session_form(session, deadline_date="2030-01-01"))
    assert response.status_code == 400
    assert "Skriv også, hvornår tilmeldingen lukker." in response.content.decode()
    response = editor_client.post(
        url, _session_form(session, deadline_date="i morgen", deadline_time="25:99")
    )
    assert response.status_code == 400
    assert "Skriv datoen som dd-mm-åååå." in response.content.decode() or (
        "dd-mm" in response.content.decode()
    )
    session.refresh_from_db()
    assert session.signup_deadline is None
