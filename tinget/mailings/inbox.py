"""The demo's inbox: what the mail catcher (`tinget mailcatcher`) received, read back.

The catcher writes each message as it arrived to $TINGET_DATA_DIR/mail/<stamp>.eml; this
module lists and parses those files for the inbox page. Nothing here writes. Only the demo
turns the page on (settings.TINGET_DEMO_INBOX, which production never has).
"""

from __future__ import annotations

import email
import email.policy
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import getaddresses
from pathlib import Path

from django.conf import settings

# The catcher's file names: 20261204T185434.168927Z.eml. Anything else is not ours.
MESSAGE_ID = re.compile(r"^\d{8}T\d{6}\.\d{6}Z$")
LIMIT = 500


def mail_directory() -> Path:
    return Path(settings.DATA_DIR) / "mail"


@dataclass
class Part:
    number: int
    content_type: str
    filename: str
    size: int


@dataclass
class Message:
    id: str
    received: datetime
    sender: str
    to: list[str]
    subject: str
    html: str = ""
    text: str = ""
    parts: list[Part] = field(default_factory=list)


def _received(message_id: str) -> datetime:
    return datetime.strptime(message_id, "%Y%m%dT%H%M%S.%fZ").replace(tzinfo=UTC)


def _parse(message_id: str, *, body: bool) -> Message | None:
    path = mail_directory() / f"{message_id}.eml"
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    parsed: EmailMessage = email.message_from_bytes(raw, policy=email.policy.default)
    message = Message(
        id=message_id,
        received=_received(message_id),
        sender=str(parsed.get("From", "")),
        to=[address for _name, address in getaddresses([str(v) for v in parsed.get_all("To", [])])],
        subject=str(parsed.get("Subject", "")),
    )
    if not body:
        return message
    html = parsed.get_body(preferencelist=("html",))
    text = parsed.get_body(preferencelist=("plain",))
    message.html = html.get_content() if html is not None else ""
    message.text = text.get_content() if text is not None else ""
    for number, part in enumerate(_leaves(parsed)):
        if part is html or part is text:
            continue
        payload = part.get_payload(decode=True) or b""
        message.parts.append(
            Part(
                number=number,
                content_type=part.get_content_type(),
                filename=part.get_filename() or "",
                size=len(payload),
            )
        )
    return message


def _leaves(parsed: EmailMessage) -> list[EmailMessage]:
    return [part for part in parsed.walk() if not part.is_multipart()]


def messages(*, to: str = "") -> list[Message]:
    """The received messages, newest first (at most LIMIT), optionally only those to ``to``."""
    directory = mail_directory()
    if not directory.is_dir():
        return []
    ids = sorted(
        (p.stem for p in directory.glob("*.eml") if MESSAGE_ID.match(p.stem)), reverse=True
    )
    found = []
    for message_id in ids:
        message = _parse(message_id, body=False)
        if message is None or (to and to.lower() not in (a.lower() for a in message.to)):
            continue
        found.append(message)
        if len(found) >= LIMIT:
            break
    return found


def message(message_id: str) -> Message | None:
    """One message with its HTML and text parts and the list of its other parts."""
    if not MESSAGE_ID.match(message_id):
        return None
    return _parse(message_id, body=True)


def part(message_id: str, number: int) -> tuple[str, str, bytes] | None:
    """(content type, file name, bytes) of one of a message's parts, e.g. its invite."""
    if not MESSAGE_ID.match(message_id):
        return None
    try:
        raw = (mail_directory() / f"{message_id}.eml").read_bytes()
    except OSError:
        return None
    leaves = _leaves(email.message_from_bytes(raw, policy=email.policy.default))
    if not 0 <= number < len(leaves):
        return None
    leaf = leaves[number]
    return leaf.get_content_type(), leaf.get_filename() or "", leaf.get_payload(decode=True) or b""
