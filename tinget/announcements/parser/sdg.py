"""The 17 SDGs: explicit references, title mentions, keyword suggestions and mismatch checks."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .gate import Gated

DATA = Path(__file__).with_name("data")


@dataclass(frozen=True)
class Goal:
    number: int
    title_da: str
    title_en: str


@cache
def goals() -> dict[int, Goal]:
    with (DATA / "sdgs_da_en.csv").open(encoding="utf-8") as fh:
        return {
            int(r["nummer"]): Goal(int(r["nummer"]), r["titel_da"], r["title_en"])
            for r in csv.DictReader(fh)
        }


REF = Gated(
    re.compile(
        r"\b(?:verdensmål(?:et)?|mål|sdg['’]?s?|goal)\s*(?:nr\.?|no\.?|#)?\s*"
        r"(?P<n>\d{1,2})(?!\d|[.,]\d)",
        re.IGNORECASE,
    ),
    ("mål", "sdg", "goal"),
    fold=True,
)
_AFTER_REF = re.compile(r"^\s*(?:[-–—:,]|\()?\s*[\"“”„«»']?\s*")

# Deliberately short word stems: a goal is suggested from keywords only when one occurs in a
# title, or twice in the session's text (see suggest()). "=" marks a whole word, "~" a phrase;
# anything else is a word prefix.
KEYWORDS: dict[int, tuple[str, ...]] = {
    1: ("fattigdom", "poverty"),
    2: ("=sult", "hunger", "fødevaresikkerhed", "~food security"),
    3: ("sundhed", "trivsel", "health", "wellbeing", "~well-being", "=mental"),
    4: ("uddannelse", "education", "læring", "=skole", "=skoler", "=school", "=schools"),
    5: ("ligestilling", "gender"),
    6: (
        "=vand",
        "=vandet",
        "=vands",
        "grundvand",
        "spildevand",
        "drikkevand",
        "regnvand",
        "=water",
        "sanitet",
    ),
    7: ("energi", "energy", "vedvarende", "renewable", "solcelle", "vindmølle"),
    8: ("beskæftigelse", "employment", "~anstændige jobs", "~decent work"),
    9: ("innovation", "infrastruktur", "infrastructure"),
    10: ("ulighed", "inequalit", "inklusion", "inclusion"),
    11: (
        "=byer",
        "=cities",
        "byudvikling",
        "lokalsamfund",
        "urban",
        "mobilitet",
        "mobility",
        "landsby",
        "bolig",
    ),
    12: (
        "cirkulær",
        "circular",
        "genbrug",
        "affald",
        "waste",
        "reuse",
        "forbrug",
        "consumption",
        "indkøb",
        "procurement",
    ),
    13: ("klima", "climate", "co2", "drivhusgas", "emission"),
    14: ("=havet", "=hav", "ocean", "marine", "fiskeri", "kyst", "coastal"),
    15: (
        "biodiversitet",
        "biodiversity",
        "=natur",
        "=naturen",
        "=nature",
        "skov",
        "forest",
        "vådområde",
        "wetland",
    ),
    16: ("retfærdighed", "justice", "korruption", "corruption", "demokrati", "democra"),
    17: ("partnerskab", "partnership"),
}
_EXACT: dict[str, int] = {}
_PREFIX: dict[str, list[tuple[str, int]]] = {}
_PHRASES: list[tuple[str, int]] = []
for _n, _words in KEYWORDS.items():
    for _w in _words:
        if _w.startswith("="):
            _EXACT[_w[1:]] = _n
        elif _w.startswith("~"):
            _PHRASES.append((_w[1:], _n))
        else:
            _PREFIX.setdefault(_w[:3], []).append((_w, _n))
_WORD = re.compile(r"\w+")


def _keyword_counts(text: str) -> dict[int, int]:
    counts: dict[int, int] = {}
    low = text.lower()
    for word in _WORD.findall(low):
        n = _EXACT.get(word)
        if n is None:
            for stem, goal in _PREFIX.get(word[:3], ()):
                if word.startswith(stem):
                    n = goal
                    break
        if n is not None:
            counts[n] = counts.get(n, 0) + 1
    for phrase, n in _PHRASES:
        if phrase in low:
            counts[n] = counts.get(n, 0) + low.count(phrase)
    return counts


@cache
def _title_patterns() -> list[tuple[int, re.Pattern, str]]:
    out = []
    for g in goals().values():
        for title in (g.title_da, g.title_en):
            words = [re.escape(w) for w in title.replace(",", " ").split()]
            pat = re.compile(r"\b" + r",?\s+".join(words) + r"\b", re.IGNORECASE)
            # the longest word is a cheap substring pre-check before the regex runs
            out.append((g.number, pat, max(title.lower().replace(",", " ").split(), key=len)))
    return out


def explicit_refs(text: str) -> list[int]:
    return sorted({int(m.group("n")) for m in REF.finditer(text) if 1 <= int(m.group("n")) <= 17})


def title_mentions(text: str) -> set[int]:
    low = text.lower()
    return {n for n, pat, key in _title_patterns() if key in low and pat.search(text)}


def mismatches(text: str) -> list[tuple[int, int, str]]:
    """(cited number, goal whose title follows it, the title as written)."""
    out = []
    for m in REF.finditer(text):
        n = int(m.group("n"))
        if not 1 <= n <= 17:
            continue
        rest = text[m.end() : m.end() + 120]
        lead = _AFTER_REF.match(rest)
        rest = rest[lead.end() :] if lead else rest
        low = rest.lower()
        for k, pat, key in _title_patterns():
            if key not in low:
                continue
            hit = pat.match(rest)
            if hit:
                if k != n:
                    out.append((n, k, hit.group(0)))
                break
    return out


def mismatch_warning(item_title: str, n: int, k: int, written: str, language: str) -> str:
    g = goals()
    if language == "en":
        return (
            f'Item "{item_title}" cites SDG {n} ({g[n].title_en}) but the title "{written}" '
            f"belongs to SDG {k} ({g[k].title_en})"
        )
    return (
        f'Punktet "{item_title}" nævner verdensmål {n} ({g[n].title_da}) men titlen '
        f'"{written}" hører til verdensmål {k} ({g[k].title_da})'
    )


def suggest(titles: str, body: str) -> list[int]:
    """Conservative SDG suggestions for a session from its titles and its full text."""
    text = titles + "\n" + body
    found: set[int] = set(explicit_refs(text)) | title_mentions(text)
    in_titles = _keyword_counts(titles)
    in_body = _keyword_counts(body)
    found.update(n for n in in_titles)
    found.update(n for n, c in in_body.items() if c >= 2)
    return sorted(found)
