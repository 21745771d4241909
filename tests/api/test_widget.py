"""The widget's endpoints: CORS only for the series' websites, the sign-up page's rules, and
Tinget's own pages keep their CSP."""

import pytest
from django.core.cache import cache

from tinget.api.models import EmbedOrigin
from tinget.registrations.models import Registration

pytestmark = pytest.mark.django_db

PARTNER_SITE = "https://www.partner.dk"


@pytest.fixture(autouse=True)
def _allowed(series):
    cache.clear()
    EmbedOrigin.objects.create(series=series, origin=PARTNER_SITE)


def signup_data(client, series, **changes):
    widget = client.get(f"/api/v1/widget/series/{series.slug}").json()
    data = {
        "name": "Widget Person",
        "email": "widget@example.dk",
        "organisation": "Eksempel",
        "organisation_kind": "association",
        "language": "da",
        "notice_shown": widget["notice_shown"],
    }
    data.update(changes)
    return data


def test_widget_data_is_readable_only_from_the_series_websites(client, series, session):
    allowed = client.get(f"/api/v1/widget/series/{series.slug}", HTTP_ORIGIN=PARTNER_SITE)
    assert allowed["Access-Control-Allow-Origin"] == PARTNER_SITE
    assert "Origin" in allowed["Vary"]
    body = allowed.json()
    assert [s["title"] for s in body["sessions"]] == ["Cirkulære indkøb"]
    assert {f["name"] for f in body["fields"]} >= {"name", "email", "language"}
    assert "Partner Forum" in body["notice"]
    assert session.join_url not in allowed.content.decode()
    other = client.get(f"/api/v1/widget/series/{series.slug}", HTTP_ORIGIN="https://evil.example")
    assert "Access-Control-Allow-Origin" not in other
    assert "Set-Cookie" not in allowed and not allowed.cookies


def test_sign_up_from_an_allowed_site_is_double_opt_in(client, series, session):
    response = client.post(
        f"/api/v1/widget/sessions/{session.pk}/signup",
        signup_data(client, series),
        HTTP_ORIGIN=PARTNER_SITE,
    )
    assert response.status_code == 202, response.content
    assert "Tjek din e-mail" in response.json()["detail"]
    assert response["Access-Control-Allow-Origin"] == PARTNER_SITE
    registration = Registration.objects.get()
    assert registration.status == Registration.Status.PENDING
    assert "Kommunerne og verdensmålene" in registration.notice_text
    assert registration.consents == {}


def test_sign_up_from_another_site_is_refused(client, series, session):
    response = client.post(
        f"/api/v1/widget/sessions/{session.pk}/signup",
        signup_data(client, series),
        HTTP_ORIGIN="https://evil.example",
    )
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    assert not Registration.objects.exists()


def test_field_errors_come_back_in_the_requested_language(client, series, session):
    response = client.post(
        f"/api/v1/widget/sessions/{session.pk}/signup",
        signup_data(client, series, name="", email="nope"),
        HTTP_ORIGIN=PARTNER_SITE,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 422
    errors = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert errors["name"] == "Write your name."
    assert errors["email"] == "Write an email address like name@example.dk."
    assert response["Access-Control-Allow-Origin"] == PARTNER_SITE
    assert not Registration.objects.exists()


def test_sign_up_rate_limit_is_the_sign_up_pages(client, settings, series, session):
    settings.TINGET_SIGNUP_LIMIT_PER_IP = "1/600"
    url = f"/api/v1/widget/sessions/{session.pk}/signup"
    data = signup_data(client, series)
    assert client.post(url, data, HTTP_ORIGIN=PARTNER_SITE).status_code == 202
    limited = client.post(url, data, HTTP_ORIGIN=PARTNER_SITE)
    assert limited.status_code == 429
    assert int(limited["Retry-After"]) >= 1


def test_tingets_own_pages_still_forbid_framing(client, series):
    page = client.get(series.get_absolute_url())
    assert "frame-ancestors 'none'" in page["Content-Security-Policy"]
    assert page["X-Frame-Options"] == "DENY"
