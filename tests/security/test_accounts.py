"""Organiser accounts: throttled logins, two-factor authentication, reset by email, sessions
that end. Through the real views, as a browser posts them."""

import re
import time

import pytest
from allauth.mfa.models import Authenticator
from django.core.cache import cache
from django.urls import reverse

from tests.factories import PASSWORD, MembershipFactory, UserFactory
from tinget.accounts.middleware import LOGIN_AT, SEEN_AT

from .totp import current_code

pytestmark = pytest.mark.django_db

LOGIN = "/arrangoer/konto/login/"


@pytest.fixture(autouse=True)
def _fresh_counters():
    # The rate-limit counters live in the (per-process) cache.
    cache.clear()
    yield
    cache.clear()


def log_in(client, username, password=PASSWORD, **extra):
    return client.post(LOGIN, {"login": username, "password": password}, **extra)


def page_text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_login_page_is_danish_and_english(client):
    danish = page_text(client.get(LOGIN))
    assert "Log ind som arrangør" in danish
    assert "Brugernavn eller e-mailadresse" in danish
    assert "Glemt din adgangskode?" in danish
    english = page_text(client.get("/en" + LOGIN))
    assert "Log in as an organiser" in english
    assert "Forgot your password?" in english


def test_right_password_logs_in_and_the_header_says_who(client):
    organiser = MembershipFactory(user__username="mette").user
    response = log_in(client, "mette")
    assert response.status_code == 302
    assert response["Location"] == reverse("backoffice:home")
    text = page_text(client.get(reverse("backoffice:home")))
    assert "Logget ind som mette" in text
    assert "Log ud" in text
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert client.get(reverse("backoffice:home"))["Location"].startswith(LOGIN)
    assert organiser.is_active


def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(client):
    MembershipFactory(user__username="mette")
    for _ in range(5):
        response = log_in(client, "mette", "forkert")
        assert "ikke korrekt" in page_text(response)
    response = log_in(client, "mette")
    assert response.status_code == 200
    assert "For mange mislykkede loginforsøg" in page_text(response)
    assert "_auth_user_id" not in client.session
    # Another account from another address is not locked by it.
    MembershipFactory(user__username="jens")
    other = log_in(client, "jens", REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 302


def test_many_failures_from_one_address_lock_that_address(client):
    for number in range(20):
        log_in(client, f"gaet{number}", "forkert", REMOTE_ADDR="10.0.0.7")
    MembershipFactory(user__username="mette")
    response = log_in(client, "mette", REMOTE_ADDR="10.0.0.7")
    assert "For mange mislykkede loginforsøg" in page_text(response)
    assert log_in(client, "mette", REMOTE_ADDR="10.0.0.8").status_code == 302


def test_admin_login_is_the_same_throttled_page(client):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def _activate_totp(client) -> str:
    page = client.get(reverse("mfa_activate_totp"))
    # allauth asks for the password once more before a second factor is changed.
    assert page["Location"].startswith(reverse("account_reauthenticate"))
    confirmed = client.post(page["Location"], {"password": PASSWORD})
    assert confirmed["Location"] == reverse("mfa_activate_totp")
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200, page
    secret = re.search(r'id="authenticator_secret"[^>]*value="([A-Z2-7]+)"', page.content.decode())
    if secret is None:
        secret = re.search(r'value="([A-Z2-7]{32})"', page.content.decode())
    secret = secret.group(1)
    response = client.post(reverse("mfa_activate_totp"), {"code": "000000"})
    assert "Forkert kode" in page_text(response)
    response = client.post(reverse("mfa_activate_totp"), {"code": current_code(secret)})
    assert response.status_code == 302
    return secret


def test_superuser_must_set_up_two_factor_then_needs_a_code(client, settings):
    settings.TINGET_MFA_REQUIRED_FOR_STAFF = True
    UserFactory(username="drift", is_superuser=True)
    assert log_in(client, "drift").status_code == 302
    response = client.get(reverse("backoffice:home"))
    assert response["Location"] == reverse("mfa_activate_totp")
    assert client.get(reverse("admin:index"))["Location"] == reverse("mfa_activate_totp")
    secret = _activate_totp(client)
    assert Authenticator.objects.filter(user__username="drift", type="totp").exists()
    # Recovery codes come with it.
    codes_page = client.get(reverse("mfa_view_recovery_codes")).content.decode()
    codes = re.findall(r"\b[0-9a-f]{8}\b", codes_page)
    assert len(codes) >= 5
    assert client.get(reverse("backoffice:home")).status_code == 200

    client.post(reverse("account_logout"))
    response = log_in(client, "drift")
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get(reverse("backoffice:home"))["Location"].startswith(LOGIN)
    wrong = client.post(reverse("mfa_authenticate"), {"code": "123456"})
    assert "Forkert kode" in page_text(wrong)
    cache.clear()  # the code above is the same 30-second window: allauth refuses reuse
    right = client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})
    assert right.status_code == 302
    assert client.get(reverse("backoffice:home")).status_code == 200

    # A recovery code works once instead of the app.
    client.post(reverse("account_logout"))
    log_in(client, "drift")
    assert client.post(reverse("mfa_authenticate"), {"code": codes[0]}).status_code == 302
    client.post(reverse("account_logout"))
    log_in(client, "drift")
    again = client.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert "Forkert kode" in page_text(again)


