"""The whole-page cache of the public pages (tinget/pagecache.py), as visitors would notice it:
the same page fast, never stale after an edit, never another person's data or the join link,
never the other language's page."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.factories import JOIN_URL, MembershipFactory, build_seed_series
from tests.registrations.test_views import form_data
from tinget.programme.models import Series
from tinget.registrations.models import Registration

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


def _session(series):
    return series.sessions.filter(status="scheduled").order_by("starts_at").last()


def test_second_visitor_gets_the_same_bytes_without_queries_cookies_or_token(series):
    first = Client(enforce_csrf_checks=True).get(SERIES_URL)
    visitor = Client(enforce_csrf_checks=True)
    with CaptureQueriesContext(connection) as queries:
        again = visitor.get(SERIES_URL)
    assert (first["X-Tinget-Cache"], again["X-Tinget-Cache"]) == ("miss", "hit")
    assert again.content == first.content
    assert len(queries) == 0
    assert not again.cookies and not first.cookies
    assert "csrfmiddlewaretoken" not in again.content.decode()
    assert again["Cache-Control"] == "public, max-age=0, s-maxage=30"
    # The security headers of the first answer are replayed with it.
    assert again["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert again["Content-Type"] == "text/html; charset=utf-8"


def test_every_public_page_is_cached_and_the_sign_up_pages_are_not(client, series):
    session = _session(series)
    organisation = series.partnerships.first().organisation
    person = series.moderator
    for url in (
        "/",
        SERIES_URL,
        session.get_absolute_url(),
        f"/personer/{person.slug}/",
        f"/organisationer/{organisation.slug}/",
        "/verdensmaal/11/",
        "/privatliv/",
        "/tilgaengelighed/",
        f"{SERIES_URL}kalender.ics",
        "/en" + SERIES_URL,
    ):
        client.get(url)
        assert client.get(url)["X-Tinget-Cache"] == "hit", url
    signup = f"/tilmelding/session/{session.pk}/"
    client.get(signup)
    assert not client.get(signup).has_header("X-Tinget-Cache")


def test_an_edit_shows_at_once_after_the_page_was_cached(client, series):
    client.get(SERIES_URL)
    assert client.get(SERIES_URL)["X-Tinget-Cache"] == "hit"
    session = _session(series)
    session.title = "Et helt nyt emne"
    session.save()
    response = client.get(SERIES_URL)
    assert response["X-Tinget-Cache"] == "miss"
    assert "Et helt nyt emne" in response.content.decode()
    # Pages that only list the session are renewed too.
    assert "Et helt nyt emne" in client.get("/").content.decode()
    series.status = Series.Status.DRAFT
    series.save()
    assert client.get(SERIES_URL).status_code == 404


def test_a_session_that_ends_moves_to_the_past_without_an_edit(client, series, monkeypatch):
    session = series.sessions.filter(status="scheduled").order_by("ends_at").first()
    client.get(session.get_absolute_url())
    html = client.get(session.get_absolute_url()).content.decode()
    assert 'id="signup"' in html
    from django.utils import timezone

    later = session.ends_at + timezone.timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    response = client.get(session.get_absolute_url())
    assert response["X-Tinget-Cache"] == "miss"
    assert 'id="signup"' not in response.content.decode()


def test_the_join_link_is_on_no_cached_page(client, series):
    session = _session(series)
    for url in ("/", SERIES_URL, session.get_absolute_url(), f"{SERIES_URL}kalender.ics"):
        client.get(url)
        body = client.get(url).content.decode()
        assert JOIN_URL not in body and "HEMMELIGT" not in body, url


def test_an_organisers_page_is_never_stored_nor_shown_to_a_visitor(client, series):
    organiser = MembershipFactory(
        organisation=series.partnerships.first().organisation, user__first_name="Orla"
    ).user
    client.force_login(organiser)
    mine = client.get(SERIES_URL)
    assert not mine.has_header("X-Tinget-Cache")
    visitor = Client().get(SERIES_URL)
    assert visitor["X-Tinget-Cache"] == "miss"
    assert "sessionid" not in visitor.cookies
    # A draft previewed by its organiser stays invisible to visitors.
    series.status = Series.Status.DRAFT
    series.save()
    client.get(SERIES_URL)
    assert Client().get(SERIES_URL).status_code == 404


def test_a_failed_sign_up_with_the_visitors_input_is_never_cached(series):
    session = _session(series)
    url = session.get_absolute_url()
    Client().get(url)
    visitor = Client()
    response = visitor.post(
        f"/tilmelding/session/{session.pk}/",
        form_data(email="not-an-address", name="Hemmelig Person"),
        HTTP_ORIGIN="http://testserver",
    )
    assert "Hemmelig Person" in response.content.decode()
    for other in (Client().get(url), Client().get(f"/tilmelding/session/{session.pk}/")):
        assert "Hemmelig Person" not in other.content.decode()
    assert not Registration.objects.exists()


def test_each_language_gets_its_own_page(client, series):
    danish = client.get(SERIES_URL)
    english = client.get("/en" + SERIES_URL)
    assert re.search(r'<html lang="da"', danish.content.decode())
    assert re.search(r'<html lang="en"', english.content.decode())
    # Whatever the browser prefers, the path decides the language, cached or not.
    for accept in ("en", "da"):
        again = client.get(SERIES_URL, HTTP_ACCEPT_LANGUAGE=accept)
        assert again["X-Tinget-Cache"] == "hit" and again.content == danish.content
        again = client.get("/en" + SERIES_URL, HTTP_ACCEPT_LANGUAGE=accept)
        assert again["X-Tinget-Cache"] == "hit" and again.content == english.content
    client.cookies["django_language"] = "en"
    assert client.get(SERIES_URL).content == danish.content


def test_browsers_revalidate_with_the_etag_and_get_304(client, series):
    first = client.get(SERIES_URL)
    etag = first["ETag"]
    assert first["Last-Modified"]
    not_modified = client.get(SERIES_URL, HTTP_IF_NONE_MATCH=etag)
    assert not_modified.status_code == 304 and not_modified.content == b""
    session = _session(series)
    session.title = "Ændret titel"
    session.save()
    changed = client.get(SERIES_URL, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert "Ændret titel" in changed.content.decode()


def test_head_and_query_strings(client, series):
    client.get(SERIES_URL)
    head = client.head(SERIES_URL)
    assert head["X-Tinget-Cache"] == "hit" and head.content == b""
    assert not client.get(SERIES_URL + "?utm_source=nyhedsbrev").has_header("X-Tinget-Cache")


def test_a_session_page_says_full_once_the_last_seat_is_taken_and_not_after_a_cancel(series):
    from tinget.registrations import services

    session = _session(series)
    session.capacity = 1
    session.save()
    url = session.get_absolute_url()
    Client().get(url)
    assert "signup-full" not in Client().get(url).content.decode()
    registration = services.register_for_session(
        session_id=session.pk,
        registrant=services.Registrant(name="Sidste Plads", email="sidste@example.dk"),
    )
    services.confirm_registration(registration_id=registration.pk)
    assert "signup-full" in Client().get(url).content.decode()
    services.cancel_registration(registration_id=registration.pk)
    assert "signup-full" not in Client().get(url).content.decode()
