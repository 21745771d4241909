"""Reads for the public pages: one place that decides what is public and how it is fetched.

Every page fetches a fixed number of queries whatever the amount of content: related rows
come through select_related (one-to-one direction) or Prefetch (lists), never a query per row.
Only published series and what belongs to them are public; drafts stay invisible.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Min, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from .models import (
    SDG,
    Appearance,
    Material,
    Organisation,
    Person,
    ProgrammeItem,
    Series,
    SeriesPartner,
    Session,
)
from .permissions import can_view_series

PUBLISHED = Series.Status.PUBLISHED
# However far away the next change of "upcoming" to "past" is, a cached series page is
# rendered again at least this often (it also keeps "this year" in dates honest).
MAX_CACHE_SECONDS = 3600


def published_series() -> QuerySet[Series]:
    return Series.objects.filter(status=PUBLISHED)


def _appearances() -> QuerySet[Appearance]:
    return Appearance.objects.select_related("person", "organisation")


def _items() -> QuerySet[ProgrammeItem]:
    return ProgrammeItem.objects.prefetch_related(
        Prefetch("appearances", queryset=_appearances()),
        "sdgs",
        "materials",
    )


def session_prefetches() -> tuple:
    """Everything a session block shows: items with speakers, tags and materials."""
    return (
        Prefetch("items", queryset=_items()),
        "sdgs",
        Prefetch(
            "materials",
            queryset=Material.objects.filter(item__isnull=True),
            to_attr="session_materials",
        ),
    )


def _partnerships() -> QuerySet[SeriesPartner]:
    return SeriesPartner.objects.select_related("organisation")


def get_published_series(slug: str) -> Series:
    """The series with its moderator; raises Http404 for drafts and unknown slugs."""
    try:
        return (
            published_series().select_related("moderator", "moderator__organisation").get(slug=slug)
        )
    except Series.DoesNotExist:
        raise Http404("No such series") from None


def get_series_for(user, slug: str) -> Series:
    """The published series, or a draft when ``user`` may open it (its organisers preview
    it as visitors will see it); Http404 for everyone else."""
    try:
        return get_published_series(slug)
    except Http404:
        series = Series.objects.select_related("moderator", "moderator__organisation").filter(
            slug=slug
        )
        draft = series.first()
        if draft is None or not can_view_series(user, draft):
            raise
        return draft


@dataclass
class SeriesProgramme:
    """A series' public content, split into what is ahead and what has happened."""

    series: Series
    partnerships: list[SeriesPartner]
    sdgs: list[SDG]
    upcoming: list[Session] = field(default_factory=list)
    past: list[Session] = field(default_factory=list)
    now: object = None

    def valid_until(self):
        """When this split into upcoming and past stops being true (at most an hour ahead)."""
        limit = self.now + dt.timedelta(seconds=MAX_CACHE_SECONDS)
        # A sign-up deadline takes the "Sign up" button away.
        deadlines = [
            s.signup_deadline
            for s in self.upcoming
            if s.signup_deadline is not None and s.signup_deadline > self.now
        ]
        return min([s.ends_at for s in self.upcoming] + deadlines + [limit])

    def cache_seconds(self) -> int:
        return max(1, int((self.valid_until() - self.now).total_seconds()) + 1)


def split_by_time(sessions, now) -> tuple[list[Session], list[Session]]:
    """Upcoming (not yet ended, cancelled ones included so people see it) and past."""
    upcoming = [s for s in sessions if s.ends_at > now]
    past = [s for s in sessions if s.ends_at <= now]
    return upcoming, past


def series_programme(series: Series) -> SeriesProgramme:
    """Partners, goals and every session with items, speakers and materials: 9 queries."""
    now = timezone.now()
    partnerships = list(_partnerships().filter(series=series))
    sdgs = list(series.sdgs.all())
    # Through the related manager each session knows its series without another query.
    sessions = list(series.sessions.prefetch_related(*session_prefetches()))
    upcoming, past = split_by_time(sessions, now)
    return SeriesProgramme(series, partnerships, sdgs, upcoming, past, now)


