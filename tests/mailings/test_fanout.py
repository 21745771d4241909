"""Reminders to many are rendered once per language and filled in per person: each person's
email is exactly what rendering it for them alone gives, whatever their name holds."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import SessionFactory
from tests.mailings.helpers import make_registration
from tinget.mailings.fanout import PersonalTemplate
from tinget.mailings.models import OutboundEmail
from tinget.mailings.services import render_email
from tinget.registrations import notifications as notify

pytestmark = pytest.mark.django_db

NAMES = [
    "Søren Ærø-Østergaard",
    'Anna "Q" <script>alert(1)</script> & Co',
    "",  # no name: the greeting without one
    "Ib",
    "Zoë   with  spaces",
]


@pytest.fixture
def tomorrow_session():
    starts = (timezone.now() + dt.timedelta(hours=23)).replace(second=0, microsecond=0)
    return SessionFactory(
        title="Klimatilpasning & <vand>",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=1),
        join_url="https://teams.example.com/l/meetup-join/REMIND",
    )


def test_each_reminder_is_what_a_full_render_gives(tomorrow_session):
    people = [
        make_registration(tomorrow_session, name=name, language="en" if n % 2 else "da")
        for n, name in enumerate(NAMES * 2)
    ]
    assert notify.queue_due_reminders() == len(people)

    for person in people:
        row = OutboundEmail.objects.get(registration=person)
        person.session = tomorrow_session
        expected = render_email(row.template, notify._registration_context(person), person.language)
        assert (row.subject, row.body_text, row.body_html) == expected, person.name
        if person.name:
            assert (person.name if "<" not in person.name else "&lt;script&gt;") in row.body_html
        assert person.token in row.body_text


def test_a_template_that_changes_a_personal_value_is_rendered_in_full(tomorrow_session):
    person = make_registration(tomorrow_session, name="Bo")
    person.session = tomorrow_session
    context = notify._registration_context(person)
    template = PersonalTemplate(
        template="reminder_24h_to_registrant",
        language="da",
        context=context,
        personal_keys=["name", "manage_url"],
    )
    assert template.fill({**context, "name": "Bo"}) is not None
    # A person without a name is never filled from the template rendered with one.
    assert template.fill({**context, "name": ""}) is None
    # A filter that alters the marker (here: the parts edited as a filter would) switches
    # filling off for everyone.
    subject, text, html = template.parts
    template.parts = (subject, text.replace("\ue000name\ue001", "\ue000NAME\ue001"), html)
    assert template.fill({**context, "name": "Bo"}) is None
    assert template.fill({**context, "name": "Ib"}) is None
