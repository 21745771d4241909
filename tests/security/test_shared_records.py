"""Organisations and people are shared: one partner's organiser may not change another's."""

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
from tinget.programme.models import AuditEntry, Membership, Person
from tinget.programme.permissions import can_edit_organisation, can_edit_person
from tinget.programme.services import NotAllowed, grant_organiser_access, records

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    org_a, org_b = OrganisationFactory(name="Org A"), OrganisationFactory(name="Org B")
    editor_a = MembershipFactory(organisation=org_a).user
    viewer_a = MembershipFactory(organisation=org_a, role=Membership.Role.VIEWER).user
    editor_b = MembershipFactory(organisation=org_b).user
    series_a = SeriesFactory(partners=[org_a])
    series_b = SeriesFactory(partners=[org_b])
    speaker_both = PersonFactory(name="Delt Taler")
    speaker_a = PersonFactory(name="Kun A")
    for series, person in (
        (series_a, speaker_both),
        (series_b, speaker_both),
        (series_a, speaker_a),
    ):
        item = ProgrammeItemFactory(session=SessionFactory(series=series))
        AppearanceFactory(item=item, person=person, organisation=person.organisation)
    return locals()


def test_editor_may_change_records_that_only_their_series_show(world):
    assert can_edit_person(world["editor_a"], world["speaker_a"])
    assert can_edit_organisation(world["editor_a"], world["org_a"])
    assert can_edit_organisation(world["editor_a"], world["speaker_a"].organisation)


def test_editor_may_not_change_a_record_another_partners_series_shows(world):
    assert not can_edit_person(world["editor_a"], world["speaker_both"])
    assert not can_edit_person(world["editor_b"], world["speaker_a"])
    assert not can_edit_organisation(world["editor_a"], world["org_b"])
    assert not can_edit_organisation(world["editor_a"], world["speaker_both"].organisation)
    # A series' moderator counts as appearing in it.
    assert not can_edit_person(world["editor_a"], world["series_b"].moderator)


def test_viewers_edit_nothing_and_superusers_everything(world):
    assert not can_edit_person(world["viewer_a"], world["speaker_a"])
    assert not can_edit_organisation(world["viewer_a"], world["org_a"])
    admin = UserFactory(is_superuser=True)
    assert can_edit_person(admin, world["speaker_both"])
    assert can_edit_organisation(admin, world["org_b"])


def test_a_partner_with_its_own_organisers_is_theirs_even_without_series(world):
    org_c = OrganisationFactory(name="Org C")
    MembershipFactory(organisation=org_c)
    assert not can_edit_organisation(world["editor_a"], org_c)
    lone = OrganisationFactory(name="Ingen serier")
    assert can_edit_organisation(world["editor_a"], lone)


# --- through the organiser's person screen (the admin is for superusers only) --------------


def _organiser(user):
    grant_organiser_access(user=None, organiser=user)
    return user


def _person_form(person, **changes):
    data = {
        "name": person.name,
        "role": person.role,
        "organisation": person.organisation.name if person.organisation else "",
        "bio": person.bio,
        "photo_alt": person.photo_alt,
    }
    data.update(changes)
    return data


def test_an_editor_cannot_change_a_speaker_another_partner_shows(client, world):
    client.force_login(_organiser(world["editor_a"]))
    person = world["speaker_both"]
    url = reverse("backoffice:person_edit", args=[person.pk])
    response = client.post(url, _person_form(person, bio="Overskrevet af A"))
    person.refresh_from_db()
    assert person.bio != "Overskrevet af A"
    # The screen explains who can make the change instead of showing a form.
    page = client.get(url).content.decode()
    assert 'name="bio"' not in page
    assert "kun en administrator" in page
    assert response.status_code == 403
    assert not AuditEntry.objects.filter(object_type="person").exists()
    assert Person.objects.filter(bio="Overskrevet af A").count() == 0


def test_an_editor_changes_their_own_speaker_and_the_audit_log_says_what(client, world):
    client.force_login(_organiser(world["editor_a"]))
    person = world["speaker_a"]
    old_bio = person.bio
    url = reverse("backoffice:person_edit", args=[person.pk])
    response = client.post(url, _person_form(person, bio="Ny bio"))
    assert response.status_code == 302, response.content.decode()[:2000]
    person.refresh_from_db()
    assert person.bio == "Ny bio"
    entry = AuditEntry.objects.get(object_type="person", object_id=str(person.pk))
    assert entry.actor == world["editor_a"]
    assert entry.action == "person.changed"
    assert entry.detail["changes"] == {"bio": [old_bio, "Ny bio"]}
    assert entry.detail["series"] == [world["series_a"].pk]


def test_a_viewer_can_neither_add_nor_change(client, world):
    client.force_login(_organiser(world["viewer_a"]))
    person = world["speaker_a"]
    url = reverse("backoffice:person_edit", args=[person.pk])
    response = client.post(url, _person_form(person, bio="Fra en læser"))
    assert response.status_code == 403
    person.refresh_from_db()
    assert person.bio != "Fra en læser"
    org = world["org_a"]
    response = client.post(
        reverse("admin:programme_organisation_change", args=[org.pk]),
        {"name": org.name, "slug": org.slug, "kind": org.kind, "website": "https://evil.example/"},
    )
    assert response.status_code == 403
    org.refresh_from_db()
    assert org.website != "https://evil.example/"


def test_a_superuser_changes_a_shared_organisation_audited(client, world):
    admin = UserFactory(username="root", is_superuser=True)
    client.force_login(admin)
    org = world["org_b"]
    response = client.post(
        reverse("admin:programme_organisation_change", args=[org.pk]),
        {"name": org.name, "slug": org.slug, "kind": org.kind, "website": "https://b.example.dk/"},
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="organisation.changed", object_id=str(org.pk))
    assert entry.actor == admin
    assert entry.detail["changes"]["website"][1] == "https://b.example.dk/"


def test_the_service_refuses_and_saves_nothing(world):
    org = world["org_b"]
    org.website = "https://evil.example/"
    with pytest.raises(NotAllowed) as caught:
        records.save_organisation(user=world["editor_a"], organisation=org)
    assert "administrator" in caught.value.message or "administrator" in str(caught.value)
    org.refresh_from_db()
    assert org.website != "https://evil.example/"
    with pytest.raises(NotAllowed):
        records.delete_records(user=world["editor_a"], records=[world["speaker_both"]])
