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
# What the accessibility statement promises: WCAG 2.2 A and AA. Every axe run includes it.
WCAG22AA_TAGS = [*WCAG21AA_TAGS, "wcag22aa"]


LOCALE_DIR = ROOT / "tinget" / "locale"


def _stale_catalogues() -> list[Path]:
    """The .po files whose compiled .mo is missing or older than the .po."""
    stale = []
    for po in sorted(LOCALE_DIR.glob("*/LC_MESSAGES/django.po")):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            stale.append(po)
    return stale


def _compile_catalogues(stale: list[Path]) -> None:
    """Compile with babel (a dependency already), so no gettext tools are needed; each .mo
    is written to a temporary file and renamed, so parallel runs never read half a file."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po in stale:
        with po.open("rb") as handle:
            catalogue = read_po(handle, locale=po.parent.parent.name)
        temporary = po.with_suffix(f".mo.{os.getpid()}")
        with temporary.open("wb") as handle:
            write_mo(handle, catalogue)
        temporary.replace(po.with_suffix(".mo"))


def _forget_loaded_catalogues() -> None:
    """Django may have loaded (and cached) the catalogues while setting up, before they
    were compiled: drop its caches as its own autoreloader does when a .mo changes."""
    import gettext

    from django.utils.translation import trans_real

    gettext._translations = {}
    trans_real._translations = {}
    trans_real._default = None
    trans_real._active = trans_real.Local()


def pytest_configure(config):
    """Without compiled translations, Danish pages come out in English and a hundred tests
    fail on wording. Compile them (once, in the controlling process) or stop with one line."""
    if hasattr(config, "workerinput"):
        return
    stale = _stale_catalogues()
    if not stale:
        return
    try:
        _compile_catalogues(stale)
    except Exception as error:  # any failure ends the run with one line
        pytest.exit(
            f"The translations are not compiled and compiling them failed ({error}):"
            " run 'make setup' (or 'uv run tinget compilemessages').",
            returncode=4,
        )
    _forget_loaded_catalogues()
    names = ", ".join(str(po.relative_to(ROOT)) for po in stale)
    print(f"Compiled the translations that were missing or out of date: {names}")


def pytest_collection_modifyitems(items):
    """Browser tests are slow by nature: `make test-fast` leaves them out with the rest."""
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.slow)


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


@pytest.fixture(autouse=True)
def _no_cached_pages_from_another_test():
    """The whole-page cache keeps this process's pages in memory; each test starts without
    them (a rolled-back test leaves no version bump behind)."""
    from tinget import pagecache

    pagecache.clear()


@pytest.fixture(autouse=True)
def _no_reference_lists_from_another_test():
    """The sign-up form's reference lists are kept per process; a rolled-back test would
    leave another test's municipalities behind."""
    from tinget.registrations import selectors

    selectors.forget_reference_lists()


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


BROWSER_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def playwright_driver():
    """One Playwright driver per test process: a second sync_playwright() in the same process
    fails ("Sync API inside the asyncio loop"), so every browser comes from this one."""
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"chromium is not installed at {CHROMIUM}: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_driver):
    """Debian's chromium driven by Playwright; no browser is ever downloaded."""
    instance = playwright_driver.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
    yield instance
    instance.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="da-DK", timezone_id="Europe/Copenhagen")
    page = context.new_page()
    yield page
    context.close()


def axe_violations(page, tags=WCAG22AA_TAGS) -> list[dict]:
    """Run axe-core (from npm) in the page and return its WCAG 2.2 A/AA violations (a
    caller's own tags are widened with "wcag22aa", so no call checks less than that)."""
    tags = list(dict.fromkeys([*tags, *WCAG22AA_TAGS]))
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
