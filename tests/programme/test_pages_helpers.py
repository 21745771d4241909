"""The helpers behind the pages: Danish dates and times, Markdown, structured data."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from tinget.programme.formatting import format_clock, format_day, format_when
from tinget.programme.markdown import markdown_to_text, render_markdown

UTC = dt.UTC
CPH = ZoneInfo("Europe/Copenhagen")


def this_year(month, day, hour, minute=0) -> dt.datetime:
    return dt.datetime(timezone.localdate().year, month, day, hour, minute, tzinfo=CPH)


def test_when_in_danish_uses_dots_and_a_hyphen():
    start = this_year(11, 1, 9)
    assert format_when(start, start + dt.timedelta(hours=1), language="da") == (
        "1. november kl. 09.00-10.00"
    )


def test_when_in_english_uses_colons_and_an_en_dash():
    start = this_year(11, 1, 9)
    assert format_when(start, start + dt.timedelta(hours=1), language="en") == (
        "1 November, 09:00–10:00"
    )


def test_when_converts_utc_to_copenhagen_summer_and_winter_time():
    year = timezone.localdate().year
    summer = dt.datetime(year, 6, 3, 7, 0, tzinfo=UTC)  # 09.00 CEST
    winter = dt.datetime(year, 12, 3, 8, 0, tzinfo=UTC)  # 09.00 CET
    assert format_when(summer, summer + dt.timedelta(hours=1), language="da") == (
        "3. juni kl. 09.00-10.00"
    )
    assert format_when(winter, winter + dt.timedelta(minutes=90), language="da") == (
        "3. december kl. 09.00-10.30"
    )


def test_when_names_the_year_when_it_is_not_this_year():
    start = dt.datetime(timezone.localdate().year + 1, 3, 2, 9, 0, tzinfo=CPH)
    assert format_when(start, start + dt.timedelta(hours=1), language="da") == (
        f"2. marts {start.year} kl. 09.00-10.00"
    )
    assert format_day(start, language="da", weekday=True) == f"tirsdag den 2. marts {start.year}"


def test_when_across_midnight_names_both_days():
    start = this_year(11, 1, 23)
    text = format_when(start, start + dt.timedelta(hours=2), language="da")
    assert text == "1. november kl. 23.00 - 2. november kl. 01.00"


def test_clock_of_a_programme_item_time():
    assert format_clock(dt.time(9, 5), language="da") == "09.05"
    assert format_clock(dt.time(9, 5), language="en") == "09:05"


def test_markdown_keeps_nested_lists_and_links():
    html = render_markdown("- a\n  - b [link](https://example.org/x)\n- c")
    assert "<ul>\n<li>a\n<ul>\n<li>b <a" in html
    assert 'href="https://example.org/x" rel="noopener noreferrer"' in html


@pytest.mark.parametrize(
    "source",
    [
        "<script>alert(1)</script>",
        "[x](javascript:alert(1))",
        '<a href="https://example.org" onclick="alert(1)">x</a>',
        "<iframe src=https://example.org></iframe>",
        "![billede](https://example.org/x.png)",
    ],
)
def test_markdown_drops_scripts_handlers_frames_and_images(source):
    elements = _elements(render_markdown(source))
    tags = {tag for tag, _ in elements}
    assert not tags & {"script", "iframe", "img"}
    for _, attrs in elements:
        assert not [name for name, _ in attrs if name.startswith("on")]
        assert not [v for name, v in attrs if name == "href" and "javascript" in (v or "")]


def _elements(html: str) -> list[tuple[str, list]]:
    """The real elements in HTML (escaped markup stays text and is not listed)."""
    from html.parser import HTMLParser

    found = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, attrs))

    Collector().feed(html)
    return found


def test_markdown_headings_start_below_the_page_headings():
    assert render_markdown("# Titel\n\n## Under", top_heading=3).strip() == (
        "<h3>Titel</h3>\n<h4>Under</h4>"
    )
    assert "<h6>" in render_markdown("###### dyb", top_heading=4)


def test_markdown_of_nothing_is_empty():
    assert render_markdown("") == ""
    assert render_markdown(None) == ""
    assert render_markdown("   \n") == ""


def test_markdown_to_text_for_descriptions():
    assert markdown_to_text("**Fed** og [link](https://x.org) &amp; mere") == "Fed og link & mere"
