"""`tinget load_demo`: the seed's series, placed around today, loaded twice without change."""

import datetime as dt
import itertools
import re
from io import StringIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tinget.programme import demo
from tinget.programme.models import (
    Appearance,
    AuditEntry,
    Material,
    Membership,
    Organisation,
    Person,
    ProgrammeItem,
    Series,
    SeriesPartner,
    Session,
)

pytestmark = pytest.mark.django_db

CPH = ZoneInfo("Europe/Copenhagen")
SEED = Path(__file__).resolve().parents[1] / "announcements" / "fixtures" / "seed_kommunerne.txt"
MODELS = [
    Series,
    SeriesPartner,
    Session,
    ProgrammeItem,
    Appearance,
    Material,
    Person,
    Organisation,
    Membership,
    AuditEntry,
]


def run(*args) -> str:
    out = StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def passwords(output: str) -> dict[str, str]:
    """username → password for the accounts whose password the output shows."""
    found = {}
    for line in output.splitlines():
        if "organisator" in line or " admin," in line:
            username = "organisator" if "organisator" in line else "admin"
            match = re.search(r"(?:adgangskode|password) (\S+) \(", line)
            if match:
                found[username] = match[1]
    return found


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS} | {
        "users": get_user_model().objects.count()
    }


@pytest.fixture
def series():
    run()
    return Series.objects.get(slug=demo.SERIES_SLUG)


def sessions_of(series) -> list[Session]:
    return list(series.sessions.order_by("starts_at"))


def test_load_demo_twice_gives_the_same_rows():
    first_output = run()
    before = counts()
    rows_before = list(Session.objects.values_list("pk", "starts_at", "sequence", "status"))
    second_output = run()

    assert counts() == before
    assert list(Session.objects.values_list("pk", "starts_at", "sequence", "status")) == (
        rows_before
    )
    assert before["Series"] == 1 and before["Session"] == 3 and before["ProgrammeItem"] == 5
    assert before["SeriesPartner"] == 4 and before["Appearance"] == 5
    assert "Indlæste" in first_output or "Loaded" in first_output
    assert "Opdaterede" in second_output or "Refreshed" in second_output


def test_load_demo_places_first_session_past_and_two_ahead(series):
    now = timezone.now()
    first, second, third = sessions_of(series)
    assert first.ends_at < now
    assert second.starts_at > now and third.starts_at > now
    assert first.status == Session.Status.HELD
    assert second.status == third.status == Session.Status.SCHEDULED
    assert first.is_upcoming is False and second.is_upcoming and third.is_upcoming


def test_load_demo_keeps_seed_clock_times_and_spacing(series):
    sessions = sessions_of(series)
    for session in sessions:
        start = session.starts_at.astimezone(CPH)
        end = session.ends_at.astimezone(CPH)
        assert (start.time(), end.time()) == (dt.time(9, 0), dt.time(10, 0))
    days = [s.starts_at.astimezone(CPH).date() for s in sessions]
    assert [(b - a).days for a, b in itertools.pairwise(days)] == [31, 7]
    # Two weeks ago, or up to three days earlier so that every session is on a weekday.
    assert 14 <= (timezone.localdate() - days[0]).days <= 17
    assert all(day.weekday() < 5 for day in days)


def test_load_demo_moves_stale_sessions_around_a_later_day(series):
    later = timezone.localdate() + dt.timedelta(days=60)
    later_now = dt.datetime.combine(later, dt.time(12, 0), tzinfo=CPH)
    result = demo.load_demo(today=later, now=later_now)

    assert result.moved is True
    first, second, _third = sessions_of(series)
    assert first.ends_at < later_now < second.starts_at
    assert first.status == Session.Status.HELD
    assert second.status == Session.Status.SCHEDULED
    # Calendar clients must see the move.
    assert second.sequence == 1
    assert Session.objects.count() == 3


def test_load_demo_restores_a_cancelled_session(series):
    from tinget.programme import services

    second = sessions_of(series)[1]
    services.cancel_session(user=None, session=second)
    run()
    second.refresh_from_db()
    assert second.status == Session.Status.SCHEDULED


