"""Specific facts the parser must get right, on the seed and on small made-up snippets."""

from __future__ import annotations

import json

import pytest
from conftest import fixture_source

from tinget.announcements.parser import ParseResult, parse_announcement
from tinget.announcements.parser.dates import find_dates, find_time_range, match_agenda
from tinget.announcements.parser.people import parse_people


def _speaker(result: ParseResult, name: str):
    for s in result.sessions:
        for it in s.items:
            for sp in it.speakers:
                if sp.name == name:
                    return sp
    raise AssertionError(f"{name} not found")


def test_seed_flemming_olsen_keeps_current_org_and_former_role(seed_result):
    sp = _speaker(seed_result, "Flemming Olsen")
    assert sp.organisation == "Cphfacilitation"
    assert sp.role == "tidl. direktør i Herlev Kommune"
    assert sp.event_role == "speaker"


def test_seed_analysis_authors_and_podcast_partner_are_not_speakers(seed_result):
    orgs = {sp.organisation for s in seed_result.sessions for it in s.items for sp in it.speakers}
    assert not orgs & {"KMD", "Epinion", "LYDPOL"}


def test_seed_warns_about_goal_11_with_goal_12_title(seed_result):
    sdg_warnings = [w for w in seed_result.warnings if "verdensmål 11" in w]
    assert len(sdg_warnings) == 1
    w = sdg_warnings[0]
    assert w.startswith('Punktet "Nyborg Kommunes arbejde med politik for grøn omstilling')
    assert "(Bæredygtige byer og lokalsamfund)" in w
    assert 'titlen "ansvarligt forbrug og produktion" hører til verdensmål 12' in w
    assert w.endswith("(Ansvarligt forbrug og produktion)")


def test_seed_nyborg_description_keeps_three_nested_goals(seed_result):
    item = seed_result.sessions[2].items[1]
    assert item.title.startswith("Nyborg Kommunes arbejde")
    bullets = [ln for ln in item.description.splitlines() if ln.startswith("- ")]
    assert len(bullets) == 3
    assert bullets[0].startswith("- styrke de cirkulære virksomheder")
    assert bullets[2] == "- understøtte implementering af kodeks for bæredygtigt byggeri"
    assert item.description.startswith("Nyborg kommune vedtog i 2020")
    assert item.sdg_refs == [11]
    assert len(seed_result.sessions[2].items) == 2


def test_seed_partial_dates_status_and_registration(seed_result):
    d = seed_result.to_dict()
    assert [s["date"] for s in d["sessions"]] == ["--10-01", "--11-01", "--11-08"]
    assert [s["status"] for s in d["sessions"]] == ["past", "upcoming", "upcoming"]
    assert {s["format"] for s in d["sessions"]} == {"online"}
    assert d["registration"]["free"] is True
    assert d["registration"]["platform"] == "Microsoft Teams"
    assert d["registration"]["contact_email"] == "csrforum@csrforum.dk"
    assert 12 in d["sessions"][2]["suggested_sdgs"]
    json.dumps(d)  # JSON-ready


def test_seed_session_without_programme_gets_one_item_named_after_it(seed_result):
    s = seed_result.sessions[1]
    assert len(s.items) == 1
    assert s.items[0].title == s.title
    assert [sp.name for sp in s.items[0].speakers] == ["Steen Hildebrandt"]
    assert "turneret rundt" in s.items[0].description


def test_to_dict_has_gold_schema_keys(seed_result):
    d = seed_result.to_dict()
    assert {"series_title", "organisers", "sessions", "registration", "warnings"} <= set(d)
    assert set(d["registration"]) >= {"free", "platform", "contact_email", "deadline"}
    s = d["sessions"][0]
    assert {"date", "start", "end", "title", "status", "format", "place", "items"} <= set(s)
    item = s["items"][0]
    assert {"time", "title", "speakers", "links", "description"} <= set(item)
    assert set(item["speakers"][0]) >= {"name", "role", "organisation", "event_role"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Den 1. november kl. 9", "--11-01"),
        ("d. 3. marts 2027", "2027-03-03"),
        ("tirsdag den 4. maj", "--05-04"),
        ("12 March", "--03-12"),
        ("the 3rd of June 2026", "2026-06-03"),
        ("1.11.2026", "2026-11-01"),
        ("8/11-2021", "2021-11-08"),
        ("March 12, 2027", "2027-03-12"),
        ("ons. d. 6. okt.", "--10-06"),
        ("Nov 3", "--11-03"),
    ],
)
def test_find_dates_reads_danish_and_english_forms(text, expected):
    assert [d.iso for d in find_dates(text)] == [expected]


