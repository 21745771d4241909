"""The organiser's editing screens the walk does not reach, in Chromium: zero axe-core
violations (WCAG 2.2 AA where axe has rules), no sideways scrolling at 390 px, error states
included; and the speaker search answering while typing, used by keyboard alone."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.backoffice.factories import RegistrationFactory
from tests.backoffice.test_accessibility import log_in
from tests.backoffice.test_organiser_walk import check_screen
from tests.factories import AppearanceFactory, PersonFactory, ProgrammeItemFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_editing_screens_and_their_errors_have_no_axe_violations(
    live_server, page, editor, series, session
):
    item = ProgrammeItemFactory(session=session, title="Oplæg")
    appearance = AppearanceFactory(item=item)
    RegistrationFactory(session=session, name="Til Aflysning", email="aflys@kommune.example.dk")
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, live_server, editor)
    screens = {
        "edit the series": reverse("backoffice:series_edit", kwargs={"slug": series.slug}),
        "extra questions": reverse("backoffice:series_questions", kwargs={"slug": series.slug}),
        "copy the series": reverse("backoffice:series_duplicate", kwargs={"slug": series.slug}),
        "unpublish": reverse("backoffice:series_publish", kwargs={"slug": series.slug}),
        "cancel the session": reverse("backoffice:session_cancel", kwargs={"pk": session.pk}),
        "edit an item": reverse("backoffice:item_edit", kwargs={"pk": item.pk}),
        "materials": reverse("backoffice:materials", kwargs={"pk": session.pk}),
        "a person": reverse("backoffice:person_edit", kwargs={"pk": appearance.person_id}),
        "a speaker's part": reverse("backoffice:speaker_edit", kwargs={"pk": appearance.pk}),
    }
    for what, url in screens.items():
        page.goto(live_server.url + url)
        assert page.locator("h1").count() == 1, what
        check_screen(page, what)

    # Error states: the summary at the top, the messages by their fields.
    page.goto(live_server.url + screens["edit the series"])
    page.fill("#id_title", "")
    page.fill("#id_default_capacity", "-5")
    page.get_by_role("button", name="Gem serien").click()
    expect(page.locator(".alert-error")).to_contain_text("Giv serien en titel.")
    check_screen(page, "edit the series with errors")
    page.goto(live_server.url + screens["materials"])
    page.fill("#id_title", "Uden link")
    page.get_by_role("button", name="Tilføj", exact=True).click()
    expect(page.locator(".alert-error")).to_contain_text("Angiv enten et link")
    check_screen(page, "materials with an error")
    page.goto(live_server.url + reverse("backoffice:session_edit", kwargs={"pk": session.pk}))
    page.fill("#id_end", "08:00")
    page.get_by_role("button", name="Gem sessionen").click()
    expect(page.locator(".alert-error")).to_contain_text("Sessionen skal slutte")
    check_screen(page, "edit the session with errors")


def test_speaker_search_answers_while_typing_and_works_by_keyboard(
    live_server, page, editor, session
):
    item = ProgrammeItemFactory(session=session, title="Oplæg")
    known = PersonFactory(name="Maria Maarbjerg", role="Direktør")
    log_in(page, live_server, editor)
    page.goto(live_server.url + reverse("backoffice:speaker_add", kwargs={"pk": item.pk}))
    page.focus("#id_name")
    page.keyboard.type("Maarb")
    choice = page.get_by_role("button", name="Maria Maarbjerg (Direktør, ")
    expect(choice).to_be_visible()
    check_screen(page, "add a speaker with search results")
    choice.focus()
    page.keyboard.press("Enter")
    expect(page.locator(".tinget-person-results")).to_contain_text("Valgt: Maria Maarbjerg")
    assert page.input_value("#id_role") == "Direktør"
    page.get_by_role("button", name="Tilføj oplægsholderen").click()
    expect(page.locator(".tinget-speakers")).to_contain_text("Maria Maarbjerg")
    assert item.appearances.get().person == known
