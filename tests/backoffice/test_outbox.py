"""The series' outbox screen: what was sent to whom and when, what failed in plain words,
filters by session and status, pages of 50, only the organiser's own series (and not for
viewers: it shows addresses), and "send again" for a failed email to a real SMTP server."""

import re
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.backoffice.conftest import SECRET_EMAIL, no_leak
from tests.backoffice.factories import RegistrationFactory
from tests.factories import SessionFactory
from tinget.mailings.models import OutboundEmail
from tinget.programme.models import AuditEntry
from tinget.registrations import notifications as notify

pytestmark = pytest.mark.django_db

Status = OutboundEmail.Status


def url(series, **params):
    base = reverse("backoffice:outbox", kwargs={"slug": series.slug})
    return base + ("?" + urlencode(params) if params else "")


def email_for(registration, *, status=Status.SENT, template="registered_to_registrant", **extra):
    return OutboundEmail.objects.create(
        to=registration.email,
        subject=extra.pop("subject", f"Du er tilmeldt: {registration.session.display_title}"),
        body_text="Hej",
        template=template,
        status=status,
        registration=registration,
        sent_at=timezone.now() if status == Status.SENT else None,
        **extra,
    )


def listed(response) -> list[str]:
    html = response.content.decode()
    table = re.search(
        r'<table class="table table--compact backoffice-outbox">(.*?)</table>', html, re.S
    )
    return re.findall(r'<th scope="row">([^<]+)</th>', table.group(1)) if table else []


@pytest.fixture
def other_session(series):
    return SessionFactory(series=series, title="Grøn transport")


@pytest.fixture
def mails(session, other_session, secret_registration):
    anna = RegistrationFactory(session=other_session, name="Anna", email="anna@aarhus.example.dk")
    return {
        "sent": email_for(secret_registration),
        "failed": email_for(
            anna,
            status=Status.FAILED,
            template="confirm_email_to_registrant",
            last_error="recipient refused: anna@aarhus.example.dk: 550 5.1.1 No such user here",
        ),
        "queued": email_for(
            anna,
            status=Status.QUEUED,
            template="reminder_24h_to_registrant",
            last_error="ConnectionRefusedError: [Errno 111] Connection refused",
        ),
    }


def test_outbox_lists_who_got_which_email_and_what_failed_in_plain_danish(
    editor_client, series, mails
):
    response = editor_client.get(url(series))

    html = response.content.decode()
    assert response.status_code == 200
    assert listed(response) == ["anna@aarhus.example.dk", "anna@aarhus.example.dk", SECRET_EMAIL]
    assert "Du er tilmeldt" in html and "Bekræft din e-mailadresse" in html
    assert "Påmindelse dagen før" in html
    assert "Modtagerens mailserver afviste adressen." in html
    assert "550 5.1.1 No such user here" in html  # the detail, for whoever runs the server
    assert "Tinget kunne ikke få forbindelse til sin mailserver." in html
    assert "Næste forsøg" in html
    # Only the failed one can be sent again.
    assert html.count("Send igen") == 1


def test_outbox_filters_by_session_and_status_and_survives_nonsense(
    editor_client, series, other_session, mails
):
    by_kind = editor_client.get(url(series, kind="reminder_24h_to_registrant"))
    by_session = editor_client.get(url(series, session=other_session.pk))
    failed = editor_client.get(url(series, status="failed"))
    nonsense = editor_client.get(
        url(series, session="x'; drop", status="??", kind="<b>", side="-3")
    )

    assert listed(by_kind) == ["anna@aarhus.example.dk"]
    assert "Påmindelse dagen før" in by_kind.content.decode().split("backoffice-outbox")[1]
    assert listed(by_session) == ["anna@aarhus.example.dk"] * 2
    assert listed(failed) == ["anna@aarhus.example.dk"]
    assert nonsense.status_code == 200 and len(listed(nonsense)) == 3


def test_outbox_in_english(editor_client, series, mails):
    response = editor_client.get("/en" + url(series))

    html = response.content.decode()
    assert "Outbox" in html and "The recipient&#x27;s mail server refused the address." in html
    assert "Confirm your email address" in html and "Send again" in html


