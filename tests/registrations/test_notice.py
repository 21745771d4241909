"""The privacy notice and the optional consents after sign-up: shown on the manage page,
withdrawn with one button across the series, and the retention period in words."""

import re

import pytest
from django.urls import reverse

from tests.factories import SessionFactory
from tests.pages import assert_link_not_working
from tinget.programme.formatting import retention_in_words
from tinget.programme.models import AuditEntry
from tinget.registrations import notice, services
from tinget.registrations.models import Registration

pytestmark = pytest.mark.django_db


def noticed(series, email="anna@example.dk", consents=None) -> services.Registrant:
    return services.Registrant(
        name="Anna Andersen",
        email=email,
        organisation="KL",
        organisation_kind="association",
        notice_text=notice.notice_text(series),
        consents=consents or {},
    )


def given(series):
    return notice.consents_given(notice.optional_consents(series), {notice.PARTNER_FOLLOWUP})


def test_manage_page_shows_the_consent_and_withdraws_it_across_the_series(client, session):
    series = session.series
    other = SessionFactory(series=series, title="Anden session")
    first = services.register_for_session(
        session_id=session.pk, registrant=noticed(series, consents=given(series))
    )
    second = services.register_for_session(
        session_id=other.pk, registrant=noticed(series, consents=given(series))
    )
    manage = reverse("registrations:manage", kwargs={"token": first.token})

    page = client.get(manage).content.decode()
    assert "Dine samtykker" in page and "Ja tak, partnerne bag rækken" in page
    action = re.search(r'action="([^"]*traek-tilbage/)"', page).group(1)

    response = client.post(action, follow=True)

    assert "Dit samtykke er trukket tilbage." in response.content.decode()
    assert "trukket tilbage" in response.content.decode()
    for registration in (first, second):
        consent = Registration.objects.get(pk=registration.pk).consents["partner_followup"]
        assert consent["withdrawn_at"] and consent["given_at"]
        assert not notice.consent_active({"partner_followup": consent}, "partner_followup")
    assert AuditEntry.objects.filter(action="consent.withdrawn").count() == 2
    # A second press changes nothing.
    client.post(action)
    assert AuditEntry.objects.filter(action="consent.withdrawn").count() == 2


def test_manage_page_without_optional_consent_has_no_consent_section(client, session):
    registration = services.register_for_session(
        session_id=session.pk, registrant=noticed(session.series)
    )
    page = client.get(reverse("registrations:manage", kwargs={"token": registration.token}))
    assert "Dine samtykker" not in page.content.decode()


def test_withdraw_with_an_unknown_token_is_not_found(client, db):
    url = reverse(
        "registrations:withdraw_consent", kwargs={"token": "nope", "key": "partner_followup"}
    )
    assert_link_not_working(client.post(url))


@pytest.mark.parametrize(
    ("days", "words"),
    [(730, "to år"), (365, "et år"), (540, "18 måneder"), (90, "tre måneder"), (45, "45 dage")],
)
def test_retention_is_said_in_words(days, words):
    assert retention_in_words(days) == words


def test_notice_names_partners_data_purpose_and_retention(series):
    text = notice.notice_text(series)
    assert text.startswith("CSR Forum og KL er fælles dataansvarlige")
    assert "navn, din e-mailadresse" in text and "stilling" in text
    assert "slettes to år efter rækkens sidste session" in text
