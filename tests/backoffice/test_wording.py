"""Dates and words on the organiser screens as a Danish (or English) organiser reads them
(found in exploratory QA of the demo)."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.backoffice.factories import RegistrationFactory
from tests.backoffice.test_followup import held  # noqa: F401 (fixture)
from tinget.programme.formatting import COPENHAGEN
from tinget.registrations.models import Registration

pytestmark = pytest.mark.django_db

SIGNED_UP = dt.datetime(2026, 11, 27, 15, 35, tzinfo=COPENHAGEN)


@pytest.fixture
def signed_up(session):
    registration = RegistrationFactory(session=session, name="Dorte Dansk")
    Registration.objects.filter(pk=registration.pk).update(created_at=SIGNED_UP)
    return registration


def test_registrant_list_shows_signup_time_the_danish_way(editor_client, session, signed_up):
    url = reverse("backoffice:registrants", kwargs={"pk": session.pk})
    html = editor_client.get(url).content.decode()
    assert "27. november 2026 kl. 15.35" in html
    assert "Nov 2026" not in html


def test_registrant_list_in_english_shows_signup_time_the_english_way(
    editor_client, session, signed_up
):
    url = "/en" + reverse("backoffice:registrants", kwargs={"pk": session.pk})
    html = editor_client.get(url).content.decode()
    assert "27 November 2026, 15:35" in html
    assert "27. Nov" not in html


def test_message_preview_introduces_the_email_in_plain_danish(editor_client, session):
    RegistrationFactory(session=session, name="Dorte Dansk", email="dorte@example.dk")
    response = editor_client.post(
        reverse("backoffice:message", kwargs={"pk": session.pk}),
        {"group": "confirmed", "subject": "Husk lyd", "body": "Hej alle", "preview": "1"},
    )
    html = response.content.decode()
    assert '<h2 id="preview-heading">Sådan ser e-mailen ud for dorte@example.dk</h2>' in html
    assert "som dorte@example.dk får den" not in html


def test_feedback_form_says_optional_once(client, held):  # noqa: F811
    _, _, came, _ = held
    html = client.get(
        reverse("feedback:form", kwargs={"token": came.feedback_token})
    ).content.decode()
    assert "Kommentar <span" in html
    assert "(valgfri)</span>" in html
    assert "(valgfri) <span" not in html
