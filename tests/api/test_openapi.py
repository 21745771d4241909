"""The OpenAPI document and the docs page: generated from the code, served without a CDN."""

import pytest

pytestmark = pytest.mark.django_db


def test_openapi_document_is_3_1_and_lists_every_operation(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    spec = response.json()
    assert spec["openapi"].startswith("3.1")
    paths = spec["paths"]
    for path in (
        "/api/v1/series",
        "/api/v1/sessions",
        "/api/v1/sessions/{session_id}",
        "/api/v1/organisations",
        "/api/v1/sdgs",
        "/api/v1/organiser/sessions/{session_id}/registrations",
        "/api/v1/organiser/registrations/{registration_id}/cancel",
        "/api/v1/organiser/sessions/{session_id}/attendance",
        "/api/v1/widget/series/{slug}",
        "/api/v1/widget/sessions/{session_id}/signup",
    ):
        assert path in paths, path
    session = paths["/api/v1/sessions/{session_id}"]["get"]["responses"]["200"]
    schema_ref = session["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    properties = spec["components"]["schemas"][schema_ref]["properties"]
    assert "join_url" not in properties
    organiser = paths["/api/v1/organiser/sessions/{session_id}/attendance"]["get"]
    assert organiser["security"]


def test_docs_page_uses_only_our_own_files(client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in page
    assert "/static/tinget/api-docs.js" in page
    assert "http://" not in page.split("<body>")[1].replace('data-openapi-url="', "")
    assert "cdn" not in page.lower()
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    bundle = client.get("/static/ninja/swagger-ui-bundle.js")
    assert bundle.status_code == 200
    bundle.close()
