"""The programme editor's details: speakers reordered within an item, an existing material
edited (title, kind, item, link or file), the recap's Markdown preview.

Integration tests through the back office (Django test client); the browser test is in
test_editor_details_browser.py.
"""

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import AppearanceFactory, MaterialFactory, PersonFactory, ProgrammeItemFactory
from tests.security.samples import HTML, PDF
from tinget.programme.models import AuditEntry, Material

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return response.content.decode()


@pytest.fixture
def panel(session):
    """An item with three speakers in order."""
    item = ProgrammeItemFactory(session=session, title="Debat")
    speakers = [
        AppearanceFactory(item=item, person=PersonFactory(name=name), order=n)
        for n, name in enumerate(["Anna Først", "Bo Midt", "Cecilie Sidst"], start=1)
    ]
    return item, speakers


def names(item):
    return [a.person.name for a in item.appearances.select_related("person").order_by("order")]


def move(client, appearance, direction):
    return client.post(
        reverse("backoffice:speaker_move", kwargs={"pk": appearance.pk}),
        {"direction": direction},
        follow=True,
    )


# --- speakers in order ----------------------------------------------------------------------


def test_move_speaker_up_and_down_within_the_item(editor_client, editor, panel):
    item, (anna, bo, cecilie) = panel
    page = move(editor_client, cecilie, "up")
    assert names(item) == ["Anna Først", "Cecilie Sidst", "Bo Midt"]
    assert "Cecilie Sidst er flyttet op." in text(page)
    move(editor_client, anna, "down")
    assert names(item) == ["Cecilie Sidst", "Anna Først", "Bo Midt"]
    entry = AuditEntry.objects.filter(action="appearance.moved").latest("pk")
    assert entry.actor == editor
    assert entry.detail == {"item": item.pk, "order": [cecilie.pk, anna.pk, bo.pk]}


def test_move_speaker_past_either_end_changes_nothing(editor_client, panel):
    item, (anna, _, cecilie) = panel
    move(editor_client, anna, "up")
    move(editor_client, cecilie, "down")
    assert names(item) == ["Anna Først", "Bo Midt", "Cecilie Sidst"]
    assert not AuditEntry.objects.filter(action="appearance.moved").exists()


def test_programme_shows_move_buttons_named_for_each_speaker(editor_client, session, panel):
    html = text(editor_client.get(reverse("backoffice:programme", kwargs={"pk": session.pk})))
    # The first speaker cannot go up, the last cannot go down.
    assert 'Flyt op<span class="sr-only"> (Anna Først)' not in html
    assert 'Flyt ned<span class="sr-only"> (Anna Først)' in html
    assert 'Flyt op<span class="sr-only"> (Bo Midt)' in html
    assert 'Flyt ned<span class="sr-only"> (Bo Midt)' in html
    assert 'Flyt ned<span class="sr-only"> (Cecilie Sidst)' not in html
    # The public page prints the speakers in the same order.
    assert html.index("Anna Først") < html.index("Bo Midt") < html.index("Cecilie Sidst")


def test_public_page_follows_the_new_speaker_order(editor_client, client, session, panel):
    _, (_, _, cecilie) = panel
    move(editor_client, cecilie, "up")
    move(editor_client, cecilie, "up")
    html = text(client.get(session.series.get_absolute_url()))
    assert html.index("Cecilie Sidst") < html.index("Anna Først") < html.index("Bo Midt")


@pytest.mark.parametrize(("who", "status"), [("viewer", 403), ("outsider", 404)])
def test_move_speaker_refused_to_viewers_and_other_organisations(
    client, request, panel, who, status
):
    item, (_, bo, _) = panel
    client.force_login(request.getfixturevalue(who))
    response = client.post(
        reverse("backoffice:speaker_move", kwargs={"pk": bo.pk}), {"direction": "up"}
    )
    assert response.status_code == status
    assert names(item) == ["Anna Først", "Bo Midt", "Cecilie Sidst"]


# --- editing a material ---------------------------------------------------------------------


def edit_url(material):
    return reverse("backoffice:material_edit", kwargs={"pk": material.pk})


def test_edit_link_material_title_kind_item_and_link(editor_client, editor, session):
    item = ProgrammeItemFactory(session=session, title="Oplæg")
    material = MaterialFactory(session=session, kind="link", title="Gammel titel")
    page = editor_client.get(edit_url(material))
    assert "Rediger materiale" in text(page) and 'value="Gammel titel"' in text(page)
    response = editor_client.post(
        edit_url(material),
        {
            "kind": "recording",
            "title": "Optagelsen",
            "url": "https://video.example.dk/optagelse",
            "item": item.pk,
        },
        follow=True,
    )
    assert "“Optagelsen” er gemt." in text(response)
    material.refresh_from_db()
    assert (material.kind, material.title, material.url, material.item) == (
        "recording",
        "Optagelsen",
        "https://video.example.dk/optagelse",
        item,
    )
    entry = AuditEntry.objects.get(action="material.updated")
    assert entry.actor == editor
    assert entry.detail == {"title": "Optagelsen", "changed": ["item", "kind", "title", "url"]}


