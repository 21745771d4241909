"""The one way to write an audit entry (`programme.AuditEntry`), for every app.

An entry says who did what to which object: ids, statuses and counts, never personal data.
It is written in the caller's transaction, so a rolled-back change leaves no entry.
"""

from __future__ import annotations

import datetime as dt

from tinget.programme.models import AuditEntry


def _jsonable(value):
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if hasattr(value, "pk"):
        return value.pk
    return value


def audit(
    action: str,
    *,
    actor=None,
    obj=None,
    object_type: str = "",
    object_id: str = "",
    series=None,
    series_id: int | None = None,
    people: int = 0,
    detail: dict | None = None,
) -> AuditEntry:
    """Write one audit entry and return it.

    ``actor`` is recorded only when it is a logged-in user (None, an anonymous user or the
    system leave it empty). ``obj`` fills object type and id (or pass them yourself for a
    row that is not a model instance); ``series`` or ``series_id`` ties the entry to a series
    so organisers see it. Dates, times and model instances in ``detail`` are stored as ISO
    text and primary keys.
    """
    if obj is not None:
        object_type = object_type or obj._meta.model_name
        object_id = object_id or str(obj.pk)
    known_actor = actor is not None and getattr(actor, "is_authenticated", False) and actor.pk
    return AuditEntry.objects.create(
        actor=actor if known_actor else None,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        series_id=series.pk if series is not None else series_id,
        people_count=people,
        detail={key: _jsonable(value) for key, value in (detail or {}).items()},
    )
