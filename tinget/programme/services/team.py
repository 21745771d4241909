"""An organisation's team: editors invite colleagues by email (as editor or viewer), revoke
an invitation, remove a member; the invitee accepts once with a new account (their own
username and password) or with the account they are logged in with. Every change is audited
with ids and roles, never the address. Raises NotAllowed (not an editor of the organisation),
TeamError (a rule of the team said no, with the form field when there is one) and
ValidationError (a username or password that will not do)."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tinget.audit import audit
from tinget.mailings.services import queue_email

from ..models import Invitation, Membership, Organisation
from ..permissions import can_manage_team
from .common import NotAllowed, ProgrammeError
from .organisers import ensure_organiser_group


class TeamError(ProgrammeError):
    default_message = gettext_lazy("The team could not be changed.")


class InvitationUnusable(TeamError):
    default_message = gettext_lazy(
        "This invitation link no longer works: it has been used, withdrawn or it has expired. "
        "Ask the person who invited you for a new one."
    )


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _require_team_editor(user, organisation: Organisation) -> None:
    if not can_manage_team(user, organisation):
        raise NotAllowed(_("Only the organisation's editors can change its team."))


def _accept_url(token: str, language: str) -> str:
    with translation.override(language):
        path = reverse("backoffice:team_accept", kwargs={"token": token})
    return settings.TINGET_BASE_URL + path


def invite_member(
    *, user, organisation: Organisation, email: str, role: str, language: str = "da", now=None
) -> Invitation:
    """Invite ``email`` to the team as ``role`` and send the link (valid once, for
    TINGET_INVITATION_DAYS). An open invitation to the same address is replaced by this one,
    so the newest email is the one that works. Refuses someone already in the team."""
    now = now or timezone.now()
    _require_team_editor(user, organisation)
    email = email.strip().lower()
    if role not in Membership.Role.values:
        raise TeamError(_("Choose editor or viewer."), field="role")
    User = get_user_model()
    if Membership.objects.filter(organisation=organisation, user__email__iexact=email).exists():
        raise TeamError(_("This person is already in the team."), field="email")
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        replaced = Invitation.objects.filter(
            organisation=organisation,
            email=email,
            accepted_at__isnull=True,
            revoked_at__isnull=True,
        ).update(revoked_at=now)
        invitation = Invitation.objects.create(
            organisation=organisation,
            email=email,
            role=role,
            token_digest=digest(token),
            invited_by=user,
            created_at=now,
            expires_at=now + dt.timedelta(days=settings.TINGET_INVITATION_DAYS),
        )
        audit(
            "team.invited",
            actor=user,
            obj=invitation,
            detail={"organisation": organisation.pk, "role": role, "replaced": replaced},
        )
        has_account = User.objects.filter(email__iexact=email, is_active=True).exists()
        with translation.override(language):
            role_label = str(Membership.Role(role).label)
        queue_email(
            to=email,
            template="team_invitation_to_invitee",
            language=language,
            context={
                "organisation": organisation.name,
                "inviter": user.get_full_name() or user.get_username(),
                "role": role,
                "role_label": role_label,
                "accept_url": _accept_url(token, language),
                "expires_at": invitation.expires_at,
                "days": settings.TINGET_INVITATION_DAYS,
                "has_account": has_account,
            },
            reply_to=user.email or "",
        )
    return invitation


def revoke_invitation(*, user, invitation: Invitation, now=None) -> Invitation:
    """Withdraw an invitation that is not yet used; its link stops working at once."""
    now = now or timezone.now()
    _require_team_editor(user, invitation.organisation)
    with transaction.atomic():
        current = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if current.accepted_at is not None:
            raise TeamError(_("The invitation has already been accepted."))
        if current.revoked_at is None:
            current.revoked_at = now
            current.save(update_fields=["revoked_at"])
            audit(
                "team.invitation_revoked",
                actor=user,
                obj=current,
                detail={"organisation": current.organisation_id},
            )
    return current


def remove_member(*, user, membership: Membership) -> None:
    """Take someone out of the team. The last editor cannot be removed (nobody could then
    invite or change anything); an editor may leave when another editor remains."""
    _require_team_editor(user, membership.organisation)
    with transaction.atomic():
        team = list(
            Membership.objects.select_for_update()
            .filter(organisation_id=membership.organisation_id)
            .order_by("pk")
        )
        current = next((m for m in team if m.pk == membership.pk), None)
        if current is None:
            return
        editors = [m for m in team if m.role == Membership.Role.EDITOR]
        if current.role == Membership.Role.EDITOR and len(editors) == 1:
            raise TeamError(
                _(
                    "%(name)s is the team's only editor and cannot be removed. Invite another "
                    "editor first."
                )
                % {"name": current.user.get_full_name() or current.user.get_username()}
            )
        current.delete()
        audit(
            "team.member_removed",
            actor=user,
            object_type="membership",
            object_id=str(membership.pk),
            detail={
                "organisation": membership.organisation_id,
                "user": membership.user_id,
                "role": current.role,
            },
        )


def open_invitation(token: str) -> Invitation | None:
    """The invitation a link belongs to, if it can still be used (else None)."""
    invitation = (
        Invitation.objects.select_related("organisation").filter(token_digest=digest(token)).first()
    )
    if invitation is None or not invitation.is_open:
        return None
    return invitation


def _use(token: str, now) -> Invitation:
    invitation = (
        Invitation.objects.select_for_update()
        .select_related("organisation")
        .filter(token_digest=digest(token))
        .first()
    )
    if invitation is None or not invitation.is_open or invitation.expires_at <= now:
        raise InvitationUnusable
    return invitation


def _join(invitation: Invitation, member, now, *, new_account: bool) -> Membership:
    membership, created = Membership.objects.get_or_create(
        user=member, organisation=invitation.organisation, defaults={"role": invitation.role}
    )
    if not created and membership.role != invitation.role:
        # Invited again with another role: the invitation says what they are now.
        membership.role = invitation.role
        membership.save(update_fields=["role"])
    # The admin is for superusers only; the group keeps the account like every organiser's.
    member.groups.add(ensure_organiser_group())
    invitation.accepted_at = now
    invitation.accepted_by = member
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    audit(
        "team.invitation_accepted",
        actor=member,
        obj=invitation,
        detail={
            "organisation": invitation.organisation_id,
            "role": invitation.role,
            "membership": membership.pk,
            "new_account": new_account,
        },
    )
    return membership


def accept_invitation(*, token: str, username: str, password: str, now=None):
    """Accept with a new account: the invitee's own username and password (checked by the
    site's password rules), the invited address as its email. Returns the new user. Raises
    InvitationUnusable, ValidationError ({"username": …} or {"password1": …})."""
    now = now or timezone.now()
    User = get_user_model()
    username = username.strip()
    with transaction.atomic():
        invitation = _use(token, now)
        if User.objects.filter(username__iexact=username).exists():
            raise ValidationError(
                {"username": _("This username is taken. Choose another.")}, code="taken"
            )
        candidate = User(username=username, email=invitation.email, is_staff=True)
        try:
            validate_password(password, user=candidate)
        except ValidationError as error:
            raise ValidationError({"password1": error.messages}) from None
        candidate.set_password(password)
        candidate.save()
        _join(invitation, candidate, now, new_account=True)
    return candidate


def accept_invitation_as(*, token: str, user, now=None) -> Membership:
    """Accept with the account the person is logged in with (they already organise with
    Tinget). Raises InvitationUnusable."""
    now = now or timezone.now()
    with transaction.atomic():
        invitation = _use(token, now)
        if not user.is_staff:
            type(user).objects.filter(pk=user.pk).update(is_staff=True)
            user.is_staff = True
        return _join(invitation, user, now, new_account=False)
