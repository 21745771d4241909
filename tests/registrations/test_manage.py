"""The manage pages behind the secret links: status, change, cancel, my data, delete."""

import json
import re

import pytest
from django.urls import reverse

from tests.factories import SessionFactory, at
from tinget.mailings.models import OutboundEmail
from tinget.registrations import services
from tinget.registrations.models import Registration, SeriesSubscription

from .conftest import registrant, sign_up_and_confirm
from .test_views import form_data, text

Status = Registration.Status


def url(name, registration, **kwargs):
    return reverse(f"registrations:{name}", kwargs={"token": registration.token, **kwargs})


@pytest.fixture
def full_session(series):
    """Capacity 1: anna has the seat, bo waits, carl has not confirmed yet."""
    session = SessionFactory(series=series, capacity=1, title="Partnerskab for handling")
    sign_up_and_confirm(session, "anna@example.dk")
    sign_up_and_confirm(session, "bo@example.dk", name="Bo Berg")
    services.register_for_session(
        session_id=session.pk, registrant=registrant("carl@example.dk", name="Carl")
    )
    return session


def person(email):
    return Registration.objects.get(email=email)


def test_manage_page_shows_each_status_in_words(client, full_session):
    seated = text(client.get(url("manage", person("anna@example.dk"))))
    waiting = text(client.get(url("manage", person("bo@example.dk"))))
    pending = client.get(url("manage", person("carl@example.dk")))

    assert "Du er tilmeldt." in seated and "Partnerskab for handling" in seated
    assert "Du er nr. 1 på ventelisten." in waiting
    assert "Du har ikke bekræftet din tilmelding endnu." in text(pending)
    assert url("confirm", person("carl@example.dk")) in pending.content.decode()


def test_manage_page_links_the_calendar_and_the_personal_feed_for_the_registered(
    client, full_session
):
    anna = person("anna@example.dk")
    html = client.get(url("manage", anna)).content.decode()

    assert reverse("programme:personal_feed", kwargs={"token": anna.feed_token}) in html
    # Their own invite (with the personal join link), not the public download.
    assert reverse("registrations:my_invite", kwargs={"token": anna.token}) in html
    assert (
        reverse(
            "programme:session_ics",
            kwargs={"slug": full_session.series.slug, "pk": full_session.pk},
        )
        not in html
    )
    assert 'name="robots" content="noindex"' in html


def test_cancel_on_the_manage_page_frees_the_seat_for_the_next_person(client, full_session):
    anna = person("anna@example.dk")

    response = client.post(url("cancel", anna), follow=True)

    page = text(response)
    assert "Du er nu afmeldt." in page
    assert "Du er ikke tilmeldt: din tilmelding er afmeldt." in page
    assert person("anna@example.dk").status == Status.CANCELLED
    assert person("bo@example.dk").status == Status.CONFIRMED
    assert full_session.join_url not in response.content.decode()
    assert OutboundEmail.objects.filter(
        to="bo@example.dk", template="promoted_to_registrant"
    ).exists()


def test_cancel_needs_a_post(client, full_session):
    response = client.get(url("cancel", person("anna@example.dk")))

    assert response.status_code == 405
    assert person("anna@example.dk").status == Status.CONFIRMED


def test_change_details_keeps_the_email_and_saves_the_rest(client, full_session):
    anna = person("anna@example.dk")
    form = client.get(url("details", anna))
    assert 'value="Anna Andersen"' in form.content.decode()

    response = client.post(
        url("details", anna),
        form_data(
            name="Anna Holm",
            organisation="KL",
            organisation_kind="association",
            municipality="",
            language="en",
            email="evil@example.dk",
        ),
        follow=True,
    )

    assert "Dine oplysninger er gemt." in text(response)
    anna.refresh_from_db()
    assert (anna.name, anna.organisation, anna.language) == ("Anna Holm", "KL", "en")
    assert anna.email == "anna@example.dk"


def test_change_details_with_errors_answers_in_danish(client, full_session):
    anna = person("anna@example.dk")

    response = client.post(url("details", anna), form_data(name=""))

    assert '<a href="#id_name">Skriv dit navn.</a>' in response.content.decode()
    assert person("anna@example.dk").name == "Anna Andersen"


