"""The sign-up rules: double opt-in, capacity, the waiting list, subscriptions, erasure."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from tests.factories import MembershipFactory, SessionFactory, UserFactory, at
from tinget.mailings.models import OutboundEmail
from tinget.programme import services as programme_services
from tinget.programme.models import AuditEntry, Session
from tinget.registrations import selectors, services
from tinget.registrations.models import Feedback, Registration, SeriesSubscription

from .conftest import add_session, registrant, sign_up_and_confirm

Status = Registration.Status


def statuses(session):
    return dict(Registration.objects.filter(session=session).values_list("email", "status"))


def waiting_emails(session):
    return [r.email for r in selectors.waiting_list(session)]


# --- double opt-in -----------------------------------------------------------------------


def test_register_for_session_is_pending_and_holds_no_seat(session, notifications):
    registration = services.register_for_session(session_id=session.pk, registrant=registrant())

    assert registration.status == Status.PENDING
    assert registration.consent_text == "Jeg giver samtykke."
    assert registration.consented_at is not None
    assert selectors.seats(session).confirmed == 0
    assert notifications == [("confirm_email", registration.pk)]


def test_confirm_registration_takes_a_free_seat(session, notifications):
    registration = sign_up_and_confirm(session, "anna@example.dk")

    assert registration.status == Status.CONFIRMED
    assert registration.confirmed_at is not None
    assert list(selectors.confirmed_registrations(session)) == [registration]
    assert notifications[-1] == ("registered", registration.pk)


def test_confirm_registration_twice_changes_nothing(session, notifications):
    registration = sign_up_and_confirm(session, "anna@example.dk")
    again = services.confirm_registration(registration_id=registration.pk)

    assert again.status == Status.CONFIRMED
    assert again.confirmed_at == registration.confirmed_at
    assert [name for name, *_ in notifications].count("registered") == 1


def test_pending_registrations_never_count_against_capacity(session):
    for n in range(5):
        services.register_for_session(
            session_id=session.pk, registrant=registrant(f"p{n}@example.dk")
        )
    first = sign_up_and_confirm(session, "first@example.dk")
    second = sign_up_and_confirm(session, "second@example.dk")

    assert (first.status, second.status) == (Status.CONFIRMED, Status.CONFIRMED)


def test_municipality_is_kept_only_for_municipal_staff(session):
    kept = services.register_for_session(session_id=session.pk, registrant=registrant())
    dropped = services.register_for_session(
        session_id=session.pk,
        registrant=registrant("firma@example.dk", organisation_kind="company"),
    )

    assert kept.municipality_id == "0157"
    assert dropped.municipality_id is None


# --- capacity and the waiting list -------------------------------------------------------


def test_confirm_when_full_joins_the_waiting_list(session, notifications):
    sign_up_and_confirm(session, "a@example.dk")
    sign_up_and_confirm(session, "b@example.dk")
    third = sign_up_and_confirm(session, "c@example.dk")

    assert third.status == Status.WAITING
    assert third.waitlisted_at is not None
    assert selectors.waiting_position(third) == 1
    assert notifications[-1] == ("waitlisted", third.pk)
    assert selectors.seats(session).confirmed == 2


def test_waiting_list_keeps_the_order_people_confirmed_in(session):
    # Sign-up order a, b, c, d, e; confirmation order a, b, e, c, d.
    pending = {
        email: services.register_for_session(session_id=session.pk, registrant=registrant(email))
        for email in ["a@x.dk", "b@x.dk", "c@x.dk", "d@x.dk", "e@x.dk"]
    }
    for email in ["a@x.dk", "b@x.dk", "e@x.dk", "c@x.dk", "d@x.dk"]:
        services.confirm_registration(registration_id=pending[email].pk)

    assert waiting_emails(session) == ["e@x.dk", "c@x.dk", "d@x.dk"]
    assert [
        selectors.waiting_position(Registration.objects.get(email=e))
        for e in ["e@x.dk", "c@x.dk", "d@x.dk"]
    ] == [1, 2, 3]


def test_cancel_promotes_the_first_waiting_person_at_once(session, notifications):
    seated = sign_up_and_confirm(session, "a@example.dk")
    sign_up_and_confirm(session, "b@example.dk")
    first_waiting = sign_up_and_confirm(session, "c@example.dk")
    sign_up_and_confirm(session, "d@example.dk")

    services.cancel_registration(registration_id=seated.pk)

    assert statuses(session) == {
        "a@example.dk": Status.CANCELLED,
        "b@example.dk": Status.CONFIRMED,
        "c@example.dk": Status.CONFIRMED,
        "d@example.dk": Status.WAITING,
    }
    first_waiting.refresh_from_db()
    assert first_waiting.promoted_at is not None
    assert ("cancelled", seated.pk) in notifications
    assert notifications[-1] == ("promoted", first_waiting.pk)
    assert selectors.waiting_position(Registration.objects.get(email="d@example.dk")) == 1


def test_cancel_of_a_waiting_person_promotes_nobody(session):
    sign_up_and_confirm(session, "a@example.dk")
    sign_up_and_confirm(session, "b@example.dk")
    waiting = sign_up_and_confirm(session, "c@example.dk")
    sign_up_and_confirm(session, "d@example.dk")

    services.cancel_registration(registration_id=waiting.pk)

    assert selectors.seats(session).confirmed == 2
    assert waiting_emails(session) == ["d@example.dk"]


def test_change_capacity_promotes_the_next_people_in_order(session, notifications):
    for email in ["a@x.dk", "b@x.dk", "c@x.dk", "d@x.dk", "e@x.dk"]:
        sign_up_and_confirm(session, email)

    services.change_capacity(session_id=session.pk, capacity=4)

    assert statuses(session) == {
        "a@x.dk": Status.CONFIRMED,
        "b@x.dk": Status.CONFIRMED,
        "c@x.dk": Status.CONFIRMED,
        "d@x.dk": Status.CONFIRMED,
        "e@x.dk": Status.WAITING,
    }
    promoted = [ids[0] for name, *ids in notifications if name == "promoted"]
    assert promoted == [
        Registration.objects.get(email="c@x.dk").pk,
        Registration.objects.get(email="d@x.dk").pk,
    ]


def test_raised_capacity_saved_on_the_session_promotes_without_a_registrations_call(session):
    for email in ["a@x.dk", "b@x.dk", "c@x.dk"]:
        sign_up_and_confirm(session, email)

    programme_services.update_session(user=None, session=session, capacity=3)

    assert statuses(session)["c@x.dk"] == Status.CONFIRMED


def test_raised_series_default_capacity_promotes_sessions_without_their_own(series):
    own = SessionFactory(series=series, capacity=1)
    inherits = SessionFactory(series=series, capacity=None)
    series.default_capacity = 1
    series.save()
    for session in (own, inherits):
        sign_up_and_confirm(session, "a@x.dk")
        sign_up_and_confirm(session, "b@x.dk")

    programme_services.update_series(user=None, series=series, default_capacity=2)

    assert statuses(inherits)["b@x.dk"] == Status.CONFIRMED
    assert statuses(own)["b@x.dk"] == Status.WAITING


def test_lowered_capacity_keeps_everyone_who_has_a_seat(session):
    sign_up_and_confirm(session, "a@x.dk")
    sign_up_and_confirm(session, "b@x.dk")

    services.change_capacity(session_id=session.pk, capacity=1)
    late = sign_up_and_confirm(session, "c@x.dk")

    assert selectors.seats(session).confirmed == 2
    assert late.status == Status.WAITING


def test_capacity_defaults_to_the_teams_limit_of_1000(series):
    session = SessionFactory(series=series, capacity=None)

    assert selectors.seats(session).capacity == 1000


# --- expiry ------------------------------------------------------------------------------


def test_expire_unconfirmed_expires_pending_older_than_48_hours(session):
    now = timezone.now()
    old = services.register_for_session(
        session_id=session.pk, registrant=registrant("old@x.dk"), now=now - dt.timedelta(hours=49)
    )
    fresh = services.register_for_session(
        session_id=session.pk, registrant=registrant("new@x.dk"), now=now - dt.timedelta(hours=47)
    )
    confirmed = sign_up_and_confirm(session, "done@x.dk")

    assert services.expire_unconfirmed(now=now) == 1
    assert services.expire_unconfirmed(now=now) == 0
    assert statuses(session) == {
        "old@x.dk": Status.EXPIRED,
        "new@x.dk": Status.PENDING,
        "done@x.dk": Status.CONFIRMED,
    }
    assert old.pk != fresh.pk != confirmed.pk


def test_confirmation_hours_come_from_the_setting(session, settings):
    settings.TINGET_CONFIRMATION_HOURS = 2
    now = timezone.now()
    services.register_for_session(
        session_id=session.pk, registrant=registrant(), now=now - dt.timedelta(hours=3)
    )

    assert services.expire_unconfirmed(now=now) == 1


def test_confirm_after_48_hours_expires_and_takes_no_seat(session, notifications):
    registration = services.register_for_session(
        session_id=session.pk,
        registrant=registrant(),
        now=timezone.now() - dt.timedelta(hours=49),
    )

    with pytest.raises(services.ConfirmationExpired):
        services.confirm_registration(registration_id=registration.pk)

    registration.refresh_from_db()
    assert registration.status == Status.EXPIRED
    assert selectors.seats(session).confirmed == 0
    assert "registered" not in [name for name, *_ in notifications]


# --- the same address again --------------------------------------------------------------


def test_same_email_again_makes_no_duplicate_and_sends_the_manage_link(session, notifications):
    registration = sign_up_and_confirm(session, "anna@example.dk")

    again = services.register_for_session(
        session_id=session.pk, registrant=registrant(" Anna@Example.DK ", name="Someone Else")
    )

    assert again.pk == registration.pk
    assert Registration.objects.filter(session=session).count() == 1
    assert again.name == "Anna Andersen"  # a repeat sign-up cannot change someone's details
    assert notifications[-1] == ("already_registered", registration.pk)


def test_pending_email_again_gets_the_confirmation_link_again(session, notifications):
    first = services.register_for_session(session_id=session.pk, registrant=registrant())
    again = services.register_for_session(session_id=session.pk, registrant=registrant())

    assert again.pk == first.pk
    assert notifications == [("confirm_email", first.pk), ("confirm_email", first.pk)]


def test_cancelled_registration_starts_over_as_pending_on_a_new_sign_up(session, notifications):
    registration = sign_up_and_confirm(session, "anna@example.dk")
    services.cancel_registration(registration_id=registration.pk)

    again = services.register_for_session(
        session_id=session.pk, registrant=registrant(name="Anna B. Andersen")
    )

    assert again.pk == registration.pk
    assert again.status == Status.PENDING
    assert again.name == "Anna B. Andersen"
    assert again.cancelled_at is None and again.confirmed_at is None
    assert notifications[-1] == ("confirm_email", registration.pk)
    assert services.confirm_registration(registration_id=again.pk).status == Status.CONFIRMED


def test_expired_registration_starts_over_as_pending_on_a_new_sign_up(session):
    services.register_for_session(
        session_id=session.pk,
        registrant=registrant(),
        now=timezone.now() - dt.timedelta(hours=50),
    )
    services.expire_unconfirmed()

    again = services.register_for_session(session_id=session.pk, registrant=registrant())

    assert again.status == Status.PENDING
    assert services.confirm_registration(registration_id=again.pk).status == Status.CONFIRMED


def test_sign_up_for_a_past_or_cancelled_session_is_closed(series):
    past = SessionFactory(series=series, starts_at=at(-3), ends_at=at(-3, 10))
    cancelled = SessionFactory(series=series, status=Session.Status.CANCELLED)

    for session in (past, cancelled):
        with pytest.raises(services.SignupClosed):
            services.register_for_session(session_id=session.pk, registrant=registrant())
    assert not Registration.objects.exists()


def test_confirming_after_the_session_was_cancelled_takes_no_seat(session):
    registration = services.register_for_session(session_id=session.pk, registrant=registrant())
    Session.objects.filter(pk=session.pk).update(status=Session.Status.CANCELLED)

    with pytest.raises(services.SignupClosed):
        services.confirm_registration(registration_id=registration.pk)
    registration.refresh_from_db()
    assert registration.status == Status.PENDING


# --- series subscriptions ----------------------------------------------------------------


@pytest.fixture
def three_sessions(series):
    past = SessionFactory(series=series, starts_at=at(-7), ends_at=at(-7, 10))
    first = SessionFactory(series=series, capacity=5)
    second = SessionFactory(series=series, capacity=1)
    return past, first, second


def subscribe_and_confirm(series, email="anna@example.dk", **fields):
    subscription = services.subscribe_to_series(
        series_id=series.pk, registrant=registrant(email, **fields)
    )
    return services.confirm_subscription(subscription_id=subscription.pk)


def test_subscription_is_pending_until_confirmed_and_registers_nothing(series, three_sessions):
    subscription = services.subscribe_to_series(series_id=series.pk, registrant=registrant())

    assert subscription.status == SeriesSubscription.Status.PENDING
    assert not Registration.objects.exists()


def test_confirmed_subscription_registers_for_every_upcoming_session(
    series, three_sessions, notifications
):
    _past, first, second = three_sessions
    sign_up_and_confirm(second, "someone@example.dk")  # second is now full

    subscription = subscribe_and_confirm(series)

    mine = {r.session_id: r for r in Registration.objects.filter(email="anna@example.dk")}
    assert set(mine) == {first.pk, second.pk}
    assert mine[first.pk].status == Status.CONFIRMED
    assert mine[second.pk].status == Status.WAITING
    assert all(r.subscription_id == subscription.pk for r in mine.values())
    sent = [name for name, *_ in notifications]
    assert sent[-3:] == ["registered", "waitlisted", "subscription_confirmed"]


def test_subscriber_is_registered_for_a_session_added_later(series, three_sessions, notifications):
    subscription = subscribe_and_confirm(series)

    added = add_session(series, title="Ekstra session")

    registration = Registration.objects.get(session=added, email="anna@example.dk")
    assert registration.status == Status.CONFIRMED
    assert registration.subscription_id == subscription.pk
    assert registration.name == "Anna Andersen"
    assert notifications[-1] == ("registered", registration.pk)


def test_a_past_session_added_later_registers_nobody(series, three_sessions):
    subscribe_and_confirm(series)

    add_session(series, starts_at=at(-2), ends_at=at(-2, 10))

    assert Registration.objects.count() == 2


def test_leaving_one_session_keeps_the_subscription(series, three_sessions):
    _past, first, second = three_sessions
    subscription = subscribe_and_confirm(series)

    services.cancel_registration(
        registration_id=Registration.objects.get(session=first, email="anna@example.dk").pk
    )

    subscription.refresh_from_db()
    assert subscription.status == SeriesSubscription.Status.ACTIVE
    assert statuses(second)["anna@example.dk"] == Status.CONFIRMED
    add_session(series)
    assert (
        Registration.objects.filter(email="anna@example.dk", status=Status.CONFIRMED).count() == 2
    )


def test_cancel_subscription_leaves_its_sessions_and_promotes_the_waiting(series, three_sessions):
    _past, first, second = three_sessions
    subscription = subscribe_and_confirm(series)
    waiting = sign_up_and_confirm(second, "waiting@example.dk")
    assert waiting.status == Status.WAITING

    services.cancel_subscription(subscription_id=subscription.pk)

    assert statuses(first)["anna@example.dk"] == Status.CANCELLED
    assert statuses(second) == {
        "anna@example.dk": Status.CANCELLED,
        "waiting@example.dk": Status.CONFIRMED,
    }
    SessionFactory(series=series)
    assert Registration.objects.filter(email="anna@example.dk").count() == 2


def test_same_email_subscribing_again_makes_no_second_subscription(series, notifications):
    first = subscribe_and_confirm(series)
    again = services.subscribe_to_series(series_id=series.pk, registrant=registrant())

    assert again.pk == first.pk
    assert SeriesSubscription.objects.count() == 1
    assert notifications[-1] == ("subscription_confirmed", first.pk)


def test_details_changed_on_a_subscription_reach_its_upcoming_registrations(series, three_sessions):
    subscription = subscribe_and_confirm(series)

    services.update_registrant_details(
        subscription_id=subscription.pk,
        changes={
            "name": "Anna Berg",
            "organisation": "KL",
            "organisation_kind": "association",
            "municipality_id": "0157",
            "job_title": "Chefkonsulent",
            "language": "en",
        },
    )

    rows = Registration.objects.filter(email="anna@example.dk")
    assert {(r.name, r.organisation, r.municipality_id, r.language) for r in rows} == {
        ("Anna Berg", "KL", None, "en")
    }


# --- the person's own data ---------------------------------------------------------------


def test_export_my_data_holds_every_registration_and_subscription_of_the_address(
    series, three_sessions
):
    _past, first, _second = three_sessions
    subscribe_and_confirm(series, answers={"1": {"question": "Kost?", "answer": "Vegetar"}})
    other_person = sign_up_and_confirm(first, "bo@example.dk")

    data = services.export_my_data(email="ANNA@example.dk")

    assert data["email"] == "anna@example.dk"
    assert len(data["registrations"]) == 2
    assert {r["status"] for r in data["registrations"]} == {"confirmed"}
    assert data["registrations"][0]["answers"] == {"1": {"question": "Kost?", "answer": "Vegetar"}}
    assert data["registrations"][0]["municipality"]["code"] == "0157"
    assert data["series_subscriptions"][0]["consent"]["text"] == "Jeg giver samtykke."
    assert other_person.email not in str(data)


def test_delete_my_data_erases_the_person_keeps_anonymous_counts_and_frees_the_seat(session):
    anna = sign_up_and_confirm(session, "anna@example.dk")
    sign_up_and_confirm(session, "bo@example.dk")
    waiting = sign_up_and_confirm(session, "carl@example.dk")
    Feedback.objects.create(registration=anna, score=4, comment="Anna her, tak!")
    OutboundEmail.objects.create(to="anna@example.dk", subject="Tilmeldt", body_text="Hej Anna")
    old_token = anna.token

    assert services.delete_my_data(email="anna@example.dk") == 1

    anna.refresh_from_db()
    assert anna.status == Status.CANCELLED
    assert anna.erased_at is not None
    assert (anna.name, anna.organisation, anna.job_title, anna.answers) == ("", "", "", {})
    assert "anna" not in anna.email and anna.consent_text == ""
    assert anna.token != old_token
    assert anna.organisation_kind == "municipality" and anna.municipality_id == "0157"
    assert anna.feedback.score == 4 and anna.feedback.comment == ""
    assert not OutboundEmail.objects.filter(to="anna@example.dk").exists()
    assert services.export_my_data(email="anna@example.dk")["registrations"] == []
    waiting.refresh_from_db()
    assert waiting.status == Status.CONFIRMED
    entry = AuditEntry.objects.get(action="personal_data.erased")
    assert "anna" not in str(entry.detail)


# --- organisers --------------------------------------------------------------------------


@pytest.fixture
def editor(series):
    membership = MembershipFactory(organisation=series.partnerships.first().organisation)
    return membership.user


def test_organiser_adds_a_person_straight_to_a_seat_with_an_audit_entry(session, editor):
    registration = services.add_registration_by_organiser(
        session_id=session.pk, registrant=registrant(consent_text=""), actor=editor
    )

    assert registration.status == Status.CONFIRMED
    entry = AuditEntry.objects.filter(object_id=str(registration.pk)).latest("id")
    assert entry.actor == editor and entry.action == "registration.confirmed"


def test_organiser_adding_someone_already_registered_is_refused(session, editor):
    sign_up_and_confirm(session, "anna@example.dk")

    with pytest.raises(services.AlreadyRegistered):
        services.add_registration_by_organiser(
            session_id=session.pk, registrant=registrant(), actor=editor
        )


def test_an_organiser_of_another_series_may_not_touch_registrations(session):
    outsider = UserFactory()
    registration = sign_up_and_confirm(session, "anna@example.dk")

    with pytest.raises(PermissionDenied):
        services.cancel_by_organiser(registration_id=registration.pk, actor=outsider)
    with pytest.raises(PermissionDenied):
        services.add_registration_by_organiser(
            session_id=session.pk, registrant=registrant("x@x.dk"), actor=outsider
        )
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED


def test_organiser_cancel_promotes_and_records_who_did_it(session, editor):
    first = sign_up_and_confirm(session, "a@x.dk")
    sign_up_and_confirm(session, "b@x.dk")
    waiting = sign_up_and_confirm(session, "c@x.dk")

    services.cancel_by_organiser(registration_id=first.pk, actor=editor)

    waiting.refresh_from_db()
    assert waiting.status == Status.CONFIRMED
    assert AuditEntry.objects.get(action="registration.cancelled").actor == editor
    assert AuditEntry.objects.get(action="registration.promoted").actor == editor


def test_organiser_promotion_respects_capacity_unless_told_to_go_over(session, editor):
    sign_up_and_confirm(session, "a@x.dk")
    sign_up_and_confirm(session, "b@x.dk")
    waiting = sign_up_and_confirm(session, "c@x.dk")

    with pytest.raises(services.SessionFull):
        services.promote_by_organiser(registration_id=waiting.pk, actor=editor)
    promoted = services.promote_by_organiser(
        registration_id=waiting.pk, actor=editor, over_capacity=True
    )

    assert promoted.status == Status.CONFIRMED
    assert selectors.seats(session).confirmed == 3
    entry = AuditEntry.objects.get(action="registration.promoted")
    assert entry.detail["over_capacity"] is True and entry.actor == editor
