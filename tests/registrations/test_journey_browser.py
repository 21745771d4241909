"""The whole visitor's journey in a real browser on a phone-sized screen, with the keyboard:
the session's own "Tilmeld" button, the form within one screen, confirming from the email
(real SMTP on loopback), the registrant's own invite with the personal join link, which leads
to the meeting near the start and not after cancelling. And axe-core (WCAG 2.2 AA tags) on
every public page at 390 and 1280 px, in Danish and English."""

import datetime as dt
import re
import time

import icalendar
import pytest
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import expect

from tests.conftest import axe_violations, describe_violations
from tests.factories import JOIN_URL, build_seed_series
from tinget.programme.models import Session
from tinget.registrations.models import Registration

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def series(transactional_db):
    cache.clear()
    return build_seed_series()


def focused(page, expression: str):
    return page.evaluate(f"() => document.activeElement && document.activeElement.{expression}")


def tab_until(page, predicate, limit: int = 120) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if predicate():
            return
    raise AssertionError("Tab never reached the element")


def wait_for_mail(smtp_server, address: str, timeout: float = 15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if received := smtp_server.to(address):
            return received[-1].message
        time.sleep(0.1)
    raise AssertionError(f"no email reached the SMTP server for {address}")


def test_sign_up_from_the_sessions_button_on_a_phone_and_join_near_the_start(
    page, live_server, series, smtp_server
):
    first = series.sessions.get(title__startswith="Mine oplevelser")
    signup_path = f"/tilmelding/session/{first.pk}/"
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + series.get_absolute_url())

    # The session's own button, reached with Tab and pressed with Enter.
    tab_until(page, lambda: (focused(page, "getAttribute('href')") or "") == signup_path)
    assert "Tilmeld" in focused(page, "textContent")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Tilmeld dig")
    # The form starts within the first screen of the phone.
    box = page.locator("#id_name").bounding_box()
    assert box["y"] + box["height"] <= PHONE["height"], box

    tab_until(page, lambda: focused(page, "name") == "name")
    page.keyboard.type("Anna Andersen")
    for name, value in (
        ("email", "anna@example.dk"),
        ("organisation", "Gentofte Kommune"),
        ("organisation_kind", "Kommune"),
        ("municipality", "Gentofte"),
        ("job_title", "Udviklingskonsulent"),
    ):
        page.keyboard.press("Tab")
        assert focused(page, "name") == name
        page.keyboard.type(value)
    # The optional consent stays unticked; on to the button.
    tab_until(page, lambda: focused(page, "type") == "submit", limit=6)
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Tjek din e-mail")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]

    mail = wait_for_mail(smtp_server, "anna@example.dk")
    body = mail.get_body(preferencelist=("plain",)).get_content()
    confirm = re.search(r"https?://[^/\s]+(/\S*tilmelding/bekraeft/\S+/)", body).group(1)
    page.goto(live_server.url + confirm)
    tab_until(page, lambda: focused(page, "type") == "submit", limit=40)
    page.keyboard.press("Enter")
    expect(page.locator(".registration-status")).to_have_text("Du er tilmeldt.")

    registration = Registration.objects.get(email="anna@example.dk")
    join_path = f"/deltag/{registration.join_token}/"
    with page.expect_download() as download:
        page.get_by_role("link", name="Kalenderfil (.ics)").click()
    with open(download.value.path(), "rb") as handle:
        invite = handle.read()
    event = icalendar.Calendar.from_ical(invite).walk("VEVENT")[0]
    assert join_path in str(event["DESCRIPTION"]) and join_path in str(event["URL"])
    assert JOIN_URL.encode() not in invite

    # Ten days ahead the link says when it opens; ten minutes ahead it leads to the meeting.
    page.goto(live_server.url + join_path)
    expect(page.locator("h1")).to_have_text("Webinaret er ikke begyndt endnu")
    starts = timezone.now() + dt.timedelta(minutes=10)
    Session.objects.filter(pk=first.pk).update(
        starts_at=starts, ends_at=starts + dt.timedelta(hours=1)
    )
    response = page.request.get(live_server.url + join_path, max_redirects=0)
    assert response.status == 302
    assert response.headers["location"] == JOIN_URL

    page.goto(live_server.url + f"/min-tilmelding/{registration.token}/")
    page.get_by_role("button", name="Afmeld mig").press("Enter")
    expect(page.locator(".registration-status")).to_contain_text("afmeldt")
    response = page.request.get(live_server.url + join_path, max_redirects=0)
    assert response.status == 200
    assert "annulleret" in response.text()
    registration.refresh_from_db()
    assert registration.join_opened_count == 1 and registration.attendance == ""


def public_paths(series) -> list[str]:
    first = series.sessions.get(title__startswith="Mine oplevelser")
    past = series.sessions.get(status=Session.Status.HELD)
    return [
        "/",
        series.get_absolute_url(),
        first.get_absolute_url(),
        past.get_absolute_url(),
        f"/tilmelding/session/{first.pk}/",
        f"/tilmelding/serie/{series.slug}/",
        "/personer/steen-hildebrandt/",
        "/organisationer/nyborg-kommune/",
        "/verdensmaal/11/",
        "/privatliv/",
        "/tilgaengelighed/",
    ]


def test_every_public_page_has_no_axe_violations_on_phone_and_desktop_in_both_languages(
    page, live_server, series
):
    failures = []
    for size in (PHONE, DESKTOP):
        page.set_viewport_size(size)
        for prefix in ("", "/en"):
            for path in public_paths(series):
                response = page.goto(live_server.url + prefix + path)
                assert response.status == 200, prefix + path
                violations = axe_violations(page, tags=TAGS)
                where = f"{size['width']} {prefix}{path}"
                if violations:
                    failures.append(f"{where}: {describe_violations(violations)}")
                wide = page.evaluate("() => document.documentElement.scrollWidth")
                if wide > size["width"]:
                    failures.append(f"{where}: scrolls sideways ({wide}px)")
    assert failures == [], "\n".join(failures)
