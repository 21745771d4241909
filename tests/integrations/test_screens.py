"""The organiser screens for webhooks: who may use them, what they save, what they show."""

import pytest
from django.urls import reverse

from tests.factories import OrganisationFactory, UserFactory
from tests.registrations.conftest import registrant
from tinget.integrations.models import GraphConnection, WebhookEndpoint
from tinget.programme.models import AuditEntry, Membership
from tinget.registrations import services as registrations

pytestmark = pytest.mark.django_db

CREATE = reverse("integrations:webhook_create")


@pytest.fixture
def viewer(partner):
    user = UserFactory(username="kigger")
    Membership.objects.create(user=user, organisation=partner, role=Membership.Role.VIEWER)
    return user


def post_new(client, partner, **data):
    values = {
        "organisation": partner.pk,
        "url": "https://crm.example.dk/tinget",
        "description": "Vores CRM",
        "event_types": ["registration.created", "registration.cancelled"],
    }
    values.update(data)
    return client.post(CREATE, values)


def test_editor_adds_a_webhook_and_sees_the_secret_once(client, editor, partner):
    client.force_login(editor)
    response = post_new(client, partner)
    endpoint = WebhookEndpoint.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("integrations:webhook", kwargs={"pk": endpoint.pk})
    page = client.get(response["Location"]).content.decode()
    assert endpoint.secret in page
    assert "Den hemmelige nøgle: kopiér den nu" in page
    assert endpoint.secret not in client.get(response["Location"]).content.decode()
    assert endpoint.event_types == ["registration.created", "registration.cancelled"]
    assert AuditEntry.objects.filter(action="webhook.created", actor=editor).exists()
    index = client.get(reverse("integrations:index")).content.decode()
    assert "https://crm.example.dk/tinget" in index
    assert "Tilmelding oprettet, Tilmelding afmeldt" in index


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"url": "http://crm.example.dk/"}, "Adressen skal begynde med https://."),
        ({"url": "https://127.0.0.1/hook"}, "må ikke være en lokal adresse"),
        ({"url": "ikke en adresse"}, "Indtast en gyldig URL."),
        ({"event_types": []}, "Vælg mindst én hændelse."),
    ],
)
def test_bad_input_gives_a_danish_field_error_and_saves_nothing(
    client, editor, partner, data, error
):
    client.force_login(editor)
    response = post_new(client, partner, **data)
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not WebhookEndpoint.objects.exists()


def test_disable_enable_and_new_secret(client, editor, endpoint):
    client.force_login(editor)
    old = endpoint.secret
    client.post(reverse("integrations:webhook_toggle", kwargs={"pk": endpoint.pk}))
    endpoint.refresh_from_db()
    assert not endpoint.is_active
    page = client.get(reverse("integrations:webhook", kwargs={"pk": endpoint.pk}))
    assert "Slået fra: den får ingen beskeder." in page.content.decode()
    response = client.post(reverse("integrations:webhook_rotate", kwargs={"pk": endpoint.pk}))
    endpoint.refresh_from_db()
    assert endpoint.secret != old
    assert endpoint.secret in client.get(response["Location"]).content.decode()


