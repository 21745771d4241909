"""What an organiser reads in the admin: capitalised labels and a word when a session is
cancelled (found in exploratory QA of the demo)."""

import pytest

from tests.factories import SessionFactory
from tests.programme.test_admin import (  # noqa: F401 (fixtures)
    change_url,
    post_session,
    su_client,
    superuser,
)

pytestmark = pytest.mark.django_db


def test_session_change_page_capacity_label_is_capitalised(su_client):  # noqa: F811
    html = su_client.get(change_url(SessionFactory())).content.decode()
    assert ">Kapacitet:</label>" in html
    assert ">kapacitet:</label>" not in html


def test_session_cancelled_in_admin_tells_the_organiser_registrants_are_told(
    su_client,  # noqa: F811
):
    session = SessionFactory()
    response = post_session(su_client, session, status="cancelled")
    page = su_client.get(response["Location"]).content.decode()
    assert "De tilmeldte får besked på mail om, at sessionen er aflyst" in page


def test_session_title_change_in_admin_says_nothing_about_cancelling(su_client):  # noqa: F811
    session = SessionFactory()
    response = post_session(su_client, session, title="Et nyt navn")
    page = su_client.get(response["Location"]).content.decode()
    assert "sessionen er aflyst" not in page


def test_cancel_action_tells_the_organiser_registrants_are_told(su_client):  # noqa: F811
    from django.urls import reverse

    session = SessionFactory()
    response = su_client.post(
        reverse("admin:programme_session_changelist"),
        {"action": "cancel_selected", "_selected_action": [session.pk]},
        follow=True,
    )
    assert "De tilmeldte får besked på mail om, at sessionen er aflyst" in (
        response.content.decode()
    )
