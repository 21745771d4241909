"""A partner's logo: uploaded by an editor of the series with the logo's text, checked as an
image by its content, and shown in the header of the series' public pages."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import AppearanceFactory, OrganisationFactory, SeriesFactory
from tests.pages import assert_not_found
from tests.security.samples import HTML, PDF, PNG
from tinget.programme.models import AuditEntry, Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _partner_of_the_series(series):
    """The partner organisation is a partner of the editor's series."""
    return series


def text(response) -> str:
    return response.content.decode()


def edit_url(organisation, next_url=""):
    url = reverse("backoffice:organisation_edit", kwargs={"pk": organisation.pk})
    return f"{url}?next={next_url}" if next_url else url


def test_series_dashboard_links_each_partner_to_its_logo_screen(editor_client, series, partner):
    page = text(editor_client.get(reverse("backoffice:series", kwargs={"slug": series.slug})))
    assert "Partnere og deres logoer" in page
    assert edit_url(partner) in page
    assert "Logo og hjemmeside for Partner Forum" in page
    assert "(intet logo endnu)" in page


def test_editor_uploads_a_logo_with_its_text_and_it_shows_in_the_series_header(
    editor_client, client, series, partner, editor
):
    logo = SimpleUploadedFile("logo.png", PNG, content_type="image/png")
    response = editor_client.post(
        edit_url(partner),
        {"website": "https://partnerforum.example.dk/", "logo": logo, "logo_alt": "Partner Forum"},
    )
    assert response.status_code == 302
    partner.refresh_from_db()
    assert partner.logo.name.startswith("logos/") and partner.logo.name.endswith(".png")
    assert partner.logo_alt == "Partner Forum"
    assert partner.website == "https://partnerforum.example.dk/"
    entry = AuditEntry.objects.get(action="organisation.changed", object_id=str(partner.pk))
    assert entry.actor == editor and entry.detail["changes"]["logo_alt"] == ["", "Partner Forum"]
    # The public page shows the logo with its text, at once (the page cache starts again).
    for url in (series.get_absolute_url(), "/en" + series.get_absolute_url()):
        page = text(client.get(url))
        header = page[page.index('<header class="header">') : page.index("</header>")]
        assert (
            f'<img class="tinget-partner-logo" src="{partner.logo.url}" alt="Partner Forum">'
            in (header)
        )
        assert f'href="{partner.get_absolute_url()}"' in header
    page = text(client.get(partner.get_absolute_url()))
    assert f'src="{partner.logo.url}" alt="Partner Forum"' in page


def test_a_logo_needs_its_text_and_nothing_is_saved_without_it(editor_client, partner):
    logo = SimpleUploadedFile("logo.png", PNG, content_type="image/png")
    response = editor_client.post(edit_url(partner), {"website": "", "logo": logo, "logo_alt": " "})
    assert response.status_code == 400
    assert "Skriv, hvad der står i logoet, til dem der ikke kan se det." in text(response)
    partner.refresh_from_db()
    assert not partner.logo


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("logo.pdf", PDF, "Billedet skal være en PNG-, JPEG- eller WebP-fil."),
        ("logo.html", HTML, "Denne type fil kan ikke uploades."),
        ("logo.png", PDF, "men filen er PDF"),
    ],
)
def test_a_logo_that_is_not_an_image_is_refused_politely(
    editor_client, partner, name, content, message
):
    upload = SimpleUploadedFile(name, content, content_type="image/png")
    response = editor_client.post(edit_url(partner), {"logo": upload, "logo_alt": "Partner Forum"})
    assert response.status_code == 400
    assert message in text(response)
    partner.refresh_from_db()
    assert not partner.logo


def test_a_logo_over_5_mb_is_refused(editor_client, partner):
    big = SimpleUploadedFile("stor.png", PNG + b"\0" * (5 * 1024 * 1024), content_type="image/png")
    response = editor_client.post(edit_url(partner), {"logo": big, "logo_alt": "Partner Forum"})
    assert response.status_code == 400
    assert "Logoet er større end 5 MB. Vælg et mindre." in text(response)
    partner.refresh_from_db()
    assert not partner.logo


