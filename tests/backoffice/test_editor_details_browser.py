"""End-to-end in Chromium, keyboard only: an organiser reorders the speakers of an item and
edits a material; both screens have zero axe-core violations and fit 390 px."""

import pytest
from django.urls import reverse

from tests.backoffice.test_accessibility import log_in
from tests.backoffice.test_organiser_walk import check_screen
from tests.factories import AppearanceFactory, MaterialFactory, PersonFactory, ProgrammeItemFactory
from tinget.programme.models import Material

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def press_by_tab(page, locator, what):
    """Tab until the control has focus, then Enter: no mouse."""
    for _ in range(150):
        page.keyboard.press("Tab")
        if locator.evaluate("(node) => node === document.activeElement"):
            page.keyboard.press("Enter")
            return
    pytest.fail(f"{what} cannot be reached with Tab")


def speaker_names(page):
    return page.locator("li.tinget-programme-item .tinget-speakers > li strong").all_inner_texts()


def test_speakers_reordered_and_material_edited_by_keyboard(live_server, page, editor, session):
    item = ProgrammeItemFactory(session=session, title="Debat")
    for n, name in enumerate(["Anna Først", "Bo Midt", "Cecilie Sidst"], start=1):
        AppearanceFactory(item=item, person=PersonFactory(name=name), order=n)
    material = MaterialFactory(
        session=session, kind="link", title="Programmet", url="https://example.dk/p"
    )
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, live_server, editor)

    page.goto(live_server.url + reverse("backoffice:programme", kwargs={"pk": session.pk}))
    check_screen(page, "the programme with three speakers")
    press_by_tab(page, page.get_by_role("button", name="Flyt ned (Anna Først)"), "Anna's move down")
    page.get_by_text("Anna Først er flyttet ned.").wait_for()
    assert speaker_names(page) == ["Bo Midt", "Anna Først", "Cecilie Sidst"]
    press_by_tab(
        page, page.get_by_role("button", name="Flyt op (Cecilie Sidst)"), "Cecilie's move up"
    )
    page.get_by_text("Cecilie Sidst er flyttet op.").wait_for()
    assert speaker_names(page) == ["Bo Midt", "Cecilie Sidst", "Anna Først"]
    check_screen(page, "the programme after moving speakers")

    page.goto(live_server.url + reverse("backoffice:materials", kwargs={"pk": session.pk}))
    press_by_tab(page, page.get_by_role("link", name="Rediger Programmet"), "the edit link")
    page.get_by_role("heading", name="Rediger materiale").wait_for()
    check_screen(page, "edit a material")
    # A link cleared and no file: a field error, nothing saved.
    page.get_by_label("Link").fill("")
    page.keyboard.press("Enter")
    page.locator(".alert-error").wait_for()
    assert Material.objects.get(pk=material.pk).url == "https://example.dk/p"
    check_screen(page, "edit a material with an error")
    page.get_by_label("Titel").fill("Programmet som PDF")
    page.get_by_label("Link").fill("https://example.dk/programmet.pdf")
    page.keyboard.press("Enter")
    page.get_by_text("“Programmet som PDF” er gemt.").wait_for()
    material = Material.objects.get(pk=material.pk)
    assert (material.title, material.url) == (
        "Programmet som PDF",
        "https://example.dk/programmet.pdf",
    )
