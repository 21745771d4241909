"""Two partner organisations with a series each, a token for one of them, and registrants
whose details could leak to the other."""

import pytest
from django.core.cache import cache

from tests.backoffice.factories import RegistrationFactory
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    SeriesFactory,
    SessionFactory,
    UserFactory,
)
from tinget.api import services
from tinget.api.models import Scope
from tinget.programme.models import Membership

OTHER_SECRET = "anden.hemmelig@leak.example.dk"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """The rate-limit counters live in the cache, which outlives a test's database."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def partner():
    return OrganisationFactory(name="Partner Forum", slug="partner-forum")


@pytest.fixture
def other_partner():
    return OrganisationFactory(name="Anden Partner", slug="anden-partner")


@pytest.fixture
def editor(partner):
    user = UserFactory(username="editor")
    MembershipFactory(user=user, organisation=partner, role=Membership.Role.EDITOR)
    return user


@pytest.fixture
def other_editor(other_partner):
    user = UserFactory(username="other-editor")
    MembershipFactory(user=user, organisation=other_partner, role=Membership.Role.EDITOR)
    return user


@pytest.fixture
def series(partner):
    return SeriesFactory(
        slug="verdensmaal", title="Kommunerne og verdensmålene", partners=[partner]
    )


@pytest.fixture
def session(series):
    return SessionFactory(series=series, title="Cirkulære indkøb", capacity=2)


@pytest.fixture
def other_series(other_partner):
    return SeriesFactory(slug="anden-raekke", title="En anden række", partners=[other_partner])


@pytest.fixture
def other_session(other_series):
    return SessionFactory(series=other_series, title="Andres session")


@pytest.fixture
def other_registration(other_session):
    return RegistrationFactory(session=other_session, email=OTHER_SECRET, name="Anden Hemmelig")


def make_token(editor, organisation, scopes=tuple(Scope.values)):
    _row, secret = services.create_token(
        organisation=organisation, name="CRM", scopes=list(scopes), actor=editor
    )
    return secret


@pytest.fixture
def token(editor, partner):
    return make_token(editor, partner)


@pytest.fixture
def auth(token):
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}
