"""Schemathesis against the running app and its own OpenAPI document: every operation, a
bounded number of examples on a fixed seed, a valid token for the organiser operations.
No answer may be a server error, and every answer must match the document (status code,
content type, headers, body)."""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api.conftest import make_token
from tests.backoffice.factories import RegistrationFactory
from tests.factories import (
    AppearanceFactory,
    MembershipFactory,
    OrganisationFactory,
    ProgrammeItemFactory,
    SeriesFactory,
    SessionFactory,
    UserFactory,
)
from tinget.api.models import EmbedOrigin
from tinget.programme.models import Membership

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

ORIGIN = "http://partner.example"
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@pytest.fixture
def api(live_server, settings):
    """Data for every operation to find, a token of the partner, and the loaded document."""
    settings.TINGET_API_TOKEN_RATE = "100000/60"
    settings.TINGET_SIGNUP_RATELIMIT = False
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    partner = OrganisationFactory(slug="partner")
    editor = UserFactory(username="schema-editor")
    MembershipFactory(user=editor, organisation=partner, role=Membership.Role.EDITOR)
    series = SeriesFactory(slug="serie", partners=[partner])
    session = SessionFactory(series=series)
    AppearanceFactory(item=ProgrammeItemFactory(session=session))
    registration = RegistrationFactory(session=session)
    EmbedOrigin.objects.create(series=series, origin=ORIGIN)
    token = make_token(editor, partner)
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/v1/openapi.json")
    known = {"session_id": session.pk, "slug": series.slug, "registration_id": registration.pk}
    return schema, token, known


def test_api_conforms_to_its_openapi_document(api, live_server):
    schema, token, known = api
    headers = {"Authorization": f"Bearer {token}", "Origin": ORIGIN}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 12
    calls = {"n": 0}
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=15,
            derandomize=True,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def run(case):
            # Every other case asks for objects that exist, so the code behind a found
            # object is exercised too, not only the 404s of random ids.
            calls["n"] += 1
            if case.path_parameters and calls["n"] % 2 == 0:
                case.path_parameters = {
                    name: known.get(name, value) for name, value in case.path_parameters.items()
                }
            case.call_and_validate(base_url=live_server.url, headers=headers, checks=CHECKS)

        run()
