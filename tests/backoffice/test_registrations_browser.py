"""End-to-end: an organiser reads the answers to the extra questions in a real browser, with
the keyboard, at 390 px, and axe-core finds nothing (WCAG 2.0-2.2 A/AA)."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.backoffice.factories import RegistrationFactory
from tests.conftest import axe_violations, describe_violations
from tinget.registrations.models import SeriesQuestion

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PHONE = {"width": 390, "height": 844}


def logged_in(page, live_server, user):
    """The browser carries the user's session cookie (the login screen has tests of its own)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    return page


def assert_accessible(page):
    violations = axe_violations(page, TAGS)
    assert violations == [], describe_violations(violations)


def assert_no_sideways_scroll(page):
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page is {width} px wide"


@pytest.fixture
def answered(session):
    diet = SeriesQuestion.objects.create(
        series=session.series, label="Kost", kind="choice", choices="Alt\nVegetar"
    )
    photo = SeriesQuestion.objects.create(
        series=session.series, label="Må vi fotografere dig?", kind="yesno"
    )
    return RegistrationFactory(
        session=session,
        name="Birthe Bæk",
        answers={
            str(diet.pk): {"question": "Kost", "answer": "Vegetar"},
            str(photo.pk): {"question": "Må vi fotografere dig?", "answer": "yes"},
        },
    )


def test_organiser_reads_answers_in_the_list_and_on_the_persons_page(
    live_server, page, editor, session, answered
):
    page.set_viewport_size(PHONE)
    logged_in(page, live_server, editor)
    page.goto(live_server.url + reverse("backoffice:registrants", kwargs={"pk": session.pk}))
    table = page.locator("table.backoffice-registrants")
    assert table.locator("thead th").filter(has_text="Kost").count() == 1
    row = table.locator("tbody tr").filter(has_text="Birthe Bæk")
    assert row.locator("td.backoffice-answer").all_inner_texts() == ["Vegetar", "Ja"]
    assert_no_sideways_scroll(page)
    assert_accessible(page)

    # Keyboard only: Tab to the person's link and press Enter.
    link = page.get_by_role("link", name="Detaljer Birthe Bæk")
    for _ in range(80):
        page.keyboard.press("Tab")
        if link.evaluate("(node) => node === document.activeElement"):
            break
    else:
        pytest.fail("the details link cannot be reached with Tab")
    page.keyboard.press("Enter")
    page.wait_for_url("**/tilmeldinger/*/")
    assert page.locator("h1").inner_text() == "Birthe Bæk"
    answers = page.locator("dl.backoffice-answers")
    assert answers.locator("dt").all_inner_texts() == ["Kost", "Må vi fotografere dig?"]
    assert answers.locator("dd").all_inner_texts() == ["Vegetar", "Ja"]
    assert_no_sideways_scroll(page)
    assert_accessible(page)
