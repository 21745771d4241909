"""A message to a group: write, preview with the count, then send through the outbox."""

import pytest
from django.urls import reverse

from tests.backoffice.factories import RegistrationFactory
from tinget.mailings.models import OutboundEmail
from tinget.programme.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def groups(session):
    return {
        "confirmed_da": RegistrationFactory(
            session=session, name="Dorte Dansk", email="dorte@example.dk"
        ),
        "confirmed_en": RegistrationFactory(
            session=session, name="Emily English", email="emily@example.org", language="en"
        ),
        "attended": RegistrationFactory(
            session=session, name="Arne Deltog", email="arne@example.dk", attendance="attended"
        ),
        "missed": RegistrationFactory(
            session=session, name="Mona Udeblev", email="mona@example.dk", attendance="missed"
        ),
        "waiting": RegistrationFactory(
            session=session, name="Walther Venter", email="walther@example.dk", status="waiting"
        ),
        "cancelled": RegistrationFactory(
            session=session, name="Carl Afmeldt", email="carl@example.dk", status="cancelled"
        ),
    }


def message_url(session):
    return reverse("backoffice:message", kwargs={"pk": session.pk})


DATA = {
    "group": "confirmed",
    "subject": "Husk at læse op på cirkulære indkøb",
    "body": "Kære deltager\n\nLæs rapporten før mødet: https://example.org/rapport",
}


def test_message_form_shows_each_group_with_its_count(editor_client, session, groups):
    html = editor_client.get(message_url(session)).content.decode()
    assert "Tilmeldt (bekræftet) (4 personer)" in html
    assert "På ventelisten (1 person)" in html
    assert "Deltog (1 person)" in html


def test_message_preview_shows_count_and_email_and_sends_nothing(editor_client, session, groups):
    response = editor_client.post(message_url(session), {**DATA, "preview": "1"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Beskeden sendes til 4 personer" in html
    assert "Send til 4 personer" in html
    assert DATA["subject"] in html
    assert "Læs rapporten før mødet" in html
    assert 'name="expected" value="4"' in html
    assert not OutboundEmail.objects.exists()
    assert not AuditEntry.objects.exists()


def test_message_send_queues_one_email_per_person_in_their_language(
    editor_client, editor, session, groups
):
    response = editor_client.post(message_url(session), {**DATA, "expected": "4", "send": "1"})
    assert response.status_code == 302
    emails = {email.to: email for email in OutboundEmail.objects.all()}
    assert set(emails) == {
        "dorte@example.dk",
        "emily@example.org",
        "arne@example.dk",
        "mona@example.dk",
    }
    danish = emails["dorte@example.dk"]
    assert danish.subject == DATA["subject"]
    assert "Hej Dorte Dansk" in danish.body_text
    assert "Læs rapporten før mødet" in danish.body_text
    assert danish.registration == groups["confirmed_da"]
    assert danish.reply_to == session.series.contact_email
    english = emails["emily@example.org"]
    assert english.language == "en"
    assert "Hello Emily English" in english.body_text
    entry = AuditEntry.objects.get(action="message.sent")
    assert entry.actor == editor
    assert entry.people_count == 4
    assert entry.detail["group"] == "confirmed"
    page = editor_client.get(response["Location"])
    assert "Beskeden er lagt i udbakken til 4 personer." in page.content.decode()


def test_message_send_twice_sends_nothing_twice(editor_client, session, groups):
    for _ in range(2):
        editor_client.post(message_url(session), {**DATA, "expected": "4", "send": "1"})
    assert OutboundEmail.objects.count() == 4


@pytest.mark.parametrize(
    ("group", "recipients"),
    [
        ("waiting", {"walther@example.dk"}),
        ("attended", {"arne@example.dk"}),
        ("missed", {"mona@example.dk"}),
    ],
)
def test_message_send_reaches_exactly_the_chosen_group(
    editor_client, session, groups, group, recipients
):
    editor_client.post(
        message_url(session),
        {**DATA, "group": group, "expected": str(len(recipients)), "send": "1"},
    )
    assert set(OutboundEmail.objects.values_list("to", flat=True)) == recipients


def test_message_send_after_group_changed_shows_the_preview_again(editor_client, session, groups):
    RegistrationFactory(session=session, name="Ny Nina", email="nina@example.dk")
    response = editor_client.post(message_url(session), {**DATA, "expected": "4", "send": "1"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Gruppen har ændret sig" in html
    assert "Send til 5 personer" in html
    assert not OutboundEmail.objects.exists()


def test_message_missing_subject_and_text_are_danish_field_errors(editor_client, session, groups):
    response = editor_client.post(message_url(session), {"group": "confirmed", "preview": "1"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Skriv et emne." in html
    assert "Skriv beskeden." in html
    assert not OutboundEmail.objects.exists()


def test_message_body_is_escaped_in_the_html_email(editor_client, session, groups):
    editor_client.post(
        message_url(session),
        {**DATA, "body": "<script>alert(1)</script>", "expected": "4", "send": "1"},
    )
    email = OutboundEmail.objects.get(to="dorte@example.dk")
    assert "<script>" not in email.body_html
    assert "&lt;script&gt;" in email.body_html


def test_message_never_goes_to_someone_who_deleted_their_data(editor_client, session, groups):
    from django.utils import timezone

    erased = groups["confirmed_da"]
    erased.name = ""
    erased.email = f"erased-{erased.pk}@erased.invalid"
    erased.erased_at = timezone.now()
    erased.save()
    editor_client.post(message_url(session), {**DATA, "expected": "3", "send": "1"})
    assert set(OutboundEmail.objects.values_list("to", flat=True)) == {
        "emily@example.org",
        "arne@example.dk",
        "mona@example.dk",
    }
