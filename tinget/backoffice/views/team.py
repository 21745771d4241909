"""The team screen: an organisation's members with their roles and its open invitations;
editors invite colleagues by email (editor or viewer), withdraw an invitation, remove a
member (never the last editor); viewers see the team and change nothing. And the page the
invitation's link opens, where the invitee accepts with a new account or the one they are
logged in with. Writes: ``programme.services.team``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from tinget.programme import services
from tinget.programme.models import Invitation, Membership
from tinget.programme.permissions import can_manage_team, team_organisations

from ..forms_team import AcceptInvitationForm, InviteForm
from .common import organiser_view


def _panels(request, bound: InviteForm | None = None) -> list[dict]:
    panels = []
    for organisation in team_organisations(request.user).order_by("name"):
        manage = can_manage_team(request.user, organisation)
        form = None
        if manage:
            form = (
                bound
                if bound is not None and bound.organisation.pk == organisation.pk
                else InviteForm(organisation=organisation)
            )
        panels.append(
            {
                "organisation": organisation,
                "can_manage": manage,
                "members": list(
                    Membership.objects.filter(organisation=organisation)
                    .select_related("user")
                    .order_by("user__username")
                ),
                "invitations": list(
                    Invitation.objects.filter(
                        organisation=organisation,
                        accepted_at__isnull=True,
                        revoked_at__isnull=True,
                        expires_at__gt=timezone.now(),
                    ).select_related("invited_by")
                )
                if manage
                else [],
                "form": form,
            }
        )
    return panels


def _team_page(request, *, bound=None, status=200):
    return render(
        request,
        "backoffice/team.html",
        {"panels": _panels(request, bound), "form": bound},
        status=status,
    )


@organiser_view
def team(request):
    return _team_page(request)


@organiser_view
@require_POST
def team_invite(request, slug):
    organisation = get_object_or_404(team_organisations(request.user), slug=slug)
    if not can_manage_team(request.user, organisation):
        raise PermissionDenied
    form = InviteForm(request.POST, organisation=organisation)
    if form.is_valid():
        try:
            invitation = services.invite_member(
                user=request.user,
                organisation=organisation,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                language=translation.get_language() or "da",
            )
        except services.NotAllowed as error:
            raise PermissionDenied from error
        except services.TeamError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(
                request,
                _("The invitation is sent to %(email)s. The link works once, for %(days)d days.")
                % {
                    "email": invitation.email,
                    "days": (invitation.expires_at - invitation.created_at).days,
                },
            )
            return redirect("backoffice:team")
    return _team_page(request, bound=form, status=400)


@organiser_view
@require_POST
def team_remove(request, pk):
    membership = get_object_or_404(
        Membership.objects.select_related("user", "organisation").filter(
            organisation__in=team_organisations(request.user)
        ),
        pk=pk,
    )
    try:
        services.remove_member(user=request.user, membership=membership)
    except services.NotAllowed as error:
        raise PermissionDenied from error
    except services.TeamError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(
            request,
            _("%(name)s is no longer in the team of %(organisation)s.")
            % {
                "name": membership.user.get_full_name() or membership.user.get_username(),
                "organisation": membership.organisation.name,
            },
        )
    return redirect("backoffice:team")


@organiser_view
@require_POST
def team_revoke(request, pk):
    invitation = get_object_or_404(
        Invitation.objects.select_related("organisation").filter(
            organisation__in=team_organisations(request.user)
        ),
        pk=pk,
    )
    try:
        services.revoke_invitation(user=request.user, invitation=invitation)
    except services.NotAllowed as error:
        raise PermissionDenied from error
    except services.TeamError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(
            request,
            _("The invitation to %(email)s is withdrawn; its link no longer works.")
            % {"email": invitation.email},
        )
    return redirect("backoffice:team")


def _accept_page(request, invitation, form, *, status=200):
    has_account = (
        invitation is not None
        and get_user_model().objects.filter(email__iexact=invitation.email).exists()
    )
    return render(
        request,
        "backoffice/team_accept.html",
        {
            "invitation": invitation,
            "form": form,
            "has_account": has_account,
            "login_url": reverse("account_login") + "?next=" + request.path,
        },
        status=status,
    )


@never_cache
def team_accept(request, token):
    """Opened from the invitation email; anyone holding the link may use it, once."""
    invitation = services.open_invitation(token)
    if invitation is None:
        return _accept_page(request, None, None, status=410)
    if request.user.is_authenticated:
        if request.method == "POST":
            try:
                services.accept_invitation_as(token=token, user=request.user)
            except services.InvitationUnusable:
                return _accept_page(request, None, None, status=410)
            messages.success(
                request,
                _("Welcome to the team of %(organisation)s.")
                % {"organisation": invitation.organisation.name},
            )
            return redirect("backoffice:home")
        return _accept_page(request, invitation, None)
    form = AcceptInvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.accept_invitation(
                token=token,
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password1"],
            )
        except services.InvitationUnusable:
            return _accept_page(request, None, None, status=410)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                for message in errors:
                    form.add_error(field if field in form.fields else None, message)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request,
                _("Welcome to the team of %(organisation)s. You are logged in as %(name)s.")
                % {"organisation": invitation.organisation.name, "name": user.get_username()},
            )
            # The back office sends whoever must use two-factor to its set-up first.
            return redirect("backoffice:home")
    return _accept_page(request, invitation, form, status=400 if form.is_bound else 200)
