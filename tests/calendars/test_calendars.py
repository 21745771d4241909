"""Every calendar Tinget writes is valid iCalendar: two independent parsers read it, RFC 5546
gets the properties it requires, and a real CalDAV server (Radicale) stores it and gives it
back unchanged. The join link appears only where the person may see it."""

import datetime as dt
import re
import subprocess
import sys
import time
import urllib.parse

import httpx
import icalendar
import pytest
import vobject
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from tests.factories import ProgrammeItemFactory, SeriesFactory, SessionFactory
from tests.mailings.helpers import make_registration
from tests.mailings.smtp import free_port
from tests.pages import assert_not_found
from tinget.programme import calendars
from tinget.programme.models import Series
from tinget.registrations.models import Registration

pytestmark = pytest.mark.django_db

SECRET = "SECRET-join"


def aware(*args):
    return timezone.make_aware(dt.datetime(*args))


@pytest.fixture
def series():
    return SeriesFactory(title="Verdensmål i praksis; kommuner, KL og NGO'er", slug="verdensmaal")


@pytest.fixture
def winter_session(series):
    session = SessionFactory(
        series=series,
        title="Indkøb, cirkulær økonomi; og mere",
        starts_at=aware(2027, 3, 2, 9, 0),  # CET, +01:00
        ends_at=aware(2027, 3, 2, 10, 0),
        join_url=f"https://teams.example.com/l/meetup-join/{SECRET}-1",
    )
    ProgrammeItemFactory(session=session, time=dt.time(9, 0), title="Velkomst")
    ProgrammeItemFactory(session=session, time=dt.time(9, 10), title="Oplæg: Kommunen som køber")
    return session


@pytest.fixture
def summer_session(series):
    return SessionFactory(
        series=series,
        title="Klimatilpasning",
        starts_at=aware(2027, 6, 15, 13, 30),  # CEST, +02:00
        ends_at=aware(2027, 6, 15, 15, 0),
        join_url=f"https://teams.example.com/l/meetup-join/{SECRET}-2",
    )


@pytest.fixture
def person(winter_session, summer_session):
    """Confirmed for the winter session, waiting for the summer one."""
    confirmed = make_registration(winter_session, email="anna@aarhus.dk", name="Anna Berg")
    make_registration(
        summer_session, email="Anna@Aarhus.dk", name="Anna Berg", status=Registration.Status.WAITING
    )
    return confirmed


@pytest.fixture
def outputs(client, winter_session, summer_session, person):
    """Every kind of calendar Tinget produces, by name."""
    attendee = calendars.Attendee(email=person.email, name=person.name)
    series = winter_session.series
    return {
        "request": calendars.invite(
            winter_session,
            method="REQUEST",
            attendee=attendee,
            sequence=0,
            join_url=winter_session.join_url,
            manage_url="https://tinget.example.dk/min-tilmelding/x/",
        ),
        "cancel": calendars.invite(winter_session, method="CANCEL", attendee=attendee, sequence=1),
        "public": client.get(
            reverse("programme:session_ics", kwargs={"slug": series.slug, "pk": winter_session.pk})
        ).content.decode(),
        "series_feed": client.get(
            reverse("programme:series_feed", kwargs={"slug": series.slug})
        ).content.decode(),
        "personal_feed": client.get(
            reverse("programme:personal_feed", kwargs={"token": person.feed_token})
        ).content.decode(),
    }


def events(text: str) -> list[icalendar.Event]:
    return icalendar.Calendar.from_ical(text).walk("VEVENT")


def test_every_calendar_parses_with_icalendar_and_vobject_to_the_same_times(
    outputs, winter_session, summer_session
):
    starts = {f"{s.uid}@tinget": s.starts_at for s in (winter_session, summer_session)}
    for name, text in outputs.items():
        parsed = icalendar.Calendar.from_ical(text)
        independent = vobject.readOne(text)
        vevents = independent.contents["vevent"]
        assert len(vevents) == len(parsed.walk("VEVENT")) >= 1, name
        for vevent in vevents:
            uid = vevent.uid.value
            # vobject builds its own tzinfo from our VTIMEZONE rules: summer and winter
            # times must come out at the same instant as the session's.
            assert vevent.dtstart.value == starts[uid], name
            assert (
                vevent.dtstart.value.utcoffset()
                == starts[uid].astimezone(calendars.COPENHAGEN).utcoffset()
            )
        for event in parsed.walk("VEVENT"):
            assert event["DTSTART"].dt == starts[str(event["UID"])], name


