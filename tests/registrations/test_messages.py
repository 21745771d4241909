"""Organisers' messages to registrants, through the service the back office calls."""

import pytest
from django.core.exceptions import PermissionDenied

from tests.factories import MembershipFactory, UserFactory
from tinget.mailings.models import OutboundEmail
from tinget.programme.models import AuditEntry
from tinget.registrations import services

from .conftest import sign_up_and_confirm


@pytest.fixture
def editor(series):
    return MembershipFactory(organisation=series.partnerships.first().organisation).user


def test_message_to_the_confirmed_reaches_each_once_and_is_audited(session, editor):
    for email in ["a@x.dk", "b@x.dk"]:
        sign_up_and_confirm(session, email)
    OutboundEmail.objects.all().delete()

    for _attempt in range(2):
        count = services.send_message_to_group(
            session_id=session.pk,
            group="confirmed",
            subject="Husk kameraet",
            body="Vi ses i morgen.",
            actor=editor,
        )

    assert count == 2
    assert sorted(OutboundEmail.objects.values_list("to", flat=True)) == ["a@x.dk", "b@x.dk"]
    assert all("Vi ses i morgen." in e.body_text for e in OutboundEmail.objects.all())
    entry = AuditEntry.objects.filter(action="message.sent").first()
    assert entry.actor == editor
    assert entry.people_count == 2


def test_message_from_someone_outside_the_series_is_refused_and_sends_nothing(session):
    sign_up_and_confirm(session, "a@x.dk")
    OutboundEmail.objects.all().delete()

    with pytest.raises(PermissionDenied):
        services.send_message_to_group(
            session_id=session.pk,
            group="confirmed",
            subject="Spam",
            body="Køb nu.",
            actor=UserFactory(is_staff=True),
        )

    assert not OutboundEmail.objects.exists()
    assert not AuditEntry.objects.filter(action="message.sent").exists()


def test_followups_before_the_session_is_over_are_refused(session, editor):
    with pytest.raises(services.SessionNotOver) as error:
        services.send_followups(session_id=session.pk, kind="attended", actor=editor)
    assert str(error.value.message) == "Opfølgningsmails kan sendes, når sessionen er slut."
    assert not OutboundEmail.objects.exists()
