"""The organiser's start page and series screens: create, edit, preview the draft, publish,
copy for the next season; the admin closed to everyone but superusers."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from tests.backoffice.factories import RegistrationFactory
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    ProgrammeItemFactory,
    SeriesFactory,
    SessionFactory,
    UserFactory,
)
from tests.pages import assert_access_denied
from tinget.programme.models import AuditEntry, Membership, Organisation, Series

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return response.content.decode()


def series_data(**overrides):
    data = {
        "title": "Klima i kommunen",
        "slug": "",
        "description": "Om **klima** i kommunerne.",
        "moderator_name": "Mette Moderator",
        "contact_email": "klima@example.dk",
        "platform": "Microsoft Teams",
        "is_free": "on",
        "default_capacity": "80",
        "remind_24h": "on",
        "sdgs": ["13", "11"],
        "partners-TOTAL_FORMS": "2",
        "partners-INITIAL_FORMS": "0",
        "partners-0-organisation": "Partner Forum",
        "partners-0-part": "fagligt udviklet af",
        "partners-1-organisation": "Gentofte kommune",
        "partners-1-part": "i samarbejde med",
    }
    data.update(overrides)
    return data


# --- start page and admin ------------------------------------------------------------------


def test_start_page_lists_drafts_with_next_session_and_figures(editor_client, series, partner):
    draft = SeriesFactory(title="Kladde-serien", status=Series.Status.DRAFT, partners=[partner])
    past = SessionFactory(
        series=series,
        starts_at=dt.datetime(2020, 1, 1, 9, tzinfo=dt.UTC),
        ends_at=dt.datetime(2020, 1, 1, 10, tzinfo=dt.UTC),
    )
    RegistrationFactory(session=past)
    upcoming = SessionFactory(series=series, title="Næste gang", capacity=40)
    RegistrationFactory.create_batch(3, session=upcoming)
    RegistrationFactory(session=upcoming, status="waiting")
    SeriesFactory(title="Andres serie")  # not the editor's

    response = editor_client.get(reverse("backoffice:home"))
    html = text(response)
    assert "Kladde-serien" in html and "Kladde" in html
    assert "Andres serie" not in html
    row = re.search(rf'data-series="{series.slug}".*?</tr>', html, re.S).group(0)
    assert "Næste gang" in row
    assert 'data-figure="confirmed">3<' in row
    assert 'data-figure="capacity">40<' in row
    assert 'data-figure="waiting">1<' in row
    draft_row = re.search(rf'data-series="{draft.slug}".*?</tr>', html, re.S).group(0)
    assert "Ingen sessioner endnu" in draft_row


def test_start_page_takes_the_same_queries_for_one_and_three_series(
    editor_client, partner, django_assert_num_queries
):
    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            editor_client.get(reverse("backoffice:home"))
        return len(queries)

    SessionFactory(series=SeriesFactory(partners=[partner]))
    one = count()
    for _ in range(2):
        SessionFactory(series=SeriesFactory(partners=[partner]))
    assert count() == one


def test_organiser_who_is_not_superuser_gets_403_on_admin(editor_client):
    assert_access_denied(editor_client.get("/admin/"), "Django")
    assert_access_denied(editor_client.get("/admin/programme/series/"), "Django")


def test_superuser_still_has_the_admin(client):
    client.force_login(UserFactory(is_superuser=True))
    response = client.get("/admin/")
    assert response.status_code == 200
    assert 'href="/admin/programme/series/"' in response.content.decode()


def test_no_organiser_page_links_to_the_admin(editor_client, series, session):
    item = ProgrammeItemFactory(session=session)
    urls = [
        reverse("backoffice:home"),
        reverse("backoffice:series", kwargs={"slug": series.slug}),
        reverse("backoffice:series_create"),
        reverse("backoffice:series_edit", kwargs={"slug": series.slug}),
        reverse("backoffice:series_publish", kwargs={"slug": series.slug}),
        reverse("backoffice:series_duplicate", kwargs={"slug": series.slug}),
        reverse("backoffice:series_questions", kwargs={"slug": series.slug}),
        reverse("backoffice:session_create", kwargs={"slug": series.slug}),
        reverse("backoffice:session", kwargs={"pk": session.pk}),
        reverse("backoffice:session_edit", kwargs={"pk": session.pk}),
        reverse("backoffice:session_duplicate", kwargs={"pk": session.pk}),
        reverse("backoffice:session_cancel", kwargs={"pk": session.pk}),
        reverse("backoffice:programme", kwargs={"pk": session.pk}),
        reverse("backoffice:materials", kwargs={"pk": session.pk}),
        reverse("backoffice:followup", kwargs={"pk": session.pk}),
        reverse("backoffice:item_edit", kwargs={"pk": item.pk}),
        reverse("backoffice:speaker_add", kwargs={"pk": item.pk}),
    ]
    for url in urls:
        response = editor_client.get(url)
        assert response.status_code == 200, url
        assert "/admin/" not in text(response), url


# --- create and edit -----------------------------------------------------------------------


def test_editor_creates_a_draft_series_with_partners_moderator_and_goals(editor_client, editor):
    response = editor_client.post(reverse("backoffice:series_create"), series_data())
    series = Series.objects.get(title="Klima i kommunen")
    assert response.status_code == 302
    assert response["Location"] == reverse("backoffice:series", kwargs={"slug": series.slug})
    assert series.status == Series.Status.DRAFT
    assert series.slug == "klima-i-kommunen"
    assert series.moderator.name == "Mette Moderator"
    assert series.default_capacity == 80
    assert series.remind_24h and not series.remind_1h
    assert sorted(series.sdgs.values_list("number", flat=True)) == [11, 13]
    partners = [(p.organisation.name, p.part) for p in series.partnerships.all()]
    assert partners == [
        ("Partner Forum", "fagligt udviklet af"),
        ("Gentofte Kommune", "i samarbejde med"),
    ]
    assert AuditEntry.objects.filter(action="series.created", actor=editor).exists()


def test_description_preview_shows_markdown_and_saves_nothing(editor_client):
    response = editor_client.post(reverse("backoffice:series_create"), series_data(preview="1"))
    assert "<strong>klima</strong>" in text(response)
    assert not Series.objects.filter(title="Klima i kommunen").exists()


def test_duplicate_slug_is_a_danish_field_error_and_nothing_is_saved(editor_client, series):
    before = Organisation.objects.count()
    response = editor_client.post(
        reverse("backoffice:series_create"),
        series_data(slug=series.slug, **{"partners-1-organisation": "Helt Ny Forening"}),
    )
    assert response.status_code == 400
    assert "Der er allerede en serie med denne webadresse" in text(response)
    assert not Series.objects.filter(title="Klima i kommunen").exists()
    assert Organisation.objects.count() == before


def test_series_without_title_gets_a_danish_error(editor_client):
    response = editor_client.post(reverse("backoffice:series_create"), series_data(title=""))
    assert response.status_code == 400
    assert "Giv serien en titel." in text(response)


def test_editor_edits_series_and_must_keep_own_organisation(editor_client, series, partner):
    url = reverse("backoffice:series_edit", kwargs={"slug": series.slug})
    data = series_data(title="Nyt navn", **{"partners-0-organisation": "Anden Forening"})
    data["partners-1-organisation"] = ""
    response = editor_client.post(url, data)
    assert response.status_code == 400
    assert "En af dine egne organisationer skal fortsat være partner" in text(response)
    series.refresh_from_db()
    assert series.title != "Nyt navn"

    data["partners-1-organisation"] = partner.name
    response = editor_client.post(url, data)
    assert response.status_code == 302
    series.refresh_from_db()
    assert series.title == "Nyt navn"
    assert [p.organisation.name for p in series.partnerships.all()] == [
        "Anden Forening",
        partner.name,
    ]


def test_viewer_and_outsider_cannot_create_or_edit(client, viewer, outsider, series):
    for user, status in ((viewer, 403), (outsider, 404)):
        client.force_login(user)
        url = reverse("backoffice:series_edit", kwargs={"slug": series.slug})
        assert client.get(url).status_code == status
        assert client.post(url, series_data(title="Overtaget")).status_code == status
        publish = reverse("backoffice:series_publish", kwargs={"slug": series.slug})
        assert client.post(publish).status_code == status
    client.force_login(viewer)
    assert client.post(reverse("backoffice:series_create"), series_data()).status_code == 403
    series.refresh_from_db()
    assert series.title != "Overtaget" and series.is_published


# --- preview, publish ----------------------------------------------------------------------


def test_draft_page_shows_to_its_organisers_with_a_banner_and_404_to_others(
    client, editor, viewer, outsider, partner
):
    draft = SeriesFactory(title="Hemmelig kladde", status=Series.Status.DRAFT, partners=[partner])
    session = SessionFactory(series=draft)
    for url in (draft.get_absolute_url(), session.get_absolute_url()):
        assert client.get(url).status_code == 404
        client.force_login(outsider)
        assert client.get(url).status_code == 404
        for user in (editor, viewer):
            client.force_login(user)
            response = client.get(url)
            assert response.status_code == 200
            assert "Kladde" in text(response) and "Hemmelig kladde" in text(response)
            assert "Tilmelding åbner, når serien er udgivet." in text(response)
            assert response["Cache-Control"] == "private, no-store"
        client.logout()


def test_publish_asks_first_then_publishes_and_unpublishes(editor_client, editor, partner):
    draft = SeriesFactory(status=Series.Status.DRAFT, partners=[partner])
    url = reverse("backoffice:series_publish", kwargs={"slug": draft.slug})
    page = text(editor_client.get(url))
    assert "Udgiv serien?" in page
    draft.refresh_from_db()
    assert not draft.is_published

    editor_client.post(url)
    draft.refresh_from_db()
    assert draft.is_published
    assert AuditEntry.objects.filter(action="series.published", actor=editor).exists()
    assert "Træk serien tilbage?" in text(editor_client.get(url))
    editor_client.post(url)
    draft.refresh_from_db()
    assert not draft.is_published


# --- copy for a new season -----------------------------------------------------------------


def test_copy_for_next_season_shifts_dates_copies_structure_and_no_registrations(
    editor_client, series, session, partner
):
    item = ProgrammeItemFactory(session=session, title="Velkomst")
    from tests.factories import AppearanceFactory

    AppearanceFactory(item=item, role="Klimachef")
    RegistrationFactory(session=session)
    from tinget.registrations.models import SeriesQuestion

    SeriesQuestion.objects.create(series=series, label="Hvilken forvaltning?", required=True)
    url = reverse("backoffice:series_duplicate", kwargs={"slug": series.slug})
    response = editor_client.post(url, {"title": "Næste sæson", "weeks": "52"})
    copy = Series.objects.get(title="Næste sæson")
    assert response["Location"] == reverse("backoffice:series", kwargs={"slug": copy.slug})
    assert copy.status == Series.Status.DRAFT
    assert list(copy.partners.all()) == [partner]
    assert copy.contact_email == series.contact_email
    new_session = copy.sessions.get()
    assert new_session.starts_at == session.starts_at + dt.timedelta(weeks=52)
    assert new_session.join_url == ""
    assert new_session.registrations.count() == 0
    assert list(copy.questions.values_list("label", "required")) == [("Hvilken forvaltning?", True)]
    new_item = new_session.items.get()
    assert new_item.title == "Velkomst"
    assert new_item.appearances.get().role == "Klimachef"
    series.refresh_from_db()
    assert series.is_published and series.sessions.count() == 1


def test_copy_with_a_bad_number_of_weeks_gets_a_danish_error(editor_client, series):
    url = reverse("backoffice:series_duplicate", kwargs={"slug": series.slug})
    response = editor_client.post(url, {"title": "X", "weeks": "-3"})
    assert response.status_code == 400
    assert "Skriv 0 uger eller flere." in text(response)
    assert not Series.objects.filter(title="X").exists()


def test_other_organisations_editor_does_not_see_the_series_on_the_start_page(client, series):
    other = MembershipFactory(role=Membership.Role.EDITOR).user
    client.force_login(other)
    assert series.title not in text(client.get(reverse("backoffice:home")))
    _ = OrganisationFactory


def test_editor_adds_an_extra_question_that_the_sign_up_form_then_asks(
    editor_client, client, viewer, series, editor
):
    from tinget.registrations.models import SeriesQuestion

    session = SessionFactory(series=series)
    url = reverse("backoffice:series_questions", kwargs={"slug": series.slug})
    response = editor_client.post(
        url, {"label": "Forvaltning?", "kind": "choice", "choices": "Kun én", "required": "on"}
    )
    assert response.status_code == 400
    assert "Skriv to eller flere svarmuligheder" in text(response)
    editor_client.post(
        url,
        {
            "label": "Hvilken forvaltning arbejder du i?",
            "kind": "choice",
            "choices": "Teknik og miljø\nSocial og sundhed",
            "required": "on",
        },
    )
    question = SeriesQuestion.objects.get(series=series)
    assert question.choice_list == ["Teknik og miljø", "Social og sundhed"]
    assert AuditEntry.objects.filter(action="question.created", actor=editor).exists()
    form = text(client.get(session.get_absolute_url()))
    assert "Hvilken forvaltning arbejder du i?" in form and "Social og sundhed" in form

    client.force_login(viewer)  # the same test client: now the viewer
    assert client.post(url, {"delete": str(question.pk)}).status_code == 403
    client.force_login(editor)
    client.post(url, {"delete": str(question.pk)})
    assert not SeriesQuestion.objects.filter(series=series).exists()


def test_removing_a_question_by_an_id_that_is_no_number_is_not_found_not_a_500(
    editor_client, series
):
    from tinget.registrations.models import SeriesQuestion

    url = reverse("backoffice:series_questions", kwargs={"slug": series.slug})
    editor_client.post(url, {"label": "Hvilken forvaltning?", "kind": "text"})
    assert SeriesQuestion.objects.filter(series=series).count() == 1
    for value in ("abc", "²", "9" * 30, ""):
        response = editor_client.post(url, {"delete": value})
        assert response.status_code == 404
    assert SeriesQuestion.objects.filter(series=series).count() == 1


def test_a_goal_id_too_large_for_any_row_is_a_field_error_not_a_500(editor_client, series):
    url = reverse("backoffice:series_edit", kwargs={"slug": series.slug})
    for value in ("9" * 30, "-" + "9" * 30):
        response = editor_client.post(url, series_data(sdgs=["13", value]))
        assert response.status_code == 400
        assert "<title>Fejl: " in text(response)
        assert "er ikke en af de tilgængelige valgmuligheder" in text(response)
    series.refresh_from_db()
    assert series.title != "Klima i kommunen" and not series.sdgs.exists()