def test_calendar_lines_end_in_crlf_and_are_folded_at_75_octets(outputs):
    for name, text in outputs.items():
        raw = text.encode()
        assert raw.endswith(b"\r\n"), name
        assert b"\n" not in raw.replace(b"\r\n", b""), name
        assert max(len(line) for line in raw.split(b"\r\n")) <= 75, name


def _one(event, name):
    values = event.get(name)
    return values is not None and not isinstance(values, list)


def assert_common_event_rules(event, method):
    for name in ("DTSTAMP", "UID", "ORGANIZER"):
        assert _one(event, name), f"{method}: {name} must appear exactly once"
    assert not ("DTEND" in event and "DURATION" in event), "DTEND or DURATION, not both"
    assert str(event["DTSTAMP"].to_ical().decode()).endswith("Z"), "DTSTAMP is UTC"
    assert str(event["ORGANIZER"]).startswith("mailto:")


def test_request_carries_what_rfc5546_requires(outputs, winter_session, person):
    calendar = icalendar.Calendar.from_ical(outputs["request"])
    assert calendar["METHOD"] == "REQUEST"
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    (event,) = calendar.walk("VEVENT")
    assert_common_event_rules(event, "REQUEST")
    for name in ("DTSTART", "SUMMARY", "ATTENDEE", "SEQUENCE", "DTEND"):
        assert name in event, name
    assert event["SUMMARY"] == "Indkøb, cirkulær økonomi; og mere"  # escaped and read back
    assert str(event["ATTENDEE"]) == "mailto:anna@aarhus.dk"
    assert event["ATTENDEE"].params["PARTSTAT"] == "NEEDS-ACTION"
    assert event["ORGANIZER"].params["CN"] == winter_session.series.title
    assert event["STATUS"] in {"CONFIRMED", "TENTATIVE"}
    assert f"{SECRET}-1" in event["DESCRIPTION"] and f"{SECRET}-1" in event["LOCATION"]
    assert "09.10 Oplæg: Kommunen som køber" in event["DESCRIPTION"]
    assert "SUMMARY:Indkøb\\, cirkulær økonomi\\; og mere" in outputs["request"]


def test_cancel_carries_what_rfc5546_requires_and_no_join_link(outputs):
    calendar = icalendar.Calendar.from_ical(outputs["cancel"])
    assert calendar["METHOD"] == "CANCEL"
    (event,) = calendar.walk("VEVENT")
    assert_common_event_rules(event, "CANCEL")
    assert event["SEQUENCE"] == 1
    assert event["STATUS"] == "CANCELLED"
    assert str(event["ATTENDEE"]) == "mailto:anna@aarhus.dk"
    assert SECRET not in outputs["cancel"]


@pytest.mark.parametrize("name", ["public", "series_feed", "personal_feed"])
def test_published_calendars_carry_what_rfc5546_requires_without_attendees(outputs, name):
    calendar = icalendar.Calendar.from_ical(outputs[name])
    assert calendar["METHOD"] == "PUBLISH"
    for event in calendar.walk("VEVENT"):
        assert_common_event_rules(event, "PUBLISH")
        assert "DTSTART" in event and "SUMMARY" in event
        assert "ATTENDEE" not in event


def test_times_use_the_compact_copenhagen_vtimezone(outputs):
    for name, text in outputs.items():
        calendar = icalendar.Calendar.from_ical(text)
        (tz,) = calendar.walk("VTIMEZONE")
        assert tz["TZID"] == "Europe/Copenhagen"
        rules = {c.name: c for c in tz.subcomponents}
        assert rules["DAYLIGHT"]["RRULE"].to_ical() == b"FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3"
        assert rules["STANDARD"]["RRULE"].to_ical() == b"FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10"
        assert "RDATE" not in text, name
        assert re.search(r"^DTSTART;TZID=Europe/Copenhagen:20270302T090000\r$", text, re.M)


