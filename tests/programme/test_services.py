"""The programme's write services: rules, audit trail, calendar sequence, the importer's draft."""

import datetime as dt
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    SeriesFactory,
    SessionFactory,
    UserFactory,
)
from tinget.announcements import mapping
from tinget.programme import services
from tinget.programme.models import (
    Appearance,
    AuditEntry,
    Organisation,
    Person,
    Series,
    SeriesPartner,
    Session,
)

pytestmark = pytest.mark.django_db

CPH = ZoneInfo("Europe/Copenhagen")
TESTS = Path(__file__).resolve().parents[1]
# The importer's fixtures keep a copy of the seed's gold JSON; the shared folder has the original.
SEED_GOLD = [
    TESTS / "announcements" / "fixtures" / "seed_kommunerne.gold.json",
    TESTS.parents[1] / "shared" / "seed" / "000_2a5ff12eb48f25cd.gold.json",
]


def gold() -> dict:
    for path in SEED_GOLD:
        if path.exists():
            return json.loads(path.read_text(encoding="utf-8"))
    pytest.fail(f"the seed's gold JSON is in none of {SEED_GOLD}")


@pytest.fixture
def organiser():
    membership = MembershipFactory()
    return membership.user


@pytest.fixture
def series_of(organiser):
    organisation = organiser.memberships.get().organisation
    return SeriesFactory(partners=[organisation])


@pytest.fixture
def notified(monkeypatch):
    """What the mail side was asked to send. The notifications module is the mail
    boundary; here we only prove the programme calls it, after commit, with the id."""
    from tinget.registrations import notifications as notify

    calls = []
    monkeypatch.setattr(notify, "session_changed", lambda pk: calls.append(("changed", pk)))
    monkeypatch.setattr(notify, "session_cancelled", lambda pk: calls.append(("cancelled", pk)))
    return calls


# --- series --------------------------------------------------------------------------------


def test_create_series_by_organiser_adds_their_organisation_as_partner(organiser):
    series = services.create_series(user=organiser, title="Grøn omstilling i praksis")

    own = organiser.memberships.get().organisation
    assert series.status == Series.Status.DRAFT
    assert series.slug == "groen-omstilling-i-praksis"
    assert list(series.partners.all()) == [own]
    assert AuditEntry.objects.filter(
        action="series.created", series=series, actor=organiser
    ).exists()


def test_create_series_without_membership_is_not_allowed():
    stranger = UserFactory()
    with pytest.raises(services.NotAllowed):
        services.create_series(user=stranger, title="Ingen adgang")
    assert not Series.objects.exists()


def test_create_series_with_taken_slug_raises_field_error(organiser):
    SeriesFactory(slug="optaget")
    with pytest.raises(ValidationError) as error:
        services.create_series(user=organiser, title="Ny", slug="optaget")
    assert "slug" in error.value.message_dict


def test_publish_series_writes_audit_entry(organiser, series_of):
    series_of.status = Series.Status.DRAFT
    series_of.save()

    services.publish_series(user=organiser, series=series_of)

    series_of.refresh_from_db()
    assert series_of.status == Series.Status.PUBLISHED
    entry = AuditEntry.objects.get(action="series.published")
    assert entry.actor == organiser and entry.detail == {"from": "draft"}


def test_update_series_by_organiser_of_other_series_is_not_allowed(organiser):
    other = SeriesFactory(partners=[OrganisationFactory()])
    with pytest.raises(services.NotAllowed):
        services.update_series(user=organiser, series=other, title="Kapret")
    other.refresh_from_db()
    assert other.title != "Kapret"


# --- sessions ------------------------------------------------------------------------------


def test_update_session_time_change_bumps_sequence_and_notifies(
    organiser, series_of, notified, django_capture_on_commit_callbacks
):
    session = SessionFactory(series=series_of)
    new_start = session.starts_at + dt.timedelta(hours=1)

    with django_capture_on_commit_callbacks(execute=True):
        changed = services.update_session(
            user=organiser,
            session=session,
            starts_at=new_start,
            ends_at=new_start + dt.timedelta(hours=1),
        )

    session.refresh_from_db()
    assert changed is True
    assert session.sequence == 1
    assert session.starts_at == new_start
    assert notified == [("changed", session.pk)]
    entry = AuditEntry.objects.get(action="session.rescheduled")
    assert entry.detail["sequence"] == 1


def test_update_session_join_link_change_bumps_sequence(organiser, series_of, notified):
    session = SessionFactory(series=series_of)
    changed = services.update_session(
        user=organiser, session=session, join_url="https://teams.microsoft.com/l/meetup-join/ny"
    )
    session.refresh_from_db()
    assert changed is True and session.sequence == 1


def test_update_session_title_change_keeps_sequence(
    organiser, series_of, notified, django_capture_on_commit_callbacks
):
    session = SessionFactory(series=series_of)
    with django_capture_on_commit_callbacks(execute=True):
        changed = services.update_session(user=organiser, session=session, title="Nyt navn")
    session.refresh_from_db()
    assert changed is False
    assert session.title == "Nyt navn" and session.sequence == 0
    assert notified == []


