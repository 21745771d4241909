"""The demo: the seed's webinar series, written into the project as data.

Facts come from the seed page (titles, names, roles and organisations as printed, clock times,
the spacing between sessions, the partners, the practical information); the prose (series
description, talk descriptions, the recap) is our own wording. The seed gives no year, so the
dates are placed around the day the demo runs: the first session two weeks ago (or up to three
days earlier, so that every session falls on a weekday), the second 31 days after it and the
third 7 days after that, all at 09.00-10.00 Copenhagen time.

Loading is idempotent: rows are found by fixed keys (the series slug, fixed session UIDs,
item order, person and organisation names) and brought back to the demo's content, so a
second run leaves the same rows. Dates move only when the first session is no longer past
or the second no longer ahead. Sessions an organiser added to the demo series are left alone.
"""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from . import services
from .models import (
    Appearance,
    Material,
    Organisation,
    Person,
    ProgrammeItem,
    Series,
    SeriesPartner,
    Session,
)

CPH = ZoneInfo("Europe/Copenhagen")
SERIES_SLUG = "kommunerne-som-accelerator"
SERIES_TITLE = "Kommunerne som accelerator af den bæredygtige transformation"
PARTNER_PART = "fagligt udviklet af"
CONTACT = "csrforum@csrforum.dk"
PLATFORM = "Microsoft Teams"
# The seed's spacing: 1 October → 1 November → 8 November.
DAYS_AGO_FIRST = 14
GAPS = (31, 7)
START, END = dt.time(9, 0), dt.time(10, 0)

ORGANISER_USERNAME = "organisator"
ADMIN_USERNAME = "admin"

_NAMESPACE = uuid.UUID("5b0d6a52-7c1e-4f3b-9a55-2a5ff12eb48f")

ORGANISATIONS = {
    # name: (kind, website); kommuner get their kind and code from get_or_create_organisation.
    "CSR Forum": (Organisation.Kind.ASSOCIATION, "https://csrforum.dk/"),
    "SDG Leadership": (Organisation.Kind.COMPANY, ""),
    "KL": (Organisation.Kind.ASSOCIATION, "https://www.kl.dk/"),
    "Bureau Veritas": (Organisation.Kind.COMPANY, "https://www.bureauveritas.dk/"),
    "Cphfacilitation": (Organisation.Kind.COMPANY, ""),
    "FN17 Business center": (Organisation.Kind.OTHER, ""),
    "Gentofte Kommune": (Organisation.Kind.MUNICIPALITY, "https://gentofte.dk/"),
    "Nyborg Kommune": (Organisation.Kind.MUNICIPALITY, "https://www.nyborg.dk/"),
}
PARTNERS = ["CSR Forum", "SDG Leadership", "KL", "Bureau Veritas"]

PEOPLE = {
    # name: (current role, current organisation, short bio in our words)
    "Flemming Olsen": (
        "tidl. direktør i Herlev Kommune",
        "Cphfacilitation",
        "Rækkens faste moderator. Kommer fra Cphfacilitation og har tidligere været direktør "
        "i Herlev Kommune.",
    ),
    "Maria Maarbjerg": (
        "udviklingskonsulent med verdensmålsfokus",
        "Gentofte Kommune",
        "Arbejder i Gentofte Kommune med at gøre verdensmålene til lokal handling.",
    ),
    "Steen Hildebrandt": (
        "",
        None,
        "Har i en årrække rejst rundt til kommuner i hele landet og talt med borgmestre, "
        "lokalpolitikere og embedsfolk om verdensmålene og bæredygtig udvikling.",
    ),
    "Carsten Stenrøjl": (
        "bestyrelsesformand",
        "FN17 Business center",
        "Formand for bestyrelsen i FN17 Business center i Viborg.",
    ),
    "Babak Djarah": (
        "Erhvervs- og Udviklingschef",
        "Nyborg Kommune",
        "Står for erhverv og udvikling i Nyborg Kommune.",
    ),
}
MODERATOR = "Flemming Olsen"