def get_public_session(slug: str, pk: int, user=None) -> Session:
    """A session of a published series (or of a draft ``user`` may open), with everything
    its page shows; Http404 otherwise."""
    series = Series.objects.filter(slug=slug).first()
    if series is None or not (series.is_published or (user and can_view_series(user, series))):
        raise Http404("No such session")
    queryset = (
        Session.objects.filter(series=series)
        .select_related("series", "series__moderator")
        .prefetch_related(
            *session_prefetches(),
            Prefetch("series__partnerships", queryset=_partnerships()),
        )
    )
    try:
        return queryset.get(pk=pk)
    except Session.DoesNotExist:
        raise Http404("No such session") from None


def front_page_series() -> QuerySet[Series]:
    return published_series().prefetch_related(
        Prefetch("partnerships", queryset=_partnerships()),
        "sdgs",
        Prefetch(
            "sessions",
            queryset=Session.objects.filter(ends_at__gt=timezone.now()),
            to_attr="upcoming_sessions",
        ),
    )


def upcoming_public_sessions(limit: int = 12) -> QuerySet[Session]:
    return (
        Session.objects.filter(series__status=PUBLISHED, ends_at__gt=timezone.now())
        .select_related("series")
        .prefetch_related("sdgs")
        .order_by("starts_at", "id")[:limit]
    )


def _public_appearances() -> QuerySet[Appearance]:
    return (
        Appearance.objects.filter(item__session__series__status=PUBLISHED)
        .select_related("person", "organisation", "item__session__series")
        .order_by("-item__session__starts_at", "item__order", "order")
    )


@dataclass
class PersonPage:
    person: Person
    appearances: list[Appearance]
    moderated: list[Series]


def person_page(slug: str) -> PersonPage:
    try:
        person = Person.objects.select_related("organisation").get(slug=slug)
    except Person.DoesNotExist:
        raise Http404("No such person") from None
    appearances = list(_public_appearances().filter(person=person))
    moderated = list(published_series().filter(moderator=person))
    if not appearances and not moderated:
        # Someone who only appears in drafts (or nowhere yet) is not announced.
        raise Http404("No public role")
    return PersonPage(person, appearances, moderated)


@dataclass
class OrganisationPage:
    organisation: Organisation
    people: list[Person]
    partnerships: list[SeriesPartner]
    appearances: list[Appearance]
    partner_sessions: list[Session] = field(default_factory=list)


def organisation_page(slug: str) -> OrganisationPage:
    try:
        organisation = Organisation.objects.select_related("municipality").get(slug=slug)
    except Organisation.DoesNotExist:
        raise Http404("No such organisation") from None
    partnerships = list(
        SeriesPartner.objects.filter(organisation=organisation, series__status=PUBLISHED)
        .select_related("series")
        .order_by("series__title")
    )
    # A talk counts for the organisation the speaker represented then; when no organisation
    # was linked on the talk, for the one they belong to now.
    appearances = list(
        _public_appearances().filter(
            Q(organisation=organisation)
            | Q(organisation__isnull=True, person__organisation=organisation)
        )
    )
    people = list(
        organisation.people.filter(
            Q(appearances__item__session__series__status=PUBLISHED)
            | Q(moderated_series__status=PUBLISHED)
        )
        .distinct()
        .order_by("name")
    )
    if not (partnerships or appearances or people):
        # Known only from drafts: nothing about it has been announced yet.
        raise Http404("Nothing public")
    partner_sessions = list(
        Session.objects.filter(
            series__status=PUBLISHED, series__partnerships__organisation=organisation
        )
        .exclude(status=Session.Status.CANCELLED)
        .select_related("series")
        .order_by("-starts_at", "-id")
    )
    return OrganisationPage(organisation, people, partnerships, appearances, partner_sessions)


def series_partnerships(series: Series) -> list[SeriesPartner]:
    """The partners in their order, with their organisations (logos), for the header."""
    return list(_partnerships().filter(series=series))


@dataclass
class Speaker:
    """A person with their public talks (in one series, or across the site) and the series
    they moderate."""

    person: Person
    appearances: list[Appearance] = field(default_factory=list)
    moderated: list[Series] = field(default_factory=list)


