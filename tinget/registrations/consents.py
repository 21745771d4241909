"""Withdrawing an optional consent (GDPR art. 7(3): as easy as giving it).

A consent is given to the partners of a series, so withdrawing it from one registration
withdraws it from every registration and the series subscription of that address in that
series. The wording and the time it was given stay, with the time it was withdrawn: the
record shows what applied when.
"""

from django.db import transaction
from django.utils import timezone

from tinget.audit import audit

from .models import Registration, SeriesSubscription
from .notice import consent_active


def _withdraw_from(rows, key: str, now) -> list:
    changed = []
    for row in rows:
        if consent_active(row.consents, key):
            row.consents = {
                **row.consents,
                key: {**row.consents[key], "withdrawn_at": now.isoformat()},
            }
            row.save(update_fields=["consents"])
            changed.append(row)
    return changed


def withdraw_consent(*, email: str, series_id: int, key: str, now=None) -> int:
    """Withdraw consent `key` for `email` across the series. Returns how many records
    changed (0 when there was nothing to withdraw). Writes one audit entry per record."""
    now = now or timezone.now()
    with transaction.atomic():
        registrations = Registration.objects.select_for_update(of=("self",)).filter(
            email=email, session__series_id=series_id
        )
        subscriptions = SeriesSubscription.objects.select_for_update(of=("self",)).filter(
            email=email, series_id=series_id
        )
        changed = _withdraw_from(registrations, key, now) + _withdraw_from(subscriptions, key, now)
        for row in changed:
            audit(
                "consent.withdrawn",
                obj=row,
                series_id=series_id,
                people=1,
                detail={"consent": key},
            )
    return len(changed)
