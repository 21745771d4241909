"""One token per purpose: the calendar feed's token reads the feed and nothing else, the
feedback link opens only the feedback form, and the manage page can renew the feed."""

import pytest
from django.urls import reverse

from tests.backoffice.factories import RegistrationFactory
from tests.factories import OrganisationFactory, SeriesFactory, SessionFactory
from tests.pages import assert_not_found
from tinget.programme.models import AuditEntry
from tinget.registrations.models import Registration

pytestmark = pytest.mark.django_db


@pytest.fixture
def registration():
    session = SessionFactory(series=SeriesFactory(partners=[OrganisationFactory()]))
    return RegistrationFactory(session=session, status=Registration.Status.CONFIRMED)


def manage_paths(token: str) -> list[tuple[str, str]]:
    return [
        ("get", reverse("registrations:manage", kwargs={"token": token})),
        ("post", reverse("registrations:cancel", kwargs={"token": token})),
        ("get", reverse("registrations:data", kwargs={"token": token})),
        ("get", reverse("registrations:delete", kwargs={"token": token})),
        ("post", reverse("registrations:delete", kwargs={"token": token})),
        ("get", reverse("registrations:details", kwargs={"token": token})),
    ]


def test_each_purpose_has_its_own_token(registration):
    tokens = {registration.token, registration.feed_token, registration.feedback_token}
    assert len(tokens) == 3
    assert registration.join_token not in tokens


@pytest.mark.parametrize("kind", ["feed_token", "feedback_token"])
def test_the_feed_and_feedback_tokens_cannot_manage_cancel_export_or_delete(
    client, registration, kind
):
    token = getattr(registration, kind)
    for method, path in manage_paths(token):
        response = getattr(client, method)(path)
        assert response.status_code in {404, 410}, (path, response.status_code)
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.erased_at is None


def test_the_feed_token_reads_the_feed_and_the_manage_token_does_not(client, registration):
    feed = client.get(reverse("programme:personal_feed", kwargs={"token": registration.feed_token}))
    assert feed.status_code == 200
    assert b"BEGIN:VCALENDAR" in feed.content
    other = client.get(reverse("programme:personal_feed", kwargs={"token": registration.token}))
    assert other.status_code == 404


def test_the_manage_page_renews_the_feed_and_the_old_address_stops_working(client, registration):
    same_person = RegistrationFactory(
        session=SessionFactory(series=registration.session.series),
        email=registration.email,
        status=Registration.Status.CONFIRMED,
    )
    old = [registration.feed_token, same_person.feed_token]
    page = client.get(reverse("registrations:manage", kwargs={"token": registration.token}))
    assert "Giv min kalender en ny adresse" in page.content.decode()
    response = client.post(
        reverse("registrations:renew_feed", kwargs={"token": registration.token}), follow=True
    )
    assert "Din kalender har fået en ny adresse" in response.content.decode()
    registration.refresh_from_db()
    same_person.refresh_from_db()
    for token in old:
        gone = client.get(reverse("programme:personal_feed", kwargs={"token": token}))
        assert gone.status_code == 404
    new = reverse("programme:personal_feed", kwargs={"token": registration.feed_token})
    assert client.get(new).status_code == 200
    assert new in response.content.decode()
    assert registration.token == page.wsgi_request.path.split("/")[2]
    assert AuditEntry.objects.filter(action="registration.feed_renewed").count() == 1


def test_the_feedback_link_is_not_the_manage_link(client, registration):
    response = client.get(reverse("feedback:form", kwargs={"token": registration.token}))
    assert_not_found(response, registration.session.series.title)
    response = client.get(reverse("feedback:form", kwargs={"token": registration.feedback_token}))
    assert response.status_code == 200
    assert registration.session.series.title in response.content.decode()
