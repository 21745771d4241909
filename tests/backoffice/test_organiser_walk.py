"""The organiser's whole job in Chromium, as a new organiser does it: log in, create a series
with two sessions and a programme with a new speaker and a photo, preview the draft, publish,
see it public, duplicate a session, reschedule it with a notice, and see the changed invite
arrive at a real SMTP server on loopback. Every new screen: zero axe-core violations
(WCAG 2.2 AA where axe has rules) and no sideways scrolling at 390 px.

With TINGET_SCREENSHOTS=<dir> the walk saves the start page and the programme editor there
(the README's pictures)."""

import datetime as dt
import os
import re
import time
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from tests.backoffice.factories import RegistrationFactory
from tests.conftest import WCAG21AA_TAGS, axe_violations, describe_violations
from tests.factories import PASSWORD, MembershipFactory, OrganisationFactory
from tests.mailings.helpers import calendar_of
from tests.security.samples import PNG
from tinget.programme.models import Membership, Series, Session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TAGS = [*WCAG21AA_TAGS, "wcag22aa"]
# For the failure message: what sticks out at 390 px (outside a table's own scroll box).
WIDE_ELEMENTS = """() => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > 392)
  .filter(e => !e.closest('.table--responsive-scroll'))
  .slice(0, 5).map(e => e.tagName + '.' + e.className)"""


def check_screen(page, what: str) -> None:
    """Zero axe violations, and at 390 px the page itself does not scroll sideways."""
    violations = axe_violations(page, tags=TAGS)
    assert violations == [], f"{what}: {describe_violations(violations)}"
    size = page.viewport_size
    page.set_viewport_size({"width": 390, "height": 844})
    overflow = page.evaluate("() => document.documentElement.scrollWidth")
    wide = page.evaluate(WIDE_ELEMENTS)
    page.set_viewport_size(size)
    assert overflow <= 390, f"{what} is {overflow} px wide at 390 px: {wide}"


def screenshot(page, name: str) -> None:
    target = os.environ.get("TINGET_SCREENSHOTS")
    if target:
        Path(target).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(target) / name), full_page=True)


