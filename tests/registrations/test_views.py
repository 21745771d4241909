"""The sign-up pages as a person meets them: the form, its errors, abuse guards, the result."""

import re
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import OrganisationFactory, SessionFactory
from tinget.mailings.models import OutboundEmail
from tinget.registrations import services
from tinget.registrations.models import Registration, SeriesQuestion

Status = Registration.Status


def form_data(**overrides):
    data = {
        "name": "Anna Andersen",
        "email": "anna@example.dk",
        "organisation": "Gentofte Kommune",
        "organisation_kind": "municipality",
        "municipality": "0157",
        "job_title": "Udviklingskonsulent",
        "language": "da",
        "website": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def signup_url(session):
    return reverse("registrations:session_signup", kwargs={"pk": session.pk})


def text(response) -> str:
    """The page's visible words, tags dropped and spaces folded."""
    body = response.content.decode()
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", body)).split())


def confirm_link(email: str) -> str:
    """The confirmation path from the newest email to the address (the outbox stores it)."""
    body = OutboundEmail.objects.filter(to=email).latest("id").body_text
    return re.search(
        r"https?://[^/\s]+(/\S*/tilmelding/bekraeft/\S+/|/tilmelding/bekraeft/\S+/)", body
    ).group(1)


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    from django.core.cache import cache

    cache.clear()


# --- the form ----------------------------------------------------------------------------


def test_signup_page_shows_every_field_in_danish_with_partners_in_the_notice(client, session):
    OrganisationFactory(name="Aarhus Kommune", slug="aarhus-kommune")

    response = client.get(signup_url(session))

    html = response.content.decode()
    for name in [
        "name",
        "email",
        "organisation",
        "organisation_kind",
        "municipality",
        "job_title",
        "language",
        "notice_shown",
    ]:
        assert f'name="{name}"' in html
    page = text(response)
    assert "Navn" in page and "E-mailadresse" in page and "Kommune" in page
    assert "CSR Forum og KL" in page  # the partners who receive the data
    assert '<option value="Aarhus Kommune">' in html  # suggestions from known organisations
    assert html.count('<optgroup label="Region') == 5
    assert len(re.findall(r'<option value="\d{4}"', html)) == 98
    assert 'class="tinget-hp" aria-hidden="true"' in html and 'tabindex="-1"' in html


def test_signup_in_english_has_english_labels(client, session):
    response = client.get("/en" + signup_url(session))

    page = text(response)
    assert "Email address" in page and "Kind of organisation" in page
    assert 'value="en" checked' in response.content.decode()


def test_form_errors_are_danish_keep_the_input_and_are_linked_from_a_summary(client, session):
    response = client.post(
        signup_url(session), form_data(email="anna@", name="", job_title="Konsulent")
    )

    html = response.content.decode()
    page = text(response)
    assert response.status_code == 200
    assert not Registration.objects.exists()
    assert 'data-module="error-summary"' in html and "Der er problemer" in page
    assert '<a href="#id_email">Skriv en e-mailadresse som navn@eksempel.dk.</a>' in html
    assert '<a href="#id_name">Skriv dit navn.</a>' in html
    assert 'value="anna@"' in html
    assert 'value="Konsulent"' in html and 'value="0157" selected' in html
    assert re.search(
        r'class="form-group form-error">\s*<label class="form-label" for="id_email"', html
    )
    assert 'aria-describedby="id_email_helptext id_email_error"' in html
    assert 'aria-invalid="true"' in html
    assert "<title>Fejl:" in html


def test_municipality_is_required_when_the_kind_is_municipality(client, session):
    response = client.post(signup_url(session), form_data(municipality=""))

    assert '<a href="#id_municipality">Vælg din kommune.</a>' in response.content.decode()
    assert not Registration.objects.exists()


def test_municipality_is_not_required_for_other_kinds(client, session):
    response = client.post(
        signup_url(session), form_data(organisation_kind="company", municipality="")
    )

    assert response.status_code == 302
    assert Registration.objects.get().organisation_kind == "company"


def test_unknown_municipality_code_is_a_danish_field_error(client, session):
    response = client.post(signup_url(session), form_data(municipality="9999"))

    assert "Vælg en af de 98 kommuner." in text(response)


def shown_notice(page: str) -> str:
    return re.search(r'name="notice_shown" value="([^"]+)"', page).group(1)


def notice_paragraph(page: str) -> str:
    block = re.search(r'<div class="signup-notice".*?</div>', page, re.S).group(0)
    return unescape(re.findall(r"<p>(.*?)</p>", block, re.S)[0])


def test_sign_up_without_optional_consent_succeeds_and_stores_the_notice_shown(client, session):
    page = client.get(signup_url(session)).content.decode()
    notice = notice_paragraph(page)
    # A notice, not a condition: the only checkbox is optional and unticked.
    assert "fælles dataansvarlige" in notice and "CSR Forum og KL" in notice
    assert "slettes to år efter" in notice
    assert 'name="consent"' not in page
    box = re.search(r'<input type="checkbox" name="consent_partner_followup"[^>]*>', page)
    assert box and "checked" not in box.group(0) and "required" not in box.group(0)

    response = client.post(signup_url(session), form_data(notice_shown=shown_notice(page)))

    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.notice_text.startswith(notice)
    assert "/privatliv/" in registration.notice_text
    assert registration.consents == {}
    assert registration.consent_text == "" and registration.consented_at is None


def test_sign_up_with_the_optional_consent_stores_its_wording_and_time(client, session):
    page = client.get(signup_url(session)).content.decode()
    label = unescape(
        re.search(
            r'<label class="form-label" for="id_consent_partner_followup">(.*?)</label>',
            page,
            re.S,
        ).group(1)
    )

    client.post(
        signup_url(session),
        form_data(notice_shown=shown_notice(page), consent_partner_followup="on"),
    )

    consent = Registration.objects.get().consents["partner_followup"]
    assert consent["text"] == label and label.startswith("Ja tak, partnerne")
    assert consent["given_at"][:4].isdigit()


def test_sign_up_stores_the_notice_shown_even_when_partners_change_meanwhile(client, session):
    page = client.get(signup_url(session)).content.decode()
    session.series.partnerships.all().delete()

    client.post(signup_url(session), form_data(notice_shown=shown_notice(page)))

    assert "CSR Forum og KL" in Registration.objects.get().notice_text


def test_extra_questions_are_asked_and_answers_stored(client, session, series):
    diet = SeriesQuestion.objects.create(
        series=series, label="Kost", kind="choice", choices="Alt\nVegetar", required=True
    )
    photo = SeriesQuestion.objects.create(series=series, label="Må vi fotografere?", kind="yesno")

    missing = client.post(signup_url(session), form_data())
    assert f'<a href="#id_question_{diet.pk}_0">Besvar spørgsmålet.</a>' in (
        missing.content.decode()
    )

    client.post(
        signup_url(session),
        form_data(**{f"question_{diet.pk}": "Vegetar", f"question_{photo.pk}": "yes"}),
    )
    assert Registration.objects.get().answers == {
        str(diet.pk): {"question": "Kost", "answer": "Vegetar"},
        str(photo.pk): {"question": "Må vi fotografere?", "answer": "yes"},
    }


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_SEC_FETCH_SITE": "cross-site"},
        {"HTTP_SEC_FETCH_SITE": "same-site"},
        {"HTTP_ORIGIN": "https://evil.example"},
    ],
)
def test_sign_up_from_another_site_is_refused(session, headers):
    response = Client(enforce_csrf_checks=True).post(signup_url(session), form_data(), **headers)

    assert response.status_code == 403
    assert not Registration.objects.exists()