def test_delivery_log_shows_the_response_code(
    client, editor, endpoint, session, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        registrations.register_for_session(session_id=session.pk, registrant=registrant())
    client.force_login(editor)
    page = client.get(reverse("integrations:webhook", kwargs={"pk": endpoint.pk})).content
    text = page.decode()
    assert "Tilmelding oprettet" in text
    assert "data-code>204<" in text
    assert "Leveret" in text


def test_viewer_and_other_organisations_editor_get_nothing(client, viewer, endpoint, partner):
    outsider = UserFactory(username="udenfor")
    Membership.objects.create(
        user=outsider, organisation=OrganisationFactory(), role=Membership.Role.EDITOR
    )
    detail = reverse("integrations:webhook", kwargs={"pk": endpoint.pk})
    for user in (viewer, outsider):
        client.force_login(user)
        index = client.get(reverse("integrations:index")).content.decode()
        assert endpoint.url not in index
        assert client.get(detail).status_code == 404
        toggle = reverse("integrations:webhook_toggle", kwargs={"pk": endpoint.pk})
        assert client.post(toggle).status_code == 404
        assert (
            client.post(
                reverse("integrations:webhook_delete", kwargs={"pk": endpoint.pk})
            ).status_code
            == 404
        )
    client.force_login(viewer)
    assert client.get(CREATE).status_code == 403
    # An editor elsewhere cannot add an endpoint to this partner by posting its id.
    client.force_login(outsider)
    response = post_new(client, partner)
    assert response.status_code == 200
    assert WebhookEndpoint.objects.count() == 1
    endpoint.refresh_from_db()
    assert endpoint.is_active


def test_anonymous_goes_to_the_login_page(client):
    response = client.get(reverse("integrations:index"))
    assert response.status_code == 302
    assert "login" in response["Location"]


def graph_data(**data):
    values = {
        "tenant_id": "11111111-2222-3333-4444-555555555555",
        "client_id": "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
        "credential_kind": "secret",
        "credential": "hemmelig~klient~noegle",
        "organiser_user": "webinar@kommune.example",
    }
    values.update(data)
    return values


def test_editor_connects_teams_and_the_secret_never_shows_again(client, editor, partner):
    client.force_login(editor)
    url = reverse("integrations:graph", kwargs={"organisation_pk": partner.pk})
    response = client.post(url, graph_data())
    assert response.status_code == 302
    connection = GraphConnection.objects.get(organisation=partner)
    assert connection.credential == "hemmelig~klient~noegle"
    assert "hemmelig" not in connection.credential_encrypted
    form = client.get(url).content.decode()
    assert "hemmelig~klient~noegle" not in form
    assert "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee" in form
    index = client.get(reverse("integrations:index")).content.decode()
    assert "Forbundet med app-registreringen aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee" in index
    # Saving again without a secret keeps the stored one.
    client.post(url, graph_data(credential="", organiser_user="ny@kommune.example"))
    connection.refresh_from_db()
    assert connection.credential == "hemmelig~klient~noegle"
    assert connection.organiser_user == "ny@kommune.example"
    assert AuditEntry.objects.filter(action="graph.updated", actor=editor).exists()
    client.post(reverse("integrations:graph_disconnect", kwargs={"organisation_pk": partner.pk}))
    assert not GraphConnection.objects.exists()


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"credential": ""}, "Indtast klienthemmeligheden eller certifikatet."),
        (
            {"credential_kind": "certificate", "credential": "bare en streng"},
            "Indsæt både den private nøgle og certifikatet i PEM-format.",
        ),
        ({"tenant_id": ""}, "Feltet skal udfyldes."),
    ],
)
def test_teams_connection_bad_input(client, editor, partner, data, error):
    client.force_login(editor)
    url = reverse("integrations:graph", kwargs={"organisation_pk": partner.pk})
    response = client.post(url, graph_data(**data))
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not GraphConnection.objects.exists()


def test_viewer_cannot_open_or_change_the_teams_connection(client, viewer, partner):
    client.force_login(viewer)
    url = reverse("integrations:graph", kwargs={"organisation_pk": partner.pk})
    assert client.get(url).status_code == 404
    assert client.post(url, graph_data()).status_code == 404
    assert not GraphConnection.objects.exists()


def test_a_test_message_reaches_the_receiver_signed(
    client, editor, endpoint, receiver, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("integrations:webhook_test", kwargs={"pk": endpoint.pk}))
    page = client.get(response["Location"]).content.decode()
    assert "En testbesked er på vej" in page
    assert "Testbesked" in page
    assert [message["type"] for message in receiver.processed] == ["webhook.test"]
    assert receiver.processed[0]["data"]["organisation"] == "CSR Forum"
    assert receiver.bad_signatures == 0