SERIES_DESCRIPTION = """\
Hvordan kan kommunerne drive den grønne og bæredygtige omstilling – og hvordan bliver \
verdensmålene et fælles sprog for politikere, ledere, medarbejdere, borgere og virksomheder?

Webinarrækken samler erfaringer fra kommuner i hele landet. Hver session varer en time og \
byder på korte oplæg efterfulgt af spørgsmål og drøftelse. Rækken er fagligt udviklet af \
CSR Forum, SDG Leadership, KL og Bureau Veritas i samarbejde med en række kommuner.
"""

RECAP = """\
Rækkens første webinar handlede om, hvad borgerne forventer af deres kommune, når det gælder \
klima, miljø og grøn omstilling – og hvad ledelsen kan gøre ved det.

- **Hvad borgerne mener.** Flemming Olsen gennemgik analyserne fra KMD og Epinion af, hvor \
meget klima, miljø og bæredygtig omstilling betyder for borgerne i kommunerne, og lagde op til \
en snak om, hvad tallene kræver af det lokale arbejde.
- **Verdensmålene kræver ledelse.** Maria Maarbjerg fortalte, hvordan Gentofte Kommune bruger \
verdensmålene til at se kommunens kerneopgaver i sammenhæng – fra økonomi og skole til det \
sociale område og klimaet. Når de nye handleplaner skal føres ud i livet i den kommende \
byrådsperiode, er det ledelsens opgave at holde fast i den helhed.

Gentofte Kommune har lavet en podcast om at lede bæredygtig udvikling sammen med LYDPOL; du \
finder den under materialer.
"""

SESSIONS = [
    {
        "key": "session-1",
        "title": "",
        "status": Session.Status.HELD,
        "recap": RECAP,
        "sdgs": [11, 13, 17],
        "items": [
            {
                "title": (
                    "Præsentation af analyserne fra KMD og Epinion om hvilken betydning "
                    "borgerne tillægger klima, miljø og bæredygtig omstilling i kommunerne"
                ),
                "description": (
                    "Hvor højt prioriterer borgerne klima, miljø og grøn omstilling i deres "
                    "egen kommune? Et overblik over to nye undersøgelser og et bud på, hvad "
                    "de betyder for kommunernes arbejde."
                ),
                "speakers": [
                    ("Flemming Olsen", "tidl. direktør i Herlev Kommune", "Cphfacilitation")
                ],
            },
            {
                "title": "Verdensmålene skal ledes",
                "description": (
                    "I den kommende byrådsperiode skal kommunernes handleplaner for "
                    "bæredygtig omstilling omsættes til praksis. Verdensmålene kan samle "
                    "kommunens kerneområder – økonomi, uddannelse, det sociale, klima og "
                    "miljø – i ét blik, men det sker kun, hvis ledelsen går forrest. Sådan "
                    "arbejder Gentofte Kommune med at gøre målene konkrete og lokale."
                ),
                "speakers": [
                    (
                        "Maria Maarbjerg",
                        "udviklingskonsulent med verdensmålsfokus",
                        "Gentofte Kommune",
                    )
                ],
                "sdgs": [16, 17],
                "materials": [
                    {
                        "kind": Material.Kind.PODCAST,
                        "title": (
                            "Hvordan leder vi bæredygtig udvikling? (Gentofte Kommune og LYDPOL)"
                        ),
                        "url": "https://gentofte.dk/",
                    }
                ],
            },
        ],
    },
    {
        "key": "session-2",
        "title": (
            "Mine oplevelser af verdensmålenes betydning for kommunalvalget og den næste "
            "byrådsperiode"
        ),
        "status": Session.Status.SCHEDULED,
        "sdgs": [11, 16, 17],
        "items": [
            {
                "title": (
                    "Mine oplevelser af verdensmålenes betydning for kommunalvalget og den "
                    "næste byrådsperiode"
                ),
                "description": (
                    "Steen Hildebrandt har de seneste år besøgt et stort antal kommuner og "
                    "drøftet verdensmålene med borgmestre, politikere og embedsfolk. Han giver "
                    "sit billede af, hvor optaget man er af målene op til kommunalvalget, og "
                    "hvordan de kan bruges som grundlag, når den nye byrådsperiode skal "
                    "udvikle politik.\n\n"
                    "Han tager også afsæt i sin nye bog, *Det bæredygtige velfærdssamfund*, og "
                    "lægger op til en samtale om, hvad der skal til for at understøtte et "
                    "bæredygtigt velfærdssamfund."
                ),
                "speakers": [("Steen Hildebrandt", "", "")],
            }
        ],
    },
    {
        "key": "session-3",
        "title": (
            "Partnerskab for handling – erhvervslivet som medspiller af den lokale "
            "bæredygtige omstilling"
        ),
        "status": Session.Status.SCHEDULED,
        "sdgs": [8, 12, 17],
        "items": [
            {
                "title": (
                    "FN17 Business center i Viborg understøtter virksomheder i at gøre "
                    "verdensmål til forretning"
                ),
                "description": (
                    "FN17 Business center er et partnerskab mellem Viborg Kommune og en række "
                    "andre aktører. Centret hjælper virksomheder – især de små og mellemstore "
                    "– med at få det fulde udbytte af at arbejde med verdensmålene.\n\n"
                    "Idéen er hentet fra sporten: Virksomheder sender medarbejdere til et "
                    "fysisk center, hvor de får koncentreret træning med udgangspunkt i "
                    "virksomhedens egne styrker og svagheder. Centret består af tre dele, der "
                    "hænger sammen: et akademi, en inkubator og et eksploratorium."
                ),
                "speakers": [("Carsten Stenrøjl", "bestyrelsesformand", "FN17 Business center")],
                "sdgs": [8, 17],
            },
            {
                "title": (
                    "Nyborg Kommunes arbejde med politik for grøn omstilling med særligt fokus "
                    "på verdensmål 11 – ansvarligt forbrug og produktion"
                ),
                "description": (
                    "I 2020 vedtog Nyborg Kommune en politik for grøn omstilling. Et af "
                    "indsatsområderne er, hvordan kommunen kan hjælpe de lokale virksomheder "
                    "med den grønne omstilling – og med at skabe forretning på den.\n\n"
                    "- Politikken sætter tre konkrete mål:\n"
                    "  - Gøre de cirkulære virksomheder stærkere og give klynger med cirkulær "
                    "produktion de bedste vilkår for at tiltrække nye virksomheder\n"
                    "  - Udbygge symbiosesamarbejdet, så virksomhederne udnytter hinandens "
                    "ressourcer, for eksempel varme, køl og organisk materiale\n"
                    "  - Hjælpe kodeks for bæredygtigt byggeri på vej ud i praksis\n"
                ),
                "speakers": [("Babak Djarah", "Erhvervs- og Udviklingschef", "Nyborg Kommune")],
                # Responsible consumption and production is goal 12; the seed's title says
                # 11 (sustainable cities), so the talk carries both.
                "sdgs": [11, 12],
            },
        ],
    },
]
SERIES_SDGS = [11, 12, 13, 17]


