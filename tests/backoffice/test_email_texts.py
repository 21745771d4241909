"""The email texts screens: every kind listed with its state per language; the editor
starts from the default, lists the placeholders, previews with a real registration's
values (an example without one, and for viewers), saves, resets, and sends a test to the
organiser at a real SMTP server; bad placeholders get a field error in the organiser's
language and nothing is saved or sent; viewers read but do not change, other
organisations get 404."""

import pytest
from django.urls import reverse

from tests.backoffice.conftest import SECRET_NAME, no_leak
from tests.pages import assert_not_found
from tinget.mailings.models import OutboundEmail
from tinget.programme.models import AuditEntry
from tinget.registrations import services
from tinget.registrations.models import EmailText

pytestmark = pytest.mark.django_db


def list_url(series):
    return reverse("backoffice:email_texts", kwargs={"slug": series.slug})


def edit_url(series, event="registered", language="da"):
    return reverse(
        "backoffice:email_text", kwargs={"slug": series.slug, "event": event, "language": language}
    )


def test_the_list_shows_every_kind_and_whether_the_series_has_its_own_text(
    editor_client, series, editor
):
    EmailText.objects.create(
        series=series, event="reminder_24h", language="en", subject="S", body="B"
    )

    html = editor_client.get(list_url(series)).content.decode()

    for label in (
        "Bekræft din e-mailadresse",
        "Du er tilmeldt",
        "Påmindelse dagen før",
        "Opfølgning: vi savnede dig",
    ):
        assert label in html
    row = html.split('data-event="reminder_24h"')[1].split("</tr>")[0]
    assert row.count("Seriens egen tekst") == 1 and row.count("Standardtekst") == 1
    assert edit_url(series, "reminder_24h", "en") in row


def test_the_editor_starts_from_the_default_with_placeholders_and_a_real_preview(
    editor_client, series, secret_registration
):
    html = editor_client.get(edit_url(series)).content.decode()

    assert "Du er tilmeldt “{{ session }}”. Vi glæder os til at se dig." in html
    assert 'value="Du er tilmeldt: {{ session }}"' in html
    assert "<code>{{ navn }}</code>" in html and "personens navn" in html
    assert "Serien bruger standardteksten." in html
    # The preview: the real person's name and session, the links as examples.
    preview = html.split('id="preview-heading"')[1]
    assert f"Hej {SECRET_NAME}" in preview
    assert "Du er tilmeldt: Cirkulære indkøb" in preview
    assert secret_registration.token not in html and secret_registration.join_token not in html


def test_the_english_editor_shows_english_names_and_an_example_without_registrations(
    editor_client, series
):
    html = editor_client.get("/en" + edit_url(series, "confirm_email", "en")).content.decode()

    assert "Thank you for signing up for “{{ session }}” {{ when }}." in html
    assert "<code>{{ confirm_link }}</code>" in html and "the confirmation link" in html
    assert "Filled in with example values" in html and "Hello Mette Jensen," in html


def test_preview_save_and_reset_by_post(editor_client, series, secret_registration):
    text = {"subject": "Velkommen, {{ navn }}", "body": "Vi ses {{ tidspunkt }}."}

    preview = editor_client.post(edit_url(series), {**text, "action": "preview"})
    assert f"Velkommen, {SECRET_NAME}" in preview.content.decode()
    assert not EmailText.objects.exists()

    saved = editor_client.post(edit_url(series), {**text, "action": "save"}, follow=True)
    assert "Teksten er gemt." in saved.content.decode()
    assert "Serien bruger sin egen tekst." in saved.content.decode()
    stored = EmailText.objects.get()
    assert (stored.subject, stored.body, stored.language) == (
        "Velkommen, {{ navn }}",
        "Vi ses {{ tidspunkt }}.",
        "da",
    )

    reset = editor_client.post(edit_url(series), {"action": "reset"}, follow=True)
    assert "E-mailen bruger standardteksten igen." in reset.content.decode()
    assert not EmailText.objects.exists()
    actions = list(AuditEntry.objects.values_list("action", flat=True).order_by("pk"))
    assert actions[-2:] == ["email_text.saved", "email_text.reset"]


def test_a_bad_placeholder_is_a_field_error_and_nothing_is_saved_or_sent(
    editor_client, series, smtp_server, django_capture_on_commit_callbacks
):
    bad = {"subject": "Hej {{ fornavn }}", "body": "{% if navn %}Hej{% endif %}"}
    for action in ("save", "test", "preview"):
        with django_capture_on_commit_callbacks(execute=True):
            response = editor_client.post(edit_url(series), {**bad, "action": action})
        html = response.content.decode()
        assert response.status_code == 400
        assert "“{{ fornavn }}” er ikke en pladsholder i denne e-mail." in html
        assert 'id="id_body_error"' in html and "Anden skabelonkode" in html
        assert 'id="preview-heading"' not in html
    assert not EmailText.objects.exists()
    assert smtp_server.messages == [] and not OutboundEmail.objects.exists()


