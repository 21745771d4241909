"""The sign-up deadline, manual approval and the team screens in Chromium: zero axe-core
violations (WCAG 2.2 AA where axe has rules), no sideways scrolling at 390 px, error states
included, and used by keyboard alone."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from tests.backoffice.factories import RegistrationFactory
from tests.backoffice.test_accessibility import log_in
from tests.backoffice.test_organiser_walk import check_screen, wait_for_mail
from tinget.registrations.models import Registration

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_deadline_on_the_session_form_by_keyboard_and_the_closed_public_page(
    live_server, page, editor, series, session
):
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, live_server, editor)
    page.goto(live_server.url + reverse("backoffice:session_edit", kwargs={"pk": session.pk}))
    start = timezone.localtime(session.starts_at)
    # A deadline after the start: a field error by the field, and in the summary.
    # (Typing into a date input follows the browser's locale, so the values are filled in;
    # the form is sent with Enter from the field.)
    page.fill("#id_deadline_date", start.strftime("%Y-%m-%d"))
    page.fill("#id_deadline_time", (start + dt.timedelta(hours=1)).strftime("%H:%M"))
    page.focus("#id_deadline_time")
    page.keyboard.press("Enter")
    expect(page.locator("#id_deadline_date_error")).to_contain_text(
        "Tilmeldingsfristen skal ligge før sessionen begynder."
    )
    expect(page.locator(".alert-error")).to_contain_text("Tilmeldingsfristen")
    check_screen(page, "session form with a deadline error")
    # A deadline in the past: saved, and the public page says sign-up has closed.
    yesterday = timezone.localtime() - dt.timedelta(days=1)
    page.fill("#id_deadline_date", yesterday.strftime("%Y-%m-%d"))
    page.fill("#id_deadline_time", "12:00")
    page.get_by_role("button", name="Gem sessionen").click()
    expect(page.locator(".alert-success")).to_contain_text("Sessionen er gemt.")
    page.goto(live_server.url + session.get_absolute_url())
    expect(page.locator(".signup-box")).to_contain_text("Tilmeldingen til dette webinar lukkede")
    check_screen(page, "session page after the deadline")
    page.goto(
        live_server.url + "/en" + reverse("registrations:session_signup", kwargs={"pk": session.pk})
    )
    expect(page.locator(".alert-warning")).to_contain_text("Sign-up for this webinar closed on")
    check_screen(page, "sign-up page after the deadline, English")


def test_approving_and_declining_by_keyboard_in_the_registrant_list(
    live_server, page, editor, session
):
    session.requires_approval = True
    session.save()
    _anna, bo, cai = (
        RegistrationFactory(
            session=session,
            name=name,
            email=f"{name.lower()}@kommune.example.dk",
            status=Registration.Status.AWAITING_APPROVAL,
        )
        for name in ("Anna", "Bo", "Cai")
    )
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, live_server, editor)
    page.goto(live_server.url + reverse("backoffice:registrants", kwargs={"pk": session.pk}))
    expect(page.locator("#approval-heading")).to_have_text("3 personer afventer din godkendelse")
    check_screen(page, "registrant list with people awaiting approval")
    # One by keyboard: the row's own Approve button.
    page.get_by_role("button", name="Godkend Anna").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".alert-success")).to_contain_text("Anna er godkendt og tilmeldt")
    # Several: tick Bo and Cai with the space bar, then "Afvis de valgte".
    for person in (bo, cai):
        page.focus(f"#choose-{person.pk}")
        page.keyboard.press("Space")
    page.get_by_role("button", name="Afvis de valgte").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".alert-success")).to_contain_text("2 personer er afvist")
    check_screen(page, "registrant list after the decisions")
    assert dict(Registration.objects.values_list("name", "status")) == {
        "Anna": "confirmed",
        "Bo": "declined",
        "Cai": "declined",
    }
    page.goto(live_server.url + "/en" + reverse("backoffice:session", kwargs={"pk": session.pk}))
    expect(page.locator('[data-figure="declined"]')).to_have_text("2")
    check_screen(page, "session dashboard with approval figures, English")


def test_team_invite_by_keyboard_and_the_invitee_accepts(
    live_server, page, browser, editor, viewer, partner, smtp_server
):
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, live_server, editor)
    page.goto(live_server.url + reverse("backoffice:team"))
    expect(page.locator("h1")).to_have_text("Team")
    check_screen(page, "team screen")
    email = page.locator(f"#id_invite-{partner.pk}-email")
    email.fill("ikke en adresse")
    email.press("Enter")
    expect(page.locator(".form-error-message")).to_contain_text("Skriv en e-mailadresse")
    check_screen(page, "team screen with an error")
    page.fill(f"#id_invite-{partner.pk}-email", "ny.kollega@kommune.example.dk")
    page.focus(f"#id_invite-{partner.pk}-role_1")
    page.keyboard.press("Space")  # viewer
    page.get_by_role("button", name="Send invitationen").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".alert-success")).to_contain_text("Invitationen er sendt")
    expect(page.locator("[data-invitation]")).to_contain_text("Læser")
    check_screen(page, "team screen with a pending invitation")
    mail = wait_for_mail(smtp_server, "ny.kollega@kommune.example.dk")
    body = mail.get_body(("plain",)).get_content()
    link = re.search(r"https?://[^/\s]+(/\S*invitation/\S+/)", body).group(1)

    invitee = browser.new_context().new_page()
    try:
        invitee.goto(live_server.url + link)
        expect(invitee.locator("h1")).to_contain_text("Partner Forum")
        check_screen(invitee, "accept the invitation")
        invitee.fill("#id_username", "nykollega")
        invitee.fill("#id_password1", "lyseblå cykelhjelm 2031")
        invitee.fill("#id_password2", "noget andet")
        invitee.press("#id_password2", "Enter")
        expect(invitee.locator(".alert-error")).to_contain_text("De to adgangskoder er ikke ens.")
        check_screen(invitee, "accept the invitation with an error")
        invitee.fill("#id_password1", "lyseblå cykelhjelm 2031")
        invitee.fill("#id_password2", "lyseblå cykelhjelm 2031")
        invitee.get_by_role("button", name="Opret min konto og bliv en del af teamet").click()
        expect(invitee.locator(".alert-success")).to_contain_text(
            "Velkommen i teamet hos Partner Forum"
        )
        expect(invitee.locator(".tinget-account-name")).to_contain_text("nykollega")
        invitee.goto(live_server.url + "/en" + reverse("backoffice:team"))
        expect(invitee.locator(".form-hint").last).to_contain_text("You are a viewer")
        check_screen(invitee, "team screen as a viewer, English")
    finally:
        invitee.context.close()
