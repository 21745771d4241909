"""Which uploaded files Tinget accepts, decided by their content and not by their name.

`validate_upload(file)` reads the first bytes (and, for ZIP and OLE containers, the names
inside) and returns the `UploadKind` it found, or raises `ValidationError` with a message in
the user's language. Only the kinds in `KINDS` pass: PDF, Word/Excel/PowerPoint (OOXML and
the older OLE formats), OpenDocument, PNG/JPEG/WebP, MP3/MP4 and plain text. HTML, SVG,
scripts, executables, archives and anything unknown are refused, and so is a name whose
extension does not match what the content is (a PDF called ``slides.html``).

Accepted files are still served as downloads with a sandboxing policy (`serve_upload` in
`tinget.programme.media_views`); only images may be shown inline.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models.fields.files import FieldFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

# The longest file name we keep (storage adds "materials/YYYY/" in front; the column holds 255).
MAX_NAME_LENGTH = 150
_SNIFF_BYTES = 8192
_SCAN_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class UploadKind:
    """One accepted kind of file: its short name, extensions, MIME type and display mode."""

    name: str
    extensions: tuple[str, ...]
    content_type: str
    label: str  # may be a lazy translation
    inline: bool = False


KINDS: dict[str, UploadKind] = {
    kind.name: kind
    for kind in [
        UploadKind("pdf", ("pdf",), "application/pdf", "PDF"),
        UploadKind(
            "docx",
            ("docx",),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "Word",
        ),
        UploadKind(
            "xlsx",
            ("xlsx",),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "Excel",
        ),
        UploadKind(
            "pptx",
            ("pptx", "ppsx"),
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            "PowerPoint",
        ),
        UploadKind("doc", ("doc",), "application/msword", "Word"),
        UploadKind("xls", ("xls",), "application/vnd.ms-excel", "Excel"),
        UploadKind("ppt", ("ppt", "pps"), "application/vnd.ms-powerpoint", "PowerPoint"),
        UploadKind("odt", ("odt",), "application/vnd.oasis.opendocument.text", "OpenDocument"),
        UploadKind(
            "ods", ("ods",), "application/vnd.oasis.opendocument.spreadsheet", "OpenDocument"
        ),
        UploadKind(
            "odp", ("odp",), "application/vnd.oasis.opendocument.presentation", "OpenDocument"
        ),
        UploadKind("png", ("png",), "image/png", "PNG", inline=True),
        UploadKind("jpeg", ("jpg", "jpeg"), "image/jpeg", "JPEG", inline=True),
        UploadKind("webp", ("webp",), "image/webp", "WebP", inline=True),
        UploadKind("mp3", ("mp3",), "audio/mpeg", "MP3"),
        UploadKind("mp4", ("mp4", "m4a", "m4v"), "video/mp4", "MP4"),
        UploadKind("text", ("txt", "csv", "md"), "text/plain; charset=utf-8", _("plain text")),
    ]
}
KIND_BY_EXTENSION = {ext: kind for kind in KINDS.values() for ext in kind.extensions}

ALLOWED_TYPES_TEXT = _(
    "PDF, Word, Excel, PowerPoint, OpenDocument, PNG, JPEG, WebP, MP3, MP4 or plain text"
)

_ODF_KINDS = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
    b"application/vnd.oasis.opendocument.presentation": "odp",
}
# Stream names in an OLE compound file, stored as UTF-16LE in its directory.
_OLE_STREAMS = [
    ("WordDocument", "doc"),
    ("Workbook", "xls"),
    ("Book", "xls"),
    ("PowerPoint Document", "ppt"),
]
# Text that a browser or an editor would treat as markup or script, even named .txt.
_MARKUP = (b"<!doctype", b"<html", b"<script", b"<svg", b"<?xml", b"<iframe", b"<body", b"<meta")


def max_upload_bytes() -> int:
    return settings.TINGET_UPLOAD_MAX_BYTES


def _refuse(message, code: str, **params):
    raise ValidationError(message, code=code, params=params or None)


def _read_head(file) -> bytes:
    file.seek(0)
    head = file.read(_SNIFF_BYTES)
    file.seek(0)
    return head


def _contains(file, needles: list[bytes]) -> set[bytes]:
    """Which of ``needles`` occur anywhere in ``file`` (read in chunks, with overlap)."""
    found: set[bytes] = set()
    overlap = max(len(n) for n in needles)
    tail = b""
    file.seek(0)
    while chunk := file.read(_SCAN_CHUNK):
        window = tail + chunk
        found.update(n for n in needles if n in window)
        tail = window[-overlap:]
    file.seek(0)
    return found


def _zip_kind(file) -> str:
    try:
        with zipfile.ZipFile(file) as archive:
            infos = archive.infolist()
            names = {info.filename for info in infos}
            if infos and infos[0].filename == "mimetype":
                mimetype = archive.read("mimetype").strip()
                if mimetype in _ODF_KINDS:
                    return _ODF_KINDS[mimetype]
            if "[Content_Types].xml" in names:
                if any(name.lower().endswith("vbaproject.bin") for name in names):
                    _refuse(
                        _("The file contains macros. Save it without macros and upload it again."),
                        "macros",
                    )
                prefixes = {name.split("/", 1)[0] for name in names}
                for prefix, kind in (("word", "docx"), ("xl", "xlsx"), ("ppt", "pptx")):
                    if prefix in prefixes:
                        return kind
    except (zipfile.BadZipFile, OSError, EOFError, KeyError, ValueError):
        pass
    finally:
        file.seek(0)
    return ""


def _ole_kind(file) -> str:
    needles = [name.encode("utf-16-le") for name, _kind in _OLE_STREAMS]
    found = _contains(file, needles)
    for name, kind in _OLE_STREAMS:
        if name.encode("utf-16-le") in found:
            return kind
    return ""


def _is_plain_text(file) -> bool:
    file.seek(0)
    decoder_input = file.read(max_upload_bytes() + 1)
    file.seek(0)
    try:
        text = decoder_input.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    if any(ord(ch) < 32 and ch not in "\t\n\r\f" for ch in text) or "\x7f" in text:
        return False
    lowered = text[:_SCAN_CHUNK].lstrip().lower().encode()
    return not any(marker in lowered for marker in _MARKUP)


def sniff(file) -> str:
    """The kind's short name from the file's content, or "" when it is none we accept."""
    head = _read_head(file)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head[4:8] == b"ftyp":
        return "mp4"
    if head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):
        return "mp3"
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(file)
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return _ole_kind(file)
    if _is_plain_text(file):
        return "text"
    return ""


def validate_upload(file) -> UploadKind:
    """Check an uploaded file (a Django File/UploadedFile) and return the kind it is.

    Raises ValidationError (translated; Danish by default) when the file is empty, too large
    (`TINGET_UPLOAD_MAX_BYTES`, default 50 MB), has an overlong name, is not one of `KINDS`
    by content, or its name's extension does not fit its content.
    """
    name = PurePath(getattr(file, "name", "") or "").name
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, 2)
        size = file.tell()
        file.seek(0)
    if not size:
        _refuse(_("The file is empty."), "empty")
    limit = max_upload_bytes()
    if size > limit:
        _refuse(
            _("The file is %(size)s; the largest file you can upload is %(limit)s."),
            "too_large",
            size=filesizeformat(size),
            limit=filesizeformat(limit),
        )
    if len(name) > MAX_NAME_LENGTH:
        _refuse(
            _("The file name is too long (at most %(max)d characters). Rename the file."),
            "name_too_long",
            max=MAX_NAME_LENGTH,
        )
    if "\x00" in name or any(ord(ch) < 32 for ch in name):
        _refuse(_("The file name contains characters that are not allowed."), "name_chars")
    kind = KINDS.get(sniff(file))
    if kind is None:
        _refuse(
            _("This kind of file cannot be uploaded. Upload %(allowed)s."),
            "kind",
            allowed=ALLOWED_TYPES_TEXT,
        )
    extension = PurePath(name).suffix.lower().lstrip(".")
    if extension not in KIND_BY_EXTENSION:
        # Content we accept under a name we do not (a script saved as text, "x.html").
        _refuse(
            _("This kind of file cannot be uploaded. Upload %(allowed)s."),
            "kind",
            allowed=ALLOWED_TYPES_TEXT,
        )
    if extension not in kind.extensions:
        _refuse(
            _(
                'The file\'s name ends in "%(extension)s", but the file is %(kind)s. Give it '
                'a name ending in ".%(expected)s" and upload it again.'
            ),
            "extension",
            extension=f".{extension}" if extension else "",
            kind=kind.label,
            expected=kind.extensions[0],
        )
    return kind


def validate_material_file(value) -> None:
    """Model/form field validator for uploaded materials: checks new uploads with
    validate_upload.

    Files already stored (committed) are left alone, so editing an old material's title does
    not re-read its file.
    """
    if not value:
        return
    if isinstance(value, FieldFile):
        if value._committed:
            return
        value = value.file
    validate_upload(value)


# Logos and photos: images a browser shows inline, and small enough for a page header.
IMAGE_KINDS = frozenset({"png", "jpeg", "webp"})
MAX_IMAGE_BYTES = 5 * 1024 * 1024


def validate_image(file) -> UploadKind:
    """Check an uploaded logo or photo: everything validate_upload checks, and it must be a
    PNG, JPEG or WebP image of at most MAX_IMAGE_BYTES. Raises ValidationError (translated)."""
    kind = validate_upload(file)
    if kind.name not in IMAGE_KINDS:
        _refuse(_("The image must be a PNG, JPEG or WebP file."), "not_image")
    if file.size > MAX_IMAGE_BYTES:
        _refuse(
            _("The image is %(size)s; the largest image you can upload is %(limit)s."),
            "image_too_large",
            size=filesizeformat(file.size),
            limit=filesizeformat(MAX_IMAGE_BYTES),
        )
    return kind


def validate_image_file(value) -> None:
    """Model/form field validator for logos: checks new uploads with validate_image."""
    if not value:
        return
    if isinstance(value, FieldFile):
        if value._committed:
            return
        value = value.file
    validate_image(value)


def kind_for_name(name: str) -> UploadKind | None:
    """The accepted kind a stored file's name says it is (used only when serving)."""
    return KIND_BY_EXTENSION.get(PurePath(name).suffix.lower().lstrip("."))
