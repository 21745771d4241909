"""Bulk mail to a group carries a working one-click unsubscribe (RFC 8058); transactional
mail does not. Received over a real SMTP server on loopback."""

import pytest
from django.urls import reverse

from tests.backoffice.factories import RegistrationFactory
from tinget.programme.models import AuditEntry
from tinget.registrations import notifications, services
from tinget.registrations.models import GroupMailOptOut

pytestmark = pytest.mark.django_db

DATA = {"group": "confirmed", "subject": "Læs rapporten", "body": "Kære deltager"}


def send_message(editor, session, django_capture_on_commit_callbacks, **data):
    with django_capture_on_commit_callbacks(execute=True):
        return services.send_message_to_group(
            session_id=session.pk, actor=editor, **{**DATA, **data}
        )


def test_group_message_carries_one_click_unsubscribe_that_stops_the_next_one(
    client, editor, session, smtp_server, django_capture_on_commit_callbacks
):
    anna = RegistrationFactory(session=session, email="anna@example.dk")
    RegistrationFactory(session=session, email="bo@example.dk")
    send_message(editor, session, django_capture_on_commit_callbacks)

    message = smtp_server.to(anna.email)[0].message
    header = message["List-Unsubscribe"]
    assert header.startswith("<http") and header.endswith(">")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    path = "/" + header[1:-1].split("/", 3)[3]

    # Opening the link stops nothing (a mail scanner); the mail client's POST does.
    opened = client.get(path)
    assert "Stop disse e-mails" in opened.content.decode()
    assert not GroupMailOptOut.objects.exists()
    response = client.post(
        path, data="List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert "Du får ikke flere af disse e-mails" in response.content.decode()
    assert AuditEntry.objects.filter(action="mail.unsubscribed").count() == 1

    count = send_message(editor, session, django_capture_on_commit_callbacks, subject="Nyt")
    assert count == 1
    assert len(smtp_server.to(anna.email)) == 1
    assert len(smtp_server.to("bo@example.dk")) == 2


def test_transactional_mail_has_no_unsubscribe_header(
    session, smtp_server, django_capture_on_commit_callbacks
):
    anna = RegistrationFactory(session=session, email="anna@example.dk")
    with django_capture_on_commit_callbacks(execute=True):
        notifications.registered(anna.pk)
    message = smtp_server.to(anna.email)[0].message
    assert message["List-Unsubscribe"] is None
    assert message["List-Unsubscribe-Post"] is None


def test_a_forged_unsubscribe_link_is_refused(client, db):
    url = reverse("registrations:unsubscribe", kwargs={"token": "forged"})
    assert client.post(url).status_code == 404
    assert not GroupMailOptOut.objects.exists()
