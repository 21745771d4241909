"""Stage "normalise": source lines at the top of a pasted page never change the result."""

from __future__ import annotations

import pytest
from conftest import fixture_names, fixture_source

from tinget.announcements.parser import parse_announcement
from tinget.announcements.parser.normalise import classify_source_line

CASES = [
    ("https://www.example.dk/arrangementer/2019/netvaerksmoede", "url"),
    ("www.example.org/events", "url"),
    ("Kilde: Netværket for Grønne Kommuner", "label"),
    ("Foto: Mads Holm / Ritzau Scanpix", "label"),
    ("Photo: Jane Doe / City Archive", "label"),
    ("Forside > Arrangementer > Vandets dag 2028", "crumbs"),
    ("Home / Events / Webinars", "crumbs"),
    ("Go to registration »", "link"),
    ("Gå til tilmelding", "link"),
    ("Vi bruger cookies til at forbedre din oplevelse. Accepter alle cookies", "cookie"),
    ("Nyhed | 12. januar 2028", "stamp"),
    ("Published 14 March 2028 · Last updated 2 April 2028", "stamp"),
    ("Af Mette Ravn, 30. november 2028", "stamp"),
    # content, not source lines
    ("Vandets dag 2028", None),
    ("Webinar: Grøn mobilitet i mindre byer", None),
    ("Tirsdag den 21. marts 2028, kl. 9.00-16.00", None),
    ("SAVE THE DATE | Nordic Circular Summit 2027 | 14.10.2027 | Copenhagen", None),
    ("Program", None),
    ("Sted: Kulturhuset, Torvegade 4, 9881 Bindslev", None),
    ("Oplæg v/ Hanne Bjerre / Lis Holm / Søren Mørk, 10.00", None),
]


@pytest.mark.parametrize(("text", "kind"), CASES)
def test_classify_source_line(text, kind):
    assert classify_source_line(text) == kind


LEADING = (
    "https://www.example.dk/nyheder/2019/arrangement-123\n"
    "Kilde: Eksempelforeningen\n"
    "Forside > Arrangementer > Alle arrangementer\n"
    "Vi bruger cookies. Accepter alle cookies\n"
    "Nyhed | 3. januar 2019\n\n"
)


@pytest.mark.parametrize("name", fixture_names())
def test_leading_source_lines_do_not_change_the_result(name):
    data = fixture_source(name)
    if name in ("da_cp1252", "en_utf16") or data.lstrip()[:1] == b"<":
        pytest.skip("encoded or HTML source: prepending plain text would change what it is")
    plain = parse_announcement(data).to_dict()
    text = data.decode("utf-8")
    assert parse_announcement(LEADING + text).to_dict() == plain
