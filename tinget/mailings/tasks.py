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
    """One round of periodic work: reminders due, expiry of unconfirmed sign-ups, the outbox
    sweep and retention. Idempotent: a second round at the same moment sends nothing again."""
    import logging

    from django.utils import timezone

    from . import notify

    now = now or timezone.now()
    result = {"reminders": notify.queue_due_reminders(now=now)}
    try:
        from tinget.registrations.services import expire_unconfirmed
    except ImportError:
        expire_unconfirmed = None
    if expire_unconfirmed is not None:
        try:
            expired = expire_unconfirmed(now=now)
        except Exception:
            # Expiry failing must not stop reminders and the sweep from running.
            logging.getLogger(__name__).exception("expiring unconfirmed registrations failed")
            expired = 0
        result["expired"] = expired if isinstance(expired, int) else len(expired or ())
    result.update(services.sweep_outbox(now=now))
    result["purged"] = services.purge_outbox(now=now)
    return result


@task
def periodic() -> dict[str, int]:
    """`run_periodic` as a task, for a scheduler that enqueues tasks instead of cron."""
    return run_periodic()
