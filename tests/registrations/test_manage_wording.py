"""The manage pages in plain words: a registered person is not told the link will come by
email, leaving a webinar reads as English, a dead link explains itself in Danish (found in
exploratory QA of the demo)."""

import pytest
from django.urls import reverse

from tests.factories import SessionFactory
from tests.registrations.test_manage import full_session, person, url  # noqa: F401 (fixture)
from tinget.registrations import services
from tinget.registrations.models import Registration

from .conftest import registrant
from .test_views import text

pytestmark = pytest.mark.django_db

PUBLIC_NOTE = "Denne kalenderaftale indeholder ikke linket til at deltage."


def test_manage_page_of_a_registered_person_does_not_say_the_link_comes_by_email(
    client,
    full_session,  # noqa: F811
):
    page = text(client.get(url("manage", person("anna@example.dk"))))
    assert "Deltag i webinaret" in page
    assert "Føj til din kalender med dit link til at deltage" in page
    assert PUBLIC_NOTE not in page


def test_public_session_page_still_says_the_link_comes_by_email(
    client,
    full_session,  # noqa: F811
):
    public = reverse(
        "programme:session", kwargs={"slug": full_session.series.slug, "pk": full_session.pk}
    )
    assert PUBLIC_NOTE in text(client.get(public))


def test_leaving_one_webinar_of_the_series_in_english_says_you_have_left(client, series):
    session = SessionFactory(series=series, title="First")
    subscription = services.subscribe_to_series(
        series_id=series.pk, registrant=registrant(language="en")
    )
    services.confirm_subscription(subscription_id=subscription.pk)
    mine = Registration.objects.get(session=session, email="anna@example.dk")

    left = client.post(
        "/en"
        + reverse(
            "registrations:subscription_leave",
            kwargs={"token": subscription.token, "registration_pk": mine.pk},
        ),
        follow=True,
    )

    assert "You have left “First”." in text(left)
    assert "signed off" not in text(left)


def test_link_of_deleted_data_explains_in_plain_danish(client, full_session):  # noqa: F811
    anna = person("anna@example.dk")
    client.post(url("delete", anna))

    page = text(client.get(url("manage", anna)))

    assert "Hvis du har slettet dine data, virker linket ikke længere." in page
