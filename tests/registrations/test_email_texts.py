"""A series' own email texts: the default shown to the organiser is the default sent, a
saved text reaches the emails (each person's own values, HTML escaped, the other language
untouched, reminders to many included), bad placeholders and template code are refused,
and a stored text that cannot be used sends the default instead of failing."""

import datetime as dt
import logging

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from tests.factories import MembershipFactory, OrganisationFactory, SeriesFactory, SessionFactory
from tests.mailings.helpers import make_registration
from tinget.mailings.models import OutboundEmail
from tinget.mailings.services import render_email
from tinget.programme.models import AuditEntry, Membership
from tinget.registrations import email_preview, email_texts, organiser_emails, services
from tinget.registrations import notifications as notify
from tinget.registrations.models import EmailText

pytestmark = pytest.mark.django_db

NAMES = ["Søren Ærø-Østergaard", 'Anna "Q" <script>alert(1)</script> & Co', "Ib", "Zoë"]


@pytest.fixture
def partner():
    return OrganisationFactory(name="Partner Forum")


@pytest.fixture
def editor(partner):
    return MembershipFactory(organisation=partner, role=Membership.Role.EDITOR).user


@pytest.fixture
def session(partner):
    series = SeriesFactory(title="Grøn omstilling", partners=[partner])
    starts = (timezone.now() + dt.timedelta(hours=23)).replace(second=0, microsecond=0)
    return SessionFactory(
        series=series,
        title="Klimatilpasning & <vand>",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=1),
    )


def save(session, editor, event="registered", language="da", **text):
    return services.save_email_text(
        series=session.series,
        event=event,
        language=language,
        subject=text.get("subject", "Velkommen, {{ navn }}"),
        body=text.get("body", "Kære {{ navn }}, vi ses til {{ session }} {{ tidspunkt }}."),
        actor=editor,
    )


@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize("event", email_texts.EVENTS)
def test_the_default_text_gives_the_email_the_default_sends(session, event, language):
    """The editor starts from the default: saved unchanged, the email reads the same."""
    subject, body = email_texts.default_text(event, language)
    person = email_preview._person(session.series, language, None)
    context = notify._registration_context(person)
    context.update(email_preview._event_values(event, person, language))
    template = email_texts.kind(event).template

    default = render_email(template, context, language)
    own = render_email(
        template, {**context, **email_texts.parts(event, subject, body, context)}, language
    )

    assert own[:2] == default[:2]
    assert email_texts.problems(event, subject) == [] and email_texts.problems(event, body) == []


def test_default_text_uses_the_languages_own_placeholder_names():
    with translation.override("da"):
        assert email_texts.default_text("confirm_email", "da") == (
            "Bekræft din tilmelding til {{ session }}",
            "Tak for din tilmelding til “{{ session }}” {{ tidspunkt }}.\n\n"
            "Bekræft venligst din e-mailadresse. Du har først en plads, når du har bekræftet. "
            "Linket virker i {{ timer }} timer.",
        )
    assert email_texts.default_text("waitlisted", "en")[1].startswith(
        "“{{ session }}” is fully booked, so you are on the waiting list as number {{ position }}."
    )


def test_a_saved_text_reaches_the_email_with_the_persons_values_escaped_in_html(session, editor):
    save(session, editor)
    person = make_registration(session, name=NAMES[1], language="da")
    english = make_registration(session, name="Jane", language="en")

    notify.registered(person.pk)
    notify.registered(english.pk)

    row = OutboundEmail.objects.get(registration=person)
    assert row.subject == f"Velkommen, {NAMES[1]}"
    assert f"Kære {NAMES[1]}, vi ses til Klimatilpasning & <vand> " in row.body_text
    assert "&lt;script&gt;" in row.body_html and "<script>" not in row.body_html
    # Tinget's own parts stay: the join link, the invitation and the manage link.
    assert person.join_token in row.body_text and person.token in row.body_text
    assert row.attachments and row.attachments[0]["method"] == "REQUEST"
    # The English text was not changed: the English default goes out.
    assert OutboundEmail.objects.get(registration=english).subject.startswith("You are registered:")
    entry = AuditEntry.objects.get(action="email_text.saved")
    assert entry.series_id == session.series_id and entry.detail["event"] == "registered"


def test_reminders_to_many_each_get_their_own_name_in_the_series_text(session, editor):
    save(
        session,
        editor,
        event="reminder_24h",
        subject="I morgen: {{ session }}",
        body="Hej igen {{ navn }}.\n\nVi starter {{ starttid }} præcis.",
    )
    people = [make_registration(session, name=name) for name in NAMES * 2]

    assert notify.queue_due_reminders() == len(people)

    for person in people:
        row = OutboundEmail.objects.get(registration=person)
        person.session = session
        context = notify._registration_context(person)
        context.update(email_texts.custom_parts(session.series, "reminder_24h", "da", context))
        assert (row.subject, row.body_text, row.body_html) == render_email(
            row.template, context, "da"
        )
        assert f"Hej igen {person.name}." in row.body_text
        assert row.subject == "I morgen: Klimatilpasning & <vand>"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("Hej {{ fornavn }}", "“{{ fornavn }}” er ikke en pladsholder"),
        ("Hej {{ navn.__class__ }}", "“{{ navn.__class__ }}” er ikke en pladsholder"),
        ("Hej {{ bekræftelseslink }}", "er ikke en pladsholder"),  # not in this email
        ("{% if navn %}Hej{% endif %}", "Anden skabelonkode"),
        ("Hej {{ navn }", "to krøllede parenteser"),
        ("{# kommentar #}", "Anden skabelonkode"),
    ],
)
def test_unknown_placeholders_and_template_code_are_refused_in_danish(
    session, editor, text, problem
):
    with pytest.raises(ValidationError) as refused:
        save(session, editor, body=text)

    assert problem in refused.value.message_dict["body"][0]
    assert not EmailText.objects.exists()


