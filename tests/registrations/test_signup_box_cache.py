"""The sign-up box's fields come from a cache, but never stale and never with another's token."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.factories import PersonFactory
from tests.registrations.test_views import form_data
from tinget.registrations.models import Registration, SeriesQuestion

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()


def test_signup_box_second_view_reads_no_municipalities_and_keeps_fields(client, series, session):
    url = series.get_absolute_url()
    with CaptureQueriesContext(connection) as first:
        html_first = client.get(url).content.decode()
    with CaptureQueriesContext(connection) as again:
        html_again = client.get(url).content.decode()
    reads = lambda queries, table: sum(table in q["sql"] for q in queries)  # noqa: E731
    assert reads(first.captured_queries, "programme_municipality") == 1
    assert reads(again.captured_queries, "programme_municipality") == 0
    assert len(again) < len(first)
    for html in (html_first, html_again):
        assert 'name="municipality"' in html and "Gentofte" in html
        assert "CSR Forum" in html  # the notice names the partners


def test_signup_from_a_cached_page_is_accepted_from_the_same_origin(series, session):
    # The page is cached whole for every visitor, so it carries no CSRF token; the sign-up
    # endpoint checks the browser's Fetch Metadata instead (tinget/fetchmeta.py).
    url = session.get_absolute_url()
    Client(enforce_csrf_checks=True).get(url)  # another visitor fills the cache
    visitor = Client(enforce_csrf_checks=True)
    response = visitor.get(url)
    page = response.content.decode()
    assert response["X-Tinget-Cache"] == "hit"
    assert not TOKEN.search(page) and not response.cookies
    shown = re.search(r'name="notice_shown" value="([^"]+)"', page).group(1)
    response = visitor.post(
        _signup_url(session),
        form_data(notice_shown=shown),
        follow=True,
        HTTP_SEC_FETCH_SITE="same-origin",
        HTTP_ORIGIN="http://testserver",
    )
    assert response.status_code == 200
    assert Registration.objects.filter(session=session, email="anna@example.dk").exists()


def test_signup_box_shows_a_new_question_at_once(client, series, session):
    url = session.get_absolute_url()
    assert "Hvilket forvaltningsområde" not in client.get(url).content.decode()
    SeriesQuestion.objects.create(series=series, label="Hvilket forvaltningsområde arbejder du i?")
    assert "Hvilket forvaltningsområde" in client.get(url).content.decode()


def test_signup_box_notice_names_a_partner_added_later(client, series, session):
    from tests.factories import OrganisationFactory
    from tinget.programme.models import SeriesPartner

    url = series.get_absolute_url()
    assert "Bureau Veritas" not in client.get(url).content.decode()
    SeriesPartner.objects.create(
        series=series, organisation=OrganisationFactory(name="Bureau Veritas", slug="bv")
    )
    assert "Bureau Veritas" in client.get(url).content.decode()
    PersonFactory()  # unrelated edits do not break the page
    assert "Bureau Veritas" in client.get(url).content.decode()


def test_signup_form_with_errors_is_never_served_from_the_cache(client, series, session):
    client.get(session.get_absolute_url())  # fills the cache with the empty form
    response = client.post(
        _signup_url(session),
        {"name": "Bo Typed", "email": "ikke-en-adresse"},
    )
    html = response.content.decode()
    assert 'value="Bo Typed"' in html
    assert "ikke-en-adresse" in html
    # and the next empty form does not carry Bo's input
    assert "Bo Typed" not in client.get(session.get_absolute_url()).content.decode()


def _signup_url(session):
    from django.urls import reverse

    return reverse("registrations:session_signup", kwargs={"pk": session.pk})
