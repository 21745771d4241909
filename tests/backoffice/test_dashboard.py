"""Dashboard figures equal what the raw rows say: each test counts the rows itself."""

import datetime as dt
import random
import re
from collections import Counter, defaultdict

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.backoffice.factories import FeedbackFactory, RegistrationFactory
from tests.factories import ProgrammeItemFactory, SessionFactory
from tinget.backoffice import selectors
from tinget.programme.models import SDG, Municipality, Organisation, Session
from tinget.registrations.models import Feedback, Registration

pytestmark = pytest.mark.django_db

KINDS = [kind for kind, _ in Organisation.Kind.choices] + [""]
# Every status a session without manual approval can hold (awaiting approval and declined
# belong to sessions that approve each sign-up: tests/backoffice/test_approval.py).
STATUSES = [
    s
    for s, _ in Registration.Status.choices
    if s not in (Registration.Status.AWAITING_APPROVAL, Registration.Status.DECLINED)
]


@pytest.fixture
def busy_series(series):
    """Three sessions (one cancelled) and 120 registrations in every state, seeded."""
    rng = random.Random(20270302)
    sessions = [
        SessionFactory(series=series, title="Første", capacity=40),
        SessionFactory(series=series, title="Anden", capacity=None),
        SessionFactory(series=series, title="Aflyst", status=Session.Status.CANCELLED),
    ]
    sessions[0].sdgs.add(SDG.objects.get(number=3), SDG.objects.get(number=11))
    item = ProgrammeItemFactory(session=sessions[1])
    item.sdgs.add(SDG.objects.get(number=11), SDG.objects.get(number=12))
    sessions[2].sdgs.add(SDG.objects.get(number=5))  # cancelled: does not count
    codes = list(Municipality.objects.values_list("code", flat=True))
    some_codes = rng.sample(codes, 15)
    people = [f"person{n}@example.dk" for n in range(60)]
    base = timezone.now() - dt.timedelta(days=20)
    for index in range(120):
        session = sessions[index % 3]
        email = people[rng.randrange(len(people))]
        if Registration.objects.filter(session=session, email__iexact=email).exists():
            continue
        status = rng.choice(STATUSES)
        kind = rng.choice(KINDS)
        registration = RegistrationFactory(
            session=session,
            # Letter case differs between sessions: one person all the same.
            email=email.upper() if index % 5 == 0 else email,
            status=status,
            organisation_kind=kind,
            municipality_id=rng.choice(some_codes) if rng.random() < 0.7 else None,
            created_at=base + dt.timedelta(hours=rng.randrange(0, 20 * 24)),
            attendance=rng.choice(["", "attended", "missed"]),
        )
        if status == "confirmed" and rng.random() < 0.4:
            FeedbackFactory(registration=registration, score=rng.randint(1, 5))
    return series, sessions


def cells(html: str, row_attr: str, key: str) -> dict[str, int]:
    match = re.search(rf'<tr {row_attr}="{re.escape(key)}"[^>]*>(.*?)</tr>', html, re.S)
    assert match, f"no row {row_attr}={key}"
    return {k: int(v) for k, v in re.findall(r'data-figure="(\w+)">(\d+)<', match.group(1))}


def test_series_dashboard_session_counts_equal_the_rows(editor_client, busy_series):
    series, sessions = busy_series
    rows = list(Registration.objects.values("session_id", "status", "attendance"))
    response = editor_client.get(reverse("backoffice:series", kwargs={"slug": series.slug}))
    html = response.content.decode()
    assert sum(1 for r in rows if r["status"] == "confirmed") > 0
    for session in sessions:
        mine = [row for row in rows if row["session_id"] == session.pk]
        expected = {
            "confirmed": sum(1 for r in mine if r["status"] == "confirmed"),
            "waiting": sum(1 for r in mine if r["status"] == "waiting"),
            "capacity": session.capacity if session.capacity is not None else 1000,
            "attended": sum(1 for r in mine if r["attendance"] == "attended"),
            "missed": sum(1 for r in mine if r["attendance"] == "missed"),
        }
        assert cells(html, "data-session", str(session.pk)) == expected


def test_series_dashboard_registrations_per_day_equal_the_rows(editor_client, busy_series):
    series, _ = busy_series
    zone = timezone.get_default_timezone()
    expected = Counter(
        timezone.localtime(created, zone).date().isoformat()
        for created in Registration.objects.filter(status__in=["confirmed", "waiting"]).values_list(
            "created_at", flat=True
        )
    )
    html = editor_client.get(
        reverse("backoffice:series", kwargs={"slug": series.slug})
    ).content.decode()
    shown = {day: int(n) for day, n in re.findall(r'data-period="([\d-]+)">(\d+)<', html)}
    assert {day: n for day, n in shown.items() if n} == dict(expected)
    # Days without registrations in between are shown as zero, not skipped.
    days = sorted(shown)
    first, last = dt.date.fromisoformat(days[0]), dt.date.fromisoformat(days[-1])
    assert len(days) == (last - first).days + 1
    # The chart is SVG with attributes only: no inline styles (the CSP forbids them).
    assert 'role="img"' in html and "<rect" in html
    assert "style=" not in html and "<style" not in html


