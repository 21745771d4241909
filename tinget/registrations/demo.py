"""The demo series in full life: people who signed up, came, answered and were followed up.

The programme's demo (`tinget.programme.demo`) loads the series; this module adds what
happened around it, through the registration services, so that the organiser's dashboards
show real figures:

- the held session: 24 registrations from municipalities in every region, a region, state
  bodies, associations, companies, an NGO and a university (recorded as past sign-ups, as an
  organiser would from an earlier list), the Teams attendance report imported, the
  follow-ups sent ("thank you for coming" and "sorry we missed you") and feedback scores;
- the next session: some of the same people, added by the organiser (each got "you are
  registered" with the calendar invite), and one who signed up on the site and has not
  confirmed yet, so the demo's inbox holds a confirmation email whose link works.

The people are invented; municipalities and their codes are the official ones
(data/kommuner.csv). Addresses end in ``.example`` (RFC 2606), so no mail can reach anyone.
Every step is idempotent: a second run finds the rows by address and adds nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from tinget.mailings.models import OutboundEmail
from tinget.programme import demo as programme_demo
from tinget.programme.models import AuditEntry, Organisation, Session

from . import notice
from .attendance import ReportParticipant
from .models import Feedback, Registration
from .organiser_emails import FOLLOWUP_TEMPLATES
from .services import (
    AlreadyRegistered,
    Registrant,
    add_registration_by_organiser,
    import_participants,
    record_feedback,
    record_past_registration,
    register_for_session,
    send_followups,
)

Kind = Organisation.Kind


@dataclass(frozen=True)
class DemoPerson:
    name: str
    organisation: str
    kind: str
    municipality: str | None  # kommunekode, for people from a municipality
    job_title: str
    minutes: int | None  # minutes in the held session's Teams report; None: did not come
    score: int | None = None  # feedback after the follow-up
    comment: str = ""
    language: str = "da"

    @property
    def email(self) -> str:
        local = self.name.lower().replace(" ", ".")
        for danish, plain in (("æ", "ae"), ("ø", "oe"), ("å", "aa"), ("é", "e")):
            local = local.replace(danish, plain)
        domain = self.organisation.lower().split()[0].replace("ø", "oe").replace("æ", "ae")
        return f"{local}@{domain.replace('å', 'aa')}.example"


PEOPLE = [
    DemoPerson(
        "Mette Lindholm",
        "Aarhus Kommune",
        Kind.MUNICIPALITY,
        "0751",
        "Klimakoordinator",
        58,
        5,
        "Godt at høre, hvordan Gentofte gør verdensmålene konkrete.",
    ),
    DemoPerson(
        "Jonas Krogh",
        "Aalborg Kommune",
        Kind.MUNICIPALITY,
        "0851",
        "Bæredygtighedskonsulent",
        55,
        4,
    ),
    DemoPerson(
        "Sofie Brandt",
        "Københavns Kommune",
        Kind.MUNICIPALITY,
        "0101",
        "Chefkonsulent",
        60,
        5,
        "Analyserne af borgernes holdninger kan vi bruge direkte i vores byrådsoplæg.",
    ),
    DemoPerson("Lars Winther", "Odense Kommune", Kind.MUNICIPALITY, "0461", "Planlægger", 47, 4),
    DemoPerson(
        "Camilla Riis", "Viborg Kommune", Kind.MUNICIPALITY, "0791", "Erhvervskonsulent", 52
    ),
    DemoPerson("Henrik Dahl", "Esbjerg Kommune", Kind.MUNICIPALITY, "0561", "Afdelingsleder", None),
    DemoPerson(
        "Anne Kjær",
        "Køge Kommune",
        Kind.MUNICIPALITY,
        "0259",
        "Projektleder",
        59,
        3,
        "Lidt for kort tid til spørgsmål.",
    ),
    DemoPerson(
        "Rasmus Bech", "Slagelse Kommune", Kind.MUNICIPALITY, "0330", "Miljømedarbejder", 41
    ),
    DemoPerson(
        "Louise Friis", "Thisted Kommune", Kind.MUNICIPALITY, "0787", "Udviklingskonsulent", 57, 5
    ),
    DemoPerson("Peter Holm", "Vejle Kommune", Kind.MUNICIPALITY, "0630", "Direktør", None),
    DemoPerson(
        "Ida Mortensen",
        "Bornholms Regionskommune",
        Kind.MUNICIPALITY,
        "0400",
        "Klimarådgiver",
        60,
        4,
    ),
    DemoPerson(
        "Morten Skov", "Horsens Kommune", Kind.MUNICIPALITY, "0615", "Strategisk konsulent", 36
    ),
    DemoPerson(
        "Katrine Vinther",
        "Roskilde Kommune",
        Kind.MUNICIPALITY,
        "0265",
        "Kommunikationsmedarbejder",
        58,
        4,
    ),
    DemoPerson(
        "Emil Sand", "Frederikshavn Kommune", Kind.MUNICIPALITY, "0813", "Byrådsmedlem", None
    ),
    DemoPerson(
        "Nanna Lund",
        "Ærø Kommune",
        Kind.MUNICIPALITY,
        "0492",
        "Planchef",
        54,
        5,
        "Også relevant for en lille ø-kommune.",
    ),
    DemoPerson(
        "Birgitte Aagaard", "Region Midtjylland", Kind.REGION, None, "Specialkonsulent", 50, 4
    ),
    DemoPerson("Thomas Kirk", "Miljøstyrelsen", Kind.STATE, None, "Fuldmægtig", 45),
    DemoPerson(
        "Hanne Schou", "Kommunernes Landsforening", Kind.ASSOCIATION, None, "Konsulent", 60, 4
    ),
    DemoPerson("Jakob Nørgaard", "Rambøll", Kind.COMPANY, None, "Rådgiver", 49, 3),
    DemoPerson("Maja Eriksen", "Grøn Omstilling ApS", Kind.COMPANY, None, "Partner", None),
    DemoPerson("Ole Thygesen", "Verdens Skove", Kind.NGO, None, "Kampagneleder", 56, 5),
    DemoPerson(
        "Signe Bak",
        "Aalborg Universitet",
        Kind.RESEARCH,
        None,
        "Lektor",
        60,
        4,
        "Gode cases fra kommunerne; vi bruger dem i undervisningen.",
    ),
    DemoPerson(
        "Alex Morgan",
        "Aarhus Universitet",
        Kind.RESEARCH,
        None,
        "PhD fellow",
        44,
        4,
        "Clear and useful, thank you.",
        "en",
    ),
    DemoPerson("Freja Holt", "Gentofte Kommune", Kind.MUNICIPALITY, "0157", "Sekretariatschef", 60),
]
# People in the Teams report who had not signed up (the organiser may link them by hand).
GUESTS = [ReportParticipant(name="Karen Friis (Gæst)", seconds=38 * 60)]
# Who the organiser added to the next session, by name; one more signed up on the site and
# has not confirmed yet.
NEXT_SESSION = ["Mette Lindholm", "Sofie Brandt", "Ida Mortensen", "Signe Bak", "Alex Morgan"]
NEXT_SESSION_PENDING = DemoPerson(
    "Kasper Nyborg", "Nyborg Kommune", Kind.MUNICIPALITY, "0450", "Erhvervskonsulent", None
)
REPORT_SOURCE = "Teams-fremmøderapport (demo)"


@dataclass
class ActivityResult:
    recorded: int = 0
    attendance_imported: bool = False
    followups_queued: int = 0
    feedback: int = 0
    signed_up: int = 0


def _registrant(person: DemoPerson, series) -> Registrant:
    return Registrant(
        name=person.name,
        email=person.email,
        organisation=person.organisation,
        organisation_kind=person.kind,
        municipality_id=person.municipality,
        job_title=person.job_title,
        language=person.language,
        notice_text=notice.notice_text(series),
    )


def sessions_of(series) -> list[Session]:
    uids = [programme_demo.session_uid(spec["key"]) for spec in programme_demo.SESSIONS]
    by_uid = {s.uid: s for s in Session.objects.filter(series=series, uid__in=uids)}
    return [by_uid[uid] for uid in uids]


def _held_session(held: Session, actor, result: ActivityResult) -> None:
    series = held.series
    for position, person in enumerate(PEOPLE):
        # Sign-ups spread over the three weeks before the session.
        registered_at = held.starts_at - dt.timedelta(days=21) + dt.timedelta(hours=19 * position)
        try:
            record_past_registration(
                session_id=held.pk,
                registrant=_registrant(person, series),
                registered_at=registered_at,
                actor=actor,
            )
            result.recorded += 1
        except AlreadyRegistered:
            pass
    report = [
        ReportParticipant(name="Flemming Olsen", seconds=62 * 60, role="Organizer"),
        *(
            ReportParticipant(name=p.name, email=p.email, seconds=p.minutes * 60)
            for p in PEOPLE
            if p.minutes is not None
        ),
        *GUESTS,
    ]
    imported = import_participants(
        session=held, participants=report, source=REPORT_SOURCE, user=actor
    )
    result.attendance_imported = not imported.unchanged
    for kind in ("attended", "missed"):
        sent = AuditEntry.objects.filter(
            action=f"followup.{kind}.sent", object_type="session", object_id=str(held.pk)
        )
        if not sent.exists():
            result.followups_queued += send_followups(session_id=held.pk, kind=kind, actor=actor)
    registrations = {r.email: r for r in Registration.objects.filter(session=held)}
    for person in PEOPLE:
        registration = registrations.get(person.email)
        if person.score is None or registration is None:
            continue
        if record_feedback(
            registration_id=registration.pk, score=person.score, comment=person.comment
        ):
            result.feedback += 1


def _sign_up(session: Session, person: DemoPerson, *, actor, confirmed: bool) -> bool:
    """Once per person: True when they were signed up now. ``confirmed``: the organiser adds
    them (they get "you are registered" with the invite); otherwise they sign up on the site
    and have the confirmation email waiting in the demo's inbox."""
    existing = Registration.objects.filter(session=session, email=person.email).first()
    if existing is not None and existing.status != Registration.Status.EXPIRED:
        return False
    registrant = _registrant(person, session.series)
    if confirmed:
        add_registration_by_organiser(session_id=session.pk, registrant=registrant, actor=actor)
    else:
        register_for_session(session_id=session.pk, registrant=registrant)
    return True


