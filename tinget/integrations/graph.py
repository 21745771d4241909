"""Microsoft Teams through Microsoft Graph, with an organisation's own Entra app registration.

Contract
--------
* Tokens: OAuth 2.0 client credentials through msal (a client secret, or a certificate's
  private key and certificate in PEM), scope https://graph.microsoft.com/.default. msal's
  instance discovery is off: the authority is TINGET_ENTRA_AUTHORITY_HOST/<tenant> as given.
* `GraphClient.request` retries once with a fresh token on 401, waits out a 429 for its
  Retry-After (up to MAX_INLINE_WAIT seconds, three times; longer waits raise `Throttled`
  for the caller to try later) and raises `MeetingGone` on 404.
* Meetings are made with application permissions in the name of the connection's
  organiser user: POST/PATCH/DELETE /users/{user}/onlineMeetings[/{id}].
* Attendance: every attendanceReport of the meeting and every page of its
  attendanceRecords (following @odata.nextLink), added up per person.

Nothing here touches the database; `teams.py` decides when to call it and stores results.
"""

from __future__ import annotations

import datetime as dt
import logging
import ssl
import time
from dataclasses import dataclass
from urllib.parse import quote

import httpx
import msal
from django.conf import settings

logger = logging.getLogger(__name__)

SCOPES = ["https://graph.microsoft.com/.default"]
TIMEOUT = 20.0
MAX_INLINE_WAIT = 30.0
MAX_THROTTLED = 3


class GraphError(Exception):
    def __init__(self, message: str, *, status: int | None = None):
        super().__init__(message)
        self.status = status


class Throttled(GraphError):
    """Graph asked us to wait longer than we wait inline."""

    def __init__(self, retry_after: float):
        super().__init__(f"throttled for {retry_after:.0f} s", status=429)
        self.retry_after = retry_after


class MeetingGone(GraphError):
    """404: the meeting no longer exists (deleted in Teams, or never was)."""


@dataclass
class Meeting:
    id: str
    join_url: str


@dataclass
class AttendanceRecord:
    name: str
    email: str
    seconds: int
    role: str


def _verify():
    """TLS trust for Entra and Graph: the system's, or TINGET_GRAPH_CA_BUNDLE (a private CA,
    a proxy that inspects TLS, or the test suite's fake Graph)."""
    bundle = settings.TINGET_GRAPH_CA_BUNDLE
    return ssl.create_default_context(cafile=bundle) if bundle else True


class _MsalHttp:
    """msal's HTTP client interface on our httpx client, so that token requests use the same
    TLS trust as the Graph calls (requests, msal's default, lets REQUESTS_CA_BUNDLE in the
    environment override the bundle it is given)."""

    def __init__(self, client: httpx.Client):
        self.client = client

    def post(self, url, params=None, data=None, headers=None, **kwargs):
        if isinstance(data, str | bytes):
            return self.client.post(url, params=params, content=data, headers=headers)
        return self.client.post(url, params=params, data=data, headers=headers)

    def get(self, url, params=None, headers=None, **kwargs):
        return self.client.get(url, params=params, headers=headers)

    def close(self):
        pass


def _credential(connection):
    value = connection.credential
    if connection.credential_kind == connection.Credential.CERTIFICATE:
        # msal works out the SHA-256 thumbprint from the public certificate.
        key_end = value.index("-----END") + len("-----END")
        key_end = value.index("-----", key_end) + len("-----")
        return {
            "private_key": value[:key_end].strip(),
            "public_certificate": value[key_end:].strip(),
        }
    return value


