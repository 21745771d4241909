"""What an organiser reads in the admin: capitalised labels, a word when a session is
cancelled, a warning when the capacity drops below the registered (found in exploratory QA
of the demo)."""

import pytest

from tests.backoffice.factories import RegistrationFactory
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


def test_capacity_lowered_below_the_registered_warns_the_organiser(su_client):  # noqa: F811
    session = SessionFactory(capacity=10)
    for email in ("a@example.dk", "b@example.dk", "c@example.dk"):
        RegistrationFactory(session=session, email=email)

    response = post_session(su_client, session, capacity="2")

    page = su_client.get(response["Location"]).content.decode()
    assert (
        "3 personer er allerede tilmeldt, flere end den nye kapacitet på 2. "
        "Ingen mister deres plads; nye tilmeldinger kommer på ventelisten."
    ) in page


def test_capacity_raised_says_nothing_about_too_many(su_client):  # noqa: F811
    session = SessionFactory(capacity=2)
    RegistrationFactory(session=session, email="a@example.dk")

    response = post_session(su_client, session, capacity="5")

    page = su_client.get(response["Location"]).content.decode()
    assert "allerede tilmeldt, flere end" not in page


def test_admin_names_a_session_by_its_danish_date_and_time(su_client):  # noqa: F811
    session = SessionFactory(title="Cirkulære indkøb")

    response = post_session(su_client, session, title="Cirkulære indkøb i kommunen")

    page = su_client.get(response["Location"]).content.decode()
    assert "Cirkulære indkøb i kommunen (" in page
    assert " kl. 09.00-10.00)" in page
    assert f"({session.starts_at:%Y-%m-%d}" not in page
