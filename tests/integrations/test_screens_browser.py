"""The webhook screens in a real browser: zero axe-core violations (WCAG 2.2 AA), usable with
the keyboard alone, and at 390 px wide the delivery log scrolls inside its own box."""

import pytest
from django.urls import reverse

from tests.conftest import axe_violations, describe_violations
from tests.factories import PASSWORD
from tests.registrations.conftest import registrant
from tinget.integrations import webhooks
from tinget.integrations.models import WebhookEndpoint
from tinget.registrations import services as registrations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def log_in(page, live_server, user):
    page.goto(live_server.url + reverse("account_login"))
    page.fill("#id_login", user.username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("[type=submit]")


def assert_accessible(page):
    violations = axe_violations(page, tags=TAGS)
    assert violations == [], describe_violations(violations)


def test_keyboard_only_at_390px_with_no_axe_violations(
    live_server, page, editor, partner, session, receiver, settings
):
    settings.TINGET_WEBHOOK_ALLOW_HTTP = True
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server, editor)

    page.goto(live_server.url + reverse("integrations:index"))
    assert_accessible(page)
    page.get_by_role("link", name="Tilføj en webhook").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/webhooks/ny/**")
    assert_accessible(page)

    # Submitting empty: errors in Danish, still accessible.
    page.get_by_role("button", name="Tilføj webhooken").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_text("Vælg mindst én hændelse.").count() >= 1
    assert_accessible(page)

    page.get_by_label("Adresse (URL)").focus()
    page.keyboard.type(receiver.url)
    page.keyboard.press("Tab")  # description
    page.keyboard.type("Vores CRM")
    page.keyboard.press("Tab")  # the first event
    page.keyboard.press("Space")
    page.get_by_role("button", name="Tilføj webhooken").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/webhooks/*/")
    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.event_types == ["registration.created"]
    assert page.locator("[data-secret]").inner_text() == endpoint.secret
    assert_accessible(page)

    receiver.secret = endpoint.secret
    registrations.register_for_session(session_id=session.pk, registrant=registrant())
    webhooks.deliver_endpoint(endpoint.pk)
    page.reload()
    assert page.locator("[data-code]").first.inner_text() == "204"
    assert_accessible(page)
    # The page itself does not scroll sideways; the log scrolls in its box.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390


def test_teams_connection_form_with_errors_has_no_axe_violations(
    live_server, page, editor, partner
):
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server, editor)
    page.goto(
        live_server.url + reverse("integrations:graph", kwargs={"organisation_pk": partner.pk})
    )
    assert_accessible(page)
    page.get_by_role("button", name="Forbind").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_text("Indtast klienthemmeligheden eller certifikatet.").count() >= 1
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
