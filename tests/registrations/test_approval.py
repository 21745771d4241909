"""Manual approval per session, through the services: a confirmed address awaits approval
and holds no seat; approving gives a seat (or the waiting list when full) with the invite;
declining tells the person politely; both are audited and for editors only; webhooks hear of
a confirmation only when it is real."""

import pytest
from django.core.exceptions import PermissionDenied

from tests.factories import MembershipFactory, SessionFactory
from tests.registrations.conftest import registrant, sign_up_and_confirm
from tinget.integrations import services as integration_services
from tinget.integrations.models import EventType, WebhookDelivery
from tinget.mailings.models import OutboundEmail
from tinget.programme import services as programme_services
from tinget.programme.models import AuditEntry, Membership
from tinget.registrations import selectors, services
from tinget.registrations.models import Registration
from tinget.registrations.services.join import JoinState, join_state

pytestmark = pytest.mark.django_db

Status = Registration.Status


@pytest.fixture
def session(series):
    return SessionFactory(
        series=series, title="Kun efter godkendelse", capacity=1, requires_approval=True
    )


@pytest.fixture
def partner(series):
    return series.partnerships.first().organisation


@pytest.fixture
def editor(partner):
    return MembershipFactory(organisation=partner, role=Membership.Role.EDITOR).user


@pytest.fixture
def viewer(partner):
    return MembershipFactory(organisation=partner, role=Membership.Role.VIEWER).user


def templates_to(email):
    return list(
        OutboundEmail.objects.filter(to=email).order_by("id").values_list("template", flat=True)
    )


def test_confirmed_address_awaits_approval_holds_no_seat_and_is_told(session):
    anna = sign_up_and_confirm(session, "anna@example.dk")
    assert anna.status == Status.AWAITING_APPROVAL
    assert anna.get_status_display() == "Afventer godkendelse"
    seats = selectors.seats(session)
    assert (seats.confirmed, seats.waiting, seats.free) == (0, 0, 1)
    assert templates_to("anna@example.dk") == [
        "confirm_email_to_registrant",
        "awaiting_approval_to_registrant",
    ]
    email = OutboundEmail.objects.get(template="awaiting_approval_to_registrant")
    assert "afventer godkendelse" in email.subject.lower()
    assert "godkender selv hver tilmelding" in email.body_text
    assert "/deltag/" not in email.body_text  # no join link before approval
    assert email.attachments == []  # no invite either
    # The personal join link leads nowhere yet.
    assert join_state(anna) == JoinState.AWAITING_APPROVAL
    entry = AuditEntry.objects.get(action="registration.awaiting_approval")
    assert entry.detail == {"from": "pending", "to": "awaiting_approval"}


def test_approving_gives_a_seat_and_the_invite_with_the_join_link(session, editor):
    anna = sign_up_and_confirm(session, "anna@example.dk")
    approved = services.approve_registration(registration_id=anna.pk, actor=editor)
    assert approved.status == Status.CONFIRMED
    assert selectors.seats(session).confirmed == 1
    registered = OutboundEmail.objects.get(template="registered_to_registrant")
    assert registered.to == "anna@example.dk"
    assert "/deltag/" in registered.body_text
    actions = list(
        AuditEntry.objects.filter(object_id=str(anna.pk)).values_list("action", "actor_id")
    )
    assert ("registration.approved", editor.pk) in actions
    assert ("registration.confirmed", editor.pk) in actions


def test_approval_when_full_puts_the_person_on_the_waiting_list(session, editor):
    anna = sign_up_and_confirm(session, "anna@example.dk")
    bo = sign_up_and_confirm(session, "bo@example.dk")
    services.approve_registration(registration_id=anna.pk, actor=editor)
    bo = services.approve_registration(registration_id=bo.pk, actor=editor)
    assert bo.status == Status.WAITING
    assert "waitlisted_to_registrant" in templates_to("bo@example.dk")
    # Anna cancels: Bo moves up as for anyone on the waiting list.
    services.cancel_registration(registration_id=anna.pk)
    bo.refresh_from_db()
    assert bo.status == Status.CONFIRMED


def test_declining_tells_the_person_politely_and_frees_nothing(session, editor):
    anna = sign_up_and_confirm(session, "anna@example.dk")
    declined = services.decline_registration(registration_id=anna.pk, actor=editor)
    assert declined.status == Status.DECLINED
    email = OutboundEmail.objects.get(template="declined_to_registrant")
    assert email.to == "anna@example.dk"
    assert "Desværre kunne arrangørerne ikke tilbyde dig en plads" in email.body_text
    assert AuditEntry.objects.filter(action="registration.declined", actor=editor).exists()
    assert join_state(declined) == JoinState.CANCELLED
    # A second decision on the same person is refused politely.
    with pytest.raises(services.NotAwaitingApproval):
        services.approve_registration(registration_id=anna.pk, actor=editor)


