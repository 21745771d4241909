"""Tasks of the outbox. They take ids, never objects (DESIGN.md convention 6)."""

from django.tasks import task

from . import services


@task
def send_email(email_id: int) -> dict[str, int]:
    """Send one stored email. Side effects and outcomes: `services.send_outbound`."""
    return services.send_outbound([email_id])


@task
def send_emails(email_ids: list[int]) -> dict[str, int]:
    """Send a batch of stored emails over one SMTP connection (reminder fan-out, sweeps)."""
    return services.send_outbound(email_ids)


def run_periodic(*, now=None) -> dict[str, int]:
    """One round of periodic work: reminders due, expiry of unconfirmed sign-ups, retention
    of personal data, the outbox sweep and its retention, the webhook queue's sweep.
    Idempotent: a second round at the same moment sends and deletes nothing more. Each step
    runs even if an earlier one failed."""
    import logging

    from django.utils import timezone

    # Inline: the outbox sits below the apps whose periodic work this round also runs.
    from tinget.integrations import webhooks
    from tinget.registrations import notifications as notify
    from tinget.registrations.services import apply_retention, expire_unconfirmed

    now = now or timezone.now()
    steps = {
        "reminders": lambda: notify.queue_due_reminders(now=now),
        "expired": lambda: expire_unconfirmed(now=now),
        "erased": lambda: sum(apply_retention(now=now).values()),
        "sweep": lambda: services.sweep_outbox(now=now),
        "purged": lambda: services.purge_outbox(now=now),
        "webhooks": lambda: webhooks.sweep(now=now),
    }
    result: dict[str, int] = {}
    for name, step in steps.items():
        try:
            outcome = step()
        except Exception:
            logging.getLogger(__name__).exception("periodic step %s failed", name)
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
