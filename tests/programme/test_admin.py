"""The organisers' admin: Danish, lifecycle writes through the services, polite field errors.

Forms are posted the way a browser would: the change page's own fields (with their current
values) are scraped from the HTML, a few are changed, and the whole form goes back.
"""

import datetime as dt
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    AppearanceFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    ProgrammeItemFactory,
    SeriesFactory,
    SessionFactory,
)
from tests.pages import assert_access_denied
from tinget.programme import services
from tinget.programme.models import Appearance, AuditEntry, Series, SeriesPartner, Session

pytestmark = pytest.mark.django_db


class _FormScraper(HTMLParser):
    """The successful controls of one <form>, as a browser would submit them."""

    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.data: dict[str, list[str]] = {}
        self._select: str | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def _add(self, name, value):
        if name and "__prefix__" not in name:
            self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
            return
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in {"submit", "button", "file", "image", "reset"}:
                return
            if kind in {"checkbox", "radio"}:
                if "checked" in attrs:
                    self._add(name, attrs.get("value") or "on")
                return
            self._add(name, attrs.get("value") or "")
        elif tag == "select":
            self._select = name
            self.data.setdefault(name, []) if name and "__prefix__" not in name else None
        elif tag == "option" and self._select and "selected" in attrs:
            self._add(self._select, attrs.get("value") or "")
        elif tag == "textarea":
            self._textarea, self._text = name, []

    def handle_data(self, data):
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            # Browsers drop the newline that follows <textarea>.
            self._add(self._textarea, "".join(self._text).removeprefix("\n"))
            self._textarea = None


def scrape_form(response, form_id: str) -> dict[str, list[str]]:
    scraper = _FormScraper(form_id)
    scraper.feed(response.content.decode())
    assert scraper.data, f"no form #{form_id} in the page"
    return {name: values for name, values in scraper.data.items() if values}


def change_url(obj) -> str:
    return reverse(f"admin:programme_{obj._meta.model_name}_change", args=[obj.pk])


def local(value: dt.datetime) -> dt.datetime:
    return timezone.localtime(value)


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("chef", "chef@example.org", "x")


@pytest.fixture
def su_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def organiser():
    user = MembershipFactory().user
    services.grant_organiser_access(user=None, organiser=user)
    return user


@pytest.fixture
def organiser_client(client, organiser):
    client.force_login(organiser)
    return client


@pytest.fixture
def own_series(organiser):
    return SeriesFactory(partners=[organiser.memberships.get().organisation])


def post_session(client, session, **changes):
    url = change_url(session)
    data = scrape_form(client.get(url), "session_form")
    for name, value in changes.items():
        data[name] = [value]
    return client.post(url, data)


# --- the look ------------------------------------------------------------------------------


def test_admin_index_is_danish_with_tinget_header(su_client):
    response = su_client.get(reverse("admin:index"))
    html = response.content.decode()
    assert "Tinget – administration" in html
    assert 'lang="da"' in html
    assert ">Serier</a>" in html and ">Sessioner</a>" in html


def test_series_change_page_lists_sessions_and_links_public_page(su_client):
    series = SeriesFactory(title="Grøn omstilling")
    session = SessionFactory(series=series, title="Første møde")

    response = su_client.get(change_url(series))
    html = response.content.decode()

    assert change_url(session) in html
    assert "Første møde" in html
    assert "Se offentlig side" in html
    assert f'href="{series.get_absolute_url()}"' in html
    assert f"{reverse('admin:programme_session_add')}?series={series.pk}" in html


def test_draft_series_has_no_public_link(su_client):
    series = SeriesFactory(status=Series.Status.DRAFT)
    html = su_client.get(change_url(series)).content.decode()
    assert "Se offentlig side" not in html


def test_session_change_page_links_items_to_their_speakers(su_client):
    appearance = AppearanceFactory(person=PersonFactory(name="Steen Hildebrandt"))
    item = appearance.item
    html = su_client.get(change_url(item.session)).content.decode()
    assert "Steen Hildebrandt" in html
    assert change_url(item) in html


def test_session_list_shows_danish_date_and_time(su_client):
    start = timezone.make_aware(dt.datetime(2031, 11, 1, 9, 0))
    SessionFactory(title="Novembermøde", starts_at=start, ends_at=start + dt.timedelta(hours=1))
    html = su_client.get(reverse("admin:programme_session_changelist")).content.decode()
    assert "1. november 2031 kl. 09.00-10.00" in html


# --- bad input: a Danish field error, never a 500 -------------------------------------------


def test_session_end_before_start_shows_danish_error(su_client):
    session = SessionFactory()
    start = local(session.starts_at)
    response = post_session(
        su_client,
        session,
        ends_at_0=start.strftime("%d.%m.%Y"),
        ends_at_1=(start - dt.timedelta(hours=1)).strftime("%H:%M:%S"),
    )
    assert response.status_code == 200
    assert "Sessionen skal slutte, efter at den er begyndt." in response.content.decode()
    session.refresh_from_db()
    assert session.ends_at > session.starts_at


