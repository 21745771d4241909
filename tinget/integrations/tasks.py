"""Tasks of the integrations. They take ids, never objects."""

from django.tasks import task

from . import webhooks


@task
def deliver_webhooks(endpoint_id: int) -> dict[str, int]:
    """One delivery round for a webhook endpoint: `webhooks.deliver_endpoint`."""
    return webhooks.deliver_endpoint(endpoint_id)
