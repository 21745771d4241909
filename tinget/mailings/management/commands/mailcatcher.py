"""`tinget mailcatcher`: a local SMTP server for the demo that keeps every message.

Each message is written to $TINGET_DATA_DIR/mail/<timestamp>.eml (open it in any mail
program) and announced with one line: time, recipient, subject.
"""

import email
import email.policy
import logging
import signal
import threading
from datetime import UTC, datetime
from pathlib import Path

from aiosmtpd.controller import Controller
from django.conf import settings
from django.core.management.base import BaseCommand


class SaveToDirectory:
    def __init__(self, directory: Path, announce):
        self.directory = directory
        self.announce = announce
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S.%fZ")
            path = self.directory / f"{stamp}.eml"
            path.write_bytes(envelope.original_content or envelope.content)
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.announce(
            f"{stamp} to {', '.join(envelope.rcpt_tos)}: {message.get('Subject', '')}"
            f"  [{path.name}]"
        )
        return "250 Message accepted for delivery"


class Command(BaseCommand):
    help = "Run a local SMTP server that saves every message under TINGET_DATA_DIR/mail/."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=1025)

    def handle(self, *args, host="127.0.0.1", port=1025, **options):
        # aiosmtpd logs every SMTP command; the one-line summaries below are what matters.
        logging.getLogger("mail.log").setLevel(logging.WARNING)
        directory = Path(settings.DATA_DIR) / "mail"
        directory.mkdir(parents=True, exist_ok=True)

        def announce(line: str):
            self.stdout.write(line)
            self.stdout.flush()

        controller = Controller(
            SaveToDirectory(directory, announce),
            hostname=host,
            port=port,
            decode_data=False,
            enable_SMTPUTF8=True,
        )
        controller.start()
        announce(f"mailcatcher: SMTP on {host}:{port}, saving to {directory}")
        stop = threading.Event()
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda *_: stop.set())
        try:
            stop.wait()
        finally:
            controller.stop()