class GraphClient:
    def __init__(self, connection):
        self.connection = connection
        self.http = httpx.Client(timeout=TIMEOUT, verify=_verify(), follow_redirects=False)
        self.cache = msal.TokenCache()
        self.app = msal.ConfidentialClientApplication(
            connection.client_id,
            client_credential=_credential(connection),
            authority=f"{settings.TINGET_ENTRA_AUTHORITY_HOST}/{connection.tenant_id}",
            instance_discovery=False,
            token_cache=self.cache,
            http_client=_MsalHttp(self.http),
        )
        self.base = settings.TINGET_GRAPH_URL
        self.user = quote(connection.organiser_user, safe="")

    def close(self):
        self.http.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # --- tokens and requests ---------------------------------------------------------

    def _token(self, *, fresh: bool = False) -> str:
        if fresh:
            for token in self.cache.search(msal.TokenCache.CredentialType.ACCESS_TOKEN):
                self.cache.remove_at(token)
        result = self.app.acquire_token_for_client(scopes=SCOPES)
        if "access_token" not in result:
            raise GraphError(
                f"no token: {result.get('error')}: {result.get('error_description', '')[:300]}"
            )
        return result["access_token"]

    def request(self, method: str, url: str, *, json: dict | None = None) -> httpx.Response:
        """One Graph call, with the 401/429/404 rules of the module docstring."""
        if not url.startswith("http"):
            url = self.base + url
        token = self._token()
        refreshed = False
        throttled = 0
        while True:
            response = self.http.request(
                method, url, json=json, headers={"Authorization": f"Bearer {token}"}
            )
            if response.status_code == 401 and not refreshed:
                refreshed = True
                token = self._token(fresh=True)
                continue
            if response.status_code == 429:
                wait = _retry_after(response)
                throttled += 1
                if wait > MAX_INLINE_WAIT or throttled > MAX_THROTTLED:
                    raise Throttled(wait)
                time.sleep(wait)
                continue
            if response.status_code == 404:
                raise MeetingGone(_error_text(response), status=404)
            if response.status_code >= 400:
                raise GraphError(_error_text(response), status=response.status_code)
            return response

    # --- meetings --------------------------------------------------------------------

    def _meetings(self) -> str:
        return f"/users/{self.user}/onlineMeetings"

    def create_meeting(self, *, subject: str, start, end) -> Meeting:
        body = {"subject": subject, "startDateTime": _iso(start), "endDateTime": _iso(end)}
        data = self.request("POST", self._meetings(), json=body).json()
        return Meeting(id=data["id"], join_url=data.get("joinWebUrl") or data.get("joinUrl", ""))

    def update_meeting(self, meeting_id: str, *, subject: str, start, end) -> Meeting:
        body = {"subject": subject, "startDateTime": _iso(start), "endDateTime": _iso(end)}
        url = f"{self._meetings()}/{quote(meeting_id, safe='')}"
        data = self.request("PATCH", url, json=body).json()
        return Meeting(id=data.get("id", meeting_id), join_url=data.get("joinWebUrl", ""))

    def delete_meeting(self, meeting_id: str) -> None:
        """Delete; a meeting that is already gone counts as deleted."""
        try:
            self.request("DELETE", f"{self._meetings()}/{quote(meeting_id, safe='')}")
        except MeetingGone:
            logger.info("Teams meeting %s was already gone", meeting_id)

    def attendance(self, meeting_id: str) -> list[AttendanceRecord]:
        """Every record of every attendance report of the meeting, all pages."""
        base = f"{self._meetings()}/{quote(meeting_id, safe='')}/attendanceReports"
        records: list[AttendanceRecord] = []
        for report in self._all_pages(base):
            url = f"{base}/{quote(report['id'], safe='')}/attendanceRecords"
            for record in self._all_pages(url):
                identity = record.get("identity") or {}
                records.append(
                    AttendanceRecord(
                        name=identity.get("displayName") or record.get("emailAddress") or "",
                        email=record.get("emailAddress") or "",
                        seconds=int(record.get("totalAttendanceInSeconds") or 0),
                        role=record.get("role") or "",
                    )
                )
        return records

    def _all_pages(self, url: str):
        while url:
            data = self.request("GET", url).json()
            yield from data.get("value", [])
            url = data.get("@odata.nextLink") or ""


def _iso(value) -> str:
    return value.astimezone(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _retry_after(response: httpx.Response) -> float:
    try:
        return max(float(response.headers.get("Retry-After", "5")), 0.0)
    except ValueError:
        return 5.0


def _error_text(response: httpx.Response) -> str:
    try:
        error = response.json().get("error", {})
        return f"HTTP {response.status_code} {error.get('code', '')}: {error.get('message', '')}"[
            :500
        ]
    except ValueError:
        return f"HTTP {response.status_code}"
