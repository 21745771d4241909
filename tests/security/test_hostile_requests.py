"""Broken or hostile requests get a polite page in the visitor's language, never a 500."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import MembershipFactory, SessionFactory, UserFactory

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return response.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/min-tilmelding/abc%00def/",
        "/kalender/%00.ics",
        "/evaluering/x%00/",
        "/min-raekke/%00/",
    ],
)
def test_nul_bytes_in_urls_are_a_polite_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "Siden findes ikke" in text(response)


@pytest.mark.parametrize("path", ["/serier/?q=%00", "/arrangoer/?x=a%00b"])
def test_nul_bytes_in_a_query_are_a_polite_400(client, path):
    response = client.get(path)
    assert response.status_code == 400
    assert "Forespørgslen kunne ikke læses" in text(response)


def test_nul_bytes_in_english_are_an_english_404(client):
    response = client.get("/en/min-tilmelding/a%00/")
    assert response.status_code == 404
    assert "Page not found" in text(response)


def test_multipart_without_boundary_is_a_400(client):
    session = SessionFactory()
    response = client.generic(
        "POST",
        reverse("registrations:session_signup", kwargs={"pk": session.pk}),
        b"--x\r\nContent-Disposition: form-data; name=a\r\n\r\nb\r\n--x--\r\n",
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert "Forespørgslen kunne ikke læses" in text(response)


def test_utf16_form_body_is_a_400(client):
    session = SessionFactory()
    response = client.generic(
        "POST",
        reverse("registrations:session_signup", kwargs={"pk": session.pk}),
        "name=Mette&email=m@x.dk".encode("utf-16"),
        content_type="application/x-www-form-urlencoded; charset=utf-16",
    )
    assert response.status_code == 400
    assert session.registrations.count() == 0


def test_a_50_mb_upload_to_the_public_sign_up_form_is_refused(client):
    session = SessionFactory()
    body = b"x" * (50 * 1024 * 1024)
    response = client.generic(
        "POST",
        reverse("registrations:session_signup", kwargs={"pk": session.pk}),
        body,
        content_type="application/octet-stream",
    )
    assert response.status_code == 413
    assert "Der blev sendt for meget" in text(response)
    assert session.registrations.count() == 0


def test_a_405_is_a_page_not_an_empty_body(client):
    response = client.post("/media/materials/x.pdf")
    assert response.status_code == 405
    assert "Adressen tager ikke imod" in text(response)
    assert response["Allow"]


def test_a_csrf_failure_is_a_danish_page():
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("account_login"), {"login": "x", "password": "y"})
    assert response.status_code == 403
    assert "Formularen er udløbet" in text(response)


def test_a_crash_is_the_500_page_without_a_traceback(client, settings):
    settings.ROOT_URLCONF = "tests.security.crash_urls"
    client.raise_request_exception = False
    response = client.get("/crash/")
    assert response.status_code == 500
    body = text(response)
    assert "Der gik noget galt hos os" in body
    assert "Traceback" not in body and "secret detail" not in body


def test_security_headers_and_no_store_on_the_back_office(client):
    assert "camera=()" in client.get("/")["Permissions-Policy"]
    organiser = MembershipFactory().user
    client.force_login(organiser)
    response = client.get(reverse("backoffice:home"))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert client.get(reverse("account_login"))["Cache-Control"] == "no-store"


@pytest.mark.parametrize("value", ["Anna Andersen", "9" * 40])
def test_admin_autocomplete_with_a_non_key_value_is_a_form_error(client, value):
    # Found by the fuzzer: Django's autocomplete widget looked the posted value up as a key
    # ("Anna Andersen": ValueError; 40 nines: SQLite's integer overflow).
    client.force_login(UserFactory(username="root", is_superuser=True))
    response = client.post(
        "/admin/programme/membership/add/",
        {"user": value, "organisation": value, "role": "editor"},
    )
    assert response.status_code == 200
    assert "errorlist" in text(response)


def test_the_api_root_without_docs_is_a_404_problem(client):
    # Found by the fuzzer: django-ninja's docs view raises Http404, which became a 500.
    response = client.get("/api/v1/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
