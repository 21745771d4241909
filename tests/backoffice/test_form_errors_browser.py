"""Every form answers a mistake as the sign-up form does (WCAG 3.3.1, 4.1.2, 2.4.3): the page
title starts with "Fejl: " ("Error: " in English), the error summary takes focus, each error is
tied to its field (aria-describedby) and a radio group's error names the question and is tied
to the group's fieldset. End to end in Chromium: the public feedback form and organiser forms."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from tests.backoffice.factories import RegistrationFactory
from tests.conftest import axe_violations, describe_violations
from tests.factories import PASSWORD, SessionFactory
from tinget.registrations.models import Feedback

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, user):
    page.goto(live_server.url + reverse("account_login"))
    page.fill("#id_login", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("[type=submit]")
    page.wait_for_url("**/arrangoer/**")


def assert_error_state(page, prefix="Fejl: "):
    assert page.title().startswith(prefix), page.title()
    assert page.title().count(prefix.strip()) == 1, page.title()
    expect(page.locator('[data-module="error-summary"]')).to_be_focused()
    violations = axe_violations(page)
    assert violations == [], describe_violations(violations)


def describedby(page, selector) -> list[str]:
    return (page.locator(selector).get_attribute("aria-describedby") or "").split()


@pytest.fixture
def held(series):
    start = timezone.now() - dt.timedelta(days=1)
    return SessionFactory(series=series, starts_at=start, ends_at=start + dt.timedelta(hours=1))


@pytest.mark.parametrize(
    ("prefix", "title", "message", "language"),
    [
        ("", "Fejl: ", "Vælg en karakter fra 1 til 5.", "da"),
        ("/en", "Error: ", "Choose a score from 1 to 5.", "en"),
    ],
)
def test_feedback_form_error_is_focused_titled_and_tied_to_its_radio_group(
    live_server, page, held, prefix, title, message, language
):
    registration = RegistrationFactory(session=held, attendance="attended")
    url = reverse("feedback:form", kwargs={"token": registration.feedback_token})
    page.goto(live_server.url + prefix + url)
    assert not page.title().startswith(title)
    page.locator("form [type=submit]").press("Enter")
    page.locator(".form-error-message").first.wait_for()
    assert_error_state(page, title)
    assert page.locator("html").get_attribute("lang") == language
    group = page.locator("fieldset").filter(has=page.locator("input[name=score]"))
    error_id = group.get_attribute("aria-describedby")
    assert page.locator(f"#{error_id}").inner_text().endswith(message)
    assert page.locator("input[name=score][aria-invalid=true]").count() == 5
    # The summary's link leads to the first radio button; nothing was stored.
    page.locator('[data-module="error-summary"] a').press("Enter")
    expect(page.locator("#id_score_0")).to_be_focused()
    assert not Feedback.objects.exists()


def test_group_message_errors_name_the_group_and_the_empty_fields(
    live_server, page, editor, session, people
):
    log_in(page, live_server, editor)
    page.goto(live_server.url + reverse("backoffice:message", kwargs={"pk": session.pk}))
    # A group nobody chose (every radio button cleared), an empty subject and body.
    page.evaluate(
        "() => document.querySelectorAll('input[name=group]').forEach(r => r.checked = false)"
    )
    page.get_by_role("button", name="Forhåndsvis").press("Enter")
    page.locator(".form-error-message").first.wait_for()
    assert_error_state(page)
    summary = page.locator('[data-module="error-summary"]')
    expect(summary).to_contain_text("Vælg, hvem der skal have beskeden.")
    expect(summary).not_to_contain_text("Dette felt er påkrævet")
    group = page.locator("fieldset").filter(has=page.locator("input[name=group]"))
    assert group.get_attribute("aria-describedby") == "id_group_error"
    assert "id_subject_error" in describedby(page, "#id_subject")
    assert "id_body_error" in describedby(page, "#id_body")
    assert page.locator("#id_body_error").inner_text().endswith("Skriv beskeden.")


@pytest.mark.parametrize(("prefix", "title"), [("", "Fejl: "), ("/en", "Error: ")])
def test_series_form_error_is_focused_titled_and_tied_to_the_title_field(
    live_server, page, editor, series, prefix, title
):
    log_in(page, live_server, editor)
    page.goto(
        live_server.url + prefix + reverse("backoffice:series_edit", kwargs={"slug": series.slug})
    )
    page.fill("#id_title", "")
    page.locator("form.tinget-editor-form [type=submit]").last.click()
    page.locator("#id_title_error").wait_for()
    assert_error_state(page, title)
    assert describedby(page, "#id_title") == ["id_title_error"]
    series.refresh_from_db()
    assert series.title == "Kommunerne og verdensmålene"


def test_add_registration_form_error_is_focused_and_titled(live_server, page, editor, session):
    log_in(page, live_server, editor)
    page.goto(live_server.url + reverse("backoffice:add_registration", kwargs={"pk": session.pk}))
    page.locator("main form [type=submit]").last.click()
    page.locator(".form-error-message").first.wait_for()
    assert_error_state(page)
    first_error = page.locator(".form-error-message").first.get_attribute("id")
    field_id = first_error.removesuffix("_error")
    assert first_error in describedby(page, f"#{field_id}")


def test_login_with_a_wrong_password_is_titled_and_focuses_the_message(live_server, page, editor):
    page.goto(live_server.url + reverse("account_login"))
    page.fill("#id_login", editor.username)
    page.fill("#id_password", "not-the-password")
    page.locator("#id_password").press("Enter")
    page.locator('[data-module="error-summary"]').wait_for()
    assert_error_state(page)
