"""The error state of forms as the server renders it: one "Fejl: " before the title, a radio
group's error that names its question, tied to the fieldset; nothing when there is no error."""

import re

import pytest
from django import forms
from django.urls import reverse
from django.utils import translation

from tinget.backoffice.forms import DKFDSMixin

pytestmark = pytest.mark.django_db


def title_of(response) -> str:
    return re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1)


class PlainRadioForm(DKFDSMixin, forms.Form):
    colour = forms.ChoiceField(
        label="Favourite colour", choices=[("red", "Red")], widget=forms.RadioSelect
    )
    size = forms.ChoiceField(
        label="Size",
        choices=[("s", "S")],
        widget=forms.RadioSelect,
        error_messages={"required": "Pick a size."},
    )


def test_radio_group_without_its_own_message_names_the_question():
    with translation.override("en"):
        form = PlainRadioForm(data={"colour": "blue"})
        assert form.errors["colour"] == ["Choose one of the answers to “Favourite colour”."]
        assert form.errors["size"] == ["Pick a size."]  # a form's own wording stays
    with translation.override("da"):
        assert PlainRadioForm(data={}).errors["colour"] == [
            "Vælg et af svarene på “Favourite colour”."
        ]


def test_signup_error_title_has_one_prefix_and_a_clean_page_none(client, session):
    url = f"/tilmelding/session/{session.pk}/"
    assert not title_of(client.get(url)).startswith("Fejl")
    response = client.post(url, {"name": "Anna"}, HTTP_SEC_FETCH_SITE="same-origin")
    assert title_of(response).startswith("Fejl: Tilmeld")
    assert title_of(response).count("Fejl:") == 1


def test_organiser_form_errors_prefix_the_title_in_both_languages(editor_client, session):
    url = reverse("backoffice:message", kwargs={"pk": session.pk})
    assert not title_of(editor_client.get(url)).startswith("Fejl")
    response = editor_client.post(url, {"group": "everyone", "preview": "1"})
    assert title_of(response).startswith("Fejl: Skriv til en gruppe")
    html = response.content.decode()
    assert 'aria-describedby="id_group_error"' in html
    assert "Vælg, hvem der skal have beskeden." in html
    english = editor_client.post("/en" + url, {"group": "", "preview": "1"})
    assert title_of(english).startswith("Error: Write to a group")


def test_cancel_without_choosing_whether_to_tell_has_a_summary_tied_to_the_choice(
    editor_client, session, people
):
    url = reverse("backoffice:session_cancel", kwargs={"pk": session.pk})
    response = editor_client.post(url, {"reason": ""})
    html = response.content.decode()
    assert title_of(response).startswith("Fejl: ")
    assert 'data-module="error-summary"' in html
    assert '<a href="#id_notify_0">Vælg, om de tilmeldte skal have besked.</a>' in html
    assert 'aria-describedby="id_notify_error"' in html
    session.refresh_from_db()
    assert session.status == "scheduled"