def test_download_my_data_is_json_with_everything_about_me(client, full_session):
    anna = person("anna@example.dk")

    response = client.get(url("data", anna))

    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="tinget-mine-data-')
    data = json.loads(response.content)
    assert data["email"] == "anna@example.dk"
    [registration] = data["registrations"]
    assert registration["name"] == "Anna Andersen"
    assert registration["session"] == "Partnerskab for handling"
    assert registration["status"] == "confirmed"
    assert registration["consent"]["text"] == "Jeg giver samtykke."
    assert "bo@example.dk" not in response.content.decode()


def test_delete_my_data_asks_first_then_erases_and_the_link_stops_working(client, full_session):
    anna = person("anna@example.dk")

    ask = client.get(url("delete", anna))
    assert "Det sletter alt, hvad vi har om anna@example.dk." in text(ask)
    assert person("anna@example.dk").erased_at is None

    done = client.post(url("delete", anna))

    assert "Dine data er slettet" in text(done)
    assert not Registration.objects.filter(email="anna@example.dk").exists()
    assert person("bo@example.dk").status == Status.CONFIRMED
    gone = client.get(url("manage", anna))
    assert gone.status_code == 404 and "Linket virker ikke" in text(gone)


def test_confirmed_past_session_hides_the_join_link_and_the_cancel_button(client, series):
    session = SessionFactory(series=series)
    anna = sign_up_and_confirm(session, "anna@example.dk")
    session.starts_at, session.ends_at = at(-2), at(-2, 10)
    session.save()

    html = client.get(url("manage", anna)).content.decode()

    assert session.join_url not in html
    assert url("cancel", anna) not in html


# --- the whole series ---------------------------------------------------------------------


def test_series_sign_up_confirm_and_leave_one_session_with_one_click(client, series):
    first = SessionFactory(series=series, title="Første")
    second = SessionFactory(series=series, title="Anden")
    signup = reverse("registrations:series_signup", kwargs={"slug": series.slug})

    response = client.post(signup, form_data(), follow=True)
    assert "Tjek din e-mail" in text(response)
    body = OutboundEmail.objects.get(to="anna@example.dk").body_text
    confirm = re.search(r"https?://[^/\s]+(/\S*tilmelding/raekke/bekraeft/\S+/)", body).group(1)

    assert "Bekræft min tilmelding" in text(client.get(confirm))
    assert SeriesSubscription.objects.get().status == SeriesSubscription.Status.PENDING
    page = client.post(confirm)
    assert "Tak! Du følger nu hele rækken." in text(page)
    assert "Første" in text(page) and "Anden" in text(page)
    mine = Registration.objects.get(session=first, email="anna@example.dk")
    subscription = SeriesSubscription.objects.get()

    left = client.post(
        reverse(
            "registrations:subscription_leave",
            kwargs={"token": subscription.token, "registration_pk": mine.pk},
        ),
        follow=True,
    )

    assert "Du er afmeldt “Første”." in text(left)
    assert Registration.objects.get(session=first).status == Status.CANCELLED
    assert Registration.objects.get(session=second).status == Status.CONFIRMED
    subscription.refresh_from_db()
    assert subscription.status == SeriesSubscription.Status.ACTIVE


def test_a_subscription_link_cannot_leave_someone_elses_registration(client, series):
    session = SessionFactory(series=series)
    bo = sign_up_and_confirm(session, "bo@example.dk")
    subscription = services.subscribe_to_series(series_id=series.pk, registrant=registrant())

    response = client.post(
        reverse(
            "registrations:subscription_leave",
            kwargs={"token": subscription.token, "registration_pk": bo.pk},
        )
    )

    assert response.status_code == 404
    assert person("bo@example.dk").status == Status.CONFIRMED


def test_stop_following_the_series_signs_off_its_coming_sessions(client, series):
    session = SessionFactory(series=series)
    subscription = services.subscribe_to_series(series_id=series.pk, registrant=registrant())
    services.confirm_subscription(subscription_id=subscription.pk)

    response = client.post(
        reverse("registrations:subscription_cancel", kwargs={"token": subscription.token}),
        follow=True,
    )

    assert "Du følger ikke længere rækken." in text(response)
    assert Registration.objects.get(session=session).status == Status.CANCELLED
