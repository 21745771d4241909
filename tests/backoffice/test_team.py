"""The team screen: an editor invites a colleague by email (real SMTP), the link works once
and expires, the invitee chooses their own username and password (then two-factor when the
setting asks for it); pending invitations can be withdrawn and members removed, never the
last editor; a viewer sees the team and changes nothing; another organisation's editor
reaches none of it. Every change is audited."""

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from tests.factories import PASSWORD, MembershipFactory, OrganisationFactory
from tinget.programme import services
from tinget.programme.models import AuditEntry, Invitation, Membership

pytestmark = pytest.mark.django_db

User = get_user_model()
NEW_PASSWORD = "lyseblå cykelhjelm 2031"


def invite(client, partner, email="ny.kollega@kommune.example.dk", role="editor", prefix=""):
    return client.post(
        prefix + reverse("backoffice:team_invite", kwargs={"slug": partner.slug}),
        {f"invite-{partner.pk}-email": email, f"invite-{partner.pk}-role": role},
    )


def link_in(message) -> str:
    body = message.get_body(("plain",)).get_content()
    return re.search(r"https?://[^/\s]+(/\S*invitation/\S+/)", body).group(1)


def invited_by_mail(editor_client, partner, smtp_server, capture, **kwargs):
    with capture(execute=True):
        response = invite(editor_client, partner, **kwargs)
    assert response.status_code == 302, response.content.decode()
    email = kwargs.get("email", "ny.kollega@kommune.example.dk")
    received = smtp_server.to(email)
    assert len(received) == 1
    return received[0].message


