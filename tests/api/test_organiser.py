"""The organiser API: tokens per organisation, scopes, consent-bound details, writes through
the registration services, and never another organisation's series."""

import pytest
from django.core import mail

from tests.api.conftest import OTHER_SECRET, make_token
from tests.backoffice.factories import RegistrationFactory
from tinget.api import services
from tinget.api.models import ApiToken, Scope
from tinget.programme.models import AuditEntry, Membership
from tinget.registrations.models import Registration

pytestmark = pytest.mark.django_db

BASE = "/api/v1/organiser"


@pytest.fixture(autouse=True)
def _mail_in_memory(settings):
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}


def test_registrations_show_status_and_only_what_the_consent_names(client, auth, session):
    full = RegistrationFactory(session=session, name="Fuld Samtykke")
    narrow = RegistrationFactory(
        session=session,
        name="Kun Navn",
        email="kun.navn@example.dk",
        consent_text="Jeg giver samtykke til, at mit navn deles.",
    )
    by_hand = RegistrationFactory(session=session, consent_text="", consented_at=None)
    response = client.get(f"{BASE}/sessions/{session.pk}/registrations", **auth)
    assert response.status_code == 200
    people = {r["id"]: r for r in response.json()["results"]}
    assert people[full.pk]["status"] == "confirmed"
    assert people[full.pk]["person"]["email"] == full.email
    assert people[full.pk]["person"]["job_title"] == "Klimakonsulent"
    assert people[narrow.pk]["person"]["name"] == "Kun Navn"
    assert people[narrow.pk]["person"]["email"] is None
    assert people[narrow.pk]["person"]["organisation"] is None
    hidden = dict(people[by_hand.pk]["person"])
    assert hidden.pop("partner_followup") is False
    assert set(hidden.values()) == {None}
    assert response["Cache-Control"] == "private, no-cache"


def test_sign_ups_under_the_privacy_notice_show_details_and_the_optional_consent(
    client, auth, session
):
    from tinget.registrations import notice

    told = RegistrationFactory(
        session=session,
        consent_text="",
        consented_at=None,
        notice_text=notice.notice_text(session.series),
        consents=notice.consents_given({notice.PARTNER_FOLLOWUP: "Ja"}, {notice.PARTNER_FOLLOWUP}),
    )
    (row,) = client.get(f"{BASE}/sessions/{session.pk}/registrations", **auth).json()["results"]
    assert row["id"] == told.pk
    assert row["person"]["email"] == told.email
    assert row["person"]["job_title"] == told.job_title
    assert row["person"]["partner_followup"] is True


def test_a_token_never_reaches_another_organisations_series(
    client, auth, other_session, other_registration
):
    urls = [
        f"{BASE}/sessions/{other_session.pk}/registrations",
        f"{BASE}/sessions/{other_session.pk}/attendance",
    ]
    for url in urls:
        response = client.get(url, **auth)
        assert response.status_code == 404
        assert OTHER_SECRET not in response.content.decode()
    response = client.post(
        f"{BASE}/sessions/{other_session.pk}/registrations",
        {"name": "Indtrænger", "email": "ind@example.dk"},
        content_type="application/json",
        **auth,
    )
    assert response.status_code == 404
    response = client.post(f"{BASE}/registrations/{other_registration.pk}/cancel", **auth)
    assert response.status_code == 404
    other_registration.refresh_from_db()
    assert other_registration.status == Registration.Status.CONFIRMED
    listed = client.get(f"{BASE}/sessions", **auth).json()["results"]
    assert other_session.pk not in [s["id"] for s in listed]


