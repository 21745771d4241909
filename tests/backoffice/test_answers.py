"""Answers to a series' extra sign-up questions, as the organiser sees them: in the registrant
list, on the registration's own page and in the exports (as far as the person's consent
text names them). Integration tests through the public form and the organiser screens."""

import csv
import io
import re
from html import unescape

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.backoffice.conftest import SECRET_NAME, no_leak
from tests.backoffice.factories import RegistrationFactory
from tinget.mailings.models import OutboundEmail
from tinget.registrations import services
from tinget.registrations.models import Registration, SeriesQuestion

pytestmark = pytest.mark.django_db


def text(response) -> str:
    body = response.content.decode()
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", body)).split())


def export_rows(client, session) -> list[list[str]]:
    response = client.get(reverse("backoffice:export_csv", kwargs={"pk": session.pk}))
    data = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(data), delimiter=";"))


@pytest.fixture
def questions(series):
    return {
        "diet": SeriesQuestion.objects.create(
            series=series, label="Kost", kind="choice", choices="Alt\nVegetar", order=1
        ),
        "photo": SeriesQuestion.objects.create(
            series=series, label="Må vi fotografere dig?", kind="yesno", order=2
        ),
        "why": SeriesQuestion.objects.create(series=series, label="Hvorfor deltager du?", order=3),
    }


@pytest.fixture
def signed_up(client, session, questions):
    """Anna signs up through the public form, answering the questions, and confirms."""
    cache.clear()
    response = client.post(
        reverse("registrations:session_signup", kwargs={"pk": session.pk}),
        {
            "name": "Anna Andersen",
            "email": "anna@example.dk",
            "organisation": "Gentofte Kommune",
            "organisation_kind": "municipality",
            "municipality": "0157",
            "job_title": "Udviklingskonsulent",
            "language": "da",
            "website": "",
            f"question_{questions['diet'].pk}": "Vegetar",
            f"question_{questions['photo'].pk}": "no",
            f"question_{questions['why'].pk}": "=Vi skal i gang med cirkulære indkøb",
        },
    )
    assert response.status_code == 302
    registration = Registration.objects.get(email="anna@example.dk")
    services.confirm_registration(registration_id=registration.pk)
    registration.refresh_from_db()
    return registration


def test_registrant_list_has_a_column_per_question_with_the_answers(
    editor_client, session, signed_up
):
    response = editor_client.get(reverse("backoffice:registrants", kwargs={"pk": session.pk}))
    html = response.content.decode()
    headers = re.findall(r'<th scope="col" class="backoffice-answer">([^<]+)</th>', html)
    assert headers == ["Kost", "Må vi fotografere dig?", "Hvorfor deltager du?"]
    cells = [
        unescape(cell) for cell in re.findall(r'<td class="backoffice-answer">([^<]*)</td>', html)
    ]
    assert cells == ["Vegetar", "Nej", "=Vi skal i gang med cirkulære indkøb"]


def test_registration_page_shows_details_answers_consent_and_history(
    editor_client, session, signed_up
):
    response = editor_client.get(reverse("backoffice:registration", kwargs={"pk": signed_up.pk}))
    page = text(response)
    assert "Anna Andersen" in page
    assert "anna@example.dk" in page
    assert "Kost Vegetar" in page
    assert "Må vi fotografere dig? Nej" in page
    # The privacy notice the person saw, naming the answers.
    assert "Fik vist denne tekst om databehandling" in page
    assert "dine svar på rækkens spørgsmål" in page
    assert "Intet valgfrit samtykke givet." in page
    # Her own history and the emails she got.
    assert "Tilmeldt den" in page
    assert "Fik en plads" in page
    subjects = list(
        OutboundEmail.objects.filter(registration=signed_up).values_list("subject", flat=True)
    )
    assert len(subjects) == 2
    for subject in subjects:
        assert subject in page


def test_answers_to_a_removed_question_still_show_with_the_wording_asked(
    editor_client, session, signed_up, questions
):
    questions["why"].delete()
    response = editor_client.get(reverse("backoffice:registration", kwargs={"pk": signed_up.pk}))
    assert "Hvorfor deltager du? =Vi skal i gang med cirkulære indkøb" in text(response)
    listing = editor_client.get(reverse("backoffice:registrants", kwargs={"pk": session.pk}))
    assert "Hvorfor deltager du?" not in listing.content.decode()


def test_export_carries_answers_the_consent_names(editor_client, session, signed_up):
    header, *rows = export_rows(editor_client, session)
    column = header.index("Svar på ekstra spørgsmål")
    assert rows[0][column] == (
        "Kost: Vegetar | Må vi fotografere dig?: Nej | "
        "Hvorfor deltager du?: =Vi skal i gang med cirkulære indkøb"
    )


def test_export_leaves_out_answers_when_the_consent_did_not_name_them(
    editor_client, session, questions
):
    # Signed up under the older wording, which named name, email, organisation and title only.
    RegistrationFactory(
        session=session,
        name="Gammel Tekst",
        answers={str(questions["diet"].pk): {"question": "Kost", "answer": "Alt"}},
    )
    header, *rows = export_rows(editor_client, session)
    column = header.index("Svar på ekstra spørgsmål")
    assert rows[0][header.index("Navn")] == "Gammel Tekst"
    assert rows[0][column] == ""


def test_a_series_without_questions_does_not_mention_answers_in_its_consent(client, session):
    cache.clear()
    page = client.get(reverse("registrations:session_signup", kwargs={"pk": session.pk}))
    assert "mine svar" not in page.content.decode()


def test_viewer_and_other_organisation_cannot_open_a_registration(
    client, viewer, outsider, secret_registration
):
    url = reverse("backoffice:registration", kwargs={"pk": secret_registration.pk})
    client.force_login(viewer)
    response = client.get(url)
    assert response.status_code == 403
    no_leak(response)
    client.force_login(outsider)
    response = client.get(url)
    assert response.status_code == 404
    no_leak(response)


def test_registrant_list_links_each_person_to_their_page(
    editor_client, session, secret_registration
):
    response = editor_client.get(reverse("backoffice:registrants", kwargs={"pk": session.pk}))
    link = reverse("backoffice:registration", kwargs={"pk": secret_registration.pk})
    assert f'href="{link}"' in response.content.decode()
    assert f"Detaljer {SECRET_NAME}" in text(response)
