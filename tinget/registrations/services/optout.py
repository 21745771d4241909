"""Stopping bulk mail of one kind from one series (the one-click unsubscribe link)."""

from django.db import IntegrityError, transaction

from tinget.audit import audit

from ..models import GroupMailOptOut


def opt_out_of_group_mail(*, email: str, series_id: int, kind: str) -> bool:
    """Record that ``email`` wants no more ``kind`` mail from the series. Idempotent:
    returns False when it was already recorded."""
    try:
        with transaction.atomic():
            row = GroupMailOptOut.objects.create(email=email, series_id=series_id, kind=kind)
    except IntegrityError:
        return False
    audit("mail.unsubscribed", obj=row, series_id=series_id, people=1, detail={"kind": kind})
    return True
