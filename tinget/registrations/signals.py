"""Cache invalidation only: a changed extra question renews the series' cached pages (the
sign-up form shows it). What registrations does when the programme changes is in
``reactions.py`` (domain events), not in signal handlers.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from tinget.programme.models import Municipality
from tinget.programme.signals import touch_series

from . import selectors
from .models import SeriesQuestion


@receiver(post_save, sender=SeriesQuestion)
@receiver(post_delete, sender=SeriesQuestion)
def _question_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        touch_series(series_ids=[instance.series_id])


@receiver(post_save, sender=Municipality)
@receiver(post_delete, sender=Municipality)
def _municipality_changed(sender, instance, **kwargs):
    # The sign-up form's list of municipalities is kept per process (selectors.py).
    selectors.forget_reference_lists()