def test_an_editor_of_two_organisations_gets_a_token_for_one(
    client, editor, partner, other_partner, other_session, other_registration
):
    Membership.objects.create(user=editor, organisation=other_partner, role="editor")
    token = make_token(editor, partner)
    response = client.get(
        f"{BASE}/sessions/{other_session.pk}/registrations", HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    assert response.status_code == 404


def test_add_registration_goes_through_double_opt_in(
    client, auth, session, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{BASE}/sessions/{session.pk}/registrations",
            {"name": "Ny Person", "email": "Ny.Person@Example.dk", "language": "da"},
            content_type="application/json",
            **auth,
        )
    assert response.status_code == 201, response.content
    registration = Registration.objects.get(pk=response.json()["id"])
    assert registration.status == Registration.Status.PENDING
    assert registration.email == "ny.person@example.dk"
    assert [m.to for m in mail.outbox] == [["ny.person@example.dk"]]
    assert "bekræft" in mail.outbox[0].body.lower()
    entry = AuditEntry.objects.get(action="api.registration_added")
    assert entry.detail["confirmed_on_behalf"] is False


def test_organiser_can_confirm_on_behalf_and_it_is_audited(client, auth, session, editor):
    response = client.post(
        f"{BASE}/sessions/{session.pk}/registrations",
        {"name": "Bekræftet", "email": "b@example.dk", "confirm_on_behalf": True},
        content_type="application/json",
        **auth,
    )
    assert response.status_code == 201
    assert response.json()["status"] == "confirmed"
    entry = AuditEntry.objects.get(action="api.registration_added")
    assert entry.actor == editor
    assert entry.detail["confirmed_on_behalf"] is True
    assert entry.detail["token"].startswith("tinget_")
    again = client.post(
        f"{BASE}/sessions/{session.pk}/registrations",
        {"name": "Bekræftet", "email": "b@example.dk", "confirm_on_behalf": True},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
        **auth,
    )
    assert again.status_code == 409
    assert again["Content-Type"] == "application/problem+json"
    assert "already registered" in again.json()["detail"]


def test_cancel_gives_the_seat_to_the_waiting_list(client, auth, session):
    first = RegistrationFactory(session=session)
    RegistrationFactory(session=session)
    waiting = RegistrationFactory(session=session, status=Registration.Status.WAITING)
    response = client.post(f"{BASE}/registrations/{first.pk}/cancel", **auth)
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED


def test_attendance(client, auth, session):
    came = RegistrationFactory(session=session, attendance="attended", minutes_present=55)
    response = client.get(f"{BASE}/sessions/{session.pk}/attendance", **auth)
    (row,) = response.json()["results"]
    assert row == {
        "registration": came.pk,
        "status": "confirmed",
        "attendance": "attended",
        "minutes_present": 55,
        "person": row["person"],
    }
    assert row["person"]["name"] == came.name


def test_scopes_are_enforced(client, editor, partner, session):
    token = make_token(editor, partner, scopes=[Scope.READ_ATTENDANCE])
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}", "HTTP_ACCEPT_LANGUAGE": "en"}
    response = client.get(f"{BASE}/sessions/{session.pk}/registrations", **headers)
    assert response.status_code == 403
    assert "registrations:read" in response.json()["detail"]
    response = client.post(
        f"{BASE}/sessions/{session.pk}/registrations",
        {"name": "X", "email": "x@example.dk"},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 403
    assert not Registration.objects.exists()
    assert client.get(f"{BASE}/sessions/{session.pk}/attendance", **headers).status_code == 200


def test_missing_wrong_and_revoked_tokens_are_401(client, editor, session, token, auth):
    assert client.get(f"{BASE}/sessions").status_code == 401
    wrong = client.get(f"{BASE}/sessions", HTTP_AUTHORIZATION="Bearer tinget_nope")
    assert wrong.status_code == 401
    assert wrong["WWW-Authenticate"].startswith("Bearer")
    assert wrong["Content-Type"] == "application/problem+json"
    assert client.get(f"{BASE}/sessions", **auth).status_code == 200
    services.revoke_token(token_id=ApiToken.objects.get().pk, actor=editor)
    assert client.get(f"{BASE}/sessions", **auth).status_code == 401


def test_token_stops_when_its_maker_leaves_the_organisation(client, editor, auth):
    Membership.objects.filter(user=editor).delete()
    assert client.get(f"{BASE}/sessions", **auth).status_code == 401


def test_token_is_stored_hashed(token):
    row = ApiToken.objects.get()
    assert token not in (row.digest, row.prefix)
    assert row.digest == services.digest(token)
    assert token.startswith(row.prefix)


def test_rate_limit_per_token_answers_429_with_retry_after(client, settings, auth, editor, partner):
    settings.TINGET_API_TOKEN_RATE = "3/60"
    for _ in range(3):
        assert client.get(f"{BASE}/sessions", **auth).status_code == 200
    limited = client.get(f"{BASE}/sessions", **auth)
    assert limited.status_code == 429
    assert 1 <= int(limited["Retry-After"]) <= 60
    assert limited["Content-Type"] == "application/problem+json"
    fresh = make_token(editor, partner)
    assert client.get(f"{BASE}/sessions", HTTP_AUTHORIZATION=f"Bearer {fresh}").status_code == 200


def test_bad_body_is_a_translated_problem_never_a_500(client, auth, session):
    url = f"{BASE}/sessions/{session.pk}/registrations"
    for body in ("{not json", "[]", '{"name": ""}', '{"name": "A", "email": "not-an-email"}'):
        response = client.post(url, body, content_type="application/json", **auth)
        assert response.status_code in (400, 422), (body, response.content)
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["title"] in ("Ugyldige data", "Forkert forespørgsel")
    assert not Registration.objects.exists()
