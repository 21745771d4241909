"""Table-driven tests of the parser's stages, one fact per row."""

from __future__ import annotations

import pytest

from tinget.announcements.parser import parse_announcement
from tinget.announcements.parser.people import parse_people

# (speaker phrase, [(name, role, organisation), ...])
PEOPLE = [
    (
        "Hannah Lindqvist, Head of Section, Climate & Nature, Nordic Build Partners",
        [("Hannah Lindqvist", "Head of Section, Climate & Nature", "Nordic Build Partners")],
    ),
    (
        "Tomas Ravn, Chair of the Steering Group, Green Cities Alliance",
        [("Tomas Ravn", "Chair of the Steering Group", "Green Cities Alliance")],
    ),
    (
        "Ingrid Falk, Senior Advisor, Procurement, Health & Care, Region Vestmark",
        [("Ingrid Falk", "Senior Advisor, Procurement, Health & Care", "Region Vestmark")],
    ),
    (
        "Karin Juhl, klimakoordinator, Odder Kommune",
        [("Karin Juhl", "klimakoordinator", "Odder Kommune")],
    ),
    ("Mia Kragh, NaturErhverv Øst", [("Mia Kragh", None, "NaturErhverv Øst")]),
    (
        "Søren Mørk (Rigsarkivet) og Lis Holm (Svendborg Byhistoriske Arkiv)",
        [("Søren Mørk", None, "Rigsarkivet"), ("Lis Holm", None, "Svendborg Byhistoriske Arkiv")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), PEOPLE)
def test_people_phrase(text, expected):
    got = [(s.name, s.role, s.organisation) for s in parse_people(text)]
    assert got == expected


def test_v_dot_slash_is_read_like_v_slash():
    text = (
        "Temadag om vand\n\nOnsdag den 7. juni 2028 kl. 10.00-12.00\n\n"
        "10.00 Grundvand og skov\n   v./ Mia Kragh, NaturErhverv Øst\n"
    )
    items = parse_announcement(text).sessions[0].items
    assert [(s.name, s.organisation) for s in items[0].speakers] == [
        ("Mia Kragh", "NaturErhverv Øst")
    ]


# (announcement, organisers of the series)
ORGANISERS = [
    (
        "Klimaugen 2028\n\nMandag den 18. september 2028 kl. 19-21\nHavet stiger\n"
        "Arrangør: Randers Naturforening\n\nOnsdag den 20. september 2028 kl. 16-18\n"
        "Cykeltur\nArrangør: Cyklistforbundet Silkeborg\n",
        [],
    ),
    (
        "Webinar om tilgængelighed\n\nTirsdag den 9. maj 2028 kl. 9-10 på Teams\n\n"
        "Arrangør: Digitaliseringsnetværket for kommuner.\n",
        ["Digitaliseringsnetværket for kommuner"],
    ),
    (
        "Water Day 2028\n\n10:00 Welcome\n16:00 Close of day one\n"
        "The symposium is organised by Nordic Water Forum together with Aalto University.\n"
        "6 September 2028\n",
        ["Nordic Water Forum", "Aalto University"],
    ),
    (
        "Netværksmøde\n\nTirsdag den 12. september 2028 kl. 13-16\n"
        "Netværket faciliteres af Kommunaljuridisk Forum.\n",
        ["Kommunaljuridisk Forum"],
    ),
    (
        "Netværksmøde\n\nTirsdag den 12. september 2028 kl. 13-16\n"
        "Mødet faciliteres af Lone Skov, direktør i Tænketanken Fremtidsby.\n",
        [],
    ),
]


@pytest.mark.parametrize(("text", "expected"), ORGANISERS)
def test_series_organisers(text, expected):
    assert parse_announcement(text).organisers == expected