def session_uid(key: str) -> uuid.UUID:
    return uuid.uuid5(_NAMESPACE, key)


def join_url(key: str) -> str:
    # Demo data: a Teams-shaped link that leads nowhere.
    return f"https://teams.microsoft.com/l/meetup-join/demo-{session_uid(key).hex[:12]}"


def first_day(today: dt.date) -> dt.date:
    """The held session's day: two weeks ago or a little earlier, on a Monday, Tuesday or
    Friday, the weekdays whose +31 and +38 days are weekdays too (Thursday, Friday, Monday)."""
    day = today - dt.timedelta(days=DAYS_AGO_FIRST)
    while not all(
        (day + dt.timedelta(days=offset)).weekday() < 5 for offset in (0, GAPS[0], sum(GAPS))
    ):
        day -= dt.timedelta(days=1)
    return day


def demo_schedule(today: dt.date) -> list[tuple[dt.datetime, dt.datetime]]:
    """Start and end of the three sessions for a demo loaded on ``today``: all on weekdays,
    the first two weeks or a little more ago."""
    day = first_day(today)
    days = [day]
    for gap in GAPS:
        day = day + dt.timedelta(days=gap)
        days.append(day)
    return [
        (dt.datetime.combine(d, START, tzinfo=CPH), dt.datetime.combine(d, END, tzinfo=CPH))
        for d in days
    ]


@dataclass
class Account:
    username: str
    password: str | None  # set only when it was made (or reset) by this run
    created: bool
    from_file: bool = False


