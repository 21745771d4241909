"""The account screens say the same thing in the same words: "to-faktor-godkendelse" and
"godkendelsesapp" on Tinget's own strings and on allauth's (whose own Danish says
"autentificering"), and a "Cancel" on an account screen is "Annuller", not the registrant
list's "Afmeld". Through the real views, in Danish, as an organiser meets them."""

import json
import re

import pytest
from allauth.mfa.models import Authenticator
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, MembershipFactory, UserFactory

from .passkey import SoftPasskey
from .totp import current_code

pytestmark = pytest.mark.django_db

LOGIN = "/arrangoer/konto/login/"
# allauth's own Danish words for what Tinget calls godkendelse, and its anglicisms.
NOT_OURS = re.compile(r"autentific|genautentific|aktiver\b|deaktiver|password|succes", re.I)


@pytest.fixture(autouse=True)
def _fresh_counters():
    cache.clear()
    yield
    cache.clear()


def page_text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def _log_in(client):
    return client.post(LOGIN, {"login": "drift", "password": PASSWORD})


def _set_up_app(client) -> str:
    page = client.get(reverse("mfa_activate_totp"))
    reauth = page_text(client.get(page["Location"]))
    assert "Bekræft, at det er dig" in reauth and "Skriv din adgangskode:" in reauth
    assert not NOT_OURS.search(reauth), NOT_OURS.search(reauth)
    client.post(page["Location"], {"password": PASSWORD})
    page = client.get(reverse("mfa_activate_totp"))
    text = page_text(page)
    assert "Opsæt en godkendelsesapp" in text and "Slå til" in text
    assert not NOT_OURS.search(text), NOT_OURS.search(text)
    secret = re.search(r'value="([A-Z2-7]{32})"', page.content.decode()).group(1)
    done = client.post(reverse("mfa_activate_totp"), {"code": current_code(secret)}, follow=True)
    # Straight on to the recovery codes, in the same words.
    assert "Hent koderne" in page_text(done) and "Lav nye koder" in page_text(done)
    assert not NOT_OURS.search(page_text(done)), NOT_OURS.search(page_text(done))
    return secret


def test_two_factor_screens_use_one_set_of_words(client, settings):
    settings.TINGET_MFA_REQUIRED_FOR_STAFF = True
    UserFactory(username="drift", is_superuser=True)
    _log_in(client)
    secret = _set_up_app(client)

    index = page_text(client.get(reverse("mfa_index")))
    assert "To-faktor-godkendelse" in index
    assert "Du logger ind med kode fra en godkendelsesapp." in index
    assert "Slå fra" in index and "Gendannelseskoder" in index
    assert not NOT_OURS.search(index), NOT_OURS.search(index)

    generate = page_text(client.get(reverse("mfa_generate_recovery_codes")))
    assert "Dine nuværende koder holder så op med at virke." in generate
    assert not NOT_OURS.search(generate), NOT_OURS.search(generate)

    # Required for a superuser: allauth refuses, in Tinget's words.
    off = page_text(client.get(reverse("mfa_deactivate_totp"), follow=True))
    assert not NOT_OURS.search(off), NOT_OURS.search(off)

    client.post(reverse("account_logout"))
    _log_in(client)
    step = page_text(client.get(reverse("mfa_authenticate")))
    assert "Din konto er beskyttet med to-faktor-godkendelse." in step
    assert "Andre muligheder" in step and "Annuller" in step
    assert "Afmeld" not in step
    assert not NOT_OURS.search(step), NOT_OURS.search(step)
    cache.clear()
    home = client.post(reverse("mfa_authenticate"), {"code": current_code(secret)}, follow=True)
    assert "Logget ind som drift" in page_text(home)
    assert not NOT_OURS.search(page_text(home)), NOT_OURS.search(page_text(home))


def test_the_english_screens_keep_allauths_words(client, settings):
    settings.TINGET_MFA_REQUIRED_FOR_STAFF = False
    UserFactory(username="drift", is_superuser=True)
    _log_in(client)
    text = page_text(client.get("/en" + reverse("mfa_index")))
    assert "Two-Factor Authentication" in text and "Activate" in text


def test_renaming_and_removing_a_key_say_key_not_security_key():
    # A passkey is renamed and removed on allauth's pages, which said "sikkerhedsnøgle".
    browser = Client(HTTP_HOST="localhost")
    MembershipFactory(user__username="mette")
    browser.post(LOGIN, {"login": "mette", "password": PASSWORD})
    page = browser.get(reverse("mfa_add_webauthn"))
    browser.post(page["Location"], {"password": PASSWORD})
    page = browser.get(reverse("mfa_add_webauthn"))
    options = json.loads(
        re.search(
            r'<script id="js_data" type="application/json">(.*?)</script>',
            page.content.decode(),
            re.S,
        ).group(1)
    )["creation_options"]
    credential = SoftPasskey().create(options, resident=True)
    added = browser.post(
        reverse("mfa_add_webauthn"),
        {"name": "Arbejdscomputer", "credential": json.dumps(credential), "passwordless": "on"},
        follow=True,
    )
    assert "Nøglen er tilføjet." in page_text(added)
    key = Authenticator.objects.get(type=Authenticator.Type.WEBAUTHN)

    edit = page_text(browser.get(reverse("mfa_edit_webauthn", kwargs={"pk": key.pk})))
    assert "Omdøb nøglen" in edit and "Adgangsnøgler og sikkerhedsnøgler" in edit
    remove = page_text(browser.get(reverse("mfa_remove_webauthn", kwargs={"pk": key.pk})))
    assert "Fjern nøglen" in remove and "Vil du fjerne nøglen?" in remove
    removed = browser.post(reverse("mfa_remove_webauthn", kwargs={"pk": key.pk}), follow=True)
    assert "Nøglen er fjernet." in page_text(removed)
    assert not Authenticator.objects.filter(pk=key.pk).exists()
