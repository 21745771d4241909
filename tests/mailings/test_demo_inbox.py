"""The demo's inbox page: what the real mail catcher received, shown as the recipient sees
it, with links that work; 404 when the demo has not turned it on, and never in production."""

import os
import re
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings as django_settings

from tests.conftest import axe_violations, describe_violations
from tests.factories import SessionFactory
from tests.mailings.smtp import free_port
from tinget.mailings.management.commands.mailcatcher import SaveToDirectory
from tinget.registrations.models import Registration
from tinget.registrations.services import Registrant, confirm_registration, register_for_session

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def catcher(settings, tmp_path):
    """The demo's own mail catcher (tinget mailcatcher's handler) on a free port, saving to
    a data directory of the test's; the site's mail goes to it and the inbox reads it."""
    settings.DATA_DIR = tmp_path
    settings.TINGET_DEMO_INBOX = True
    directory = tmp_path / "mail"
    directory.mkdir()
    port = free_port()
    controller = Controller(
        SaveToDirectory(directory, announce=lambda line: None),
        hostname="127.0.0.1",
        port=port,
        decode_data=False,
        enable_SMTPUTF8=True,
    )
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5},
        }
    }
    yield directory
    controller.stop()


def wait_for_files(directory: Path, count: int, timeout: float = 15.0) -> list[Path]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        files = sorted(directory.glob("*.eml"))
        if len(files) >= count:
            return files
        time.sleep(0.05)
    raise AssertionError(f"the mail catcher received {len(list(directory.glob('*.eml')))}")


