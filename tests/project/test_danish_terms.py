"""One word for one thing in Danish. Tinget's catalogue overrides allauth's Danish wherever
allauth says "autentificering" on a screen Tinget shows (Tinget says "to-faktor-godkendelse"
and "godkendelsesapp"), and no Danish string uses the words the copy edit replaced."""

import re
from pathlib import Path

import allauth
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
ALLAUTH_DA = Path(allauth.__file__).parent / "locale" / "da" / "LC_MESSAGES" / "django.po"
# allauth's screens and messages that organisers meet: log in, two-factor, password reset.
SHOWN = re.compile(r"templates/(mfa|account)/|^mfa/|account/adapter\.py")
REPLACED = {
    r"autentific": "to-faktor-godkendelse / godkendelsesapp",
    r"(?<![-\w])password": "adgangskode",
    r"succesfuldt|med success": "(plain Danish)",
    r"vær venlig at": "(plain Danish: Prøv igen …)",
    r"framelde": "melde sig fra / afmelde",
    r"deltagerlink": "mødelink",
}


def load(path):
    with path.open("rb") as handle:
        return read_po(handle, locale="da")


def strings(message):
    return message.string if isinstance(message.string, tuple) else (message.string,)


def test_tinget_overrides_allauths_autentificering_on_the_screens_it_shows():
    tinget = load(ROOT / "tinget" / "locale" / "da" / "LC_MESSAGES" / "django.po")
    missing, checked = [], 0
    for message in load(ALLAUTH_DA):
        danish = " ".join(s for s in strings(message) if s)
        shown = any(SHOWN.search(path) for path, _ in message.locations)
        if message.id and shown and re.search("autentific", danish, re.I):
            checked += 1
            key = message.id if message.context is None else (message.id, message.context)
            if tinget.get(message.id, context=message.context) is None:
                missing.append(key)
    assert checked > 10, "allauth's Danish catalogue was not read"
    assert missing == [], f"allauth's 'autentificering' shows through: {missing}"


def test_no_danish_string_uses_a_replaced_word():
    found = []
    for message in load(ROOT / "tinget" / "locale" / "da" / "LC_MESSAGES" / "django.po"):
        for danish in strings(message):
            danish = re.sub(r"%\(\w+\)[sd]", "", danish or "")
            for pattern, instead in REPLACED.items():
                if danish and re.search(pattern, danish, re.I):
                    found.append((message.id, pattern, instead))
    assert found == [], found