def test_find_dates_classifies_deadline_publication_and_passing_years():
    kinds = {
        "Tilmeldingsfrist: 25. februar 2027": "deadline",
        "Tilmeld dig senest fredag den 2. april": "deadline",
        "Register by 5 March 2027": "deadline",
        "Publiceret 3. januar 2027": "publication",
        "Vi har holdt møder siden 1. januar 2019": "passing",
    }
    for text, kind in kinds.items():
        assert [d.kind for d in find_dates(text)] == [kind], text
    assert find_dates("Netværket har siden 2019 mødtes, og i 2020 vedtog det en plan") == []


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("kl. 09.00-10.00", "09:00", "10:00"),
        ("kl. 9-10", "09:00", "10:00"),
        ("2–3.30 pm CET", "14:00", "15:30"),
        ("14:00–15:30", "14:00", "15:30"),
        ("fra kl. 13 til 15", "13:00", "15:00"),
        ("9:00–10:30 am", "09:00", "10:30"),
        ("kl. 13", "13:00", None),
    ],
)
def test_find_time_range_reads_ranges(text, start, end):
    tr = find_time_range(text)
    assert (tr.start, tr.end) == (start, end)


def test_find_time_range_ignores_counts_and_prices():
    assert find_time_range("3-4 gange om året for 1.200 kr.") is None


def test_match_agenda_reads_glued_and_dashed_lines():
    assert match_agenda("09.00Velkomst").rest == "Velkomst"
    a = match_agenda("10.15 – Pause")
    assert (a.start, a.rest) == ("10:15", "Pause")
    b = match_agenda("13:00–14:30 Panel: Regulering")
    assert (b.start, b.end) == ("13:00", "14:30")
    assert match_agenda("1.12.2027 kl. 12-13: Genbrug") is None


@pytest.mark.parametrize(
    ("text", "name", "role", "org"),
    [
        (
            "Gentofte Kommunes udviklingschef Anne Holm",
            "Anne Holm",
            "udviklingschef",
            "Gentofte Kommune",
        ),
        (
            "borgmester Peter Rask (V), Thisted Kommune",
            "Peter Rask",
            "borgmester",
            "Thisted Kommune",
        ),
        (
            "Sophie Martin/Head of Sustainability, EcoBuild",
            "Sophie Martin",
            "Head of Sustainability",
            "EcoBuild",
        ),
        ("Lena Holm (Aarhus Universitet)", "Lena Holm", None, "Aarhus Universitet"),
        (
            "Dr. Lena Holm, senior researcher at Aarhus University",
            "Lena Holm",
            "senior researcher",
            "Aarhus University",
        ),
        (
            "trafikplanlægger Jesper Lind fra Skive Kommune",
            "Jesper Lind",
            "trafikplanlægger",
            "Skive Kommune",
        ),
        (
            "Claire Dubois, former CEO of Green Ports Alliance",
            "Claire Dubois",
            "former CEO of Green Ports Alliance",
            None,
        ),
        ("Karen Holt, formand for Trivselsfonden", "Karen Holt", "formand", "Trivselsfonden"),
    ],
)
def test_parse_people_reads_common_orders(text, name, role, org):
    (sp,) = parse_people(text)
    assert (sp.name, sp.role, sp.organisation) == (name, role, org)


def test_parse_people_splits_og_and_shares_org_and_marks_moderator():
    people = parse_people("Mikkel Strand og Sofie Aagaard fra Erhvervsskolen Vest")
    assert [(p.name, p.organisation) for p in people] == [
        ("Mikkel Strand", "Erhvervsskolen Vest"),
        ("Sofie Aagaard", "Erhvervsskolen Vest"),
    ]
    people = parse_people("Ana Silva (Nordic Fund) and Erik Dahl, moderated by Karin Ek")
    assert [p.event_role for p in people] == ["speaker", "speaker", "moderator"]
    (mads,) = parse_people("Mads Holm (K), byrådsmedlem i Aalborg Kommune")
    assert (mads.name, mads.party) == ("Mads Holm", "K")


