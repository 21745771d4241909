"""Who may see and change which series.

An organiser belongs to partner organisations (Membership); they may work on the series those
organisations take part in. Superusers see everything. A viewer sees figures, never personal
data.
"""

from django.db.models import QuerySet

from .models import Membership, Series


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
