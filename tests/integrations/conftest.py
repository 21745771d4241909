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


@pytest.fixture
def no_internet(monkeypatch):
    """Name look-ups for anything but loopback fail: no test may reach the internet (msal's
    instance discovery would try login.microsoftonline.com)."""
    import socket

    real = socket.getaddrinfo

    def loopback_only(host, *args, **kwargs):
        if host not in ("127.0.0.1", "localhost", "::1"):
            raise OSError(f"test tried to reach {host}")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", loopback_only)


@pytest.fixture
def fake_graph(tmp_path, settings, no_internet):
    from .fake_graph import FakeGraph

    server = FakeGraph(tmp_path)
    server.start()
    settings.TINGET_ENTRA_AUTHORITY_HOST = server.url
    settings.TINGET_GRAPH_URL = server.url + "/v1.0"
    settings.TINGET_GRAPH_CA_BUNDLE = str(server.cert_path)
    yield server
    server.stop()


@pytest.fixture
def graph_connection(fake_graph, editor, partner):
    from .fake_graph import CLIENT_ID, CLIENT_SECRET, ORGANISER, TENANT

    return services.connect_graph(
        user=editor,
        organisation=partner,
        tenant_id=TENANT,
        client_id=CLIENT_ID,
        credential_kind="secret",
        credential=CLIENT_SECRET,
        organiser_user=ORGANISER,
    )
