"""The series' email screens in Chromium: the email texts (edit, a refused placeholder, a
preview and a test to a real SMTP server, by keyboard alone) and the outbox (sending a
failed email again), in Danish and English, with zero axe-core violations (WCAG 2.2 AA where
axe has rules), and at 390 px the table scrolls inside its own box, not the page."""

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from tests.backoffice.factories import RegistrationFactory
from tests.backoffice.test_accessibility import log_in
from tests.backoffice.test_organiser_walk import check_screen, screenshot, wait_for_mail
from tinget.mailings.models import OutboundEmail
from tinget.registrations.models import EmailText

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_outbox_by_keyboard_without_axe_violations_in_both_languages(
    live_server, page, editor, series, session, smtp_server
):
    person = RegistrationFactory(session=session, name="Anna", email="anna@aarhus.example.dk")
    OutboundEmail.objects.create(
        to=person.email,
        subject="Du er tilmeldt: " + session.display_title + " – med et meget langt emne " * 3,
        body_text="Hej Anna",
        template="registered_to_registrant",
        status=OutboundEmail.Status.SENT,
        sent_at=timezone.now(),
        registration=person,
    )
    failed = OutboundEmail.objects.create(
        to=person.email,
        subject="Bekræft din tilmelding",
        body_text="Hej Anna",
        template="confirm_email_to_registrant",
        status=OutboundEmail.Status.FAILED,
        last_error="recipient refused: anna@aarhus.example.dk: 550 5.1.1 No such user here",
        registration=person,
    )
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, live_server, editor)
    page.goto(live_server.url + reverse("backoffice:series", kwargs={"slug": series.slug}))
    page.get_by_role("link", name="Udbakke").click()
    expect(page.locator("h1")).to_have_text("Udbakke")
    expect(page.locator(".backoffice-outbox")).to_contain_text("Modtagerens mailserver afviste")
    check_screen(page, "the outbox")
    screenshot(page, "outbox.png")

    # Keyboard only: Tab to the button, Enter sends it again.
    button = page.get_by_role("button", name="Send igen til anna@aarhus.example.dk")
    for _ in range(60):
        page.keyboard.press("Tab")
        if button.evaluate("b => b === document.activeElement"):
            break
    page.keyboard.press("Enter")
    expect(page.locator(".alert-success")).to_contain_text("sat i kø igen")
    failed.refresh_from_db()
    assert failed.status in (OutboundEmail.Status.QUEUED, OutboundEmail.Status.SENT)
    check_screen(page, "the outbox after sending again")

    page.goto(live_server.url + "/en" + reverse("backoffice:outbox", kwargs={"slug": series.slug}))
    expect(page.locator("h1")).to_have_text("Outbox")
    check_screen(page, "the outbox in English")


def _tab_to(page, locator, presses: int = 80) -> None:
    for _ in range(presses):
        page.keyboard.press("Tab")
        if locator.evaluate("e => e === document.activeElement"):
            return
    raise AssertionError(f"Tab never reached {locator}")


def test_email_texts_by_keyboard_without_axe_violations_in_both_languages(
    live_server, page, editor, series, session, smtp_server
):
    editor.email = "arrangoer@partner.example.dk"
    editor.save()
    RegistrationFactory(session=session, name="Anna Andersen", email="anna@aarhus.example.dk")
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, live_server, editor)
    page.goto(live_server.url + reverse("backoffice:series", kwargs={"slug": series.slug}))
    page.get_by_role("link", name="E-mailtekster").click()
    expect(page.locator("h1")).to_have_text("E-mailtekster")
    check_screen(page, "the email texts")

    page.get_by_role("link", name="Rediger “Du er tilmeldt” på dansk").click()
    expect(page.locator("h1")).to_contain_text("Du er tilmeldt")
    check_screen(page, "the email text editor")

    # A placeholder the email does not know: refused by its field, in Danish.
    page.fill("#id_subject", "Velkommen {{ fornavn }}")
    page.focus("#id_subject")
    page.keyboard.press("Enter")
    expect(page.locator(".alert-error")).to_contain_text("er ikke en pladsholder")
    check_screen(page, "the email text editor with an error")

    page.fill("#id_subject", "Velkommen, {{ navn }}")
    page.fill("#id_body", "Vi ses til {{ session }}.\n\nHusk kaffen.")
    _tab_to(page, page.get_by_role("button", name="Vis eksemplet"))
    page.keyboard.press("Enter")
    expect(page.locator(".backoffice-preview-subject")).to_have_text("Velkommen, Anna Andersen")
    check_screen(page, "the email text editor with a preview")
    screenshot(page, "email-text-editor.png")

    _tab_to(page, page.get_by_role("button", name="Send en test til mig"))
    page.keyboard.press("Enter")
    expect(page.locator(".alert-success")).to_contain_text("En test er på vej")
    message = wait_for_mail(smtp_server, "arrangoer@partner.example.dk")
    assert message["Subject"] == "[Test] Velkommen, Anna Andersen"

    _tab_to(page, page.get_by_role("button", name="Gem teksten"))
    page.keyboard.press("Enter")
    expect(page.locator(".alert-success")).to_contain_text("Teksten er gemt")
    assert EmailText.objects.get(series=series).subject == "Velkommen, {{ navn }}"
    check_screen(page, "the email text editor after saving")

    page.goto(
        live_server.url
        + "/en"
        + reverse(
            "backoffice:email_text",
            kwargs={"slug": series.slug, "event": "reminder_1h", "language": "en"},
        )
    )
    expect(page.locator("h1")).to_contain_text("Reminder an hour before")
    check_screen(page, "the email text editor in English")
