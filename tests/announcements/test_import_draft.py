"""From announcement to draft series: the command line and the organisers' review screen."""

import json
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone, translation

from tests.factories import PASSWORD, MembershipFactory, OrganisationFactory, UserFactory
from tinget.announcements.parser import parse_announcement
from tinget.programme.models import (
    Appearance,
    AuditEntry,
    Membership,
    Organisation,
    Person,
    Series,
    Session,
)

FIXTURES = Path(__file__).with_name("fixtures")
SEED = FIXTURES / "seed_kommunerne.txt"

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    membership = MembershipFactory(
        organisation=OrganisationFactory(name="CSR Forum", slug="csr-forum"),
        role=Membership.Role.EDITOR,
    )
    client.login(username=membership.user.username, password=PASSWORD)
    return membership.user


def test_import_command_json_prints_the_seed_in_the_gold_schema(capsys):
    call_command("import_announcement", str(SEED), "--json")
    data = json.loads(capsys.readouterr().out)
    assert data["series_title"] == "Kommunerne som accelerator af den bæredygtige transformation"
    assert [s["date"] for s in data["sessions"]] == ["--10-01", "--11-01", "--11-08"]
    assert data["registration"]["contact_email"] == "csrforum@csrforum.dk"
    assert any("11" in w and "12" in w for w in data["warnings"])
    assert Series.objects.count() == 0, "--json must save nothing"


def test_import_command_reads_standard_input_in_utf16():
    text = "Webinar: Grøn omstilling\nDen 3. marts 2027 kl. 13.00-14.00 på Teams\n"
    result = subprocess.run(
        [sys.executable, "-m", "tinget.cli", "import_announcement", "-", "--json"],
        input=text.encode("utf-16"),
        capture_output=True,
        check=True,
    )
    data = json.loads(result.stdout)
    assert data["sessions"][0]["date"] == "2027-03-03"
    assert data["sessions"][0]["start"] == "13:00"


def test_import_command_saves_a_draft_and_prints_the_review_address():
    admin = UserFactory(username="chef", is_superuser=True)
    out = StringIO()
    call_command("import_announcement", str(SEED), stdout=out, stderr=StringIO())
    series = Series.objects.get()
    assert series.status == Series.Status.DRAFT
    assert series.sessions.count() == 3
    assert f"/admin/programme/series/{series.pk}/change/" in out.getvalue()
    nyborg = Appearance.objects.get(person__name="Babak Djarah")
    assert nyborg.organisation_name == "Nyborg Kommune"
    assert AuditEntry.objects.filter(actor=admin, series=series).exists()


def test_import_command_missing_file_is_a_clear_error():
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_announcement", "/nonexistent/announcement.txt", "--json")


def _review_post(review, **changes) -> dict:
    """What the browser posts back from a review page nobody changed, plus ``changes``."""
    form = review.context["form"]
    data = {name: value for name, value in form.initial.items() if value not in (None, False)}
    data |= {"token": review.context["token"], "session_count": len(form.shape)}
    for s, items in enumerate(form.shape):
        data[f"s{s}-item_count"] = len(items)
        for i, rows in enumerate(items):
            data[f"s{s}-i{i}-speaker_count"] = rows
            for k in range(rows):
                data.setdefault(f"s{s}-i{i}-p{k}-part", "speaker")  # a select always posts
    return data | changes


def _speaker_row(form, name: str) -> str:
    """The field prefix ("s2-i1-p0-") of the speaker row holding ``name``."""
    return next(
        key.removesuffix("name")
        for key, value in form.initial.items()
        if key.endswith("-name") and value == name
    )


def test_import_page_shows_understood_series_with_warning_marked(client, editor):
    response = client.post(reverse("announcements:paste"), {"text": SEED.read_text()})
    page = response.content.decode()
    assert "Kontrollér den importerede serie" in page
    assert 'value="Kommunerne som accelerator af den bæredygtige transformation"' in page
    # speakers as fields of their own, with room for one more per item
    row = _speaker_row(response.context["form"], "Babak Djarah")
    assert f'name="{row}name" value="Babak Djarah"' in page
    assert f'name="{row}role" value="Erhvervs- og Udviklingschef"' in page
    assert f'name="{row}organisation" value="Nyborg Kommune"' in page
    assert page.count("Tilføj en oplægsholder") == 5
    # the moderator of the whole series is found
    assert 'name="moderator" value="Flemming Olsen"' in page
    # the SDG 11/12 mismatch is listed and the item it concerns is marked
    assert "verdensmål 11" in page.lower() and "import-item-warned" in page
    assert Series.objects.count() == 0, "the preview saves nothing"


