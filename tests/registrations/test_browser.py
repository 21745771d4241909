"""Signing up in a real browser (Chromium) with the keyboard only, and axe-core on the form,
its error state and the confirmation page."""

import re
import time

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from tests.conftest import axe_violations, describe_violations
from tests.factories import OrganisationFactory, SeriesFactory, SessionFactory
from tinget.registrations.models import Registration

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def session(transactional_db):
    cache.clear()
    series = SeriesFactory(
        title="Kommunerne som accelerator",
        partners=[
            OrganisationFactory(name="CSR Forum", slug="csr-forum"),
            OrganisationFactory(name="KL", slug="kl"),
        ],
    )
    return SessionFactory(series=series, title="Verdensmål i praksis", capacity=30)


def focused_name(page) -> str:
    return page.evaluate("() => document.activeElement && document.activeElement.name || ''")


def tab_to(page, name: str, limit: int = 80) -> None:
    """Press Tab until the field called `name` has focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if focused_name(page) == name:
            return
    raise AssertionError(f"Tab never reached the field {name!r}")


def next_field(page, name: str) -> None:
    page.keyboard.press("Tab")
    assert focused_name(page) == name, f"Tab went to {focused_name(page)!r}, not {name!r}"


def wait_for_mail(smtp_server, address: str, timeout: float = 15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if received := smtp_server.to(address):
            return received[-1].message
        time.sleep(0.1)
    raise AssertionError(f"no email reached the SMTP server for {address}")


def assert_no_axe_violations(page, what: str) -> None:
    violations = axe_violations(page)
    assert violations == [], f"{what}: {describe_violations(violations)}"


def test_keyboard_only_sign_up_confirmed_from_the_email(page, live_server, session, smtp_server):
    page.goto(live_server.url + session.get_absolute_url())
    assert_no_axe_violations(page, "the session page with the sign-up form")

    tab_to(page, "name")
    page.keyboard.type("Anna Andersen")
    next_field(page, "email")
    page.keyboard.type("anna@example.dk")
    next_field(page, "organisation")
    page.keyboard.type("Gentofte Kommune")
    next_field(page, "organisation_kind")
    page.keyboard.type("Kommune")
    next_field(page, "municipality")
    page.keyboard.type("Gentofte")
    next_field(page, "job_title")
    page.keyboard.type("Udviklingskonsulent")
    next_field(page, "language")  # the checked radio button of the group: Dansk
    # Past the privacy notice's link to the optional consent, left unticked.
    tab_to(page, "consent_partner_followup", limit=3)
    page.keyboard.press("Tab")  # the honeypot has tabindex=-1: focus goes to the button
    assert page.evaluate("() => document.activeElement.type") == "submit"
    page.keyboard.press("Enter")

    expect(page.locator("h1")).to_have_text("Tjek din e-mail")
    registration = Registration.objects.get()
    assert (registration.organisation_kind, registration.municipality_id) == (
        "municipality",
        "0157",
    )
    assert registration.status == Registration.Status.PENDING

    mail = wait_for_mail(smtp_server, "anna@example.dk")
    body = mail.get_body(preferencelist=("plain",)).get_content()
    path = re.search(r"https?://[^/\s]+(/\S*tilmelding/bekraeft/\S+/)", body).group(1)
    page.goto(live_server.url + path)
    expect(page.locator("h1")).to_have_text("Bekræft din tilmelding")
    assert_no_axe_violations(page, "the confirm button page")
    for _ in range(30):  # past the skip link, header and language link to the button
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.type") == "submit":
            break
    assert page.evaluate("() => document.activeElement.textContent.trim()") == (
        "Bekræft min tilmelding"
    )
    page.keyboard.press("Enter")

    expect(page.locator(".alert-success .alert-heading")).to_have_text("Tak! Du er tilmeldt.")
    expect(page.locator(".registration-status")).to_have_text("Du er tilmeldt.")
    assert Registration.objects.get().status == Registration.Status.CONFIRMED
    assert_no_axe_violations(page, "the confirmation page")


def test_error_state_has_a_focused_summary_and_no_axe_violations(page, live_server, session):
    page.goto(live_server.url + f"/tilmelding/session/{session.pk}/")
    assert_no_axe_violations(page, "the sign-up page")
    tab_to(page, "name")
    page.keyboard.type("Anna Andersen")
    next_field(page, "email")
    page.keyboard.type("anna@")
    page.keyboard.press("Enter")  # submits the form from the email field

    summary = page.locator('[data-module="error-summary"]')
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Skriv en e-mailadresse som navn@eksempel.dk.")
    expect(page.locator("#id_name")).to_have_value("Anna Andersen")
    assert_no_axe_violations(page, "the form with errors")

    summary.get_by_role("link", name="Skriv navnet på din organisation.").press("Enter")
    expect(page.locator("#id_organisation")).to_be_focused()
    assert not Registration.objects.exists()


def test_manage_pages_have_no_axe_violations(page, live_server, session):
    from tinget.registrations import services

    def sign_up(email):
        registration = services.register_for_session(
            session_id=session.pk,
            registrant=services.Registrant(name="Bo", email=email, organisation="KL"),
        )
        return services.confirm_registration(registration_id=registration.pk)

    seated = sign_up("bo@example.dk")
    services.change_capacity(session_id=session.pk, capacity=1)
    waiting = sign_up("carl@example.dk")
    subscription = services.subscribe_to_series(
        series_id=session.series_id,
        registrant=services.Registrant(name="Dora", email="dora@example.dk"),
    )
    services.confirm_subscription(subscription_id=subscription.pk)
    pages = [
        f"/min-tilmelding/{seated.token}/",
        f"/min-tilmelding/{waiting.token}/",
        f"/min-tilmelding/{seated.token}/oplysninger/",
        f"/min-tilmelding/{seated.token}/slet/",
        f"/min-raekke/{subscription.token}/",
        f"/tilmelding/serie/{session.series.slug}/",
        "/en" + f"/min-tilmelding/{seated.token}/",
    ]
    for path in pages:
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        assert_no_axe_violations(page, path)
