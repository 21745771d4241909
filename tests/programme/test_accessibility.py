"""The public pages in a real browser: axe-core WCAG 2.2 AA, keyboard, phone width, CSP."""

import itertools
import json

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from tests.conftest import axe_violations, describe_violations
from tests.factories import build_seed_series

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def series(transactional_db):
    cache.clear()
    return build_seed_series()


def page_urls(series) -> list[str]:
    sessions = list(series.sessions.order_by("starts_at"))
    return [
        "/",
        series.get_absolute_url(),
        sessions[0].get_absolute_url(),  # past, with recap and materials
        sessions[-1].get_absolute_url(),  # upcoming, with the sign-up box
        "/personer/babak-djarah/",
        "/organisationer/nyborg-kommune/",
        "/verdensmaal/12/",
        "/privatliv/",
        "/tilgaengelighed/",
    ]


def _violations_by_page(page, base, urls) -> dict[str, list]:
    found = {}
    for url in urls:
        response = page.goto(base + url)
        assert response.status == 200, url
        violations = axe_violations(page)
        if violations:
            found[url] = violations
    return found


def test_every_public_page_has_no_axe_violations_in_danish(page, live_server, series):
    found = _violations_by_page(page, live_server.url, page_urls(series))
    assert not found, "\n".join(f"{url}: {describe_violations(v)}" for url, v in found.items())


def test_pages_in_english_have_no_axe_violations(page, live_server, series):
    urls = ["/en" + url for url in page_urls(series)]
    found = _violations_by_page(page, live_server.url, urls)
    assert not found, "\n".join(f"{url}: {describe_violations(v)}" for url, v in found.items())
    page.goto(live_server.url + "/en" + series.get_absolute_url())
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h2#upcoming-heading").inner_text() == "Upcoming webinars"


def test_pages_have_landmarks_one_h1_and_no_skipped_heading_levels(page, live_server, series):
    for url in page_urls(series):
        page.goto(live_server.url + url)
        assert page.locator("html").get_attribute("lang") == "da"
        assert page.locator("header").count() == 1, url
        assert page.locator("main#main-content").count() == 1, url
        assert page.locator("footer").count() == 1, url
        levels = page.eval_on_selector_all(
            "h1, h2, h3, h4, h5, h6", "els => els.map(e => Number(e.tagName[1]))"
        )
        assert levels.count(1) == 1, url
        assert levels[0] == 1, url
        for before, after in itertools.pairwise(levels):
            assert after <= before + 1, f"{url}: h{before} followed by h{after}"


def test_skip_link_is_first_visible_on_focus_and_moves_to_the_content(page, live_server, series):
    page.goto(live_server.url + series.get_absolute_url())
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Gå til indhold"
    # dkfds slides the link into view with a short transition.
    expect(page.locator("a.skipnav")).to_be_in_viewport()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"


def test_keyboard_focus_is_visible_on_links(page, live_server, series):
    page.goto(live_server.url + series.get_absolute_url())
    for _ in range(3):
        page.keyboard.press("Tab")
    outline = page.evaluate(
        """() => {
            const s = getComputedStyle(document.activeElement);
            return {tag: document.activeElement.tagName, style: s.outlineStyle,
                    width: parseFloat(s.outlineWidth)};
        }"""
    )
    assert outline["tag"] == "A"
    assert outline["style"] != "none" and outline["width"] >= 2


def test_series_page_fits_a_phone_screen(browser, live_server, series):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="da-DK")
    page = context.new_page()
    try:
        for url in [series.get_absolute_url(), "/", "/privatliv/"]:
            page.goto(live_server.url + url)
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 360, f"{url} scrolls sideways on a phone ({width}px)"
    finally:
        context.close()


def test_session_page_structured_data_and_pages_raise_no_csp_violation(page, live_server, series):
    page.add_init_script(
        "window.__csp = [];"
        "document.addEventListener('securitypolicyviolation',"
        " e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"
    )
    messages = []
    page.on("console", lambda message: messages.append(message.text))
    session = series.sessions.order_by("starts_at").last()
    for url in [session.get_absolute_url(), series.get_absolute_url(), "/"]:
        response = page.goto(live_server.url + url)
        assert "script-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_load_state("load")
        assert page.evaluate("window.__csp") == [], url
    assert not [m for m in messages if "Content Security Policy" in m], messages
    page.goto(live_server.url + session.get_absolute_url())
    data = json.loads(page.locator('script[type="application/ld+json"]').first.text_content())
    assert data["@type"] == "Event"
    assert data["location"]["url"].endswith(session.get_absolute_url())
    # Control: the listener does catch a real violation (an inline script added by the page).
    page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = '1';"
        " document.body.appendChild(s); }"
    )
    page.wait_for_function("window.__csp.length > 0")
    assert page.evaluate("window.__csp")[0].startswith("script-src")


def test_sdg_labels_get_their_colours_from_the_stylesheet(page, live_server, series):
    def colours(selector):
        return page.eval_on_selector(
            selector, "el => [getComputedStyle(el).backgroundColor, getComputedStyle(el).color]"
        )

    page.goto(live_server.url + series.get_absolute_url())
    assert colours("a.sdg-label.sdg-12") == ["rgb(191, 139, 46)", "rgb(0, 0, 0)"]
    assert colours("a.sdg-label.sdg-17") == ["rgb(25, 72, 106)", "rgb(255, 255, 255)"]
    page.goto(live_server.url + "/verdensmaal/11/")
    assert colours("h1 .sdg-label.sdg-11") == ["rgb(253, 157, 36)", "rgb(0, 0, 0)"]