def test_outbox_shows_fifty_a_page(editor_client, series, session):
    registration = RegistrationFactory(session=session)
    for _ in range(51):
        email_for(registration)

    first = editor_client.get(url(series))
    second = editor_client.get(url(series, side=2))

    assert len(listed(first)) == 50 and len(listed(second)) == 1
    assert "Side 1 af 2" in first.content.decode()


def test_outbox_is_not_for_another_organisation_nor_for_viewers(
    client, series, outsider, viewer, mails
):
    client.force_login(outsider)
    other = client.get(url(series))
    retry = client.post(
        reverse("backoffice:outbox_retry", kwargs={"slug": series.slug, "pk": mails["failed"].pk})
    )
    client.force_login(viewer)
    seen_by_viewer = client.get(url(series))
    series_page = client.get(reverse("backoffice:series", kwargs={"slug": series.slug}))

    assert other.status_code == 404 and retry.status_code == 404
    assert seen_by_viewer.status_code == 403
    for response in (other, retry, seen_by_viewer):
        no_leak(response)
    assert "Udbakke" not in series_page.content.decode()
    mails["failed"].refresh_from_db()
    assert mails["failed"].status == Status.FAILED


def test_outbox_of_one_series_never_shows_another_series_emails(
    editor_client, series, mails, outsider
):
    stranger = RegistrationFactory(email="fremmed@andet.example.dk")
    email_for(stranger)

    response = editor_client.get(url(series))

    assert "fremmed@andet.example.dk" not in response.content.decode()


def test_send_again_delivers_a_failed_email_to_the_smtp_server_and_is_audited(
    editor_client, series, mails, smtp_server, django_capture_on_commit_callbacks
):
    failed = mails["failed"]
    retry_url = reverse("backoffice:outbox_retry", kwargs={"slug": series.slug, "pk": failed.pk})

    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            retry_url, {"next": url(series, status="failed")}, follow=True
        )

    assert response.redirect_chain[-1][0] == url(series, status="failed")
    assert "E-mailen til anna@aarhus.example.dk er sat i kø igen." in response.content.decode()
    assert [m.rcpt_tos for m in smtp_server.messages] == [["anna@aarhus.example.dk"]]
    failed.refresh_from_db()
    assert failed.status == Status.SENT and failed.attempts == 1
    entry = AuditEntry.objects.get(action="email.retried")
    assert entry.series_id == series.pk and entry.object_id == str(failed.pk)

    # A second click (the email is sent now) sends nothing and says why.
    with django_capture_on_commit_callbacks(execute=True):
        again = editor_client.post(retry_url, {"next": "https://evil.example.com/"}, follow=True)
    assert again.redirect_chain[-1][0] == url(series)
    assert "Kun en e-mail, der ikke kunne sendes, kan sendes igen." in again.content.decode()
    assert len(smtp_server.messages) == 1


def test_send_again_only_by_post(editor_client, series, mails):
    retry_url = reverse(
        "backoffice:outbox_retry", kwargs={"slug": series.slug, "pk": mails["failed"].pk}
    )
    assert editor_client.get(retry_url).status_code == 405
    # A link (a prefetching mail client, a crawler) changes nothing.
    mails["failed"].refresh_from_db()
    assert mails["failed"].status == Status.FAILED
    assert not AuditEntry.objects.filter(action="email.retried").exists()


def test_outbox_asks_the_database_as_often_for_three_emails_as_for_one(
    editor_client, series, session, other_session, django_assert_num_queries
):
    email_for(RegistrationFactory(session=session))
    editor_client.get(url(series))  # the login session is read once per request anyway
    with CaptureQueriesContext(connection) as one:
        response = editor_client.get(url(series))
    assert len(listed(response)) == 1
    email_for(RegistrationFactory(session=other_session), status=Status.FAILED, last_error="x")
    email_for(RegistrationFactory(session=session), status=Status.QUEUED)
    with django_assert_num_queries(len(one.captured_queries)):
        response = editor_client.get(url(series))
    assert len(listed(response)) == 3


def test_an_email_still_waiting_for_the_worker_shows_its_subject(
    editor_client, series, secret_registration
):
    notify.registered(secret_registration.pk)  # queued; the worker has not run

    html = editor_client.get(url(series)).content.decode()

    row = html.split('data-status="queued"')[1].split("</tr>")[0]
    assert SECRET_EMAIL in row and "Du er tilmeldt: Cirkulære indkøb" in row
    assert "I kø" in row
