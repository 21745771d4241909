"""Never double-booked: 200 people confirm at once, from several processes, for the last 10
seats. Each process has its own database connection; the session row lock (PostgreSQL) or
the write lock taken at BEGIN IMMEDIATE (SQLite) must serialise them."""

import multiprocessing

import pytest
from django.db import connection
from django.utils import timezone

from tests.conftest import is_postgres
from tests.factories import SessionFactory
from tinget.programme.models import AuditEntry
from tinget.registrations import selectors
from tinget.registrations.models import Registration

from .race_worker import confirm_many

PROCESSES = 8
RACERS = 200
CAPACITY = 50
ALREADY_SEATED = 40  # so the race is for the last 10 seats

Status = Registration.Status


def run_race(series):
    session = SessionFactory(series=series, capacity=CAPACITY)
    now = timezone.now()
    Registration.objects.bulk_create(
        Registration(
            session=session,
            name=f"Seated {n}",
            email=f"seated{n}@example.dk",
            status=Status.CONFIRMED,
            confirmed_at=now,
        )
        for n in range(ALREADY_SEATED)
    )
    Registration.objects.bulk_create(
        Registration(session=session, name=f"Racer {n}", email=f"racer{n}@example.dk")
        for n in range(RACERS)
    )
    racer_ids = list(
        Registration.objects.filter(status=Status.PENDING)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    database_name = connection.settings_dict["NAME"]
    # The parent's connection must not be shared with the children.
    connection.close()

    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(PROCESSES)
    results = context.Queue()
    workers = [
        context.Process(
            target=confirm_many,
            args=(database_name, racer_ids[n::PROCESSES], barrier, results),
        )
        for n in range(PROCESSES)
    ]
    for worker in workers:
        worker.start()
    reports = [results.get(timeout=300) for _ in workers]
    for worker in workers:
        worker.join(timeout=60)
    # From the moment all processes were released until the last one finished.
    elapsed = max(r[4] for r in reports) - min(r[3] for r in reports)
    return session, racer_ids, [r[:3] for r in reports], elapsed


def check_outcome(session, racer_ids, reports):
    errors = [error for _pid, _outcome, errs in reports for error in errs]
    assert errors == [], errors[0]
    assert len({pid for pid, _o, _e in reports}) == PROCESSES
    outcome = dict(pair for _pid, pairs, _e in reports for pair in pairs)
    assert sorted(outcome) == racer_ids

    stored = dict(Registration.objects.filter(pk__in=racer_ids).values_list("pk", "status"))
    assert outcome == stored  # each process saw what was committed
    assert list(stored.values()).count(Status.CONFIRMED) == 10
    assert list(stored.values()).count(Status.WAITING) == 190
    assert selectors.seats(session).confirmed == CAPACITY

    # The order in which the transactions took the lock: each wrote its audit entry under it.
    serial = list(
        AuditEntry.objects.filter(
            object_type="registration", object_id__in=[str(pk) for pk in racer_ids]
        )
        .order_by("pk")
        .values_list("object_id", "action")
    )
    assert [action for _id, action in serial] == (
        ["registration.confirmed"] * 10 + ["registration.waiting"] * 190
    )
    waiting_order = [str(r.pk) for r in selectors.waiting_list(session)]
    assert waiting_order == [pk for pk, action in serial if action == "registration.waiting"]
    assert [selectors.waiting_position(r) for r in selectors.waiting_list(session)] == list(
        range(1, 191)
    )


@pytest.mark.slow
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_200_confirmations_race_for_the_last_10_seats_on_postgresql(series):
    if not is_postgres():
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://...)")
    session, racer_ids, reports, elapsed = run_race(series)

    check_outcome(session, racer_ids, reports)
    print(f"PostgreSQL: {RACERS} confirmations from {PROCESSES} processes in {elapsed:.1f} s")


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_200_confirmations_race_for_the_last_10_seats_on_sqlite(series):
    if is_postgres():
        pytest.skip("the SQLite variant runs on SQLite")
    session, racer_ids, reports, elapsed = run_race(series)

    check_outcome(session, racer_ids, reports)
    print(f"SQLite: {RACERS} confirmations from {PROCESSES} processes in {elapsed:.1f} s")