@dataclass
class DemoResult:
    series: Series
    created: bool
    moved: bool
    accounts: list[Account] = field(default_factory=list)


def _organisation(name: str) -> Organisation:
    organisation = services.get_or_create_organisation(name=name)
    kind, website = ORGANISATIONS.get(name, (None, ""))
    changed = []
    if kind and organisation.kind != kind and not organisation.municipality_id:
        organisation.kind = kind
        changed.append("kind")
    if website and organisation.website != website:
        organisation.website = website
        changed.append("website")
    if changed:
        organisation.save(update_fields=changed)
    return organisation


def _person(name: str, organisations: dict[str, Organisation]) -> Person:
    role, organisation_name, bio = PEOPLE[name]
    organisation = organisations[organisation_name] if organisation_name else None
    person = services.get_or_create_person(name=name, role=role, organisation=organisation)
    if (person.role, person.organisation_id, person.bio) != (
        role,
        organisation.pk if organisation else None,
        bio,
    ):
        person.role, person.organisation, person.bio = role, organisation, bio
        person.save(update_fields=["role", "organisation", "bio"])
    return person


def _series(people: dict[str, Person], organisations: dict[str, Organisation]):
    fields = {
        "title": SERIES_TITLE,
        "description": SERIES_DESCRIPTION,
        "moderator": people[MODERATOR],
        "contact_email": CONTACT,
        "platform": PLATFORM,
        "is_free": True,
        "default_capacity": None,
    }
    series = Series.objects.filter(slug=SERIES_SLUG).first()
    created = series is None
    if created:
        series = services.create_series(user=None, slug=SERIES_SLUG, sdgs=SERIES_SDGS, **fields)
    else:
        services.update_series(user=None, series=series, sdgs=SERIES_SDGS, **fields)
    partner_ids = []
    for order, name in enumerate(PARTNERS, start=1):
        partner = services.add_series_partner(
            user=None,
            series=series,
            organisation=organisations[name],
            part=PARTNER_PART,
            order=order,
        )
        partner_ids.append(partner.pk)
    SeriesPartner.objects.filter(series=series).exclude(pk__in=partner_ids).delete()
    return series, created


def _needs_moving(sessions: list[Session | None], now: dt.datetime) -> bool:
    if any(session is None for session in sessions):
        return True
    if any(session.starts_at.astimezone(CPH).weekday() >= 5 for session in sessions):
        return True
    first, second = sessions[0], sessions[1]
    return not (first.ends_at < now < second.starts_at)


def _items(session: Session, specs: list[dict], people, organisations) -> None:
    kept_items = []
    for order, spec in enumerate(specs, start=1):
        item = session.items.filter(order=order).first()
        if item is None:
            item = services.add_programme_item(
                user=None,
                session=session,
                title=spec["title"],
                description=spec["description"],
                order=order,
            )
        elif (item.title, item.description, item.time) != (
            spec["title"],
            spec["description"],
            None,
        ):
            item.title, item.description, item.time = spec["title"], spec["description"], None
            item.save(update_fields=["title", "description", "time"])
        item.sdgs.set(spec.get("sdgs", []))
        kept_items.append(item.pk)

        kept_appearances = []
        for position, (name, role, organisation_name) in enumerate(spec["speakers"], start=1):
            appearance, _created = Appearance.objects.update_or_create(
                item=item,
                person=people[name],
                defaults={
                    "role": role,
                    "organisation_name": organisation_name,
                    "organisation": organisations.get(organisation_name),
                    "part": Appearance.Part.SPEAKER,
                    "order": position,
                },
            )
            kept_appearances.append(appearance.pk)
        item.appearances.exclude(pk__in=kept_appearances).delete()

        kept_materials = []
        for position, material in enumerate(spec.get("materials", []), start=1):
            row, _created = Material.objects.update_or_create(
                session=session,
                item=item,
                kind=material["kind"],
                defaults={"title": material["title"], "url": material["url"], "order": position},
            )
            kept_materials.append(row.pk)
        item.materials.exclude(pk__in=kept_materials).delete()
    ProgrammeItem.objects.filter(session=session).exclude(pk__in=kept_items).delete()
    session.materials.filter(item__isnull=True).delete()


