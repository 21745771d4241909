import pytest

from tests.factories import OrganisationFactory, SeriesFactory, SessionFactory, UserFactory
from tinget.integrations import services
from tinget.integrations.models import EventType
from tinget.programme.models import Membership

from .receivers import Receiver


@pytest.fixture
def receiver():
    server = Receiver()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def partner(db):
    return OrganisationFactory(name="CSR Forum", slug="csr-forum")


@pytest.fixture
def editor(partner):
    user = UserFactory(username="redaktoer")
    Membership.objects.create(user=user, organisation=partner, role=Membership.Role.EDITOR)
    return user


@pytest.fixture
def series(partner):
    return SeriesFactory(title="Kommunerne som accelerator", partners=[partner])


@pytest.fixture
def session(series):
    return SessionFactory(series=series, title="Verdensmål i praksis", capacity=1)


@pytest.fixture
def endpoint(settings, editor, partner, receiver):
    settings.TINGET_WEBHOOK_ALLOW_HTTP = True
    endpoint = services.create_webhook_endpoint(
        user=editor, organisation=partner, url=receiver.url, event_types=EventType.values
    )
    receiver.secret = endpoint.secret
    return endpoint
