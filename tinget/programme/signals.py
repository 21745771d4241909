"""Keep Series.updated_at moving whenever anything shown on the series page changes.

The public series page caches its rendered programme keyed on the series' updated_at, which
every request reads from the database anyway. That key is right in every process (a
per-process cache version would go stale in the other WSGI workers), and an edit shows at once.

Writes that bypass save()/delete() (QuerySet.update, bulk_create) send no signals: call
touch_series() after them.

Every such change also ends the whole-page cache of the public pages (tinget/pagecache.py).
"""

from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from tinget.pagecache import bump_version

from .models import (
    SDG,
    Appearance,
    Material,
    Organisation,
    Person,
    ProgrammeItem,
    Series,
    SeriesPartner,
    Session,
)


def touch_series(*, series_ids=None, condition: Q | None = None) -> None:
    """Mark series as changed so their cached pages are rendered again.

    Side effect: one UPDATE of Series.updated_at for the matching series (no signals sent),
    and a new version of the whole-page cache.
    """
    bump_version()
    queryset = Series.objects.all()
    if series_ids is not None:
        ids = {pk for pk in series_ids if pk is not None}
        if not ids:
            return
        queryset = queryset.filter(pk__in=ids)
    if condition is not None:
        queryset = queryset.filter(condition)
    queryset.update(updated_at=timezone.now())


def _series_id_of(instance):
    if isinstance(instance, Session | SeriesPartner):
        return instance.series_id
    if isinstance(instance, Material):
        return Session.objects.filter(pk=instance.session_id).values("series_id")
    if isinstance(instance, ProgrammeItem):
        return Session.objects.filter(pk=instance.session_id).values("series_id")
    if isinstance(instance, Appearance):
        return ProgrammeItem.objects.filter(pk=instance.item_id).values("session__series_id")
    return None


def _touch_for(instance) -> None:
    target = _series_id_of(instance)
    if target is None:
        return
    if isinstance(target, int):
        touch_series(series_ids=[target])
    else:
        touch_series(condition=Q(pk__in=target))


def _person_condition(person_ids) -> Q:
    return Q(moderator_id__in=person_ids) | Q(
        pk__in=Appearance.objects.filter(person_id__in=person_ids).values(
            "item__session__series_id"
        )
    )


@receiver(post_save, sender=Session)
@receiver(post_save, sender=SeriesPartner)
@receiver(post_save, sender=ProgrammeItem)
@receiver(post_save, sender=Appearance)
@receiver(post_save, sender=Material)
def _content_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        _touch_for(instance)


@receiver(post_delete, sender=Session)
@receiver(post_delete, sender=SeriesPartner)
@receiver(post_delete, sender=ProgrammeItem)
@receiver(post_delete, sender=Appearance)
@receiver(post_delete, sender=Material)
def _content_deleted(sender, instance, **kwargs):
    # During a cascade the parent rows may already be gone; the subquery then matches nothing.
    _touch_for(instance)


@receiver(post_save, sender=Person)
def _person_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        touch_series(condition=_person_condition([instance.pk]))


@receiver(post_save, sender=Organisation)
def _organisation_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    touch_series(
        condition=Q(partnerships__organisation=instance)
        | Q(moderator__organisation=instance)
        | Q(
            pk__in=Appearance.objects.filter(organisation=instance).values(
                "item__session__series_id"
            )
        )
    )


@receiver(post_save, sender=SDG)
def _sdg_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        touch_series()


@receiver(m2m_changed, sender=Session.sdgs.through)
@receiver(m2m_changed, sender=ProgrammeItem.sdgs.through)
@receiver(m2m_changed, sender=Series.sdgs.through)
def _sdgs_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if reverse:
        # sdg.sessions.add(...) and the like: instance is the SDG, pk_set the other side.
        if model is Series:
            touch_series(series_ids=pk_set or [])
        elif model is Session:
            touch_series(condition=Q(sessions__pk__in=pk_set or []))
        elif model is ProgrammeItem:
            touch_series(condition=Q(sessions__items__pk__in=pk_set or []))
        return
    if isinstance(instance, Series):
        touch_series(series_ids=[instance.pk])
    else:
        _touch_for(instance)


@receiver(post_save, sender=Series)
@receiver(post_delete, sender=Series)
@receiver(post_delete, sender=Person)
@receiver(post_delete, sender=Organisation)
@receiver(post_delete, sender=SDG)
def _public_record_changed(sender, instance, raw=False, **kwargs):
    # Series pages key their fragments on updated_at (auto_now); every public page listing or
    # linking the record is cached whole, so the whole-page cache starts again.
    if not raw:
        bump_version()
