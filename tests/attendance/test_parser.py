"""The Teams report parser finds sections and columns by structure and content.

Report files under reports/ are hand-written for these tests (see reports/README.md); the
parser must read them whatever their language, encoding, separator or column order.
"""

import codecs
from pathlib import Path

import pytest

from tinget.registrations.attendance import (
    AttendanceReportError,
    decode_report,
    name_key,
    parse_duration,
    parse_report,
)

REPORTS = Path(__file__).parent / "reports"
SYNTHETIC = Path("/work/shared/reference/examples/teams-attendance-report.SYNTHETIC.csv")


def people(report):
    return [(p.name, p.email, p.minutes, p.role) for p in report.participants]


def read(name):
    return parse_report((REPORTS / name).read_bytes())


def test_parse_report_english_utf16_reads_participants_section():
    report = read("en_current_utf16le_bom.csv")
    assert report.layout == "sections"
    assert report.section_titles == [
        "1. Summary",
        "2. Participants",
        "3. In-Meeting Activities",
        "4. Meeting Engagement",
    ]
    assert people(report) == [
        ("Olivia Organiser", "olivia@partner.example.org", 66, "Organizer"),
        ("Paul Presenter", "paul@uni.example.org", 61, "Presenter"),
        ("Alice Andersen", "Alice.Andersen@Odense.example.dk", 60, "Attendee"),
        ("Borger, Bob (Guest)", "", 30, "Attendee"),
        ("Carla Unknown", "carla@nowhere.example.com", 5, "Attendee"),
    ]
    assert report.summary["Meeting duration"] == "1h 6m 17s"


def test_parse_report_danish_headers_read_like_english():
    report = read("da_current_utf16le_nobom.csv")
    assert report.section_titles[:2] == ["1. Oversigt", "2. Deltagere"]
    assert people(report) == [
        ("Karen Kommunal", "karen@kl.example.dk", 65, "Arrangør"),
        ("Mette Miljø", "METTE.MILJO@Aarhus.example.dk", 60, "Deltager"),
        ("Jens Jensen (Gæst)", "", 38, "Deltager"),
        ("Peter Oplæg", "peter@dtu.example.dk", 61, "Præsentationsvært"),
        ("Søren Ukendt", "soren@firma.example.com", 12, "Deltager"),
    ]
    organisers = [p.name for p in report.participants if p.is_organiser]
    guests = [p.name for p in report.participants if p.is_guest]
    assert organisers == ["Karen Kommunal", "Peter Oplæg"]
    assert guests == ["Jens Jensen (Gæst)"]


def test_parse_report_utf16_big_endian_equals_little_endian():
    big = read("da_current_utf16be_bom.csv")
    little = read("da_current_utf16le_nobom.csv")
    assert people(big) == people(little)


