"""Registrations and feedback made directly in the database: back-office tests need rows in
every state (confirmed, waiting, attended, missed, with and without consent) without going
through the sign-up flow, which has tests of its own."""

import datetime as dt

import factory
from django.utils import timezone

from tests.factories import SessionFactory
from tinget.programme.models import Organisation
from tinget.registrations.models import Feedback, Registration

CONSENT_TEXT = (
    "Jeg giver samtykke til, at mit navn, min e-mail, min organisation, min kommune og "
    "min titel deles med partnerne bag webinarrækken, så de kan følge op på webinaret."
)


class RegistrationFactory(factory.django.DjangoModelFactory):
    """A confirmed registration that consented to sharing its details with the partners."""

    class Meta:
        model = Registration

    session = factory.SubFactory(SessionFactory)
    name = factory.Sequence(lambda n: f"Deltager Nummer{n}")
    email = factory.Sequence(lambda n: f"deltager{n}@kommune.example.dk")
    organisation = "Eksempel Kommune"
    organisation_kind = Organisation.Kind.MUNICIPALITY
    municipality_id = "0101"
    job_title = "Klimakonsulent"
    language = "da"
    consent_text = CONSENT_TEXT
    consented_at = factory.LazyFunction(timezone.now)
    status = Registration.Status.CONFIRMED
    created_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=3))
    confirmed_at = factory.LazyAttribute(lambda o: o.created_at + dt.timedelta(minutes=5))
    waitlisted_at = factory.LazyAttribute(
        lambda o: o.confirmed_at if o.status == Registration.Status.WAITING else None
    )


class FeedbackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Feedback

    registration = factory.SubFactory(RegistrationFactory)
    score = 4
    comment = ""
