"""Passkeys and security keys (WebAuthn, django-allauth's mfa) for organiser accounts, next
to the authenticator app and recovery codes: the settings, the screens in Danish and
English, adding a passkey (listed, audited by allauth's own records), logging in with it,
and hostile credentials answered without a 500.

Integration tests through the real views; the credential is made by a software passkey
(tests/security/passkey.py). The host is localhost: WebAuthn needs a secure context, and
http://localhost is one (an IP address such as 127.0.0.1 is not a valid relying party).
"""

import json
import re

import pytest
from allauth.mfa.models import Authenticator
from django.conf import settings as django_settings
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, MembershipFactory, UserFactory

from .passkey import SoftPasskey

pytestmark = pytest.mark.django_db

LOGIN = "/arrangoer/konto/login/"


@pytest.fixture(autouse=True)
def _fresh_counters():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def browser():
    """A client that talks to http://localhost, as a browser on the organiser's machine."""
    return Client(HTTP_HOST="localhost")


def page_text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def js_data(response) -> dict:
    match = re.search(
        r'<script id="js_data" type="application/json">(.*?)</script>',
        response.content.decode(),
        re.S,
    )
    return json.loads(match.group(1))


def logged_in(browser, username="mette"):
    MembershipFactory(user__username=username)
    response = browser.post(LOGIN, {"login": username, "password": PASSWORD})
    assert response.status_code == 302
    return browser


def add_passkey(browser, passkey, name="Arbejdscomputer", passwordless=True):
    """Open "add", confirm with the password when asked, post the created credential."""
    page = browser.get(reverse("mfa_add_webauthn"))
    if page.status_code == 302:
        assert page["Location"].startswith(reverse("account_reauthenticate"))
        browser.post(page["Location"], {"password": PASSWORD})
        page = browser.get(reverse("mfa_add_webauthn"))
    assert page.status_code == 200
    credential = passkey.create(js_data(page)["creation_options"], resident=passwordless)
    data = {"name": name, "credential": json.dumps(credential)}
    if passwordless:
        data["passwordless"] = "on"
    return browser.post(reverse("mfa_add_webauthn"), data)


def test_settings_offer_webauthn_and_passkey_login_next_to_totp():
    assert django_settings.MFA_SUPPORTED_TYPES == ["totp", "webauthn", "recovery_codes"]
    assert django_settings.MFA_PASSKEY_LOGIN_ENABLED is True
    # No insecure-origin escape hatch: localhost is a secure context on its own.
    assert not getattr(django_settings, "MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN", False)


def test_login_page_offers_a_passkey_in_danish_and_english(browser):
    danish = browser.get(LOGIN)
    html = danish.content.decode()
    assert "Log ind med en adgangsnøgle" in page_text(danish)
    assert 'form="mfa_login"' in html and 'id="mfa_login"' in html
    assert "/static/mfa/js/webauthn.js" in html and "/static/tinget/js/passkey.js" in html
    # No inline script runs: only JSON data blocks and our own files (the CSP allows no more).
    for tag in re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html):
        assert 'type="application/json"' in tag, tag
    english = page_text(browser.get("/en" + LOGIN))
    assert "Sign in with a passkey" in english
    assert "Or log in with a passkey" in english


def test_two_factor_page_names_passkeys_in_danish(browser):
    logged_in(browser)
    text = page_text(browser.get(reverse("mfa_index")))
    assert "Adgangsnøgler og sikkerhedsnøgler" in text
    assert "Du har endnu ikke tilføjet en adgangsnøgle eller sikkerhedsnøgle." in text
    assert "Godkendelsesapp" in text


def test_add_page_is_danish_with_the_passkey_box_ticked(browser):
    logged_in(browser)
    browser.get(reverse("mfa_add_webauthn"))
    browser.post(
        reverse("account_reauthenticate") + "?next=" + reverse("mfa_add_webauthn"),
        {"password": PASSWORD},
    )
    page = browser.get(reverse("mfa_add_webauthn"))
    text = page_text(page)
    assert "Tilføj en adgangsnøgle eller sikkerhedsnøgle" in text
    assert "Brug den som adgangsnøgle: log ind med den uden adgangskode" in text
    assert re.search(r'<input[^>]*name="passwordless"[^>]*checked', page.content.decode())
    options = js_data(page)["creation_options"]["publicKey"]
    assert options["rp"] == {"id": "localhost", "name": "Tinget"}
    assert options["user"]["name"].startswith("mette")  # the email, or the username