def load_activity(*, series, actor) -> ActivityResult:
    """Add the demo's registrations, attendance, follow-ups and feedback (idempotent).

    ``actor`` is the demo organiser (an editor of a partner), who records the past
    sign-ups, imports the report and sends the follow-ups. Emails go to the outbox.
    """
    result = ActivityResult()
    held, upcoming, _third = sessions_of(series)
    if held.ends_at < timezone.now():
        _held_session(held, actor, result)
    if upcoming.is_upcoming:
        by_name = {p.name: p for p in PEOPLE}
        for name in NEXT_SESSION:
            result.signed_up += _sign_up(upcoming, by_name[name], actor=actor, confirmed=True)
        result.signed_up += _sign_up(upcoming, NEXT_SESSION_PENDING, actor=actor, confirmed=False)
    return result


def figures(held: Session, upcoming: Session) -> dict[str, int]:
    """What the demo's held and next session show on the dashboards, for the command."""
    confirmed = Registration.Status.CONFIRMED
    return {
        "registered": held.registrations.filter(status=confirmed).count(),
        "attended": held.registrations.filter(attendance=Registration.Attendance.ATTENDED).count(),
        "followups": OutboundEmail.objects.filter(
            registration__session=held, template__in=FOLLOWUP_TEMPLATES.values()
        ).count(),
        "feedback": Feedback.objects.filter(registration__session=held).count(),
        "upcoming": upcoming.registrations.filter(status=confirmed).count(),
    }
