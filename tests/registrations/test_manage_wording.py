"""The manage page talks to a registered person as registered (found in exploratory QA)."""

import pytest
from django.urls import reverse

from tests.registrations.test_manage import full_session, person, url  # noqa: F401 (fixture)

from .test_views import text

pytestmark = pytest.mark.django_db

PUBLIC_NOTE = "Linket til at deltage sendes på mail til tilmeldte deltagere."


def test_manage_page_of_a_registered_person_does_not_say_the_link_comes_by_email(
    client,
    full_session,  # noqa: F811
):
    page = text(client.get(url("manage", person("anna@example.dk"))))
    assert "Deltag i webinaret" in page
    assert "Tilføj til din kalender" in page
    assert PUBLIC_NOTE not in page


def test_public_session_page_still_says_the_link_comes_by_email(
    client,
    full_session,  # noqa: F811
):
    public = reverse(
        "programme:session", kwargs={"slug": full_session.series.slug, "pk": full_session.pk}
    )
    assert PUBLIC_NOTE in text(client.get(public))
