"""People in programme lines: names, roles, organisations and their part in the event.

Handles the usual orders: "NAME, ROLE, ORG", "ROLE NAME fra ORG", "ORG's ROLE NAME"
(genitive organisation), "ROLE, NAME", "NAME/ROLE", "NAME (ORG)", "NAME, ROLE at ORG",
several people joined by "og"/"and"/",", party tags, honorifics and former roles.
"""

from __future__ import annotations

import csv
import itertools
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

from .gate import Gated
from .lexicon import word_list
from .result import Speaker

DATA = Path(__file__).with_name("data")


@cache
def first_names() -> frozenset[str]:
    names: set[str] = set()
    for line in (DATA / "first_names.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        names.update(w.lower() for w in line.split())
    # "Tomás", "José", "Zoë": the same name without its accent is known too
    names.update(_fold(n) for n in list(names))
    return frozenset(names)


def _fold(name: str) -> str:
    return (
        "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
        .replace("ø", "o")
        .replace("æ", "ae")
        .replace("å", "a")
    )


@cache
def municipalities() -> dict[str, str]:
    """Short name (lower case) -> official name, e.g. "gentofte" -> "Gentofte Kommune"."""
    with (DATA / "kommuner.csv").open(encoding="utf-8") as fh:
        return {row["navn"].lower(): row["officielt_navn"] for row in csv.DictReader(fh)}


# ----------------------------------------------------------------------------- lexicons

_DA_ROLE_SUFFIXES = tuple(word_list("roles", "da_suffixes"))
_EN_ROLES = frozenset(word_list("roles", "en"))
_OF_ROLES = frozenset(word_list("roles", "of_org"))
_ORG_WORDS = frozenset(word_list("organisations", "words"))
_ORG_SUFFIXES = tuple(word_list("organisations", "suffixes"))
_NOT_NAME = frozenset(
    [
        "den",
        "det",
        "de",
        "der",
        "en",
        "et",
        "i",
        "vi",
        "du",
        "han",
        "hun",
        "the",
        "a",
        "an",
        "in",
        "on",
        "at",
        "of",
        "and",
        "og",
        "for",
        "til",
        "med",
        "fra",
        "om",
        "efter",
        "før",
        "program",
        "programme",
        "velkomst",
        "welcome",
        "pause",
        "frokost",
        "lunch",
        "break",
        "keynote",
        "panel",
        "paneldebat",
        "debat",
        "workshop",
        "workshops",
        "oplæg",
        "talk",
        "session",
        "webinar",
        "webinaret",
        "spørgsmål",
        "tak",
        "afrunding",
        "kaffe",
        "coffee",
        "moderator",
        "ordstyrer",
        "facilitator",
        "speaker",
        "speakers",
        "oplægsholder",
        "oplægsholdere",
        "dato",
        "sted",
        "tid",
        "hvor",
        "hvornår",
        "date",
        "venue",
        "time",
        "where",
        "when",
        "region",
        "danmark",
        "denmark",
        "mål",
        "verdensmål",
        "verdensmålene",
        "sdg",
        "sdgs",
        "goal",
        "goals",
        "fn",
        "un",
        "eu",
        "day",
        "dag",
        "track",
        "part",
        "del",
        "team",
        "teams",
        "zoom",
        "microsoft",
        "google",
        "meet",
        "q&a",
        "opening",
        "closing",
        "introduction",
        "introduktion",
        "networking",
        "netværk",
        "reception",
        "registration",
        "tilmelding",
        "mere",
        "more",
        "info",
        "læs",
        "read",
        "se",
        "see",
        "hvordan",
        "how",
        "why",
        "hvorfor",
        "what",
        "hvad",
        "who",
        "hvem",
        "our",
        "vores",
        "new",
        "ny",
        "nye",
        "grøn",
        "grønne",
        "green",
        "bæredygtig",
        "bæredygtige",
        "sustainable",
        "circular",
        "cirkulær",
        "cirkulære",
        "climate",
        "klima",
    ]
)
_HONORIFICS = re.compile(
    r"^(?:(?:dr|prof|mr|mrs|mx|ms|sir|dame|cand|mag|lic|hon|rt|cllr|assoc|asst)\.?|ph\.?\s?d\.?|phd|"
    r"h\.?\s?e\.?|excellency)$",
    re.IGNORECASE,
)
_PARTY = re.compile(
    r"\((?P<p>S|V|K|EL|Ø|SF|F|RV|R|B|DF|O|LA|I|ALT|Å|M|DD|Æ|KD|C|A|NB|UFG|løsgænger)\)"
)
_EVENT_TAG = re.compile(
    r"\((?P<r>moderator|ordstyrer|facilitator|panelist|panellist|paneldeltager|vært|host|chair|"
    r"chairperson|chairman|chairwoman|ordfører)\)",
    re.IGNORECASE,
)
_FORMER = re.compile(
    r"^(?:tidl\.|tidligere|fhv\.|forhenværende|former|formerly|ex-|previously)", re.IGNORECASE
)
_LEADIN = re.compile(
    r"^(?:(?:der|som)\s+(?:er|var|har været)\s+|der\s+|som\s+|who\s+(?:is|was)\s+|who\s+|"
    r"(?:og|and|samt|&)\s+|(?:both|begge|all|alle)\s+)+",
    re.IGNORECASE,
)
_SHARED = re.compile(r"^(?:both|begge|all|alle)\s", re.IGNORECASE)
_CLAUSE_CUT = re.compile(
    r"\s+(?:og|and)\s+(?=(?:den|det|de|har|er|var|som|der|en|et|the|is|was|has|who|now|nu)\b)"
    r"|,?\s+(?:now|nu)\s+",
    re.IGNORECASE,
)
_NAME_TOKEN = re.compile(
    r"^(?:[A-ZÆØÅÄÖÜÉÈÁÍÓÚÑÇŠŽÐÞÝÂÊÎÔÛËÏŁŚĆŃŹŻČŘĚŐŰ][a-zæøåäöüéèáíóúñçšžßðþýâêîôûëïłśćńźżčřěőűăşţ]+(?:[A-Z][a-z]+)?"
    r"|[A-Z]['’][A-Z][a-z]+)(?:-[A-ZÆØÅÄÖÜÉÈÁÍÓÚÑÇŠŽÐÞÝÂÊÎÔÛËÏŁŚĆŃŹŻČŘĚŐŰa-zæøåäöüéèáíóúñçšžßðþýâêîôûëïłśćńźżčřěőűăşţ][a-zæøåäöüéèáíóúñçšžßðþýâêîôûëïłśćńźżčřěőűăşţ]+)*$"
)
_INITIAL = re.compile(r"^(?:Aa|Chr|Th|Kr|Wm|[A-ZÆØÅÄÖÜÉÈÁÍÓÚÑÇŠŽÐÞÝÂÊÎÔÛËÏŁŚĆŃŹŻČŘĚŐŰ])\.$")
_PARTICLES = frozenset(
    [
        "van",
        "von",
        "de",
        "da",
        "du",
        "dos",
        "di",
        "del",
        "la",
        "le",
        "ter",
        "ten",
        "bin",
        "al",
        "af",
        "der",
        "den",
        "zu",
        "dei",
        "della",
        "das",
        "do",
        "y",
        "ibn",
        "abu",
    ]
)
_ROLE_MARKERS = Gated(
    re.compile(
        r"(?:[,;.]?\s*(?:followed by|efterfulgt af)\b[^,;]{0,40}?\s)?"
        r"(?:[,;]\s*|\s+|^)(?P<kw>moderated by|chaired by|facilitated by|hosted by|"
        r"modereret af|modereres af|faciliteret af|faciliteres af|ledet af|"
        r"moderator:|moderators:|ordstyrer:|facilitator:|"
        r"med (?:ordstyrer|moderator)|(?:og|and) (?:ordstyrer|moderator)|"
        r"panel with|panel med|panelists?:|panellists?:|paneldeltagere:|panel:)\s*",
        re.IGNORECASE,
    ),
    ("by", " af", "moderator", "ordstyrer", "facilitator", "panel"),
)
_LEAD_WORDS = re.compile(
    r"^(?:(?:et |an? |the )?(?:oplæg|indlæg|foredrag|talk|presentation|præsentation|keynote)\s+"
    r"(?:af|ved|fra|by|v\.|v/)\s+|(?:af|ved|by|med|with)\s+)",
    re.IGNORECASE,
)
_FOLLOWED = re.compile(r",?\s+(?:followed by|efterfulgt af)\b.*$", re.IGNORECASE)


def _clean_token(tok: str) -> str:
    return tok.strip(".,;:()[]\"'“”„«»`´‘’!?")


@lru_cache(maxsize=8192)
def is_role_word(tok: str) -> bool:
    t = _clean_token(tok).lower()
    if not t:
        return False
    if t in _EN_ROLES or ("-" in t and t.rsplit("-", 1)[-1] in _EN_ROLES):
        return True  # "Pro-rector", "Vice-chair"
    if len(t) >= 4 and t.endswith(_DA_ROLE_SUFFIXES):
        return True
    if len(t) >= 7 and t.endswith(("ologist", "ician", "ographer", "ologists", "icians")):
        return True  # "Hydrologist", "Statistician", "Cartographer"
    # Danish plural and definite forms: "konsulenterne", "direktøren", "borgmestre"
    for ending in ("erne", "ene", "ne", "en", "er", "e"):
        if t.endswith(ending) and len(t) - len(ending) >= 4:
            stem = t[: -len(ending)]
            if stem.endswith(_DA_ROLE_SUFFIXES):
                return True
    return False


_SEAT_OF_BODY = re.compile(
    r"(?:^|\s)(?P<role>[a-zæøå-]+)\s+(?:for|i)\s+[A-ZÆØÅ][\w'’-]*\s+"
    r"(?:bestyrelse|hovedbestyrelse|styregruppe|udvalg|forretningsudvalg|repræsentantskab)$"
)


def role_prefix(text: str) -> bool:
    """True when text ends in a role word or honorific, so a name may follow it directly."""
    toks = text.split()
    if not toks:
        return False
    last = toks[-1]
    if is_role_word(last) or bool(_HONORIFICS.match(last)):
        return True
    # "formand for KL's bestyrelse NAME": a seat on a body, the Danish "Chair of the Board"
    seat = _SEAT_OF_BODY.search(text)
    return bool(seat) and is_role_word(seat.group("role"))


def has_role_word(text: str) -> bool:
    return any(is_role_word(t) for t in text.split())


@lru_cache(maxsize=8192)
def is_org_word(tok: str) -> bool:
    t = _clean_token(tok).lower()
    if t in _ORG_WORDS:
        return True
    return len(t) > 5 and t.endswith(_ORG_SUFFIXES)


def _is_acronym(tok: str) -> bool:
    t = _clean_token(tok)
    return len(t) >= 2 and t.isupper() and t.isalpha()


def looks_like_org(text: str) -> bool:
    toks = text.split()
    return any(is_org_word(t) or _is_acronym(t) for t in toks) or "&" in text


@lru_cache(maxsize=8192)
def _name_like(tok: str) -> bool:
    c = _clean_token(tok)
    if not c or tok.endswith("-") or tok[0] in "([\"“”„«»'‘’" or not _NAME_TOKEN.match(c):
        return False
    low = c.lower()
    if low in _NOT_NAME or is_org_word(c) or is_role_word(c):
        return False
    from .dates import MONTHS, WEEKDAYS  # noqa: PLC0415 — dates imports this module

    if low in WEEKDAYS and low not in first_names():
        return False  # "Tue" is a Danish name as well as "Tuesday"
    return low not in MONTHS or low in first_names()  # "Jan" is a name, "januar" is not


@dataclass(frozen=True)
class NameHit:
    prefix: str
    name: str
    suffix: str
    known: bool


@lru_cache(maxsize=2048)
def find_name(piece: str, strong: bool = False) -> NameHit | None:
    """The first plausible person name in a piece of text, with what precedes and follows."""
    text = re.sub(r"(?<=[a-zæøåé])/(?=[A-ZÆØÅa-zæøå])", " / ", piece)
    tokens = [(m.group(0), m.start(), m.end()) for m in re.finditer(r"\S+", text)]
    names = first_names()
    i = 0
    while i < len(tokens):
        tok = tokens[i][0]
        if not _name_like(tok) or _HONORIFICS.match(tok):
            i += 1
            continue
        run, j, particle = _name_run(tokens, i, names)
        # a name token followed by "," closes the run
        if re.search(r"[,;:)/]$", tokens[i][0]):
            run = [i]
            j = i + 1
        if 2 <= len(run) <= 4:
            verdict = _judge_run(text, tokens, run, strong, names)
            if isinstance(verdict, NameHit):
                return verdict
            if verdict == "stop" and not particle:
                return None
        i = i + 1 if particle else max(j, i + 1)
    return None


def _name_run(tokens: list, i: int, names: frozenset[str]) -> tuple[list[int], int, bool]:
    """The name-like tokens from ``i`` on: (their indexes, the next index, a particle seen)."""
    j = i + 1
    run = [i]
    particle = False
    while j < len(tokens) and len(run) < 5:
        t = tokens[j][0]
        if _name_like(t) and not _HONORIFICS.match(t):
            run.append(j)
            j += 1
            if re.search(r"[,;:)/]$", t):
                break
            continue
        if len(run) == 1 and _common_word_surname(tokens, i, j, names):
            run.append(j)  # "Ole Bank", "Anne Skov": a surname that is also a common word
            j += 1
            break
        if (
            _INITIAL.match(t)
            and j + 1 < len(tokens)
            and _name_like(tokens[j + 1][0])
            and not _HONORIFICS.match(tokens[j + 1][0])
        ):
            j += 1  # "Thomas Ø. Kragh": a middle initial
            continue
        if t.lower() in _PARTICLES:
            k = j  # "van der Berg", "de la Cruz", "af Rosenborg"
            while k < len(tokens) and k - j < 3 and tokens[k][0].lower() in _PARTICLES:
                k += 1
            if k < len(tokens) and _name_like(tokens[k][0]) and not _HONORIFICS.match(tokens[k][0]):
                j = k
                particle = True
                continue
        break
    return run, j, particle


def _common_word_surname(tokens: list, i: int, j: int, names: frozenset[str]) -> bool:
    t = tokens[j][0]
    return bool(
        (j == len(tokens) - 1 or re.search(r"[,;)]$", t))
        and _NAME_TOKEN.match(_clean_token(t))
        and _clean_token(tokens[i][0]).lower() in names
        and _clean_token(t).lower() not in _NOT_NAME
        and _clean_token(t).lower()
        not in ("kommune", "region", "regionen", "universitet", "university", "council")
    )


def _judge_run(text: str, tokens: list, run: list[int], strong: bool, names: frozenset[str]):
    """A NameHit when the run is a person's name; "stop" when what precedes it rules out a
    name here; None to look further on."""
    i = run[0]
    prefix = text[: tokens[i][1]].strip()
    first = _clean_token(tokens[i][0]).lower()
    known = (
        first in names or _fold(first) in names or ("-" in first and first.split("-")[0] in names)
    )  # "Ole-Petter", "Anne-Mette"
    role_before = role_prefix(prefix)
    prefix_ok = (
        not prefix
        or role_before
        or all(_HONORIFICS.match(t) or _FORMER.match(t) for t in prefix.split())
    )
    honorific = bool(prefix) and any(_HONORIFICS.match(t) for t in prefix.split())
    after = text[tokens[run[-1]][2] - 1 :]
    evidence = known or strong or honorific or role_before
    if not evidence and re.match(r"^,\s", after):
        # "Marcus Bell, Chief Resilience Officer, City of Phoenix": NAME, ROLE
        nxt = after[1:].split(",")[0].strip()
        evidence = (
            0 < len(nxt.split()) <= 5
            and nxt[:1].isupper()
            and is_role_word(nxt.split()[-1])
            and not looks_like_org(nxt)
        )
    if evidence and prefix_ok:
        end = tokens[run[-1]][2]
        name = text[tokens[i][1] : end]
        name = _clean_token(name.split()[0]) + (
            " " + " ".join(name.split()[1:]) if len(name.split()) > 1 else ""
        )
        name = name.rstrip(".,;:)/ ")
        return NameHit(prefix, name, text[end:].strip(), known)
    if prefix and not prefix_ok:
        return "stop"
    return None


# ----------------------------------------------------------------------------- pieces


def split_pieces(text: str) -> list[tuple[str, bool]]:
    """Comma/semicolon pieces outside parentheses; (piece, joined_by_and)."""
    raw: list[str] = []
    depth = 0
    cur: list[str] = []
    for ch in text:
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        if ch in ",;" and depth == 0:
            raw.append("".join(cur))
            cur = []
            continue
        cur.append(ch)
    raw.append("".join(cur))
    out: list[tuple[str, bool]] = []
    for piece in (p.strip() for p in raw):
        if not piece:
            continue
        joined = False
        m = re.match(
            r"^(?:og|and|samt|&)\s+(?:(?:from|fra|with|med)\s+(?=[A-ZÆØÅ]\w+\s+[A-ZÆØÅ]))?",
            piece,
            re.IGNORECASE,
        )
        if m:
            piece = piece[m.end() :]
            joined = True
        parts = re.split(r"(?<!-)\s+(?:og|and|samt|&)\s+", piece)
        acc = parts[0]
        acc_joined = joined
        for part in parts[1:]:
            hit = find_name(part)
            if (hit and not hit.prefix.strip(" -")) or (
                hit and role_prefix(hit.prefix) and not looks_like_org(hit.prefix)
            ):
                out.append((acc, acc_joined))
                acc, acc_joined = part, True
            else:
                sep = re.search(r"\s+(?:og|and|samt|&)\s+", piece[len(acc) :])
                acc = acc + (sep.group(0) if sep else " og ") + part
        out.append((acc, acc_joined))
    return out


_PREPS = (
    (" at ", False),
    (" hos ", False),
    (" i ", False),
    (" fra ", False),
    (" from ", False),
    (" ved ", False),
    (" for ", False),
    (" in ", False),
    (" of ", True),
)


#: the body a person chairs or sits on, not the organisation they work for
_BODY_OF = re.compile(
    r"\b(?:committee|steering group|working group|task force|board|jury|panel|"
    r"styregruppe\w*|arbejdsgruppe\w*|udvalg\w*|bestyrelse\w*)$",
    re.IGNORECASE,
)


def split_role_org(piece: str) -> tuple[str | None, str | None]:
    """'udviklingskonsulent i Gentofte kommune' -> (role, org); 'DTU' -> (None, 'DTU')."""
    piece = piece.strip(" .,;:")
    if not piece:
        return None, None
    if _FORMER.match(piece):
        return _CLAUSE_CUT.split(piece)[0].strip(" .,"), None
    rolish = piece[0].islower() or has_role_word(piece)
    if not rolish:
        return None, piece
    for prep, only_of in _PREPS:
        idx = piece.find(prep)
        if idx <= 0:
            continue
        head, tail = piece[:idx].strip(), piece[idx + len(prep) :].strip()
        tail = re.sub(r"^(?:the|den|det)\s+", "", tail, flags=re.IGNORECASE)
        if not tail or not (tail[0].isupper() or tail[0].isdigit()):
            continue
        if only_of and head.split()[-1].lower() not in _OF_ROLES:
            continue
        if prep in (" in ", " for ") and not looks_like_org(tail):
            continue
        if _BODY_OF.search(tail):
            # "Chair of the Local Organising Committee": a seat on a body, the whole is a role
            return _CLAUSE_CUT.split(piece)[0].strip(" ,") or None, None
        return _CLAUSE_CUT.split(head)[0].strip(" ,") or None, tail.strip(" .,")
    return _CLAUSE_CUT.split(piece)[0].strip(" ,") or None, None


def _genitive(prefix: str) -> tuple[str | None, str]:
    """ "Nyborg Kommunes Erhvervs- og Udviklingschef" -> ("Nyborg Kommune", "Erhvervs- ...")."""
    m = re.match(
        r"^(?P<org>(?:[A-ZÆØÅ0-9][\w&.-]*\s+){0,4}?[A-ZÆØÅ0-9][\w&.-]*?)(?:['’`´]s|s|['’])\s+(?P<role>\S.*)$",
        prefix,
    )
    if not m:
        return None, prefix
    role = m.group("role")
    if not has_role_word(role):
        return None, prefix
    org = m.group("org")
    if org.lower() in ("tidl", "fhv") or _HONORIFICS.match(org):
        return None, prefix
    written = (
        prefix[: m.end("org") + 1].split()[-1]
        if prefix[m.end("org") : m.end("org") + 1] == "s"
        else ""
    )
    if written and (
        written.lower().endswith(("us", "ss", "is", "os")) or written.lower() in municipalities()
    ):
        # "Aarhus mayor": a name ending in s, not a genitive
        org = prefix[: m.end("org") + 1]
    return org, role


def normalise_org(org: str | None) -> str | None:
    if not org:
        return None
    org = org.strip(' .,;:()"“”„«»')
    org = re.sub(r"^(?:the|den|det)\s+", "", org, flags=re.IGNORECASE)
    # kept as written: "Gentofte kommune" stays, a bare "Aarhus" is not rewritten
    owner = re.match(r"^(\S+)['’]s\s+[a-zæøå]", org)
    if owner:
        return owner.group(1)  # "KL's center for klima og miljø" -> "KL"
    return org or None


def singular_role(word: str) -> str | None:
    """'konsulenterne' -> 'konsulent', 'analysts' -> 'analyst'; None if not a plural role."""
    low = word.lower()
    for ending in ("erne", "er", "ne", "e"):
        stem = low[: -len(ending)]
        if low.endswith(ending) and len(stem) >= 4 and stem.endswith(_DA_ROLE_SUFFIXES):
            return word[: len(stem)]
    if low.endswith("s") and low[:-1] in _EN_ROLES:
        return word[:-1]
    return None


def _clean_role(role: str | None) -> str | None:
    if not role:
        return None
    role = _LEADIN.sub("", role.strip()).strip(" .,;:–-")
    toks = role.split()
    if (
        len(toks) >= 2
        and toks[0][:1].islower()
        and toks[0].endswith(("ets", "ens", "ernes", "enes"))
        and is_role_word(toks[1])
    ):
        role = " ".join(toks[1:])  # "netværkets formand" -> "formand"
    if role and " " not in role:
        role = singular_role(role) or role
    return role or None


@dataclass
class _Person:
    name: str
    roles: list[str] = field(default_factory=list)
    orgs: list[str] = field(default_factory=list)
    event_role: str = "speaker"
    party: str | None = None
    shared_org: str | None = None
    shared_role: str | None = None
    honorific_role: str | None = None
    joined: bool = False
    #: the comma pieces after the name, as written ("Head of Section", "Climate & Nature", ...)
    pieces: list[str] = field(default_factory=list)


_TBC = re.compile(
    r"\(?\b(?:tbc|tba|tbd|invited|inviteret|afventer bekræftelse)\b\.?\)?", re.IGNORECASE
)
_PRONOUNS = re.compile(
    r"\b(?:she|he|they|ze|hun|han|de|hen)\s*/\s*(?:her|him|them|hir|hende|ham|dem|hen)\b",
    re.IGNORECASE,
)


def _apply_attr(person: _Person, piece: str) -> None:
    piece = piece.strip()
    if not piece:
        return
    tag = _EVENT_TAG.search(piece)
    if tag:
        person.event_role = _event_from_word(tag.group("r"))
        piece = _EVENT_TAG.sub("", piece).strip()
    shared = bool(_SHARED.match(piece))
    clause = re.match(
        r"^(?:who\s+(?!is\b|was\b|has\b)[a-z]+s\b|(?:der|som)\s+(?!er\b|var\b|har\b)[a-zæøå]+er\b)",
        piece,
    )
    piece = _LEADIN.sub("", piece).strip()
    piece = _PRONOUNS.sub("", piece).strip(" ,")
    piece = _TBC.sub("", piece).strip(" ,")
    if not piece:
        return
    if re.fullmatch(r"(?:moderator|ordstyrer|facilitator|vært|host)", piece, re.IGNORECASE):
        person.event_role = _event_from_word(piece)
        return
    m = re.match(r"^(?:fra|from|at|hos|i|of)\s+(?:the\s+)?(?P<org>[A-ZÆØÅ0-9].*)$", piece)
    if m:
        org = m.group("org").strip(" .,")
        person.orgs.append(org)
        if shared:
            person.shared_org = org
        return
    role, org = split_role_org(piece)
    if clause and role:
        role = None  # "who leads the urban climate programme at ORG": a deed, not a title
    if role and " " not in role.strip() and singular_role(role.strip()):
        shared = True  # "A og B, analytikere, X": a plural role is both people's
    if person.shared_role and not person.orgs:
        shared = True
    if role:
        person.roles.append(role)
        if shared:
            person.shared_role = role
    if org:
        person.orgs.append(org)
        if shared:
            person.shared_org = org


def _event_from_word(word: str) -> str:
    w = word.lower()
    if w.startswith(("moder", "ordstyr", "chair", "vært", "host", "ordfør")):
        return "moderator"
    if w.startswith("facilit"):
        return "facilitator"
    if w.startswith("panel"):
        return "panelist"
    return "speaker"


_MOD_WORD = re.compile(r"\b(?:ordstyrer\w*|moderator\w*|facilitator\w*|vært\w*|host)\b", re.I)


_ROLE_MODIFIERS = frozenset(
    [
        "senior",
        "chief",
        "lead",
        "leading",
        "principal",
        "assistant",
        "associate",
        "vice",
        "deputy",
        "ledende",
        "konstitueret",
        "fungerende",
        "ny",
        "nye",
        "new",
    ]
)


def _role_tail(prefix: str) -> str:
    """'I dette oplæg giver teknologiforsker' -> 'teknologiforsker': a sentence that runs into
    a name keeps only the role words right before it."""
    toks = prefix.split()
    if len(toks) <= 3 or not is_role_word(toks[-1]):
        return prefix
    k = len(toks) - 1
    while k > 0 and (
        is_role_word(toks[k - 1])
        or toks[k - 1].lower() in _ROLE_MODIFIERS
        or toks[k - 1].endswith("-")
        or (toks[k - 1] in ("og", "and", "&") and k >= 2 and toks[k - 2].endswith("-"))
    ):
        k -= 1
    before = toks[k - 1] if k else ""
    if k == 0 or (before[:1].isupper() and before.endswith(("s", "'s", "’s"))):
        return prefix  # "Nyborg Kommunes Erhvervs- og Udviklingschef": the genitive is the org
    return " ".join(toks[k:])


def _start_person(hit: NameHit, prefix_pieces: list[str], event_role: str) -> _Person:
    # "konferencens ordstyrer, journalist NAME": the part in the event is not the job title
    kept_pieces = []
    for piece in prefix_pieces:
        if _MOD_WORD.search(piece):
            event_role = _event_from_word(_MOD_WORD.search(piece).group(0))
        else:
            kept_pieces.append(piece)
    person = _Person(name=hit.name, event_role=event_role)
    prefix = " ".join([*kept_pieces, hit.prefix]).strip(" ,")
    prefix = _role_tail(_without_honorifics(person, prefix))
    mod = _MOD_WORD.search(prefix)
    if mod:
        # "ved moderator Line Friis": the part in the event, not a job title
        person.event_role = _event_from_word(mod.group(0))
        prefix = (prefix[: mod.start()] + prefix[mod.end() :]).strip(" ,")
    if prefix:
        _prefix_attrs(person, prefix)
    _suffix_attrs(person, hit.suffix)
    return person


def _without_honorifics(person: _Person, prefix: str) -> str:
    """The prefix without "Dr.", "Prof." ("Assoc. Prof." makes an associate professor)."""
    kept = []
    prev_hon = ""
    for tok in prefix.split():
        if _HONORIFICS.match(tok):
            if tok.lower().startswith("prof"):
                person.honorific_role = _PROF_KINDS.get(prev_hon, "Professor")
            prev_hon = tok.lower().rstrip(".")
            continue
        prev_hon = ""
        kept.append(tok)
    return " ".join(kept).strip(" –-:")


def _prefix_attrs(person: _Person, prefix: str) -> None:
    """'Gentofte Kommunes klimachef', 'tidl. minister', 'direktør i X' before the name."""
    if _FORMER.match(prefix):
        person.roles.append(prefix)
        return
    org, role = _genitive(prefix)
    if not org:
        m = re.match(r"^(?P<org>(?:[A-ZÆØÅ][\w&.-]+\s+){1,3})(?P<role>[a-zæøå].*)$", prefix)
        if m and has_role_word(m.group("role")) and not has_role_word(m.group("org")):
            org, role = m.group("org").strip(), m.group("role")
    if org:
        person.orgs.append(org)
    if role and (has_role_word(role) or role[0].islower()):
        r, o = split_role_org(role)
        if r:
            person.roles.append(r)
        if o:
            person.orgs.append(o)
    elif role and not org:
        _apply_attr(person, role)


def _suffix_attrs(person: _Person, suffix: str) -> None:
    """What follows the name: a party, an event tag, parentheses, '/ ORG', 'fra ORG'."""
    party = _PARTY.search(suffix)
    if party:
        person.party = party.group("p")
        suffix = _PARTY.sub("", suffix)
    tag = _EVENT_TAG.search(suffix)
    if tag:
        person.event_role = _event_from_word(tag.group("r"))
        suffix = _EVENT_TAG.sub("", suffix)
    suffix = re.sub(r"^[–—-]\s*", "", suffix.strip())
    for paren in re.findall(r"\(([^()]{1,120})\)", suffix):
        if paren.strip():
            _apply_attr(person, paren)
    suffix = re.sub(r"\([^()]{0,120}\)", "", suffix).strip()
    if suffix.startswith("/"):
        _apply_attr(person, suffix[1:])
        return
    if suffix and not re.match(r"^(?:fra|from|i|at|hos|ved|of)\s", suffix):
        _apply_attr(person, suffix)
        return
    m = re.match(r"^(?:fra|from)\s+(?:the\s+)?(?P<org>[A-ZÆØÅ0-9].*)$", suffix)
    if m:
        org = m.group("org").strip(" .,")
        person.orgs.append(org)
        person.shared_org = org
        return
    m = re.match(r"^(?:i|at|hos|ved|of)\s+(?:the\s+)?(?P<org>[A-ZÆØÅ0-9].*)$", suffix)
    if m:
        person.orgs.append(m.group("org").strip(" .,"))


def _role_then_org(p: _Person) -> tuple[str, str] | None:
    """'NAME, Head of Section, Climate & Nature, Some Company': the organisation is the last
    piece and every piece before it is the role (which may have commas and 'of' in it)."""
    pieces = [x for x in p.pieces if x]
    if len(pieces) < 2 or not p.roles or p.shared_org or p.shared_role:
        return None
    first, *middle, last = pieces
    if not (first[:1].islower() or has_role_word(first)) or _FORMER.match(first):
        return None
    if split_role_org(last) != (None, last.strip(" .,;:")) or not last[:1].isupper():
        return None
    if last.lower() in municipalities() or _SHARED.match(last) or _EVENT_TAG.search(last):
        return None  # "..., Aarhus": a town after the organisation
    for piece in middle:
        words = piece.split()
        if has_role_word(piece) or not piece[:1].isupper() or len(words) > 4:
            return None
        if any(is_org_word(w) or _is_acronym(w) for w in words):
            return None
        if re.search(r"\s(?:at|hos|i|fra|from|ved|of)\s", piece):
            return None
    if len(middle) == 0 and split_role_org(first)[1] is None:
        return None  # "direktør, ORG": the usual reading already gives this
    return ", ".join([first, *middle]), last


_ACADEMIC_TITLE = re.compile(
    r"^(?:professor|prof\.?|dr\.?|ph\.?d\.?|lektor|docent)$", re.IGNORECASE
)


def _finish(p: _Person) -> Speaker:
    roles = p.roles
    if len(roles) >= 2 and _ACADEMIC_TITLE.match(roles[0].strip()):
        roles = roles[1:]  # "Professor NAME, Chair of the ... Committee": the seat is the role
    role = _clean_role(roles[0]) if roles else None
    if not role and p.honorific_role:
        role = p.honorific_role
    org = normalise_org(p.orgs[0]) if p.orgs else None
    whole = _role_then_org(p)
    if whole:
        role, org = _clean_role(whole[0]), normalise_org(whole[1])
    return Speaker(name=p.name, role=role, organisation=org, event_role=p.event_role, party=p.party)


def _parse_group(text: str, event_role: str, strong: bool) -> list[_Person]:
    persons: list[_Person] = []
    prefix_pieces: list[str] = []
    for piece, joined in split_pieces(text):
        hit = _piece_person(piece, persons, strong)
        if hit:
            person = _start_person(hit, prefix_pieces, event_role)
            person.joined = joined
            prefix_pieces = []
            persons.append(person)
        elif persons:
            _apply_attr(persons[-1], piece)
            persons[-1].pieces.append(piece.strip())
        elif has_role_word(piece) or _genitive(piece)[0]:
            prefix_pieces.append(piece)
        else:
            return []
    _share_between_joined(persons)
    return persons


def _piece_person(piece: str, persons: list[_Person], strong: bool) -> NameHit | None:
    """The person a comma piece starts, judged by what came before it."""
    first = not persons
    hit = find_name(piece, strong=strong and first)
    if hit is None and strong and not first and persons[-1].orgs:
        maybe = find_name(piece, strong=True)
        if maybe and not maybe.prefix and maybe.suffix.startswith("("):
            hit = maybe
    if hit and not first:
        # "A (ORG), Hamid Karimi (ORG)": in a labelled list the shape is evidence enough
        evidence = (
            hit.known
            or role_prefix(hit.prefix)
            or (strong and not hit.prefix and hit.suffix.startswith("(") and persons[-1].orgs)
        )
        if not evidence:
            return None
    return hit


def _share_between_joined(persons: list[_Person]) -> None:
    # "A og B fra ORG", "A and B, both analysts at ORG": B's shared facts apply to A
    for i in range(len(persons) - 2, -1, -1):
        a, b = persons[i], persons[i + 1]
        if not b.joined:
            continue
        if b.shared_org and not a.orgs:
            a.orgs.append(b.shared_org)
            a.shared_org = b.shared_org
        if b.shared_role and not a.roles:
            a.roles.append(b.shared_role)
            a.shared_role = b.shared_role
    # "konsulenterne A og B": a plural role before the first name is everyone's role
    if persons and persons[0].roles and " " not in persons[0].roles[0].strip():
        single = singular_role(persons[0].roles[0].strip())
        if single:
            for p in persons[1:]:
                if p.joined and not p.roles:
                    p.roles.append(single)


def parse_people(text: str, event_role: str = "speaker", strong: bool = True) -> list[Speaker]:
    """All people in a speaker phrase ("Anne Hansen, KL, og borgmester Bo Ek (V)")."""
    text = _LEAD_WORDS.sub("", text.strip()).strip(" .,;:–-")
    text = re.sub(r"^(?:fortsat|stadig|still|igen|again|også|also)\s+", "", text, flags=re.I)
    if not text or len(text) > 600:
        return []
    # split off moderator/facilitator/panel clauses, each with its own event role
    chunks: list[tuple[str, str]] = []
    pos = 0
    role = event_role
    for m in _ROLE_MARKERS.finditer(text):
        before = text[pos : m.start()]
        if before.strip(" ,;.–-"):
            chunks.append((before, role))
        role = _event_from_word(m.group("kw").split()[0].rstrip(":"))
        if m.group("kw").lower().startswith(("med ", "og ", "and ")):
            role = _event_from_word(m.group("kw").split()[1])
        if m.group("kw").lower().startswith(("panel", "paneldeltag")):
            role = "panelist"
        pos = m.end()
    chunks.append((text[pos:], role))
    out: list[Speaker] = []
    for chunk, r in chunks:
        chunk = _FOLLOWED.sub("", chunk).strip(" ,;.–-")
        if not chunk:
            continue
        out.extend(_finish(p) for p in _parse_group(chunk, r, strong))
    shared = _ALL_OF.search(text)
    if shared and len(out) > 1:
        # "A, B and C (all University of Bristol)": one organisation for everyone
        org = shared.group("o").strip()
        for sp in out:
            if not sp.organisation or sp.organisation.lower().startswith(
                ("all ", "alle ", "both ")
            ):
                sp.organisation = org
    return out


_ALL_OF = re.compile(
    r"\((?:all|both|alle|begge)\s+(?:(?:from|fra|at|i|hos|of)\s+)?(?P<o>[A-ZÆØÅ][^()]{1,80})\)\s*$"
)


_PROF_KINDS = {"assoc": "Associate Professor", "asst": "Assistant Professor"}
_SHORT_FORMS = frozenset(
    [
        "assoc",
        "asst",
        "dr",
        "prof",
        "mr",
        "mrs",
        "ms",
        "st",
        "no",
        "nr",
        "tidl",
        "fhv",
        "ca",
        "kl",
        "fx",
        "bl.a",
        "h.e",
        "hon",
        "rt",
        "ph.d",
        "jr",
        "sr",
    ]
)
_TALK_VERBS = re.compile(
    r"\b(?:present|presents|oplæg|indlæg|foredrag|talk|keynote|presentation|præsenter\w*|fortal\w*|fortæller|"
    r"bød velkommen|welcomed|spoke|speaks|will speak|taler|talte|delte|shared|gav et|holdt et|"
    r"gives? a|gave a|introducerede|introduced|besøg af|hear from|høre fra|hører fra|"
    r"gav sit bud|gave (?:his|her|their) view|byder velkommen|welcomes|included|includes|"
    r"include|medvirkede|deltog|indblik|insight|gennemgik|gennemgang|sluttede af|rundede af|"
    r"indledte|åbnede|opened|closed|explains?|forklarer|looks? at|ser på|kigger på|"
    r"discuss\w*|diskuterer|talks|speaks|shows|viser|walks us through|tager os med)\b",
    re.IGNORECASE,
)
_ROLE_NAME = re.compile(
    r"(?<![\w-])(?P<role>(?:[a-zæøå]+(?:isk|iske|ende|ig|ige|lig|lige|ær|ære|ior)\s+|"
    r"(?!(?:the|and|with|our|their|its|an?|by|from|of|to|at|on|in|for|og|med|af|fra|til)\s)"
    r"[a-z]{3,15}\s+(?=(?:adviser|advisor|manager|officer|consultant|engineer|planner|director|"
    r"coordinator|specialist|expert|analyst|researcher|scientist|lead|leader)\b))?"
    r"[a-zæøåA-ZÆØÅ][\w.-]{2,30})\s+(?P<name>[A-ZÆØÅ][\w'’-]+"
    r"(?:\s+(?:[A-ZÆØÅ][a-z]?\.\s+|(?:van|von|de|der|den|af|la|le|du)\s+)*[A-ZÆØÅ][\w'’-]+){1,3})"
    r"(?P<rest>(?:\s*\([^()]{1,60}\))?"
    r"(?:\s+(?:fra|from|i|at|hos)\s+(?:the\s+)?[A-ZÆØÅ][\w&.-]*"
    r"(?:\s+(?:(?:of|for|og|and|&)\s+)?[A-ZÆØÅ][\w&.-]*){0,3}"
    r"|,\s+[A-ZÆØÅ][\w&./-]*(?:\s+[A-ZÆØÅ][\w&./-]*){0,3}(?=,))?)"
)


def role_mentions(text: str) -> list[Speaker]:
    """'Derefter gav professor Henrik Storm fra Københavns Universitet et oplæg' -> the
    professor, when the sentence is about someone speaking."""
    out: list[Speaker] = []
    for sentence in _sentences(text):
        if not _TALK_VERBS.search(sentence):
            continue
        for finder in _MENTION_FINDERS:
            finder(sentence, out)
    return out


def _sentences(text: str) -> list[str]:
    bounds = [0]
    for m in re.finditer(r"[.!?](?:\s+|$)", text):
        word = text[: m.start()].rsplit(None, 1)[-1].lower() if text[: m.start()].strip() else ""
        if word.strip("(") in _SHORT_FORMS or len(word) == 1:
            continue  # "Dr. Ingrid Hval" does not end a sentence
        bounds.append(m.end())
    bounds.append(len(text))
    return [text[start:end] for start, end in itertools.pairwise(bounds)]


def _role_then_name(sentence: str, out: list[Speaker]) -> None:
    """'... gav professor Henrik Storm fra X et oplæg'."""
    for m in _ROLE_NAME.finditer(sentence):
        if not is_role_word(m.group("role").split()[-1]):
            continue
        people = parse_people(m.group(0), strong=True)
        if people and people[0].name.split()[0] == m.group("name").split()[0]:
            host = _HOST_BEFORE.search(sentence[max(0, m.start() - 30) : m.start()])
            if host:
                people[0].event_role = "moderator"
            out.append(people[0])


def _role_apposition(sentence: str, out: list[Speaker]) -> None:
    """'The report's lead author, Dr. Ingrid Hval, will present ...'."""
    for m in _APPOSITION.finditer(sentence):
        if is_role_word(m.group("role").split()[-1]) and all(
            p.name != m.group("name") for p in out
        ):
            out.append(Speaker(name=m.group("name"), role=m.group("role").strip()))


def _name_apposition(sentence: str, out: list[Speaker]) -> None:
    """'In this webinar, Karin Bøgh, GIS coordinator at Vejle Municipality, shows ...'."""
    for m in _NAME_APPOSITIVE.finditer(sentence):
        first = m.group("name").split()[0].lower()
        if first not in first_names() or any(p.name == m.group("name") for p in out):
            continue
        if not has_role_word(m.group("desc")):
            continue
        people = parse_people(f"{m.group('name')}, {m.group('desc')}", strong=True)
        if people and people[0].name == m.group("name"):
            out.append(people[0])


def _name_from_org(sentence: str, out: list[Speaker]) -> None:
    """'... hører vi Anne Holm fra Dansk Energi ...'."""
    for m in _NAME_FROM.finditer(sentence):
        first = m.group("name").split()[0].lower()
        if first in first_names() and all(p.name != m.group("name") for p in out):
            people = parse_people(m.group(0), strong=False)
            if people and people[0].name == m.group("name"):
                out.append(people[0])


#: The ways a speaking sentence names someone, tried in this order.
_MENTION_FINDERS = (_role_then_name, _role_apposition, _name_apposition, _name_from_org)


_HOST_BEFORE = re.compile(r"\b(?:vært|host|moderator|ordstyrer)\b[^.]{0,25}$", re.IGNORECASE)
_APPOSITION = re.compile(
    r"\b(?P<role>[a-zæøå][\w-]*(?:\s+[a-zæøå][\w-]*){0,2}),\s+(?:(?:dr|prof|mr|ms|mrs)\.?\s+)?"
    r"(?P<name>[A-ZÆØÅ][\w'’-]+(?:\s+[A-ZÆØÅ][\w'’-]+){1,2}),",
    re.IGNORECASE,
)
_NAME_APPOSITIVE = re.compile(
    r"(?<![\w-])(?P<name>[A-ZÆØÅ][\w'’-]+(?:\s+[A-ZÆØÅ][\w'’-]+){1,2}),\s+"
    r"(?P<desc>(?:[a-zæøå]|[A-ZÆØÅ]{2,}\s)[^,.;:()]{2,80}?)(?=,\s|\s+(?:who|der|som)\b)"
)
_NAME_FROM = re.compile(
    r"(?<![\w-])(?P<name>[A-ZÆØÅ][\w'’-]+(?:\s+[A-ZÆØÅ][\w'’-]+){1,2})\s+(?:fra|from)\s+"
    r"[A-ZÆØÅ][\w&.-]*(?:\s+[A-ZÆØÅ][\w&.-]*){0,3}"
)


_BIO = re.compile(
    r"^(?P<name>[A-ZÆØÅ][\w'’-]+(?:\s+[A-ZÆØÅ][\w'’-]+){1,3})\s+(?:er|is|works as|arbejder som)\s+"
    r"(?:(?:ph\.?\s?d\.?|phd|dr\.?|cand\.\s?[\w.]+)\s+(?:og|and)\s+)?(?:an?\s+|the\s+|en\s+|et\s+)?"
    r"(?P<desc>[^.;]{3,120})"
)


def bio_line(text: str) -> Speaker | None:
    """'Sofie Kjærgaard er ph.d. og seniorforsker ved Center for Digital Dannelse.' -> the
    person's role and organisation (a bio under a programme point)."""
    m = _BIO.match(text.strip())
    if not m or not has_role_word(m.group("desc").split(",")[0]):
        return None
    role, org = split_role_org(m.group("desc").split(",")[0])
    if not role:
        return None
    return Speaker(name=m.group("name"), role=_clean_role(role), organisation=normalise_org(org))


def leading_person(text: str) -> Speaker | None:
    """A person opening a prose sentence: "Steen Hildebrandt har ...", or with a role and
    organisation: "Kommunaldirektør Bo Lindholm, Middelfart Kommune, fortæller om ..."."""
    head = _PARTY.sub("", text[:200]).replace("  ", " ")
    hit = find_name(head.split(",")[0], strong=False)
    if not hit or not (hit.known or role_prefix(hit.prefix)):
        return None
    if hit.prefix and (len(hit.prefix.split()) > 3 or not role_prefix(hit.prefix)):
        return None
    if hit.suffix and not re.match(r"^[a-zæøå]", hit.suffix):
        return None
    if hit.suffix or "," not in head:
        if hit.prefix:
            people = parse_people(hit.prefix + " " + hit.name)
            return people[0] if people else Speaker(name=hit.name)
        return Speaker(name=hit.name)
    # keep the comma pieces that describe the person, stop at the clause ("fortæller om")
    pieces = head.split(",")
    kept = [pieces[0]]
    for piece in pieces[1:]:
        p = piece.strip()
        if not p or (p[0].islower() and not has_role_word(p.split()[0])):
            break
        kept.append(p)
    people = parse_people(", ".join(kept))
    return people[0] if people else Speaker(name=hit.name)
