"""The importer's review screen in a real browser: zero axe-core violations (WCAG 2.2 AA),
usable with the keyboard alone, readable at 390 px; notes about guessed values are shown
beside their fields, and speakers are edited as fields of their own."""

from pathlib import Path

import pytest
from django.urls import reverse

from tests.conftest import axe_violations, describe_violations
from tests.factories import PASSWORD, MembershipFactory, OrganisationFactory
from tinget.programme.models import Appearance, Membership, Series

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SEED = Path(__file__).with_name("fixtures") / "seed_kommunerne.txt"


def assert_accessible(page):
    violations = axe_violations(page, tags=TAGS)
    assert violations == [], describe_violations(violations)


def test_review_screen_by_keyboard_at_390px_without_axe_violations(live_server, page):
    editor = MembershipFactory(
        organisation=OrganisationFactory(name="CSR Forum", slug="csr-forum"),
        role=Membership.Role.EDITOR,
    ).user
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + reverse("account_login"))
    page.fill("#id_login", editor.username)
    page.fill("#id_password", PASSWORD)
    page.click("[type=submit]")

    page.goto(live_server.url + reverse("announcements:paste"))
    assert_accessible(page)
    page.locator("#id_text").fill(SEED.read_text())  # what a paste does
    page.get_by_role("button", name="Læs annonceringen").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text() == "Kontrollér den importerede serie"
    assert_accessible(page)

    # the guessed year is said beside the date, and read with it
    note = page.locator("#id_s0-date_note")
    assert "er et gæt" in note.inner_text()
    described = page.locator("#id_s0-date").get_attribute("aria-describedby")
    assert "id_s0-date_note" in described.split()
    assert page.locator("#id_moderator").input_value() == "Flemming Olsen"

    # a new speaker in the blank row of the November session's talk, by keyboard alone
    blank = page.locator("#id_s1-i0-p1-name")
    blank.focus()
    page.keyboard.type("Mette Lund")
    page.keyboard.press("Tab")
    page.keyboard.type("borgmester")
    page.keyboard.press("Tab")
    page.keyboard.type("Viborg Kommune")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_s1-i0-p1-part"
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390

    page.get_by_role("button", name="Gem som kladde").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    series = Series.objects.get()
    assert series.sessions.count() == 3
    mette = Appearance.objects.get(person__name="Mette Lund")
    assert (mette.role, mette.organisation_name) == ("borgmester", "Viborg Kommune")
