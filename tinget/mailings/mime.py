"""The MIME bytes of a plain outbox email (text and HTML, no attachments), written directly.

Python's email package takes ~1.7 ms to build and flatten one such message; a reminder
fan-out sends thousands. This writes the same structure (multipart/alternative with a
quoted-printable text/plain and text/html part, the same headers as `build_message`) in a
few string operations. Emails with attachments (invites), or with an address that is not
plain ASCII (IDNA, SMTPUTF8), go through `build_message` instead; `fast_message` then
returns None. tests/mailings/test_mime.py compares both ways part by part.
"""

from __future__ import annotations

import binascii
import functools
import secrets
from email.header import Header
from email.utils import formataddr, formatdate, parseaddr

from django.conf import settings

from .models import OutboundEmail


def _ascii(value: str) -> bool:
    return value.isascii() and "\r" not in value and "\n" not in value


@functools.lru_cache(maxsize=512)
def _header(value: str) -> str:
    # Cached: a fan-out writes the same subject thousands of times (the encoding is ~2 ms).
    if value.isascii():
        return value
    return Header(value, "utf-8", maxlinelen=76).encode(linesep="\r\n")


def _qp(text: str) -> bytes:
    text = text.replace("\r\n", "\n")
    if not text.endswith("\n"):
        text += "\n"  # as the email package ends each part
    body = binascii.b2a_qp(text.encode("utf-8"), istext=True)
    return body.replace(b"\n", b"\r\n")


def sender() -> tuple[str, str]:
    """(the From header, the envelope sender) from DEFAULT_FROM_EMAIL."""
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return formataddr((name, address), charset="utf-8"), address


def unsubscribe_headers(email: OutboundEmail) -> dict[str, str]:
    """RFC 2369 List-Unsubscribe with RFC 8058 one-click, for bulk mail to a group only."""
    if not email.unsubscribe_url:
        return {}
    return {
        "List-Unsubscribe": f"<{email.unsubscribe_url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def fast_message(
    email: OutboundEmail, *, message_id: str, extra_headers: dict | None = None
) -> tuple[str, bytes] | None:
    """(envelope sender, message bytes with CRLF line ends) or None for the full builder."""
    from_header, envelope = sender()
    addresses = [email.to, email.reply_to, envelope]
    if email.attachments or not all(_ascii(a) for a in addresses if a):
        return None
    boundary = f"=_tinget_{secrets.token_hex(12)}"
    headers = [
        ("Subject", _header(" ".join(email.subject.split()))),
        ("From", from_header),
        ("To", email.to),
        *([("Reply-To", email.reply_to)] if email.reply_to else []),
        ("Date", formatdate(localtime=settings.EMAIL_USE_LOCALTIME)),
        ("Message-ID", message_id),
        ("Auto-Submitted", "auto-generated"),
        ("Content-Language", email.language),
        *unsubscribe_headers(email).items(),
        *((name, _header(str(value))) for name, value in (extra_headers or {}).items()),
        ("MIME-Version", "1.0"),
    ]
    if email.body_html:
        headers.append(("Content-Type", f'multipart/alternative; boundary="{boundary}"'))
    else:
        headers += [
            ("Content-Type", 'text/plain; charset="utf-8"'),
            ("Content-Transfer-Encoding", "quoted-printable"),
        ]
    head = "".join(f"{name}: {value}\r\n" for name, value in headers).encode("ascii")
    if not email.body_html:
        return envelope, head + b"\r\n" + _qp(email.body_text)
    mark = f"--{boundary}\r\n".encode()
    part_head = (
        'Content-Type: text/{kind}; charset="utf-8"\r\n'
        "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
    )
    return envelope, b"".join(
        [
            head,
            b"\r\n",
            mark,
            part_head.format(kind="plain").encode(),
            _qp(email.body_text),
            b"\r\n",  # the line break before a boundary belongs to the boundary
            mark,
            part_head.format(kind="html").encode(),
            _qp(email.body_html),
            b"\r\n",
            f"--{boundary}--\r\n".encode(),
        ]
    )