def test_load_demo_has_the_seed_facts(series):
    assert series.title == "Kommunerne som accelerator af den bæredygtige transformation"
    assert series.status == Series.Status.PUBLISHED
    assert [(p.organisation.name, p.part) for p in series.partnerships.all()] == [
        ("CSR Forum", "fagligt udviklet af"),
        ("SDG Leadership", "fagligt udviklet af"),
        ("KL", "fagligt udviklet af"),
        ("Bureau Veritas", "fagligt udviklet af"),
    ]
    assert Organisation.objects.get(name="KL").kind == Organisation.Kind.ASSOCIATION
    assert series.moderator.name == "Flemming Olsen"
    assert series.is_free and series.platform == "Microsoft Teams"
    assert series.contact_email == "csrforum@csrforum.dk"
    assert {11, 12, 13, 17} <= set(series.sdgs.values_list("number", flat=True))

    first, second, third = sessions_of(series)
    assert first.title == ""
    assert first.recap.strip()
    assert second.title.startswith("Mine oplevelser af verdensmålenes betydning")
    assert third.title.startswith("Partnerskab for handling")
    for session in (first, second, third):
        assert session.join_url.startswith("https://teams.microsoft.com/l/meetup-join/demo-")
        assert session.format == Session.Format.ONLINE
        assert session.sdgs.exists()

    def speaker(name):
        return Appearance.objects.select_related("item__session").get(person__name=name)

    flemming = speaker("Flemming Olsen")
    assert (flemming.role, flemming.organisation_name) == (
        "tidl. direktør i Herlev Kommune",
        "Cphfacilitation",
    )
    assert flemming.item.session == first
    maria = speaker("Maria Maarbjerg")
    assert (maria.role, maria.organisation_name) == (
        "udviklingskonsulent med verdensmålsfokus",
        "Gentofte Kommune",
    )
    assert maria.organisation.municipality.name == "Gentofte"
    assert maria.item.title == "Verdensmålene skal ledes"
    podcast = Material.objects.get(kind=Material.Kind.PODCAST)
    assert podcast.item == maria.item and podcast.session == first
    assert speaker("Steen Hildebrandt").item.session == second
    carsten = speaker("Carsten Stenrøjl")
    assert (carsten.role, carsten.organisation_name) == (
        "bestyrelsesformand",
        "FN17 Business center",
    )
    babak = speaker("Babak Djarah")
    assert (babak.role, babak.organisation_name) == (
        "Erhvervs- og Udviklingschef",
        "Nyborg Kommune",
    )
    assert babak.item.session == third
    # The Nyborg talk's three goals: a nested Markdown list under one point.
    nested = re.findall(r"^  - .+$", babak.item.description, flags=re.MULTILINE)
    assert len(nested) == 3
    assert "symbiose" in nested[1]


def test_load_demo_prose_is_our_own_words(series):
    """Facts may match the seed; no sentence of its prose is copied into ours."""
    if not SEED.exists():
        pytest.fail(f"the seed copy is missing: {SEED}")
    seed = SEED.read_text(encoding="utf-8")
    sentences = [
        s.strip()
        for s in re.split(r"[.!?\n•]", seed)
        if len(s.strip()) > 50 and not s.strip().startswith(("Den ", "Mine ", "Partnerskab"))
    ]
    ours = "\n".join(
        [series.description]
        + [s.recap for s in series.sessions.all()]
        + list(ProgrammeItem.objects.values_list("description", flat=True))
        + list(Person.objects.values_list("bio", flat=True))
    )
    copied = [sentence for sentence in sentences if sentence in ours]
    assert copied == []
    assert sentences  # the check compared something


def test_load_demo_prints_passwords_once_and_keeps_them(client):
    first = passwords(run())
    assert set(first) == {"organisator", "admin"}
    assert all(len(password) >= 12 for password in first.values())

    second_output = run()
    assert passwords(second_output) == {}
    assert first["organisator"] not in second_output
    assert "--reset-passwords" in second_output
    assert client.login(username="organisator", password=first["organisator"])
    assert client.login(username="admin", password=first["admin"])

    third = passwords(run("--reset-passwords"))
    assert set(third) == {"organisator", "admin"}
    assert third["organisator"] != first["organisator"]
    assert not client.login(username="organisator", password=first["organisator"])
    assert client.login(username="organisator", password=third["organisator"])


def test_load_demo_reads_organiser_password_from_file(tmp_path, client):
    secret = tmp_path / "organiser-password"
    secret.write_text("en-lang-demo-adgangskode\n")
    output = run("--organiser-password-file", str(secret))
    assert "en-lang-demo-adgangskode" not in output
    assert client.login(username="organisator", password="en-lang-demo-adgangskode")


def test_load_demo_organiser_is_csr_forum_editor_not_superuser(client):
    run()
    organiser = get_user_model().objects.get(username="organisator")
    assert organiser.is_staff and not organiser.is_superuser
    assert list(organiser.memberships.values_list("organisation__name", "role")) == [
        ("CSR Forum", "editor")
    ]
    assert get_user_model().objects.get(username="admin").is_superuser

    client.force_login(organiser)
    html = client.get(reverse("backoffice:home")).content.decode()
    assert "Kommunerne som accelerator af den bæredygtige transformation" in html
    assert client.get(reverse("admin:index")).status_code == 403


def test_load_demo_public_page_shows_series_without_join_link(client, series):
    html = client.get(series.get_absolute_url()).content.decode()
    assert "Kommunerne som accelerator af den bæredygtige transformation" in html
    assert "Maria Maarbjerg" in html and "Babak Djarah" in html
    assert "meetup-join" not in html


def test_load_demo_prints_the_organisers_start_page(client):
    output = run()
    line = next(line for line in output.splitlines() if "Arrangørens startside" in line)
    assert line.endswith("/arrangoer/")
    first = passwords(output)
    assert client.login(username="organisator", password=first["organisator"])
    page = client.get(reverse("backoffice:home")).content.decode()
    assert "Opret en serie" in page and "Kommunerne som accelerator" in page
