"""The programme editor: items in order with clock time and Markdown, speakers found by
search (with and without JavaScript) or created in place with a photo, materials."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import AppearanceFactory, PersonFactory, ProgrammeItemFactory
from tests.security.samples import HTML, PDF, PNG
from tinget.programme.models import Appearance, AuditEntry, Material, Person

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return response.content.decode()


def programme_url(session):
    return reverse("backoffice:programme", kwargs={"pk": session.pk})


def test_editor_adds_items_in_order_and_sees_them_with_markdown(editor_client, session, editor):
    url = programme_url(session)
    editor_client.post(url, {"time": "09:00", "title": "Velkomst", "description": "Ved **KL**"})
    editor_client.post(url, {"time": "09.15", "title": "Oplæg", "description": ""})
    titles = list(session.items.values_list("title", flat=True))
    assert titles == ["Velkomst", "Oplæg"]
    page = text(editor_client.get(url))
    assert "09.00" in page and "<strong>KL</strong>" in page
    assert "Tilføj endnu et programpunkt" in page
    assert AuditEntry.objects.filter(action="item.created", actor=editor).count() == 2


def test_item_preview_renders_markdown_and_saves_nothing(editor_client, session):
    response = editor_client.post(
        programme_url(session), {"title": "X", "description": "*kursiv*", "preview": "1"}
    )
    assert "<em>kursiv</em>" in text(response)
    assert session.items.count() == 0


def test_item_without_title_gets_a_danish_error(editor_client, session):
    response = editor_client.post(programme_url(session), {"title": "", "time": "25:00"})
    assert response.status_code == 400
    assert "Giv programpunktet en titel." in text(response)
    assert "Skriv klokkeslættet som tt.mm" in text(response)


def test_move_buttons_reorder_the_programme(editor_client, session):
    first = ProgrammeItemFactory(session=session, order=1, title="Først")
    second = ProgrammeItemFactory(session=session, order=2, title="Så")
    editor_client.post(
        reverse("backoffice:item_move", kwargs={"pk": second.pk}), {"direction": "up"}
    )
    assert list(session.items.values_list("title", flat=True)) == ["Så", "Først"]
    editor_client.post(
        reverse("backoffice:item_move", kwargs={"pk": second.pk}), {"direction": "down"}
    )
    assert list(session.items.values_list("title", flat=True)) == ["Først", "Så"]
    _ = first


def test_new_speaker_with_photo_is_created_in_place(editor_client, session):
    item = ProgrammeItemFactory(session=session)
    url = reverse("backoffice:speaker_add", kwargs={"pk": item.pk})
    response = editor_client.post(
        url,
        {
            "name": "Ny Taler",
            "part": "speaker",
            "role": "Klimachef",
            "organisation": "Gentofte kommune",
            "bio": "Arbejder med klima.",
            "photo": SimpleUploadedFile("ny.png", PNG, content_type="image/png"),
            "photo_alt": "Ny Taler smiler",
            "save": "1",
        },
    )
    assert response.status_code == 302
    appearance = item.appearances.get()
    person = appearance.person
    assert (person.name, person.bio, person.photo_alt) == (
        "Ny Taler",
        "Arbejder med klima.",
        "Ny Taler smiler",
    )
    assert person.photo.name.endswith(".png")
    # Printed as typed for this talk, linked to the municipality's own record.
    assert (appearance.role, appearance.organisation_label) == ("Klimachef", "Gentofte kommune")
    assert appearance.organisation.name == "Gentofte Kommune"
    page = text(editor_client.get(programme_url(session)))
    assert "Ny Taler" in page and "Klimachef, Gentofte kommune" in page


def test_known_person_is_picked_by_id(editor_client, session):
    item = ProgrammeItemFactory(session=session)
    known = PersonFactory(name="Kendt Person")
    url = reverse("backoffice:speaker_add", kwargs={"pk": item.pk})
    editor_client.post(
        url, {"person": str(known.pk), "name": "Kendt Person", "part": "moderator", "save": "1"}
    )
    assert item.appearances.get().person == known
    assert Person.objects.filter(name="Kendt Person").count() == 1


def test_search_without_javascript_lists_matches_as_radios(editor_client, session):
    item = ProgrammeItemFactory(session=session)
    PersonFactory(name="Maria Maarbjerg")
    url = reverse("backoffice:speaker_add", kwargs={"pk": item.pk})
    response = editor_client.post(url, {"name": "maarb", "part": "speaker", "search": "1"})
    page = text(response)
    assert 'type="radio" name="person"' in page and "Maria Maarbjerg" in page
    assert "Der er problemer med formularen" not in page
    assert Appearance.objects.count() == 0


def test_search_as_you_type_answers_json(editor_client):
    PersonFactory(name="Babak Djarah", role="Chef")
    response = editor_client.get(reverse("backoffice:person_search"), {"q": "djar"})
    assert json.loads(response.content)["results"][0]["name"] == "Babak Djarah"


def test_speaker_without_name_gets_a_danish_error(editor_client, session):
    item = ProgrammeItemFactory(session=session)
    url = reverse("backoffice:speaker_add", kwargs={"pk": item.pk})
    response = editor_client.post(url, {"name": " ", "part": "speaker", "save": "1"})
    assert response.status_code == 400
    assert "Skriv oplægsholderens navn." in text(response)
    assert Person.objects.count() == 0 or not item.appearances.exists()


def test_photo_over_the_size_limit_or_not_an_image_saves_nothing(editor_client, session):
    item = ProgrammeItemFactory(session=session)
    url = reverse("backoffice:speaker_add", kwargs={"pk": item.pk})
    people = Person.objects.count()
    big = SimpleUploadedFile("stor.png", PNG + b"\0" * (5 * 1024 * 1024), content_type="image/png")
    response = editor_client.post(
        url, {"name": "For Stor", "part": "speaker", "photo": big, "photo_alt": "x", "save": "1"}
    )
    assert response.status_code == 400
    assert "Fotoet er større end 5 MB" in text(response)
    pdf = SimpleUploadedFile("foto.pdf", PDF, content_type="application/pdf")
    response = editor_client.post(
        url, {"name": "Forkert", "part": "speaker", "photo": pdf, "photo_alt": "x", "save": "1"}
    )
    assert response.status_code == 400
    assert "Fotoet skal være et PNG-, JPEG- eller WebP-billede." in text(response)
    assert Person.objects.count() == people and not item.appearances.exists()


def test_photo_needs_a_description(editor_client, session):
    item = ProgrammeItemFactory(session=session)
    url = reverse("backoffice:speaker_add", kwargs={"pk": item.pk})
    photo = SimpleUploadedFile("a.png", PNG, content_type="image/png")
    response = editor_client.post(
        url, {"name": "Uden Alt", "part": "speaker", "photo": photo, "save": "1"}
    )
    assert response.status_code == 400
    assert "Beskriv fotoet for dem, der ikke kan se det." in text(response)


def test_remove_speaker_keeps_the_person(editor_client, session):
    appearance = AppearanceFactory(item=ProgrammeItemFactory(session=session))
    editor_client.post(reverse("backoffice:speaker_remove", kwargs={"pk": appearance.pk}))
    assert not Appearance.objects.exists()
    assert Person.objects.filter(pk=appearance.person_id).exists()


def test_materials_upload_checked_by_validate_upload(editor_client, session):
    url = reverse("backoffice:materials", kwargs={"pk": session.pk})
    slides = SimpleUploadedFile("slides.pdf", PDF, content_type="application/pdf")
    editor_client.post(url, {"kind": "slides", "title": "Slides", "file": slides})
    assert Material.objects.get().file.name.endswith(".pdf")
    bad = SimpleUploadedFile("slides.html", HTML, content_type="text/html")
    response = editor_client.post(url, {"kind": "slides", "title": "Farlig", "file": bad})
    assert response.status_code == 400
    assert "Denne type fil kan ikke uploades" in text(response)
    assert Material.objects.count() == 1
    response = editor_client.post(url, {"kind": "link", "title": "Intet"})
    assert response.status_code == 400
    editor_client.post(
        reverse("backoffice:material_delete", kwargs={"pk": Material.objects.get().pk})
    )
    assert not Material.objects.exists()


@pytest.mark.parametrize("who,status", [("viewer", 403), ("outsider", 404)])
def test_programme_screens_refuse_viewers_and_other_organisations(
    client, request, session, who, status
):
    item = ProgrammeItemFactory(session=session, title="Urørt")
    appearance = AppearanceFactory(item=item)
    client.force_login(request.getfixturevalue(who))
    assert client.get(programme_url(session)).status_code == status
    assert client.post(programme_url(session), {"title": "Nyt"}).status_code == status
    for name, data in (
        ("item_edit", {"title": "Ændret"}),
        ("item_move", {"direction": "up"}),
        ("item_delete", {}),
        ("speaker_add", {"name": "Snyder", "part": "speaker", "save": "1"}),
    ):
        response = client.post(reverse(f"backoffice:{name}", kwargs={"pk": item.pk}), data)
        assert response.status_code == status, name
    url = reverse("backoffice:speaker_remove", kwargs={"pk": appearance.pk})
    assert client.post(url).status_code == status
    item.refresh_from_db()
    assert item.title == "Urørt" and session.items.count() == 1
    assert item.appearances.count() == 1


def test_a_new_speakers_photo_shows_on_their_public_page_with_its_description(
    editor_client, client, session
):
    item = ProgrammeItemFactory(session=session)
    url = reverse("backoffice:speaker_add", kwargs={"pk": item.pk})
    photo = SimpleUploadedFile("foto.png", PNG, content_type="image/png")
    editor_client.post(
        url,
        {
            "name": "Med Foto",
            "part": "speaker",
            "photo": photo,
            "photo_alt": "Med Foto ved talerstolen",
            "save": "1",
        },
    )
    person = Person.objects.get(name="Med Foto")
    page = client.get(person.get_absolute_url()).content.decode()
    assert f'src="{person.photo.url}"' in page
    assert 'alt="Med Foto ved talerstolen"' in page


def test_what_is_printed_for_a_talk_is_changed_without_touching_the_person(
    editor_client, client, viewer, session
):
    appearance = AppearanceFactory(
        item=ProgrammeItemFactory(session=session), role="Konsulent", organisation_name="Gammel"
    )
    person_role = appearance.person.role
    url = reverse("backoffice:speaker_edit", kwargs={"pk": appearance.pk})
    data = {"part": "panelist", "role": "Chefkonsulent", "organisation": "Ny Forening"}
    response = editor_client.post(url, data)
    assert response.status_code == 302
    appearance.refresh_from_db()
    assert (appearance.part, appearance.role, appearance.organisation_label) == (
        "panelist",
        "Chefkonsulent",
        "Ny Forening",
    )
    appearance.person.refresh_from_db()
    assert appearance.person.role == person_role
    assert AuditEntry.objects.filter(action="appearance.updated").exists()
    client.force_login(viewer)
    assert client.post(url, {**data, "role": "Snyd"}).status_code == 403
    appearance.refresh_from_db()
    assert appearance.role == "Chefkonsulent"


def test_recap_preview_shows_the_markdown_and_saves_nothing(editor_client, session):
    url = reverse("backoffice:followup", kwargs={"pk": session.pk})
    response = editor_client.post(url, {"recap": "Tak for **i dag**", "preview_recap": "1"})
    page = text(response)
    assert "<strong>i dag</strong>" in page and "ikke gemt endnu" in page
    session.refresh_from_db()
    assert session.recap == ""