def test_public_session_download_has_no_join_link(client, outputs, winter_session):
    text = outputs["public"]
    assert SECRET not in text
    (event,) = events(text)
    assert event["URL"] == "http://127.0.0.1:8000" + winter_session.get_absolute_url()
    assert "Linket til at deltage sendes til tilmeldte deltagere." in str(event["DESCRIPTION"])
    response = client.get(
        reverse(
            "programme:session_ics",
            kwargs={"slug": winter_session.series.slug, "pk": winter_session.pk},
        )
    )
    assert response["Content-Type"] == "text/calendar; charset=utf-8"


def test_series_feed_lists_scheduled_sessions_with_public_information_only(
    client, outputs, series, winter_session, summer_session
):
    cancelled = SessionFactory(series=series, status="cancelled", title="Aflyst møde")
    text = client.get(reverse("programme:series_feed", kwargs={"slug": series.slug})).content
    text = text.decode()
    summaries = [str(e["SUMMARY"]) for e in events(text)]
    assert summaries == ["Indkøb, cirkulær økonomi; og mere", "Klimatilpasning"]
    assert cancelled.title not in text
    assert SECRET not in text
    assert "X-WR-CALNAME:Verdensmål i praksis\\; kommuner\\, KL og NGO'er" in text


def test_draft_series_has_no_public_calendars(client):
    session = SessionFactory(series__status=Series.Status.DRAFT)
    slug = session.series.slug
    feed = client.get(reverse("programme:series_feed", kwargs={"slug": slug}))
    assert_not_found(feed, "BEGIN:VCALENDAR", session.series.title)
    url = reverse("programme:session_ics", kwargs={"slug": slug, "pk": session.pk})
    assert_not_found(client.get(url), "BEGIN:VCALENDAR", session.series.title)


def test_personal_feed_has_join_links_only_for_confirmed_sessions(
    client, person, winter_session, summer_session
):
    stranger = make_registration(summer_session, email="someone@else.dk")
    response = client.get(reverse("programme:personal_feed", kwargs={"token": person.feed_token}))
    assert response["Cache-Control"] == "private, no-store"
    text = response.content.decode()
    by_summary = {str(e["SUMMARY"]): e for e in events(text)}
    assert set(by_summary) == {"Indkøb, cirkulær økonomi; og mere", "Klimatilpasning"}
    confirmed, waiting = by_summary.values()
    # The personal join link for the confirmed session; no meeting link at all.
    assert "/deltag/" in confirmed["DESCRIPTION"]
    assert "/deltag/" not in str(waiting["DESCRIPTION"])
    assert SECRET not in text
    assert "Du er på ventelisten." in waiting["DESCRIPTION"]
    assert stranger.name not in text


def test_personal_feed_with_unknown_token_is_not_found(client):
    response = client.get(reverse("programme:personal_feed", kwargs={"token": "nope"}))
    assert_not_found(response, "BEGIN:VCALENDAR")


def test_english_calendar_text_is_english(client, winter_session):
    with translation.override("en"):
        url = reverse(
            "programme:session_ics",
            kwargs={"slug": winter_session.series.slug, "pk": winter_session.pk},
        )
    assert url.startswith("/en/")
    (event,) = events(client.get(url).content.decode())
    assert "The link to join is sent to registered participants." in str(event["DESCRIPTION"])
    assert "09:10 Oplæg: Kommunen som køber" in str(event["DESCRIPTION"])


def test_calendar_links_offer_google_outlook_ics_and_webcal_without_join_link(winter_session):
    with translation.override("da"):
        html = render_to_string(
            "programme/includes/calendar_links.html", {"session": winter_session}
        )
    assert SECRET not in urllib.parse.unquote(html)
    google = re.search(r'href="(https://calendar\.google\.com/[^"]+)"', html).group(1)
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(google.replace("&amp;", "&")).query)
    assert query["dates"] == ["20270302T080000Z/20270302T090000Z"]
    assert query["text"] == ["Indkøb, cirkulær økonomi; og mere"]
    assert 'href="https://outlook.office.com/calendar/0/deeplink/compose?' in html
    assert "startdt=2027-03-02T08%3A00%3A00Z" in html
    assert "Tilføj til Google Kalender" in html and "Tilføj til Outlook" in html
    assert f'href="/serier/verdensmaal/sessioner/{winter_session.pk}/kalender.ics"' in html
    assert 'href="webcal://127.0.0.1:8000/serier/verdensmaal/kalender.ics"' in html


