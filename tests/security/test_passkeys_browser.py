"""In Chromium with a virtual authenticator (the DevTools protocol's WebAuthn domain): an
organiser adds a passkey, sees it listed, logs out, and logs in with the passkey alone;
every screen has zero axe-core violations and fits 390 px; a failed passkey dialog is
reported on the page. The live server is http://localhost:…, a secure context."""

import pytest
from allauth.mfa.models import Authenticator
from django.core.cache import cache
from django.urls import reverse

from tests.factories import PASSWORD, MembershipFactory

from .test_browser import check_page, keyboard_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _fresh_counters():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def authenticator(page):
    """A platform authenticator that holds passkeys and verifies the user (a fingerprint)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    added = cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    yield cdp, added["authenticatorId"]
    cdp.send("WebAuthn.disable")


def press(page, locator, what):
    """Tab to a control and press Enter: the keyboard only."""
    for _ in range(60):
        page.keyboard.press("Tab")
        if locator.evaluate("(node) => node === document.activeElement"):
            page.keyboard.press("Enter")
            return
    pytest.fail(f"{what} cannot be reached with Tab")


@pytest.mark.parametrize("width", [1280, 390])
def test_passkey_is_added_and_logs_in_without_the_password(live_server, page, authenticator, width):
    assert live_server.url.startswith("http://localhost:")
    cdp, authenticator_id = authenticator
    page.set_viewport_size({"width": width, "height": 900})
    MembershipFactory(user__username="mette")
    base = live_server.url

    page.goto(base + reverse("account_login"))
    check_page(page)
    keyboard_login(page, "mette", PASSWORD)
    page.goto(base + reverse("mfa_index"))
    assert page.get_by_role("heading", name="Adgangsnøgler og sikkerhedsnøgler").count() == 1
    check_page(page)
    page.goto(base + reverse("mfa_add_webauthn"))
    # allauth asks for the password again before a second factor is added.
    page.get_by_label("Adgangskode").fill(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.get_by_role("heading", name="Tilføj en adgangsnøgle eller sikkerhedsnøgle").wait_for()
    check_page(page)
    assert page.get_by_label("Brug den som adgangsnøgle").is_checked()
    page.get_by_label("Nøglens navn").fill("Arbejdscomputer")
    with page.expect_navigation():
        press(page, page.get_by_role("button", name="Tilføj", exact=True), "Tilføj")
    # The first key comes with recovery codes.
    assert page.url.endswith(reverse("mfa_view_recovery_codes"))
    stored = Authenticator.objects.get(user__username="mette", type="webauthn")
    assert stored.wrap().name == "Arbejdscomputer" and stored.wrap().is_passwordless is True
    credentials = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator_id})
    assert [c["isResidentCredential"] for c in credentials["credentials"]] == [True]

    page.goto(base + reverse("mfa_list_webauthn"))
    row = page.locator("table.tinget-passkeys tbody tr")
    assert row.locator("th").inner_text() == "Arbejdscomputer"
    assert "Adgangsnøgle" in row.inner_text() and "Ikke brugt endnu" in row.inner_text()
    check_page(page)

    page.get_by_role("button", name="Log ud").click()
    page.wait_for_url("**/konto/login/**")
    with page.expect_navigation():
        press(page, page.get_by_role("button", name="Log ind med en adgangsnøgle"), "passkey")
    page.get_by_text("Logget ind som").wait_for()
    assert "mette" in page.locator(".tinget-account-name").inner_text()
    assert page.url.rstrip("/").endswith(reverse("backoffice:home").rstrip("/"))
    stored.refresh_from_db()
    assert stored.last_used_at is not None


def test_a_failed_passkey_dialog_is_reported_on_the_page(live_server, page):
    page.goto(live_server.url + reverse("account_login"))
    alert = page.locator("#passkey-error")
    assert alert.is_hidden()
    # What allauth's webauthn.js dispatches when the browser's dialog is cancelled.
    page.evaluate(
        "() => document.dispatchEvent(new CustomEvent('allauth.error',"
        " {detail: {tags: ['mfa', 'webauthn'], exception: 'NotAllowedError'}, cancelable: true}))"
    )
    assert alert.is_visible()
    assert "Adgangsnøglen kunne ikke bruges" in alert.inner_text()
    check_page(page)