def test_added_passkey_is_listed_and_logs_in_without_the_password(browser):
    logged_in(browser)
    passkey = SoftPasskey()
    response = add_passkey(browser, passkey)
    assert response.status_code == 302
    # The first factor comes with recovery codes, shown next.
    assert response["Location"] == reverse("mfa_view_recovery_codes")
    stored = Authenticator.objects.get(user__username="mette", type="webauthn")
    assert stored.wrap().name == "Arbejdscomputer"
    listing = page_text(browser.get(reverse("mfa_list_webauthn")))
    assert "Arbejdscomputer" in listing and "Adgangsnøgle" in listing
    assert "Ikke brugt endnu" in listing
    assert "Du har tilføjet 1 adgangsnøgle eller sikkerhedsnøgle." in page_text(
        browser.get(reverse("mfa_index"))
    )

    browser.post(reverse("account_logout"))
    anonymous = Client(HTTP_HOST="localhost")
    options = anonymous.get(
        reverse("mfa_login_webauthn"), headers={"accept": "application/json"}
    ).json()
    assertion = passkey.get(options["request_options"])
    response = anonymous.post(reverse("mfa_login_webauthn"), {"credential": json.dumps(assertion)})
    assert response.status_code == 302
    assert response["Location"] == reverse("backoffice:home")
    home = anonymous.get(reverse("backoffice:home"))
    assert home.status_code == 200
    assert "Logget ind som mette" in page_text(home)
    stored.refresh_from_db()
    assert stored.last_used_at is not None


def test_a_passkey_satisfies_required_two_factor(browser, settings):
    settings.TINGET_MFA_REQUIRED_FOR_ORGANISERS = True
    logged_in(browser)
    assert browser.get(reverse("backoffice:home"))["Location"] == reverse("mfa_activate_totp")
    add_passkey(browser, SoftPasskey())
    assert browser.get(reverse("backoffice:home")).status_code == 200


def test_security_key_as_a_second_step_after_the_password(browser):
    logged_in(browser)
    passkey = SoftPasskey()
    add_passkey(browser, passkey, name="YubiKey", passwordless=False)
    listing = page_text(browser.get(reverse("mfa_list_webauthn")))
    assert "YubiKey" in listing and "Sikkerhedsnøgle" in listing
    browser.post(reverse("account_logout"))
    response = browser.post(LOGIN, {"login": "mette", "password": PASSWORD})
    assert response["Location"] == reverse("mfa_authenticate")
    page = browser.get(reverse("mfa_authenticate"))
    assertion = passkey.get(js_data(page)["request_options"])
    response = browser.post(reverse("mfa_authenticate"), {"credential": json.dumps(assertion)})
    assert response.status_code == 302
    assert browser.get(reverse("backoffice:home")).status_code == 200


HOSTILE = [
    '{"id": "x"}',
    "[1, 2]",
    '"x"',
    '{"response": 5}',
    json.dumps(
        {
            "id": "AAAA",
            "rawId": "AAAA",
            "type": "public-key",
            "response": {"clientDataJSON": "AAAA", "attestationObject": "AAAA"},
        }
    ),
    json.dumps(
        {
            "id": "AAAA",
            "rawId": "AAAA",
            "type": "public-key",
            "response": {
                "clientDataJSON": "AAAA",
                "authenticatorData": "AAAA",
                "signature": "AAAA",
                "userHandle": "AAAA",
            },
        }
    ),
    "{not json",
    '{"id": "\\u0000", "rawId": "\\u0000"}',
]


@pytest.mark.parametrize("credential", HOSTILE)
def test_hostile_credentials_are_wrong_credentials_not_500s(browser, credential):
    logged_in(browser)
    browser.get(reverse("mfa_add_webauthn"))
    browser.post(
        reverse("account_reauthenticate") + "?next=" + reverse("mfa_add_webauthn"),
        {"password": PASSWORD},
    )
    browser.get(reverse("mfa_add_webauthn"))
    added = browser.post(reverse("mfa_add_webauthn"), {"name": "x", "credential": credential})
    assert added.status_code == 200
    assert "alert" in added.content.decode() or "form-error" in added.content.decode()
    assert not Authenticator.objects.filter(type="webauthn").exists()
    anonymous = Client(HTTP_HOST="localhost")
    anonymous.get(reverse("mfa_login_webauthn"), headers={"accept": "application/json"})
    login = anonymous.post(reverse("mfa_login_webauthn"), {"credential": credential})
    assert login.status_code == 302 and login["Location"] == reverse("account_login")
    assert "_auth_user_id" not in anonymous.session


def test_passkey_login_can_be_turned_off(browser, settings):
    settings.MFA_PASSKEY_LOGIN_ENABLED = False
    assert "adgangsnøgle" not in page_text(browser.get(LOGIN)).lower()
    UserFactory()  # nothing else changes