def test_edit_file_material_keeps_the_file_when_none_is_given(editor_client, session):
    url = reverse("backoffice:materials", kwargs={"pk": session.pk})
    slides = SimpleUploadedFile("slides.pdf", PDF, content_type="application/pdf")
    editor_client.post(url, {"kind": "slides", "title": "Slides", "file": slides})
    material = Material.objects.get()
    stored = material.file.name
    page = text(editor_client.get(edit_url(material)))
    assert "er en uploadet fil" in page and "Eller upload en ny fil" in page
    editor_client.post(edit_url(material), {"kind": "slides", "title": "Dias", "url": ""})
    material.refresh_from_db()
    assert (material.title, material.file.name, material.url) == ("Dias", stored, "")
    assert default_storage.exists(stored)


def test_edit_file_material_replaced_by_a_new_file_deletes_the_old_one(
    editor_client, session, django_capture_on_commit_callbacks
):
    url = reverse("backoffice:materials", kwargs={"pk": session.pk})
    editor_client.post(
        url,
        {"kind": "slides", "title": "Slides", "file": SimpleUploadedFile("a.pdf", PDF)},
    )
    material = Material.objects.get()
    old = material.file.name
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(
            edit_url(material),
            {"kind": "slides", "title": "Slides", "file": SimpleUploadedFile("b.pdf", PDF)},
        )
    material.refresh_from_db()
    assert material.file.name != old and material.file.name.endswith(".pdf")
    assert not default_storage.exists(old)
    assert default_storage.exists(material.file.name)
    material.file.delete(save=False)


def test_edit_file_material_into_a_link(editor_client, session, django_capture_on_commit_callbacks):
    url = reverse("backoffice:materials", kwargs={"pk": session.pk})
    editor_client.post(
        url, {"kind": "slides", "title": "Slides", "file": SimpleUploadedFile("a.pdf", PDF)}
    )
    material = Material.objects.get()
    old = material.file.name
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(
            edit_url(material),
            {"kind": "link", "title": "Slides online", "url": "https://example.dk/slides"},
        )
    material.refresh_from_db()
    assert (material.file.name, material.url) == ("", "https://example.dk/slides")
    assert not default_storage.exists(old)


def test_edit_material_with_a_forbidden_file_saves_nothing(editor_client, session):
    material = MaterialFactory(session=session, kind="link", title="Uændret")
    response = editor_client.post(
        edit_url(material),
        {
            "kind": "slides",
            "title": "Farlig",
            "url": "",
            "file": SimpleUploadedFile("x.html", HTML, content_type="text/html"),
        },
    )
    assert response.status_code == 400
    assert "Denne type fil kan ikke uploades" in text(response)
    material.refresh_from_db()
    assert (material.title, material.kind, bool(material.file)) == ("Uændret", "link", False)
    assert not AuditEntry.objects.filter(action="material.updated").exists()


def test_edit_link_material_with_the_link_cleared_asks_for_one(editor_client, session):
    material = MaterialFactory(session=session, kind="link", title="Link")
    response = editor_client.post(edit_url(material), {"kind": "link", "title": "Link", "url": ""})
    assert response.status_code == 400
    assert "Angiv enten et link eller en uploadet fil." in text(response)
    material.refresh_from_db()
    assert material.url


def test_edit_material_without_title_and_both_link_and_file(editor_client, session):
    material = MaterialFactory(session=session, kind="link", title="Link")
    response = editor_client.post(
        edit_url(material),
        {
            "kind": "link",
            "title": "",
            "url": "https://example.dk/x",
            "file": SimpleUploadedFile("a.pdf", PDF),
        },
    )
    assert response.status_code == 400
    assert "Giv det en titel." in text(response)
    material.refresh_from_db()
    assert material.title == "Link"


def test_edit_material_item_of_another_session_is_refused(editor_client, session):
    material = MaterialFactory(session=session, kind="link")
    foreign = ProgrammeItemFactory(title="Fremmed")
    response = editor_client.post(
        edit_url(material),
        {"kind": "link", "title": "Link", "url": material.url, "item": foreign.pk},
    )
    assert response.status_code == 400
    material.refresh_from_db()
    assert material.item is None


def test_edit_material_in_english(editor_client, session):
    material = MaterialFactory(session=session, kind="link", title="Link")
    html = text(editor_client.get("/en" + edit_url(material)))
    assert "Edit material" in html and "is a link" in html


@pytest.mark.parametrize(("who", "status"), [("viewer", 403), ("outsider", 404)])
def test_edit_material_refused_to_viewers_and_other_organisations(
    client, request, session, who, status
):
    material = MaterialFactory(session=session, kind="link", title="Urørt")
    client.force_login(request.getfixturevalue(who))
    assert client.get(edit_url(material)).status_code == status
    response = client.post(
        edit_url(material), {"kind": "link", "title": "Snyd", "url": "https://x.example"}
    )
    assert response.status_code == status
    material.refresh_from_db()
    assert material.title == "Urørt"


def test_materials_list_links_to_editing_each(editor_client, session):
    material = MaterialFactory(session=session, kind="link", title="Programmet som PDF")
    html = text(editor_client.get(reverse("backoffice:materials", kwargs={"pk": session.pk})))
    assert f'href="{edit_url(material)}"' in html
    assert "Rediger Programmet som PDF" in html
