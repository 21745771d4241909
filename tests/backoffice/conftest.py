"""A series with a partner organisation, its editor and viewer, an editor of another
organisation, and registrants whose names must never leak to the wrong person."""

import pytest
from django.utils import translation

from tests.backoffice.factories import RegistrationFactory
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    SeriesFactory,
    SessionFactory,
    UserFactory,
)
from tinget.programme.models import Membership
from tinget.registrations.models import Registration

SECRET_NAME = "Hemmelig Hansen"
SECRET_EMAIL = "hemmelig.hansen@leak.example.dk"
WAITING_NAME = "Ventende Vibeke"
WAITING_EMAIL = "vibeke@leak.example.dk"


@pytest.fixture(autouse=True)
def danish():
    """A request to /en/… leaves English active in the thread; reverse() in the next test
    would then build /en/ URLs. Every test starts (and ends) in Danish."""
    translation.activate("da")
    yield
    translation.activate("da")


def no_leak(response) -> None:
    body = response.content.decode(errors="replace")
    for secret in (SECRET_NAME, SECRET_EMAIL, WAITING_NAME, WAITING_EMAIL):
        assert secret not in body, f"{secret!r} leaked"


@pytest.fixture
def partner():
    return OrganisationFactory(name="Partner Forum", slug="partner-forum")


@pytest.fixture
def series(partner):
    return SeriesFactory(title="Kommunerne og verdensmålene", partners=[partner])


@pytest.fixture
def session(series):
    return SessionFactory(series=series, title="Cirkulære indkøb", capacity=50)


@pytest.fixture
def secret_registration(session):
    return RegistrationFactory(session=session, name=SECRET_NAME, email=SECRET_EMAIL)


@pytest.fixture
def waiting_registration(session):
    return RegistrationFactory(
        session=session,
        name=WAITING_NAME,
        email=WAITING_EMAIL,
        status=Registration.Status.WAITING,
    )


@pytest.fixture
def people(secret_registration, waiting_registration):
    return [secret_registration, waiting_registration]


@pytest.fixture
def editor(partner):
    return MembershipFactory(organisation=partner, role=Membership.Role.EDITOR).user


@pytest.fixture
def viewer(partner):
    return MembershipFactory(organisation=partner, role=Membership.Role.VIEWER).user


@pytest.fixture
def outsider():
    """An editor, but of an organisation that is not a partner of the series."""
    return MembershipFactory(role=Membership.Role.EDITOR).user


@pytest.fixture
def not_staff(partner):
    user = UserFactory(is_staff=False)
    MembershipFactory(user=user, organisation=partner, role=Membership.Role.EDITOR)
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client