def test_sign_up_from_the_site_itself_needs_no_token(session):
    client = Client(enforce_csrf_checks=True)
    response = client.post(signup_url(session), form_data(), HTTP_ORIGIN="http://testserver")

    assert response.status_code == 302
    assert Registration.objects.filter(email="anna@example.dk").exists()


# --- abuse -------------------------------------------------------------------------------


def test_honeypot_filled_looks_like_success_but_stores_nothing(client, session):
    response = client.post(signup_url(session), form_data(website="http://spam.example"))

    assert response.status_code == 302
    assert response["Location"].endswith("/tjek-din-email/")
    assert not Registration.objects.exists()
    assert not OutboundEmail.objects.exists()


def test_rate_limit_per_address_answers_with_a_polite_danish_page(client, session, settings):
    settings.TINGET_SIGNUP_LIMIT_PER_IP = "3/600"
    for n in range(3):
        assert client.post(signup_url(session), form_data(email=f"p{n}@x.dk")).status_code == 302

    response = client.post(signup_url(session), form_data(email="p4@x.dk"))

    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    page = text(response)
    assert "Vent et øjeblik" in page
    assert re.search(r"Prøv igen om \d+ minut", page)
    assert "Tilgængelighedserklæring" in page  # a normal page, with the site's footer
    assert Registration.objects.count() == 3


def test_rate_limit_per_email_stops_repeats_from_many_addresses(client, session, settings):
    settings.TINGET_SIGNUP_LIMIT_PER_EMAIL = "2/3600"
    statuses = [
        client.post(signup_url(session), form_data(), REMOTE_ADDR=f"10.0.0.{n}").status_code
        for n in range(3)
    ]

    assert statuses == [302, 302, 429]


def test_rate_limit_can_be_switched_off(client, session, settings):
    settings.TINGET_SIGNUP_RATELIMIT = False
    settings.TINGET_SIGNUP_LIMIT_PER_IP = "1/600"

    statuses = {
        client.post(signup_url(session), form_data(email=f"p{n}@x.dk")).status_code
        for n in range(3)
    }

    assert statuses == {302}


