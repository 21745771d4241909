"""The organiser screens for API tokens and for the widget's websites."""

import pytest

from tests.factories import MembershipFactory, UserFactory
from tinget.api.models import ApiToken, EmbedOrigin
from tinget.programme.models import AuditEntry, Membership

pytestmark = pytest.mark.django_db

TOKENS = "/arrangoer/api/noegler/"


def test_editor_makes_a_token_sees_it_once_and_it_is_stored_hashed(client, editor, partner):
    client.force_login(editor)
    response = client.post(
        TOKENS,
        {"organisation": partner.pk, "name": "Vores CRM", "scopes": ["registrations:read"]},
    )
    assert response.status_code == 201
    page = response.content.decode()
    row = ApiToken.objects.get()
    secret = response.context["created"]["secret"]
    assert secret in page
    assert row.digest != secret and secret not in row.digest
    assert row.scopes == ["registrations:read"]
    assert row.created_by == editor
    assert AuditEntry.objects.filter(action="api_token.created", actor=editor).exists()
    later = client.get(TOKENS).content.decode()
    assert secret not in later
    assert "Vores CRM" in later
    assert row.prefix in later


def test_bad_token_form_shows_danish_errors_and_saves_nothing(client, editor, partner):
    client.force_login(editor)
    response = client.post(TOKENS, {"organisation": partner.pk, "name": ""})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Giv nøglen et navn." in page
    assert "Vælg mindst én tilladelse." in page
    assert not ApiToken.objects.exists()


def test_editor_cannot_make_or_revoke_tokens_of_another_organisation(
    client, editor, other_editor, other_partner, partner
):
    from tests.api.conftest import make_token

    client.force_login(editor)
    response = client.post(
        TOKENS, {"organisation": other_partner.pk, "name": "Snyd", "scopes": ["attendance:read"]}
    )
    assert response.status_code == 400
    assert not ApiToken.objects.filter(organisation=other_partner).exists()
    make_token(other_editor, other_partner)
    theirs = ApiToken.objects.get(organisation=other_partner)
    assert "Snyd" not in client.get(TOKENS).content.decode()
    response = client.post(f"{TOKENS}{theirs.pk}/tilbagekald/")
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.is_active


def test_revoke(client, editor, partner, token):
    client.force_login(editor)
    row = ApiToken.objects.get()
    response = client.post(f"{TOKENS}{row.pk}/tilbagekald/", follow=True)
    assert "er tilbagekaldt" in response.content.decode()
    row.refresh_from_db()
    assert not row.is_active


def test_viewer_cannot_make_tokens(client, partner):
    viewer = UserFactory(username="viewer")
    MembershipFactory(user=viewer, organisation=partner, role=Membership.Role.VIEWER)
    client.force_login(viewer)
    page = client.get(TOKENS).content.decode()
    assert "Kun redaktører" in page
    response = client.post(
        TOKENS, {"organisation": partner.pk, "name": "X", "scopes": ["attendance:read"]}
    )
    assert response.status_code == 400
    assert not ApiToken.objects.exists()


def test_widget_screen_saves_origins_and_shows_the_two_lines(client, editor, series):
    client.force_login(editor)
    url = f"/arrangoer/api/serier/{series.slug}/widget/"
    page = client.get(url).content.decode()
    assert f"&lt;tinget-programme series=&quot;{series.slug}&quot;&gt;" in page
    assert "tinget/widget.js" in page
    response = client.post(
        url, {"origins": "https://www.Partner.dk/side/om\nhttp://127.0.0.1:8123\n"}, follow=True
    )
    assert "Hjemmesiderne er gemt." in response.content.decode()
    assert sorted(EmbedOrigin.objects.values_list("origin", flat=True)) == [
        "http://127.0.0.1:8123",
        "https://www.partner.dk",
    ]
    response = client.post(url, {"origins": "https://ok.dk\nikke en adresse"})
    assert response.status_code == 400
    assert "er ikke en webadresse" in response.content.decode()
    assert EmbedOrigin.objects.count() == 2


def test_widget_screen_is_only_for_the_series_editors(client, other_editor, series, partner):
    client.force_login(other_editor)
    url = f"/arrangoer/api/serier/{series.slug}/widget/"
    assert client.get(url).status_code == 404
    assert client.post(url, {"origins": "https://evil.example"}).status_code == 404
    viewer = UserFactory(username="viewer")
    MembershipFactory(user=viewer, organisation=partner, role=Membership.Role.VIEWER)
    client.force_login(viewer)
    assert client.get(url).status_code == 403
    assert not EmbedOrigin.objects.exists()
