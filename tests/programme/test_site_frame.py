"""The frame of every public page and the pages it leads to: the header with the series'
band and its partners' logos, the menu (front page, the series, its speakers, its past
webinars), the footer (contact, privacy, accessibility, about), the speakers and archive
pages, and structured data for people and organisations. Only published content shows."""

import json
import re
from html import unescape

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import (
    AppearanceFactory,
    MaterialFactory,
    MembershipFactory,
    PersonFactory,
    ProgrammeItemFactory,
    SeriesFactory,
    SessionFactory,
    at,
    build_seed_series,
)
from tests.pages import assert_not_found
from tests.security.samples import PNG
from tinget.programme.models import Material, Organisation, Series, Session

pytestmark = pytest.mark.django_db
SERIES_URL = "/serier/kommunerne-som-accelerator/"
DRAFT_SPEAKER = "Kladde Karlsen"
DRAFT_TALK = "Hemmeligt kladdeoplæg"


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def series():
    return build_seed_series()


@pytest.fixture
def draft(series):
    """A draft series with a past session, a speaker and a recording: none of it is public."""
    draft = SeriesFactory(
        slug="kladde", title="Kladderækken", status=Series.Status.DRAFT, moderator=None
    )
    past = SessionFactory(series=draft, title="Kladdesession", starts_at=at(-3), ends_at=at(-3, 10))
    item = ProgrammeItemFactory(session=past, title=DRAFT_TALK)
    AppearanceFactory(item=item, person=PersonFactory(name=DRAFT_SPEAKER, slug="kladde-karlsen"))
    MaterialFactory(session=past, kind=Material.Kind.RECORDING, title="Kladdeoptagelse")
    return draft


def html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def part(page: str, start: str, end: str) -> str:
    return page[page.index(start) : page.index(end, page.index(start))]


def text(fragment: str) -> str:
    fragment = re.sub(r"<(script|style)\b.*?</\1>", " ", fragment, flags=re.S)
    fragment = re.sub(r"</?(a|strong|em|span|time)\b[^>]*>", "", fragment)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def menu_links(page: str) -> list[tuple[str, str]]:
    menu = part(page, '<nav class="nav"', "</nav>")
    return [
        (href, text(label)) for href, label in re.findall(r'href="([^"]+)"[^>]*>(.*?)</a>', menu)
    ]


def json_ld(page: str) -> dict:
    return json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)[1]
    )


# --- header: the series' band with its partners -------------------------------------------------


def test_series_and_session_pages_show_the_series_and_its_partners_in_the_header(client, series):
    kl = Organisation.objects.get(slug="kl")
    kl.logo.save("kl.png", ContentFile(PNG))
    kl.logo_alt = "KL – Kommunernes Landsforening"
    kl.save()
    for url in [SERIES_URL, series.sessions.first().get_absolute_url()]:
        header = part(html(client.get(url)), '<header class="header">', "</header>")
        assert f'<div class="solution-heading"><a href="{SERIES_URL}">' in header
        assert "Kommunerne som accelerator af den bæredygtige transformation" in header
        # A partner with a logo shows it with its text; one without shows its name.
        assert (
            f'<a href="/organisationer/kl/"><img class="tinget-partner-logo" src="{kl.logo.url}"'
            ' alt="KL – Kommunernes Landsforening"></a>'
        ) in header
        assert (
            '<a href="/organisationer/csr-forum/"><span class="tinget-partner-name">CSR Forum'
            "</span></a>"
        ) in header


def test_a_series_without_partners_has_a_band_without_logos(client, db):
    lonely = SeriesFactory(slug="alene", title="Rækken uden partnere")
    header = part(
        html(client.get(lonely.get_absolute_url())), '<header class="header">', "</header>"
    )
    assert "Rækken uden partnere" in header
    assert "tinget-partners" not in header


def test_pages_outside_a_series_have_no_series_band(client, series):
    for url in ["/", "/privatliv/", "/arkiv/", "/talere/", "/om/"]:
        header = part(html(client.get(url)), '<header class="header">', "</header>")
        assert "solution-info" not in header, url


# --- the menu ---------------------------------------------------------------------------------