def _speakers(appearances, moderated_series) -> list[Speaker]:
    by_person: dict[int, Speaker] = {}
    for appearance in appearances:
        speaker = by_person.setdefault(appearance.person_id, Speaker(appearance.person))
        speaker.appearances.append(appearance)
    for series in moderated_series:
        speaker = by_person.setdefault(series.moderator_id, Speaker(series.moderator))
        speaker.moderated.append(series)
    return sorted(by_person.values(), key=lambda s: (s.person.name.casefold(), s.person.pk))


def series_speakers(series: Series) -> list[Speaker]:
    """Everyone on the series' programme and its moderator, by name: 1 query. The caller
    decides who may see the series (get_series_for: a draft only for its organisers)."""
    appearances = (
        Appearance.objects.filter(item__session__series=series)
        .select_related("person__organisation", "organisation", "item__session__series")
        .order_by("item__session__starts_at", "item__order", "order")
    )
    moderated = [series] if series.moderator_id else []
    return _speakers(appearances, moderated)


def all_speakers() -> list[Speaker]:
    """Everyone who spoke in or moderates a published series, by name: 2 queries."""
    appearances = _public_appearances().select_related("person__organisation")
    moderated = (
        published_series().filter(moderator__isnull=False).select_related("moderator__organisation")
    )
    return _speakers(appearances, moderated)


def _archived_sessions() -> QuerySet[Session]:
    """Sessions that have ended and were not cancelled, newest first, with their programme
    items and every material (recordings, slides, links)."""
    return (
        Session.objects.filter(ends_at__lte=timezone.now())
        .exclude(status=Session.Status.CANCELLED)
        .select_related("series")
        .prefetch_related(
            Prefetch("items", queryset=ProgrammeItem.objects.order_by("order", "id")),
            Prefetch("materials", queryset=Material.objects.order_by("order", "id")),
        )
        .order_by("-starts_at", "-id")
    )


def series_archive(series: Series) -> list[Session]:
    """The series' past webinars with their materials, newest first: 3 queries. The caller
    decides who may see the series (get_series_for)."""
    return list(_archived_sessions().filter(series=series))


def archive() -> list[Session]:
    """Every past webinar of every published series with its materials: 3 queries."""
    return list(_archived_sessions().filter(series__status=PUBLISHED))


@dataclass
class SDGPage:
    sdg: SDG
    series: list[Series]
    upcoming: list[Session]
    past: list[Session]


def sdg_page(number: int) -> SDGPage:
    try:
        sdg = SDG.objects.get(number=number)
    except SDG.DoesNotExist:
        raise Http404("No such goal") from None
    tagged = (
        Session.objects.filter(series__status=PUBLISHED)
        .filter(Q(sdgs=sdg) | Q(items__sdgs=sdg))
        .distinct()
        .select_related("series")
        .prefetch_related(
            Prefetch("items", queryset=ProgrammeItem.objects.filter(sdgs=sdg), to_attr="tagged")
        )
        .order_by("starts_at", "id")
    )
    upcoming, past = split_by_time(list(tagged), timezone.now())
    series = list(published_series().filter(sdgs=sdg))
    return SDGPage(sdg, series, upcoming, list(reversed(past)))


def next_public_change() -> dt.datetime | None:
    """When a public page next changes by itself: the next start or end of a scheduled session
    (it moves from "upcoming" to "now" to "past") or sign-up deadline (the form closes). Used
    by the whole-page cache."""
    now = timezone.now()
    sessions = Session.objects.filter(status=Session.Status.SCHEDULED)
    starts = sessions.filter(starts_at__gt=now).aggregate(at=Min("starts_at"))["at"]
    ends = sessions.filter(ends_at__gt=now).aggregate(at=Min("ends_at"))["at"]
    deadlines = sessions.filter(signup_deadline__gt=now).aggregate(at=Min("signup_deadline"))
    moments = (starts, ends, deadlines["at"])
    return min((at for at in moments if at is not None), default=None)
