"""From announcement to draft series: the command line and the organisers' review screen."""

import json
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from tests.factories import PASSWORD, MembershipFactory, OrganisationFactory, UserFactory
from tinget.programme.models import Appearance, AuditEntry, Membership, Series, Session

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


def test_import_page_shows_understood_series_with_warning_marked(client, editor):
    response = client.post(reverse("announcements:paste"), {"text": SEED.read_text()})
    page = response.content.decode()
    assert "Kontrollér den importerede serie" in page
    assert 'value="Kommunerne som accelerator af den bæredygtige transformation"' in page
    assert "Babak Djarah | Erhvervs- og Udviklingschef | Nyborg Kommune | speaker" in page
    # the SDG 11/12 mismatch is listed and the item it concerns is marked
    assert "verdensmål 11" in page.lower() and "import-item-warned" in page
    assert Series.objects.count() == 0, "the preview saves nothing"


def test_import_page_saves_corrected_draft_for_the_organisers_organisation(client, editor):
    review = client.post(reverse("announcements:paste"), {"text": SEED.read_text()})
    form = review.context["form"]
    data = {name: value for name, value in form.initial.items() if value not in (None, False)}
    data |= {
        "token": review.context["token"],
        "session_count": len(form.shape),
        "series_title": "Kommunerne som accelerator (rettet)",
        # the organiser drops the first (past) session and fixes a speaker's role
        "s0-include": "",
        "s2-i1-speakers": "Babak Djarah | Erhvervs- og udviklingschef | Nyborg Kommune | speaker",
    }
    for s, count in enumerate(form.shape):
        data[f"s{s}-item_count"] = count
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
    form = review.context["form"]
    data = {name: value for name, value in form.initial.items() if value not in (None, False)}
    data |= {"token": review.context["token"], "session_count": len(form.shape)}
    for s, count in enumerate(form.shape):
        data[f"s{s}-item_count"] = count
    data["s1-start"] = "ni om morgenen"
    data["s1-sdgs"] = "11, 42"
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
    assert "Dine rækker" in home
    assert reverse("announcements:paste") not in home
