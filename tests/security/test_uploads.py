"""Uploads are accepted by content (an allowlist), never by their name alone."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import translation

from tinget.programme.uploads import validate_upload

from . import samples


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


@pytest.mark.parametrize(("name", "data", "kind"), samples.ALLOWED, ids=lambda v: str(v)[:20])
def test_allowed_kinds_pass_and_say_what_they_are(name, data, kind):
    assert validate_upload(upload(name, data)).name == kind


@pytest.mark.parametrize(("name", "data"), samples.FORBIDDEN, ids=lambda v: str(v)[:20])
def test_forbidden_kinds_are_refused_in_danish(name, data):
    with translation.override("da"), pytest.raises(ValidationError) as caught:
        validate_upload(upload(name, data))
    text = " ".join(caught.value.messages)
    assert "kan ikke uploades" in text or "makroer" in text, text


def test_a_pdf_named_html_is_refused_because_the_name_does_not_fit():
    with translation.override("da"), pytest.raises(ValidationError) as caught:
        validate_upload(upload("slides.pdf.html", samples.PDF))
    assert caught.value.code == "kind"
    with translation.override("da"), pytest.raises(ValidationError) as caught:
        validate_upload(upload("slides.png", samples.PDF))
    assert caught.value.code == "extension"
    assert ".pdf" in caught.value.messages[0]


@override_settings(TINGET_UPLOAD_MAX_BYTES=1000)
def test_size_limit_is_a_setting_and_the_message_gives_both_sizes():
    with translation.override("da"), pytest.raises(ValidationError) as caught:
        validate_upload(upload("stor.pdf", samples.PDF + b"0" * 2000))
    message = caught.value.messages[0]
    assert "største fil" in message
    assert "1000" in message.replace(".", "").replace("\xa0", "") or "bytes" in message


def test_empty_overlong_and_control_character_names_are_refused():
    with pytest.raises(ValidationError) as caught:
        validate_upload(upload("tom.pdf", b""))
    assert caught.value.code == "empty"
    with pytest.raises(ValidationError) as caught:
        validate_upload(upload("a" * 300 + ".pdf", samples.PDF))
    assert caught.value.code == "name_too_long"


def test_plain_file_objects_work_too():
    handle = io.BytesIO(samples.PNG)
    handle.name = "x.png"
    kind = validate_upload(handle)
    assert kind.inline and kind.content_type == "image/png"
    assert handle.tell() == 0
