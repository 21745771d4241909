"""Who may see and change what: organisers only their organisations' series, superusers all."""

import json

import pytest
from django.urls import reverse

from tests.factories import (
    AppearanceFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    ProgrammeItemFactory,
    SeriesFactory,
    SessionFactory,
    UserFactory,
)
from tests.pages import assert_access_denied
from tests.programme.test_admin import change_url, scrape_form
from tinget.programme import services
from tinget.programme.models import AuditEntry, Membership, Series
from tinget.programme.permissions import can_edit_series, can_view_series, series_for_user

pytestmark = pytest.mark.django_db

SECRET_B = "Bs hemmelige serie"


@pytest.fixture
def world():
    """Two organisations, one organiser each, one series each with a session and an item."""
    org_a, org_b = OrganisationFactory(name="Org A"), OrganisationFactory(name="Org B")
    user_a = MembershipFactory(organisation=org_a).user
    user_b = MembershipFactory(organisation=org_b).user
    for user in (user_a, user_b):
        services.grant_organiser_access(user=None, organiser=user)
    series_a = SeriesFactory(title="As serie", partners=[org_a])
    series_b = SeriesFactory(title=SECRET_B, partners=[org_b])
    session_b = SessionFactory(series=series_b, title="Bs session")
    item_b = ProgrammeItemFactory(session=session_b, title="Bs oplæg")
    AuditEntry.objects.create(action="series.created", series=series_b, object_id="x")
    return {
        "user_a": user_a,
        "user_b": user_b,
        "series_a": series_a,
        "series_b": series_b,
        "session_a": SessionFactory(series=series_a, title="As session"),
        "session_b": session_b,
        "item_b": item_b,
    }


@pytest.fixture
def client_a(client, world):
    client.force_login(world["user_a"])
    return client


def test_series_for_user_covers_only_own_organisations(world):
    assert list(series_for_user(world["user_a"])) == [world["series_a"]]
    assert can_edit_series(world["user_a"], world["series_a"])
    assert not can_view_series(world["user_a"], world["series_b"])


def test_viewer_membership_sees_figures_but_cannot_edit(world):
    viewer = MembershipFactory(
        organisation=world["series_b"].partners.get(), role=Membership.Role.VIEWER
    ).user
    assert can_view_series(viewer, world["series_b"])
    assert not can_edit_series(viewer, world["series_b"])


def test_series_list_of_organiser_hides_other_organisations_series(client_a):
    html = client_a.get(reverse("backoffice:home")).content.decode()
    assert "As serie" in html
    assert SECRET_B not in html


def test_organiser_cannot_open_other_organisations_series(client_a, world):
    series_b = world["series_b"]
    for name in ("series", "series_edit", "series_publish", "series_duplicate", "session_create"):
        url = reverse(f"backoffice:{name}", kwargs={"slug": series_b.slug})
        response = client_a.get(url)
        assert response.status_code == 404, url
        assert SECRET_B not in response.content.decode()


def test_organiser_cannot_change_other_organisations_series_by_post(client_a, world):
    series_b = world["series_b"]
    edit = reverse("backoffice:series_edit", kwargs={"slug": series_b.slug})
    response = client_a.post(edit, {"title": "Kapret"})
    assert response.status_code == 404
    publish = reverse("backoffice:series_publish", kwargs={"slug": series_b.slug})
    assert client_a.post(publish).status_code == 404
    series_b.refresh_from_db()
    assert series_b.title == SECRET_B and series_b.status == Series.Status.PUBLISHED


def test_organiser_cannot_open_other_organisations_session_or_item(client_a, world):
    session_b, item_b = world["session_b"], world["item_b"]
    urls = [
        reverse(f"backoffice:{name}", kwargs={"pk": session_b.pk})
        for name in (
            "session_edit",
            "session_duplicate",
            "session_cancel",
            "programme",
            "materials",
        )
    ] + [
        reverse(f"backoffice:{name}", kwargs={"pk": item_b.pk})
        for name in ("item_edit", "speaker_add")
    ]
    for url in urls:
        response = client_a.get(url)
        assert response.status_code == 404, url
        assert "Bs " not in response.content.decode()
    for name in ("item_move", "item_delete"):
        url = reverse(f"backoffice:{name}", kwargs={"pk": item_b.pk})
        assert client_a.post(url, {"direction": "up"}).status_code == 404
    assert world["session_b"].items.count() == 1


def test_organiser_gets_403_in_the_admin(client_a, world):
    for url in (
        reverse("admin:index"),
        change_url(world["series_a"]),
        reverse("admin:programme_session_add"),
        reverse("admin:programme_auditentry_changelist"),
        reverse("admin:programme_person_changelist"),
        reverse("admin:autocomplete"),
    ):
        assert_access_denied(client_a.get(url), world["series_a"].title)


def test_organiser_cannot_manage_memberships(client_a):
    response = client_a.get(reverse("admin:programme_membership_changelist"))
    assert_access_denied(response, "Medlemskab")


def test_people_are_shared_reference_data_found_by_search(client_a, world):
    AppearanceFactory(item=world["item_b"], person=PersonFactory(name="Steen Hildebrandt"))
    response = client_a.get(reverse("backoffice:person_search"), {"q": "hildebr"})
    names = [row["name"] for row in json.loads(response.content)["results"]]
    assert names == ["Steen Hildebrandt"]


def test_superuser_sees_every_series(client, world, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root", "r@example.org", "x"))
    html = client.get(reverse("admin:programme_series_changelist")).content.decode()
    assert "As serie" in html and SECRET_B in html
    response = client.get(change_url(world["series_b"]))
    assert response.status_code == 200
    assert SECRET_B in response.content.decode()


def test_staff_without_membership_sees_no_series(client, world):
    lonely = UserFactory()
    services.grant_organiser_access(user=None, organiser=lonely)
    client.force_login(lonely)
    html = client.get(reverse("backoffice:home")).content.decode()
    assert "As serie" not in html and SECRET_B not in html


def test_membership_added_in_admin_gives_organiser_access(client, world, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root", "r@example.org", "x"))
    newcomer = UserFactory(is_staff=False)
    add = reverse("admin:programme_membership_add")
    data = scrape_form(client.get(add), "membership_form")
    data.update(
        {
            "user": [str(newcomer.pk)],
            "organisation": [str(world["series_b"].partners.get().pk)],
            "role": ["editor"],
        }
    )
    assert client.post(add, data).status_code == 302

    newcomer.refresh_from_db()
    assert newcomer.is_staff
    assert newcomer.groups.filter(name=services.ORGANISERS_GROUP).exists()
    client.force_login(newcomer)
    html = client.get(reverse("backoffice:home")).content.decode()
    assert SECRET_B in html and "As serie" not in html
