"""The widget on a partner's page: another origin on loopback, third-party cookies blocked,
keyboard only, axe-core inside the partner's page, and a sign-up that arrives in Tinget."""

import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.cache import cache
from django.urls import reverse
from playwright.sync_api import expect

from tests.conftest import AXE_JS, BROWSER_ARGS, CHROMIUM, describe_violations
from tests.factories import (
    PASSWORD,
    MembershipFactory,
    OrganisationFactory,
    SeriesFactory,
    SessionFactory,
    UserFactory,
)
from tinget.api.models import EmbedOrigin
from tinget.mailings.models import OutboundEmail
from tinget.registrations.models import Registration

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG22AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

PARTNER_PAGE = """<!DOCTYPE html>
<html lang="da">
<head>
<meta charset="utf-8">
<title>Partner Forum – webinarer</title>
<style>
  body {{ font-family: Georgia, serif; color: #222; background: #fff; margin: 2rem; }}
  tinget-programme {{ --tinget-accent: #6b2c91; max-width: 40rem; }}
</style>
</head>
<body>
<header><p>Partner Forum</p></header>
<main>
  <h1>Vores webinarer</h1>
  <p>Her er de kommende webinarer i rækken.</p>
  <script src="{tinget}/static/tinget/widget.js" defer></script>
  <tinget-programme series="{slug}">
    <a href="{tinget}/">Se programmet på Tinget</a>
  </tinget-programme>
</main>
</body>
</html>
"""


class PartnerSite:
    """A partner's website on 127.0.0.1 (another site than Tinget's localhost)."""

    def __init__(self, html: str):
        body = html.encode()

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


class CookieProbe:
    """A third party on localhost that sets a SameSite=None cookie and reports whether it
    comes back, so the test shows that the browser the widget ran in blocked third-party
    cookies. (The same probe on the partner's own site gets its cookie back.)"""

    def __init__(self, partner_origin: str):
        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                body = b"sent" if "probe=1" in self.headers.get("Cookie", "") else b"absent"
                self.send_response(200)
                self.send_header("Access-Control-Allow-Origin", partner_origin)
                self.send_header("Access-Control-Allow-Credentials", "true")
                if self.path == "/set":
                    self.send_header("Set-Cookie", "probe=1; SameSite=None; Secure; Path=/")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://localhost:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def third_party_cookie_arrives(page, probe_url: str) -> bool:
    return (
        page.evaluate(
            """async (url) => {
                await fetch(url + "/set", {credentials: "include"});
                const answer = await fetch(url + "/check", {credentials: "include"});
                return await answer.text();
            }""",
            probe_url,
        )
        == "sent"
    )


@pytest.fixture
def strict_browser(playwright_driver):
    """Chromium with third-party cookies blocked, as in browsers that phase them out."""
    browser = playwright_driver.chromium.launch(
        executable_path=CHROMIUM, args=[*BROWSER_ARGS, "--test-third-party-cookie-phaseout"]
    )
    context = browser.new_context(locale="da-DK", timezone_id="Europe/Copenhagen")
    yield context
    context.close()
    browser.close()


def deep_focus(page) -> str:
    """The focused element inside shadow roots: its name, else its text."""
    return page.evaluate(
        """() => {
            let node = document.activeElement;
            while (node && node.shadowRoot && node.shadowRoot.activeElement) {
                node = node.shadowRoot.activeElement;
            }
            return node ? (node.name || node.textContent.trim()) : "";
        }"""
    )


def tab_to(page, wanted: str, limit: int = 40) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if deep_focus(page) == wanted:
            return
    raise AssertionError(f"Tab never reached {wanted!r}; stopped at {deep_focus(page)!r}")


def assert_no_axe_violations(page, what: str) -> None:
    page.evaluate("(source) => { (0, eval)(source); }", AXE_JS.read_text())
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        WCAG22AA_TAGS,
    )
    assert result["violations"] == [], f"{what}: {describe_violations(result['violations'])}"


@pytest.fixture
def series(transactional_db, settings):
    cache.clear()
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    series = SeriesFactory(
        slug="verdensmaal",
        title="Kommunerne og verdensmålene",
        partners=[OrganisationFactory(name="Partner Forum", slug="partner-forum")],
    )
    SessionFactory(series=series, title="Cirkulære indkøb")
    SessionFactory(series=series, title="Grøn transport")
    return series


