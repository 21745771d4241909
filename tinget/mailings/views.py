"""The demo's inbox page: the mail catcher's messages as their recipients see them.

Demo only: every view answers 404 unless settings.TINGET_DEMO_INBOX is on (scripts/demo.sh
turns it on; production never has it, see settings). A message's HTML part is shown in a
sandboxed frame: its own response with a CSP sandbox and no scripts, so nothing in an email
runs in the site's origin, while its links open the demo's pages in the whole window.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_safe

from . import inbox

# The frame of a message's HTML: no scripts, no forms, nothing from elsewhere but images;
# a link may navigate the whole window (the demo's pages) or open a new one.
MESSAGE_FRAME_CSP = {
    "default-src": ["'none'"],
    "style-src": ["'unsafe-inline'"],
    "img-src": ["data:", "http:", "https:"],
    "frame-ancestors": ["'self'"],
    "base-uri": ["'none'"],
    "form-action": ["'none'"],
    "sandbox": [
        "allow-popups",
        "allow-popups-to-escape-sandbox",
        "allow-top-navigation-by-user-activation",
    ],
}
FRAME_SANDBOX = " ".join(MESSAGE_FRAME_CSP["sandbox"])
_HEAD = re.compile(r"<head[^>]*>", re.IGNORECASE)


def _demo_only():
    if not settings.TINGET_DEMO_INBOX:
        raise Http404


@require_safe
def inbox_list(request):
    _demo_only()
    to = request.GET.get("til", "").strip()[:254]
    return render(
        request,
        "mailings/inbox.html",
        {"messages": inbox.messages(to=to), "to": to, "limit": inbox.LIMIT},
    )


@require_safe
def inbox_message(request, message_id: str):
    _demo_only()
    message = inbox.message(message_id)
    if message is None:
        raise Http404
    return render(
        request,
        "mailings/inbox_message.html",
        {"message": message, "sandbox": FRAME_SANDBOX},
    )


@require_safe
@xframe_options_sameorigin
@csp_override(MESSAGE_FRAME_CSP)
def inbox_message_html(request, message_id: str):
    _demo_only()
    message = inbox.message(message_id)
    if message is None or not message.html:
        raise Http404
    # Links open in the whole window, not inside the frame.
    base = '<base target="_top">'
    html = message.html
    html = (
        _HEAD.sub(lambda m: m.group(0) + base, html, count=1)
        if _HEAD.search(html)
        else (base + html)
    )
    response = HttpResponse(html, content_type="text/html; charset=utf-8")
    response["X-Content-Type-Options"] = "nosniff"
    response["Referrer-Policy"] = "no-referrer"
    return response


@require_safe
def inbox_part(request, message_id: str, number: int):
    _demo_only()
    found = inbox.part(message_id, number)
    if found is None:
        raise Http404
    content_type, filename, data = found
    response = HttpResponse(data, content_type=content_type)
    name = filename or f"{message_id}-{number}"
    if content_type == "text/calendar" and not filename:
        name += ".ics"
    # The name comes from the email: quoted or percent-encoded as RFC 6266 asks (a line
    # break in it would otherwise be a 500; an "&" stays an "&").
    response["Content-Disposition"] = content_disposition_header(True, name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response
