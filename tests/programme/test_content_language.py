"""Content in another language than the page's says so (WCAG 3.1.2): each series has a content
language, set on the series form; an English page of a Danish series marks the titles,
descriptions, programme items, roles, recaps and bios with lang="da", and a page in the
content's own language adds no redundant lang."""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from tests.backoffice.factories import RegistrationFactory
from tests.factories import MembershipFactory, build_seed_series
from tinget.programme.models import Membership, Series, Session
from tinget.registrations.models import SeriesQuestion

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache_and_danish_urls():
    """A request to /en/ leaves English active in the thread; reverse() and
    get_absolute_url() would then build /en/ addresses."""
    cache.clear()
    with translation.override("da"):
        yield
    cache.clear()


@pytest.fixture
def series():
    return build_seed_series()


def html_of(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def marked(html: str, language: str) -> list[str]:
    """The text of each element in the body marked with lang=<language>, without the
    language switch (whose own label is rightly in its language)."""
    main = re.sub(r'<nav class="language-switch".*?</nav>', "", html, flags=re.S)
    # The sign-up form's choice of email language names each language in itself.
    main = re.sub(r'<label class="form-label" for="id_language_\d"[^>]*>', "", main)
    main = main[main.index("<body") :]
    texts = []
    for match in re.finditer(rf'<(\w+)[^>]*\slang="{language}"[^>]*>(.*?)</\1>', main, re.S):
        texts.append(" ".join(re.sub(r"<[^>]+>", " ", match.group(2)).split()))
    return texts


def test_english_series_page_marks_the_danish_content(client, series):
    texts = marked(html_of(client.get("/en" + series.get_absolute_url())), "da")
    assert series.title in texts  # the heading (and the breadcrumb)
    assert any("kommunerne kan drive omstillingen" in text for text in texts)  # description
    assert "Fagligt udviklet af" in texts  # the partners' part, as the organisers wrote it
    assert "Verdensmålene og kommunalvalget" in texts  # a programme item
    assert "Professor emeritus" in texts  # a role as printed for that talk
    assert any("ledelse af verdensmålene" in text for text in texts)  # the recap
    assert "Mine oplevelser af verdensmålenes betydning for kommunalvalget" in texts


def test_danish_series_page_adds_no_redundant_lang(client, series):
    html = html_of(client.get(series.get_absolute_url()))
    assert len(re.findall(r'\slang="da"', html)) == 1  # <html lang="da"> only
    assert marked(html, "da") == []


def test_english_session_and_person_pages_mark_danish_titles_roles_and_bios(client, series):
    past = series.sessions.get(status=Session.Status.HELD)
    maria = past.items.get().appearances.get().person
    maria_url = "/en" + maria.get_absolute_url()
    session_html = html_of(client.get("/en" + past.get_absolute_url()))
    texts = marked(session_html, "da")
    assert "Verdensmålene skal ledes" in texts
    assert "Udviklingskonsulent med verdensmålsfokus" in texts
    assert "Slides fra Gentofte" in texts
    # An untitled session is named by its date, in the page's language: not marked.
    assert re.search(r"<h1>Webinar ", session_html)

    maria.bio = "Maria arbejder med **verdensmål** i Gentofte."
    maria.save()
    person = marked(html_of(client.get(maria_url)), "da")
    assert any("arbejder med verdensmål i Gentofte" in text for text in person)
    assert "Verdensmålene skal ledes" in person  # her talk


def test_english_series_is_marked_on_danish_pages_and_not_on_english_ones(client, series):
    Series.objects.filter(pk=series.pk).update(
        content_language="en", title="Municipalities as accelerators"
    )
    url = series.get_absolute_url()
    danish = html_of(client.get(url))
    assert "Municipalities as accelerators" in marked(danish, "en")
    assert "Verdensmålene og kommunalvalget" in marked(danish, "en")
    front = html_of(client.get("/"))
    assert "Municipalities as accelerators" in marked(front, "en")
    english = html_of(client.get("/en" + url))
    assert marked(english, "en") == [] and marked(english, "da") == []


def test_organiser_sets_the_content_language_on_the_series_form(client, series):
    csr = series.partnerships.get(organisation__name="CSR Forum").organisation
    client.force_login(MembershipFactory(organisation=csr, role=Membership.Role.EDITOR).user)
    url = reverse("backoffice:series_edit", kwargs={"slug": series.slug})
    form = html_of(client.get(url))
    assert 'id="id_content_language_0" value="da" checked' in form
    assert '<label class="form-label" for="id_content_language_1" lang="en">English</label>' in form
    data = {
        "title": series.title,
        "slug": series.slug,
        "description": series.description,
        "content_language": "en",
        "contact_email": series.contact_email,
        "is_free": "on",
        "partners-TOTAL_FORMS": "1",
        "partners-INITIAL_FORMS": "0",
        "partners-0-organisation": "CSR Forum",
        "partners-0-part": "",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    series.refresh_from_db()
    assert series.content_language == "en"
    # A form without the field (an old page) keeps the language.
    del data["content_language"]
    client.post(url, data)
    series.refresh_from_db()
    assert series.content_language == "en"
    # A language that is not offered is a clear error, and nothing changes.
    response = client.post(url, {**data, "content_language": "de"})
    assert "Vælg indholdets sprog." in response.content.decode()
    series.refresh_from_db()
    assert series.content_language == "en"


def test_english_archive_and_speaker_pages_mark_the_danish_content(client, series):
    slug = series.slug
    urls = {
        name: "/en" + reverse(f"programme:{name}", kwargs=kwargs)
        for name, kwargs in (
            ("series_archive", {"slug": slug}),
            ("series_speakers", {"slug": slug}),
            ("archive", {}),
            ("speakers", {}),
        )
    }
    archive = marked(html_of(client.get(urls["series_archive"])), "da")
    assert series.title in archive  # in the heading "Past webinars in …" and the breadcrumb
    assert "Slides fra Gentofte" in archive
    assert any("ledelse af verdensmålene" in text for text in archive)  # the recap's start
    speakers = marked(html_of(client.get(urls["series_speakers"])), "da")
    assert "Verdensmålene og kommunalvalget" in speakers
    assert series.title in marked(html_of(client.get(urls["archive"])), "da")
    assert "Verdensmålene skal ledes" in marked(html_of(client.get(urls["speakers"])), "da")
    # The Danish pages add none.
    for url in urls.values():
        assert marked(html_of(client.get(url.removeprefix("/en"))), "da") == [], url


def test_english_registrant_pages_mark_the_danish_session_title(client, series):
    first = series.sessions.get(title__startswith="Mine oplevelser")
    registration = RegistrationFactory(session=first, language="en")
    held = series.sessions.get(status=Session.Status.HELD)
    held.title = "Verdensmål i praksis"
    held.save()
    came = RegistrationFactory(session=held, attendance="attended", language="en")
    pages = {
        "manage": reverse("registrations:manage", kwargs={"token": registration.token}),
        "join": reverse("registrations:join", kwargs={"token": registration.join_token}),
        "feedback": reverse("feedback:form", kwargs={"token": came.feedback_token}),
    }
    for name in ("manage", "join"):
        texts = marked(html_of(client.get("/en" + pages[name])), "da")
        assert first.title in texts, name
    assert "Verdensmål i praksis" in marked(html_of(client.get("/en" + pages["feedback"])), "da")
    for path in pages.values():
        assert marked(html_of(client.get(path)), "da") == [], path


def test_english_organiser_screens_mark_the_danish_series_and_session_titles(client, series):
    csr = series.partnerships.get(organisation__name="CSR Forum").organisation
    client.force_login(MembershipFactory(organisation=csr, role=Membership.Role.EDITOR).user)
    first = series.sessions.get(title__startswith="Mine oplevelser")
    urls = [
        "/en" + reverse("backoffice:home"),
        "/en" + reverse("backoffice:series", kwargs={"slug": series.slug}),
        "/en" + reverse("backoffice:session", kwargs={"pk": first.pk}),
        "/en" + reverse("backoffice:registrants", kwargs={"pk": first.pk}),
    ]
    for url in urls:
        html = html_of(client.get(url))
        assert series.title in marked(html, "da") or first.title in marked(html, "da"), url
        title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
        assert "<span" not in title and "&lt;span" not in title, url
    danish = html_of(client.get(urls[2].removeprefix("/en")))
    assert marked(danish, "da") == []


def test_sign_up_questions_in_the_series_language_are_marked_on_english_pages(client, series):
    SeriesQuestion.objects.create(series=series, label="Hvilken forvaltning arbejder du i?")
    SeriesQuestion.objects.create(
        series=series, label="Må vi fotografere dig?", kind=SeriesQuestion.Kind.YESNO
    )
    first = series.sessions.get(title__startswith="Mine oplevelser")
    url = reverse("registrations:session_signup", kwargs={"pk": first.pk})
    texts = marked(html_of(client.get("/en" + url)), "da")
    assert "Hvilken forvaltning arbejder du i? (optional)" in texts
    assert "Må vi fotografere dig? (optional)" in texts
    assert marked(html_of(client.get(url)), "da") == []