def test_update_session_end_before_start_raises_field_error(organiser, series_of):
    session = SessionFactory(series=series_of)
    with pytest.raises(ValidationError) as error:
        services.update_session(
            user=organiser, session=session, ends_at=session.starts_at - dt.timedelta(minutes=5)
        )
    assert "ends_at" in error.value.message_dict
    session.refresh_from_db()
    assert session.ends_at > session.starts_at


def test_cancel_session_bumps_sequence_audits_and_notifies(
    organiser, series_of, notified, django_capture_on_commit_callbacks
):
    session = SessionFactory(series=series_of)
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_session(user=organiser, session=session, reason="Taleren er syg")
        # A second cancel is a no-op: no second message to registrants.
        services.cancel_session(user=organiser, session=session)

    session.refresh_from_db()
    assert session.status == Session.Status.CANCELLED
    assert session.sequence == 1
    assert notified == [("cancelled", session.pk)]
    entry = AuditEntry.objects.get(action="session.cancelled")
    assert entry.detail == {"from": "scheduled", "reason": "Taleren er syg"}


def test_cancel_session_that_was_held_is_refused(organiser, series_of):
    start = timezone.now() - dt.timedelta(days=3)
    session = SessionFactory(
        series=series_of,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
        status=Session.Status.HELD,
    )
    with pytest.raises(services.InvalidStatusChange):
        services.cancel_session(user=organiser, session=session)
    session.refresh_from_db()
    assert session.status == Session.Status.HELD


def test_mark_session_held_before_start_is_refused(organiser, series_of):
    session = SessionFactory(series=series_of)
    with pytest.raises(services.InvalidStatusChange) as error:
        services.mark_session_held(user=organiser, session=session)
    assert error.value.field == "status"


def test_reinstate_cancelled_session_notifies_change(
    organiser, series_of, notified, django_capture_on_commit_callbacks
):
    session = SessionFactory(series=series_of, status=Session.Status.CANCELLED)
    with django_capture_on_commit_callbacks(execute=True):
        services.reinstate_session(user=organiser, session=session)
    session.refresh_from_db()
    assert session.status == Session.Status.SCHEDULED and session.sequence == 1
    assert notified == [("changed", session.pk)]


# --- organisations, people, speakers -------------------------------------------------------


@pytest.mark.parametrize(
    ("printed", "name", "kind", "code"),
    [
        ("Gentofte kommune", "Gentofte Kommune", "municipality", "0157"),
        ("Københavns Kommune", "Københavns Kommune", "municipality", "0101"),
        ("ærø kommune", "Ærø Kommune", "municipality", "0492"),
        ("Region Hovedstaden", "Region Hovedstaden", "region", None),
        ("KL", "KL", "association", None),
        ("Cphfacilitation", "Cphfacilitation", "other", None),
    ],
)
def test_get_or_create_organisation_infers_kind(printed, name, kind, code):
    organisation = services.get_or_create_organisation(name=printed)
    again = services.get_or_create_organisation(name=f"  {printed.upper()} ")

    assert organisation.name == name
    assert organisation.kind == kind
    assert organisation.municipality_id == code
    assert again == organisation
    assert Organisation.objects.filter(name=name).count() == 1


def test_add_appearance_reuses_person_and_keeps_printed_role(organiser, series_of):
    session = SessionFactory(series=series_of)
    first = services.add_programme_item(user=organiser, session=session, title="Oplæg 1")
    second = services.add_programme_item(user=organiser, session=session, title="Oplæg 2")

    then = services.add_appearance(
        user=organiser,
        item=first,
        name="Maria Maarbjerg",
        role="udviklingskonsulent med verdensmålsfokus",
        organisation="Gentofte kommune",
    )
    later = services.add_appearance(
        user=organiser, item=second, name="maria  maarbjerg", role="chefkonsulent"
    )

    assert then.person == later.person
    assert Person.objects.filter(name="Maria Maarbjerg").count() == 1
    assert then.role == "udviklingskonsulent med verdensmålsfokus"
    assert then.organisation_name == "Gentofte kommune"
    assert then.organisation.name == "Gentofte Kommune"
    assert later.role == "chefkonsulent"
    # The person's current role was set when they were first met, not overwritten.
    assert then.person.role == "udviklingskonsulent med verdensmålsfokus"
    assert [first.order, second.order] == [1, 2]


def test_create_organiser_gets_group_permissions_and_membership():
    organisation = OrganisationFactory()
    user = services.create_organiser(
        user=None, username="anne", organisations=[organisation], password="en-lang-adgangskode"
    )
    assert user.is_staff and not user.is_superuser
    assert user.check_password("en-lang-adgangskode")
    assert user.groups.filter(name=services.ORGANISERS_GROUP).exists()
    assert user.has_perm("programme.change_session")
    assert not user.has_perm("programme.delete_series")
    assert list(user.memberships.values_list("organisation", flat=True)) == [organisation.pk]
    assert Group.objects.filter(name="Organisers").count() == 1