def test_session_negative_capacity_shows_danish_error(su_client):
    session = SessionFactory()
    response = post_session(su_client, session, capacity="-5")
    assert response.status_code == 200
    assert "Kapaciteten skal være mindst 1." in response.content.decode()
    session.refresh_from_db()
    assert session.capacity is None


def test_session_join_link_that_is_not_a_url_shows_danish_error(su_client):
    session = SessionFactory()
    response = post_session(su_client, session, join_url="teams møde kl 9")
    assert response.status_code == 200
    assert "Mødelinket skal være en webadresse (https://…)." in response.content.decode()
    session.refresh_from_db()
    assert session.join_url.startswith("https://")


def test_series_duplicate_slug_shows_danish_error(su_client):
    SeriesFactory(slug="optaget")
    series = SeriesFactory(slug="ledig")
    url = change_url(series)
    data = scrape_form(su_client.get(url), "series_form")
    data["slug"] = ["optaget"]
    response = su_client.post(url, data)
    assert response.status_code == 200
    assert "En anden serie bruger allerede denne adresse." in response.content.decode()
    series.refresh_from_db()
    assert series.slug == "ledig"


def test_series_partner_twice_in_one_form_shows_danish_error(su_client):
    organisation = OrganisationFactory(name="CSR Forum")
    series = SeriesFactory(partners=[organisation])
    url = change_url(series)
    data = scrape_form(su_client.get(url), "series_form")
    data.update(
        {
            "partnerships-TOTAL_FORMS": ["2"],
            "partnerships-1-organisation": [str(organisation.pk)],
            "partnerships-1-part": ["medarrangør"],
            "partnerships-1-order": ["2"],
            "partnerships-1-series": [str(series.pk)],
        }
    )
    response = su_client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "CSR Forum er allerede partner i serien." in html
    assert SeriesPartner.objects.filter(series=series).count() == 1


def test_session_held_cannot_be_cancelled_in_admin(su_client):
    start = timezone.now() - dt.timedelta(days=2)
    session = SessionFactory(
        starts_at=start, ends_at=start + dt.timedelta(hours=1), status=Session.Status.HELD
    )
    response = post_session(su_client, session, status="cancelled")
    assert response.status_code == 200
    assert "En session, der er afholdt, kan ikke aflyses." in response.content.decode()
    session.refresh_from_db()
    assert session.status == Session.Status.HELD


# --- lifecycle through the services ---------------------------------------------------------