def test_menu_within_a_series_leads_to_the_series_its_speakers_and_past_webinars(client, series):
    expected = [
        ("/", "Forside"),
        (SERIES_URL, "Program"),
        (SERIES_URL + "talere/", "Oplægsholdere"),
        (SERIES_URL + "arkiv/", "Tidligere webinarer"),
    ]
    assert menu_links(html(client.get(SERIES_URL))) == expected
    page = html(client.get("/en" + SERIES_URL))
    assert menu_links(page) == [
        ("/en/", "Front page"),
        ("/en" + SERIES_URL, "Programme"),
        ("/en" + SERIES_URL + "talere/", "Speakers"),
        ("/en" + SERIES_URL + "arkiv/", "Past webinars"),
    ]


def test_menu_marks_the_current_page_and_has_a_menu_button_for_phones(client, series):
    page = html(client.get(SERIES_URL + "talere/"))
    assert (
        f'<li class="active current"><a class="nav-link" href="{SERIES_URL}talere/"'
        ' aria-current="page"><span>Oplægsholdere</span></a></li>'
    ) in page
    assert 'class="button button-secondary button-menu-open js-menu-open"' in page
    drawer = part(page, '<nav class="mobile-drawer"', "</nav>")
    assert "Luk menuen" in drawer and f'href="{SERIES_URL}arkiv/"' in drawer


def test_menu_outside_a_series_leads_to_every_speaker_and_past_webinar(client, series):
    assert menu_links(html(client.get("/"))) == [
        ("/", "Forside"),
        ("/talere/", "Oplægsholdere"),
        ("/arkiv/", "Tidligere webinarer"),
    ]


def test_back_office_pages_have_no_public_menu(client, series):
    user = MembershipFactory(organisation=Organisation.objects.get(slug="kl")).user
    client.force_login(user)
    page = html(client.get("/arrangoer/"))
    assert 'class="navigation-menu"' not in page and "js-menu-open" not in page


# --- the footer -------------------------------------------------------------------------------


def test_footer_gives_the_series_contact_and_the_sites_links_in_danish_and_english(
    client, series, settings
):
    settings.TINGET_CONTACT_EMAIL = "tinget@example.dk"
    settings.TINGET_CONTACT_PHONE = "33 12 34 56"
    footer = part(html(client.get(SERIES_URL)), "<footer>", "</footer>")
    assert (
        '<a class="function-link" href="mailto:csrforum@csrforum.dk">csrforum@csrforum.dk</a>'
        in footer
    )
    assert (
        '<a class="function-link" href="mailto:tinget@example.dk">tinget@example.dk</a>' in footer
    )
    assert '<a class="function-link" href="tel:33123456">33 12 34 56</a>' in footer
    assert '<a class="function-link" href="/om/">Om Tinget</a>' in footer
    assert '<a class="function-link" href="/privatliv/">Privatliv</a>' in footer
    assert (
        '<a class="function-link" href="/tilgaengelighed/">Tilgængelighedserklæring</a>' in footer
    )
    footer = part(html(client.get("/en/")), "<footer>", "</footer>")
    assert "csrforum@csrforum.dk" not in footer  # the front page belongs to no series
    assert '<a class="function-link" href="/en/om/">About Tinget</a>' in footer
    assert "About the site:" in footer


def test_about_page_says_what_tinget_is_who_runs_it_and_that_it_is_open(client, db, settings):
    settings.TINGET_OPERATOR_NAME = "Kommunernes Fælles Drift"
    settings.TINGET_OPERATOR_URL = "https://drift.example.dk/"
    settings.TINGET_SOURCE_URL = "https://code.example.dk/tinget"
    page = text(html(client.get("/om/")))
    assert "Om Tinget" in page
    assert (
        "Tinget er stedet, hvor danske kommuner og deres partnere offentliggør webinarrækker"
        in page
    )
    assert "Siden drives af Kommunernes Fælles Drift" in page
    assert "Tinget er open source-software" in page
    raw = html(client.get("/om/"))
    assert '<a href="https://drift.example.dk/">Kommunernes Fælles Drift</a>' in raw
    assert '<a href="https://code.example.dk/tinget">Tingets kildekode</a>' in raw
    english = text(html(client.get("/en/om/")))
    assert "The site is run by Kommunernes Fælles Drift" in english
    assert "Tinget is open source software" in english


def test_about_page_without_an_operator_names_the_partners(client, db, settings):
    settings.TINGET_OPERATOR_NAME = ""
    page = text(html(client.get("/om/")))
    assert "Siden drives af partnerne bag rækkerne" in page


# --- speakers ---------------------------------------------------------------------------------


