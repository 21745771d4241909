"""The Django admin (for site operators only) in correct Danish: its "Add another …" under an
inline had the wrong gender for neuter models ("Tilføj endnu en Programpunkt")."""

import html
import json
import re

import pytest
from django.urls import reverse

from tests.factories import AppearanceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def su_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("chef", "chef@example.org", "x"))
    return client


def add_texts(page: str) -> list[str]:
    found = re.findall(r'data-inline-formset="([^"]*)"', page)
    return [json.loads(html.unescape(value))["options"]["addText"] for value in found]


def test_inline_add_buttons_have_no_gender_to_get_wrong(su_client):
    session = AppearanceFactory().item.session
    url = reverse("admin:programme_session_change", args=[session.pk])
    texts = add_texts(su_client.get(url).content.decode())
    assert "Tilføj Programpunkt" in texts
    assert not [text for text in texts if "endnu en" in text]


def test_inline_add_buttons_in_english(su_client):
    session = AppearanceFactory().item.session
    url = "/en" + reverse("admin:programme_session_change", args=[session.pk])
    texts = add_texts(su_client.get(url).content.decode())
    assert any(text.startswith("Add another") for text in texts)