def test_a_text_is_refused_in_english_for_an_english_organiser(session, editor):
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        save(session, editor, subject="Hi {{ nom }}")
    assert refused.value.message_dict["subject"] == [
        "“{{ nom }}” is not a placeholder of this email. "
        "Use one of the placeholders listed next to the text."
    ]


def test_english_and_danish_placeholder_names_both_work(session, editor):
    save(
        session,
        editor,
        language="en",
        subject="Welcome {{ name }}",
        body="See you {{ when }}, {{ navn }}.",
    )
    person = make_registration(session, name="Jane", language="en")
    notify.registered(person.pk)
    row = OutboundEmail.objects.get(registration=person)
    assert (
        row.subject == "Welcome Jane" and "See you " in row.body_text and ", Jane." in row.body_text
    )


def test_a_stored_text_that_cannot_be_used_sends_the_default_and_is_logged(session, editor, caplog):
    EmailText.objects.create(
        series=session.series, event="registered", language="da", subject="{{ x }}", body="{% y %}"
    )
    person = make_registration(session, name="Bo")

    with caplog.at_level(logging.ERROR, logger="tinget.registrations.email_texts"):
        notify.registered(person.pk)

    row = OutboundEmail.objects.get(registration=person)
    assert row.subject == "Du er tilmeldt: Klimatilpasning & <vand>"
    assert "{{" not in row.body_text and "{%" not in row.body_text
    assert "cannot be used: the default is sent" in caplog.text


def test_reset_goes_back_to_the_default_and_is_audited(session, editor):
    save(session, editor)
    assert services.reset_email_text(
        series=session.series, event="registered", language="da", actor=editor
    )
    person = make_registration(session, name="Bo")
    notify.registered(person.pk)

    assert OutboundEmail.objects.get(registration=person).subject.startswith("Du er tilmeldt:")
    assert AuditEntry.objects.filter(action="email_text.reset").count() == 1
    assert not services.reset_email_text(
        series=session.series, event="registered", language="da", actor=editor
    )


def test_only_an_editor_of_the_series_may_change_its_texts(session):
    viewer = MembershipFactory(
        organisation=session.series.partnerships.get().organisation, role=Membership.Role.VIEWER
    ).user
    stranger = MembershipFactory(role=Membership.Role.EDITOR).user
    for user in (viewer, stranger):
        with pytest.raises(PermissionDenied):
            save(session, user)
        with pytest.raises(PermissionDenied):
            services.reset_email_text(
                series=session.series, event="registered", language="da", actor=user
            )
    assert not EmailText.objects.exists()


def test_followup_uses_the_series_text(session, editor):
    save(
        session,
        editor,
        event="followup_missed",
        subject="Vi savnede dig, {{ navn }}",
        body="Se optagelsen og giv os besked: {{ feedbacklink }}",
    )
    person = make_registration(session, name="Bo")
    person.session = session

    organiser_emails.followup(
        person, kind="missed", content=organiser_emails.FollowUpContent([], None)
    )
    row = OutboundEmail.objects.get(registration=person)
    assert row.subject == "Vi savnede dig, Bo"
    link = row.body_text.split("giv os besked: ")[1].splitlines()[0]
    assert link.startswith("http") and link.endswith(f"/{person.feedback_token}/")


def test_a_text_too_long_for_its_column_is_refused_by_the_service(session, editor):
    with pytest.raises(ValidationError) as refused:
        save(session, editor, subject="x" * 201, body="y" * 5001)
    assert refused.value.message_dict == {
        "subject": ["Skriv et kortere emne."],
        "body": ["Skriv en kortere tekst."],
    }
    assert not EmailText.objects.exists()


def test_the_worker_sends_the_series_text_and_the_default_once_the_text_is_unusable(
    session, editor, smtp_server, django_capture_on_commit_callbacks, caplog
):
    save(session, editor)
    first = make_registration(session, name="Bo", email="bo@kommune.example.dk")
    with django_capture_on_commit_callbacks(execute=True):
        notify.registered(first.pk)
    # Changed behind the screen's back (not through the service): unusable.
    EmailText.objects.update(body="Hej {{ navn.__class__ }}")
    second = make_registration(session, name="Ib", email="ib@kommune.example.dk")
    with (
        caplog.at_level(logging.ERROR, logger="tinget.registrations.email_texts"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        notify.registered(second.pk)

    subjects = {m.rcpt_tos[0]: m.message["Subject"] for m in smtp_server.messages}
    assert subjects == {
        "bo@kommune.example.dk": "Velkommen, Bo",
        "ib@kommune.example.dk": "Du er tilmeldt: Klimatilpasning & <vand>",
    }
    assert OutboundEmail.objects.filter(status=OutboundEmail.Status.SENT).count() == 2
    assert "the default is sent" in caplog.text
