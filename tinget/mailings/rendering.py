"""Emails rendered in the worker: the outbox row stores what to render from, not the text.

A request that signs someone up should not spend its time in templates and calendar
objects. `services.queue_email_to_render` stores a row with the address, the template and a
`render` spec (the renderer's name and its JSON parameters: ids and the few values fixed at
that moment, such as a calendar SEQUENCE or a place in the waiting list); the send task
renders it just before sending and stores the rendered text once it is sent or has failed
for good, so the row records what was sent (a try that will be repeated keeps nothing: the
next one renders from the database as it is then).

Rendering is a pure function of the stored spec and the database as it is then, so it is
idempotent: a worker that dies before sending renders the same email again next time. The
outbox knows no app (DESIGN.md, layers): an app registers its renderers by name with
`@renderer("...")`, in a module its AppConfig.ready() imports.

A row whose text is not rendered yet is filled in when it is loaded (`OutboundEmail.from_db`),
so every reader (the admin, the organisers' outbox screen, a test reading the email) sees the
email as it would be sent now. That fill is only in memory and never raises: the worker is the
one that renders for real, and records a failure.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str
    attachments: list[dict] = field(default_factory=list)


class NothingToSend(Exception):
    """The renderer found nothing to send (the registration is gone, its data erased)."""


class NoLongerTrue(NothingToSend):
    """What the email would say stopped being true before the worker sent it (a "you are
    registered" for a registration cancelled meanwhile): it is not sent, and never will be."""


_renderers: dict[str, Callable[..., Rendered | None]] = {}


def renderer(name: str):
    """Register `function(email, **params) -> Rendered | None` under `name`."""

    def decorator(function):
        _renderers[name] = function
        return function

    return decorator


def render(email) -> Rendered:
    """Render a stored row's spec. Raises NothingToSend, LookupError for an unknown
    renderer, and whatever the templates raise."""
    spec = email.render
    function = _renderers.get(spec["renderer"])
    if function is None:
        raise LookupError(f"no email renderer named {spec['renderer']!r}")
    rendered = function(email, **spec.get("params", {}))
    if rendered is None:
        raise NothingToSend(f"nothing to send for {spec['renderer']} {spec.get('params')}")
    return rendered


def fill(email, rendered: Rendered) -> None:
    email.subject = rendered.subject[:300]
    email.body_text = rendered.text
    email.body_html = rendered.html
    email.attachments = list(rendered.attachments)
    email.rendered_now = True


def fill_quietly(email) -> None:
    """Fill in a loaded row that is not rendered yet, for whoever reads it. Never raises."""
    try:
        fill(email, render(email))
    except Exception:
        logger.info("email %s is not rendered yet and cannot be now", email.pk, exc_info=True)


def stored_fields(email) -> dict:
    """The rendered content to store with a row's outcome, when it was rendered from its
    spec in this process (else nothing: the row already holds its text)."""
    if email.render is None or not getattr(email, "rendered_now", False):
        return {}
    return {
        "subject": email.subject,
        "body_text": email.body_text,
        "body_html": email.body_html,
        "attachments": email.attachments,
        "render": None,
    }
