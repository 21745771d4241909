"""One round of periodic work, assembled in one place at the project level.

One round (`run_periodic`): the reminders that are due, expiry of unconfirmed sign-ups and
retention of personal data (registrations), the outbox sweep and the outbox's own retention
(mailings), the webhook queue's sweep, Teams meetings
to sync again and Teams attendance to pull (integrations). Each app offers its step as a
service; only this module knows them all. `tinget tick` (`management/commands/tick.py`)
runs a round from cron or in a loop; `periodic` is the same round as a task, for a scheduler
that enqueues tasks instead.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from django.tasks import task
from django.utils import timezone

from tinget.integrations import teams, webhooks
from tinget.mailings import services as outbox
from tinget.registrations import notifications
from tinget.registrations.services import apply_retention, expire_unconfirmed

logger = logging.getLogger(__name__)


def steps(now: datetime) -> dict[str, Callable[[], int | dict[str, int]]]:
    """The steps of one round, in order, each a call that returns a count (or counts)."""
    return {
        "reminders": lambda: notifications.queue_due_reminders(now=now),
        "expired": lambda: expire_unconfirmed(now=now),
        "erased": lambda: sum(apply_retention(now=now).values()),
        "sweep": lambda: outbox.sweep_outbox(now=now),
        "purged": lambda: outbox.purge_outbox(now=now),
        "webhooks": lambda: webhooks.sweep(now=now),
        "teams": lambda: teams.periodic(now=now),
    }


def run_periodic(*, now: datetime | None = None) -> dict[str, int]:
    """One round of periodic work; returns what each step did.

    Idempotent: a second round at the same moment sends and deletes nothing more. Each step
    runs even if an earlier one failed (the failure is logged and counts 0).
    """
    now = now or timezone.now()
    result: dict[str, int] = {}
    for name, step in steps(now).items():
        try:
            outcome = step()
        except Exception:
            logger.exception("periodic step %s failed", name)
            outcome = 0
        if isinstance(outcome, dict):
            result.update(outcome)
        else:
            result[name] = outcome
    return result


@task
def periodic() -> dict[str, int]:
    """`run_periodic` as a task, for a scheduler that enqueues tasks instead of cron."""
    return run_periodic()