def test_widget_on_a_partner_page_signs_up_by_keyboard_with_third_party_cookies_blocked(
    strict_browser, live_server, series
):
    html = PARTNER_PAGE.format(tinget=live_server.url, slug=series.slug)
    with PartnerSite(html) as partner:
        EmbedOrigin.objects.create(series=series, origin=partner.url)
        page = strict_browser.new_page()
        page.goto(partner.url + "/")
        with CookieProbe(partner.url) as probe:
            assert not third_party_cookie_arrives(page, probe.url)
            # The control: from the partner's own site (127.0.0.1) the cookie does arrive.
            assert third_party_cookie_arrives(page, probe.url.replace("localhost", "127.0.0.1"))
        widget = page.locator("tinget-programme")
        expect(widget.get_by_role("heading", name="Kommunerne og verdensmålene")).to_be_visible()
        expect(widget.get_by_role("heading", name="Cirkulære indkøb")).to_be_visible()
        assert_no_axe_violations(page, "the partner page with the programme")

        tab_to(page, "Tilmeld")
        page.keyboard.press("Enter")
        assert deep_focus(page) == "name"
        expect(widget.locator("button[aria-expanded='true']")).to_have_count(1)
        page.keyboard.type("Anna Andersen")
        page.keyboard.press("Tab")
        page.keyboard.type("anna@")
        page.keyboard.press("Enter")  # submits the form from the email field

        summary = widget.locator(".tp-summary")
        expect(summary).to_be_focused()
        expect(summary).to_contain_text("Skriv en e-mailadresse som navn@eksempel.dk.")
        expect(widget.locator("input[name='email']")).to_have_attribute("aria-invalid", "true")
        assert_no_axe_violations(page, "the widget's form with errors")
        assert not Registration.objects.exists()

        summary.get_by_role("link", name="Skriv en e-mailadresse som navn@eksempel.dk.").press(
            "Enter"
        )
        assert deep_focus(page) == "email"
        page.keyboard.press("ControlOrMeta+A")
        page.keyboard.type("anna@example.dk")
        page.keyboard.press("Tab")
        page.keyboard.type("Partner Forum")
        page.keyboard.press("Tab")
        assert deep_focus(page) == "organisation_kind"
        page.keyboard.type("Forening")
        tab_to(page, "language", limit=6)  # past municipality and job title; Dansk is checked
        tab_to(page, "Send tilmelding", limit=6)  # past the optional consent and the notice
        page.keyboard.press("Enter")

        sent = widget.get_by_role("status")
        expect(sent).to_contain_text("Tjek din e-mail")
        expect(sent).to_be_focused()
        assert_no_axe_violations(page, "the widget after signing up")

        registration = Registration.objects.get()
        assert registration.email == "anna@example.dk"
        assert registration.organisation_kind == "association"
        assert registration.status == Registration.Status.PENDING
        assert "Partner Forum" in registration.notice_text
        assert OutboundEmail.objects.filter(to="anna@example.dk").exists()
        assert strict_browser.cookies(live_server.url) == []


def test_widget_on_a_site_that_is_not_allowed_keeps_its_fallback(
    strict_browser, live_server, series
):
    html = PARTNER_PAGE.format(tinget=live_server.url, slug=series.slug)
    with PartnerSite(html) as partner:
        page = strict_browser.new_page()
        page.goto(partner.url + "/")
        widget = page.locator("tinget-programme")
        expect(widget.get_by_role("link", name="Se programmet på Tinget")).to_be_visible()
        page.wait_for_function(
            "() => !document.querySelector('tinget-programme').hasAttribute('aria-busy')"
        )
        expect(widget.get_by_role("heading", name="Cirkulære indkøb")).to_have_count(0)


def test_api_screens_have_no_axe_violations_and_work_by_keyboard(page, live_server, series):
    editor = UserFactory(username="skaerm-redaktoer")
    MembershipFactory(user=editor, organisation=series.partnerships.get().organisation)
    page.goto(live_server.url + reverse("account_login"))
    page.fill("#id_login", editor.username)
    page.fill("#id_password", PASSWORD)
    page.click("[type=submit]")

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/arrangoer/api/noegler/")
    assert_no_axe_violations(page, "the token screen")
    page.locator("#id_name").focus()
    page.keyboard.type("Vores CRM")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # the first permission: read registrations
    page.keyboard.press("Enter")
    secret = page.locator("#token-secret")
    expect(secret).to_have_value(re.compile(r"^tinget_"))
    assert_no_axe_violations(page, "the token screen with a new token")
    expect(page.locator("tr[data-token] th")).to_have_text("Vores CRM")

    page.goto(live_server.url + reverse("api_screens:widget", kwargs={"slug": series.slug}))
    assert_no_axe_violations(page, "the widget screen")
    page.locator("#id_origins").fill("https://www.partner.dk/om")
    page.get_by_role("button", name="Gem hjemmesiderne").press("Enter")
    expect(page.locator(".alert-success")).to_contain_text("Hjemmesiderne er gemt.")
    expect(page.locator("#id_origins")).to_have_value("https://www.partner.dk")
    expect(page.locator("#widget-snippet")).to_contain_text("<tinget-programme")
    assert_no_axe_violations(page, "the widget screen after saving")


def test_api_docs_render_from_our_own_files_under_our_csp(page, live_server):
    outside = []
    page.on(
        "request",
        lambda request: (
            outside.append(request.url)
            if not request.url.startswith((live_server.url, "data:"))
            else None
        ),
    )
    page.goto(live_server.url + "/api/v1/docs/")
    expect(page.locator(".opblock-summary-path").first).to_be_visible(timeout=20000)
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert any("/api/v1/sessions" in path for path in paths)
    assert outside == []
