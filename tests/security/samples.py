"""Small real files of each kind, made in memory, for the upload tests."""

import io
import struct
import zipfile

import openpyxl

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
    b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
WEBP = b"RIFF" + struct.pack("<I", 26) + b"WEBPVP8L\x0d\x00\x00\x00/\x00\x00\x00\x00\x00\x00"
MP3 = b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\xff\xfb\x90\x00" + b"\x00" * 64
MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 32
TEXT = "Slides fra oplægget: «Grøn omstilling» – se også www.example.dk\n".encode()

HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
)
JS = b"fetch('/admin/auth/user/add/', {method: 'POST'});\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00"


def _zip(entries: list[tuple[str, bytes]], *, stored_first: bool = False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for index, (name, data) in enumerate(entries):
            method = zipfile.ZIP_STORED if stored_first and index == 0 else zipfile.ZIP_DEFLATED
            archive.writestr(zipfile.ZipInfo(name), data, compress_type=method)
    return buffer.getvalue()


def ooxml(part: str, *, macros: bool = False) -> bytes:
    entries = [
        ("[Content_Types].xml", b'<?xml version="1.0"?><Types/>'),
        ("_rels/.rels", b'<?xml version="1.0"?><Relationships/>'),
        (f"{part}/document.xml", b'<?xml version="1.0"?><document/>'),
    ]
    if macros:
        entries.append((f"{part}/vbaProject.bin", b"\xd0\xcf\x11\xe0"))
    return _zip(entries)


def xlsx() -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "Deltagere"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def odf(mimetype: str) -> bytes:
    return _zip(
        [("mimetype", mimetype.encode()), ("content.xml", b"<office:document-content/>")],
        stored_first=True,
    )


def ole(stream: str) -> bytes:
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    entry = stream.encode("utf-16-le").ljust(64, b"\x00") + b"\x00" * 64
    return header + entry + b"\x00" * 384


def plain_zip() -> bytes:
    return _zip([("readme.txt", b"hello")])


ALLOWED = [
    ("program.pdf", PDF, "pdf"),
    ("oplaeg.docx", ooxml("word"), "docx"),
    ("tal.xlsx", xlsx(), "xlsx"),
    ("slides.pptx", ooxml("ppt"), "pptx"),
    ("gammel.doc", ole("WordDocument"), "doc"),
    ("gammel.xls", ole("Workbook"), "xls"),
    ("gammel.ppt", ole("PowerPoint Document"), "ppt"),
    ("tekst.odt", odf("application/vnd.oasis.opendocument.text"), "odt"),
    ("ark.ods", odf("application/vnd.oasis.opendocument.spreadsheet"), "ods"),
    ("praesentation.odp", odf("application/vnd.oasis.opendocument.presentation"), "odp"),
    ("billede.png", PNG, "png"),
    ("foto.JPG", JPEG, "jpeg"),
    ("billede.webp", WEBP, "webp"),
    ("podcast.mp3", MP3, "mp3"),
    ("optagelse.mp4", MP4, "mp4"),
    ("noter.txt", TEXT, "text"),
]

FORBIDDEN = [
    ("side.html", HTML),
    ("logo.svg", SVG),
    ("script.js", JS),
    ("program.exe", EXE),
    ("arkiv.zip", plain_zip()),
    # Hostile content under an allowed name is refused by content.
    ("noter.txt", HTML),
    ("billede.png", SVG),
    ("slides.docm", ooxml("word", macros=True)),
]
