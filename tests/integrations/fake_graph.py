"""A fake Microsoft Entra + Graph on loopback, over TLS (msal accepts only https
authorities), speaking the documented shapes:

* GET  /{tenant}/v2.0/.well-known/openid-configuration
* POST /{tenant}/oauth2/v2.0/token        client credentials (secret or client assertion)
* POST /v1.0/users/{user}/onlineMeetings            → 201 onlineMeeting
* PATCH|DELETE /v1.0/users/{user}/onlineMeetings/{id} → 200 | 204, 404 when gone
* GET  .../onlineMeetings/{id}/attendanceReports    → {"value": [meetingAttendanceReport]}
* GET  .../attendanceReports/{rid}/attendanceRecords → pages with @odata.nextLink
Errors are Graph's {"error": {"code", "message"}}; 429 carries Retry-After; a token the
test expired answers 401.
"""

from __future__ import annotations

import datetime as dt
import json
import ssl
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

TENANT = "11111111-2222-3333-4444-555555555555"
CLIENT_ID = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"
CLIENT_SECRET = "fake~client~secret"
ORGANISER = "webinar@kommune.example"
PAGE_SIZE = 2


def make_certificate(directory: Path, common_name: str = "127.0.0.1") -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 (PEM files: certificate, key)."""
    import ipaddress

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(hours=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path = directory / "fake-graph.pem"
    key_path = directory / "fake-graph.key"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


class FakeGraph:
    def __init__(self, directory: Path):
        self.cert_path, key_path = make_certificate(directory)
        self.meetings: dict[str, dict] = {}
        self.records: dict[str, list[dict]] = {}  # meeting id → attendance records
        self.requests: list[tuple[str, str]] = []  # (method, path) of every request
        self.valid_tokens: set[str] = set()
        self.tokens_issued = 0
        self.throttle_next = 0
        self.retry_after = "1"
        self.assertions = 0
        self._lock = threading.Lock()
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(self.cert_path, key_path)
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    def start(self):
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def expire_tokens(self):
        with self._lock:
            self.valid_tokens.clear()

    def graph_calls(self, method: str | None = None) -> list[str]:
        return [
            path
            for verb, path in self.requests
            if path.startswith("/v1.0/") and (method is None or verb == method)
        ]

    # --- the HTTP side -------------------------------------------------------------

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def _body(self) -> bytes:
                return self.rfile.read(int(self.headers.get("content-length") or 0))

            def _send(self, status: int, data=None, headers=None):
                payload = b"" if data is None else json.dumps(data).encode()
                self.send_response(status)
                for key, value in (headers or {}).items():
                    self.send_header(key, value)
                if data is not None:
                    self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def _route(self, method: str):
                body = self._body()
                parts = urlsplit(self.path)
                with fake._lock:
                    fake.requests.append((method, parts.path))
                    status, data, headers = fake.answer(
                        method, parts.path, parse_qs(parts.query), body, self.headers
                    )
                self._send(status, data, headers)

            def do_GET(self):
                self._route("GET")

            def do_POST(self):
                self._route("POST")

            def do_PATCH(self):
                self._route("PATCH")

            def do_DELETE(self):
                self._route("DELETE")

        return Handler

    def answer(self, method, path, query, body, headers):
        tenant_prefix = f"/{TENANT}"
        if path == f"{tenant_prefix}/v2.0/.well-known/openid-configuration":
            return 200, self._openid_configuration(), {}
        if path == f"{tenant_prefix}/oauth2/v2.0/token" and method == "POST":
            return self._token(parse_qs(body.decode()))
        if not path.startswith("/v1.0/"):
            return 404, _error("NotFound", "no such path"), {}
        token = (headers.get("Authorization") or "").removeprefix("Bearer ")
        if token not in self.valid_tokens:
            return (
                401,
                _error(
                    "InvalidAuthenticationToken", "Access token has expired or is not yet valid."
                ),
                {},
            )
        if self.throttle_next:
            self.throttle_next -= 1
            return (
                429,
                _error("TooManyRequests", "Too many requests."),
                {"Retry-After": self.retry_after},
            )
        return self._graph(method, path, query, body)

    def _openid_configuration(self):
        base = f"{self.url}/{TENANT}"
        return {
            "issuer": f"https://login.microsoftonline.com/{TENANT}/v2.0",
            "authorization_endpoint": f"{base}/oauth2/v2.0/authorize",
            "token_endpoint": f"{base}/oauth2/v2.0/token",
            "jwks_uri": f"{self.url}/{TENANT}/discovery/v2.0/keys",
        }

    def _token(self, form):
        first = {key: values[0] for key, values in form.items()}
        if first.get("grant_type") != "client_credentials" or first.get("client_id") != CLIENT_ID:
            return 400, {"error": "invalid_request", "error_description": "bad grant"}, {}
        if "https://graph.microsoft.com/.default" not in first.get("scope", ""):
            return 400, {"error": "invalid_scope", "error_description": "scope"}, {}
        assertion = first.get("client_assertion_type") == (
            "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
        ) and first.get("client_assertion")
        if assertion:
            self.assertions += 1
        elif first.get("client_secret") != CLIENT_SECRET:
            return 401, {"error": "invalid_client", "error_description": "AADSTS7000215"}, {}
        self.tokens_issued += 1
        token = f"token-{self.tokens_issued}"
        self.valid_tokens.add(token)
        return 200, {"token_type": "Bearer", "expires_in": 3599, "access_token": token}, {}

    def _graph(self, method, path, query, body):
        segments = [unquote(part) for part in path.split("/")[2:]]  # after /v1.0/
        if segments[:1] != ["users"] or len(segments) < 3 or segments[2] != "onlineMeetings":
            return 404, _error("NotFound", "unknown resource"), {}
        if segments[1] != ORGANISER:
            return 403, _error("Forbidden", "No application access policy found for this app."), {}
        rest = segments[3:]
        if not rest and method == "POST":
            return self._create(json.loads(body))
        meeting = self.meetings.get(rest[0]) if rest else None
        if meeting is None:
            return 404, _error("NotFound", "The meeting was not found."), {}
        if len(rest) == 1 and method == "PATCH":
            meeting.update(json.loads(body))
            return 200, meeting, {}
        if len(rest) == 1 and method == "DELETE":
            del self.meetings[rest[0]]
            return 204, None, {}
        if rest[1:] == ["attendanceReports"]:
            return 200, {"value": self._reports(rest[0])}, {}
        if len(rest) == 4 and rest[3] == "attendanceRecords":
            return (
                200,
                self._records_page(path, rest[0], int(query.get("$skiptoken", ["0"])[0])),
                {},
            )
        return 404, _error("NotFound", "unknown resource"), {}

    def _create(self, data):
        meeting_id = "MSo" + uuid.uuid4().hex + "_ZmFrZQ=="
        meeting = {
            "id": meeting_id,
            "subject": data.get("subject"),
            "startDateTime": data.get("startDateTime"),
            "endDateTime": data.get("endDateTime"),
            "joinWebUrl": f"https://teams.microsoft.com/l/meetup-join/19%3ameeting_{meeting_id[3:15]}%40thread.v2/0",
            "participants": {"organizer": {"upn": ORGANISER, "role": "presenter"}},
        }
        self.meetings[meeting_id] = meeting
        return 201, meeting, {}

    def _reports(self, meeting_id):
        if meeting_id not in self.records:
            return []
        meeting = self.meetings[meeting_id]
        return [
            {
                "id": "report-" + meeting_id[3:11],
                "totalParticipantCount": len(self.records[meeting_id]),
                "meetingStartDateTime": meeting["startDateTime"],
                "meetingEndDateTime": meeting["endDateTime"],
            }
        ]

    def _records_page(self, path, meeting_id, skip):
        records = self.records.get(meeting_id, [])
        page = {"value": records[skip : skip + PAGE_SIZE]}
        if skip + PAGE_SIZE < len(records):
            page["@odata.nextLink"] = f"{self.url}{path}?$skiptoken={skip + PAGE_SIZE}"
        return page


def attendance_record(name: str, email: str, seconds: int, role: str = "Attendee") -> dict:
    return {
        "emailAddress": email,
        "totalAttendanceInSeconds": seconds,
        "role": role,
        "identity": {"id": uuid.uuid4().hex, "displayName": name, "tenantId": None},
        "attendanceIntervals": [
            {
                "joinDateTime": "2026-12-01T09:00:00Z",
                "leaveDateTime": "2026-12-01T10:00:00Z",
                "durationInSeconds": seconds,
            }
        ],
    }


def _error(code: str, message: str) -> dict:
    return {"error": {"code": code, "message": message}}
