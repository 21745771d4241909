"""Reads for the organiser screens: dashboard figures, the registrant list and the outbox.

Definitions (the dashboard states them too, and the tests compute them the same way from
the raw rows):

* confirmed / waiting: registrations of a session in that status now (people awaiting an
  organiser's approval hold no seat and are counted apart, as "awaiting approval");
* registrations over time: the series' current registrations (confirmed or waiting), by
  the Copenhagen date they signed up (`created_at`); by week when they span over 60 days;
* reach: distinct people (email, ignoring case) with a confirmed registration in the series;
  per kind of organisation, a person is counted once in each kind they gave;
* municipalities reached: the distinct municipalities on confirmed registrations, out of
  the 98, by region;
* SDGs covered: goals tagged on a session or on one of its programme items, for the
  series' sessions that are not cancelled;
* feedback: the mean score (1-5) and the number of answers.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Avg, Count, Q, QuerySet
from django.db.models.functions import Lower, TruncDate
from django.utils.translation import gettext_lazy

from tinget.mailings.models import OutboundEmail
from tinget.programme.models import SDG, Municipality, Organisation, ProgrammeItem, Series, Session
from tinget.registrations.models import Feedback, Participant, Registration, SeriesQuestion

Status = Registration.Status
Attendance = Registration.Attendance
CURRENT = (Status.CONFIRMED, Status.WAITING)
# Over this many days the chart shows weeks instead of days.
DAILY_SPAN_DAYS = 60
YES_NO = {"yes": gettext_lazy("Yes"), "no": gettext_lazy("No")}


def _zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def sessions_with_counts(series: Series) -> QuerySet[Session]:
    """The series' sessions with confirmed, waiting, attended, missed and feedback figures."""
    return (
        Session.objects.filter(series=series)
        .select_related("series")
        .annotate(
            n_confirmed=Count("registrations", filter=Q(registrations__status=Status.CONFIRMED)),
            n_waiting=Count("registrations", filter=Q(registrations__status=Status.WAITING)),
            n_awaiting=Count(
                "registrations", filter=Q(registrations__status=Status.AWAITING_APPROVAL)
            ),
            n_attended=Count(
                "registrations", filter=Q(registrations__attendance=Attendance.ATTENDED)
            ),
            n_missed=Count("registrations", filter=Q(registrations__attendance=Attendance.MISSED)),
            n_feedback=Count("registrations__feedback"),
            feedback_avg=Avg("registrations__feedback__score"),
        )
        .order_by("starts_at", "id")
    )


@dataclass
class Bar:
    label: str
    start: dt.date
    count: int
    # Geometry for the server-rendered SVG (attributes, never inline styles).
    x: float = 0
    y: float = 0
    width: float = 0
    height: float = 0


@dataclass
class Chart:
    bars: list[Bar]
    weekly: bool
    max_count: int
    total: int
    width: int = 640
    height: int = 200
    ticks: list[tuple[float, int]] = field(default_factory=list)


def _week_label(start: dt.date) -> str:
    year, week, _ = start.isocalendar()
    return f"{year}-W{week:02d}"


def registrations_over_time(series: Series) -> Chart:
    """Current registrations per day (or per week) of sign-up, gaps filled with zero."""
    rows = (
        Registration.objects.filter(session__series=series, status__in=CURRENT)
        .annotate(day=TruncDate("created_at", tzinfo=_zone()))
        .values("day")
        .annotate(n=Count("id"))
        .order_by("day")
    )
    per_day = {row["day"]: row["n"] for row in rows}
    if not per_day:
        return Chart(bars=[], weekly=False, max_count=0, total=0)
    first, last = min(per_day), max(per_day)
    weekly = (last - first).days > DAILY_SPAN_DAYS
    bars: list[Bar] = []
    if weekly:
        start = first - dt.timedelta(days=first.weekday())
        buckets: Counter = Counter()
        for day, n in per_day.items():
            buckets[day - dt.timedelta(days=day.weekday())] += n
        while start <= last:
            bars.append(Bar(_week_label(start), start, buckets.get(start, 0)))
            start += dt.timedelta(days=7)
    else:
        day = first
        while day <= last:
            bars.append(Bar(day.isoformat(), day, per_day.get(day, 0)))
            day += dt.timedelta(days=1)
    chart = Chart(
        bars=bars,
        weekly=weekly,
        max_count=max(bar.count for bar in bars),
        total=sum(bar.count for bar in bars),
    )
    _layout(chart)
    return chart