def test_registrations_over_time_long_span_is_weekly(series):
    session = SessionFactory(series=series)
    start = timezone.make_aware(dt.datetime(2027, 1, 4, 10))  # a Monday
    for days in (0, 1, 6, 7, 70, 71):
        RegistrationFactory(session=session, created_at=start + dt.timedelta(days=days))
    RegistrationFactory(session=session, created_at=start, status="cancelled")
    chart = selectors.registrations_over_time(series)
    assert chart.weekly
    counts = {bar.start.isoformat(): bar.count for bar in chart.bars}
    assert counts["2027-01-04"] == 3
    assert counts["2027-01-11"] == 1
    assert counts["2027-03-15"] == 2
    assert sum(counts.values()) == 6
    assert len(chart.bars) == 11


def test_series_dashboard_reach_by_kind_counts_people_once(editor_client, busy_series):
    series, _ = busy_series
    per_kind = defaultdict(set)
    everyone = set()
    for kind, email in Registration.objects.filter(status="confirmed").values_list(
        "organisation_kind", "email"
    ):
        per_kind[kind].add(email.lower())
        everyone.add(email.lower())
    html = editor_client.get(
        reverse("backoffice:series", kwargs={"slug": series.slug})
    ).content.decode()
    shown = {kind: int(n) for kind, n in re.findall(r'data-kind="(\w*)">(\d+)<', html)}
    expected = {kind: len(per_kind.get(kind, ())) for kind, _ in Organisation.Kind.choices}
    if per_kind.get(""):
        expected[""] = len(per_kind[""])
    assert shown == expected
    _, total = selectors.reach_by_kind(series)
    assert total == len(everyone)
    assert f"{len(everyone)} personer" in html or f"{len(everyone)} people" in html


def test_series_dashboard_municipalities_by_region_equal_the_rows(editor_client, busy_series):
    series, _ = busy_series
    reached = set(
        Registration.objects.filter(status="confirmed", municipality__isnull=False).values_list(
            "municipality_id", flat=True
        )
    )
    html = editor_client.get(
        reverse("backoffice:series", kwargs={"slug": series.slug})
    ).content.decode()
    assert f'data-reached="{len(reached)}"' in html
    regions = defaultdict(list)
    for municipality in Municipality.objects.all():
        regions[municipality.region].append(municipality)
    assert len(regions) == 5
    assert sum(len(v) for v in regions.values()) == 98
    for region, members in regions.items():
        figures = cells(html, "data-region", region)
        assert figures == {
            "reached": sum(1 for m in members if m.code in reached),
            "total": len(members),
        }
        row = re.search(rf'<tr data-region="{region}">(.*?)</tr>', html, re.S).group(1)
        for municipality in members:
            # The "not reached yet" list names exactly the others.
            listed = re.search(r'class="not-reached">(.*?)</td>', row, re.S).group(1)
            names = {name.strip() for name in listed.split(",")}
            assert (municipality.name in names) == (municipality.code not in reached)


def test_series_dashboard_sdgs_cover_sessions_and_items_not_cancelled(editor_client, busy_series):
    series, _ = busy_series
    html = editor_client.get(
        reverse("backoffice:series", kwargs={"slug": series.slug})
    ).content.decode()
    covered = set(re.findall(r'class="sdg-covered" data-sdg="(\d+)"', html))
    assert covered == {"3", "11", "12"}
    assert len(re.findall(r'data-sdg="\d+"', html)) == 17
    row = re.search(r'data-sdg="11">(.*?)</tr>', html, re.S).group(1)
    assert "Første" in row and "Anden" in row and "Aflyst" not in row


def test_dashboards_feedback_average_equals_the_rows(editor_client, busy_series):
    series, sessions = busy_series
    scores = list(Feedback.objects.values_list("score", flat=True))
    assert scores
    html = editor_client.get(
        reverse("backoffice:series", kwargs={"slug": series.slug})
    ).content.decode()
    average = f"{sum(scores) / len(scores):.1f}".replace(".", ",")
    assert f'data-feedback-count="{len(scores)}"' in html
    assert f"{average} af 5" in html or f"{average} of 5" in html
    session = sessions[0]
    mine = list(
        Feedback.objects.filter(registration__session=session).values_list("score", flat=True)
    )
    page = editor_client.get(reverse("backoffice:session", kwargs={"pk": session.pk}))
    text = page.content.decode()
    for score in range(1, 6):
        assert f'data-score="{score}">{mine.count(score)}<' in text


def test_session_dashboard_figures_equal_the_rows(editor_client, busy_series):
    _, sessions = busy_series
    session = sessions[1]
    rows = list(Registration.objects.filter(session=session).values("status", "attendance"))
    html = editor_client.get(
        reverse("backoffice:session", kwargs={"pk": session.pk})
    ).content.decode()
    shown = {k: int(v) for k, v in re.findall(r'data-figure="(\w+)">(\d+)<', html)}
    assert shown == {
        "confirmed": sum(1 for r in rows if r["status"] == "confirmed"),
        "capacity": 1000,
        "waiting": sum(1 for r in rows if r["status"] == "waiting"),
        "pending": sum(1 for r in rows if r["status"] == "pending"),
        "cancelled": sum(1 for r in rows if r["status"] == "cancelled"),
        "attended": sum(1 for r in rows if r["attendance"] == "attended"),
        "missed": sum(1 for r in rows if r["attendance"] == "missed"),
    }


def test_series_dashboard_runs_a_fixed_number_of_queries(editor_client, series):
    url = reverse("backoffice:series", kwargs={"slug": series.slug})

    def queries_for(n):
        for _ in range(n):
            session = SessionFactory(series=series)
            RegistrationFactory(session=session)
        with CaptureQueriesContext(connection) as captured:
            assert editor_client.get(url).status_code == 200
        return len(captured.captured_queries)

    assert queries_for(1) == queries_for(2)
