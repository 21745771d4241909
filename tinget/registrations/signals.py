"""Keep sign-ups in step with the programme, whoever edits it (admin, back office, importer).

- A new upcoming session registers every active series subscriber ("Tilmeld hele rækken"
  includes sessions added later).
- A saved session, or a saved series (its default capacity), gives free seats to the waiting
  list at once, so a raised capacity promotes people without anyone calling a service.
  Sessions nobody waits for cost one query and no lock.
- A changed extra question renews the series' cached pages (the sign-up form shows it).

These run inside the saving transaction: if the save rolls back, so do the registrations, and
their emails (queued on commit) never leave.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from tinget.programme.models import Series, Session
from tinget.programme.signals import touch_series

from . import services
from .models import SeriesQuestion


@receiver(post_save, sender=Session)
def _session_saved(sender, instance, created, raw=False, **kwargs):
    if raw or not instance.is_upcoming:
        return
    if created:
        services.register_subscribers_for_session(instance.pk)
        return
    for session_id in services.sessions_to_rebalance(session_id=instance.pk):
        services.rebalance_session(session_id)


@receiver(post_save, sender=Series)
def _series_saved(sender, instance, created, raw=False, **kwargs):
    if raw or created:
        return
    for session_id in services.sessions_to_rebalance(
        series_id=instance.pk, capacity_from_series=True
    ):
        services.rebalance_session(session_id)


@receiver(post_save, sender=SeriesQuestion)
@receiver(post_delete, sender=SeriesQuestion)
def _question_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        touch_series(series_ids=[instance.series_id])