def test_parse_people_finds_nobody_in_plain_phrases():
    assert parse_people("implementering af nye regler") == []
    assert parse_people("120 participants") == []


def test_parse_announcement_html_nested_lists_become_description():
    html = (
        "<h1>Webinar: Grønne tage</h1><h2>Tirsdag den 2. marts 2027 kl. 9.00-10.00</h2>"
        "<ul><li>Erfaringer fra Vejle v. Anne Holm, Vejle Kommune<ul><li>Sedum"
        "<ul><li>Vedligehold</li></ul></li></ul></li></ul><p>Online via Zoom. Gratis.</p>"
    )
    r = parse_announcement(html)
    assert r.series_title == "Grønne tage"
    (s,) = r.sessions
    assert (s.date, s.start, s.end, s.format) == ("2027-03-02", "09:00", "10:00", "online")
    (item,) = s.items
    assert item.title == "Erfaringer fra Vejle"
    assert item.description == "- Sedum\n  - Vedligehold"
    assert r.registration.platform == "Zoom" and r.registration.free is True


def test_parse_announcement_paid_event_is_not_free():
    r = parse_announcement(
        "Temadag\n\nDato: 3. marts 2027 kl. 10-15\nSted: Rådhuset, Torvet 1, 7100 Vejle\n\n"
        "Pris: 500 kr. Tilmelding senest 1. marts 2027 til a@b.dk"
    )
    assert r.registration.free is False
    assert r.registration.price == "500 kr."
    assert r.registration.deadline == "2027-03-01"
    assert [s.date for s in r.sessions] == ["2027-03-03"]
    assert r.sessions[0].format == "physical"
    assert r.sessions[0].place == "Rådhuset, Torvet 1, 7100 Vejle"


def test_parse_announcement_one_series_time_applies_to_each_session():
    r = parse_announcement(
        "Webinarrække om klima\n\nAlle webinarer foregår kl. 14-15 på Teams.\n\n"
        "- 3. marts 2027: Første emne\n- 7. april 2027: Andet emne\n"
    )
    assert [(s.date, s.start, s.end, s.title) for s in r.sessions] == [
        ("2027-03-03", "14:00", "15:00", "Første emne"),
        ("2027-04-07", "14:00", "15:00", "Andet emne"),
    ]
    assert {s.format for s in r.sessions} == {"online"}


def test_parse_announcement_english_warning_in_english():
    r = parse_announcement(
        "Green talks\n\n12 March 2027, 2-3 pm on Zoom\n"
        "- SDG 7 – Responsible Consumption and Production in practice by Anna Berg, Acme Ltd\n"
    )
    assert any(w.startswith('Item "SDG 7') and "belongs to SDG 12" in w for w in r.warnings), (
        r.warnings
    )


def test_fixture_reportage_warns_goal_7_cited_with_goal_12_title():
    r = parse_announcement(fixture_source("da_reportage_past"))
    assert r.warnings == [
        'Punktet "Mål 7 – ansvarligt forbrug og produktion i hverdagen" nævner verdensmål 7 '
        '(Bæredygtig energi) men titlen "ansvarligt forbrug og produktion" hører til '
        "verdensmål 12 (Ansvarligt forbrug og produktion)"
    ]
    (session,) = r.sessions
    assert session.status == "past"
    assert 12 in session.suggested_sdgs


def test_fixture_teams_invite_boilerplate_is_not_programme():
    r = parse_announcement(fixture_source("en_teams_invite"))
    (session,) = r.sessions
    titles = [i.title for i in session.items]
    assert titles == [
        "Welcome and approval of the agenda",
        "Update on the joint tender for electric vehicles",
        "Presentation: Lifecycle costing tool",
        "Any other business",
    ]
    assert r.registration.platform == "Microsoft Teams"
    assert (session.start, session.end, session.format) == ("13:00", "14:30", "online")
