"""Danish is the default language: every user-facing string must have a Danish translation."""

from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]


def load_catalog(language: str):
    path = ROOT / "tinget" / "locale" / language / "LC_MESSAGES" / "django.po"
    with path.open("rb") as handle:
        return read_po(handle, locale=language)


def test_danish_catalog_translates_every_string():
    catalog = load_catalog("da")
    untranslated = [
        message.id
        for message in catalog
        if message.id
        and (not message.string or (isinstance(message.string, tuple) and not all(message.string)))
    ]
    fuzzy = [message.id for message in catalog if message.id and message.fuzzy]
    assert len(catalog) > 100, "the Danish catalogue looks empty"
    assert untranslated == [], f"{len(untranslated)} strings lack Danish: {untranslated[:20]}"
    assert fuzzy == [], f"fuzzy (unchecked) Danish translations: {fuzzy[:20]}"


def test_danish_catalog_is_compiled_by_setup_with_the_danish_session_word():
    from django.utils import translation

    with translation.override("da"):
        assert translation.gettext("Accessibility statement") == "Tilgængelighedserklæring"