def test_organisers_are_offered_two_factor_and_forced_when_the_setting_says(client, settings):
    settings.TINGET_MFA_REQUIRED_FOR_STAFF = True
    settings.TINGET_MFA_REQUIRED_FOR_ORGANISERS = False
    MembershipFactory(user__username="mette")
    log_in(client, "mette")
    assert client.get(reverse("backoffice:home")).status_code == 200
    assert "To-faktor-godkendelse" in page_text(client.get(reverse("backoffice:home")))
    settings.TINGET_MFA_REQUIRED_FOR_ORGANISERS = True
    assert client.get(reverse("backoffice:home"))["Location"] == reverse("mfa_activate_totp")
    # The public site is not held back.
    assert client.get("/").status_code == 200


def test_password_reset_by_email(client, smtp_server):
    MembershipFactory(user__username="mette", user__email="mette@kommune.dk")
    page = client.get(reverse("account_reset_password"))
    assert "Nulstil" in page_text(page)
    response = client.post(reverse("account_reset_password"), {"email": "mette@kommune.dk"})
    assert response.status_code == 302
    assert len(smtp_server.messages) == 1
    message = smtp_server.messages[0].message
    assert message["Subject"] == "Tinget: Nulstil din adgangskode"
    body = message.get_body(("plain",)).get_content()
    assert "Dit brugernavn er mette." in body
    # The link is built from TINGET_BASE_URL, not from the request's Host header.
    link = re.search(r"http://127.0.0.1:8000/arrangoer/konto/password/reset/key/\S+", body)
    link = link.group(0)
    path = "/" + link.split("/", 3)[3]
    form = client.get(path, follow=True)
    assert form.status_code == 200
    new = "ny og lang adgangskode 2027"
    done = client.post(
        form.redirect_chain[-1][0] if form.redirect_chain else path,
        {"password1": new, "password2": new},
    )
    assert done.status_code == 302
    assert log_in(client, "mette", new).status_code == 302
    # Nobody learns whether an address has an account: the same answer and no email.
    client.post(reverse("account_logout"))
    response = client.post(reverse("account_reset_password"), {"email": "ukendt@x.dk"})
    assert response.status_code == 302
    assert len(smtp_server.messages) == 1


def test_idle_and_absolute_session_limits_end_the_login(client, settings):
    MembershipFactory(user__username="mette")
    log_in(client, "mette")
    home = reverse("backoffice:home")
    assert client.get(home).status_code == 200
    session = client.session
    session[SEEN_AT] = int(time.time()) - 61 * 60
    session.save()
    response = client.get(home)
    assert response["Location"].startswith(LOGIN)
    assert "intet skete i 60 minutter" in page_text(client.get(response["Location"]))

    log_in(client, "mette")
    session = client.session
    session[LOGIN_AT] = int(time.time()) - 12 * 3600 - 1
    session.save()
    response = client.get(home)
    assert response["Location"].startswith(LOGIN)
    assert "højst 12 timer" in page_text(client.get(response["Location"]))
