"""Stage 1b, after ``text.prepare``: drop the source lines a pasted page starts with.

A page copied from a browser often starts with lines that belong to the page, not to the
announcement: its address, "Kilde: ...", a photo credit, breadcrumbs, a "go to registration"
link, a cookie notice, a date stamp ("Nyhed | 12. januar 2028", "Published ... · Updated
..."). Leading lines like these must not change the result, so they are removed before any
other stage sees the text. Only lines *before* the first line of content are touched.

Pure functions; the word lists are per language in ``data/source_lines.json``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .dates import find_dates, find_time_range
from .text import Line

DATA = Path(__file__).with_name("data") / "source_lines.json"
I = re.IGNORECASE  # noqa: E741 - short alias, as in core.py

#: How many lines at the top may be source lines at most.
MAX_LEADING = 8


@lru_cache(maxsize=1)
def _words() -> dict[str, list[str]]:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    merged: dict[str, list[str]] = {}
    for lang in ("da", "en"):
        for key, words in data[lang].items():
            merged.setdefault(key, []).extend(words)
    return merged


def _alternation(key: str) -> str:
    words = sorted(set(_words()[key]), key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern]:
    return {
        "url": re.compile(r"^(?:<?(?:https?://|www\.)\S+>?)$", I),
        "label": re.compile(rf"^(?:{_alternation('labels')})\s*:\s*\S", I),
        "link": re.compile(rf"^(?:{_alternation('links')})\b.{{0,50}}$", I),
        "stamp": re.compile(rf"^(?:{_alternation('stamps')})\b", I),
        "cookie": re.compile(rf"\b(?:{_alternation('cookies')})\b", I),
        "crumbs": re.compile(r"^[^>›»/\n]{1,40}(?:\s+[>›»/]\s+[^>›»/\n]{1,60}){2,}$"),
    }


@dataclass(frozen=True)
class SourceLine:
    """Why a leading line was taken for a source line (for tests and warnings)."""

    index: int
    kind: str  # url | label | link | crumbs | cookie | stamp | date
    #: the line as written (for the warning about a date taken for a publication date)
    text: str = ""


def _stamp(text: str) -> bool:
    """A date stamp: "Nyhed | 12. januar 2028", "Published 14 March 2028 · Updated ...",
    "Af Mette Ravn, 30. november 2028" - dates and stamp words, and nothing of an event."""
    dates = find_dates(text)
    if not dates or find_time_range(text):
        return False
    rest = text
    for d in reversed(dates):
        rest = rest[: d.start] + " " + rest[d.end :]
    if all(d.kind == "publication" for d in dates) and len(rest.split()) <= 8:
        return True
    if not _patterns()["stamp"].match(text.strip()):
        return False
    words = [w for w in re.split(r"[\s|·•,]+", rest) if w]
    return len(words) <= 6


def _event_facts(text: str) -> bool:
    """A session date or a time: what a source line never carries."""
    return bool(find_time_range(text)) or any(d.kind == "session" for d in find_dates(text))


def classify_source_line(text: str) -> str | None:
    """The kind of source line ``text`` is, or None when it may be content."""
    t = text.strip()
    if not t:
        return None
    pats = _patterns()
    if pats["url"].match(t):
        return "url"
    if pats["label"].match(t) and len(t.split()) <= 12:
        return "label"
    if pats["cookie"].search(t) and len(t.split()) <= 40:
        return "cookie"
    if pats["link"].match(t) and not find_dates(t):
        return "link"
    if pats["crumbs"].match(t) and len(t.split()) <= 16 and not _event_facts(t):
        return "crumbs"
    if _stamp(t):
        return "stamp"
    return None


def leading_source_lines(lines: list[Line]) -> list[SourceLine]:
    """The source lines at the top of ``lines`` (stops at the first line of content)."""
    found: list[SourceLine] = []
    for n, line in enumerate(lines[:MAX_LEADING]):
        kind = classify_source_line(line.text)
        if kind is None:
            break
        found.append(SourceLine(n, kind, line.text))
    if found and len(found) == len(lines):
        return []  # nothing but "source lines": keep the text as it is
    if _dated_stamp(lines, len(found)):
        found.append(SourceLine(len(found), "date", lines[len(found)].text))
    return found


def _only_a_date(text: str) -> bool:
    dates = find_dates(text)
    if not dates or find_time_range(text):
        return False
    rest = text
    for d in reversed(dates):
        rest = rest[: d.start] + " " + rest[d.end :]
    return not re.search(r"[^\W\d_]{2,}", rest)


def _dated_stamp(lines: list[Line], n: int) -> bool:
    """'30. oktober 2027' alone above the headline of a news item that dates its events
    elsewhere: the day it was published."""
    if n + 1 >= len(lines) or not _only_a_date(lines[n].text):
        return False
    headline = lines[n + 1].text
    if find_dates(headline) or find_time_range(headline) or len(headline.split()) < 2:
        return False
    stamp = {(d.day, d.month) for d in find_dates(lines[n].text)}
    for line in lines[n + 2 : n + 60]:
        for d in find_dates(line.text):
            if d.kind == "session" and (d.day, d.month) not in stamp:
                return True
    return False


def strip_source_lines(lines: list[Line]) -> tuple[list[Line], list[SourceLine]]:
    """``lines`` without their leading source lines, and what was removed."""
    removed = leading_source_lines(lines)
    if not removed:
        return lines, []
    kept = lines[len(removed) :]
    for n, line in enumerate(kept):
        line.index = n  # the parser looks lines up by index
    kept[0].blank_before = False
    return kept, removed


_SPELLINGS = (
    # "v./ Karin Juhl" and "v/. Karin Juhl": one way of writing "ved"
    (re.compile(r"(?<![\w/])v\s?\./\.?|(?<![\w/])v/\."), "v/"),
)


def tidy_spellings(lines: list[Line]) -> bool:
    """Write a few variant spellings one way, in place; True when a line changed."""
    changed = False
    for line in lines:
        text = line.text
        for pattern, repl in _SPELLINGS:
            if "v" in text:
                text = pattern.sub(repl, text)
        if text != line.text:
            line.text = text
            changed = True
    return changed
