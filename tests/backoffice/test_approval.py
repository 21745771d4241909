"""Manual approval in the back office: the setting on the session form, the people awaiting
approval in the registrant list with Approve / Decline (one or several), what they are told,
the figures, the exports and the API; editors only."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.backoffice.factories import RegistrationFactory
from tests.factories import SessionFactory
from tinget.api import services as api_services
from tinget.api.models import Scope
from tinget.mailings.models import OutboundEmail
from tinget.programme.models import AuditEntry
from tinget.registrations.models import Registration

pytestmark = pytest.mark.django_db

Status = Registration.Status


@pytest.fixture
def approval_session(session):
    session.requires_approval = True
    session.capacity = 1
    session.save()
    return session


@pytest.fixture
def awaiting(approval_session):
    return [
        RegistrationFactory(
            session=approval_session,
            name=name,
            email=email,
            status=Status.AWAITING_APPROVAL,
            notice_text="Partner Forum behandler dine oplysninger.",
        )
        for name, email in (
            ("Afventende Anna", "anna@kommune.example.dk"),
            ("Afventende Bo", "bo@kommune.example.dk"),
        )
    ]


def list_url(session):
    return reverse("backoffice:registrants", kwargs={"pk": session.pk})


def test_session_form_turns_approval_on_and_off(editor_client, session):
    url = reverse("backoffice:session_edit", kwargs={"pk": session.pk})
    page = editor_client.get(url).content.decode()
    assert "Godkend hver tilmelding selv" in page
    data = {
        "title": session.title,
        "date": timezone.localtime(session.starts_at).date().isoformat(),
        "start": timezone.localtime(session.starts_at).strftime("%H:%M"),
        "end": timezone.localtime(session.ends_at).strftime("%H:%M"),
        "format": session.format,
        "join_url": session.join_url,
        "capacity": "50",
        "requires_approval": "on",
    }
    assert editor_client.post(url, data).status_code == 302
    session.refresh_from_db()
    assert session.requires_approval is True
    assert (
        "requires_approval"
        in AuditEntry.objects.filter(action="session.updated").latest("id").detail["fields"]
    )
    data.pop("requires_approval")
    editor_client.post(url, data)
    session.refresh_from_db()
    assert session.requires_approval is False


def test_registrant_list_shows_who_awaits_with_approve_and_decline(editor_client, awaiting):
    session = awaiting[0].session
    page = editor_client.get(list_url(session)).content.decode()
    assert "2 personer afventer din godkendelse" in page
    assert page.count("Afventer godkendelse") >= 2
    for person in awaiting:
        assert reverse("backoffice:approve", kwargs={"pk": person.pk}) in page
        assert reverse("backoffice:decline", kwargs={"pk": person.pk}) in page
    english = editor_client.get("/en" + list_url(session)).content.decode()
    assert "2 people await your approval" in english
    assert "Awaiting approval" in english
    filtered = editor_client.get(list_url(session), {"status": "awaiting_approval"})
    assert "Afventende Anna" in filtered.content.decode()


def test_approve_one_gives_a_seat_the_next_goes_to_the_waiting_list(editor_client, awaiting):
    anna, bo = awaiting
    session = anna.session
    response = editor_client.post(
        reverse("backoffice:approve", kwargs={"pk": anna.pk}), {"next": list_url(session)}
    )
    assert response["Location"] == list_url(session)
    page = editor_client.get(list_url(session)).content.decode()
    assert "Afventende Anna er godkendt og tilmeldt og får invitationen." in page
    anna.refresh_from_db()
    assert anna.status == Status.CONFIRMED
    invite = OutboundEmail.objects.get(to=anna.email, template="registered_to_registrant")
    assert "/deltag/" in invite.body_text
    assert invite.attachments  # the calendar invitation
    editor_client.post(reverse("backoffice:approve", kwargs={"pk": bo.pk}))
    bo.refresh_from_db()
    assert bo.status == Status.WAITING
    assert OutboundEmail.objects.filter(to=bo.email, template="waitlisted_to_registrant").exists()
    # Approving Bo again is refused politely, not a 500.
    response = editor_client.post(reverse("backoffice:approve", kwargs={"pk": bo.pk}), follow=True)
    assert response.status_code == 200
    assert "Kun tilmeldinger, der afventer godkendelse" in response.content.decode()


def test_decline_several_at_once_tells_each_of_them(editor_client, awaiting, editor):
    session = awaiting[0].session
    response = editor_client.post(
        reverse("backoffice:decide", kwargs={"pk": session.pk}),
        {"decision": "decline", "registration": [str(p.pk) for p in awaiting]},
        follow=True,
    )
    assert "2 personer er afvist og har fået besked." in response.content.decode()
    assert set(Registration.objects.values_list("status", flat=True)) == {Status.DECLINED}
    assert sorted(
        OutboundEmail.objects.filter(template="declined_to_registrant").values_list("to", flat=True)
    ) == sorted(p.email for p in awaiting)
    assert AuditEntry.objects.filter(action="registration.declined", actor=editor).count() == 2


def test_bulk_with_nothing_chosen_or_rubbish_is_a_message_not_a_500(editor_client, awaiting):
    session = awaiting[0].session
    url = reverse("backoffice:decide", kwargs={"pk": session.pk})
    for data in (
        {"decision": "approve"},
        {"decision": "x", "registration": "1"},
        {"decision": "approve", "registration": ["abc", "99999999"]},
    ):
        response = editor_client.post(url, data, follow=True)
        assert response.status_code == 200
        body = response.content.decode()
        assert "Vælg" in body
    assert set(Registration.objects.values_list("status", flat=True)) == {Status.AWAITING_APPROVAL}


def test_bulk_with_ids_that_only_look_like_numbers_is_a_message_not_a_500(editor_client, awaiting):
    url = reverse("backoffice:decide", kwargs={"pk": awaiting[0].session_id})
    for value in ("²", "٣", "9" * 30):
        response = editor_client.post(
            url, {"decision": "approve", "registration": [value]}, follow=True
        )
        assert response.status_code == 200
        assert "Vælg mindst én person, der afventer godkendelse." in response.content.decode()
    assert set(Registration.objects.values_list("status", flat=True)) == {Status.AWAITING_APPROVAL}
    assert not OutboundEmail.objects.exists()


def test_bulk_ignores_people_of_another_session(editor_client, awaiting, series):
    other = RegistrationFactory(
        session=SessionFactory(series=series, requires_approval=True),
        status=Status.AWAITING_APPROVAL,
    )
    session = awaiting[0].session
    editor_client.post(
        reverse("backoffice:decide", kwargs={"pk": session.pk}),
        {"decision": "approve", "registration": [str(other.pk), str(awaiting[0].pk)]},
    )
    other.refresh_from_db()
    assert other.status == Status.AWAITING_APPROVAL
    assert Registration.objects.get(pk=awaiting[0].pk).status == Status.CONFIRMED


def test_viewer_gets_403_and_another_organisations_editor_404(client, awaiting, viewer, outsider):
    anna = awaiting[0]
    urls = [
        reverse("backoffice:approve", kwargs={"pk": anna.pk}),
        reverse("backoffice:decline", kwargs={"pk": anna.pk}),
        reverse("backoffice:decide", kwargs={"pk": anna.session_id}),
    ]
    for user, expected in ((viewer, 403), (outsider, 404)):
        client.force_login(user)
        for url in urls:
            response = client.post(url, {"decision": "approve", "registration": [anna.pk]})
            assert response.status_code == expected, (user, url)
            assert "Afventende Anna" not in response.content.decode()
    anna.refresh_from_db()
    assert anna.status == Status.AWAITING_APPROVAL
    assert not OutboundEmail.objects.exists()


def test_dashboard_export_and_api_show_the_status(editor_client, editor, partner, awaiting):
    session = awaiting[0].session
    page = editor_client.get(reverse("backoffice:session", kwargs={"pk": session.pk}))
    html = page.content.decode()
    assert 'data-figure="awaiting"' in html
    assert 'data-figure="confirmed">0<' in html
    series_page = editor_client.get(
        reverse("backoffice:series", kwargs={"slug": session.series.slug})
    )
    assert "2 afventer godkendelse" in series_page.content.decode()
    response = editor_client.get(reverse("backoffice:export_csv", kwargs={"pk": session.pk}))
    rows = list(
        csv.reader(
            io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")), delimiter=";"
        )
    )
    status_column = rows[0].index("Status")
    assert [row[status_column] for row in rows[1:]] == ["Afventer godkendelse"] * 2
    _row, secret = api_services.create_token(
        organisation=partner, name="CRM", scopes=list(Scope.values), actor=editor
    )
    listed = editor_client.get(
        f"/api/v1/organiser/sessions/{session.pk}/registrations",
        {"status": "awaiting_approval"},
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    assert listed.status_code == 200, listed.content
    assert [r["status"] for r in listed.json()["results"]] == ["awaiting_approval"] * 2
    public = editor_client.get(f"/api/v1/sessions/{session.pk}").json()
    assert public["requires_approval"] is True


def test_registration_page_offers_approve_and_decline(editor_client, awaiting):
    anna = awaiting[0]
    page = editor_client.get(reverse("backoffice:registration", kwargs={"pk": anna.pk}))
    html = page.content.decode()
    assert "Afventer godkendelse" in html
    assert reverse("backoffice:approve", kwargs={"pk": anna.pk}) in html
    assert reverse("backoffice:decline", kwargs={"pk": anna.pk}) in html
    editor_client.post(reverse("backoffice:decline", kwargs={"pk": anna.pk}))
    html = editor_client.get(reverse("backoffice:registration", kwargs={"pk": anna.pk})).content
    assert "Afvist" in html.decode()
    assert reverse("backoffice:approve", kwargs={"pk": anna.pk}) not in html.decode()