def wait_for_mail(smtp_server, address: str, timeout: float = 15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if received := smtp_server.to(address):
            return received[-1].message
        time.sleep(0.1)
    raise AssertionError(f"no email reached the SMTP server for {address}")


def add_session(page, day: dt.date, title: str) -> None:
    page.get_by_role("link", name="Tilføj en session").click()
    check_screen(page, "add a session")
    page.fill("#id_title", title)
    page.fill("#id_date", day.isoformat())
    page.fill("#id_start", "09:00")
    page.fill("#id_end", "10:30")
    page.fill("#id_join_url", "https://teams.example.com/l/meetup-join/walk")
    page.get_by_role("button", name="Tilføj sessionen").click()
    expect(page.locator("h1")).to_have_text("Program")


def test_a_new_organiser_runs_a_series_from_start_to_changed_invite(page, live_server, smtp_server):
    partner = OrganisationFactory(name="Klimaforum")
    organiser = MembershipFactory(organisation=partner, role=Membership.Role.EDITOR).user
    page.set_viewport_size({"width": 1280, "height": 900})

    # Log in and land on the start page.
    page.goto(live_server.url + reverse("backoffice:home"))
    page.fill("#id_login", organiser.username)
    page.fill("#id_password", PASSWORD)
    page.click("[type=submit]")
    expect(page.locator("h1")).to_have_text("Dine serier")
    check_screen(page, "the start page (empty)")

    # Create the series.
    page.get_by_role("link", name="Opret en serie").click()
    check_screen(page, "create a series")
    page.fill("#id_title", "Klima i kommunen")
    page.fill("#id_description", "Webinarer om **klimaplaner** i kommunerne.")
    page.get_by_role("button", name="Forhåndsvis beskrivelsen").click()
    expect(page.locator(".tinget-preview strong")).to_have_text("klimaplaner")
    check_screen(page, "create a series with the preview")
    page.fill("#id_partners-0-organisation", "Klimaforum")
    page.fill("#id_partners-0-part", "fagligt udviklet af")
    page.fill("#id_partners-1-organisation", "Gentofte kommune")
    page.fill("#id_partners-1-part", "i samarbejde med")
    page.fill("#id_moderator_name", "Mette Moderator")
    page.fill("#id_contact_email", "klima@example.dk")
    page.fill("#id_platform", "Microsoft Teams")
    page.check("label:has-text('13. Klimaindsats')")
    page.get_by_role("button", name="Opret serien som kladde").click()
    expect(page.locator("h1")).to_have_text("Klima i kommunen")
    check_screen(page, "the series page")
    series = Series.objects.get(title="Klima i kommunen")
    assert series.status == Series.Status.DRAFT

    # Two sessions, the first with a programme and a new speaker with a photo.
    first_day = timezone.localdate() + dt.timedelta(days=30)
    add_session(page, first_day, "Klimaplaner der virker")
    check_screen(page, "the programme editor (empty)")
    page.fill("#id_time", "09:00")
    page.fill("#id_title", "Velkomst")
    page.get_by_role("button", name="Tilføj programpunktet").click()
    page.fill("#id_time", "09:10")
    page.fill("#id_title", "Sådan laver vi klimaplanen")
    page.fill("#id_description", "Et oplæg med *erfaringer*.")
    page.get_by_role("button", name="Tilføj programpunktet").click()
    expect(page.locator(".tinget-programme-item")).to_have_count(2)
    page.get_by_role("link", name="Tilføj en oplægsholder (Sådan laver vi klimaplanen)").click()
    check_screen(page, "add a speaker")
    page.fill("#id_name", "Nina Ny")
    page.fill("#id_role", "Klimachef")
    page.fill("#id_organisation", "Gentofte kommune")
    page.fill("#id_bio", "Nina leder kommunens klimaarbejde.")
    page.set_input_files(
        "#id_photo", files=[{"name": "nina.png", "mimeType": "image/png", "buffer": PNG}]
    )
    page.fill("#id_photo_alt", "Nina Ny foran rådhuset")
    page.get_by_role("button", name="Tilføj oplægsholderen").click()
    expect(page.locator(".tinget-speakers")).to_contain_text("Nina Ny")
    # Reorder with the keyboard: focus "Flyt op" on the second item and press Enter.
    page.get_by_role("button", name="Flyt op (Sådan laver vi klimaplanen)").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".tinget-programme-item h2").first).to_contain_text("Sådan laver vi")
    check_screen(page, "the programme editor")
    screenshot(page, "programme-editor.png")

    page.get_by_role("link", name="Klima i kommunen").first.click()
    add_session(page, first_day + dt.timedelta(days=14), "Klimatilpasning")

    # Preview the draft as a visitor would see it.
    page.get_by_role("link", name="Klima i kommunen").first.click()
    page.get_by_role("link", name="Se den som en besøgende").click()
    expect(page.locator(".tinget-draft-banner")).to_contain_text("Kladde")
    expect(page.locator("body")).to_contain_text("Nina Ny")
    check_screen(page, "the draft preview")

    # Publish, with the confirmation.
    page.get_by_role("link", name="Tilbage til arrangørsiden").click()
    page.get_by_role("link", name="Udgiv", exact=True).click()
    expect(page.locator("h1")).to_have_text("Udgiv serien?")
    check_screen(page, "publish the series")
    page.get_by_role("button", name="Ja, udgiv den").click()
    expect(page.locator(".alert-success")).to_contain_text("udgivet")
    page.goto(live_server.url + reverse("backoffice:home"))
    check_screen(page, "the start page")
    screenshot(page, "start-page.png")

    # The public page, seen by someone who is not logged in.
    visitor = page.context.browser.new_context(locale="da-DK")
    public = visitor.new_page()
    public.goto(live_server.url + series.get_absolute_url())
    expect(public.locator("h1")).to_have_text("Klima i kommunen")
    expect(public.locator("body")).to_contain_text("Nina Ny")
    expect(public.locator(".tinget-draft-banner")).to_have_count(0)
    visitor.close()

    # Duplicate the first session a week later.
    first = series.sessions.get(title="Klimaplaner der virker")
    page.goto(live_server.url + reverse("backoffice:session_edit", kwargs={"pk": first.pk}))
    check_screen(page, "edit the session")
    page.get_by_role("link", name="Dupliker sessionen").click()
    check_screen(page, "duplicate the session")
    page.get_by_role("button", name="Lav kopien").click()
    expect(page.locator("h1")).to_have_text("Rediger sessionen")
    copy = Session.objects.exclude(pk=first.pk).get(title="Klimaplaner der virker")
    assert copy.items.count() == 2
    RegistrationFactory(session=copy, name="Rasmus Registreret", email="rasmus@kommune.example.dk")

    # Reschedule it and tell the registrant.
    page.reload()
    page.fill("#id_start", "13:00")
    page.fill("#id_end", "14:30")
    page.get_by_role("button", name="Gem sessionen").click()
    expect(page.locator("h1")).to_have_text("Skal de tilmeldte have besked om ændringen?")
    expect(page.locator(".tinget-recipients")).to_contain_text("rasmus@kommune.example.dk")
    expect(page.locator(".tinget-email-text")).to_contain_text("Før")
    check_screen(page, "tell the registrants")
    page.check("#id_notify_0")
    page.get_by_role("button", name="Gem ændringen").click()
    expect(page.locator(".alert-success")).to_contain_text("får en e-mail")

    mail = wait_for_mail(smtp_server, "rasmus@kommune.example.dk")
    body = mail.get_body(preferencelist=("plain",)).get_content()
    assert "Nyt tidspunkt" in body and "Før" in body
    assert re.search(r"kl\. 13\.00-14\.30", body), body
    assert re.search(r"Før: .*kl\. 09\.00-10\.30", body), body
    invite = calendar_of(mail).walk("VEVENT")[0]
    assert invite["SEQUENCE"] == 1
    assert timezone.localtime(invite.decoded("DTSTART")).strftime("%H:%M") == "13:00"
