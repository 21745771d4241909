"""The directly written MIME of plain emails (mailings/mime.py) reads exactly as the one
Python's email package builds: same headers, same text and HTML, whatever the characters."""

import email
import email.policy

import pytest
from django.utils import timezone

from tinget.mailings.mime import fast_message
from tinget.mailings.models import OutboundEmail
from tinget.mailings.services import build_message, message_id

pytestmark = pytest.mark.django_db

TEXT = "Hej Søren & Åse,\n\nLinje med = og =3D og en meget lang linje " + "æøå " * 40 + "\n.\n-- \n"
HTML = '<p>Hej <a href="https://x.example/?a=1&amp;b=2">Søren</a></p>' + "<p>æøå</p>" * 50


def _row(**fields):
    values = {
        "pk": 7,
        "to": "soren@kommune.example.dk",
        "reply_to": "kontakt@kl.example.dk",
        "subject": "Påmindelse: “Klimatilpasning” i morgen kl. 09.00 — tilmeldt",
        "body_text": TEXT,
        "body_html": HTML,
        "language": "da",
        "created_at": timezone.now(),
        "attachments": [],
    }
    values.update(fields)
    return OutboundEmail(**values)


def _parse(data: bytes):
    return email.message_from_bytes(data, policy=email.policy.default)


@pytest.mark.parametrize(
    "fields", [{}, {"body_html": ""}, {"reply_to": ""}, {"subject": "Plain ASCII subject"}]
)
def test_fast_and_full_messages_read_the_same(fields):
    row = _row(**fields)
    _sender, fast = fast_message(row, message_id=message_id(row))
    full = build_message(row).message().as_bytes()
    a, b = _parse(fast), _parse(full)
    for header in (
        "Subject",
        "From",
        "To",
        "Reply-To",
        "Message-ID",
        "Auto-Submitted",
        "Content-Language",
    ):
        assert a[header] == b[header], header
    assert a.get_content_type() == b.get_content_type()
    for kind in ("plain", "html"):
        part_a, part_b = a.get_body(preferencelist=(kind,)), b.get_body(preferencelist=(kind,))
        if part_b is None or (kind == "html" and not row.body_html):
            continue
        # On the wire every line ends in CRLF; compare the text, not the line ends.
        content_a = part_a.get_content().replace("\r\n", "\n")
        assert content_a == part_b.get_content().replace("\r\n", "\n"), kind
    assert b"\r\n" in fast and b"\n" not in fast.replace(b"\r\n", b"")
    assert all(len(line) <= 998 for line in fast.split(b"\r\n"))


def test_invites_and_unusual_addresses_use_the_full_builder():
    assert (
        fast_message(_row(attachments=[{"filename": "a.ics", "content": "x"}]), message_id="<x@y>")
        is None
    )
    assert fast_message(_row(to="søren@kommune.example.dk"), message_id="<x@y>") is None
