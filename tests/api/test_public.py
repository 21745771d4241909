"""The public API: what the public pages show, never a join link, cheap to poll."""

import json

import pytest

from tests.factories import (
    AppearanceFactory,
    OrganisationFactory,
    PersonFactory,
    ProgrammeItemFactory,
    SeriesFactory,
    SessionFactory,
    at,
)
from tinget.programme.models import SDG, Series

pytestmark = pytest.mark.django_db


def get(client, url, **headers):
    return client.get(url, **headers)


def test_sessions_list_shows_programme_and_speakers_as_printed_never_the_join_link(client, session):
    speaker = PersonFactory(name="Mette Madsen", role="Direktør nu")
    item = ProgrammeItemFactory(session=session, title="Indkøb der virker")
    AppearanceFactory(
        item=item,
        person=speaker,
        role="Chefkonsulent dengang",
        organisation=None,
        organisation_name="Gammel Kommune",
    )
    response = client.get("/api/v1/sessions")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    (found,) = body["results"]
    assert found["title"] == "Cirkulære indkøb"
    assert found["series"] == "verdensmaal"
    (listed_item,) = found["items"]
    assert listed_item["title"] == "Indkøb der virker"
    assert listed_item["speakers"][0] == {
        "name": "Mette Madsen",
        "person": speaker.slug,
        "role": "Chefkonsulent dengang",
        "organisation": "Gammel Kommune",
        "organisation_slug": None,
        "part": "speaker",
    }
    assert found["signup_url"].startswith("http") and str(session.pk) in found["signup_url"]
    raw = response.content.decode()
    assert session.join_url not in raw
    assert "SECRET" not in raw
    assert "join" not in raw


def test_drafts_are_invisible(client, session):
    draft = SeriesFactory(slug="kladde", status=Series.Status.DRAFT)
    SessionFactory(series=draft, title="Hemmelig kladde")
    assert [s["title"] for s in client.get("/api/v1/sessions").json()["results"]] == [
        "Cirkulære indkøb"
    ]
    assert [s["slug"] for s in client.get("/api/v1/series").json()["results"]] == ["verdensmaal"]
    assert client.get("/api/v1/series/kladde").status_code == 404


def test_filters_upcoming_series_sdg_and_organisation(client, series, session):
    past = SessionFactory(series=series, title="Sidste år", starts_at=at(-30), ends_at=at(-30, 10))
    other = SeriesFactory(slug="anden")
    goal12 = SessionFactory(series=other, title="Mål 12")
    goal12.sdgs.add(SDG.objects.get(number=12))
    speaker_org = OrganisationFactory(slug="taler-org")
    AppearanceFactory(item=ProgrammeItemFactory(session=past), organisation=speaker_org)

    def titles(query):
        return [s["title"] for s in client.get(f"/api/v1/sessions?{query}").json()["results"]]

    assert titles("upcoming=true") == ["Cirkulære indkøb", "Mål 12"]
    assert titles("upcoming=false") == ["Sidste år"]
    assert titles("series=verdensmaal") == ["Sidste år", "Cirkulære indkøb"]
    assert titles("sdg=12") == ["Mål 12"]
    assert titles("organisation=partner-forum") == ["Sidste år", "Cirkulære indkøb"]
    assert titles("organisation=taler-org") == ["Sidste år"]


def test_cursor_pagination_walks_every_session_once(client, series):
    for day in range(7):
        SessionFactory(
            series=series, title=f"Dag {day}", starts_at=at(day + 1), ends_at=at(day + 1, 10)
        )
    seen, url = [], "/api/v1/sessions?limit=3"
    while url:
        body = client.get(url).json()
        seen += [s["title"] for s in body["results"]]
        url = body["next"]
    assert seen == [f"Dag {day}" for day in range(7)]


def test_etag_gives_304_and_cache_control(client, session):
    first = client.get("/api/v1/sessions")
    assert first["Cache-Control"] == "public, max-age=60"
    etag = first["ETag"]
    again = client.get("/api/v1/sessions", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    session.title = "Nyt navn"
    session.save()  # as the admin and the services save: the public content version moves
    changed = client.get("/api/v1/sessions", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed.json()["results"][0]["title"] == "Nyt navn"


def test_organisations_and_sdgs(client, session):
    orgs = client.get("/api/v1/organisations").json()["results"]
    assert "partner-forum" in [o["slug"] for o in orgs]
    sdgs = client.get("/api/v1/sdgs").json()
    assert [g["number"] for g in sdgs] == list(range(1, 18))


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/api/v1/sessions?limit=0", 422),
        ("/api/v1/sessions?limit=abc", 422),
        ("/api/v1/sessions?sdg=99", 422),
        ("/api/v1/sessions?cursor=%%%%", 422),
        ("/api/v1/sessions?cursor=WzFd", 400),
        ("/api/v1/sessions/999999", 404),
        ("/api/v1/sessions/abc", 404),
        ("/api/v1/nothing-here", 404),
        ("/api/v2/", 404),
    ],
)
def test_bad_input_is_problem_json_in_the_requested_language(client, url, status):
    danish = client.get(url, HTTP_ACCEPT_LANGUAGE="da")
    assert danish.status_code == status
    assert danish["Content-Type"] == "application/problem+json"
    problem = danish.json()
    assert problem["status"] == status
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").json()
    assert english["title"] != problem["title"]
    assert english["title"] in ("Invalid input", "Bad request", "Not found")


def test_wrong_method_is_problem_json(client):
    response = client.delete("/api/v1/sessions", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 405
    assert response["Content-Type"] == "application/problem+json"
    assert json.loads(response.content)["title"] == "Method not allowed"


def test_list_query_count_is_fixed(client, series, django_assert_max_num_queries):
    for _n in range(3):
        session = SessionFactory(series=series)
        AppearanceFactory(item=ProgrammeItemFactory(session=session))
    with django_assert_max_num_queries(8):
        assert len(client.get("/api/v1/sessions").json()["results"]) == 3


@pytest.mark.parametrize(
    "url",
    ["/api/v1/series?organisation=a%00b", "/api/v1/sessions?series=a%00b", "/api/v1/series/a%00b"],
)
def test_nul_bytes_are_refused_not_sent_to_the_database(client, url):
    response = client.get(url)
    assert response.status_code in (400, 404, 422)
    assert response["Content-Type"] == "application/problem+json"
