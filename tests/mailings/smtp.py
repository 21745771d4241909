"""A real SMTP server on loopback for tests (aiosmtpd), behind the `smtp_server` fixture.

It keeps every message it accepts, can refuse chosen recipients with a given reply, and can
be stopped and started again on the same port to play "the mail server is down".
"""

from __future__ import annotations

import asyncio
import email
import email.policy
import logging
import socket
import threading
from dataclasses import dataclass

from aiosmtpd.controller import Controller

# aiosmtpd logs every SMTP command at INFO: too much to read in a failing test's output.
logging.getLogger("mail.log").setLevel(logging.WARNING)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    raw: bytes
    # The client's (host, port): one per SMTP connection.
    peer: tuple | None = None

    @property
    def message(self) -> email.message.EmailMessage:
        return email.message_from_bytes(self.raw, policy=email.policy.default)


class _Handler:
    def __init__(self, server: SMTPServer):
        self.server = server

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        if self.server.pipelining:  # aiosmtpd takes pipelined commands in order
            return [*responses[:-1], "250-PIPELINING", responses[-1]]
        return responses

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        reply = self.server.refusals.get(address.lower())
        if reply:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        while self.server.holding():
            await asyncio.sleep(0.01)
        if self.server.refuse_held:
            return "451 4.3.0 Try again later"
        with self.server.lock:
            self.server.messages.append(
                Received(
                    envelope.mail_from,
                    list(envelope.rcpt_tos),
                    envelope.original_content,
                    peer=session.peer,
                )
            )
        return "250 Message accepted for delivery"


class SMTPServer:
    def __init__(self, host: str = "127.0.0.1", port: int | None = None):
        self.host = host
        self.port = port or free_port()
        self.messages: list[Received] = []
        self.refusals: dict[str, str] = {}
        self.lock = threading.Lock()
        self.controller: Controller | None = None
        # Advertise PIPELINING (RFC 2920) in the EHLO reply.
        self.pipelining = False
        # hold_after(n): every DATA after the n-th message waits (unanswered) until release.
        self.hold_at: int | None = None
        self.refuse_held = False

    def start(self) -> None:
        self.controller = Controller(
            _Handler(self),
            hostname=self.host,
            port=self.port,
            decode_data=False,
            enable_SMTPUTF8=True,
        )
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    @property
    def running(self) -> bool:
        return self.controller is not None

    def hold_after(self, count: int) -> None:
        self.hold_at = count

    def holding(self) -> bool:
        return self.hold_at is not None and len(self.messages) >= self.hold_at

    def release(self, *, refuse: bool = False) -> None:
        """Let held messages go on; with `refuse` they get a 451 and are not kept (their
        client is gone)."""
        self.refuse_held = refuse
        self.hold_at = None

    def refuse(self, address: str, reply: str = "550 5.1.1 No such user here") -> None:
        self.refusals[address.lower()] = reply

    def to(self, address: str) -> list[Received]:
        return [m for m in self.messages if address in m.rcpt_tos]

    def mailer_settings(self) -> dict:
        return {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": self.host, "port": self.port, "timeout": 5},
            }
        }
