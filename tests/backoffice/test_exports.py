"""CSV and XLSX exports: people told of it by the privacy notice (or, before it, by the
consent they gave), the columns that text names, the optional consent as its own column, and
no cell a spreadsheet would run as a formula."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.backoffice.factories import RegistrationFactory
from tests.factories import OrganisationFactory, SeriesFactory, SessionFactory
from tinget.backoffice.exports import covered_fields, neutralise
from tinget.programme.models import AuditEntry

pytestmark = pytest.mark.django_db

HEADER = [
    "Navn",
    "E-mail",
    "Organisation",
    "Type organisation",
    "Kommune",
    "Region",
    "Stillingsbetegnelse",
    "Status",
    "Tilmeldt den",
    "Fremmøde",
    "Minutter til stede",
    "Svar på ekstra spørgsmål",
    "Må kontaktes af partnerne efter rækken",
]


def read_csv(response) -> list[list[str]]:
    # Reading the stream to its end closes the response, as a WSGI server would.
    data = b"".join(response.streaming_content)
    assert data.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def read_xlsx(response) -> list[list]:
    data = b"".join(response.streaming_content)
    sheet = load_workbook(io.BytesIO(data), read_only=True).active
    return [
        ["" if cell is None else cell for cell in row] for row in sheet.iter_rows(values_only=True)
    ]


def export(client, session, kind):
    response = client.get(reverse(f"backoffice:export_{kind}", kwargs={"pk": session.pk}))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    return read_csv(response) if kind == "csv" else read_xlsx(response)


@pytest.fixture
def consent_mix(session):
    full = RegistrationFactory(
        session=session,
        name="Fuld Samtykke",
        email="fuld@aarhus.example.dk",
        organisation="Aarhus Kommune",
        municipality_id="0751",
        job_title="Klimachef",
        attendance="attended",
        minutes_present=61,
    )
    partial = RegistrationFactory(
        session=session,
        name="Kun Navn",
        email="kunnavn@example.dk",
        organisation="Odense Kommune",
        municipality_id="0461",
        job_title="Hemmelig stilling",
        consent_text="Jeg giver samtykke til, at mit navn og min organisation deles med partnerne.",
    )
    english = RegistrationFactory(
        session=session,
        name="English Person",
        email="english@example.org",
        organisation="Company Ltd",
        organisation_kind="company",
        municipality_id=None,
        job_title="Director",
        language="en",
        consent_text=(
            "I agree that the organisers store my name, email address, organisation and job "
            "title to manage my registration."
        ),
    )
    no_consent = RegistrationFactory(
        session=session,
        name="Uden Samtykke",
        email="uden@example.dk",
        consent_text="",
        consented_at=None,
    )
    return full, partial, english, no_consent


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_export_holds_consenting_people_and_only_columns_their_consent_names(
    editor_client, editor, session, consent_mix, kind
):
    rows = export(editor_client, session, kind)
    assert rows[0] == HEADER
    by_name = {row[0]: row for row in rows[1:] if row[0]}
    assert set(by_name) == {"Fuld Samtykke", "Kun Navn", "English Person"}
    assert len(rows) == 4  # header + the three who consented
    assert "uden@example.dk" not in str(rows)

    full = by_name["Fuld Samtykke"]
    assert full[1:7] == [
        "fuld@aarhus.example.dk",
        "Aarhus Kommune",
        "Kommune",
        "Aarhus",
        "Region Midtjylland",
        "Klimachef",
    ]
    assert full[7] == "Tilmeldt"
    assert full[9] == "Deltog"
    assert str(full[10]) == "61"

    partial = by_name["Kun Navn"]
    # Name and organisation were named; email and job title were not.
    assert partial[1] == ""
    assert partial[2:6] == ["Odense Kommune", "Kommune", "Odense", "Region Syddanmark"]
    assert partial[6] == ""
    assert "Hemmelig stilling" not in str(rows)
    assert "kunnavn@example.dk" not in str(rows)

    english = by_name["English Person"]
    assert english[1:4] == ["english@example.org", "Company Ltd", "Virksomhed"]
    assert english[6] == "Director"

    entry = AuditEntry.objects.get(action="registrations.exported")
    assert entry.actor == editor
    assert entry.people_count == 3
    assert entry.detail == {"format": kind}
    assert entry.series == session.series


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_export_neutralises_formula_like_cells(editor_client, session, kind):
    RegistrationFactory(
        session=session,
        name='=HYPERLINK("https://evil.example","klik")',
        email="@evil.example",
        organisation="+45 12 34 56 78",
        job_title="-2+3",
        answers={"1": {"question": "Hvorfor?", "answer": "x"}},
    )
    RegistrationFactory(session=session, name="\tTab Navn", job_title="\rCR titel")
    rows = export(editor_client, session, kind)
    first, second = rows[1], rows[2]
    assert first[0] == '\'=HYPERLINK("https://evil.example","klik")'
    assert first[1] == "'@evil.example"
    assert first[2] == "'+45 12 34 56 78"
    assert first[6] == "'-2+3"
    assert second[0] == "'\tTab Navn"
    # XML turns a stored carriage return into a line feed when the workbook is read back.
    assert second[6] in ("'\rCR titel", "'\nCR titel")
    for row in rows:
        for cell in row:
            assert not (isinstance(cell, str) and cell[:1] in ("=", "+", "-", "@", "\t", "\r"))


def test_export_xlsx_cells_are_text_not_formulas(editor_client, session):
    RegistrationFactory(session=session, name="=1+1")
    response = editor_client.get(reverse("backoffice:export_xlsx", kwargs={"pk": session.pk}))
    data = b"".join(response.streaming_content)
    sheet = load_workbook(io.BytesIO(data)).active
    cell = sheet["A2"]
    assert cell.value == "'=1+1"
    assert cell.data_type == "s"


def test_export_consent_words_in_partner_names_do_not_widen_consent(client):
    partner = OrganisationFactory(name="Mail og Titel ApS", slug="mail-og-titel")
    series = SeriesFactory(title="Navn på rækken", partners=[partner])
    session = SessionFactory(series=series)
    from tests.factories import MembershipFactory

    client.force_login(MembershipFactory(organisation=partner).user)
    RegistrationFactory(
        session=session,
        name="Person P",
        email="p@example.dk",
        job_title="Leder",
        consent_text=(
            "Jeg giver samtykke til, at arrangørerne af “Navn på rækken”, Mail og Titel ApS, "
            "må kende min organisation."
        ),
    )
    rows = export(client, session, "csv")
    assert rows[1][:7] == [
        "",
        "",
        "Eksempel Kommune",
        "Kommune",
        "København",
        "Region Hovedstaden",
        "",
    ]


def _noticed(series, email, **fields):
    from tinget.registrations import notice, services

    values = {
        "name": "Nina Notits",
        "email": email,
        "organisation": "Gentofte Kommune",
        "organisation_kind": "municipality",
        "municipality_id": "0157",
        "job_title": "Klimakonsulent",
        "answers": {"1": {"question": "Kost", "answer": "Vegetar"}},
        "notice_text": notice.notice_text(series),
    }
    values.update(fields)
    return services.Registrant(**values)


def test_export_follows_the_notice_and_the_optional_consent_actually_given(
    editor_client, editor, session
):
    from tinget.registrations import notice, services

    series = session.series
    given = notice.consents_given(notice.optional_consents(series), {notice.PARTNER_FOLLOWUP})
    for email, consents in (("ja@example.dk", given), ("nej@example.dk", {})):
        registration = services.register_for_session(
            session_id=session.pk, registrant=_noticed(series, email, consents=consents)
        )
        services.confirm_registration(registration_id=registration.pk)
    # Added by hand: shown no notice, so not exported.
    services.add_registration_by_organiser(
        session_id=session.pk,
        registrant=services.Registrant(name="Hånd Tilføjet", email="haand@example.dk"),
        actor=editor,
    )
    erased = services.register_for_session(
        session_id=session.pk, registrant=_noticed(series, "slet@example.dk")
    )
    services.delete_my_data(email=erased.email)

    rows = export(editor_client, session, "csv")

    by_email = {row[1]: row for row in rows[1:]}
    assert set(by_email) == {"ja@example.dk", "nej@example.dk"}
    yes = by_email["ja@example.dk"]
    assert yes[:7] == [
        "Nina Notits",
        "ja@example.dk",
        "Gentofte Kommune",
        "Kommune",
        "Gentofte",
        "Region Hovedstaden",
        "Klimakonsulent",
    ]
    assert yes[11] == "Kost: Vegetar"
    assert yes[12].startswith("Ja (20")
    assert by_email["nej@example.dk"][12] == "Nej"


def test_export_empty_session_is_just_the_header(editor_client, session):
    assert export(editor_client, session, "csv") == [HEADER]
    assert export(editor_client, session, "xlsx") == [HEADER]


@pytest.mark.parametrize(
    ("text", "fields"),
    [
        (
            "Mit navn, min e-mailadresse, organisation og stilling",
            {"name", "email", "organisation", "job_title"},
        ),
        (
            "my name, email address, organisation and job title",
            {"name", "email", "organisation", "job_title"},
        ),
        ("Mit navn og min organisation", {"name", "organisation"}),
        ("Mine svar på spørgsmålene og min mail", {"answers", "email"}),
        ("Jeg vil gerne have nyhedsbrevet", set()),
        ("", set()),
    ],
)
def test_covered_fields_reads_danish_and_english_consent(text, fields):
    assert covered_fields(text) == fields


@pytest.mark.parametrize(
    ("value", "safe"),
    [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@A1", "'@A1"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Anna", "Anna"),
        ("a=b", "a=b"),
        (42, 42),
    ],
)
def test_neutralise_prefixes_dangerous_first_characters(value, safe):
    assert neutralise(value) == safe
