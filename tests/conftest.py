"""Shared fixtures: reference data, organisers, a real browser with axe-core."""

import json
import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
WCAG21AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def is_postgres() -> bool:
    from django.db import connection

    return connection.vendor == "postgresql"


@pytest.fixture(autouse=True)
def _danish_by_default():
    """Every test starts in Danish. A request to /en/ leaves English active in the test
    thread (LocaleMiddleware does not reset it), and reverse() in the next test would then
    give /en/ URLs."""
    from django.utils import translation

    translation.activate("da")
    yield
    translation.deactivate()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """At the end, end any connection a test left behind (a live-server thread, a worker
    process) so that PostgreSQL lets pytest-django drop the test database."""
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
    connection.close()


@pytest.fixture(autouse=True)
def _reference_data(request):
    """The 17 SDGs and 98 municipalities come from a data migration. A transactional test
    (browser, race, worker) ends with a flush that empties those tables for the tests that
    follow it in the same process, so every database test makes sure they are there."""
    if "_django_db_helper" not in request.fixturenames:
        yield
        return
    request.getfixturevalue("_django_db_helper")
    from tinget.programme.models import SDG, Municipality
    from tinget.programme.reference_data import load_reference_data

    if SDG.objects.count() != 17 or Municipality.objects.count() != 98:
        load_reference_data(SDG, Municipality)
    yield


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium driven by Playwright; no browser is ever downloaded."""
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"chromium is not installed at {CHROMIUM}: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--disable-sync",
            ],
        )
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="da-DK", timezone_id="Europe/Copenhagen")
    page = context.new_page()
    yield page
    context.close()


def axe_violations(page, tags=WCAG21AA_TAGS) -> list[dict]:
    """Run axe-core (from npm) in the page and return its WCAG 2.1 A/AA violations."""
    # Not add_script_tag: the site's CSP (script-src 'self') blocks inline script tags, and
    # turning CSP off in the browser would hide real violations. Evaluating through the
    # DevTools protocol is not subject to the page's CSP.
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate("(source) => { (0, eval)(source); }", AXE_JS.read_text())
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        tags,
    )
    return result["violations"]


def describe_violations(violations: list[dict]) -> str:
    return json.dumps(
        [
            {"id": v["id"], "help": v["help"], "nodes": [n["html"] for n in v["nodes"][:3]]}
            for v in violations
        ],
        indent=2,
        ensure_ascii=False,
    )


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server (aiosmtpd) on 127.0.0.1 at a free port; MAILERS points at it.

    `smtp_server.messages` holds what arrived (`.message` parses one); `stop()`/`start()`
    take it down and bring it back on the same port; `refuse(address)` answers 550.
    """
    from tests.mailings.smtp import SMTPServer

    server = SMTPServer()
    server.start()
    settings.MAILERS = server.mailer_settings()
    yield server
    server.stop()
