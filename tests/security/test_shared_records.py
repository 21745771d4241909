"""Organisations and people are shared: one partner's organiser may not change another's."""

import pytest

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
from tinget.programme.models import Membership
from tinget.programme.permissions import can_edit_organisation, can_edit_person

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