def test_viewer_and_another_organisations_editor_may_not_decide(session, viewer):
    anna = sign_up_and_confirm(session, "anna@example.dk")
    outsider = MembershipFactory(role=Membership.Role.EDITOR).user
    for user in (viewer, outsider):
        with pytest.raises(PermissionDenied):
            services.approve_registration(registration_id=anna.pk, actor=user)
        with pytest.raises(PermissionDenied):
            services.decline_registration(registration_id=anna.pk, actor=user)
    anna.refresh_from_db()
    assert anna.status == Status.AWAITING_APPROVAL
    assert not AuditEntry.objects.filter(
        action__in=["registration.approved", "registration.declined"]
    ).exists()


def test_bulk_approval_is_all_or_nothing_in_sign_up_order(session, editor):
    session.capacity = 5
    session.save()
    people = [sign_up_and_confirm(session, f"p{n}@example.dk") for n in range(3)]
    services.decline_registration(registration_id=people[1].pk, actor=editor)
    with pytest.raises(services.NotAwaitingApproval):
        services.decide_registrations(
            registration_ids=[p.pk for p in people], approve=True, actor=editor
        )
    assert set(Registration.objects.values_list("status", flat=True)) == {
        Status.AWAITING_APPROVAL,
        Status.DECLINED,
    }
    decided = services.decide_registrations(
        registration_ids=[people[2].pk, people[0].pk], approve=True, actor=editor
    )
    assert [r.pk for r in decided] == [people[0].pk, people[2].pk]
    assert {r.status for r in decided} == {Status.CONFIRMED}


def test_sign_up_again_while_awaiting_sends_the_status_and_after_decline_starts_over(
    session, editor
):
    anna = sign_up_and_confirm(session, "anna@example.dk")
    services.register_for_session(session_id=session.pk, registrant=registrant("anna@example.dk"))
    again = OutboundEmail.objects.filter(template="already_registered_to_registrant").get()
    assert "afventer arrangørernes godkendelse" in again.body_text
    services.decline_registration(registration_id=anna.pk, actor=editor)
    services.register_for_session(session_id=session.pk, registrant=registrant("anna@example.dk"))
    anna.refresh_from_db()
    assert anna.status == Status.PENDING


def test_a_series_subscriber_awaits_approval_for_such_a_session(series, session):
    plain = SessionFactory(series=series, title="Åben for alle")
    subscription = services.subscribe_to_series(series_id=series.pk, registrant=registrant())
    services.confirm_subscription(subscription_id=subscription.pk)
    statuses = dict(Registration.objects.values_list("session_id", "status"))
    assert statuses == {session.pk: Status.AWAITING_APPROVAL, plain.pk: Status.CONFIRMED}


def test_organiser_adding_by_hand_needs_no_approval(session, editor):
    added = services.add_registration_by_organiser(
        session_id=session.pk, registrant=registrant(), actor=editor
    )
    assert added.status == Status.CONFIRMED


def test_webhooks_hear_confirmed_only_on_approval(settings, session, editor, partner):
    settings.TINGET_WEBHOOK_ALLOW_HTTP = True
    integration_services.create_webhook_endpoint(
        user=editor,
        organisation=partner,
        url="http://127.0.0.1:9/hook",
        event_types=EventType.values,
    )
    anna = sign_up_and_confirm(session, "anna@example.dk")
    bo = sign_up_and_confirm(session, "bo@example.dk")

    def kinds(registration):
        return list(
            WebhookDelivery.objects.filter(ordering_key=f"registration:{registration.pk}")
            .order_by("id")
            .values_list("event_type", flat=True)
        )

    assert kinds(anna) == ["registration.created"]
    services.approve_registration(registration_id=anna.pk, actor=editor)
    services.decline_registration(registration_id=bo.pk, actor=editor)
    assert kinds(anna) == ["registration.created", "registration.confirmed"]
    assert kinds(bo) == ["registration.created", "registration.cancelled"]


def test_a_cancelled_session_tells_the_people_awaiting_approval(
    session, editor, django_capture_on_commit_callbacks
):
    anna = sign_up_and_confirm(session, "anna@example.dk")
    with django_capture_on_commit_callbacks(execute=True):
        programme_services.cancel_session(user=editor, session=session, notify=True)
    email = OutboundEmail.objects.get(to=anna.email, template="session_cancelled_to_registrant")
    assert email.attachments == []  # they never had an invite
