"""Personal data is forgotten when the privacy notice says so, by the periodic round."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import SessionFactory
from tests.registrations.conftest import registrant, sign_up_and_confirm
from tinget.periodic.round import run_periodic
from tinget.programme.models import AuditEntry
from tinget.registrations import services
from tinget.registrations.models import Feedback, Registration, SeriesSubscription

pytestmark = pytest.mark.django_db


def test_retention_anonymises_a_series_two_years_after_its_last_session(series, settings):
    settings.TINGET_RETENTION_DAYS = 730
    session = SessionFactory(series=series, capacity=10)
    anna = sign_up_and_confirm(session, "anna@example.dk")
    Feedback.objects.create(registration=anna, score=5, comment="Tak, Anna")
    later = session.ends_at + timedelta(days=731)

    counts = services.apply_retention(now=later)

    anna.refresh_from_db()
    assert counts["after_series"] == 1
    assert (anna.name, anna.organisation, anna.job_title) == ("", "", "")
    assert anna.email.endswith("@erased.invalid") and anna.erased_at == later
    # what the partners' statistics need stays
    assert anna.status == Registration.Status.CONFIRMED
    assert anna.organisation_kind == "municipality" and anna.municipality_id == "0157"
    assert anna.feedback.score == 5 and anna.feedback.comment == ""
    assert AuditEntry.objects.filter(action="personal_data.retention").count() == 1
    # a second round finds nothing more
    assert services.apply_retention(now=later) == {
        "unconfirmed": 0,
        "after_series": 0,
        "subscriptions": 0,
    }


def test_retention_keeps_a_series_that_still_has_a_recent_or_coming_session(series, settings):
    settings.TINGET_RETENTION_DAYS = 730
    old = SessionFactory(series=series, capacity=10)
    SessionFactory(
        series=series,
        capacity=10,
        starts_at=old.starts_at + timedelta(days=400),
        ends_at=old.ends_at + timedelta(days=400),
    )
    anna = sign_up_and_confirm(old, "anna@example.dk")
    services.apply_retention(now=old.ends_at + timedelta(days=731))
    anna.refresh_from_db()
    assert anna.name == "Anna Andersen" and anna.erased_at is None


def test_periodic_round_expires_then_forgets_unconfirmed_sign_ups(session, settings):
    settings.TINGET_CONFIRMATION_HOURS = 48
    pending = services.register_for_session(
        session_id=session.pk, registrant=registrant("bo@example.dk", name="Bo Bech")
    )
    subscription = services.subscribe_to_series(
        series_id=session.series_id, registrant=registrant("carl@example.dk", name="Carl")
    )
    later = timezone.now() + timedelta(hours=49)

    result = run_periodic(now=later)

    pending.refresh_from_db()
    assert result["expired"] == 2
    assert pending.status == Registration.Status.EXPIRED
    assert pending.name == "" and "bo@" not in pending.email
    assert not SeriesSubscription.objects.filter(pk=subscription.pk).exists()
    assert run_periodic(now=later)["erased"] == 0
