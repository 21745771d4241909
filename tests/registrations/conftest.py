"""Fixtures for the sign-up tests: a published series with partners, sessions, registrants."""

import pytest
from django.utils import translation

from tests.factories import OrganisationFactory, SeriesFactory, SessionFactory
from tinget.programme import services as programme_services
from tinget.registrations import services
from tinget.registrations.services import organiser, seats, signup, subscriptions

# What the registrations services send through tinget.registrations.notifications.
REGISTRANT_NOTIFICATIONS = (
    "confirm_email",
    "registered",
    "waitlisted",
    "promoted",
    "cancelled",
    "already_registered",
    "subscription_confirm",
    "subscription_confirmed",
)


@pytest.fixture(autouse=True)
def _danish():
    """Start every test in Danish: a request to /en/ leaves English active in the thread,
    and reverse() would then build /en/ URLs for the next test."""
    with translation.override("da"):
        yield


@pytest.fixture
def series(db):
    return SeriesFactory(
        title="Kommunerne som accelerator",
        partners=[
            OrganisationFactory(name="CSR Forum", slug="csr-forum"),
            OrganisationFactory(name="KL", slug="kl"),
        ],
    )


@pytest.fixture
def session(series):
    return SessionFactory(series=series, title="Verdensmål i praksis", capacity=2)


def registrant(email="anna@example.dk", **fields) -> services.Registrant:
    values = {
        "name": "Anna Andersen",
        "email": email,
        "organisation": "Gentofte Kommune",
        "organisation_kind": "municipality",
        "municipality_id": "0157",
        "job_title": "Udviklingskonsulent",
        "language": "da",
        "consent_text": "Jeg giver samtykke.",
    }
    values.update(fields)
    return services.Registrant(**values)


def sign_up_and_confirm(session, email, **fields):
    registration = services.register_for_session(
        session_id=session.pk, registrant=registrant(email, **fields)
    )
    return services.confirm_registration(registration_id=registration.pk)


@pytest.fixture
def notifications(monkeypatch):
    """The (name, ids) of every notification the services asked for, in order.

    A spy at the boundary to the mail side: the call still goes through to
    tinget.registrations.notifications, the test just also sees which email was asked for.
    The services import the notifications by name, so the spy wraps them where they are used.
    """
    calls = []

    def spy(name, original):
        def wrapper(*ids):
            calls.append((name, *ids))
            return original(*ids)

        return wrapper

    for module in (seats, signup, subscriptions, organiser):
        for name in REGISTRANT_NOTIFICATIONS:
            if hasattr(module, name):
                monkeypatch.setattr(module, name, spy(name, getattr(module, name)))
    return calls


def add_session(series, **fields):
    """A session added to the series as organisers add one: through the programme's service
    (which announces it, so registrations can react), with the factory's defaults."""
    draft = SessionFactory.build(series=series, **fields)
    return programme_services.create_session(
        user=None,
        series=series,
        starts_at=draft.starts_at,
        ends_at=draft.ends_at,
        status=draft.status,
        title=draft.title,
        format=draft.format,
        join_url=draft.join_url,
    )
