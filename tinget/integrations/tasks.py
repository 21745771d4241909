"""Tasks of the integrations. They take ids, never objects."""

from django.tasks import task

from . import teams, webhooks


@task
def deliver_webhooks(endpoint_id: int) -> dict[str, int]:
    """One delivery round for a webhook endpoint: `webhooks.deliver_endpoint`."""
    return webhooks.deliver_endpoint(endpoint_id)


@task
def sync_teams_meeting(session_id: int) -> str:
    """Create, move or delete the session's Teams meeting: `teams.sync_meeting`."""
    return teams.sync_meeting(session_id)


@task
def pull_teams_attendance(session_id: int) -> str:
    """Pull the session's Teams attendance through Graph: `teams.pull_attendance`."""
    return teams.pull_attendance(session_id)