def test_series_speakers_page_lists_each_speaker_with_role_and_talks(client, series, draft):
    page = html(client.get(SERIES_URL + "talere/"))
    body = text(part(page, "<main", "</main>"))
    assert "Oplægsholdere i Kommunerne som accelerator af den bæredygtige transformation" in body
    for name in ["Babak Djarah", "Flemming Olsen", "Maria Maarbjerg", "Steen Hildebrandt"]:
        assert name in body
    assert body.index("Babak Djarah") < body.index("Flemming Olsen") < body.index("Steen")
    assert '<a href="/personer/maria-maarbjerg/">Maria Maarbjerg</a>' in page
    talk = series.sessions.get(title="").get_absolute_url()
    assert f'<a href="{talk}">Verdensmålene skal ledes</a>' in page
    assert "Moderator for" in body  # Flemming Olsen moderates the series
    assert DRAFT_SPEAKER not in page and DRAFT_TALK not in page
    english = text(html(client.get("/en" + SERIES_URL + "talere/")))
    assert "Speakers in Kommunerne som accelerator" in english


def test_speaker_photos_carry_their_alt_text(client, series):
    maria = series.sessions.get(title="").items.first().appearances.first().person
    maria.photo.save("maria.png", ContentFile(PNG))
    maria.photo_alt = "Maria Maarbjerg smiler"
    maria.save()
    for url in ["/talere/", SERIES_URL + "talere/", "/personer/maria-maarbjerg/"]:
        page = html(client.get(url))
        assert f'src="{maria.photo.url}" alt="Maria Maarbjerg smiler"' in page, url


def test_all_speakers_page_lists_published_speakers_only(client, series, draft):
    page = html(client.get("/talere/"))
    assert "Steen Hildebrandt" in page and "Babak Djarah" in page
    assert DRAFT_SPEAKER not in page and DRAFT_TALK not in page
    assert "Speakers" in html(client.get("/en/talere/"))


def test_person_page_carries_person_structured_data(client, series, settings):
    settings.TINGET_BASE_URL = "https://tinget.example.dk"
    data = json_ld(html(client.get("/personer/babak-djarah/")))
    assert data["@type"] == "Person" and data["name"] == "Babak Djarah"
    assert data["url"] == "https://tinget.example.dk/personer/babak-djarah/"
    assert data["worksFor"]["name"] == "Nyborg Kommune"


# --- organisations ----------------------------------------------------------------------------


def test_organisation_page_shows_kind_region_partner_webinars_and_structured_data(client, series):
    kl = Organisation.objects.get(slug="kl")
    page = html(client.get("/organisationer/kl/"))
    body = text(part(page, "<main", "</main>"))
    assert "Webinarer som partner" in body
    for session in series.sessions.all():
        assert f'href="{session.get_absolute_url()}"' in page
    data = json_ld(page)
    assert data["@type"] == "Organization" and data["name"] == "KL" and data["sameAs"] == kl.website
    nyborg = html(client.get("/organisationer/nyborg-kommune/"))
    assert json_ld(nyborg)["@type"] == "GovernmentOrganization"


def test_organisation_page_leaves_out_a_drafts_sessions(client, series, draft):
    kl = Organisation.objects.get(slug="kl")
    draft.partnerships.create(organisation=kl)
    page = html(client.get("/organisationer/kl/"))
    assert "Kladdesession" not in page and "Kladderækken" not in page


# --- the archive ------------------------------------------------------------------------------


def test_series_archive_lists_past_webinars_with_their_recordings(client, series, draft):
    held = series.sessions.get(title="")
    MaterialFactory(
        session=held, kind=Material.Kind.RECORDING, title="Optagelse", url="https://video.example/1"
    )
    page = html(client.get(SERIES_URL + "arkiv/"))
    body = text(part(page, "<main", "</main>"))
    assert "Tidligere webinarer i Kommunerne som accelerator" in body
    assert f'<a href="{held.get_absolute_url()}">{held.display_title}</a>' in page
    recording = '<a href="https://video.example/1">Optagelse</a>'
    assert f'{recording} <span class="material-kind">(optagelse)</span>' in page
    assert '<a href="https://example.org/slides.pdf">Slides fra Gentofte</a>' in page
    # Upcoming webinars are not in the archive; nor is anything of the draft.
    assert "Partnerskab for handling" not in body
    assert "Kladdeoptagelse" not in page and "Kladdesession" not in page
    english = text(html(client.get("/en" + SERIES_URL + "arkiv/")))
    assert "Past webinars in Kommunerne som accelerator" in english and "(recording)" in english


