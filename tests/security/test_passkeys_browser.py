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
    page.locator(".tinget-account-name", has_text="Logget ind som").wait_for()
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


def test_security_key_as_second_step_then_renamed_and_removed(live_server, page, authenticator):
    """A key added without the passkey box: the password first, then the key; the rename,
    remove and "confirm access" screens in the design, and removing it leaves no key."""
    page.set_viewport_size({"width": 390, "height": 844})
    MembershipFactory(user__username="jens")
    base = live_server.url
    page.goto(base + reverse("account_login"))
    keyboard_login(page, "jens", PASSWORD)
    page.goto(base + reverse("mfa_add_webauthn"))
    page.get_by_label("Adgangskode").fill(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.get_by_label("Brug den som adgangsnøgle").uncheck()
    page.get_by_label("Nøglens navn").fill("YubiKey")
    with page.expect_navigation():
        page.get_by_role("button", name="Tilføj", exact=True).click()
    stored = Authenticator.objects.get(user__username="jens", type="webauthn")
    # Chromium does not say whether a "discouraged" resident key was made: not a passkey.
    assert stored.wrap().is_passwordless is not True

    page.get_by_role("button", name="Log ud").click()
    page.wait_for_url("**/konto/login/**")
    keyboard_login(page, "jens", PASSWORD)
    assert page.url.endswith(reverse("mfa_authenticate"))
    check_page(page)
    with page.expect_navigation():
        press(page, page.get_by_role("button", name="Brug en sikkerhedsnøgle"), "the key")
    page.locator(".tinget-account-name", has_text="Logget ind som").wait_for()

    page.goto(base + reverse("mfa_list_webauthn"))
    assert "Sikkerhedsnøgle" in page.locator("table.tinget-passkeys tbody tr").inner_text()
    with page.expect_navigation():
        press(page, page.get_by_role("link", name="Omdøb YubiKey"), "rename")
    # Changing a key asks who you are: here, with the key itself.
    assert "/reauthenticate/" in page.url
    check_page(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Brug en sikkerhedsnøgle").click()
    check_page(page)
    with page.expect_navigation():
        press(page, page.get_by_role("button", name="Brug en sikkerhedsnøgle"), "confirm")
    assert "/edit/" in page.url
    check_page(page)
    page.locator("input[name=name]").fill("Nøgle på nøgleringen")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    stored.refresh_from_db()
    assert stored.wrap().name == "Nøgle på nøgleringen"
    page.goto(base + reverse("mfa_remove_webauthn", kwargs={"pk": stored.pk}))
    check_page(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Fjern").click()
    assert not Authenticator.objects.filter(type="webauthn").exists()