def test_import_page_saves_corrected_draft_for_the_organisers_organisation(client, editor):
    review = client.post(reverse("announcements:paste"), {"text": SEED.read_text()})
    row = _speaker_row(review.context["form"], "Babak Djarah")
    data = _review_post(
        review,
        series_title="Kommunerne som accelerator (rettet)",
        # the organiser drops the first (past) session and fixes a speaker's role
        **{"s0-include": "", f"{row}role": "Erhvervs- og udviklingschef"},
    )
    response = client.post(reverse("announcements:save"), data)
    series = Series.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("backoffice:series", kwargs={"slug": series.slug})
    assert series.title == "Kommunerne som accelerator (rettet)"
    assert series.status == Series.Status.DRAFT
    assert series.sessions.count() == 2
    assert Appearance.objects.get(person__name="Babak Djarah").role == "Erhvervs- og udviklingschef"
    assert series.partnerships.filter(organisation__name="CSR Forum").exists()


def test_import_page_bad_review_input_keeps_everything_and_saves_nothing(client, editor):
    review = client.post(reverse("announcements:paste"), {"text": SEED.read_text()})
    data = _review_post(review, **{"s1-start": "ni om morgenen", "s1-sdgs": "11, 42"})
    response = client.post(reverse("announcements:save"), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Der er problemer med formularen" in page
    assert "Verdensmålene har numrene 1 til 17." in page
    assert 'value="ni om morgenen"' in page
    assert Series.objects.count() == 0 and Session.objects.count() == 0


def test_import_page_text_without_events_gets_a_polite_message(client, editor):
    response = client.post(reverse("announcements:paste"), {"text": "Husk at vande blomsterne."})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Vi fandt ingen sessioner i teksten" in page


def test_import_page_refuses_a_pdf_and_a_heading_without_sessions(client, editor):
    from django.core.files.uploadedfile import SimpleUploadedFile

    pdf = SimpleUploadedFile(
        "program.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\x00\x01\x02 stream"
    )
    for data in ({"file": pdf}, {"text": "Nyhedsbrev fra CSR Forum\n\nGod weekend til alle."}):
        page = client.post(reverse("announcements:paste"), data).content.decode()
        assert "Vi fandt ingen sessioner i teksten" in page
    assert Series.objects.count() == 0


def test_import_command_saves_nothing_without_sessions(tmp_path):
    UserFactory(username="chef", is_superuser=True)
    path = tmp_path / "junk.txt"
    path.write_text("Husk at vande blomsterne.")
    with pytest.raises(CommandError, match="no sessions were found"):
        call_command("import_announcement", str(path), stdout=StringIO())
    assert Series.objects.count() == 0


def test_import_page_is_closed_to_organisers_without_an_editor_seat(client):
    viewer = MembershipFactory(role=Membership.Role.VIEWER).user
    client.login(username=viewer.username, password=PASSWORD)
    response = client.post(reverse("announcements:paste"), {"text": SEED.read_text()})
    assert response.status_code == 403
    assert "Kommunerne som accelerator" not in response.content.decode()


def test_import_page_sends_anonymous_visitors_to_login(client):
    response = client.get(reverse("announcements:paste"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_organiser_home_links_to_the_importer_for_editors(client, editor):
    home = client.get(reverse("backoffice:home")).content.decode()
    assert f'href="{reverse("announcements:paste")}"' in home
    assert "Importér annoncering" in home
    # The admin is for superusers only; organisers never need it.
    assert client.get(reverse("admin:index")).status_code == 403


def test_organiser_home_hides_the_importer_from_viewers(client):
    viewer = MembershipFactory(role=Membership.Role.VIEWER).user
    client.login(username=viewer.username, password=PASSWORD)
    home = client.get(reverse("backoffice:home")).content.decode()
    assert "Dine serier" in home
    assert reverse("announcements:paste") not in home


def test_import_page_says_which_years_are_guesses_and_saves_them_in_order(client, editor):
    review = client.post(reverse("announcements:paste"), {"text": SEED.read_text()})
    page = review.content.decode()
    form = review.context["form"]
    # the seed states no year: each date gets one proposed for the series as a whole ...
    dates = [form.initial[f"s{s}-date"] for s in range(3)]
    assert [d[5:] for d in dates] == ["10-01", "11-01", "11-08"]
    assert dates == sorted(dates) and int(dates[2][:4]) - int(dates[0][:4]) <= 1
    # ... and says beside each date that its year is a guess, read with the field
    assert page.count("Året står ikke i teksten;") == 3
    assert 'aria-describedby="id_s0-date_note id_s0-date_helptext"' in page
    # a guessed organisation is said to be one, beside the organisation
    assert "den er gættet ud fra punktets titel" in page
    response = client.post(reverse("announcements:save"), _review_post(review))
    series = Series.objects.get()
    assert response.status_code == 302
    assert [
        timezone.localtime(s.starts_at).date().isoformat() for s in series.sessions.all()
    ] == dates
    assert series.moderator.name == "Flemming Olsen"


def test_import_page_adds_a_speaker_in_the_blank_row_and_refuses_one_without_a_name(client, editor):
    review = client.post(reverse("announcements:paste"), {"text": SEED.read_text()})
    form = review.context["form"]
    blank = f"s1-i0-p{form.shape[1][0] - 1}-"
    nameless = client.post(
        reverse("announcements:save"),
        _review_post(review, **{f"{blank}role": "borgmester", f"{blank}organisation": "KL"}),
    )
    page = nameless.content.decode()
    assert "Skriv navnet, eller tøm stillingsbetegnelsen og organisationen." in page
    assert 'value="borgmester"' in page
    assert Series.objects.count() == 0
    added = _review_post(
        review,
        **{
            f"{blank}name": "Mette Lund",
            f"{blank}role": "borgmester",
            f"{blank}organisation": "Viborg Kommune",
            f"{blank}part": "moderator",
        },
    )
    assert client.post(reverse("announcements:save"), added).status_code == 302
    mette = Appearance.objects.get(person__name="Mette Lund")
    assert (mette.role, mette.part, mette.organisation_name) == (
        "borgmester",
        "moderator",
        "Viborg Kommune",
    )
    assert mette.item.title.startswith("Mine oplevelser")


def _broken_parser(*args, **kwargs):
    raise RuntimeError("a rule broke")


def test_a_parser_failure_is_logged_and_told_politely_in_danish(
    client, editor, monkeypatch, caplog
):
    monkeypatch.setattr("tinget.announcements.parser.core.parse_lines", _broken_parser)
    text = "Webinar om klimatilpasning\nTirsdag den 9. marts 2027 kl. 9-10 på Teams\n"
    with caplog.at_level("ERROR", logger="tinget.announcements.parser.core"):
        response = client.post(reverse("announcements:paste"), {"text": text})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Importen kunne ikke læse teksten på grund af en intern fejl" in page
    assert "Fejlen er logget, så vi kan rette den." in page
    assert "RuntimeError" not in page and "a rule broke" not in page
    failed = [r for r in caplog.records if "announcement parser failed" in r.getMessage()]
    assert failed and failed[0].exc_info and "a rule broke" in str(failed[0].exc_info[1])
    assert Series.objects.count() == 0


def test_a_parser_failure_gives_an_empty_result_with_a_message_in_the_texts_language(
    monkeypatch, caplog
):
    monkeypatch.setattr("tinget.announcements.parser.core.parse_lines", _broken_parser)
    with caplog.at_level("ERROR", logger="tinget.announcements.parser.core"):
        english = parse_announcement("Join us for the webinar on 9 March 2027 at the library")
        danish = parse_announcement("Vi holder et webinar den 9. marts 2027 på biblioteket")
    assert english.sessions == [] and english.language == "en"
    assert english.warnings == [
        "The text could not be read in full (an internal error in the importer). Please fill "
        "in or correct the series in the form below; the error has been logged so that we can "
        "fix it."
    ]
    assert danish.language == "da" and "intern fejl i importen" in danish.warnings[0]
    assert "RuntimeError" not in english.warnings[0], "no internals shown to the organiser"
    assert len([r for r in caplog.records if r.exc_info]) == 2


def test_a_parser_failure_is_told_in_english_under_en(client, editor, monkeypatch):
    monkeypatch.setattr("tinget.announcements.parser.core.parse_lines", _broken_parser)
    with translation.override("en"):
        url = reverse("announcements:paste")
    assert url.startswith("/en/")
    response = client.post(url, {"text": "Webinar on 9 March 2027 at 10:00 on Teams"})
    page = response.content.decode()
    assert "The importer could not read this text because of an internal error." in page
    assert Series.objects.count() == 0


def test_importing_audits_every_organisation_and_person_it_creates(client, editor):
    known_orgs = set(Organisation.objects.values_list("pk", flat=True))
    review = client.post(reverse("announcements:paste"), {"text": SEED.read_text()})
    response = client.post(reverse("announcements:save"), _review_post(review))
    assert response.status_code == 302
    series = Series.objects.get()
    new_orgs = Organisation.objects.exclude(pk__in=known_orgs)
    people = Person.objects.all()
    assert new_orgs.exists() and people.exists()
    created = AuditEntry.objects.filter(action__in=["organisation.created", "person.created"])
    # one entry per new record, by the organiser who imported, and no names in the log
    assert {(e.object_type, e.object_id) for e in created} == {
        *(("organisation", str(o.pk)) for o in new_orgs),
        *(("person", str(p.pk)) for p in people),
    }
    assert {e.actor_id for e in created} == {editor.pk}
    # a speaker is created for the series (its log shows it); the series' moderator before it
    speakers = created.filter(action="person.created")
    assert speakers.filter(series=series).count() == people.exclude(pk=series.moderator_id).count()
    assert not any(p.name in str(e.detail) for e in created for p in people)
    assert AuditEntry.objects.filter(action="series.imported", series=series).exists()