def test_a_bad_placeholder_is_refused_in_english_on_the_english_screen(editor_client, series):
    response = editor_client.post(
        "/en" + edit_url(series), {"subject": "Hi {{ nom }}", "body": "x", "action": "save"}
    )
    assert "“{{ nom }}” is not a placeholder of this email." in response.content.decode()


def test_send_a_test_to_me_reaches_the_organiser_at_the_smtp_server(
    editor_client,
    editor,
    series,
    secret_registration,
    smtp_server,
    django_capture_on_commit_callbacks,
):
    editor.email = "arrangoer@partner.example.dk"
    editor.save()
    text = {"subject": "Velkommen, {{ navn }}", "body": "Vi ses til {{ session }}."}

    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(edit_url(series), {**text, "action": "test"})

    assert "En test er på vej til arrangoer@partner.example.dk." in response.content.decode()
    (received,) = smtp_server.messages
    message = received.message
    assert received.rcpt_tos == ["arrangoer@partner.example.dk"]
    assert message["Subject"] == f"[Test] Velkommen, {SECRET_NAME}"
    body = message.get_body(("plain",)).get_content()
    assert "Vi ses til Cirkulære indkøb." in body
    assert secret_registration.token not in body and secret_registration.join_token not in body
    # Sending a test saves nothing; it is audited.
    assert not EmailText.objects.exists()
    assert AuditEntry.objects.filter(action="email_text.test_sent").count() == 1


def test_a_viewer_reads_the_texts_with_an_example_but_changes_nothing(
    client, viewer, series, secret_registration
):
    client.force_login(viewer)

    listing = client.get(list_url(series))
    page = client.get(edit_url(series))
    post = client.post(edit_url(series), {"subject": "X", "body": "Y", "action": "save"})
    reset = client.post(edit_url(series), {"action": "reset"})

    assert "Kun seriens redaktører kan ændre dem." in listing.content.decode()
    html = page.content.decode()
    assert page.status_code == 200 and "Du er tilmeldt “{{ session }}”" in html
    assert "<textarea" not in html and "Gem teksten" not in html
    assert "Hej Mette Jensen" in html
    no_leak(page)
    assert post.status_code == 403 and reset.status_code == 403
    assert not EmailText.objects.exists()


def test_another_organisation_gets_404_everywhere(client, outsider, series, people):
    client.force_login(outsider)
    responses = [
        client.get(list_url(series)),
        client.get(edit_url(series)),
        client.post(edit_url(series), {"subject": "X", "body": "Y", "action": "save"}),
    ]
    for response in responses:
        assert response.status_code == 404
        no_leak(response)
    assert not EmailText.objects.exists()


@pytest.mark.parametrize(
    "path",
    ["organiser_message/da/", "registered/de/", "already_registered/da/"],
)
def test_an_email_that_cannot_be_edited_is_404(editor_client, series, path):
    assert_not_found(editor_client.get(list_url(series) + path))


def test_nonsense_posts_are_answered_politely(editor_client, series):
    long = editor_client.post(
        edit_url(series), {"subject": "x" * 300, "body": "y" * 6000, "action": "save"}
    )
    control = editor_client.post(
        edit_url(series), {"subject": "Hej\nBcc: x@y.dk", "body": "ok", "action": "save"}
    )
    unknown = editor_client.post(edit_url(series), {"subject": "Hej", "body": "ok", "action": "?"})

    assert long.status_code == 400 and control.status_code == 400
    assert unknown.status_code == 200 and not EmailText.objects.exists()
    # What the organiser sees: the page titled as an error, each field's problem in Danish.
    long_html, control_html = long.content.decode(), control.content.decode()
    assert "<title>Fejl: " in long_html and "<title>Fejl: " in control_html
    assert "højst have 200 tegn (den har 300).</a>" in long_html
    assert '<a href="#id_body">Denne værdi må højst have 5000 tegn (den har 6000).</a>' in long_html
    assert '<a href="#id_subject">Fjern linjeskift' in control_html
    # An unknown action saves nothing and shows the preview of what was written.
    unknown_html = unknown.content.decode()
    assert "<title>Fejl: " not in unknown_html
    assert "Sådan ser e-mailen ud" in unknown_html


def test_a_copy_for_the_next_season_keeps_the_series_email_texts(editor_client, series, editor):
    services.save_email_text(
        series=series,
        event="reminder_24h",
        language="en",
        subject="Tomorrow: {{ session }}",
        body="See you, {{ name }}.",
        actor=editor,
    )
    editor_client.post(
        reverse("backoffice:series_duplicate", kwargs={"slug": series.slug}),
        {"title": "Næste sæson", "weeks": "52"},
    )

    copy = EmailText.objects.get(series__title="Næste sæson")
    assert (copy.event, copy.language, copy.subject, copy.body) == (
        "reminder_24h",
        "en",
        "Tomorrow: {{ session }}",
        "See you, {{ name }}.",
    )
    assert EmailText.objects.filter(series=series).count() == 1
