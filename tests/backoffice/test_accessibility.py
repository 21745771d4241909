"""The organiser screens and the public feedback form in a real browser: zero axe-core
violations (WCAG 2.1 A/AA), the chart readable as an image with a table alternative."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.backoffice.factories import RegistrationFactory
from tests.conftest import axe_violations, describe_violations
from tests.factories import PASSWORD, SessionFactory
from tinget.registrations.services import import_report

# The SDGs and municipalities come back after each flush (tests/conftest.py).
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


REPORT = (
    "1. Oversigt\nMødetitel\tX\n\n2. Deltagere\n"
    "Navn\tFørste deltagelse\tSidste afrejse\tVarighed i møde\tMail\tRolle\n"
    "Ukendt Ulla\t10-03-2027 09.00.00\t10-03-2027 10.00.00\t1 t\tulla@x.example\tDeltager\n"
).encode("utf-16")


def log_in(page, live_server, user):
    page.goto(live_server.url + reverse("account_login"))
    page.fill("#id_login", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("[type=submit]")


def assert_accessible(page):
    violations = axe_violations(page)
    assert violations == [], describe_violations(violations)


def test_organiser_screens_have_no_axe_violations(
    live_server, page, editor, series, session, people
):
    start = timezone.now() - dt.timedelta(days=1)
    held = SessionFactory(series=series, starts_at=start, ends_at=start + dt.timedelta(hours=1))
    RegistrationFactory(session=held, name="Mødt Mette", attendance="attended")
    import_report(session=held, data=REPORT, filename="rapport.csv")
    log_in(page, live_server, editor)
    urls = [
        reverse("backoffice:home"),
        reverse("backoffice:series", kwargs={"slug": series.slug}),
        reverse("backoffice:session", kwargs={"pk": session.pk}),
        reverse("backoffice:registrants", kwargs={"pk": session.pk}),
        reverse("backoffice:add_registration", kwargs={"pk": session.pk}),
        reverse("backoffice:message", kwargs={"pk": session.pk}),
        reverse("backoffice:attendance", kwargs={"pk": held.pk}),
        reverse("backoffice:followup", kwargs={"pk": held.pk}),
    ]
    for url in urls:
        page.goto(live_server.url + url)
        assert page.locator("h1").count() == 1, url
        assert_accessible(page)


def test_chart_is_an_image_with_a_table_alternative(live_server, page, editor, series, people):
    log_in(page, live_server, editor)
    page.goto(live_server.url + reverse("backoffice:series", kwargs={"slug": series.slug}))
    chart = page.get_by_role("img", name="Tilmeldinger pr. dag")
    assert chart.count() == 1
    page.get_by_text("Vis tallene som tabel").click()
    table = page.locator("table.backoffice-chart-table")
    assert table.is_visible()
    assert table.locator("tbody td").first.inner_text() == "2"


def test_message_preview_and_form_errors_have_no_axe_violations(
    live_server, page, editor, session, people
):
    log_in(page, live_server, editor)
    page.goto(live_server.url + reverse("backoffice:message", kwargs={"pk": session.pk}))
    page.get_by_role("button", name="Forhåndsvis").click()
    assert page.get_by_text("Skriv et emne.").count() >= 1
    assert_accessible(page)
    page.fill("#id_subject", "Husk mødet")
    page.fill("#id_body", "Vi ses på torsdag.")
    page.get_by_role("button", name="Forhåndsvis").click()
    assert page.get_by_role("button", name="Send til 1 person").count() == 1
    assert_accessible(page)


def test_feedback_form_works_by_keyboard_without_axe_violations(live_server, page, series):
    start = timezone.now() - dt.timedelta(days=1)
    held = SessionFactory(series=series, starts_at=start, ends_at=start + dt.timedelta(hours=1))
    registration = RegistrationFactory(session=held, attendance="attended")
    page.goto(
        live_server.url + reverse("feedback:form", kwargs={"token": registration.feedback_token})
    )
    assert_accessible(page)
    page.get_by_role("button", name="Send").click()
    assert page.get_by_text("Vælg en karakter fra 1 til 5.").count() >= 1
    assert_accessible(page)
    page.get_by_label("5 – meget brugbar").check()
    page.get_by_label("Kommentar (valgfri)").fill("Meget lærerigt")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Tak for din evaluering").wait_for()
    registration.refresh_from_db()
    assert registration.feedback.score == 5
