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