def test_calendar_links_are_not_offered_for_past_sessions():
    past = SessionFactory(
        starts_at=timezone.now() - dt.timedelta(days=2),
        ends_at=timezone.now() - dt.timedelta(days=2, hours=-1),
    )
    html = render_to_string("programme/includes/calendar_links.html", {"session": past})
    assert "kalender.ics" not in html


# --- a real CalDAV server ---------------------------------------------------------------


@pytest.fixture(scope="module")
def radicale(tmp_path_factory):
    """Radicale on loopback in a subprocess, no authentication, storage in a temp folder."""
    port = free_port()
    folder = tmp_path_factory.mktemp("radicale")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "radicale",
            f"--storage-filesystem-folder={folder}",
            f"--server-hosts=127.0.0.1:{port}",
            "--auth-type=none",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    # With no authentication, the basic-auth user name picks the principal collection.
    client = httpx.Client(base_url=f"http://127.0.0.1:{port}", auth=("tinget", "x"), timeout=10)
    deadline = time.monotonic() + 20
    while True:
        try:
            client.request("PROPFIND", "/tinget/", headers={"Depth": "0"})
            break
        except httpx.TransportError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                raise
            time.sleep(0.2)
    yield client
    client.close()
    process.terminate()
    process.wait(timeout=10)


def per_event_objects(text: str) -> list[tuple[str, bytes]]:
    """One CalDAV object per event, with its VTIMEZONE and without METHOD: a calendar
    collection holds no iTIP METHOD (RFC 4791 §4.1), so a client drops it on import."""
    calendar = icalendar.Calendar.from_ical(text)
    timezones = calendar.walk("VTIMEZONE")
    objects = []
    for event in calendar.walk("VEVENT"):
        single = icalendar.Calendar()
        for name in ("PRODID", "VERSION", "CALSCALE"):
            single.add(name, calendar[name])
        for tz in timezones:
            single.add_component(tz)
        single.add_component(event)
        objects.append((str(event["UID"]), single.to_ical()))
    return objects


@pytest.mark.slow
def test_radicale_stores_every_calendar_and_returns_it_unchanged(radicale, outputs, winter_session):
    for index, (name, text) in enumerate(outputs.items()):
        collection = f"/tinget/{name}-{index}/"
        response = radicale.request("MKCALENDAR", collection)
        assert response.status_code == 201, response.text
        for uid, body in per_event_objects(text):
            href = f"{collection}{urllib.parse.quote(uid)}.ics"
            put = radicale.put(href, content=body, headers={"Content-Type": "text/calendar"})
            assert put.status_code == 201, (name, put.text)
            stored = icalendar.Calendar.from_ical(radicale.get(href).content)
            (before,) = icalendar.Calendar.from_ical(body).walk("VEVENT")
            (after,) = stored.walk("VEVENT")
            for prop in ("UID", "SUMMARY", "SEQUENCE", "DESCRIPTION", "STATUS"):
                assert after[prop] == before[prop], (name, prop)
            assert after["DTSTART"].dt == before["DTSTART"].dt, name
            assert after["DTSTART"].params["TZID"] == "Europe/Copenhagen"
        # Radicale's own time-range query finds the 09.00 CET session at 08.00 UTC: the
        # server read our TZID and VTIMEZONE as intended.
        report = radicale.request(
            "REPORT",
            collection,
            headers={"Depth": "1", "Content-Type": "application/xml"},
            content=b"""<?xml version="1.0" encoding="utf-8"?>
<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:prop><D:getetag/></D:prop>
  <C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT">
    <C:time-range start="20270302T075900Z" end="20270302T080100Z"/>
  </C:comp-filter></C:comp-filter></C:filter>
</C:calendar-query>""",
        )
        assert report.status_code == 207
        found = re.findall(r"<href>([^<]+\.ics)</href>", report.text)
        assert found == [f"{collection}{winter_session.uid}%40tinget.ics"], name
