"""An organiser reads "session" on every organiser screen (the series' figures, the outbox's
column and filter); the emails to participants call the same thing "arrangement"."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from tests.backoffice.factories import RegistrationFactory

pytestmark = pytest.mark.django_db


def test_the_series_figures_and_the_outbox_say_session(editor_client, series, session):
    RegistrationFactory(session=session, name="Dorte Dansk")
    figures = editor_client.get(reverse("backoffice:series", kwargs={"slug": series.slug}))
    outbox = editor_client.get(reverse("backoffice:outbox", kwargs={"slug": series.slug}))
    assert '<th scope="col">Session</th>' in figures.content.decode()
    assert ">Session</label>" in outbox.content.decode()  # the filter
    for page in (figures.content.decode(), outbox.content.decode()):
        assert "Arrangement" not in page


def test_the_facts_in_an_email_say_arrangement(session):
    context = {"title": session.title, "series": session.series, "session": session}
    with translation.override("da"):
        text = render_to_string("mailings/email/_facts.txt", context)
        html = render_to_string("mailings/email/_facts.html", context)
    assert text.startswith(f"Arrangement: {session.title}")
    assert "<dt>Arrangement</dt>" in html