def test_create_organiser_by_organiser_is_not_allowed(organiser):
    with pytest.raises(services.NotAllowed):
        services.create_organiser(
            user=organiser, username="ny", organisations=[OrganisationFactory()]
        )


# --- the importer's draft series -----------------------------------------------------------


def test_create_draft_series_from_import_builds_the_seed_series(organiser):
    parsed = gold()
    result = mapping.create_draft_series_from_import(
        parsed, user=organiser, today=dt.date(2026, 10, 15)
    )
    series = result.series

    assert series.status == Series.Status.DRAFT
    assert series.title == "Kommunerne som accelerator af den bæredygtige transformation"
    partner_names = [p.organisation.name for p in series.partnerships.all()]
    assert partner_names[:4] == ["CSR Forum", "SDG Leadership", "KL", "Bureau Veritas"]
    # The organiser's own organisation keeps them in the series.
    assert organiser.memberships.get().organisation.name in partner_names
    assert series.is_free and series.platform == "Microsoft Teams"
    assert series.contact_email == "csrforum@csrforum.dk"

    sessions = list(series.sessions.order_by("starts_at"))
    assert [timezone.localtime(s.starts_at).date() for s in sessions] == [
        dt.date(2026, 10, 1),
        dt.date(2026, 11, 1),
        dt.date(2026, 11, 8),
    ]
    for session in sessions:
        start = timezone.localtime(session.starts_at, CPH)
        end = timezone.localtime(session.ends_at, CPH)
        assert (start.time(), end.time()) == (dt.time(9, 0), dt.time(10, 0))
    assert [s.status for s in sessions] == ["held", "scheduled", "scheduled"]
    assert sessions[0].title == ""
    assert sessions[2].title.startswith("Partnerskab for handling")

    flemming = Appearance.objects.get(person__name="Flemming Olsen")
    assert flemming.role == "tidl. direktør i Herlev Kommune"
    assert flemming.organisation_name == "Cphfacilitation"
    babak = Appearance.objects.get(person__name="Babak Djarah")
    assert babak.organisation.municipality.name == "Nyborg"
    assert babak.item.session == sessions[2]
    assert sessions[2].items.first().title.startswith("FN17 Business center")

    # Session 1 has no clock time in the seed: defaulted, and said so.
    assert any(w.startswith("Session 1 har intet starttidspunkt") for w in result.warnings)
    assert AuditEntry.objects.get(action="series.imported", series=series).detail["warnings"]


def test_create_draft_series_from_import_partial_dates_keep_the_series_together(organiser):
    result = mapping.create_draft_series_from_import(
        gold(), user=organiser, today=dt.date(2026, 11, 27)
    )
    dates = [timezone.localtime(s.starts_at).date() for s in result.series.sessions.all()]
    # One series, in order: not its past session this year and the upcoming ones next year.
    assert dates == [dt.date(2026, 10, 1), dt.date(2026, 11, 1), dt.date(2026, 11, 8)]
    # Every year is a guess and says so; the "upcoming" sessions now lie in the past.
    assert sum("står ikke i teksten" in w for w in result.warnings) == 3
    assert sum("ligger i fortiden" in w for w in result.warnings) == 2


def test_create_draft_series_from_import_twice_gives_unique_slugs(organiser):
    first = mapping.create_draft_series_from_import(gold(), user=organiser).series
    second = mapping.create_draft_series_from_import(gold(), user=organiser).series
    assert first.slug != second.slug
    assert second.slug == f"{first.slug}-2"
    # Speakers and organisations are found again, not duplicated.
    assert Person.objects.filter(name="Steen Hildebrandt").count() == 1
    assert Organisation.objects.filter(name="KL").count() == 1


def test_create_draft_series_from_import_with_broken_session_saves_nothing(organiser):
    parsed = gold()
    parsed["sessions"].append("not a session")
    with pytest.raises(services.InvalidImport):
        mapping.create_draft_series_from_import(parsed, user=organiser)
    assert not Series.objects.exists()
    assert not Session.objects.exists()
    assert not SeriesPartner.objects.exists()


def test_create_draft_series_from_import_without_title_is_refused(organiser):
    with pytest.raises(services.InvalidImport) as error:
        mapping.create_draft_series_from_import({"sessions": []}, user=organiser)
    assert str(error.value) == "Importen har ingen titel på serien."


def test_create_draft_series_from_import_undated_session_is_placed_with_warning(organiser):
    parsed = {
        "series_title": "Uden datoer",
        "sessions": [
            {"date": None, "start": "13:00", "end": "14:30", "title": "Første", "items": []}
        ],
    }
    result = mapping.create_draft_series_from_import(
        parsed, user=organiser, today=dt.date(2026, 3, 2)
    )
    session = result.series.sessions.get()
    assert timezone.localtime(session.starts_at) == dt.datetime(2026, 3, 9, 13, 0, tzinfo=CPH)
    assert timezone.localtime(session.ends_at).time() == dt.time(14, 30)
    assert result.warnings == ["Session 1 har ingen dato; den er sat til 9. marts 2026. Tjek den."]
