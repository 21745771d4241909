"""Finding the sign-up as a visitor: a "Tilmeld" button next to each coming session's date,
dates with the weekday as the emails write them, honest calendar links, held sessions that
say so, and structured data that follows the session's state and the page's language."""

import json
import re
from html import unescape

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.factories import SessionFactory, at, build_seed_series
from tinget.programme.formatting import format_when
from tinget.programme.models import Session
from tinget.registrations import services as registration_services

pytestmark = pytest.mark.django_db
SERIES_URL = "/serier/kommunerne-som-accelerator/"


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def series():
    return build_seed_series()


def html_of(response) -> str:
    return response.content.decode()


def text_of(response) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html_of(response), flags=re.S)
    html = re.sub(r"</?(a|strong|em|span|time)\b[^>]*>", "", html)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def signup_buttons(html: str) -> list[str]:
    return re.findall(r'<a class="button button-primary signup-button" href="([^"]+)"', html)


def json_ld(response) -> dict:
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html_of(response))
    return json.loads(block.group(1))


def test_series_page_has_a_signup_button_for_each_coming_session_only(client, series):
    html = html_of(client.get(SERIES_URL))
    coming = series.sessions.filter(status=Session.Status.SCHEDULED).order_by("starts_at")
    assert signup_buttons(html) == [
        reverse("registrations:session_signup", kwargs={"pk": session.pk}) for session in coming
    ]
    # Each button says "Tilmeld" and names its session for screen readers.
    assert '>Tilmeld<span class="sr-only">: Partnerskab for handling</span></a>' in html


def test_front_page_lists_coming_sessions_with_their_signup_button(client, series):
    html = html_of(client.get("/"))
    first = series.sessions.get(title__startswith="Mine oplevelser")
    assert reverse("registrations:session_signup", kwargs={"pk": first.pk}) in signup_buttons(html)


def test_signup_button_leads_to_a_page_whose_form_comes_first(client, series):
    first = series.sessions.get(title__startswith="Mine oplevelser")
    html = html_of(client.get(reverse("registrations:session_signup", kwargs={"pk": first.pk})))
    body = html[html.index("<main") :]
    # Only the heading and the session summary stand before the first field.
    assert body.index('name="name"') < 3500


def test_web_dates_carry_the_weekday_as_the_emails_do(client, series):
    first = series.sessions.get(title__startswith="Mine oplevelser")
    text = text_of(client.get(SERIES_URL))
    expected = format_when(first.starts_at, first.ends_at, language="da", weekday=True)
    assert expected in text
    assert re.match(r"(mandag|tirsdag|onsdag|torsdag|fredag|lørdag|søndag) den ", expected)


def test_date_in_another_year_shows_the_year(client, series):
    later = SessionFactory(series=series, title="Næste år", starts_at=at(400), ends_at=at(400, 10))
    text = text_of(client.get(later.get_absolute_url()))
    assert f"{later.starts_at.year} kl. 09.00-10.00" in text


def test_public_calendar_links_say_they_hold_no_join_link(client, series):
    first = series.sessions.get(title__startswith="Mine oplevelser")
    text = text_of(client.get(first.get_absolute_url()))
    assert "Denne kalenderaftale indeholder ikke linket til at deltage." in text
    assert "Tilmeld dig, så får du din egen invitation" in text


def test_held_session_page_says_it_was_held_and_links_recap_and_materials(client, series):
    past = series.sessions.get(status=Session.Status.HELD)
    response = client.get(past.get_absolute_url())
    html, text = html_of(response), text_of(response)
    assert "Webinaret blev afholdt" in text
    assert f'href="#session-{past.pk}-recap"' in html
    assert f'href="#session-{past.pk}-materials"' in html
    assert f'id="session-{past.pk}-materials"' in html
    # Untitled: named by its date, not by the series title.
    heading = re.search(r"<h1>(.*?)</h1>", html).group(1)
    assert heading.startswith("Webinar ") and "den " in heading
    main = html[html.index("<main") :]
    assert main.count(series.title) <= 2  # the breadcrumb and the practical box at most
    assert signup_buttons(html) == []


def test_structured_data_follows_state_and_page_language(client, series):
    first = series.sessions.get(title__startswith="Mine oplevelser")
    data = json_ld(client.get(first.get_absolute_url()))
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["offers"]["availability"] == "https://schema.org/InStock"
    assert data["inLanguage"] == "da"
    assert json_ld(client.get("/en" + first.get_absolute_url()))["inLanguage"] == "en"

    past = series.sessions.get(status=Session.Status.HELD)
    assert json_ld(client.get(past.get_absolute_url()))["offers"]["availability"] == (
        "https://schema.org/Discontinued"
    )
    first.status = Session.Status.CANCELLED
    first.save()
    cache.clear()
    data = json_ld(client.get(first.get_absolute_url()))
    assert data["eventStatus"] == "https://schema.org/EventCancelled"
    assert data["offers"]["availability"] == "https://schema.org/Discontinued"


def _confirmed(session, email: str) -> None:
    registrant = registration_services.Registrant(
        name="Anna Andersen",
        email=email,
        organisation="Gentofte Kommune",
        organisation_kind="company",
        municipality_id=None,
        job_title="",
        language="da",
        consent_text="",
    )
    registration = registration_services.register_for_session(
        session_id=session.pk, registrant=registrant
    )
    registration_services.confirm_registration(registration_id=registration.pk)


def test_structured_data_offer_is_sold_out_when_every_seat_is_taken(client, series):
    session = series.sessions.get(title__startswith="Mine oplevelser")
    session.capacity = 2
    session.save()
    cache.clear()
    _confirmed(session, "anna@example.dk")
    # Seen (and stored by the page cache) with one seat left...
    assert json_ld(client.get(session.get_absolute_url()))["offers"]["availability"] == (
        "https://schema.org/InStock"
    )
    # ...the last seat taken: the stored page is not served again.
    _confirmed(session, "bo@example.dk")
    for url in (session.get_absolute_url(), "/en" + session.get_absolute_url()):
        assert json_ld(client.get(url))["offers"]["availability"] == (
            "https://schema.org/SoldOut"
        ), url
    # A waiting-list sign-up changes nothing; a cancelled seat makes it available again.
    _confirmed(session, "carl@example.dk")
    assert json_ld(client.get(session.get_absolute_url()))["offers"]["availability"] == (
        "https://schema.org/SoldOut"
    )
    session.capacity = 5
    session.save()
    assert json_ld(client.get(session.get_absolute_url()))["offers"]["availability"] == (
        "https://schema.org/InStock"
    )
