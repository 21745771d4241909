"""End-to-end in Chromium: an organiser uploads a report from another meeting, is asked,
imports it anyway, and marks someone the report does not show, by keyboard only, at 390 px,
with zero axe-core violations (WCAG 2.0-2.2 A/AA)."""

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.backoffice.factories import RegistrationFactory
from tests.conftest import axe_violations, describe_violations
from tests.factories import SessionFactory
from tinget.programme.models import AuditEntry
from tinget.registrations.models import AttendanceImport, Registration

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PHONE = {"width": 390, "height": 844}
REPORT = Path(__file__).parent / "reports" / "da_klimaklar_2026-11-24_utf16le_bom.csv"


def logged_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def check_page(page):
    violations = axe_violations(page, TAGS)
    assert violations == [], describe_violations(violations)
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page is {width} px wide"


def tab_to(page, locator):
    for _ in range(120):
        page.keyboard.press("Tab")
        if locator.evaluate("(node) => node === document.activeElement"):
            return
    pytest.fail("cannot be reached with Tab")


def test_wrong_report_is_confirmed_then_a_person_is_marked_by_hand(
    live_server, page, editor, series
):
    start = dt.datetime(2026, 11, 26, 9, 0, tzinfo=ZoneInfo("Europe/Copenhagen"))
    session = SessionFactory(
        series=series,
        title="Cirkulære indkøb",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
    )
    RegistrationFactory(session=session, name="Birte Bæk", email="birte.baek@horsens.example.dk")
    eva = RegistrationFactory(session=session, name="Eva Telefon", email="eva@example.dk")
    page.set_viewport_size(PHONE)
    logged_in(page, live_server, editor)

    page.goto(live_server.url + reverse("backoffice:attendance", kwargs={"pk": session.pk}))
    page.get_by_label("Fremmøderapport fra Teams").set_input_files(REPORT)
    tab_to(page, page.get_by_role("button", name="Importér fremmøde"))
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Er det den rigtige rapport?").wait_for()
    rows = page.locator("table.backoffice-mismatch tbody tr")
    assert rows.all_inner_texts() == [
        "Mødetitel\tKlimaklar kommune: Ansvarligt forbrug i kantinen\tCirkulære indkøb",
        "Dato\ttirsdag den 24. november 2026\ttorsdag den 26. november 2026",
    ]
    assert not AttendanceImport.objects.exists()
    check_page(page)

    tab_to(page, page.get_by_role("button", name="Importér alligevel"))
    page.keyboard.press("Enter")
    page.get_by_text("Fremmødet er importeret: 1 deltog, 1 deltog ikke").wait_for()
    assert AttendanceImport.objects.filter(session=session).count() == 1
    check_page(page)

    page.goto(live_server.url + reverse("backoffice:registrants", kwargs={"pk": session.pk}))
    check_page(page)
    tab_to(page, page.get_by_role("button", name="Markér som deltaget Eva Telefon"))
    page.keyboard.press("Enter")
    page.get_by_text("Eva Telefon er markeret: Deltog.").wait_for()
    eva.refresh_from_db()
    assert (eva.attendance, eva.attendance_by_hand) == ("attended", True)
    assert AuditEntry.objects.filter(action="attendance.mark", object_id=str(eva.pk)).exists()
    check_page(page)
    assert Registration.objects.get(pk=eva.pk).minutes_present is None
