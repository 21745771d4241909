"""The partner logo screen in Chromium: zero axe-core violations (WCAG 2.2 AA) and no
sideways scrolling at 390 px, with and without errors; the logo uploaded by keyboard alone
and the error summary naming the missing text of the logo."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.backoffice.test_accessibility import log_in
from tests.backoffice.test_organiser_walk import check_screen
from tests.security.samples import PNG

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_logo_screen_has_no_axe_violations_and_works_by_keyboard(
    live_server, page, editor, series, partner, tmp_path
):
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, live_server, editor)
    page.goto(live_server.url + reverse("backoffice:series", kwargs={"slug": series.slug}))
    check_screen(page, "series dashboard with partners")
    page.get_by_role("link", name="Logo og hjemmeside for Partner Forum").click()
    expect(page.locator("h1")).to_have_text("Partner Forum")
    check_screen(page, "organisation")

    logo = tmp_path / "logo.png"
    logo.write_bytes(PNG)
    page.set_input_files("#id_logo", str(logo))
    page.focus("#id_logo_alt")
    page.keyboard.press("Enter")
    expect(page.locator(".alert-error")).to_contain_text(
        "Skriv, hvad der står i logoet, til dem der ikke kan se det."
    )
    check_screen(page, "organisation with an error")

    page.set_input_files("#id_logo", str(logo))
    page.focus("#id_logo_alt")
    page.keyboard.type("Partner Forum")
    page.keyboard.press("Enter")
    expect(page.locator(".alert-success")).to_contain_text("Partner Forum er gemt.")
    expect(page.locator("img.tinget-partner-logo")).to_have_attribute("alt", "Partner Forum")
    check_screen(page, "organisation with its logo")
