"""After the session: the recap on the public page, follow-up emails to those who came and
those who did not, and the feedback form whose answers show on the session dashboard."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.backoffice.factories import FeedbackFactory, RegistrationFactory
from tests.factories import MaterialFactory, SessionFactory
from tests.pages import assert_not_found
from tinget.mailings.models import OutboundEmail
from tinget.programme.models import AuditEntry, Material
from tinget.registrations.models import Feedback

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(series):
    start = timezone.now() - dt.timedelta(days=2)
    session = SessionFactory(
        series=series,
        title="Affald og ressourcer",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
    )
    MaterialFactory(session=session, title="Slides om affald", url="https://example.org/affald.pdf")
    MaterialFactory(
        session=session,
        title="Optagelse af webinaret",
        kind=Material.Kind.RECORDING,
        url="https://example.org/optagelse",
    )
    nxt = SessionFactory(series=series, title="Næste gang: Vand")
    came = RegistrationFactory(
        session=session,
        name="Kom Kirsten",
        email="kirsten@example.dk",
        attendance="attended",
        minutes_present=58,
    )
    absent = RegistrationFactory(
        session=session,
        name="Udeblev Ulla",
        email="ulla@example.org",
        attendance="missed",
        language="en",
    )
    # An attendance import exists: the page offers follow-ups only after one.
    from tinget.registrations.models import AttendanceImport

    AttendanceImport.objects.create(session=session, sha256="x" * 64, matched=1, missed=1)
    return session, nxt, came, absent


def followup_url(session):
    return reverse("backoffice:followup", kwargs={"pk": session.pk})


def test_recap_is_saved_sanitised_and_shown_on_the_public_session_page(editor_client, held):
    session, *_ = held
    response = editor_client.post(
        followup_url(session),
        {
            "recap": (
                "Vi talte om **affald**.\n\n<script>alert('x')</script>\n\n"
                "[Rapport](javascript:alert(1))"
            ),
            "save_recap": "1",
        },
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert "**affald**" in session.recap
    public = editor_client.get(session.get_absolute_url()).content.decode()
    assert "<strong>affald</strong>" in public
    assert "<script>alert" not in public
    assert 'href="javascript' not in public
    page = editor_client.get(followup_url(session)).content.decode()
    assert "<strong>affald</strong>" in page
    assert AuditEntry.objects.filter(action="session.updated").exists()


def test_followups_are_queued_with_recap_materials_and_feedback_link(editor_client, editor, held):
    session, nxt, came, absent = held
    session.recap = "Tak for **gode** spørgsmål."
    session.save()
    page = editor_client.get(followup_url(session)).content.decode()
    assert "Send tak til 1 person" in page
    assert "Send optagelsen til 1 person" in page

    editor_client.post(followup_url(session), {"kind": "attended"})
    editor_client.post(followup_url(session), {"kind": "missed"})

    thanks = OutboundEmail.objects.get(to="kirsten@example.dk")
    assert thanks.template == "followup_attended_to_registrant"
    assert thanks.subject == "Tak for din deltagelse: Affald og ressourcer"
    assert "Tak for gode spørgsmål." in thanks.body_text
    assert "<strong>gode</strong>" in thanks.body_html
    assert "https://example.org/affald.pdf" in thanks.body_text
    assert f"/evaluering/{came.feedback_token}/" in thanks.body_text

    missed = OutboundEmail.objects.get(to="ulla@example.org")
    assert missed.template == "followup_missed_to_registrant"
    assert missed.language == "en"
    assert missed.subject == "We missed you: Affald og ressourcer"
    assert "https://example.org/optagelse" in missed.body_text
    assert "Næste gang: Vand" in missed.body_text
    assert nxt.get_absolute_url() in missed.body_text
    assert f"/en/evaluering/{absent.feedback_token}/" in missed.body_text

    actions = set(AuditEntry.objects.filter(actor=editor).values_list("action", "people_count"))
    assert {("followup.attended.sent", 1), ("followup.missed.sent", 1)} <= actions


def test_followups_sent_twice_go_out_once(editor_client, held):
    session, *_ = held
    for _ in range(2):
        editor_client.post(followup_url(session), {"kind": "attended"})
        editor_client.post(followup_url(session), {"kind": "missed"})
    assert OutboundEmail.objects.count() == 2
    page = editor_client.get(followup_url(session)).content.decode()
    assert "1 person deltog; 1 har allerede fået takke-mailen." in page
    assert "Send tak til" not in page


def test_followups_before_the_session_is_over_are_refused(editor_client, session):
    RegistrationFactory(session=session, attendance="attended")
    response = editor_client.post(followup_url(session), {"kind": "attended"})
    assert response.status_code == 302
    assert not OutboundEmail.objects.exists()
    page = editor_client.get(response["Location"]).content.decode()
    assert "Opfølgningsmails kan sendes, når sessionen er slut." in page


# --- the feedback form ----------------------------------------------------------------


def feedback_url(registration, prefix=""):
    return prefix + reverse("feedback:form", kwargs={"token": registration.feedback_token})


def test_feedback_form_takes_one_answer_per_registration(client, held):
    _, _, came, _ = held
    page = client.get(feedback_url(came))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Hvad syntes du?" in html
    assert "Affald og ressourcer" in html
    assert "Kom Kirsten" not in html  # the page shows no personal data

    response = client.post(feedback_url(came), {"score": "4", "comment": "Gode oplæg"})
    assert response.status_code == 200
    assert "Tak for din evaluering" in response.content.decode()
    again = client.post(feedback_url(came), {"score": "1", "comment": "Ændret mening"})
    assert "Du har allerede svaret" in again.content.decode()
    assert list(Feedback.objects.values_list("score", "comment")) == [(4, "Gode oplæg")]


def test_feedback_form_without_score_shows_danish_error(client, held):
    _, _, came, _ = held
    response = client.post(feedback_url(came), {"score": "9", "comment": ""})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Vælg en karakter fra 1 til 5." in html
    assert not Feedback.objects.exists()


def test_feedback_form_in_english(client, held):
    _, _, _, absent = held
    html = client.get(feedback_url(absent, "/en")).content.decode()
    assert "What did you think?" in html


@pytest.mark.parametrize("status", ["pending", "waiting", "expired"])
def test_feedback_form_unknown_or_unconfirmed_token_is_404(client, held, status):
    session, *_ = held
    assert_not_found(client.get(reverse("feedback:form", kwargs={"token": "nope"})))
    other = RegistrationFactory(session=session, status=status)
    assert_not_found(client.get(feedback_url(other)), other.name)


def test_feedback_results_show_on_the_session_dashboard(client, editor_client, viewer, held):
    session, *_ = held
    for score, comment in [(5, "Fremragende"), (4, ""), (4, "Godt"), (2, "For langt")]:
        FeedbackFactory(
            registration=RegistrationFactory(session=session), score=score, comment=comment
        )
    html = editor_client.get(
        reverse("backoffice:session", kwargs={"pk": session.pk})
    ).content.decode()
    assert "Gennemsnit 3,8 af 5 fra 4 svar." in html
    assert re.search(r'data-score="4">2<', html)
    assert "Fremragende" in html and "For langt" in html
    client.force_login(viewer)
    viewer_html = client.get(
        reverse("backoffice:session", kwargs={"pk": session.pk})
    ).content.decode()
    assert "Gennemsnit 3,8 af 5 fra 4 svar." in viewer_html
    # Comments are free text that can name people: editors only.
    assert "Fremragende" not in viewer_html
