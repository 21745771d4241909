"""The 17 SDGs: explicit references, title mentions, keyword suggestions and mismatch checks."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

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


REF = re.compile(
    r"\b(?:fn['’`s]*\s+)?(?:verdensmål(?:et)?|mål|sdg['’]?s?|goal)\s*(?:nr\.?|no\.?|#)?\s*"
    r"(?P<n>\d{1,2})(?!\d|[.,]\d)",
    re.IGNORECASE,
)
_AFTER_REF = re.compile(r"^\s*(?:[-–—:,]|\()?\s*[\"“”„«»']?\s*")

# Deliberately short stems: a goal is suggested from keywords only when they occur in a
# title, or several times in the session's text (see suggest()).
KEYWORDS: dict[int, tuple[str, ...]] = {
    1: (r"\bfattigdom", r"poverty"),
    2: (r"\bsult\b", r"hunger", r"fødevaresikkerhed", r"food security"),
    3: (r"\bsundhed", r"\btrivsel", r"\bhealth", r"well-?being", r"\bmental\b"),
    4: (r"\buddannelse", r"\beducation", r"\blæring", r"\bskoler?\b", r"\bschools?\b"),
    5: (r"\bligestilling", r"gender"),
    6: (r"\b(?:grund|spilde|drikke|regn)?vand(?:et|s)?\b", r"\bwater\b", r"sanitet"),
    7: (r"\benergi", r"\benergy", r"\bvedvarende", r"renewable", r"solcelle", r"vindmølle"),
    8: (r"beskæftigelse", r"employment", r"anstændige jobs", r"decent work"),
    9: (r"\binnovation", r"\binfrastruktur", r"infrastructure"),
    10: (r"\bulighed", r"\binequalit", r"\binklusion", r"inclusion"),
    11: (r"\bbyer\b", r"byudvikling", r"lokalsamfund", r"\bcities\b", r"\burban", r"mobilitet",
         r"mobility", r"landsby", r"\bbolig"),
    12: (r"\bcirkulær", r"\bcircular", r"\bgenbrug", r"\baffald", r"\bwaste", r"\breuse", r"\bforbrug",
         r"consumption", r"\bindkøb", r"\bprocurement"),
    13: (r"\bklima", r"\bclimate", r"\bco2", r"drivhusgas", r"emission"),
    14: (r"\bhavet\b", r"\bhav\b", r"\bocean", r"\bmarine", r"fiskeri", r"\bkyst", r"coastal"),
    15: (r"biodiversitet", r"biodiversity", r"\bnatur(?:en)?\b", r"\bnature\b", r"\bskov",
         r"\bforest", r"vådområde", r"wetland"),
    16: (r"retfærdighed", r"\bjustice", r"korruption", r"corruption", r"demokrati", r"democra"),
    17: (r"\bpartnerskab", r"\bpartnership"),
}
_KW = {n: re.compile("|".join(pats), re.IGNORECASE) for n, pats in KEYWORDS.items()}


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


@cache
def _title_patterns() -> list[tuple[int, re.Pattern]]:
    out = []
    for g in goals().values():
        for title in (g.title_da, g.title_en):
            words = [re.escape(w) for w in title.replace(",", " ").split()]
            out.append((g.number, re.compile(r"\b" + r",?\s+".join(words) + r"\b", re.IGNORECASE)))
    return out


def explicit_refs(text: str) -> list[int]:
    return sorted({int(m.group("n")) for m in REF.finditer(text) if 1 <= int(m.group("n")) <= 17})


def title_mentions(text: str) -> set[int]:
    return {n for n, pat in _title_patterns() if pat.search(text)}


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
        for k, pat in _title_patterns():
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
    for n, pat in _KW.items():
        if pat.search(titles) or len(pat.findall(body)) >= 2:
            found.add(n)
    return sorted(found)