def test_editor_invites_and_the_colleague_sets_their_own_password(
    editor_client, client, partner, editor, smtp_server, django_capture_on_commit_callbacks
):
    client = Client()  # the invitee's own browser
    message = invited_by_mail(
        editor_client, partner, smtp_server, django_capture_on_commit_callbacks, role="viewer"
    )
    assert "Partner Forum" in message["Subject"]
    body = message.get_body(("plain",)).get_content()
    assert "Læser" in body or "læser" in body.lower()
    page = editor_client.get(reverse("backoffice:team")).content.decode()
    assert "ny.kollega@kommune.example.dk" in page  # pending
    assert AuditEntry.objects.filter(action="team.invited", actor=editor).exists()

    link = link_in(message)
    form = client.get(link)
    assert form.status_code == 200
    assert "Opret din konto" in form.content.decode()
    response = client.post(
        link, {"username": "nykollega", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert response["Location"] == reverse("backoffice:home")
    user = User.objects.get(username="nykollega")
    assert user.email == "ny.kollega@kommune.example.dk"
    assert user.check_password(NEW_PASSWORD) and user.is_staff
    assert Membership.objects.get(user=user).role == Membership.Role.VIEWER
    # Logged in at once; the start page lists the organisation's series.
    assert client.get(reverse("backoffice:home")).status_code == 200
    entry = AuditEntry.objects.get(action="team.invitation_accepted")
    assert entry.actor == user and entry.detail["new_account"] is True
    # Single use: the same link again says so politely.
    again = client.get(link)
    assert again.status_code == 410
    assert "Invitationslinket virker ikke længere" in again.content.decode()


def test_the_invitee_is_sent_to_two_factor_set_up_when_required(
    editor_client, client, partner, smtp_server, settings, django_capture_on_commit_callbacks
):
    client = Client()  # the invitee's own browser
    message = invited_by_mail(
        editor_client, partner, smtp_server, django_capture_on_commit_callbacks
    )
    settings.TINGET_MFA_REQUIRED_FOR_ORGANISERS = True
    link = link_in(message)
    client.post(link, {"username": "sikker", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    response = client.get(reverse("backoffice:home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_an_expired_or_withdrawn_link_does_not_work(
    editor_client, client, partner, editor, smtp_server, django_capture_on_commit_callbacks
):
    client = Client()  # the invitee's own browser
    message = invited_by_mail(
        editor_client, partner, smtp_server, django_capture_on_commit_callbacks
    )
    link = link_in(message)
    invitation = Invitation.objects.get()
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - dt.timedelta(minutes=1)
    )
    assert client.get(link).status_code == 410
    response = client.post(
        link, {"username": "for-sent", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert response.status_code == 410
    assert not User.objects.filter(username="for-sent").exists()
    # A new one, withdrawn before use.
    second = invited_by_mail(
        editor_client,
        partner,
        smtp_server,
        django_capture_on_commit_callbacks,
        email="anden@kommune.example.dk",
    )
    pending = Invitation.objects.get(email="anden@kommune.example.dk")
    response = editor_client.post(
        reverse("backoffice:team_revoke", kwargs={"pk": pending.pk}), follow=True
    )
    assert "er trukket tilbage" in response.content.decode()
    assert AuditEntry.objects.filter(action="team.invitation_revoked", actor=editor).exists()
    assert client.get(link_in(second)).status_code == 410


def test_bad_input_gets_field_errors_in_the_users_language(
    editor_client, client, partner, editor, smtp_server, django_capture_on_commit_callbacks
):
    client = Client()  # the invitee's own browser
    response = invite(editor_client, partner, email="ikke-en-adresse", role="boss")
    assert response.status_code == 400
    body = response.content.decode()
    assert "Skriv en e-mailadresse som navn@eksempel.dk." in body
    assert not Invitation.objects.exists()
    response = invite(editor_client, partner, email=editor.email, prefix="/en")
    assert response.status_code == 400
    assert "This person is already in the team." in response.content.decode()
    translation.activate("da")  # the /en/ request left English active in this thread
    message = invited_by_mail(
        editor_client, partner, smtp_server, django_capture_on_commit_callbacks
    )
    link = link_in(message)
    response = client.post(
        link, {"username": editor.username, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert response.status_code == 400
    assert "Brugernavnet er optaget" in response.content.decode()
    response = client.post(link, {"username": "ny", "password1": "123", "password2": "1234"})
    assert "De to adgangskoder er ikke ens." in response.content.decode()
    response = client.post(
        link, {"username": "ny", "password1": "12345678", "password2": "12345678"}
    )
    assert response.status_code == 400
    assert 'id="id_password1_error"' in response.content.decode()
    assert not User.objects.filter(username="ny").exists()
    assert Invitation.objects.get(email="ny.kollega@kommune.example.dk").accepted_at is None


def test_an_existing_organiser_joins_with_their_own_account(
    editor_client, client, partner, smtp_server, django_capture_on_commit_callbacks
):
    client = Client()  # the invitee's own browser
    other = MembershipFactory(organisation=OrganisationFactory(name="Anden")).user
    message = invited_by_mail(
        editor_client, partner, smtp_server, django_capture_on_commit_callbacks, email=other.email
    )
    assert "log ind" in message.get_body(("plain",)).get_content().lower()
    client.force_login(other)
    link = link_in(message)
    assert "Vil du være med i teamet med denne konto?" in client.get(link).content.decode()
    client.post(link)
    assert Membership.objects.filter(user=other, organisation=partner).exists()


def test_the_last_editor_cannot_be_removed_but_a_viewer_can(editor_client, partner, editor, viewer):
    own = Membership.objects.get(user=editor, organisation=partner)
    response = editor_client.post(
        reverse("backoffice:team_remove", kwargs={"pk": own.pk}), follow=True
    )
    assert "er teamets eneste redaktør" in response.content.decode()
    assert Membership.objects.filter(pk=own.pk).exists()
    seat = Membership.objects.get(user=viewer, organisation=partner)
    editor_client.post(reverse("backoffice:team_remove", kwargs={"pk": seat.pk}))
    assert not Membership.objects.filter(pk=seat.pk).exists()
    entry = AuditEntry.objects.get(action="team.member_removed")
    assert entry.actor == editor and entry.detail["user"] == viewer.pk


def test_viewer_sees_the_team_but_cannot_invite_or_remove(client, partner, editor, viewer):
    client.force_login(viewer)
    page = client.get(reverse("backoffice:team")).content.decode()
    assert editor.username in page
    assert "Inviter en kollega" not in page
    assert invite(client, partner).status_code == 403
    seat = Membership.objects.get(user=editor, organisation=partner)
    assert client.post(reverse("backoffice:team_remove", kwargs={"pk": seat.pk})).status_code == 403
    assert Membership.objects.filter(pk=seat.pk).exists()
    assert not Invitation.objects.exists()
    with pytest.raises(services.NotAllowed):
        services.invite_member(
            user=viewer, organisation=partner, email="x@example.dk", role="editor"
        )


def test_another_organisations_editor_reaches_nothing(client, partner, editor, outsider):
    invitation = services.invite_member(
        user=editor, organisation=partner, email="x@example.dk", role="editor"
    )
    client.force_login(outsider)
    page = client.get(reverse("backoffice:team")).content.decode()
    assert "Partner Forum" not in page and editor.username not in page
    assert invite(client, partner).status_code == 404
    seat = Membership.objects.get(user=editor, organisation=partner)
    assert client.post(reverse("backoffice:team_remove", kwargs={"pk": seat.pk})).status_code == 404
    assert (
        client.post(reverse("backoffice:team_revoke", kwargs={"pk": invitation.pk})).status_code
        == 404
    )
    assert Invitation.objects.get().revoked_at is None


def test_a_made_up_token_is_a_polite_page_not_a_500(client):
    response = client.get(reverse("backoffice:team_accept", kwargs={"token": "ikke-et-token"}))
    assert response.status_code == 410
    assert "Invitationslinket virker ikke længere" in response.content.decode()
    assert PASSWORD  # the factories' password is not what an invitee uses