def test_removing_the_logo_brings_back_the_name_in_the_header(
    editor_client, client, series, partner
):
    logo = SimpleUploadedFile("logo.png", PNG, content_type="image/png")
    editor_client.post(edit_url(partner), {"logo": logo, "logo_alt": "Partner Forum"})
    editor_client.post(edit_url(partner), {"remove_logo": "on", "logo_alt": "Partner Forum"})
    partner.refresh_from_db()
    assert not partner.logo and partner.logo_alt == ""
    page = text(client.get(series.get_absolute_url()))
    assert '<span class="tinget-partner-name">Partner Forum</span>' in page


def test_the_screen_is_in_english_under_en(editor_client, partner):
    page = text(editor_client.get("/en" + edit_url(partner)))
    assert "Save the organisation" in page and "Text of the logo" in page


def test_an_organisation_other_partners_show_is_read_only(editor_client, partner, series):
    # A speaker from the partner in another organisation's series.
    other = SeriesFactory(title="En andens række", partners=[OrganisationFactory()])
    AppearanceFactory(item__session__series=other, organisation=partner)
    page = text(editor_client.get(edit_url(partner)))
    assert "så kun en administrator kan ændre den" in page
    assert "Gem organisationen" not in page
    logo = SimpleUploadedFile("logo.png", PNG, content_type="image/png")
    response = editor_client.post(edit_url(partner), {"logo": logo, "logo_alt": "X"})
    assert response.status_code == 403
    assert not Organisation.objects.get(pk=partner.pk).logo


def test_an_organisation_outside_the_editors_series_is_not_found(editor_client):
    stranger = OrganisationFactory(name="Fremmed Forening")
    SeriesFactory(partners=[stranger])
    assert_not_found(editor_client.get(edit_url(stranger)), "Fremmed Forening")


# --- the series' contact phone ----------------------------------------------------------------


def _series_edit(series, **overrides):
    data = {
        "title": series.title,
        "slug": series.slug,
        "description": "",
        "content_language": "da",
        "moderator_name": "",
        "contact_email": "kontakt@example.dk",
        "platform": "Microsoft Teams",
        "is_free": "on",
        "default_capacity": "",
        "partners-TOTAL_FORMS": "1",
        "partners-INITIAL_FORMS": "0",
        "partners-0-organisation": "Partner Forum",
        "partners-0-part": "",
        "save": "1",
    }
    data.update(overrides)
    return data


def test_series_contact_phone_is_saved_and_shown_in_the_footer_and_practical_box(
    editor_client, client, series
):
    url = reverse("backoffice:series_edit", kwargs={"slug": series.slug})
    response = editor_client.post(url, _series_edit(series, contact_phone=" +45  33 12 34 56 "))
    assert response.status_code == 302
    series.refresh_from_db()
    assert series.contact_phone == "+45 33 12 34 56"
    page = text(client.get(series.get_absolute_url()))
    footer = page[page.index("<footer>") :]
    assert '<a class="function-link" href="tel:+4533123456">+45 33 12 34 56</a>' in footer
    assert 'Eller ring på <a href="tel:+4533123456">+45 33 12 34 56</a>' in page


def test_a_series_contact_phone_that_is_no_number_is_refused_politely(editor_client, series):
    url = reverse("backoffice:series_edit", kwargs={"slug": series.slug})
    response = editor_client.post(url, _series_edit(series, contact_phone="ring til Ole"))
    assert response.status_code == 400
    assert "Skriv et telefonnummer som 33 12 34 56 eller +45 33 12 34 56." in text(response)
    series.refresh_from_db()
    assert series.contact_phone == ""


def test_a_viewer_and_another_organisations_editor_cannot_change_a_partner(
    client, viewer, outsider, partner, series
):
    before = (partner.website, partner.logo_alt)
    logo = SimpleUploadedFile("logo.png", PNG, content_type="image/png")
    client.force_login(viewer)
    page = client.get(edit_url(partner)).content.decode()
    assert "Partner Forum" in page and 'name="logo"' not in page  # read only
    refused = client.post(
        edit_url(partner), {"website": "https://evil.example/", "logo": logo, "logo_alt": "x"}
    )
    assert refused.status_code == 403
    assert "Du har ikke adgang" in refused.content.decode()
    client.force_login(outsider)
    hidden = client.post(edit_url(partner), {"website": "https://evil.example/", "logo_alt": "x"})
    assert hidden.status_code == 404
    partner.refresh_from_db()
    assert (partner.website, partner.logo_alt) == before and not partner.logo
    assert not AuditEntry.objects.filter(action__startswith="organisation.").exists()