def load_demo(*, today: dt.date | None = None, now: dt.datetime | None = None) -> DemoResult:
    """Load or refresh the demo series; returns it with whether it was new or moved.

    Side effects: creates or updates the organisations, people, series, sessions, items,
    speakers and materials of the demo, in one transaction; sessions are rescheduled (and
    their calendar SEQUENCE raised) only when they no longer sit around ``today``.
    """
    now = now or timezone.now()
    today = today or timezone.localdate(now, CPH)
    with transaction.atomic():
        organisations = {name: _organisation(name) for name in ORGANISATIONS}
        people = {name: _person(name, organisations) for name in PEOPLE}
        series, created = _series(people, organisations)

        existing = [Session.objects.filter(uid=session_uid(s["key"])).first() for s in SESSIONS]
        moved = _needs_moving(existing, now)
        schedule = demo_schedule(today)
        for spec, session, (starts_at, ends_at) in zip(SESSIONS, existing, schedule, strict=True):
            fields = {
                "title": spec["title"],
                "format": Session.Format.ONLINE,
                "place": "",
                "join_url": join_url(spec["key"]),
                "capacity": None,
                "recap": spec.get("recap", ""),
            }
            if session is None:
                session = services.create_session(
                    user=None,
                    series=series,
                    starts_at=starts_at,
                    ends_at=ends_at,
                    sdgs=spec["sdgs"],
                    **fields,
                )
                session.uid = session_uid(spec["key"])
                session.save(update_fields=["uid"])
            else:
                if session.series_id != series.pk:
                    session.series = series
                    session.save(update_fields=["series"])
                if moved:
                    fields.update(starts_at=starts_at, ends_at=ends_at)
                services.update_session(user=None, session=session, sdgs=spec["sdgs"], **fields)
            # The held session is past; the others are scheduled again if someone cancelled
            # them while trying the demo.
            if session.status == Session.Status.CANCELLED and spec["status"] != session.status:
                services.reinstate_session(user=None, session=session)
            if session.status != spec["status"]:
                services.change_session_status(user=None, session=session, status=spec["status"])
            _items(session, spec["items"], people, organisations)
        services.publish_series(user=None, series=series)
    return DemoResult(series=series, created=created, moved=moved)


def _new_password() -> str:
    return secrets.token_urlsafe(12)


@transaction.atomic
def ensure_accounts(
    *, reset_passwords: bool = False, organiser_password: str | None = None
) -> list[Account]:
    """The demo's organiser ("organisator", member of CSR Forum, not a superuser) and
    administrator ("admin", superuser).

    New accounts get a generated password, returned once; existing accounts keep theirs
    unless ``reset_passwords``. ``organiser_password`` (from a file) is always applied.
    """
    User = get_user_model()
    accounts = []

    exists = User.objects.filter(username=ORGANISER_USERNAME).exists()
    password = organiser_password
    if password is None and (not exists or reset_passwords):
        password = _new_password()
    organiser = services.create_organiser(
        user=None,
        username=ORGANISER_USERNAME,
        email="organisator@tinget.localhost",
        organisations=[Organisation.objects.get(name="CSR Forum")],
        password=password,
    )
    if organiser.is_superuser:
        organiser.is_superuser = False
        organiser.save(update_fields=["is_superuser"])
    accounts.append(
        Account(
            username=ORGANISER_USERNAME,
            password=None if organiser_password else password,
            created=not exists,
            from_file=organiser_password is not None,
        )
    )

    admin = User.objects.filter(username=ADMIN_USERNAME).first()
    password = None
    if admin is None:
        password = _new_password()
        User.objects.create_superuser(ADMIN_USERNAME, "admin@tinget.localhost", password)
    else:
        if not (admin.is_superuser and admin.is_staff and admin.is_active):
            admin.is_superuser = admin.is_staff = admin.is_active = True
            admin.save(update_fields=["is_superuser", "is_staff", "is_active"])
        if reset_passwords:
            password = _new_password()
            admin.set_password(password)
            admin.save(update_fields=["password"])
    accounts.append(Account(username=ADMIN_USERNAME, password=password, created=admin is None))
    return accounts
