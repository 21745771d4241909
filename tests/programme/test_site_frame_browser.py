"""The site's frame and its new pages in a real browser: axe-core (WCAG 2.2 AA tags) on the
speakers, archive and about pages and a series page with partner logos, at 390 and 1280 px in
Danish and English; the phone menu opened, walked and closed with the keyboard; nothing
scrolls sideways; the primary button is the design system's blue; the skip link does not
cover the wordmark; alerts carry their icon."""

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from playwright.sync_api import expect

from tests.conftest import axe_violations, describe_violations
from tests.factories import build_seed_series
from tests.security.samples import PNG
from tinget.programme.models import Organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
SERIES_URL = "/serier/kommunerne-som-accelerator/"


@pytest.fixture
def series(transactional_db):
    cache.clear()
    series = build_seed_series()
    kl = Organisation.objects.get(slug="kl")
    kl.logo.save("kl.png", ContentFile(PNG))
    kl.logo_alt = "KL"
    kl.save()
    return series


def urls(series) -> list[str]:
    held = series.sessions.get(title="")
    pages = [
        SERIES_URL,
        held.get_absolute_url(),
        SERIES_URL + "talere/",
        SERIES_URL + "arkiv/",
        "/talere/",
        "/arkiv/",
        "/om/",
        "/organisationer/kl/",
        "/personer/maria-maarbjerg/",
    ]
    return pages + ["/en" + url for url in pages]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390px", "1280px"])
def test_new_pages_have_no_axe_violations_and_fit_the_screen(
    browser, live_server, series, viewport
):
    context = browser.new_context(viewport=viewport, locale="da-DK")
    page = context.new_page()
    found, wide = {}, {}
    try:
        for url in urls(series):
            response = page.goto(live_server.url + url)
            assert response.status == 200, url
            if violations := axe_violations(page, TAGS):
                found[url] = violations
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > viewport["width"]:
                wide[url] = width
    finally:
        context.close()
    assert not found, "\n".join(f"{url}: {describe_violations(v)}" for url, v in found.items())
    assert not wide, f"pages scroll sideways: {wide}"


def test_phone_menu_opens_walks_and_closes_with_the_keyboard(browser, live_server, series):
    context = browser.new_context(viewport=PHONE, locale="da-DK")
    page = context.new_page()
    try:
        page.goto(live_server.url + SERIES_URL)
        desktop_menu = page.locator(".navigation-menu")
        expect(desktop_menu).to_be_hidden()
        button = page.locator("button.js-menu-open")
        expect(button).to_be_visible()
        for _ in range(10):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.classList.contains('js-menu-open')"):
                break
        else:
            raise AssertionError("Tab never reached the menu button")
        page.keyboard.press("Enter")
        drawer = page.locator("nav.mobile-drawer")
        expect(drawer).to_be_visible()
        assert page.evaluate("document.activeElement.textContent.trim()") == "Luk menuen"
        if violations := axe_violations(page, TAGS):
            raise AssertionError(describe_violations(violations))
        labels = []
        for _ in range(4):
            page.keyboard.press("Tab")
            labels.append(page.evaluate("document.activeElement.textContent.trim()"))
        assert labels == [
            "Forside",
            "Program",
            "Oplægsholdere",
            "Tidligere webinarer",
        ]
        # Focus stays in the open menu, and Escape closes it and returns to the button.
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent.trim()") == "Luk menuen"
        page.keyboard.press("Escape")
        expect(drawer).to_be_hidden()
        assert page.evaluate("document.activeElement.classList.contains('js-menu-open')")
        # Following a link from the menu.
        page.keyboard.press("Enter")
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        page.wait_for_url(live_server.url + SERIES_URL + "arkiv/")
        expect(page.locator("h1")).to_contain_text("Tidligere webinarer i")
    finally:
        context.close()


def test_desktop_menu_is_reached_by_keyboard_and_marks_the_current_page(page, live_server, series):
    page.set_viewport_size(DESKTOP)
    page.goto(live_server.url + SERIES_URL + "talere/")
    expect(page.locator("button.js-menu-open")).to_be_hidden()
    current = page.locator('.navigation-menu a[aria-current="page"]')
    expect(current).to_have_text("Oplægsholdere")
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('.navigation-menu') !== null"):
            break
    else:
        raise AssertionError("Tab never reached the menu")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Forside"


def test_partner_logo_shows_with_its_alt_text(page, live_server, series):
    page.goto(live_server.url + SERIES_URL)
    logo = page.locator(".solution-info img.tinget-partner-logo")
    expect(logo).to_have_attribute("alt", "KL")
    assert (
        page.evaluate(
            "() => document.querySelector('.solution-info img.tinget-partner-logo').naturalWidth"
        )
        > 0
    )
    expect(page.locator(".solution-info .tinget-partner-name")).to_have_text("CSR Forum")


def test_primary_button_is_blue_and_skip_link_leaves_the_wordmark_visible(
    page, live_server, series
):
    page.set_viewport_size(DESKTOP)
    upcoming = series.sessions.get(title="Partnerskab for handling")
    page.goto(live_server.url + upcoming.get_absolute_url())
    colour = page.evaluate(
        "() => getComputedStyle(document.querySelector('.button.button-primary')).backgroundColor"
    )
    assert colour == "rgb(0, 77, 153)"
    page.keyboard.press("Tab")
    expect(page.locator("a.skipnav")).to_be_in_viewport()
    overlap = page.evaluate(
        """() => {
            const a = document.querySelector('a.skipnav').getBoundingClientRect();
            const b = document.querySelector('.tinget-logo').getBoundingClientRect();
            return !(a.right <= b.left || b.right <= a.left
                     || a.bottom <= b.top || b.bottom <= a.top);
        }"""
    )
    assert not overlap, "the focused skip link covers the wordmark"
