"""Fact-level scorer for the announcement importer.

An extraction is broken into *facts*: the series title, each organiser, each registration
field, and per session its date, start, end, title, status, format and place, per programme
item its time and title, and per speaker their name, role, organisation and event role.

A fact exists on a side when its value is not null.  A gold fact that the prediction has
(nearly) equal is a true positive; a predicted fact with no equal gold fact is a false
positive; a gold fact the prediction lacks or gets wrong is a false negative.  Null on both
sides is no fact at all, so saying "I don't know" where the gold says the same costs nothing.

Texts match when nearly equal: case, whitespace, quote marks, dash kinds and trailing
punctuation are normalised away, then difflib's ratio must be >= 0.9.  Dates, times and enum
values must be equal.

Sessions are aligned by date first (in order), then the rest by position; items by best title
similarity (a shared time helps); speakers by name.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field

TEXT_RATIO = 0.9

_QUOTES = re.compile(r"[\"'“”„‟«»‹›`´‘’‚]")
_DASHES = re.compile(r"[‐‑‒–—―−]")
_SPACE = re.compile(r"\s+")


def normalise(text: str | None) -> str:
    """Lower-case, NFC, no quotes, one kind of dash, single spaces, no trailing punctuation."""
    if text is None:
        return ""
    text = unicodedata.normalize("NFC", str(text)).replace("\xa0", " ")
    text = _QUOTES.sub("", text)
    text = _DASHES.sub("-", text)
    text = _SPACE.sub(" ", text).strip().lower()
    return text.strip(" .,;:")


def similarity(a: str | None, b: str | None) -> float:
    na, nb = normalise(a), normalise(b)
    if not na and not nb:
        return 1.0
    if not na or not nb:
        return 0.0
    if na == nb:
        return 1.0
    return difflib.SequenceMatcher(None, na, nb, autojunk=False).ratio()


def texts_match(a: str | None, b: str | None) -> bool:
    return similarity(a, b) >= TEXT_RATIO


def place_match(a: str | None, b: str | None) -> bool:
    """Places also match when one is contained in the other (venue vs. venue + address)."""
    if texts_match(a, b):
        return True
    na, nb = normalise(a), normalise(b)
    return bool(na and nb) and (na in nb or nb in na)


def exact_match(a, b) -> bool:
    return a == b


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def fact(self, where: str, gold, pred, match=exact_match) -> None:
        """Count one fact slot: gold and predicted values at the same place."""
        g_has = gold is not None and gold != ""
        p_has = pred is not None and pred != ""
        if not g_has and not p_has:
            return
        if g_has and p_has and match(gold, pred):
            self.tp += 1
            return
        if g_has:
            self.fn += 1
        if p_has:
            self.fp += 1
        self.misses.append(f"{where}: gold={gold!r} pred={pred!r}")


def _greedy_align(golds: list, preds: list, sim, threshold: float) -> list[tuple]:
    """Pairs (gold index | None, pred index | None), best similarity first."""
    pairs = sorted(
        ((sim(g, p), gi, pi) for gi, g in enumerate(golds) for pi, p in enumerate(preds)),
        key=lambda t: (-t[0], t[1], t[2]),
    )
    used_g: set[int] = set()
    used_p: set[int] = set()
    out: list[tuple] = []
    for s, gi, pi in pairs:
        if s < threshold or gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        out.append((gi, pi))
    out += [(gi, None) for gi in range(len(golds)) if gi not in used_g]
    out += [(None, pi) for pi in range(len(preds)) if pi not in used_p]
    return out


def _align_sessions(golds: list[dict], preds: list[dict]) -> list[tuple]:
    used_p: set[int] = set()
    pairs: dict[int, int] = {}
    for gi, g in enumerate(golds):
        for pi, p in enumerate(preds):
            if pi not in used_p and g.get("date") and g.get("date") == p.get("date"):
                pairs[gi] = pi
                used_p.add(pi)
                break
    rest_g = [gi for gi in range(len(golds)) if gi not in pairs]
    rest_p = [pi for pi in range(len(preds)) if pi not in used_p]
    for gi, pi in zip(rest_g, rest_p, strict=False):
        pairs[gi] = pi
        used_p.add(pi)
    out = [(gi, pairs.get(gi)) for gi in range(len(golds))]
    out += [(None, pi) for pi in range(len(preds)) if pi not in used_p]
    return out


def _speaker_facts(score: Score, where: str, g: dict | None, p: dict | None) -> None:
    g = g or {}
    p = p or {}
    who = g.get("name") or p.get("name")
    score.fact(f"{where} speaker name", g.get("name"), p.get("name"), texts_match)
    score.fact(f"{where} {who} role", g.get("role"), p.get("role"), texts_match)
    score.fact(
        f"{where} {who} organisation", g.get("organisation"), p.get("organisation"), texts_match
    )
    score.fact(f"{where} {who} event_role", g.get("event_role"), p.get("event_role"))


def _item_sim(g: dict, p: dict) -> float:
    s = similarity(g.get("title"), p.get("title"))
    if g.get("time") and g.get("time") == p.get("time"):
        s += 0.5
    return s


def _item_facts(score: Score, where: str, g: dict | None, p: dict | None) -> None:
    g = g or {}
    p = p or {}
    label = f"{where} item {(g.get('title') or p.get('title') or '')[:40]!r}"
    score.fact(f"{label} time", g.get("time"), p.get("time"))
    score.fact(f"{label} title", g.get("title"), p.get("title"), texts_match)
    gs, ps = g.get("speakers") or [], p.get("speakers") or []
    for gi, pi in _greedy_align(gs, ps, lambda a, b: similarity(a.get("name"), b.get("name")), 0.8):
        _speaker_facts(
            score, label, gs[gi] if gi is not None else None, ps[pi] if pi is not None else None
        )


def _session_facts(score: Score, where: str, g: dict | None, p: dict | None) -> None:
    g = g or {}
    p = p or {}
    where = f"session {g.get('date') or p.get('date')} ({where})"
    score.fact(f"{where} date", g.get("date"), p.get("date"))
    score.fact(f"{where} start", g.get("start"), p.get("start"))
    score.fact(f"{where} end", g.get("end"), p.get("end"))
    score.fact(f"{where} title", g.get("title"), p.get("title"), texts_match)
    score.fact(f"{where} status", g.get("status"), p.get("status"))
    score.fact(f"{where} format", g.get("format"), p.get("format"))
    score.fact(f"{where} place", g.get("place"), p.get("place"), place_match)
    gi_list, pi_list = g.get("items") or [], p.get("items") or []
    for gi, pi in _greedy_align(gi_list, pi_list, _item_sim, 0.55):
        _item_facts(
            score,
            where,
            gi_list[gi] if gi is not None else None,
            pi_list[pi] if pi is not None else None,
        )


def score_extraction(gold: dict, pred: dict) -> Score:
    """Compare a predicted extraction dict with a gold one; return counts and misses."""
    score = Score()
    score.fact("series_title", gold.get("series_title"), pred.get("series_title"), texts_match)
    g_org, p_org = gold.get("organisers") or [], pred.get("organisers") or []
    for gi, pi in _greedy_align(g_org, p_org, similarity, TEXT_RATIO):
        score.fact(
            "organiser",
            g_org[gi] if gi is not None else None,
            p_org[pi] if pi is not None else None,
            texts_match,
        )
    g_reg, p_reg = gold.get("registration") or {}, pred.get("registration") or {}
    score.fact("registration free", g_reg.get("free"), p_reg.get("free"))
    score.fact("registration platform", g_reg.get("platform"), p_reg.get("platform"), texts_match)
    score.fact("registration contact_email", g_reg.get("contact_email"), p_reg.get("contact_email"))
    score.fact("registration deadline", g_reg.get("deadline"), p_reg.get("deadline"))
    g_ses, p_ses = gold.get("sessions") or [], pred.get("sessions") or []
    for n, (gi, pi) in enumerate(_align_sessions(g_ses, p_ses)):
        _session_facts(
            score,
            f"#{n + 1}",
            g_ses[gi] if gi is not None else None,
            p_ses[pi] if pi is not None else None,
        )
    return score
