"""Uploaded materials are served so that none can run script in the site's origin."""

import pytest
from django.core.files.base import ContentFile

from tests.factories import MaterialFactory
from tinget.programme.models import Material

from . import samples

pytestmark = pytest.mark.django_db


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def store(name: str, data: bytes) -> Material:
    material = MaterialFactory(url="", kind=Material.Kind.FILE)
    material.file.save(name, ContentFile(data))
    return material


def test_a_pdf_is_a_sandboxed_download(client, media_root):
    material = store("program.pdf", samples.PDF)
    response = client.get(material.file.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert b"".join(response.streaming_content) == samples.PDF
    response.close()


def test_an_image_may_show_inline_but_is_still_sandboxed(client, media_root):
    material = store("billede.png", samples.PNG)
    response = client.get(material.file.url)
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline")
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"
    response.close()


def test_an_old_html_upload_is_an_opaque_download(client, media_root):
    # Stored before the allowlist existed: it must not render as a page of the site.
    (media_root / "materials").mkdir()
    (media_root / "materials" / "side.html").write_bytes(samples.HTML)
    response = client.get("/media/materials/side.html")
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"
    response.close()


@pytest.mark.parametrize(
    "path",
    ["materials/%00x.pdf", "materials/" + "a" * 300 + ".pdf", "../settings.py", "x/../../etc"],
)
def test_hostile_media_paths_are_a_polite_404(client, media_root, path):
    response = client.get("/media/" + path)
    assert response.status_code == 404
    assert "Siden findes ikke" in response.content.decode()


def test_media_refuses_post(client, media_root):
    store("program.pdf", samples.PDF)
    response = client.post("/media/materials/program.pdf")
    assert response.status_code == 405
