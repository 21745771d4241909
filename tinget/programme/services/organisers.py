"""Organiser accounts and the admin permissions of the Organisers group."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from tinget.audit import audit

from ..models import (
    Membership,
    Organisation,
)
from .common import NotAllowed

ORGANISERS_GROUP = "Organisers"


# What the "Organisers" group may do in the admin, per "app_label.model". Organisers never
# delete series or sessions (a session is cancelled, so registrants hear about it), and
# people and organisations are shared reference data that only superusers may delete. Other
# apps may add their models here before ensure_organiser_group() runs (it is idempotent).
ORGANISER_PERMISSIONS = {
    "programme.series": ("add", "change", "view"),
    "programme.seriespartner": ("add", "change", "delete", "view"),
    "programme.session": ("add", "change", "view"),
    "programme.programmeitem": ("add", "change", "delete", "view"),
    "programme.appearance": ("add", "change", "delete", "view"),
    "programme.material": ("add", "change", "delete", "view"),
    "programme.person": ("add", "change", "view"),
    "programme.organisation": ("add", "change", "view"),
    "programme.sdg": ("view",),
    "programme.municipality": ("view",),
    "programme.auditentry": ("view",),
    "registrations.seriesquestion": ("add", "change", "delete", "view"),
    # The outbox of their own series (the outbox admin scopes the rows).
    "mailings.outboundemail": ("view",),
}


def ensure_organiser_group() -> Group:
    """The "Organisers" group with the admin permissions of ORGANISER_PERMISSIONS.

    Idempotent; needs the permissions that `migrate` creates.
    """
    group, _created = Group.objects.get_or_create(name=ORGANISERS_GROUP)
    wanted = Q(pk__in=[])
    for key, actions in ORGANISER_PERMISSIONS.items():
        app_label, model = key.split(".")
        wanted |= Q(
            content_type__app_label=app_label,
            content_type__model=model,
            codename__in=[f"{action}_{model}" for action in actions],
        )
    group.permissions.add(*Permission.objects.filter(wanted))
    return group


def grant_organiser_access(*, user, organiser) -> None:
    """Give ``organiser`` staff access and the Organisers group's permissions.

    What they may then touch is still decided by their Membership rows. Raises NotAllowed
    unless ``user`` is a superuser or the system (None).
    """
    if user is not None and not user.is_superuser:
        raise NotAllowed(_("Only an administrator can create organisers."))
    if not organiser.is_staff:
        organiser.is_staff = True
        organiser.save(update_fields=["is_staff"])
    organiser.groups.add(ensure_organiser_group())


@transaction.atomic
def create_organiser(
    *,
    user,
    username: str,
    organisations: Iterable[Organisation],
    email: str = "",
    password: str | None = None,
    role: str = Membership.Role.EDITOR,
):
    """Create (or update) a staff user who organises for ``organisations``.

    They join the Organisers group and get a membership in each organisation. Without a
    password the account cannot log in until one is set. Raises NotAllowed unless ``user``
    is a superuser or the system (None).
    """
    if user is not None and not user.is_superuser:
        raise NotAllowed(_("Only an administrator can create organisers."))
    User = get_user_model()
    organiser, created = User.objects.get_or_create(
        username=username, defaults={"email": email, "is_staff": True}
    )
    if not created:
        organiser.is_staff = True
        if email:
            organiser.email = email
    if password is not None:
        organiser.set_password(password)
    elif created:
        organiser.set_unusable_password()
    organiser.save()
    grant_organiser_access(user=user, organiser=organiser)
    for organisation in organisations:
        Membership.objects.update_or_create(
            user=organiser, organisation=organisation, defaults={"role": role}
        )
    if created:
        audit(
            "organiser.created",
            actor=user,
            object_type="user",
            object_id=str(organiser.pk),
            detail={"organisations": [o.pk for o in organisations]},
        )
    return organiser
