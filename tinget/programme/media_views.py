"""Serving uploaded materials so that no upload can run as the site.

Every file goes out with ``X-Content-Type-Options: nosniff`` and
``Content-Security-Policy: sandbox; default-src 'none'``; only images of the accepted kinds
are shown inline, everything else is a download (``Content-Disposition: attachment``), and the
content type comes from the allowlist in `tinget.programme.uploads`, never from the stored
name alone (a name outside the allowlist goes out as ``application/octet-stream``). Hostile
paths (NUL bytes, overlong names, ``..``) answer 404, never 500.

In production a separate origin (a cookie-less domain such as ``media.tinget.example.dk``)
should serve MEDIA_ROOT with the same headers; see the README.
"""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.http import FileResponse, Http404
from django.utils._os import safe_join
from django.views.decorators.http import require_safe

from .uploads import kind_for_name

SANDBOX_POLICY = "sandbox; default-src 'none'"
_MAX_PATH = 1024
_MAX_PART = 255


@require_safe
def serve_upload(request, path: str):
    if (
        len(path) > _MAX_PATH
        or "\x00" in path
        or any(len(part) > _MAX_PART for part in path.split("/"))
    ):
        raise Http404
    try:
        full = Path(safe_join(settings.MEDIA_ROOT, path))
        handle = full.open("rb") if full.is_file() else None
    except (OSError, ValueError, SuspiciousFileOperation) as error:
        # ".." outside MEDIA_ROOT, names the file system refuses.
        raise Http404 from error
    if handle is None:
        raise Http404
    kind = kind_for_name(full.name)
    inline = bool(kind and kind.inline)
    response = FileResponse(
        handle,
        as_attachment=not inline,
        filename=full.name,
        content_type=kind.content_type if kind else "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = SANDBOX_POLICY
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response