def _layout(chart: Chart) -> None:
    left, bottom, top = 40, 24, 8
    inner_w = chart.width - left - 8
    inner_h = chart.height - bottom - top
    slot = inner_w / len(chart.bars)
    for index, bar in enumerate(chart.bars):
        bar.width = round(max(1.0, slot * 0.8), 2)
        bar.x = round(left + index * slot + slot * 0.1, 2)
        bar.height = round(inner_h * bar.count / chart.max_count, 2) if chart.max_count else 0
        bar.y = round(top + inner_h - bar.height, 2)
    steps = sorted({0, chart.max_count // 2, chart.max_count})
    chart.ticks = [(round(top + inner_h - inner_h * s / chart.max_count, 2), s) for s in steps]


@dataclass
class KindReach:
    kind: str
    label: str
    people: int


def reach_by_kind(series: Series) -> tuple[list[KindReach], int]:
    """Distinct people with a confirmed registration, per kind of organisation, and in all."""
    confirmed = Registration.objects.filter(session__series=series, status=Status.CONFIRMED)
    rows = (
        confirmed.values("organisation_kind")
        .annotate(people=Count(Lower("email"), distinct=True))
        .order_by("organisation_kind")
    )
    labels = dict(Organisation.Kind.choices)
    counts = {row["organisation_kind"]: row["people"] for row in rows}
    result = [KindReach(kind, str(label), counts.get(kind, 0)) for kind, label in labels.items()]
    if counts.get(""):
        result.append(KindReach("", "", counts[""]))
    total = confirmed.aggregate(n=Count(Lower("email"), distinct=True))["n"]
    return result, total


@dataclass
class RegionReach:
    region: str
    total: int
    reached: list[Municipality]
    not_reached: list[Municipality]


@dataclass
class MunicipalityReach:
    regions: list[RegionReach]
    reached: int
    total: int


def municipality_reach(series: Series) -> MunicipalityReach:
    """Which of the 98 municipalities have someone with a confirmed registration, by region."""
    reached_codes = set(
        Registration.objects.filter(
            session__series=series, status=Status.CONFIRMED, municipality__isnull=False
        )
        .values_list("municipality_id", flat=True)
        .distinct()
    )
    by_region: dict[str, RegionReach] = {}
    for municipality in Municipality.objects.order_by("region", "name"):
        region = by_region.setdefault(
            municipality.region, RegionReach(municipality.region, 0, [], [])
        )
        region.total += 1
        (region.reached if municipality.code in reached_codes else region.not_reached).append(
            municipality
        )
    regions = list(by_region.values())
    return MunicipalityReach(
        regions=regions,
        reached=sum(len(region.reached) for region in regions),
        total=sum(region.total for region in regions),
    )


@dataclass
class SDGCoverage:
    sdg: SDG
    sessions: list[Session]

    @property
    def covered(self) -> bool:
        return bool(self.sessions)


def sdg_coverage(series: Series, sessions: list[Session]) -> list[SDGCoverage]:
    """All 17 goals with the series' (not cancelled) sessions that cover each."""
    live = {s.pk: s for s in sessions if s.status != Session.Status.CANCELLED}
    by_goal: dict[int, set[int]] = defaultdict(set)
    for session_id, number in Session.sdgs.through.objects.filter(session_id__in=live).values_list(
        "session_id", "sdg_id"
    ):
        by_goal[number].add(session_id)
    for session_id, number in ProgrammeItem.sdgs.through.objects.filter(
        programmeitem__session_id__in=live
    ).values_list("programmeitem__session_id", "sdg_id"):
        by_goal[number].add(session_id)
    return [
        SDGCoverage(sdg, [s for pk, s in live.items() if pk in by_goal.get(sdg.number, ())])
        for sdg in SDG.objects.order_by("number")
    ]


@dataclass
class SeriesDashboard:
    series: Series
    sessions: list[Session]
    chart: Chart
    kinds: list[KindReach]
    people: int
    municipalities: MunicipalityReach
    sdgs: list[SDGCoverage]
    feedback_avg: float | None
    feedback_count: int

    @property
    def sdgs_covered(self) -> int:
        return sum(1 for item in self.sdgs if item.covered)


def series_dashboard(series: Series) -> SeriesDashboard:
    sessions = list(sessions_with_counts(series))
    kinds, people = reach_by_kind(series)
    feedback = Feedback.objects.filter(registration__session__series=series).aggregate(
        avg=Avg("score"), n=Count("id")
    )
    return SeriesDashboard(
        series=series,
        sessions=sessions,
        chart=registrations_over_time(series),
        kinds=kinds,
        people=people,
        municipalities=municipality_reach(series),
        sdgs=sdg_coverage(series, sessions),
        feedback_avg=feedback["avg"],
        feedback_count=feedback["n"],
    )


@dataclass
class SessionFigures:
    pending: int
    confirmed: int
    waiting: int
    awaiting: int
    declined: int
    cancelled: int
    attended: int
    missed: int
    consented: int
    capacity: int
    feedback_avg: float | None
    feedback_count: int
    feedback_scores: list[tuple[int, int]]  # (score, how many), 1..5


def session_figures(session: Session) -> SessionFigures:
    registrations = Registration.objects.filter(session=session)
    counts = registrations.aggregate(
        pending=Count("id", filter=Q(status=Status.PENDING)),
        confirmed=Count("id", filter=Q(status=Status.CONFIRMED)),
        waiting=Count("id", filter=Q(status=Status.WAITING)),
        awaiting=Count("id", filter=Q(status=Status.AWAITING_APPROVAL)),
        declined=Count("id", filter=Q(status=Status.DECLINED)),
        cancelled=Count("id", filter=Q(status=Status.CANCELLED)),
        attended=Count("id", filter=Q(attendance=Attendance.ATTENDED)),
        missed=Count("id", filter=Q(attendance=Attendance.MISSED)),
        consented=Count("id", filter=Q(consented_at__isnull=False)),
    )
    scores = dict(
        Feedback.objects.filter(registration__session=session)
        .values("score")
        .annotate(n=Count("id"))
        .values_list("score", "n")
    )
    total = sum(scores.values())
    average = sum(score * n for score, n in scores.items()) / total if total else None
    return SessionFigures(
        **counts,
        capacity=session.effective_capacity,
        feedback_avg=average,
        feedback_count=total,
        feedback_scores=[(score, scores.get(score, 0)) for score in range(1, 6)],
    )


def registrant_list(session: Session, filters: dict) -> QuerySet[Registration]:
    """The session's registrations, filtered; one query per page with the municipality."""
    queryset = Registration.objects.filter(session=session).select_related("municipality")
    if query := filters.get("q"):
        queryset = queryset.filter(
            Q(name__icontains=query) | Q(email__icontains=query) | Q(organisation__icontains=query)
        )
    if status := filters.get("status"):
        queryset = queryset.filter(status=status)
    if kind := filters.get("kind"):
        queryset = queryset.filter(organisation_kind=kind)
    if municipality := filters.get("municipality"):
        queryset = queryset.filter(municipality=municipality)
    if (attended := filters.get("attended")) is not None and attended != "all":
        queryset = queryset.filter(attendance=attended)
    return queryset.order_by("created_at", "id")


def in_attendance_report(session: Session, registration_ids) -> set[int]:
    """Which of these registrations the session's Teams report shows (one query)."""
    return set(
        Participant.objects.filter(
            attendance_import__session=session, registration_id__in=list(registration_ids)
        ).values_list("registration_id", flat=True)
    )


# --- answers to the series' extra questions -------------------------------------------------


@dataclass(frozen=True)
class Answer:
    question: str
    answer: str


def _shown(value, kind: str | None) -> str:
    """An answer as the organiser reads it: yes/no questions store "yes"/"no"."""
    if kind == SeriesQuestion.Kind.YESNO and value in YES_NO:
        return str(YES_NO[value])
    return "" if value is None else str(value)


def answer_cells(registration: Registration, questions: list[SeriesQuestion]) -> list[str]:
    """One cell per current question, in the form's order ("" when not answered)."""
    stored = registration.answers if isinstance(registration.answers, dict) else {}
    cells = []
    for question in questions:
        entry = stored.get(str(question.pk))
        value = entry.get("answer") if isinstance(entry, dict) else entry
        cells.append(_shown(value, question.kind))
    return cells


def answer_list(registration: Registration, questions: list[SeriesQuestion]) -> list[Answer]:
    """Every answer the person gave: current questions first, in the form's order, then
    answers to questions removed since (with the wording the person was asked)."""
    stored = registration.answers if isinstance(registration.answers, dict) else {}
    result = []
    known = set()
    for question in questions:
        known.add(str(question.pk))
        entry = stored.get(str(question.pk))
        if entry in (None, ""):
            continue
        value = entry.get("answer") if isinstance(entry, dict) else entry
        result.append(Answer(question.label, _shown(value, question.kind)))
    for key, entry in stored.items():
        if key in known:
            continue
        if isinstance(entry, dict):
            result.append(Answer(str(entry.get("question", "")), _shown(entry.get("answer"), None)))
        else:
            result.append(Answer("", _shown(entry, None)))
    return result


@dataclass
class SeriesOverview:
    """One row of the organiser's start page: the series and its next session with figures."""

    series: Series
    next_session: Session | None
    sessions: int
    can_edit: bool


def start_page(series: QuerySet[Series], editable_ids: set[int]) -> list[SeriesOverview]:
    """The user's series (drafts included), each with its next scheduled session and that
    session's confirmed and waiting figures: three queries whatever the number of series."""
    rows = list(series.annotate(n_sessions=Count("sessions", distinct=True)).order_by("title"))
    upcoming = (
        Session.objects.filter(
            series__in=[row.pk for row in rows],
            status=Session.Status.SCHEDULED,
            ends_at__gt=dt.datetime.now(dt.UTC),
        )
        .select_related("series")
        .annotate(
            n_confirmed=Count("registrations", filter=Q(registrations__status=Status.CONFIRMED)),
            n_waiting=Count("registrations", filter=Q(registrations__status=Status.WAITING)),
            n_awaiting=Count(
                "registrations", filter=Q(registrations__status=Status.AWAITING_APPROVAL)
            ),
        )
        .order_by("starts_at", "id")
    )
    first: dict[int, Session] = {}
    for session in upcoming:
        first.setdefault(session.series_id, session)
    return [
        SeriesOverview(
            series=row,
            next_session=first.get(row.pk),
            sessions=row.n_sessions,
            can_edit=row.pk in editable_ids,
        )
        for row in rows
    ]


# --- the series' outbox ---------------------------------------------------------------------


def series_outbox(series: Series, filters: dict) -> QuerySet[OutboundEmail]:
    """The emails to registrants of the series' sessions, newest first, filtered by session,
    status and kind; the registration and its session come in the same query."""
    queryset = OutboundEmail.objects.filter(registration__session__series=series).select_related(
        "registration__session__series"
    )
    if session := filters.get("session"):
        queryset = queryset.filter(registration__session=session)
    if status := filters.get("status"):
        queryset = queryset.filter(status=status)
    if kind := filters.get("kind"):
        queryset = queryset.filter(template=kind)
    return queryset.order_by("-created_at", "-id")
