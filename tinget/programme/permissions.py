"""Who may see and change which series.

An organiser belongs to partner organisations (Membership); they may work on the series those
organisations take part in. Superusers see everything. A viewer sees figures, never personal
data.
"""

from django.db.models import Q, QuerySet

from .models import Membership, Organisation, Series


def _organisation_ids(user, roles: tuple[str, ...]) -> QuerySet:
    return Membership.objects.filter(user=user, role__in=roles).values("organisation_id")


def series_for_user(user, *, personal_data: bool = False) -> QuerySet[Series]:
    """The series a user may open: all their organisations' series.

    With personal_data=True, only those where they are an editor (viewers see figures only).
    """
    if not user.is_authenticated or not user.is_active:
        return Series.objects.none()
    if user.is_superuser:
        return Series.objects.all()
    roles = (Membership.Role.EDITOR,)
    if not personal_data:
        roles = (Membership.Role.EDITOR, Membership.Role.VIEWER)
    return Series.objects.filter(
        partnerships__organisation_id__in=_organisation_ids(user, roles)
    ).distinct()


def can_view_series(user, series: Series) -> bool:
    return series_for_user(user).filter(pk=series.pk).exists()


def can_edit_series(user, series: Series) -> bool:
    """Editors of a partner organisation (or superusers) may change the series and see people."""
    return series_for_user(user, personal_data=True).filter(pk=series.pk).exists()


can_view_personal_data = can_edit_series


# --- shared reference records: organisations and people ------------------------------------
#
# Organisations and people are shared between series, so one partner's organiser must not be
# able to change what another partner's series show. The rule: an organiser may change such a
# record only when every series it appears in is one they may edit; viewers change nothing;
# everything else is for a superuser.


def _is_editor(user) -> bool:
    return (
        user.is_authenticated
        and user.is_active
        and Membership.objects.filter(user=user, role=Membership.Role.EDITOR).exists()
    )


def series_showing_organisation(organisation) -> QuerySet[Series]:
    """Every series an organisation appears in: as a partner or as a speaker's organisation."""
    return Series.objects.filter(
        Q(partnerships__organisation=organisation)
        | Q(sessions__items__appearances__organisation=organisation)
    ).distinct()


def series_showing_person(person) -> QuerySet[Series]:
    """Every series a person appears in: as its moderator or on a programme item."""
    return Series.objects.filter(
        Q(moderator=person) | Q(sessions__items__appearances__person=person)
    ).distinct()


def _all_editable(user, series: QuerySet[Series]) -> bool:
    editable = series_for_user(user, personal_data=True).values("pk")
    return not series.exclude(pk__in=editable).exists()


def can_edit_organisation(user, organisation) -> bool:
    """May ``user`` change this organisation's record (name, website, kind …)?

    Superusers may. Otherwise the user must be an editor (viewers edit nothing), every series
    the organisation appears in must be one they may edit, and when the organisation is itself
    a partner with organisers of its own, the user must be one of its editors.
    """
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if not _is_editor(user):
        return False
    if organisation.pk is None:
        return True
    members = Membership.objects.filter(organisation=organisation)
    if members.exists() and not members.filter(user=user, role=Membership.Role.EDITOR).exists():
        return False
    return _all_editable(user, series_showing_organisation(organisation))


def can_edit_person(user, person) -> bool:
    """May ``user`` change this person's record (name, bio, current role …)?

    Superusers may. Otherwise the user must be an editor, and every series the person appears
    in (as moderator or speaker) must be one they may edit. A new person (not saved yet) may be
    created by any editor.
    """
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if not _is_editor(user):
        return False
    if person.pk is None:
        return True
    return _all_editable(user, series_showing_person(person))


# --- integrations of a partner organisation (webhooks, Microsoft Graph) ----------------------


def organisations_for_integrations(user) -> QuerySet:
    """The organisations whose webhooks and Graph connection a user may set up: those where
    they are an editor (all for a superuser). Viewers see none: the settings reach data."""
    if not user.is_authenticated or not user.is_active:
        return Organisation.objects.none()
    if user.is_superuser:
        return Organisation.objects.all()
    return Organisation.objects.filter(pk__in=_organisation_ids(user, (Membership.Role.EDITOR,)))


def can_manage_integrations(user, organisation) -> bool:
    return organisations_for_integrations(user).filter(pk=organisation.pk).exists()


# --- an organisation's team (who may invite and remove colleagues) ---------------------------


def team_organisations(user) -> QuerySet:
    """The organisations whose team a user sees: those they belong to, as editor or viewer."""
    if not user.is_authenticated or not user.is_active:
        return Organisation.objects.none()
    return Organisation.objects.filter(
        pk__in=_organisation_ids(user, (Membership.Role.EDITOR, Membership.Role.VIEWER))
    )


def can_manage_team(user, organisation) -> bool:
    """Only an organisation's editors invite colleagues and remove members (or a superuser);
    a viewer sees the team and changes nothing."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return Membership.objects.filter(
        user=user, organisation=organisation, role=Membership.Role.EDITOR
    ).exists()