# --- what the person is told -------------------------------------------------------------


def test_new_and_repeated_sign_ups_see_the_same_check_your_email_page(client, session):
    services.register_for_session(
        session_id=session.pk,
        registrant=services.Registrant(name="Bo", email="bo@example.dk", language="da"),
    )
    bo = Registration.objects.get()
    services.confirm_registration(registration_id=bo.pk)

    new = client.post(signup_url(session), form_data(), follow=True)
    repeat = client.post(signup_url(session), form_data(email="BO@example.dk"), follow=True)

    assert text(new) == text(repeat)
    assert "Tjek din e-mail" in text(new)
    assert Registration.objects.filter(email="bo@example.dk").count() == 1
    assert OutboundEmail.objects.filter(to="bo@example.dk").latest("id").template == (
        "already_registered_to_registrant"
    )


def test_confirmation_link_from_the_email_registers_and_shows_the_join_link(client, session):
    client.post(signup_url(session), form_data())

    opened = client.get(confirm_link("anna@example.dk"))
    # Opening the link (as a mail scanner would) confirms nothing; the button does.
    assert "Bekræft min tilmelding" in text(opened)
    assert Registration.objects.get().status == Status.PENDING
    assert session.join_url not in opened.content.decode()

    response = client.post(confirm_link("anna@example.dk"))

    page = text(response)
    assert "Tak! Du er tilmeldt." in page
    registration = Registration.objects.get()
    assert registration.status == Status.CONFIRMED
    # The personal join link, which leads to the meeting's own near the start.
    assert f"/deltag/{registration.join_token}/" in response.content.decode()
    assert session.join_url not in response.content.decode()
    assert response["Cache-Control"].startswith("max-age=0")


def test_the_101st_confirmed_person_lands_on_the_waiting_list_at_capacity_100(
    client, series, settings
):
    settings.TINGET_SIGNUP_RATELIMIT = False
    session = SessionFactory(series=series, capacity=100)
    pages = []
    for n in range(101):
        client.post(signup_url(session), form_data(email=f"person{n}@example.dk"))
        pages.append(client.post(confirm_link(f"person{n}@example.dk")))

    assert Registration.objects.filter(session=session, status=Status.CONFIRMED).count() == 100
    last = Registration.objects.get(email="person100@example.dk")
    assert last.status == Status.WAITING
    assert "Du er nr. 1 på ventelisten." in text(pages[-1])
    assert "Tak! Du er tilmeldt." in text(pages[-2])
    assert session.join_url not in pages[-1].content.decode()


def test_expired_confirmation_link_says_so_and_offers_a_new_sign_up(client, session):
    import datetime as dt

    from django.utils import timezone

    registration = services.register_for_session(
        session_id=session.pk,
        registrant=services.Registrant(name="Bo", email="bo@example.dk"),
        now=timezone.now() - dt.timedelta(hours=49),
    )

    response = client.post(reverse("registrations:confirm", kwargs={"token": registration.token}))

    assert response.status_code == 410
    assert "Linket er udløbet" in text(response)
    assert signup_url(session) in response.content.decode()


def test_unknown_link_is_a_friendly_404(client, db):
    response = client.get(reverse("registrations:manage", kwargs={"token": "nonsense"}))

    assert response.status_code == 404
    assert "Linket virker ikke" in text(response)


# --- the join link stays private ---------------------------------------------------------


def test_join_link_appears_on_the_confirmed_manage_page_and_nowhere_public(client, series):
    session = SessionFactory(series=series, capacity=1)
    seated = services.register_for_session(
        session_id=session.pk, registrant=services.Registrant(name="A", email="a@x.dk")
    )
    services.confirm_registration(registration_id=seated.pk)
    waiting = services.register_for_session(
        session_id=session.pk, registrant=services.Registrant(name="B", email="b@x.dk")
    )
    services.confirm_registration(registration_id=waiting.pk)
    pending = services.register_for_session(
        session_id=session.pk, registrant=services.Registrant(name="C", email="c@x.dk")
    )

    def manage(registration):
        return client.get(reverse("registrations:manage", kwargs={"token": registration.token}))

    seated.refresh_from_db()
    assert f"/deltag/{seated.join_token}/" in manage(seated).content.decode()
    hidden = [
        manage(seated),
        manage(waiting),
        manage(pending),
        client.get(signup_url(session)),
        client.get(reverse("registrations:series_signup", kwargs={"slug": series.slug})),
        client.get(reverse("registrations:session_check_email", kwargs={"pk": session.pk})),
        client.get(session.get_absolute_url()),
        client.get(series.get_absolute_url()),
    ]
    for response in hidden:
        assert response.status_code == 200
        assert session.join_url not in response.content.decode()
