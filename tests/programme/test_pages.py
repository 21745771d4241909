"""The public pages as a visitor sees them: content, language, drafts, the join link, caching."""

import datetime as dt
import json
import re
from html import unescape

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import (
    JOIN_URL,
    AppearanceFactory,
    MaterialFactory,
    OrganisationFactory,
    PersonFactory,
    ProgrammeItemFactory,
    SeriesFactory,
    SessionFactory,
    at,
    build_seed_series,
)
from tests.pages import assert_not_found
from tinget import pagecache
from tinget.programme.models import SDG, Person, Series, Session

pytestmark = pytest.mark.django_db
SERIES_URL = "/serier/kommunerne-som-accelerator/"


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def series():
    return build_seed_series()


def text_of(response) -> str:
    """The page as plain text with single spaces: what a reader sees."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    # Inline elements join their neighbours; everything else separates words.
    html = re.sub(r"</?(a|strong|em|span|time|code|s)\b[^>]*>", "", html)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def html_of(response) -> str:
    return response.content.decode()


def meta(response, prop: str) -> str:
    match = re.search(
        rf'<meta (?:property|name)="{re.escape(prop)}" content="([^"]*)"', html_of(response)
    )
    assert match, f"no {prop} meta tag"
    return unescape(match[1])


def json_ld(response) -> dict:
    match = re.search(
        r'<script type="application/ld\+json">(.*?)</script>', html_of(response), re.S
    )
    assert match, "no JSON-LD"
    return json.loads(match[1])


def public_urls(series) -> list[str]:
    sessions = list(series.sessions.all())
    urls = [
        "/",
        series.get_absolute_url(),
        *[s.get_absolute_url() for s in sessions],
        "/personer/flemming-olsen/",
        "/personer/maria-maarbjerg/",
        "/personer/babak-djarah/",
        "/organisationer/csr-forum/",
        "/organisationer/nyborg-kommune/",
        "/verdensmaal/11/",
        "/verdensmaal/12/",
        "/privatliv/",
        "/tilgaengelighed/",
    ]
    return urls + ["/en" + url for url in urls]


# --- the series page -------------------------------------------------------------------------


def test_series_page_shows_what_the_seed_page_shows(client, series):
    response = client.get(SERIES_URL)
    text = text_of(response)
    html = html_of(response)
    assert "<h1>Kommunerne som accelerator af den bæredygtige transformation</h1>" in html
    assert "Fagligt udviklet af CSR Forum og KL." in text
    assert 'href="/organisationer/csr-forum/"' in html
    assert "Gennemgående moderator: Flemming Olsen, Facilitator, Cphfacilitation" in text
    assert 'href="/personer/flemming-olsen/"' in html
    first = series.sessions.get(title__startswith="Mine oplevelser")
    assert first.get_absolute_url() in html
    assert f"{_danish_day(first.starts_at)} kl. 09.00-10.00" in text
    # A speaker links to their page with the role and organisation printed for that talk.
    assert (
        '<a href="/personer/babak-djarah/">Babak Djarah</a>, Erhvervs- og udviklingschef, '
        '<a href="/organisationer/nyborg-kommune/">Nyborg Kommune</a>' in html
    )
    assert "09.05 Verdensmålene og kommunalvalget" in text
    # The Markdown description keeps its nested list and link, sanitised.
    assert re.search(
        r"<li>styrke de cirkulære virksomheder\s*<ul>\s*<li>og klynger med "
        r'<a href="https://example.org/cirkulaer" rel="noopener noreferrer">',
        html,
    )
    # The practical box: free, platform, how to take part.
    assert "Det er gratis at være med" in text
    assert "Webinarerne afholdes via Microsoft Teams" in text
    assert "Spørgsmål? Skriv til csrforum@csrforum.dk" in text
    assert 'href="mailto:csrforum@csrforum.dk"' in html
    # The past session with its recap and materials.
    assert "Tidligere webinarer" in text
    assert "Vi hørte om ledelse af verdensmålene." in text
    assert '<a href="https://example.org/slides.pdf">Slides fra Gentofte</a>' in html


def _danish_day(value):
    from tinget.programme.formatting import format_day

    return format_day(value, language="da", weekday=True)


def sessions_part(response) -> str:
    """The programme part of a series page (the sign-up box may list sessions too)."""
    text = text_of(response)
    return text[text.index("Kommende webinarer") :]


def test_series_page_orders_upcoming_before_past(client, series):
    text = sessions_part(client.get(SERIES_URL))
    assert text.index("Kommende webinarer") < text.index("Mine oplevelser")
    assert text.index("Mine oplevelser") < text.index("Partnerskab for handling")
    assert text.index("Partnerskab for handling") < text.index("Tidligere webinarer")
    assert text.index("Tidligere webinarer") < text.index("Verdensmålene skal ledes")


def test_series_page_in_english_writes_english_dates(client, series):
    first = series.sessions.get(title__startswith="Mine oplevelser")
    response = client.get("/en" + SERIES_URL)
    text = text_of(response)
    from tinget.programme.formatting import format_day

    assert f"{format_day(first.starts_at, language='en', weekday=True)}, 09:00–10:00" in text
    assert "Upcoming webinars" in text
    assert "Taking part is free" in text
    assert '<html lang="en">' in html_of(response)
    assert meta(response, "og:locale") == "en_GB"


def test_series_page_language_switch_links_to_the_same_page_in_english(client, series):
    html = html_of(client.get(SERIES_URL))
    assert f'<a href="/en{SERIES_URL}" lang="en" hreflang="en">English</a>' in html
    html_en = html_of(client.get("/en" + SERIES_URL))
    assert f'<a href="{SERIES_URL}" lang="da" hreflang="da">Dansk</a>' in html_en


def test_draft_series_is_not_found_anywhere(client):
    draft = SeriesFactory(status=Series.Status.DRAFT, title="Hemmelig serie", slug="hemmelig")
    session = SessionFactory(series=draft, title="Hemmelig session")
    speaker = PersonFactory(name="Kun I Kladde", slug="kun-i-kladde")
    AppearanceFactory(item__session=session, person=speaker)
    assert client.get("/serier/hemmelig/").status_code == 404
    assert client.get(session.get_absolute_url()).status_code == 404
    assert client.get("/personer/kun-i-kladde/").status_code == 404
    front = text_of(client.get("/"))
    assert "Hemmelig" not in front


def test_people_and_organisations_known_only_from_drafts_are_not_found(client, db):
    hidden = OrganisationFactory(name="Kun Kladde A/S", slug="kun-kladde")
    moderator = PersonFactory(name="Skjult Moderator", slug="skjult-moderator", organisation=hidden)
    SeriesFactory(status=Series.Status.DRAFT, moderator=moderator, partners=[hidden])
    assert_not_found(client.get("/personer/skjult-moderator/"), "Skjult Moderator")
    assert_not_found(client.get("/organisationer/kun-kladde/"), "Kun Kladde A/S")


def test_series_page_of_unknown_slug_is_not_found(client, db):
    response = client.get("/serier/findes-ikke/")
    assert response.status_code == 404
    assert "Siden findes ikke" in text_of(response)
    assert 'href="/"' in html_of(response)


def test_cancelled_session_shows_as_cancelled(client, series):
    session = series.sessions.get(title="Partnerskab for handling")
    session.status = Session.Status.CANCELLED
    session.save()
    text = text_of(client.get(SERIES_URL))
    assert re.search(r"Partnerskab for handling .{0,80}kl\. 09\.00-10\.00 Aflyst", text)
    session_text = text_of(client.get(session.get_absolute_url()))
    assert "Dette webinar er aflyst." in session_text
    # sign-up is over: the box points to the series instead of promising a join link
    assert "Praktisk information og tilmelding" not in session_text
    assert "Se rækkens kommende webinarer, og tilmeld dig der" in session_text
    assert "Du får linket til at deltage på e-mail" not in session_text
    assert json_ld(client.get(session.get_absolute_url()))["eventStatus"] == (
        "https://schema.org/EventCancelled"
    )


# --- the join link ---------------------------------------------------------------------------


def test_join_link_never_appears_on_any_public_page(client, series):
    # The public calendar files count as public output too.
    calendars = [reverse("programme:series_feed", kwargs={"slug": series.slug})] + [
        reverse("programme:session_ics", kwargs={"slug": series.slug, "pk": s.pk})
        for s in series.sessions.all()
    ]
    for url in public_urls(series) + calendars:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert JOIN_URL not in body, url
        assert "HEMMELIGT-LINK" not in body, url
        assert "meetup-join" not in body, url


# --- query counts and caching ----------------------------------------------------------------


def _series_with_sessions(count: int) -> Series:
    series = SeriesFactory(partners=[OrganisationFactory(), OrganisationFactory()])
    series.sdgs.add(*SDG.objects.filter(number__in=[11, 12]))
    for n in range(count):
        session = SessionFactory(series=series, starts_at=at(5 + n), ends_at=at(5 + n, 10))
        session.sdgs.add(SDG.objects.get(number=11))
        MaterialFactory(session=session)
        for _ in range(3):
            item = ProgrammeItemFactory(session=session)
            item.sdgs.add(SDG.objects.get(number=12))
            MaterialFactory(session=session, item=item)
            for _ in range(2):
                AppearanceFactory(item=item)
    past = SessionFactory(series=series, starts_at=at(-3), ends_at=at(-3, 10), recap="Godt.")
    AppearanceFactory(item__session=past)
    return series


def _count_queries(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_series_page_query_count_is_the_same_for_1_and_3_sessions(client, db):
    one = _series_with_sessions(1)
    three = _series_with_sessions(3)
    # Reference lists are read once per process, not per page: warm them, then count pages.
    client.get(three.get_absolute_url())
    cache.clear()
    pagecache.clear()
    count_one, html_one = _count_queries(client, one.get_absolute_url())
    count_three, html_three = _count_queries(client, three.get_absolute_url())
    assert html_three.count('class="programme-item"') == 3 * 3 + 1
    assert html_one.count('class="programme-item"') == 1 * 3 + 1
    assert count_one == count_three


PROGRAMME_TABLES = (
    "programme_programmeitem",
    "programme_appearance",
    "programme_material",
    "programme_session_sdgs",
)


def test_series_page_served_from_cache_reads_no_programme_content(client, db):
    series = _series_with_sessions(3)
    with CaptureQueriesContext(connection) as first:
        html_first = client.get(series.get_absolute_url()).content.decode()
    with CaptureQueriesContext(connection) as again:
        html_again = client.get(series.get_absolute_url()).content.decode()
    tables = lambda queries: {t for q in queries for t in PROGRAMME_TABLES if t in q["sql"]}  # noqa: E731
    assert tables(first.captured_queries) == set(PROGRAMME_TABLES)
    assert tables(again.captured_queries) == set()
    assert len(first) - len(again) >= len(PROGRAMME_TABLES)
    # The sign-up box holds per-request tokens; the programme is the same page.
    programme = lambda html: html[: html.index('<section class="practical-box"')]  # noqa: E731
    assert programme(html_again) == programme(html_first)
    assert "Kommende webinarer" in programme(html_again)


def test_series_page_cache_is_per_language(client, series):
    assert "Kommende webinarer" in text_of(client.get(SERIES_URL))
    assert "Upcoming webinars" in text_of(client.get("/en" + SERIES_URL))
    assert "Kommende webinarer" in text_of(client.get(SERIES_URL))


def test_series_page_shows_edits_at_once(client, series):
    assert "Babak Djarah" in text_of(client.get(SERIES_URL))
    item = series.sessions.get(title="Partnerskab for handling").items.get()
    item.title = "Et helt nyt oplæg"
    item.save()
    assert "Et helt nyt oplæg" in text_of(client.get(SERIES_URL))

    person = Person.objects.get(slug="babak-djarah")
    person.name = "Babak Djarah Omdøbt"
    person.save()
    assert "Babak Djarah Omdøbt" in text_of(client.get(SERIES_URL))

    appearance = item.appearances.get()
    appearance.role = "Direktør"
    appearance.save()
    assert "Babak Djarah Omdøbt, Direktør" in text_of(client.get(SERIES_URL))

    item.sdgs.add(SDG.objects.get(number=7))
    assert 'class="sdg-label sdg-7"' in html_of(client.get(SERIES_URL))

    MaterialFactory(session=item.session, item=item, title="Nyt materiale")
    assert "Nyt materiale" in text_of(client.get(SERIES_URL))

    moderator = series.moderator.organisation
    moderator.name = "Cph Facilitation ApS"
    moderator.save()
    assert "Cph Facilitation ApS" in text_of(client.get(SERIES_URL))

    item.session.delete()
    assert "Partnerskab for handling" not in text_of(client.get(SERIES_URL))

    # Unpublishing saves the series (QuerySet.update sends no signal; see programme/signals.py).
    series.refresh_from_db()
    series.status = Series.Status.DRAFT
    series.save()
    assert client.get(SERIES_URL).status_code == 404


def test_series_page_moves_a_session_to_past_when_it_has_ended(client, series, monkeypatch):
    session = series.sessions.get(title="Partnerskab for handling")
    text = sessions_part(client.get(SERIES_URL))
    assert text.index("Partnerskab for handling") < text.index("Tidligere webinarer")
    # Nothing is edited; time passes beyond the session's end.
    from django.utils import timezone

    later = session.ends_at + dt.timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    text = sessions_part(client.get(SERIES_URL))
    assert text.index("Tidligere webinarer") < text.index("Partnerskab for handling")


# --- the session page ------------------------------------------------------------------------


def test_session_page_shows_programme_and_practical_box(client, series):
    session = series.sessions.get(title="Partnerskab for handling")
    response = client.get(session.get_absolute_url())
    text = text_of(response)
    assert "<h1>Partnerskab for handling</h1>" in html_of(response)
    assert "Kommunerne som accelerator af den bæredygtige transformation" in text
    assert "Nyborg Kommunes politik for grøn omstilling" in text
    assert "Babak Djarah, Erhvervs- og udviklingschef, Nyborg Kommune" in text
    assert "Det er gratis at være med" in text
    assert "Partnerskab for handling" in meta(response, "og:title")


def test_session_page_carries_event_structured_data(client, series):
    session = series.sessions.get(title="Partnerskab for handling")
    response = client.get(session.get_absolute_url())
    data = json_ld(response)
    page = meta(response, "og:url")
    assert data["@type"] == "Event"
    assert data["name"] == "Partnerskab for handling"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT09:00:00\+0[12]:00", data["startDate"])
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT10:00:00\+0[12]:00", data["endDate"])
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["location"] == {"@type": "VirtualLocation", "url": page}
    assert page.endswith(session.get_absolute_url())
    assert [o["name"] for o in data["organizer"]] == ["CSR Forum", "KL"]
    assert data["performer"][0]["name"] == "Babak Djarah"
    assert data["performer"][0]["url"].endswith("/personer/babak-djarah/")
    assert data["isAccessibleForFree"] is True
    assert data["offers"]["price"] == 0
    assert JOIN_URL not in json.dumps(data)


def test_session_page_structured_data_for_a_physical_session(client, series, settings):
    session = SessionFactory(
        series=series, format=Session.Format.PHYSICAL, place="Nyborg Rådhus, Torvet 1"
    )
    data = json_ld(client.get(session.get_absolute_url()))
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert data["location"]["@type"] == "Place"
    assert data["location"]["address"] == "Nyborg Rådhus, Torvet 1"


def test_session_page_structured_data_for_a_hybrid_paid_session(client, db):
    series = SeriesFactory(is_free=False)
    session = SessionFactory(series=series, format=Session.Format.HYBRID, place="Aarhus")
    data = json_ld(client.get(session.get_absolute_url()))
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert {loc["@type"] for loc in data["location"]} == {"Place", "VirtualLocation"}
    assert data["isAccessibleForFree"] is False
    assert "offers" not in data


def test_session_page_escapes_markup_in_structured_data(client, db):
    session = SessionFactory(title="</script><script>alert(1)</script>")
    html = html_of(client.get(session.get_absolute_url()))
    assert "<script>alert(1)" not in html
    assert json_ld_title(html) == "</script><script>alert(1)</script>"


def json_ld_title(html):
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(match[1])["name"]


def test_session_of_another_series_is_not_found(client, series):
    other = SessionFactory()
    response = client.get(f"{SERIES_URL}sessioner/{other.pk}/")
    assert_not_found(response, other.series.title)


# --- people, organisations, goals ------------------------------------------------------------


def test_person_page_shows_talks_with_role_as_printed_then(client, series):
    person = Person.objects.get(slug="babak-djarah")
    person.role = "Kommunaldirektør"
    person.save()
    text = text_of(client.get("/personer/babak-djarah/"))
    assert "Babak Djarah" in text
    assert "Kommunaldirektør" in text  # now
    assert "Erhvervs- og udviklingschef, Nyborg Kommune" in text  # then
    assert "Nyborg Kommunes politik for grøn omstilling" in text
    assert "Kommunerne som accelerator af den bæredygtige transformation" in text


def test_person_page_of_the_moderator_lists_the_series(client, series):
    text = text_of(client.get("/personer/flemming-olsen/"))
    assert "Moderator for" in text
    assert "Kommunerne som accelerator af den bæredygtige transformation" in text


def test_person_page_lists_talks_across_series(client, series):
    other = SeriesFactory(title="En anden række")
    AppearanceFactory(
        item__session__series=other,
        item__title="Andet oplæg",
        person=Person.objects.get(slug="babak-djarah"),
        role="Chef",
    )
    text = text_of(client.get("/personer/babak-djarah/"))
    assert "Andet oplæg" in text and "En anden række" in text
    assert "Nyborg Kommunes politik for grøn omstilling" in text


def test_organisation_page_shows_people_series_and_talks(client, series):
    text = text_of(client.get("/organisationer/nyborg-kommune/"))
    assert "Nyborg Kommune" in text
    assert "Babak Djarah" in text
    assert "Nyborg Kommunes politik for grøn omstilling" in text
    partner_text = text_of(client.get("/organisationer/csr-forum/"))
    assert "Partner i" in partner_text
    assert "Kommunerne som accelerator af den bæredygtige transformation (fagligt udviklet af)" in (
        partner_text
    )


def test_sdg_page_lists_sessions_tagged_directly_or_through_an_item(client, series):
    text = text_of(client.get("/verdensmaal/12/"))
    assert "Mål 12" in text and "Ansvarligt forbrug og produktion" in text
    assert "Partnerskab for handling" in text
    assert "Nyborg Kommunes politik for grøn omstilling" in text  # the tagged item
    text_11 = text_of(client.get("/verdensmaal/11/"))
    assert "Partnerskab for handling" in text_11
    assert "Kommunerne som accelerator" in text_11  # the series is tagged with 11


def test_sdg_page_leaves_out_drafts(client, series):
    draft = SeriesFactory(status=Series.Status.DRAFT)
    session = SessionFactory(series=draft, title="Kladdesession")
    session.sdgs.add(SDG.objects.get(number=12))
    assert "Kladdesession" not in text_of(client.get("/verdensmaal/12/"))


def test_sdg_page_of_unknown_goal_is_not_found(client, db):
    assert_not_found(client.get("/verdensmaal/18/"))


def test_sdg_labels_use_white_text_only_where_it_is_readable(client, series):
    from django.conf import settings

    css = (settings.PACKAGE_DIR / "static" / "tinget" / "css" / "tinget.css").read_text()
    for sdg in SDG.objects.all():
        rule = re.search(rf"^\.sdg-{sdg.number}, [^{{]*\{{([^}}]*)\}}", css, re.M)
        assert rule, f"no CSS class for goal {sdg.number}"
        assert sdg.colour.lower() in rule[1].lower()
        expected = "#ffffff" if sdg.white_text_ok else "#000000"
        assert f"color: {expected}" in rule[1], sdg.number
    white = set(SDG.objects.filter(white_text_ok=True).values_list("number", flat=True))
    assert white == {1, 4, 8, 10, 13, 16, 17}
    html = html_of(client.get(SERIES_URL))
    assert 'class="sdg-label sdg-11" href="/verdensmaal/11/"' in html
    assert "style=" not in html


# --- front page ------------------------------------------------------------------------------


def test_front_page_lists_published_series_and_upcoming_sessions(client, series):
    SeriesFactory(status=Series.Status.DRAFT, title="Kladderække")
    response = client.get("/")
    text = text_of(response)
    assert "Kommunerne som accelerator af den bæredygtige transformation" in text
    assert "Kladderække" not in text
    assert "Mine oplevelser af verdensmålenes betydning for kommunalvalget" in text
    assert "Partnerskab for handling" in text
    assert f'href="{SERIES_URL}"' in html_of(response)


def test_front_page_query_count_does_not_grow_with_series(client, db):
    for _ in range(2):
        _series_with_sessions(1)
    with CaptureQueriesContext(connection) as few:
        client.get("/")
    for _ in range(3):
        _series_with_sessions(2)
    with CaptureQueriesContext(connection) as many:
        client.get("/")
    assert len(few) == len(many)


def test_person_and_organisation_and_sdg_pages_have_fixed_query_counts(client, series):
    counts = {}
    for url in ["/personer/babak-djarah/", "/organisationer/nyborg-kommune/", "/verdensmaal/12/"]:
        counts[url] = _count_queries(client, url)[0]
    babak = Person.objects.get(slug="babak-djarah")
    for n in range(4):
        AppearanceFactory(
            item__session__series=series,
            item__title=f"Ekstra {n}",
            person=babak,
            organisation=babak.organisation,
        ).item.sdgs.add(SDG.objects.get(number=12))
    for url, before in counts.items():
        assert _count_queries(client, url)[0] == before, url


# --- every page: title, description, Open Graph ----------------------------------------------


def test_every_public_page_has_title_description_and_open_graph(client, series, settings):
    settings.TINGET_BASE_URL = "https://tinget.example.dk"
    titles = set()
    for url in public_urls(series):
        response = client.get(url)
        html = html_of(response)
        title = re.search(r"<title>([^<]+)</title>", html)[1].strip()
        language = "en" if url.startswith("/en/") else "da"
        assert title and (language, title) not in titles, url
        titles.add((language, title))
        assert len(meta(response, "description")) > 20, url
        assert meta(response, "og:title"), url
        assert meta(response, "og:description"), url
        assert meta(response, "og:url") == f"https://tinget.example.dk{url}", url
        assert meta(response, "og:type") in {"website", "article", "profile"}, url
        expected_locale = "en_GB" if url.startswith("/en/") else "da_DK"
        assert meta(response, "og:locale") == expected_locale, url
        assert 'class="skipnav" href="#main-content"' in html
        # No inline styles or scripts (the CSP forbids them); JSON-LD is data, not script.
        assert " style=" not in html, url
        scripts = re.findall(r"<script\b([^>]*)>", html)
        assert all('src="' in a or 'type="application/ld+json"' in a for a in scripts), url
        assert "Tilgængelighedserklæring" in html or "Accessibility statement" in html


def test_session_page_absolute_urls_follow_the_base_url(client, series, settings):
    settings.TINGET_BASE_URL = "https://tinget.example.dk"
    session = series.sessions.get(title="Partnerskab for handling")
    data = json_ld(client.get(session.get_absolute_url()))
    assert data["url"] == f"https://tinget.example.dk{session.get_absolute_url()}"


# --- privacy and accessibility ---------------------------------------------------------------


def test_footer_links_privacy_and_accessibility_statement(client, series):
    html = html_of(client.get(SERIES_URL))
    assert '<a class="function-link" href="/privatliv/">Privatliv</a>' in html
    assert '<a class="function-link" href="/tilgaengelighed/">Tilgængelighedserklæring</a>' in html


def test_privacy_page_names_controllers_purposes_bases_retention_and_rights(client, series):
    text = text_of(client.get("/privatliv/"))
    assert "Kommunerne som accelerator af den bæredygtige transformation: CSR Forum, KL." in text
    assert "dataansvarlige" in text
    assert "artikel 6, stk. 1, litra b" in text
    assert "artikel 6, stk. 1, litra e" in text
    assert "to år efter rækkens sidste session" in text
    assert "Ubekræftede tilmeldinger slettes efter 48 timer" in text
    # The joint-controller arrangement (art. 26) and how to use each right.
    assert "Aftalen mellem partnerne" in text and "artikel 26" in text
    for right in ("indsigt", "berigtigelse", "sletning", "begrænsning", "dataportabilitet"):
        assert right in text
    assert "Gør indsigelse" in text and "Træk et samtykke tilbage" in text
    assert "Hent dine data" in text and "Slet dine data" in text
    assert "Datatilsynet" in text
    english = text_of(client.get("/en/privatliv/"))
    assert "article 6(1)(b)" in english and "joint data controllers" in english


def test_accessibility_statement_covers_standard_testing_limits_and_contact(
    client, series, settings
):
    settings.TINGET_BASE_URL = "https://tinget.example.dk"
    settings.TINGET_CONTACT_EMAIL = "web@tinget.example.dk"
    settings.TINGET_CONTACT_PHONE = "+45 33 12 34 56"
    response = client.get("/tilgaengelighed/")
    text = text_of(response)
    assert "Tilgængelighedserklæring" in text
    assert "EN 301 549" in text and "WCAG 2.1" in text
    assert "axe-core" in text
    assert "Kendte begrænsninger" in text
    assert 'href="https://www.was.digst.dk/tinget-example-dk"' in html_of(response)
    assert 'href="mailto:web@tinget.example.dk"' in html_of(response)
    assert 'href="tel:+4533123456"' in html_of(response)
    assert "Accessibility statement" in text_of(client.get("/en/tilgaengelighed/"))


def test_accessibility_statement_names_wcag_22_and_both_contacts_in_english_too(
    client, series, settings
):
    settings.TINGET_BASE_URL = "https://tinget.example.dk"
    settings.TINGET_CONTACT_EMAIL = "web@tinget.example.dk"
    settings.TINGET_CONTACT_PHONE = "+45 33 12 34 56"
    danish = text_of(client.get("/tilgaengelighed/"))
    assert "succeskriterierne i WCAG 2.2 på niveau A og AA" in danish
    assert "alle regler i WCAG 2.2 A og AA" in danish
    assert "Telefon:" in danish and "+45 33 12 34 56" in danish
    assert "web@tinget.example.dk" in danish
    english = text_of(client.get("/en/tilgaengelighed/"))
    assert "success criteria of WCAG 2.2 at levels A and AA" in english
    assert "+45 33 12 34 56" in english and "web@tinget.example.dk" in english


def test_was_link_is_the_standardised_address_of_the_public_domain(client, series, settings):
    settings.TINGET_WAS_URL = ""
    settings.TINGET_BASE_URL = "https://www.tinget.dk"
    assert 'href="https://www.was.digst.dk/tinget-dk"' in html_of(client.get("/tilgaengelighed/"))


def test_accessibility_statement_never_links_the_was_tool_to_this_machine(client, series, settings):
    settings.TINGET_BASE_URL = "http://127.0.0.1:8000"
    settings.TINGET_WAS_URL = ""
    response = client.get("/tilgaengelighed/")
    assert "was.digst.dk" not in html_of(response)
    assert "offentliggøres dér, når webstedet er offentligt" in text_of(response)


def test_accessibility_statement_links_the_was_address_from_the_settings(client, series, settings):
    settings.TINGET_BASE_URL = "http://127.0.0.1:8000"
    settings.TINGET_WAS_URL = "https://www.was.digst.dk/tinget-dk"
    html = html_of(client.get("/en/tilgaengelighed/"))
    assert 'href="https://www.was.digst.dk/tinget-dk"' in html


def test_was_short_address_leads_to_the_accessibility_statement(client, db):
    response = client.get("/was", follow=True)
    assert response.redirect_chain[0][0] == "/tilgaengelighed/"
    assert "Tilgængelighedserklæring" in text_of(response)


# --- Markdown --------------------------------------------------------------------------------


def test_markdown_from_organisers_is_sanitised_on_the_page(client, db):
    session = SessionFactory(
        recap=(
            "<script>alert('x')</script> [klik](javascript:alert(1)) "
            '<img src=x onerror="alert(2)"> [fint](https://example.org/ok)'
        ),
        starts_at=at(-2),
        ends_at=at(-2, 10),
    )
    html = html_of(client.get(session.get_absolute_url()))
    assert "<script>alert" not in html
    assert 'href="javascript:' not in html
    assert "<img" not in html
    assert '<a href="https://example.org/ok" rel="noopener noreferrer">fint</a>' in html