def test_session_time_change_in_admin_bumps_sequence_and_audits(su_client, superuser):
    session = SessionFactory()
    later = local(session.starts_at) + dt.timedelta(hours=2)
    response = post_session(
        su_client,
        session,
        starts_at_1=later.strftime("%H:%M:%S"),
        ends_at_1=(later + dt.timedelta(hours=1)).strftime("%H:%M:%S"),
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert local(session.starts_at).hour == later.hour
    assert session.sequence == 1
    entry = AuditEntry.objects.get(action="session.rescheduled")
    assert entry.actor == superuser and entry.object_id == str(session.pk)


def test_session_title_change_in_admin_keeps_sequence(su_client):
    session = SessionFactory()
    response = post_session(su_client, session, title="Et nyt navn")
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.title == "Et nyt navn" and session.sequence == 0
    assert not AuditEntry.objects.filter(action="session.rescheduled").exists()


def test_session_cancelled_in_admin_goes_through_service(su_client, superuser):
    session = SessionFactory()
    response = post_session(su_client, session, status="cancelled")
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.status == Session.Status.CANCELLED and session.sequence == 1
    assert AuditEntry.objects.get(action="session.cancelled").actor == superuser


def test_cancel_action_cancels_selected_sessions(su_client):
    first, second = SessionFactory(), SessionFactory()
    response = su_client.post(
        reverse("admin:programme_session_changelist"),
        {"action": "cancel_selected", "_selected_action": [first.pk, second.pk]},
        follow=True,
    )
    assert "2 sessioner ændret." in response.content.decode()
    assert set(Session.objects.values_list("status", flat=True)) == {"cancelled"}


def test_series_published_in_admin_writes_audit_entry(su_client, superuser):
    series = SeriesFactory(status=Series.Status.DRAFT)
    url = change_url(series)
    data = scrape_form(su_client.get(url), "series_form")
    data["status"] = ["published"]
    response = su_client.post(url, data)
    assert response.status_code == 302
    series.refresh_from_db()
    assert series.status == Series.Status.PUBLISHED
    assert AuditEntry.objects.get(action="series.published").actor == superuser


def test_session_added_in_admin_is_created_by_service(su_client):
    series = SeriesFactory()
    add = reverse("admin:programme_session_add")
    data = scrape_form(su_client.get(f"{add}?series={series.pk}"), "session_form")
    data.update(
        {
            "title": ["Ekstra session"],
            "starts_at_0": ["03.12.2031"],
            "starts_at_1": ["09:00:00"],
            "ends_at_0": ["03.12.2031"],
            "ends_at_1": ["10:00:00"],
            "join_url": ["https://teams.microsoft.com/l/meetup-join/ekstra"],
            "items-TOTAL_FORMS": ["1"],
            "items-0-order": ["1"],
            "items-0-title": ["Velkomst"],
        }
    )
    response = su_client.post(add, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    session = Session.objects.get(title="Ekstra session")
    assert session.series == series
    assert local(session.starts_at) == timezone.make_aware(dt.datetime(2031, 12, 3, 9, 0))
    assert [i.title for i in session.items.all()] == ["Velkomst"]
    assert AuditEntry.objects.filter(action="session.created", object_id=str(session.pk)).exists()


def test_appearance_added_on_item_keeps_role_printed_then(su_client):
    person = PersonFactory(name="Babak Djarah", role="Erhvervs- og Udviklingschef")
    item = ProgrammeItemFactory()
    url = change_url(item)
    data = scrape_form(su_client.get(url), "programmeitem_form")
    data.update({"appearances-0-person": [str(person.pk)], "appearances-0-part": ["speaker"]})
    response = su_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    appearance = Appearance.objects.get(item=item)
    assert appearance.role == "Erhvervs- og Udviklingschef"
    assert appearance.organisation_name == person.organisation.name

    # The person changes job later; the talk keeps what was true then.
    person.role = "Direktør"
    person.save()
    appearance.refresh_from_db()
    assert appearance.role == "Erhvervs- og Udviklingschef"


# --- organisers -----------------------------------------------------------------------------


def test_organiser_who_is_not_superuser_gets_403_in_the_admin(organiser_client, own_series):
    # Organisers work in the screens under /arrangoer/ (tests/backoffice/test_editor_*.py).
    for url in (
        reverse("admin:index"),
        reverse("admin:programme_series_add"),
        change_url(own_series),
    ):
        assert_access_denied(organiser_client.get(url), own_series.title)


def test_session_moved_in_admin_sends_updated_invite_to_registrants(
    su_client, smtp_server, django_capture_on_commit_callbacks
):
    from tinget.registrations.models import Registration

    session = SessionFactory(title="Flyttes")
    Registration.objects.create(
        session=session,
        name="Deltager",
        email="deltager@kommune.example.dk",
        language="da",
        status=Registration.Status.CONFIRMED,
        confirmed_at=timezone.now(),
    )
    later = local(session.starts_at) + dt.timedelta(hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        response = post_session(
            su_client,
            session,
            starts_at_1=later.strftime("%H:%M:%S"),
            ends_at_1=(later + dt.timedelta(hours=1)).strftime("%H:%M:%S"),
        )
    assert response.status_code == 302

    received = [m.message for m in smtp_server.messages]
    assert [m["To"] for m in received] == ["deltager@kommune.example.dk"]
    assert received[0]["Subject"] == "Ændret: Flyttes"
    calendar = next(
        part.get_payload(decode=True).decode()
        for part in received[0].walk()
        if part.get_content_type() == "text/calendar"
    )
    assert "SEQUENCE:1" in calendar
    assert later.strftime("%Y%m%dT%H%M") in calendar.replace("\r\n ", "")


def test_operator_adds_an_extra_question_that_the_sign_up_form_then_asks(
    su_client, own_series, client
):
    from tinget.registrations.models import SeriesQuestion

    session = SessionFactory(series=own_series, title="Med spørgsmål")
    url = change_url(own_series)
    page = su_client.get(url)
    data = scrape_form(page, "series_form")
    prefix = next(k for k in data if k.endswith("-TOTAL_FORMS") and "question" in k).removesuffix(
        "-TOTAL_FORMS"
    )
    data[f"{prefix}-TOTAL_FORMS"] = ["1"]
    data |= {
        f"{prefix}-0-order": ["1"],
        f"{prefix}-0-label": ["Hvilken forvaltning arbejder du i?"],
        f"{prefix}-0-kind": ["choice"],
        f"{prefix}-0-choices": ["Teknik og miljø\nSocial og sundhed"],
        f"{prefix}-0-required": ["on"],
    }
    response = su_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    question = SeriesQuestion.objects.get(series=own_series)
    assert question.choice_list == ["Teknik og miljø", "Social og sundhed"]
    client.logout()
    form = client.get(session.get_absolute_url()).content.decode()
    assert "Hvilken forvaltning arbejder du i?" in form
    assert "Social og sundhed" in form