@pytest.mark.parametrize(
    "encode",
    [
        pytest.param(lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"), id="utf16le-bom"),
        pytest.param(lambda t: t.encode("utf-16-le"), id="utf16le"),
        pytest.param(lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"), id="utf16be-bom"),
        pytest.param(lambda t: t.encode("utf-16-be"), id="utf16be"),
        pytest.param(lambda t: codecs.BOM_UTF8 + t.encode("utf-8"), id="utf8-bom"),
        pytest.param(lambda t: t.encode("utf-8"), id="utf8"),
    ],
)
def test_parse_report_every_encoding_gives_the_same_people(encode):
    text = decode_report((REPORTS / "da_current_utf16le_nobom.csv").read_bytes())
    assert "Mette Miljø" in text
    assert people(parse_report(encode(text))) == people(read("da_current_utf16le_nobom.csv"))


def test_parse_report_reference_example_counts_intervals_once():
    report = parse_report(SYNTHETIC.read_bytes())
    assert people(report) == [
        ("Anna Arrangør", "anna@example.dk", 68, "Organizer"),
        ("Bo Borger (Guest)", "", 55, "Attendee"),
        ("Søren Sagsbehandler", "soren@kommune.example.dk", 52, "Attendee"),
    ]


def test_parse_report_comma_separated_with_quoted_timestamps_and_clock_durations():
    report = read("en_comma_utf8_bom.csv")
    assert people(report) == [
        ("Hanne Hansen", "hanne@region.example.dk", 90, "Organizer"),
        ("Lund, Lars", "lars.lund@vejle.example.dk", 45, "Attendee"),
        ("=cmd|' /C calc'!A0 (Guest)", "", 1, "Attendee"),
    ]


def test_parse_report_semicolons_capitals_and_no_numbered_sections():
    report = read("da_semicolon_utf8.csv")
    assert people(report) == [
        ("Ida Indkøb", "ida@horsens.example.dk", 57, "Deltager"),
        ("Ole Olsen (Gæst)", "", 30, "Deltager"),
    ]


def test_parse_report_old_attendance_list_sums_join_leave_intervals():
    report = read("en_list_utf16le_bom.csv")
    assert report.layout == "list"
    # Alice: 8:55-9:20 and 9:30-10:00; Bob: 9:01:30-9:41:30; Olivia 8:55-10:05.
    assert {p.name: p.minutes for p in report.participants} == {
        "Olivia Organiser": 70,
        "Alice Andersen": 55,
        "Bob Borger": 40,
    }


def test_parse_report_danish_attendance_list_closes_open_interval_at_the_end():
    report = read("da_list_utf8.csv")
    # Jens never left: his time runs to the last timestamp of the list (15.00).
    assert {p.name: p.minutes for p in report.participants} == {
        "Karen Kommunal": 62,
        "Mette Miljø": 30,
        "Jens Jensen (Gæst)": 50,
    }


def test_parse_report_ignores_header_words_and_column_order():
    """Headers in a language we never saw, columns shuffled: content still decides."""
    text = (
        "1. Podsumowanie\n"
        "Tytuł\tSpotkanie\n\n"
        "2. Uczestnicy\n"
        "Adres\tCzas\tOsoba\tRola\tOd\tDo\n"
        "ewa@gmina.example.pl\t1 godz. 2 min\tEwa Nowak\tUczestnik\t"
        "01.04.2027 10:00:00\t01.04.2027 11:02:00\n"
        "\t15 min\tJan Kowalski (Gość)\tUczestnik\t01.04.2027 10:05:00\t01.04.2027 10:20:00\n"
    )
    report = parse_report(text.encode("utf-8"))
    assert people(report) == [
        ("Ewa Nowak", "ewa@gmina.example.pl", 62, "Uczestnik"),
        ("Jan Kowalski (Gość)", "", 15, "Uczestnik"),
    ]
    assert report.participants[1].is_guest


def test_parse_report_activities_only_adds_up_each_persons_intervals():
    text = (
        "1. Summary\nMeeting title\tX\n\n"
        "2. In-Meeting Activities\n"
        "Name\tJoin Time\tLeave Time\tDuration\tEmail\tRole\n"
        "Ann\t1/4/27, 10:00:00\t1/4/27, 10:20:00\t20m\tann@x.example\tAttendee\n"
        "Ben\t1/4/27, 10:00:00\t1/4/27, 10:10:00\t10m\tben@x.example\tAttendee\n"
        "Ann\t1/4/27, 10:30:00\t1/4/27, 10:45:30\t15m 30s\tANN@x.example\tAttendee\n"
    )
    report = parse_report(text.encode("utf-16"))
    assert [(p.name, p.minutes) for p in report.participants] == [("Ann", 36), ("Ben", 10)]


def test_parse_report_participants_without_duration_use_activities():
    text = (
        "2. Participants\n"
        "Name\tFirst join\tLast leave\tEmail\n"
        "Ann\t01/04/27, 10:00:00\t01/04/27, 11:00:00\tann@x.example\n\n"
        "3. In-meeting activities\n"
        "Name\tJoin\tLeave\tDuration\tEmail\n"
        "Ann\t01/04/27, 10:00:00\t01/04/27, 10:20:00\t20m\tann@x.example\n"
        "Ann\t01/04/27, 10:50:00\t01/04/27, 11:00:00\t10m\tann@x.example\n"
    )
    report = parse_report(text.encode("utf-8"))
    # The participants table would say 60 minutes; she was away for half an hour.
    assert [(p.name, p.minutes) for p in report.participants] == [("Ann", 30)]


def test_parse_report_header_only_gives_no_participants():
    report = parse_report("2. Participants\nName\tFirst join\tLast leave\tEmail\tRole\n")
    assert report.participants == []


@pytest.mark.parametrize(
    ("data", "code"),
    [
        pytest.param(b"", "empty", id="empty"),
        pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01", "binary", id="png"),
        pytest.param("Kære alle\n\nTak for sidst.\n".encode(), "no_participants", id="letter"),
    ],
)
def test_parse_report_not_a_report_raises_with_a_reason(data, code):
    with pytest.raises(AttendanceReportError) as error:
        parse_report(data)
    assert error.value.code == code


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("1h 27m 51s", 5271),
        ("27 min 3 s", 1623),
        ("00:45:10", 2710),
        ("1 t 4 min 38 s", 3878),
        ("1 t. 2 min. 3 sek.", 3723),
        ("45m", 2700),
        ("2 godz. 5 min", 7500),
        ("38 min", 2280),
        ("Attendee", None),
        ("9", None),
        ("15/11/22, 09:30:17", None),
        ("", None),
    ],
)
def test_parse_duration_reads_teams_formats(text, seconds):
    assert parse_duration(text) == seconds


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("Borger, Bob (Guest)", "Bob Borger"),
        ("Søren Sagsbehandler", "soren sagsbehandler"),
        ("Jens  Jensen (Gæst)", "Jens Jensen"),
        ("Zoë Éclair", "zoe eclair"),
    ],
)
def test_name_key_ignores_case_accents_order_and_guest_marks(left, right):
    assert name_key(left) == name_key(right)
