"""A webhook receiver on loopback, as a partner would run one: a threaded http.server that
checks the Standard Webhooks signature and processes each webhook-id once."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tinget.integrations.webhooks import verify


class Receiver:
    def __init__(self):
        self.secret = ""
        self.processed: list[dict] = []  # bodies, in the order they were accepted
        self.ids: list[str] = []  # webhook-id of every request, duplicates included
        self.bad_signatures = 0
        self.fail_next = 0  # answer this many requests with 500
        self.port = 0
        self._server: ThreadingHTTPServer | None = None
        self._lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks/tinget"

    def start(self) -> None:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("content-length", 0)))
                self.send_response(receiver.handle(self.headers, body))
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def handle(self, headers, body: bytes) -> int:
        with self._lock:
            webhook_id = headers.get("webhook-id")
            self.ids.append(webhook_id)
            if not verify(self.secret, headers, body):
                self.bad_signatures += 1
                return 401
            if self.fail_next:
                self.fail_next -= 1
                return 500
            # What the spec asks of receivers: a webhook-id already processed is
            # acknowledged and not processed again.
            if webhook_id not in {message["id"] for message in self.processed}:
                self.processed.append({"id": webhook_id, **json.loads(body)})
            return 204

    def types_for(self, registration_id: int) -> list[str]:
        return [
            message["type"]
            for message in self.processed
            if message["data"].get("registration", {}).get("id") == registration_id
        ]
