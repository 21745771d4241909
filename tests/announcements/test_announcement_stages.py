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
