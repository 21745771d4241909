"""In Chromium: the login, reset and two-factor screens (axe-core, keyboard only, 390 px),
and material uploads (every forbidden kind refused in Danish, a PDF downloads as a file)."""

import pytest
from django.core.cache import cache
from django.test.testcases import _MediaFilesHandler
from django.urls import reverse

from tests.conftest import axe_violations, describe_violations
from tests.factories import PASSWORD, MembershipFactory, SessionFactory, UserFactory

from . import samples
from .totp import current_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture(autouse=True)
def _fresh_counters():
    cache.clear()
    yield
    cache.clear()


def check_page(page, width=None):
    violations = axe_violations(page, TAGS)
    assert violations == [], f"{page.url}\n{describe_violations(violations)}"
    assert page.locator("h1").count() == 1, page.url
    wide = page.evaluate("() => document.documentElement.scrollWidth")
    assert wide <= page.viewport_size["width"], f"{page.url} is {wide} px wide"


def keyboard_login(page, username, password):
    page.locator("#id_login").fill("")
    page.locator("#id_login").focus()
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    page.keyboard.type(password)
    with page.expect_navigation():
        page.keyboard.press("Enter")


@pytest.mark.parametrize("width", [1280, 390])
def test_login_reset_and_two_factor_screens(live_server, page, settings, width):
    settings.TINGET_MFA_REQUIRED_FOR_STAFF = True
    page.set_viewport_size({"width": width, "height": 900})
    UserFactory(username="drift", is_superuser=True, email="drift@tinget.dk")
    base = live_server.url
    for path in [reverse("account_login"), "/en" + reverse("account_login")]:
        page.goto(base + path)
        check_page(page)
    page.goto(base + reverse("account_reset_password"))
    check_page(page)
    page.goto(base + reverse("account_login"))
    keyboard_login(page, "drift", "forkert")
    assert page.get_by_text("Brugernavnet eller adgangskoden er ikke korrekt.").count() == 1
    check_page(page)

    keyboard_login(page, "drift", PASSWORD)
    # A superuser must set up an authenticator app first; allauth asks for the password again.
    page.goto(base + reverse("backoffice:home"))
    assert "reauthenticate" in page.url
    check_page(page)
    page.locator("#id_password").fill(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "totp/activate" in page.url
    check_page(page)
    secret = page.locator("#authenticator_secret").input_value()
    page.locator("#id_code").fill(current_code(secret))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "recovery-codes" in page.url, page.url
    check_page(page)
    page.goto(base + reverse("mfa_index"))
    check_page(page)
    page.goto(base + reverse("backoffice:home"))
    assert page.get_by_text("Logget ind som drift").count() == 1
    check_page(page)

    with page.expect_navigation():
        page.get_by_role("button", name="Log ud").first.click()
    assert "login" in page.url
    keyboard_login(page, "drift", PASSWORD)
    assert "2fa/authenticate" in page.url
    check_page(page)


@pytest.fixture
def media_root(settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path
    # Django's live test server answers MEDIA_URL itself (django.views.static.serve); let
    # those requests through to Tinget's own serve_upload, as in production.
    monkeypatch.setattr(_MediaFilesHandler, "_should_handle", lambda self, path: False)
    return tmp_path


def test_forbidden_uploads_are_refused_in_danish_and_a_pdf_downloads(
    live_server, page, media_root, tmp_path
):
    admin = UserFactory(username="drift", is_superuser=True)
    session = SessionFactory()
    MembershipFactory(user=admin)
    page.goto(live_server.url + reverse("account_login"))
    keyboard_login(page, "drift", PASSWORD)
    url = live_server.url + reverse("admin:programme_session_change", args=[session.pk])
    for index, (name, data) in enumerate(samples.FORBIDDEN):
        path = tmp_path / f"upload{index}" / name
        path.parent.mkdir()
        path.write_bytes(data)
        page.goto(url)
        page.locator("#materials-group .add-row a").click()
        page.select_option("#id_materials-0-kind", "file")
        page.fill("#id_materials-0-title", f"Fil {index}")
        page.set_input_files("#id_materials-0-file", str(path))
        with page.expect_navigation():
            page.locator("input[name=_continue]").click()
        errors = page.locator(".errorlist").all_inner_texts()
        assert any("kan ikke uploades" in e or "makroer" in e for e in errors), (name, errors)
    assert not session.materials.exists()

    pdf = tmp_path / "program.pdf"
    pdf.write_bytes(samples.PDF)
    page.goto(url)
    page.locator("#materials-group .add-row a").click()
    page.select_option("#id_materials-0-kind", "file")
    page.fill("#id_materials-0-title", "Program")
    page.set_input_files("#id_materials-0-file", str(pdf))
    with page.expect_navigation():
        page.locator("input[name=_continue]").click()
    material = session.materials.get()
    link = page.locator(f'#materials-group a[href="{material.file.url}"]')
    with page.expect_download() as caught:
        link.click()
    download = caught.value
    assert download.suggested_filename.endswith(".pdf")
    assert download.path().read_bytes() == samples.PDF
    headers = page.request.get(live_server.url + material.file.url).headers
    assert headers["content-disposition"].startswith("attachment")
    assert headers["content-security-policy"] == "sandbox; default-src 'none'"
    assert headers["x-content-type-options"] == "nosniff"