def test_site_archive_lists_every_published_past_webinar_newest_first_without_cancelled(
    client, series, draft
):
    other = SeriesFactory(slug="anden", title="Den anden række")
    newer = SessionFactory(
        series=other, title="Nyere webinar", starts_at=at(-2), ends_at=at(-2, 10)
    )
    SessionFactory(
        series=other,
        title="Aflyst webinar",
        starts_at=at(-5),
        ends_at=at(-5, 10),
        status=Session.Status.CANCELLED,
    )
    page = html(client.get("/arkiv/"))
    body = text(part(page, "<main", "</main>"))
    held = series.sessions.get(title="")
    assert body.index("Nyere webinar") < body.index(held.display_title)
    assert f'<a href="{other.get_absolute_url()}">Den anden række</a>' in page
    assert "Aflyst webinar" not in body
    assert "Kladdesession" not in page and "Kladdeoptagelse" not in page
    assert newer.get_absolute_url() in page
    assert "No recording or materials have been shared." in html(client.get("/en/arkiv/"))


def test_archive_pages_have_fixed_query_counts(client, series):
    def count(url):
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    before = {url: count(url) for url in ["/arkiv/", SERIES_URL + "arkiv/", "/talere/"]}
    for n in range(3):
        past = SessionFactory(series=series, starts_at=at(-10 - n), ends_at=at(-10 - n, 10))
        MaterialFactory(session=past)
        AppearanceFactory(item=ProgrammeItemFactory(session=past))
    for url, queries in before.items():
        assert count(url) == queries, url


NEW_PAGES = ["/arkiv/", "/talere/", "/om/", SERIES_URL + "arkiv/", SERIES_URL + "talere/"]


def test_new_pages_are_cached_whole_for_visitors(client, series):
    for url in NEW_PAGES + ["/en" + url for url in NEW_PAGES]:
        assert client.get(url)["X-Tinget-Cache"] == "miss", url
        assert client.get(url)["X-Tinget-Cache"] == "hit", url


def test_new_pages_show_edits_at_once(client, series):
    for url in NEW_PAGES:
        client.get(url)
    assert client.get("/arkiv/")["X-Tinget-Cache"] == "hit"
    assert "Omdøbt" not in html(client.get("/arkiv/"))
    held = series.sessions.get(title="")
    held.title = "Omdøbt webinar"
    held.save()
    assert "Omdøbt webinar" in html(client.get("/arkiv/"))
    assert "Omdøbt webinar" in html(client.get(SERIES_URL + "arkiv/"))
    babak = series.sessions.get(title="Partnerskab for handling").items.first().appearances.first()
    babak.person.name = "Babak Nyt Navn"
    babak.person.save()
    assert client.get("/talere/")["X-Tinget-Cache"] == "miss"
    assert "Babak Nyt Navn" in html(client.get("/talere/"))
    assert "Babak Nyt Navn" in html(client.get(SERIES_URL + "talere/"))


def test_draft_series_subpages_are_not_found_for_visitors(client, draft):
    assert_not_found(client.get("/serier/kladde/talere/"), draft.title)
    assert_not_found(client.get("/serier/kladde/arkiv/"), draft.title)


# --- the design system's details --------------------------------------------------------------


def test_alerts_carry_the_design_systems_icon_with_a_name(client, series):
    cancelled = series.sessions.get(title="Partnerskab for handling")
    cancelled.status = Session.Status.CANCELLED
    cancelled.save()
    page = html(client.get(cancelled.get_absolute_url()))
    alert = part(page, '<div class="alert alert-warning"', "</div></div>")
    assert re.search(
        r'<svg class="icon-svg alert-icon" role="img" aria-label="Advarsel" focusable="false">'
        r'<use href="/static/dkfds/img/all-svg-icons[.\w]*\.svg#warning"></use></svg>',
        alert,
    )
    english = html(client.get("/en" + cancelled.get_absolute_url()))
    assert 'aria-label="Warning"' in part(english, '<div class="alert alert-warning"', "</div>")


def test_sign_up_pages_carry_the_series_band_menu_and_contact(client, series):
    upcoming = series.sessions.get(title="Partnerskab for handling")
    for url in [f"/tilmelding/session/{upcoming.pk}/", f"/tilmelding/serie/{series.slug}/"]:
        page = html(client.get(url))
        header = part(page, '<header class="header">', "</header>")
        assert '<span class="tinget-partner-name">CSR Forum</span>' in header, url
        assert (SERIES_URL + "talere/", "Oplægsholdere") in menu_links(page), url
        assert "mailto:csrforum@csrforum.dk" in part(page, "<footer>", "</footer>"), url