@pytest.fixture
def signed_up(catcher, django_capture_on_commit_callbacks):
    session = SessionFactory(title="Verdensmål i praksis")
    with django_capture_on_commit_callbacks(execute=True):
        registration = register_for_session(
            session_id=session.pk,
            registrant=Registrant(name="Anna Andersen", email="anna@gentofte.example"),
        )
    wait_for_files(catcher, 1)
    return registration


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_inbox_lists_what_the_catcher_received(client, signed_up):
    page = client.get("/demo/indbakke/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Demoens indbakke" in html
    assert "Bekræft din tilmelding til Verdensmål i praksis" in html
    assert "anna@gentofte.example" in html
    # The recipient filter shows only their emails.
    other = client.get("/demo/indbakke/?til=someone@else.example").content.decode()
    assert "Bekræft din tilmelding" not in other

    english = client.get("/en/demo/indbakke/").content.decode()
    assert "Demo inbox" in english and "anna@gentofte.example" in english


def test_a_message_is_shown_as_the_recipient_sees_it_and_its_link_works(client, signed_up):
    listing = client.get("/demo/indbakke/").content.decode()
    link = re.search(r'href="(/demo/indbakke/[0-9T.Z]+/)"', listing)[1]
    page = client.get(link).content.decode()
    assert "Bekræft din tilmelding til Verdensmål i praksis" in page
    frame = re.search(r"<iframe[^>]+>", page)[0]
    assert 'sandbox="allow-popups allow-popups-to-escape-sandbox ' in frame
    assert "allow-scripts" not in frame and "allow-same-origin" not in frame
    assert 'title="' in frame
    src = re.search(r'src="([^"]+)"', frame)[1]

    body = client.get(src)
    assert "sandbox allow-popups" in body["Content-Security-Policy"]
    assert "script-src" not in body["Content-Security-Policy"]
    assert body["X-Frame-Options"] == "SAMEORIGIN"
    html = body.content.decode()
    assert '<base target="_top">' in html
    # The confirmation link leads to this site, and it confirms.
    confirm = re.search(r'href="([^"]*/tilmelding/bekraeft/[^"]+)"', html)[1]
    assert confirm.startswith(django_settings.TINGET_BASE_URL)
    answer = client.get(urlsplit(confirm).path)
    assert answer.status_code == 200
    if b"<form" in answer.content:  # a confirmation page with a button
        form = re.search(rb'<form[^>]*method="post"[^>]*action="([^"]*)"', answer.content)
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', answer.content)
        client.post(
            (form[1].decode() if form and form[1] else urlsplit(confirm).path),
            {"csrfmiddlewaretoken": token[1].decode()} if token else {},
        )
    signed_up.refresh_from_db()
    assert signed_up.status == Registration.Status.CONFIRMED

    # The text version is there too.
    assert "tinget-email-text" in page


def test_the_invite_of_a_registered_email_downloads(
    client, signed_up, catcher, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        confirm_registration(registration_id=signed_up.pk)
    newest = wait_for_files(catcher, 2)[-1].stem
    page = client.get(f"/demo/indbakke/{newest}/").content.decode()
    part = re.search(r'href="(/demo/indbakke/[^"]+/del/\d+/)"', page)
    assert part, text(page)
    answer = client.get(part[1])
    assert answer["Content-Type"].startswith("text/calendar")
    assert b"BEGIN:VCALENDAR" in answer.content
    assert answer["Content-Disposition"].startswith("attachment;")


@pytest.mark.parametrize(
    "path", ["/demo/indbakke/", "/en/demo/indbakke/", "/demo/indbakke/20261204T185434.168927Z/"]
)
def test_off_unless_the_demo_turns_it_on(client, settings, signed_up, path):
    settings.TINGET_DEMO_INBOX = False
    page = client.get(path)
    assert page.status_code == 404
    assert "Bekræft din tilmelding" not in page.content.decode()
    assert "anna@gentofte.example" not in page.content.decode()


def test_only_the_catchers_own_files_are_read(client, signed_up, catcher):
    (catcher.parent / "secret_key").write_text("do-not-show")
    for path in ["/demo/indbakke/..%2Fsecret_key/", "/demo/indbakke/secret_key/html/"]:
        answer = client.get(path)
        assert answer.status_code == 404
        assert b"do-not-show" not in answer.content


def test_never_in_production_whatever_the_variable_says(tmp_path):
    code = "from django.conf import settings; print(settings.TINGET_DEMO_INBOX)"
    env = {k: v for k, v in os.environ.items() if not k.startswith("TINGET_")}
    env.update(
        DJANGO_SETTINGS_MODULE="tinget.settings",
        TINGET_DATA_DIR=str(tmp_path),
        SECRET_KEY="x" * 50,
        DEBUG="0",
    )
    results = {}
    cases = [
        ("1", "https://tinget.example.dk"),
        ("1", "http://127.0.0.1:8000"),
        (None, "http://127.0.0.1:8000"),
    ]
    for flag, base in cases:
        env["TINGET_BASE_URL"] = base
        env.pop("TINGET_DEMO_INBOX", None)
        if flag:
            env["TINGET_DEMO_INBOX"] = flag
        out = subprocess.run(
            [sys.executable, "-c", "import django; django.setup(); " + code],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        results[(flag, base)] = out.stdout.strip()
    assert results == {
        ("1", "https://tinget.example.dk"): "False",
        ("1", "http://127.0.0.1:8000"): "True",
        (None, "http://127.0.0.1:8000"): "False",
    }


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [390, 1280])
def test_the_inbox_in_a_browser_by_keyboard(page, live_server, settings, catcher, width):
    settings.TINGET_BASE_URL = live_server.url
    session = SessionFactory(title="Verdensmål i praksis")
    register_for_session(
        session_id=session.pk,
        registrant=Registrant(name="Anna Andersen", email="anna@gentofte.example"),
    )
    wait_for_files(catcher, 1)
    page.set_viewport_size({"width": width, "height": 900})
    for prefix, title in (("/en", "Demo inbox"), ("", "Demoens indbakke")):
        page.goto(live_server.url + prefix + "/demo/indbakke/")
        assert page.locator("h1").inner_text() == title
        assert axe_violations(page) == [], describe_violations(axe_violations(page))
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        # Tab to the email's subject, Enter opens it.
        for _ in range(60):
            page.keyboard.press("Tab")
            href = page.evaluate("document.activeElement.getAttribute('href') || ''")
            if re.fullmatch(prefix + r"/demo/indbakke/[0-9T.Z]+/", href):
                break
        else:
            raise AssertionError("Tab never reached the email")
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(r".*/demo/indbakke/[0-9T.Z]+/$"))
        frame = page.frame_locator("iframe.tinget-inbox-frame")
        button = frame.locator("a[href*='/tilmelding/bekraeft/']").first
        button.wait_for()
        violations = axe_violations(page)
        assert violations == [], describe_violations(violations)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    # The email's own button leads to the confirmation page of this demo, in the window.
    button.click()
    page.wait_for_url(re.compile(r".*/tilmelding/bekraeft/.+"))
    assert "/demo/indbakke/" not in page.url
    assert page.locator("h1").count() == 1


# An attachment whose name (from the email, so anyone's) carries a line break and an "&".
HOSTILE_NAME = (
    "From: a@example.dk\r\nTo: b@example.dk\r\nSubject: Bilag\r\nMIME-Version: 1.0\r\n"
    'Content-Type: multipart/mixed; boundary="B"\r\n\r\n'
    "--B\r\nContent-Type: text/plain\r\n\r\nSe bilaget.\r\n"
    "--B\r\nContent-Type: application/octet-stream\r\n"
    "Content-Disposition: attachment; "
    "filename*=utf-8''R%C3%A5d%20%26%20d%C3%A5d%0D%0AX-Evil%3A%201.txt"
    "\r\n\r\nAAAA\r\n--B--\r\n"
)


def test_a_part_with_a_hostile_file_name_downloads_under_a_safe_header(client, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    settings.TINGET_DEMO_INBOX = True
    (tmp_path / "mail").mkdir()
    (tmp_path / "mail" / "20261204T185434.168927Z.eml").write_bytes(HOSTILE_NAME.encode())

    answer = client.get("/demo/indbakke/20261204T185434.168927Z/del/1/")

    assert answer.status_code == 200
    assert answer.content.startswith(b"AAAA")
    disposition = answer["Content-Disposition"]
    assert disposition == (
        "attachment; filename*=utf-8''R%C3%A5d%20%26%20d%C3%A5d%0D%0AX-Evil%3A%201.txt"
    )
    assert not answer.has_header("X-Evil")
