"""From announcement text to a draft series: parse, preview, then save in one transaction.

The parser (``tinget.announcements.parser``) knows nothing of Django; the draft is built by
``tinget.announcements.mapping.create_draft_series_from_import`` on the programme's
services, the same service layer the admin uses, so nothing is ever half saved.
"""

from __future__ import annotations

from .mapping import ImportResult, create_draft_series_from_import
from .parser import PARSE_FAILED, parse_announcement

#: Larger files are refused before parsing; the parser itself reads at most 200 KB of text.
MAX_UPLOAD_BYTES = 10 * 1024 * 1024


def preview_announcement(raw: str | bytes) -> dict:
    """The parsed announcement as a JSON-ready dict (gold schema plus warnings). No side effects."""
    return parse_announcement(raw).to_dict()


def parse_failed(parsed: dict) -> bool:
    """True when the parser broke on the text (it logged the error and returned nothing)."""
    return bool(set(parsed.get("warnings", [])) & set(PARSE_FAILED.values()))


def import_announcement(
    *, raw: str | bytes | None = None, parsed: dict | None = None, user
) -> ImportResult:
    """Save an announcement (raw text, or an already reviewed dict) as a draft series.

    Writes the series, its partners, sessions, items and speakers in one transaction and
    returns the series with the warnings of both the parser and the import. Raises
    ``tinget.programme.services.ProgrammeError`` (InvalidImport, NotAllowed) or
    ``django.core.exceptions.ValidationError`` with nothing saved.
    """
    if parsed is None:
        parsed = preview_announcement(raw or "")
    result = create_draft_series_from_import(parsed, user=user)
    result.warnings = [*parsed.get("warnings", []), *result.warnings]
    return result
