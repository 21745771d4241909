"""The announcement parser: lines -> series, sessions, items, speakers, registration.

How it reads a text (see ``_Parser._line``):

* Every line with a date that is not a deadline, a publication date or a year in passing
  opens a session ("anchor"). What follows the date on that line may be its time, place,
  title ("3. marts: Title"), format or, in prose, its speakers. A date without a year stays
  ``--MM-DD``; a day written again later ("Day 1 (14 October)") joins the session it names.
* Until the next anchor, lines belong to that session: headings set the context (programme,
  panel, speakers, registration, past/upcoming), labelled lines ("Sted:", "Venue:",
  "Tidspunkt:") set facts, lines that start with a time or bullets become programme items,
  deeper-indented lines and lines right below a timed item are that item's description or
  speakers, and prose lines give speakers ("Mødet faciliteres af ...") and cues.
* Registration facts, organisers and the series title are read from the whole text.
* Afterwards sessions get times from the series ("Alle webinarer foregår kl. 12-13"), formats
  and places from event-wide cues, and SDG suggestions; people named twice keep the role and
  organisation given the first time.

Everything is rule-based and deterministic; regexes run on single capped lines and avoid
nested quantifiers (possessive ones where a line could be long), and ``Gated`` skips
word-list patterns on lines that cannot match.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import re
from dataclasses import dataclass, field
from functools import lru_cache

from . import flags, sdg
from .dates import (
    AgendaTime,
    DateMatch,
    TimeRange,
    _valid,
    find_dates,
    find_time_range,
    match_agenda,
)
from .gate import Gated
from .lexicon import word_list
from .normalise import strip_source_lines, tidy_spellings
from .people import (
    _genitive,
    bio_line,
    find_name,
    has_role_word,
    is_org_word,
    is_role_word,
    leading_person,
    looks_like_org,
    municipalities,
    parse_people,
    role_mentions,
    role_prefix,
)
from .result import Item, ParseResult, Registration, Session, Speaker
from .text import Line, prepare

# ----------------------------------------------------------------------------- vocabulary

logger = logging.getLogger(__name__)
I = re.IGNORECASE  # noqa: E741 - short alias used in many patterns below

_HEAD_REG = re.compile(
    r"^(?:mere info\w*(?: og tilmelding)?|more info\w*(?: and registration)?|tilmelding\w*|"
    r"registration|register|sign[ -]?up|praktisk\w*(?: info\w*| oplysninger)?|"
    r"practical(?: info\w*| details)?|pris(?:er)?|price|fees?|kontakt|contact|info)$",
    I,
)
_HEAD_PAST = re.compile(
    r"^(?:reportage\b.*|recap\b.*|tidligere\b.*|afholdte\b.*|past\b.*|previous\b.*|"
    r"earlier\b.*|sådan gik.*|how it went.*|looking back.*|tilbageblik.*)$",
    I,
)
_HEAD_UP = re.compile(
    r"^(?:kommende\b.*|upcoming\b.*|næste\b.*|next\b.*|future\b.*|coming\b.*|save the date)$", I
)
_HEAD_PROGRAMME = re.compile(
    r"^(?:(?:\w+(?:s|ens|ets) )?program(?:met)?|programme|agenda|dagsorden|oplæg|dagens oplæg|"
    r"talks|contributions|indlæg|sessions|datoer(?: og emner)?|dates(?: and topics)?|"
    r"emner|topics|formiddag|eftermiddag|morning|afternoon|evening|aften|"
    r"(?:day|dag) \d+|program for .*|programme for .*|"
    r"(?:programme|program|programmets?) (?:highlights|at a glance|i korte træk)|highlights)$",
    I,
)
_HEAD_PANEL = re.compile(
    r"^(?:panel(?:et)?|paneldeltagere|panelists|panellists|i panelet|deltagere i panelet|"
    r"debattører|debatører|participants|deltagere|roundtable participants|samtaledeltagere|"
    r"debatdeltagere|deltagere i (?:samtalen|debatten)|in the panel|on the panel|panel members)$",
    I,
)
_HEAD_SPEAKERS = re.compile(
    r"^(?:oplægsholdere|speakers|talere|medvirkende|keynotes?|oplægsholder|presenters?|"
    r"du møder|mød|(?:you will|you'll) meet|meet (?:the|our) speakers|(?:our|vores) speakers|"
    r"(?:dagens|aftenens) (?:oplægsholdere|talere)|"
    r"facilitators|facilitatorer|undervisere|instructors|trainers)$",
    I,
)
_HEAD_OTHER = re.compile(
    r"^(?:important dates|key dates|vigtige datoer|deadlines|frister|tid og sted|time and place|"
    r"om (?:webinaret|arrangementet|mødet|konferencen|dagen)|"
    r"about(?: the .*)?|baggrund|background|formål|purpose|målgruppe|target group|"
    r"hvem er .*|who .*|læs mere|read more|concept note|concept|koncept|beskrivelse|"
    r"description|overview|summary|resumé|event details|detaljer|praktiske detaljer|"
    r"fakta|facts|key facts)$",
    I,
)
#: "Sted: ...", "Tilmelding: ...": a fact box's label (the words are in data/words.toml)
_LABEL = re.compile(
    r"^(?P<label>" + "|".join(word_list("labels", "fact_box")) + r")\s*:\s*(?P<value>.*)$", I
)
_IN_CITY = re.compile(
    r"\b(?:held|holdt|holdes|afholdt|afholdes|takes? place|took place|finder sted|fandt sted|"
    r"will be held)\b[^.]{0,60}?\b(?:in|i|på)\s+(?P<c>[A-ZÆØÅ][\wæøå-]+)"
    r"(?=[,.;]|\s+(?:og|and|with|med|,)|$)"
)
_IN_VENUE = re.compile(
    r"\b(?:held|holdt|holdes|afholdt|afholdes|takes? place|took place|finder sted|fandt sted|"
    r"will be held)\b[^.]{0,60}?\b(?:in|i|på|at)\s+(?P<v>(?:the\s+)?[A-ZÆØÅ][\w'’-]*"
    r"(?:\s+(?:[A-ZÆØÅ][\w'’-]*|(?:nye|gamle|store|lille|smukke|new|old|main|historic)\s+"
    r"[a-zæøå]*(?:rådhus|bibliotek|kulturhus|hall|centre|center|museum|hotel|huset|hus|salen|"
    r"sal|auditorium)\w*|[a-zæøå]*(?:rådhus|bibliotek|kulturhus|hall|centre|center|"
    r"museum|hotel|huset|hus|salen|sal|auditorium)\w*)){0,4})"
)
_VENUE_NOUN = re.compile(
    r"(?:rådhus|bibliotek|kulturhus|hall|centre|center|museum|hotel|hus\b|huset|salen|sal\b|"
    r"institute\b|kursuscenter|kongrescenter|lokaler\b|"
    r"auditorium|university|universitet|campus|kirke|church|teater|theatre|arena)",
    I,
)
#: "holder landskongres i Aalborg Kongres & Kultur Center", "hosted by X at Aarhus City Hall",
#: "takes place on 3–4 June at the Institute of X, Street 7, Copenhagen": a venue in a sentence
#: about the event (a verb of holding it, or the event's own noun, comes first)
_VENUE_CONTEXT = re.compile(
    r"\b(?:held|holdt|holdes|afholdt|afholdes|takes? place|took place|finder sted|fandt sted|"
    r"will be held|hosted|mødes|holder|afholder|meets?|"
    r"[\wæøå]*(?:møde|kongres|konference|temadag|seminar|symposium|assembly|forum|træf))\b"
    r"[^.:;]{0,80}?\b(?:in|i|på|at)\s+(?P<v>(?:the\s+)?(?-i:[A-ZÆØÅ])[\w'’-]*"
    r"(?:\s+(?:(?-i:[A-ZÆØÅ])[\w'’-]*|&|of|for|og|and)(?=\s+(?-i:[A-ZÆØÅ])|$|[\s,.;]))*"
    r"(?:\s+(?:lokaler|lokale|mødelokaler|kontor|hus|sal))?"
    r"(?:,\s+(?-i:[A-ZÆØÅ])[\wæøå'’-]*(?:\s+[\wæøå'’-]+){0,3}\s+\d+[A-Za-z]?"
    r"(?:,\s+(?-i:[A-ZÆØÅ])[\wæøå-]+)?)?)",
    I,
)


def venue_in_prose(text: str) -> str | None:
    """The venue a sentence about the event names, or None."""
    flat = re.sub(r"\b(kl|ca)\.", r"\1", _blank_dates(text, find_dates(text)), flags=I)
    for m in _VENUE_CONTEXT.finditer(flat):
        v = re.sub(r"^(?:the)\s+", "", m.group("v").strip(" ,."), flags=I)
        v = re.sub(r"\s+(?:&|of|for|og|and)$", "", v)
        if _VENUE_NOUN.search(v) and not re.search(r"\buniversit", v, I):
            return v
        if v in _CITIES or v.lower() in municipalities():
            return v
    return None


_CITIES = frozenset(
    [
        "Copenhagen",
        "Oslo",
        "Stockholm",
        "Helsinki",
        "Reykjavik",
        "Reykjavík",
        "Brussels",
        "Bruxelles",
        "Berlin",
        "Hamburg",
        "London",
        "Paris",
        "Amsterdam",
        "Malmö",
        "Gothenburg",
        "Göteborg",
        "Bergen",
        "Tampere",
        "Turku",
        "Tallinn",
        "Riga",
        "Vilnius",
        "Nuuk",
        "Tórshavn",
        "Geneva",
        "Vienna",
        "Lisbon",
        "Madrid",
        "Rome",
        "Strasbourg",
        "Luxembourg",
    ]
)
_TOPIC_LINE = re.compile(
    r"(?:^|(?<=[.!?])\s+)(?:aftenens|dagens|mødets|foredragets|tonight's|today's)\s+"
    r"(?:emne|tema|topic|theme)\s*:\s*(?P<t>[^.!?]{3,120})[.!?]?",
    I,
)
_BARE_PART = re.compile(
    r"^(?:moderated by|moderator|moderators|moderation|chaired by|chair|facilitated by|"
    r"panellists?|panelists?|speakers?|featuring|modereret af|ordstyrer|paneldeltagere|"
    r"oplægsholdere)\s*:?$",
    I,
)
_ROOM_HEADING = re.compile(
    r"^(?:(?:store|lille|nye|gamle|main|small)\s+(?:sal|salen|scene|scenen|hall|stage|room)|"
    r"[a-zæøå]*salen|[a-zæøå]*scenen)$",
    I,
)
_DAY_WORD = re.compile(
    r"^(?:day|dag)\s+(?:\d+|one|two|three|four|five|en|et|to|tre|fire|fem)"
    r"|^(?:første|anden|tredje|fjerde|first|second|third|fourth)\s+(?:dag|day)$",
    I,
)
_ROOM_LINE = re.compile(
    r"^(?:room|rum|lokale|sal|auditorium|hall)\s+[A-ZÆØÅ0-9][\w.-]*(?:\s*[,–—-]\s*\S.{0,60})?$", I
)
_PLACE_WORDS = re.compile(r"[A-ZÆØÅ][\wæøåÆØÅ'’-]+(?:\s+[A-ZÆØÅ][\wæøåÆØÅ'’-]+){0,2}")
_SESSION_LABEL = re.compile(
    r"^(?:webinar|session|workshop|møde|meeting|del|part|modul|module|day|dag|event|"
    r"arrangement|temadag|seminar|masterclass|netværksmøde)\s*(?:\d+|[A-H](?=\s))\s*[:–—.-]\s*",
    I,
)
_FORMAT_WORD = re.compile(
    r"online|virtuel\w*|digital\w*|webinar|hybrid|fysisk|physical|in-person|teams|ms|microsoft|"
    r"zoom|google|meet|webex|livestream|via|på|on",
    I,
)
_AND_ONLINE = re.compile(
    r",?\s+(?:and|og|or|eller|samt|\+|&)\s+(?:also\s+|også\s+)?(?:online|via|streamed|"
    r"livestream|digitalt|virtuelt|on zoom|on teams|på teams|på zoom)",
    I,
)
_BARE_LABEL = re.compile(
    r"^(?:dato|date|tid|tidspunkt|time|sted|venue|where|hvor|when|hvornår|location|lokation|"
    r"adresse|address|arrangør|arrangører|organi[sz]ers?|målgruppe|audience|sprog|language)\s*:?$",
    I,
)
_PLACE_LABELS = frozenset(word_list("labels", "place"))
_TIME_LABELS = frozenset(word_list("labels", "time"))
# Nouns need a colon or dash ("Moderator: NAME"); phrases read on ("Oplæg ved NAME").
_SPEAKER_LABEL = re.compile(
    r"^(?:(?P<label>moderator(?:er|s)?|ordstyrer(?:e)?|facilitator(?:er|s)?|vært|host|chairs?|"
    r"co-?chairs?|discussants?|diskutanter?|respondents?|kommentator(?:er)?|"
    r"panel(?:et)?|panelists?|panellists?|paneldeltagere|i panelet|deltagere i panelet|"
    r"samtaledeltagere|debatdeltagere|debattører|deltagere i (?:samtalen|debatten)|"
    r"in the panel|on the panel|panel members|"
    r"speakers?|oplægsholdere?|talere|medvirkende|keynote speakers?|presenters?|featuring|"
    r"undervisere?|instructors?|teachers?|lecturers?|guides?|guider|tour guides?|trainers?)"
    r"(?P<scope>\s+(?:for|i|til|på|at|in|of|across|ved)\s+(?:all|alle|both|begge|hele|"
    r"the whole|every|each|hver)\b[^:]{0,30})?"
    r"\s*[:–-]\s*"
    r"|(?P<label2>faciliteret af|faciliteres af|facilitated by|moderated by|modereret af|"
    r"(?:aftenens |dagens )?foredragsholder(?:e)? er\s*:|foredraget er med\s*:|"
    r"(?:samtalen|debatten|panelet|panelsamtalen) (?:ledes|modereres|styres) af|"
    r"(?:the )?(?:conversation|discussion|debate|panel) (?:is |will be )?"
    r"(?:led|chaired|moderated) by|"
    r"(?:talk|oplæg|foredrag|presentation|præsentation|keynote|indlæg)\s+(?:by|ved|v\.|v/)|"
    r"(?:speakers?|oplægsholdere) (?:were|are|was|is|include|included|includes|var|er)|"
    r"featuring|med|with|ved|v/|v\.)(?:(?<=[/.])\s*|\s+))(?P<rest>\S.*)$",
    I,
)
_REG_LINE = Gated(
    re.compile(
        r"\b(?:gratis|free of charge|free\b|tilmeld\w*|register\w*|registration|sign[ -]?up|"
        r"pris\b|price|fee\b|fees\b|deltagergebyr|deltagerbetaling|koster|kr\.|dkk|eur\b|"
        r"deadline|\w*frist\b|billet\w*|tickets?|fri adgang)|€|@",
        I,
    ),
    (
        "gratis",
        "free",
        "tilmeld",
        "regist",
        "sign",
        "pris",
        "price",
        "fee",
        "deltager",
        "koster",
        "kr.",
        "dkk",
        "eur",
        "deadline",
        "frist",
        "billet",
        "ticket",
        "fri adgang",
        "€",
        "@",
    ),
    fold=True,
)
_PAST = Gated(
    re.compile(
        r"\b(?:afholdtes|(?<!bliver )(?<!blive )(?<!vil )afholdt|blev (?:\w+ ){0,2}(?:af)?holdt|"
        r"fandt sted|took place|was held|were held|happened|deltog|participated|var samlet|"
        r"gathered|reportage|recap|tak til alle|thanks to all|thank you to all|"
        r"recordings? (?:is |are )?available|watch (?:the recording|again)|se optagelsen|"
        r"optagelsen (?:er |kan )|recording:|link til optagelsen|optagelse af|inviterede til|"
        r"took part|were joined|was joined|then moderated|referat\s*:|minutes\s*:)",
        I,
    ),
    (
        "recording",
        "watch",
        "optagelse",
        "afhold",
        "holdt",
        "fandt",
        "took",
        "held",
        "happened",
        "deltog",
        "inviterede",
        "took part",
        "joined",
        "moderated",
        "referat",
        "minutes",
        "particip",
        "reportage",
        "recap",
        "tak til",
        "thank",
        "samlet",
        "gathered",
    ),
    fold=True,
)
_UPCOMING = Gated(
    re.compile(
        r"\b(?:afholdes|holdes|finder sted|vil blive|bliver afholdt|inviterer|invite[sd]?|"
        r"will be held|will take place|takes place|take place|is held|are held|run|runs|"
        r"join us|tilmeld\w*|register\w*|registration|sign up|kommende|upcoming|save the date|"
        r"glæd dig|velkommen til|welcome to|foregår|mødes|meets|afvikles|will|koster|pris|price|"
        r"at deltage|to attend|to participate|kom og vær med|join|rsvp|admission|gratis|"
        r"free of charge|is free|are free|"
        r"tickets?|billet\w*|deltagerpris|fee|dagsorden|draft agenda|mødeadgangskode|passcode|"
        r"link til (?:zoom|teams|mødet|webinaret)|zoom-?link|teams-?link|program(?:me)? for|"
        r"by invitation|invitation only|efter invitation|kun for inviterede|"
        r"(?:may be )?subject to change|tentative (?:schedule|programme|program|agenda)|"
        r"forbehold for ændringer|foreløbigt? program)\b",
        I,
    ),
    (
        "subject to change",
        "tentative",
        "forbehold for",
        "foreløbig",
        "invitation",
        "program",
        "dagsorden",
        "agenda",
        "adgangskode",
        "passcode",
        "link",
        "will",
        "koster",
        "pris",
        "price",
        "ticket",
        "billet",
        "fee",
        "deltage",
        "attend",
        "participat",
        "kom og",
        "rsvp",
        "admission",
        "gratis",
        "free",
        "mødes",
        "meets",
        "afvikles",
        "afholdes",
        "holdes",
        "finder sted",
        "vil blive",
        "bliver",
        "invit",
        "will",
        "take",
        "held",
        "run",
        "join",
        "tilmeld",
        "regist",
        "sign up",
        "kommende",
        "upcoming",
        "save the",
        "glæd",
        "velkommen",
        "welcome",
        "foregår",
    ),
    fold=True,
)
_ONLINE = Gated(
    re.compile(
        r"\b(?:virtuel\w*|online|webinar\w*|zoom|google meet|webex|livestream\w*|"
        r"live[- ]?stream\w*|streame[ts]?|streamed|streaming|skype|gotomeeting|whereby|jitsi|"
        r"følges? (?:\w+ ){0,2}live|live på|watch (?:\w+ ){0,2}live|follow (?:\w+ ){0,2}live)\b",
        I,
    ),
    (
        "live",
        "følge",
        "virtuel",
        "online",
        "webinar",
        "zoom",
        "meet",
        "webex",
        "stream",
        "skype",
        "gotomeeting",
        "whereby",
        "jitsi",
    ),
    fold=True,
)
_TEAMS = re.compile(r"\b(?:MS |Microsoft )?Teams\b")
_PHYSICAL = Gated(
    re.compile(
        r"\b(?:fysisk\w*|in person|in-person|on site|on-site|på stedet|rådhus\w*|city hall|"
        r"konferencecenter|kongrescenter|conference (?:centre|center|hall)|hotel)\b",
        I,
    ),
    ("fysisk", "person", "site", "stedet", "rådhus", "hall", "center", "centre", "hotel"),
    fold=True,
)
_HYBRID = Gated(
    re.compile(
        r"\b(?:hybrid\w*|både fysisk og (?:online|virtuelt)|in person (?:and|or) online|"
        r"online (?:and|or) in person|fysisk eller online|online eller fysisk)\b",
        I,
    ),
    ("hybrid", "fysisk", "in person", "online"),
    fold=True,
)
_POSTCODE = re.compile(
    r"(?:(?<=,\s)|(?<=^)|(?<=:\s)|(?<=·\s))(?P<pc>\d{4,5}|\d{3}\s\d{2})\s+(?P<town>[A-ZÆØÅ][\wæøåÆØÅ.-]+"
    r"(?:\s+(?:[A-ZÆØÅ][a-zæøå]+|SØ|SV|NV|NØ|[CVNSØK]))?\b"
    r"(?:,\s*(?:Danmark|Denmark|Finland|Sweden|Sverige|Norway|Norge|Germany|Tyskland))?)"
)
_STREET = Gated(
    re.compile(
        r"\b[A-ZÆØÅ][\wæøå.-]*(?:vej|gade|plads|allé|alle|torv|stræde|boulevard|street|road|avenue|"
        r"katu|gata|gatan|straße|strasse|vænge|have|park|kaj|bro)\s+\d+",
    ),
    (
        "vej",
        "gade",
        "plads",
        "allé",
        "alle",
        "torv",
        "stræde",
        "boulevard",
        "street",
        "road",
        "avenue",
        "katu",
        "gata",
        "straße",
        "strasse",
        "vænge",
        "have",
        "park",
        "kaj",
        "bro",
    ),
)
_STREAMED = (
    r"\b(?:stream\w*|livestream\w*|broadcast\w*|transmitteres|sendes (?:live|direkte))\b"
    r"[^.]{0,30}?\b"
)
_PLATFORMS = (
    (re.compile(r"\b(?:MS |Microsoft )?Teams\b"), "Microsoft Teams"),
    (re.compile(r"\bzoom\b", I), "Zoom"),
    (re.compile(r"\bgoogle meet\b", I), "Google Meet"),
    (re.compile(r"\b(?:cisco )?webex\b", I), "Webex"),
    (re.compile(r"\bskype\b", I), "Skype"),
    (re.compile(r"\bgotomeeting\b", I), "GoToMeeting"),
    (re.compile(r"\bwhereby\b", I), "Whereby"),
    (re.compile(r"\bjitsi\b", I), "Jitsi"),
    # a streaming site only when the event is streamed there (not "recordings on YouTube")
    (re.compile(_STREAMED + r"youtube\b", I), "YouTube"),
    (re.compile(_STREAMED + r"facebook\b", I), "Facebook Live"),
    (re.compile(_STREAMED + r"linkedin\b", I), "LinkedIn Live"),
    (re.compile(_STREAMED + r"vimeo\b", I), "Vimeo"),
)
_PLATFORM_KEYS = {
    "YouTube": "youtube",
    "Facebook Live": "facebook",
    "LinkedIn Live": "linkedin",
    "Vimeo": "vimeo",
    "Google Meet": "meet",
    "Webex": "webex",
    "Skype": "skype",
    "GoToMeeting": "gotomeeting",
    "Whereby": "whereby",
    "Jitsi": "jitsi",
    "Zoom": "zoom",
    "Microsoft Teams": "teams",
}
_FREE_PARTS = (
    Gated(re.compile(r"\bgratis\b", I), ("gratis",)),
    Gated(re.compile(r"\bfri adgang\b", I), ("fri adgang",)),
    Gated(re.compile(r"\buden beregning\b", I), ("uden beregning",)),
    Gated(re.compile(r"\bingen (?:deltager)?(?:gebyr|betaling)\b", I), ("ingen ",)),
    Gated(re.compile(r"\bno (?:fee|cost|charge)\b", I), ("no fee", "no cost", "no charge")),
    Gated(
        re.compile(
            r"\bfree of charge\b|\bfree (?:admission|entry|participation|registration|"
            r"attendance|of cost)\b|\bfree (?:[\w-]+ ){0,2}(?:webinars?|events?|workshops?|"
            r"seminars?|sessions?|talks?|lectures?|meetings?|courses?|conferences?)\b|"
            r"\b(?:is|are|it's|its|be)\s+free\b|\bfor free\b|\b(?:a|an)\s+free\b|"
            r"(?:^|[.!:]\s*)free[.!,]?(?:\s|$)",
            I | re.MULTILINE,
        ),
        ("free",),
    ),
)


def _is_free(text: str) -> bool:
    return any(p.search(text) for p in _FREE_PARTS)


_PRICE = Gated(
    re.compile(
        r"(?P<price>(?:\b(?:kr\.?|dkk|eur)|[€£$])[ ]?\d[\d.,]*(?:,-)?"
        r"|\b\d[\d.,]*(?:,-)?[ ]?(?:kr\.|kr\b|kroner\b|dkk\b|eur\b|euro\b|€))",
        I,
    ),
    ("kr", "dkk", "eur", "€", "£", "$"),
)
# Possessive quantifiers (++): no backtracking, whatever the line looks like; the top-level
# domain and trailing punctuation are checked in code (emails(), urls()).
_EMAIL = Gated(
    re.compile(r"(?<![\w.+-])[\w.+-]++@[\w-]++(?:\.[\w-]++)++", I),
    ("@",),
)
_URL = Gated(
    re.compile(r"\b(?:https?://|www\.)[^\s<>()\"“”]++", I),
    ("http", "www."),
)


def find_emails(text: str) -> list[str]:
    out = []
    for e in _EMAIL.findall(text):
        e = e.strip(".")
        tld = e.rsplit(".", 1)[-1]
        if "." in e.split("@", 1)[1] and tld.isalpha() and len(tld) >= 2:
            out.append(e)
    return out


def find_urls(text: str) -> list[str]:
    return [u.rstrip(".,;:!?") for u in _URL.findall(text) if len(u.rstrip(".,;:!?")) > 7]


_QUOTE_CHARS = "\"“”„‟«»‹›`´‘’'"
_SERIES_QUOTE = Gated(
    re.compile(
        r"(?<!next in )(?<!næste i )(?<!next in this )"
        r"(?:under titlen|med titlen|med overskriften|titled|entitled|called|kaldet|"
        r"webinar-?rækken|webinarrækken|webinarserien|webinar[- ]series|the series|serien|"
        r"rækken|konferencen|symposiet|webinaret|workshoppen|seminaret|temadagen|foredraget|"
        r"the webinar|the workshop|the seminar|the conference)\s*:?\s*[\"“”„«‘']"
        r"(?P<t>[^\"“”„«»]{3,150})[\"”“»’']",
        I,
    ),
    ('"', "“", "”", "„", "«", "‘", "'"),
)
_EVENT_WORD = (
    r"(?:[\w-]*(?:symposi|konferen|conferen|webinar|workshop|seminar|møde|meeting|dag\b|day\b|"
    r"forløb|event|arrangement|kursus|summit|series|serie|række|foredrag|briefing|café|cafe|"
    r"debat|debate|panel|masterclass|roadshow|turné|roundtable|rundbordssamtale)"
    r"\w*|invitation|invitasjon|save the date|inbydelse|livestream|nyhed|news)"
)
_TITLE_LABEL = re.compile(
    r"^(?:(?:subject|emne|re|fwd?|vs)\s*:\s*)*"
    r"(?:(?:(?:nyt|ny|nye|new|online|årets|digital[te]?|past|previous|upcoming|kommende|"
    r"tidligere|training|free|gratis|kort|short|lunch|frokost|morgen|morning|åbent|open|"
    r"interaktivt?|interactive|hybrid|fysisk|virtual|virtuelt|breakfast|evening|aften|"
    r"international|internationalt|national|nationalt|annual|årlig|årligt|årlige)\s+)?"
    rf"(?:{_EVENT_WORD}\s*){{1,2}}(?:(?:til|to|om|on|i|in)\s+(?:\w+\s+)?{_EVENT_WORD}\s*)?[:–—|-]\s+"
    # "Godt besøgt møde i Netværk for Klimatilpasning", "Referat fra netværksmøde i X": the
    # network is the series (but "Netværksmøde i X" is a title as it stands)
    rf"|(?!(?:invitation|indbydelse|invitasjon)\b)(?:[\w-]+\s+){{1,3}}?{_EVENT_WORD}\s+(?:i|in)\s+(?:the\s+)?"
    r"(?=(?-i:[A-ZÆØÅ])\S*(?:\s+\S+){0,5}$)(?=.*(?:netværk|network|forum|gruppe|group|udvalg|"
    r"committee|forening|association|alliance|klub|club|akademi|academy))"
    r"|(?:reportage|recap|referat)\s*(?:[:–—-]|fra|from|of)\s+"
    r"|(?:(?:webinar|video|event)\s+)?(?:recording|optagelse|videooptagelse)\s*[:–—|-]\s+"
    r"|(?:sådan gik(?: det(?: til)?(?: på| ved)?)?|how it went(?: at)?|looking back(?: at| on)?|"
    r"tilbageblik(?: på)?)\s*:?\s+"
    r"|(?:invitation|indbydelse|invitasjon)\s+(?:til|to)\s+"
    r"|(?:program(?:me|met)?|dagsorden|agenda)\s*[:–—-]\s+"
    r"|[^:]{2,60}?\b(?:presents|præsenterer|inviterer til|invites you to)\s*:\s+"
    r"|(?:mødeplan|årsplan|program|programme|kalender|calendar|oversigt|overview)\s+"
    r"(?:for|of)\s+"
    # "Foredragsrække på Hovedbiblioteket: X" is a label; "Climate Assembly Webinar: X" a name
    rf"|(?-i:[a-zæøå][\w-]*\s+){{0,3}}?{_EVENT_WORD}(?:\s+\w+){{0,3}}?\s*:\s+)?",
    I,
)
_TITLE_TAIL = re.compile(
    r"\s*(?:[–—-]|,|\()\s*(?:(?:webinar|session|del|part|modul|module)\s*\d+"
    r"(?:\s*(?:of|af|/)\s*\d+)?|\d+\s*(?:of|af|/)\s*\d+)\)?\s*$"
    r"|\s*[–—:|-]\s*(?:program(?:me|met)?|dagsorden|agenda|invitation|save the date|"
    r"schedule|tidsplan|timetable|"
    r"tilmelding|registration|(?:registration|tilmeldingen) (?:is |er )?(?:now )?open|"
    r"åben for tilmelding|now open|sign up now|book now|tilmeld dig nu|"
    r"call for (?:abstracts|papers|proposals|participants|speakers)|indkaldelse af \w+)\s*!?\s*$"
    r"|\s*[:–—|-]\s*(?:(?:partner|side|satellite|related|upcoming|kommende)\s+)?"
    r"(?:events|arrangementer|aktiviteter|activities|kalender|calendar|oversigt|overview|"
    r"mødeplan|årsplan|møderække|meeting plan)(?:\s+\d{4})?\s*$"
    r"|\s*[,–—-]\s*(?:day|dag)\s*\d+\s*$"
    r"|\s*[,–—-]\s*(?:day|dag)\s*\d+\s*(?:agenda|programme|program|dagsorden)\s*$"
    r"|\s+(?:returns|is back|vender tilbage|er tilbage)\b.{0,80}$"
    r"|\s*[:–—|]\s*(?:a |an |en |et )?(?:(?:webinar|foredrags?|seminar|event|talk|lecture|"
    r"debat|podcast)[- ]?)?(?:series|serie|rækken?|række)(?:\s+\d{4})?"
    r"(?:\s+(?:by|from|af|fra)\s+(?:the\s+)?[A-ZÆØÅ][^:–—|]{2,60})?\s*$"
    r"|\s*(?:,|[–—]|\s-)\s*(?:(?:online|digital[te]?|virtual|virtuelt|fysisk|physical|hybrid|"
    r"next|næste|årligt?|annual|ordinært?|ordinary)\s+)*(?:meeting|møde|netværksmøde|webinar|"
    r"session|workshop)\s*$",
    I,
)
_INVITE_BOILERPLATE = re.compile(
    r"^(?:(?:microsoft |ms )?teams[- ](?:meeting|møde)|"
    r"join (?:on your|with a|from your|by phone|the meeting|(?:a |the )?(?:zoom|teams|microsoft "
    r"teams) meeting|meeting)\b.*|"
    r"click here to join.*|meeting id\b.*|møde-?id\b.*|passcode\b.*|adgangskode\b.*|"
    r"password\b.*|dial[- ]in\b.*|learn more about teams.*|meeting options.*|"
    r"deltag (?:på|i|via|fra)\b.*|klik her for at deltage.*|zoom meeting id.*|"
    r"one tap mobile.*|find your local number.*|\+\d[\d ,#*]{6,}.*|"
    r"(?:link til|link to|join via) (?:zoom|teams|mødet|webinaret|the meeting|the webinar)\b.*|"
    r"(?:zoom|teams)[- ]?link\b.*|mødeadgangskode\b.*|webinar id\b.*)$",
    I,
)
_NEWSLETTER = re.compile(
    r"^(?:[^\w\s]\s*)?(?:nyhedsbrev|newsletter|nyhedsmail|nyt)\s+(?:fra|from)\s+"
    r"(?P<o>[A-ZÆØÅ][^–—|:]{2,80}?)(?:\s*(?:[–—|:]|\s-\s|,\s).*)?$"
    r"|^(?:[^\w\s]\s*)?(?:nyhedsbrev|newsletter)\b",
    I,
)
_EVENT_TOPIC = re.compile(
    r"\b(?:[\wæøå-]*(?:møde|dag|webinar|seminar|konference|workshop|arrangement|session|"
    r"meeting|conference|event|café|cafe|forum|aften|morgen)|webinar|workshop|seminar)"
    r"\s+(?:om|about|on)\s+(?P<t>[^,.;:!?()]{3,80}?)"
    r"(?=\s*[,.;:!?(]|\s+(?:med|with|ved|hvor|where|og|and|i|in|på|at|hos|for)\s|$)",
    I,
)
_ORG_LEAD = re.compile(
    r"^(?:hosted|organi[sz]ed|co-organi[sz]ed|presented|arrangeret|arrangeres|afholdes|"
    r"afholdt|in collaboration with|i samarbejde med|brought to you)\b",
    I,
)
_CTA = re.compile(
    r"^(?:join us|don'?t miss|save the date|mark your calendars?|sæt kryds|kom og|vær med|"
    r"register now|sign up now|tilmeld dig nu|we(?:'re| are) (?:excited|happy|pleased|thrilled)|"
    r"vi glæder os|glæd dig)\b.*!$",
    I,
)
_TITLE_OWNER = re.compile(
    r"\b(?P<o>[A-ZÆØÅ][\w&.-]*(?:\s+[A-ZÆØÅ][\w&.-]*){0,3})['’]s\s+(?:[\w-]+\s+)?"
    r"(?:netværk|network|webinarrække|webinar series|konference|conference|forum|akademi|"
    r"academy|årsmøde|annual meeting|temadag|symposium)\b"
)
_SEASON_YEAR = re.compile(
    r"\b(?:i|in|during|throughout)\s+(?:(?:foråret|efteråret|sommeren|vinteren|løbet af|"
    r"spring|autumn|fall|summer|winter|the (?:spring|autumn|fall|summer|winter) of)\s+)?"
    r"(?P<y>20\d\d)\b(?!\s*[-–/])",
    I,
)
_SUBHEAD = re.compile(
    r"^(?:session|track|spor|panel|parallel session|sektion|section|blok|block|del|part|"
    r"workshop|tema|theme)\s*[\w.]{0,4}\s*[:–—-]\s*\S.{2,}$",
    I,
)
_TIME_HEAD = re.compile(r"(?:time|tid|tidspunkt|kl\.?|klokken|when|hvornår)", I)
_CLAUSE_TOPIC = re.compile(
    r"\b(?:looks? at|about|explains?|discuss(?:es)?|presents?|ser på|kigger på|handler om|"
    r"fortæller om|taler om|forklarer|om)\s+(?P<t>[^,.;:!?]{3,80}?)"
    r"(?=\s+(?:with|med|by|ved|from|fra|and|og)\s|\s*[,.;:!?]|$)",
    I,
)
_TITLE_OF = re.compile(
    r"\b(?:symposium|conference|meeting|congress|forum|seminar|summit|[\wæøå]*møde|"
    r"[\wæøå]*konference|[\wæøå]*kongres|temadag|generalforsamling|annual meeting)"
    r"(?:\s+(?-i:[a-zæøå]+)){0,3}?\s+(?:(?:19|20)\d\d\s+)?(?:of|i)\s+(?:the\s+)?"
    r"(?P<o>(?-i:[A-ZÆØÅ])[\w&-]*(?:\s+(?:(?-i:[A-ZÆØÅ])[\w&-]*|for|of|and|&|on|og|i))*)",
    I,
)
#: "Velkommen til Danske Bibliotekarers Netværks landsmøde": a Danish genitive names the owner
_DA_GENITIVE_OWNER = re.compile(
    r"\b(?P<o>(?-i:[A-ZÆØÅ])[\w-]*(?:\s+(?:(?-i:[A-ZÆØÅ])[\w-]*|for|af|og|&)){0,5}?)s\s+"
    r"(?:(?:årlige|store|faglige|nationale)\s+)?(?:landsmøde|årsmøde|generalforsamling|"
    r"konference|kongres|landskongres|temadag|netværksmøde|seminar|symposium|repræsentantskabsmøde)\b",
    I,
)
_ORG_NOUN = re.compile(
    r"\b(?:society|association|\w*forening\w*|\w*selskab\w*|network|netværk\w*|institute|"
    r"institut\w*|council|råd\w*|union|federation|\w*forbund\w*|academy|akademi\w*|alliance)\b",
    I,
)
_TALK_LABEL = re.compile(
    r"^(?:oplæg|indlæg|foredrag|talk|presentation|præsentation|keynote|lecture|paper)\s*\d*\s*:",
    I,
)
_TITLE_ORG_TAIL = re.compile(r"\s+[–—|-]\s+(?P<o>[A-ZÆØÅ][\wæøå-]*(?:\s+[A-ZÆØÅ][\wæøå-]*)?)$")
#: "Årsmøde 2027 – Foreningen for Lokale Aftenskoler": a longer owner named like an organisation
_TITLE_LONG_ORG_TAIL = re.compile(
    r"\s+[–—|-]\s+(?P<o>[A-ZÆØÅ][\wæøå-]*(?:\s+(?:[A-ZÆØÅ][\wæøå-]*|for|af|of|i|og|and|&)){1,5})$"
)
#: "Recording: X – webinar held on 12 January 2028": the words before the date name no title
_HEAD_HELD = re.compile(
    r"\s+[–—-]\s+(?:[\w-]+\s+){0,2}(?:held|holdt|afholdt|recorded|optaget)(?:\s+(?:on|den|d\.))?$",
    I,
)
_PART_N = re.compile(
    r"^(?:part|del|session|webinar|modul|module|gang|workshop|møde|meeting|episode)\s*"
    r"(?P<n>\d{1,2})\s*[:–—.-]\s*(?P<rest>\S.*)$",
    I,
)
_RECORDING = re.compile(
    r"^(?:(?:watch|view|see|se|download|hent|læs|read|find)\b[^|·]{0,60}"
    r"(?:recording|optagelse\w*|slides|video\w*|præsentation\w*|presentation\w*|pdf)[^|·]{0,30}"
    r"(?:\s*[|·]\s*|$))+$",
    I,
)
_TOPIC_INTRO = re.compile(
    r"\b(?:kommer\s+(?:vi\s+|du\s+)?(?:blandt andet\s+|bl\.\s?a\.\s+|også\s+)?ind på|"
    r"formålet(?:\s+med\s+\w+)?\s+er|målet(?:\s+med\s+\w+)?\s+er|vi\s+ser\s+(?:bl\.\s?a\.\s+)?på|"
    r"du\s+(?:får|vil\s+få|lærer)|temaer(?:ne)?|emner(?:ne)?|"
    r"(?:we|you)\s+will\s+(?:discuss|cover|look at|learn|explore|get)|you'll\s+(?:learn|get)|"
    r"topics?\s+(?:include|covered)|themes?\s+(?:include|are)|the\s+(?:aim|goal|purpose)s?\s+"
    r"(?:of\s+\w+(?:\s+\w+)?\s+)?(?:is|are)|objectives|learning\s+outcomes|key\s+questions|"
    r"(?:centrale|vigtige|gode)\s+spørgsmål|spørgsmål\s+(?:vi|du)\s+\w+)\b",
    I,
)
_EVENT_PREFIX = re.compile(
    r"^(?:webinar|online webinar|workshop|seminar|konference|conference|temadag|foredrag|"
    r"fyraftensmøde|morgenmøde|netværksmøde)\s*:\s+(?=\S)",
    I,
)
_DAY_START = re.compile(
    r"\b(?:dagen|mødet|arrangementet|vi|we|the day|the event|it|foredraget|webinaret|debatten|"
    r"konferencen|programmet|the talk|the lecture|the webinar|the debate|the programme)\s+"
    r"(?:begynder|starter|begins|starts)\b(?:[^.]|(?<=ca)\.){0,20}?\b(?:kl\.?|at)\s*"
    r"(?P<h>\d{1,2})(?:[.:](?P<m>\d{2}))?",
    I,
)
_DAY_END = re.compile(
    r"\b(?:dagen|mødet|arrangementet|vi|we|the day|the event|it|foredraget|webinaret|debatten|"
    r"konferencen|programmet|the talk|the lecture|the webinar|the debate)\s+(?:slutter|afslutter|"
    r"afsluttes|ends|finishes|closes|wraps? up)\b(?:[^.]|(?<=ca)\.){0,20}?\b(?:kl\.?|at)\s*"
    r"(?P<h>\d{1,2})"
    r"(?:[.:](?P<m>\d{2}))?",
    I,
)
_MILESTONE = re.compile(
    r"^(?P<label>[^:]{0,50}\b(?:abstracts?|submissions?|submit|papers?|proposals?|notification|"
    r"acceptance|deadline|frist\w*|early[- ]?bird|registration (?:opens|closes|ends)|"
    r"tilmelding(?:en)? (?:åbner|lukker|slutter)|indsendelse|ansøgningsfrist|review|full papers?)"
    r"[^:]{0,30}):\s*\S",
    I,
)
_MILESTONE_REG = re.compile(r"regist|tilmeld|sign[- ]?up", I)
_PRESS = re.compile(
    r"\b(?:presse\w*|press (?:contact|enquiries|inquiries)|media (?:contact|enquiries)|"
    r"yderligere information|further information|for more information|kommunikationschef|"
    r"pressechef|press officer)\b",
    I,
)
_REG_WORDS_LINE = re.compile(r"\b(?:tilmeld\w*|regist\w*|sign[ -]?up|rsvp)\b", I)
_QUOTE_LINE = re.compile(
    r"^[–—-]\s+.{10,}?,\s+(?:siger|sagde|udtaler|fortæller|says|said|explains)\b", I
)
_TITLE_HEAD = re.compile(
    r"(?:punkt|emne|tema|titel|indhold|program|programpunkt|session|topic|title|item|subject|"
    r"agenda item|activity|aktivitet)",
    I,
)
_ROOM_HEAD = re.compile(
    r"(?:room|rum|lokale|sal|sted|venue|location|track|spor|hall|format|duration|varighed)", I
)
_WHO_HEAD = re.compile(
    r"(?:ansvarlig|oplægsholdere?|hvem|ved|speakers?|presenters?|who|led by|facilitator|"
    r"ordstyrer|responsible|medvirkende|talere?)",
    I,
)
_NOTICE = re.compile(
    r"^(?:obs|nb|vigtigt|important|update|updated|opdatering|aflyst|cancelled|canceled|"
    r"ændring|change of (?:date|time|venue)|nyt tidspunkt|new date|new time)\b.{0,40}[:!]?$",
    I,
)
_PAGE_WIDGET = re.compile(
    r"(?:follow|følg|refund policy|no refunds|add to calendar|tilføj til kalender|"
    r"about this event|om arrangementet|date and time|dato og tid(?:spunkt)?|share this event|"
    r"del arrangementet)\s*:?",
    I,
)
_WEEKDAY_HEAD = re.compile(
    r"(?:day \d\s*[:–—-]\s*)?(?P<w>mandag|tirsdag|onsdag|torsdag|fredag|lørdag|søndag|monday|"
    r"tuesday|wednesday|thursday|friday|saturday|sunday)\s*:?",
    I,
)
_WEEKDAY_INDEX = {
    "man": 0,
    "tir": 1,
    "ons": 2,
    "tor": 3,
    "fre": 4,
    "lør": 5,
    "søn": 6,
    "mon": 0,
    "tue": 1,
    "wed": 2,
    "thu": 3,
    "fri": 4,
    "sat": 5,
    "sun": 6,
}
_TOLD_TALK = re.compile(
    r"^(?:holder|giver|fortæller|taler|præsenterer|holds|gives|presents|talks|speaks)\s+"
    r"(?P<who>.+?)\s+(?:(?:et|en|a|an)\s+)?(?:foredrag|oplæg|indlæg|talk|presentation|lecture)?"
    r"\s*\b(?:om|about|on)\s+(?P<t>[^.]+)\.?$",
    I,
)
_NAME_ABOUT = re.compile(
    r"^(?P<who>[A-ZÆØÅ][\w'’-]+(?:\s+[A-ZÆØÅ][\w'’-]+){1,2})\s+(?:om|on|about)\s+"
    r"(?P<t>[A-ZÆØÅ0-9\"“„«].{2,120})$"
)
_DATE_WHERE = re.compile(
    r"^\s*(?:(?P<online>online|virtuelt|digitalt|on zoom|på teams|via teams|via zoom)\b"
    r"|(?:i|in|på|at)\s+(?P<town>[A-ZÆØÅ][\w-]+(?:\s+[A-ZÆØÅ][\w-]+)?)"
    r"(?:\s*\((?P<venue>[^()]{3,60})\))?)",
    I,
)
_OPTION_MARK = re.compile(r"(?:^|(?<=[\s:,;]))(?:[A-D]|[1-4])\)\s+(?=[A-ZÆØÅ])")
_GREETING = re.compile(r"^(?:kære|hej|dear|hi|hello|til|to)\b", I)
_SIGN_OFF = re.compile(
    r"^(?:med venlig hilsen|venlig hilsen|de bedste hilsner|bedste hilsner|mvh\.?|vh\.?|"
    r"best regards|kind regards|regards|best wishes|sincerely|yours sincerely)\b",
    I,
)
_ORG_AFTER = Gated(
    re.compile(
        r"(?:fagligt udviklet af|udviklet af|arrangeret af|arrangeres af|organiseret af|"
        r"organi[sz]ed (?:\w+ )?by|co-organi[sz]ed by|hosted (?:\w+ )?by|in collaboration with|"
        r"in cooperation with|"
        r"i samarbejde med|i tæt samarbejde med|i et samarbejde mellem|et samarbejde mellem|"
        r"a collaboration between|i partnerskab med|in partnership with|presented by|"
        r"afholdes af|afholdt af|står bag|arrangør(?:er)?:|organi[sz]ers?:|værter?:|hosts?:|"
        r"together with|(?:series|webinars?|event|conference|summit|symposium|seminar) by|"
        r"with (?:the )?support (?:from|of)|supported by|med støtte fra|støttet af|"
        r"koordineres af|koordineret af|coordinated by|(?:is |are )?run by|drives af|drevet af|"
        r"faciliteres af|faciliteret af|facilitated by|"
        r"on behalf of(?: the)?|på vegne af|"
        r"^by|"
        r"udbydes af|udbudt af|offered by|"
        r"(?:^|(?<=\.\s))join|"
        r"(?:kære|dear) (?:medlemmer af|members of))\s+",
        I,
    ),
    (
        "behalf",
        "vegne",
        "udbyd",
        "udbud",
        "offered",
        "afholder",
        "arrangerer",
        "inviterer",
        "af ",
        "by ",
        "run by",
        "drives af",
        "drevet af",
        "together",
        "support",
        "koordiner",
        "coordinated",
        "facilit",
        "støtte",
        "join",
        "members of",
        "with ",
        "med ",
        "mellem ",
        "between ",
        "bag ",
        "arrangør",
        "organi",
        "vært",
        "host",
    ),
    fold=True,
)
_ORG_BEFORE = Gated(
    re.compile(
        r"\s+(?:inviterer|inviterede|invites|invited|invite|står bag|udbyder|afholder|arrangerer|"
        r"arrangerede|organiserer|sætter (?:på|med) (?:\w+ ){1,3}fokus på|"
        r"ran|runs|hosted|holds|afviklede|tager på turné|goes on tour|turnerer|"
        r"organi[sz]es|hosts|presents|præsenterer|"
        r"holder\b(?=.{0,60}?\b\w*(?:møde|webinar|konference|seminar|workshop|temadag|festival|"
        r"arrangement|event|kongres)\b)|"
        r"holder (?:et |en )?\w*(?:møde|dag|aften|café|cafe|konference|seminar|workshop|"
        r"symposium|arrangement|festival|event|webinar|træf))\b",
        I,
    ),
    (
        "turné",
        "on tour",
        "turnerer",
        "ran",
        "runs",
        "hosted",
        "holds",
        "afviklede",
        "invit",
        "arrangerede",
        "fokus på",
        "står bag",
        "holder ",
        "udbyder",
        "afholder",
        "arrangerer",
        "organiserer",
        "organis",
        "organiz",
        "hosts",
        "presents",
        "præsenterer",
    ),
    fold=True,
)
_ORG_INVERTED = re.compile(
    r"\b(?:afholder|arrangerer|inviterer|holder|har|gennemgår|præsenterer)\s+(?=[A-ZÆØÅ])"
)
_DAY_ORDINAL = re.compile(
    r"\b(?P<n>første|anden|andre|tredje|fjerde|first|second|third|fourth|dag \d|day \d)"
    r"(?:\s+(?:dag|day|aften|evening|del|part|gang|session|webinar))?\b",
    I,
)
_ORDINALS = {
    "første": 0,
    "first": 0,
    "anden": 1,
    "andre": 1,
    "second": 1,
    "tredje": 2,
    "third": 2,
    "fjerde": 3,
    "fourth": 3,
}
_SERIES_START = re.compile(
    r"\b(?:all|each|every|alle|hver|hvert)\b.{0,40}\b(?:start\w*|begin\w*|kl\.|at \d)"
    r"|\b(?:kl\.|at)\s*\d{1,2}[.:]\d{2}\s+(?:begge|alle|both|all|each|hver)\s+(?:dage|days|aftener)\b",
    I,
)
_SERIES_TIME = re.compile(
    r"\b(?:alle|all|each|every|hver)\b[^.]{0,40}\b(?:webinar|session|talk|møde)", I
)
_THEME_SENTENCE = re.compile(
    r"\b(?:temaet|emnet|the theme|the topic)\s+(?:er|bliver|is|will be)\s+"
    r"(?P<t>[^.;:!?]{3,100}?)(?=\s*(?:[.;:!]|\?(?=\s|$)|,\s*(?:og|and)\s+(?:vi|we|der|her|there|du|you)\b"
    r"|,\s*(?:hvor|where|som|which|men|but)\b|\s+og\s+(?:vi|der|her)\b|$))",
    I,
)
_NOISE_LINE = re.compile(
    r"^(?:(?:forside|home|hjem|start)\s*[›>/»|].*|"
    r"(?:del|share)(?: (?:this|denne|siden|page|artiklen))*\s*:?"
    r"(?:\s+(?:på\s+)?(?:facebook|linkedin|twitter|x|e-?mail|mail|print)\b[, ]*)*|"
    r"(?:facebook|linkedin|twitter|e-?mail|print)"
    r"(?:\s+(?:facebook|linkedin|twitter|e-?mail|print))+|"
    r"(?:skip to (?:the )?(?:main )?content|skip navigation|gå til (?:hoved)?indhold|"
    r"spring (?:til|over)(?: til)? (?:hoved)?indhold\w*|hop til (?:hoved)?indhold|"
    r"vi bruger cookies|we use cookies|cookie-?(?:indstillinger|settings)|accepter alle|"
    r"accept all|subscribe to our newsletter|tilmeld (?:dig )?(?:vores )?nyhedsbrev|"
    r"print siden|læs op|til toppen|back to top)\b.*)$",
    I,
)


_HASHTAGS = re.compile(r"(?:#\w[\w-]*[\s,.]*)+")


def _is_noise(text: str) -> bool:
    """Breadcrumbs ("Forside › Arrangementer › ..."), share buttons, cookie banners."""
    if len(text) > 160:
        return False
    if text.count(" › ") + text.count(" » ") >= 2:
        return True
    if _PAGE_WIDGET.fullmatch(text.strip()):
        return True  # "Follow", "Refund Policy", "Add to calendar" on a ticketing page
    if _RECORDING.match(text.strip()):
        return True  # "Watch the recording | Download the slides"
    if _HASHTAGS.fullmatch(text.strip()):
        return True  # "#sustainability #webinar": a social-media post's tags
    return bool(_NOISE_LINE.match(text))


_HEAD_RELATED = re.compile(
    r"^(?:relaterede (?:arrangementer|events|webinarer|nyheder|artikler)|"
    r"related (?:events|webinars|news)|"
    r"andre arrangementer|other events|flere arrangementer|more events|you might also like|"
    r"se også|læs også|read also|also of interest|du vil måske også|måske også interessant)$",
    I,
)
_ALL_SESSIONS = re.compile(
    r"\b(?:begge|alle|both|all|hver|each|every)\b[^.]{0,30}\b(?:dele|webinarer|sessioner|møder|"
    r"gange|parts|sessions|webinars|meetings|events)\b",
    I,
)
_EVENT_CONTEXT = re.compile(
    r"webinar|møde|konferen|conferen|seminar|symposi|workshop|temadag|arrangement|event|"
    r"session|foredrag|debat|træf|festival|summit|forum|meeting|talk|roundtable|briefing|"
    r"café|cafe|kursus|course|training|lecture|ekskursion|studietur|tour\b|reception|launch|"
    r"dagen\b|day\b|verdensmålsdag|netværk|network|afholde|holdes|holdt|holder|finder sted|"
    r"fandt sted|inviter|invite|take place|takes place|took place|will be held|was held|"
    r"were held|mødes|meets|join|tilmeld|regist|sign up|kl\.|next in the series|næste i rækken|"
    r"\bseries\b|rækken|episode",
    I,
)
_GENERIC_ORG_REFS = frozenset(
    [
        "council",
        "network",
        "netværket",
        "forum",
        "foundation",
        "fonden",
        "kommunen",
        "municipality",
        "association",
        "foreningen",
        "centre",
        "center",
        "centret",
        "institute",
        "instituttet",
        "hub",
        "alliance",
        "organisation",
        "organization",
        "secretariat",
        "sekretariatet",
        "committee",
        "board",
        "styrelsen",
        "ministry",
        "ministeriet",
        "university",
        "universitetet",
        "city",
        "byen",
        "region",
        "regionen",
    ]
)
_PANEL_TITLE = re.compile(
    r"^\W*(?:panel|paneldebat|paneldiskussion|debat\b|debate\b|debatten|rundbordssamtale|"
    r"roundtable|round table)",
    I,
)
_LIST_YEAR = re.compile(r"(?<![\d.,/-])((?:19|20)\d{2})(?![\d.,/-])")
_PRONOUNS = frozenset(["vi", "we", "du", "you", "de", "they", "i", "jeg"])
_END_WORDS = re.compile(
    r"^(?:slut|tak for i dag|end of (?:the )?(?:meeting|day|conference|event|webinar|programme)|"
    r"(?:the )?(?:summit|conference|symposium|event|meeting|day|webinar|konferencen|"
    r"symposiet|mødet|dagen|arrangementet) (?:closes|ends|slutter|afsluttes)|"
    r"farvel|goodbye|arrangementet slutter|vi slutter)\b",
    I,
)
_ITEM_KW = re.compile(
    r"(?:(?<=\s)|^)(?P<kw>v/(?=\s*\S)|(?:ved|v\.|by|with|med|featuring|presented by|"
    r"præsenteret af|facilitated by|faciliteret af|faciliteres af|moderated by|modereret af|"
    r"panel with|panel med|oplæg (?:ved|af|fra))(?=\s|$))",
    I,
)
_DASH_SEP = re.compile(r"\s[–—-]\s+")
_COLON_SEP = re.compile(r":\s+")
_ABBREV = frozenset(
    [
        "co",
        "inc",
        "ltd",
        "h.e",
        "assoc",
        "asst",
        "hon",
        "rt",
        "cllr",
        "dr",
        "prof",
        "tidl",
        "fhv",
        "ph.d",
        "phd",
        "mr",
        "mrs",
        "ms",
        "st",
        "bl.a",
        "fx",
        "f.eks",
        "mv",
        "m.m",
        "inkl",
        "ekskl",
        "ca",
        "kl",
        "nr",
        "jf",
        "evt",
        "dvs",
        "osv",
        "etc",
        "vs",
        "no",
        "mag",
        "cand",
        "lic",
        "sr",
        "jr",
        "hr",
        "fr",
    ]
)
_GENERIC_TITLES = frozenset(
    [
        "talk",
        "oplæg",
        "presentation",
        "præsentation",
        "speaker",
        "speakers",
        "oplægsholder",
        "oplægsholdere",
        "med",
        "with",
        "by",
        "ved",
        "foredrag",
        "indlæg",
    ]
)


# ----------------------------------------------------------------------------- helpers


def clean_title(text: str | None) -> str | None:
    if not text:
        return None
    t = text.strip()
    t = t.strip(" \t" + _QUOTES_STRIP)
    t = re.sub(r"\s+", " ", t)
    t = _DURATION.sub("", t)  # "Keynote (30 min)"
    t = t.strip(" " + _QUOTES_STRIP + ",;:–—-")
    if t.endswith(".") and not t.endswith("..") and t[-2:-1].isalpha():
        last = t.split()[-1].rstrip(".").lower()
        if last not in _ABBREV:
            t = t[:-1]
    t = t.strip(" " + _QUOTES_STRIP)
    return t or None


_QUOTES_STRIP = _QUOTE_CHARS
_DURATION = re.compile(
    r"\s*\(\s*(?:ca\.\s*)?\d{1,3}\s*(?:min\.?|mins|minutes|minutter|t\.?|timer|hours?|hrs?)\s*\)",
    I,
)


def sentence_end(text: str, start: int = 0) -> int:
    """Index just past the first sentence end at or after start (or len(text))."""
    for m in _SENT_END.finditer(text, start):
        pos = m.start()
        space = max(text.rfind(" ", 0, pos), text.rfind("\n", 0, pos))
        raw = text[space + 1 : pos].strip("(")
        tok = raw.lower()
        if (tok in _ABBREV and not (raw.isupper() and "." not in raw)) or (
            len(tok) == 1 and tok.isalpha()
        ):
            continue
        if text[pos] == "." and pos > 0 and text[pos - 1].isdigit():
            continue
        return pos + 1
    return len(text)


_ROLE_SPLIT = re.compile(
    r"\s*(?:[,;]\s*)?(?:moderated by|chaired by|facilitated by|modereret af|faciliteret af)\b", I
)
_LEAD_IN = re.compile(
    r"^(?:(?:et |an? |the )?(?:oplæg|indlæg|foredrag|talk|presentation|præsentation|keynote)"
    r"\s+(?:af|ved|fra|by|v\.|v/)\s+)",
    I,
)
_TRAILING_TIME = re.compile(
    r"[\s,(]+(?:kl\.?\s*)?(?P<h>\d{1,2})[.:](?P<m>[0-5]\d)"
    r"(?:\s*[-–—]\s*(?P<h2>\d{1,2})[.:](?P<m2>[0-5]\d))?\)?\s*$"
)
_SENT_END = re.compile(r"[.!?](?=\s+[A-ZÆØÅ0-9\"“”„«])")


def first_sentence(text: str) -> tuple[str, str]:
    end = sentence_end(text)
    return text[:end].strip(), text[end:].strip()


@dataclass
class ItemSplit:
    title: str | None
    speakers: list[Speaker]
    rest: str


def _split_fields(text: str, default_role: str) -> ItemSplit | None:
    """'Title | NAME, ROLE, ORG | Moderator: NAME' (table-like agenda rows)."""
    fields = [f.strip() for f in re.split(r"\s+[|¦]\s+|\s+·\s+", text) if f.strip()]
    if len(fields) < 2:
        return None
    speakers: list[Speaker] = []
    for f in fields[1:]:
        m = _SPEAKER_LABEL.match(f)
        if m:
            speakers += parse_people(
                m.group("rest"), _label_role(m.group("label") or m.group("label2"))
            )
        else:
            speakers += person_line(f) or parse_people(f, default_role, strong=False)
    if not speakers:
        if all(len(f.split()) <= 4 for f in fields[1:]) and not _SPEAKER_LABEL.match(fields[0]):
            return ItemSplit(clean_title(fields[0]), [], "")  # "Lunch | Foyer": a room column
        return None
    return ItemSplit(clean_title(fields[0]), speakers, "")


def _trailing_paren_people(text: str, default_role: str) -> ItemSplit | None:
    """'Case: Repair cafés (Thomas Krag, Aarhus Municipality)' -> title + speaker."""
    m = re.search(r"\(([^()]{3,200})\)\s*[.]?$", text)
    if not m or m.start() == 0:
        return None
    inner = m.group(1).strip()
    role_m = _INLINE_ROLE.match(inner)
    if role_m:
        people = parse_people(inner[role_m.end() :], _label_role(role_m.group("label")))
        return ItemSplit(clean_title(text[: m.start()]), people, "") if people else None
    people = person_line(inner)
    if not people:
        return None
    for p in people:
        p.event_role = default_role
    return ItemSplit(clean_title(text[: m.start()]), people, "")


_TBA = Gated(
    re.compile(
        r"\s*[–—-]?\s*(?:speakers? (?:to be|will be) (?:confirmed|announced)|"
        r"speakers? tb[ac]|tb[ac]|"
        r"oplægsholdere? (?:annonceres|følger|offentliggøres)\b.*|mere følger)\.?\s*$",
        I,
    ),
    ("tba", "tbc", "to be ", "annonceres", "følger", "offentliggøres"),
)
_INLINE_ROLE = Gated(
    re.compile(
        r"(?:^|[,;.?!]\s*|\s[–—-]\s*)(?P<label>chair|chaired by|moderator|moderated by|ordstyrer|"
        r"led by|ledet af|ledes af|guide|guided by|vært|host|"
        r"facilitator|facilitated by|faciliteret af|panel|panelists?|paneldeltagere|"
        r"participants|deltagere|debattører)\s*:?\s+(?=\S)",
        I,
    ),
    (
        "chair",
        "moderat",
        "ordstyrer",
        "facilit",
        "panel",
        "led by",
        "ledet af",
        "ledes af",
        "guide",
        "vært",
        "host",
        "participant",
        "deltagere",
        "debattør",
    ),
)


def _speaker_first(text: str, default_role: str) -> ItemSplit | None:
    """'Associate Professor Mikkel Friis (Roskilde University): Citizen science ...'
    or 'Prof. Peter Kleist, University of Greenland — Building on permafrost'."""
    dash = re.match(r"^(?P<who>[^–—]{3,140}?)\s+[–—]\s+(?P<title>\S.*)$", text)
    if dash and not person_line(dash.group("title").split(" – ")[0]):
        who = dash.group("who")
        people = person_line(who) if ("," in who or "(" in who) else []
        if people and people[0].name.split()[0] == _HONORIFIC_LEAD.sub("", who).split()[0]:
            for p in people:
                p.event_role = default_role
            return ItemSplit(clean_title(dash.group("title")), people, "")
    m = re.match(r"^(?P<who>[^:]{3,140}?):\s+(?P<title>\S.*)$", text)
    if not m:
        return None
    who = m.group("who")
    if not re.search(r"[,()]", who) and not find_name(who, strong=False):
        return None
    people = person_line(who)
    if not people:
        return None
    for p in people:
        p.event_role = default_role
    return ItemSplit(clean_title(m.group("title")), people, "")


def _role_sentences(rest: str, speakers: list[Speaker]) -> str:
    """'Chair: Prof. Anne Vinge' left after the first sentence joins the speakers."""
    m = _INLINE_ROLE.search(rest)
    if not m:
        return rest
    label = m.group("label").lower()
    role = _label_role(label)
    end = sentence_end(rest, m.end())
    people = parse_people(rest[m.end() : end], event_role=role)
    if not people:
        return rest
    speakers.extend(p for p in people if all(p.name != s.name for s in speakers))
    return (rest[: m.start()] + " " + rest[end:]).strip()


def split_item(text: str, default_role: str = "speaker") -> ItemSplit:
    """'Title” ved NAME, ROLE, ORG. More prose' -> title, speakers, rest.

    The same line is often looked at more than once, so results are cached; callers get
    fresh Speaker objects because later steps fill in roles and organisations."""
    res = _split_item_cached(text, default_role)
    return ItemSplit(res.title, [dataclasses.replace(s) for s in res.speakers], res.rest)


@lru_cache(maxsize=1024)
def _split_item_cached(text: str, default_role: str) -> ItemSplit:
    text = _TBA.sub("", text.strip())
    if default_role == "speaker" and _PANEL_TITLE.match(text):
        default_role = "panelist"
    fielded = _split_fields(text, default_role)
    if fielded:
        return fielded
    first = _speaker_first(text, default_role) or _trailing_paren_people(text, default_role)
    if first:
        return first
    res = _split_item(text, default_role)
    if res.speakers and res.rest:
        res.rest = _role_sentences(res.rest, res.speakers)
    return res


def _split_item(text: str, default_role: str) -> ItemSplit:
    quote_end = -1
    if text[:1] in "\"“”„«'‘»":
        close = re.search(r"[\"“”»’'«]", text[1:])
        if close:
            quote_end = close.end() + 1
    for pos, after, role, strong in _split_candidates(text, default_role):
        if pos == 0 or pos < quote_end - 1:
            continue
        found = _split_at(text, pos, after, role, strong, default_role)
        if found:
            return found
    if quote_end > 0:
        title = text[:quote_end]
        rest = text[quote_end:].strip()
        return ItemSplit(clean_title(title), [], rest)
    paren = _trailing_paren_people(text, default_role)
    if paren:
        return paren
    head, rest = first_sentence(text)
    return ItemSplit(clean_title(head), [], rest)


def _split_candidates(text: str, default_role: str) -> list[tuple[int, int, str, bool]]:
    """Where a title may end and its people begin: markers ("ved", "with", "moderated by"),
    dashes, sentence ends, inline roles and colons, in text order."""
    candidates: list[tuple[int, int, str, bool]] = []
    for m in _ITEM_KW.finditer(text):
        kw = m.group("kw").lower()
        strong = kw not in ("with", "med")
        role = default_role
        if kw.startswith(("facilit",)):
            role = "facilitator"
        elif kw.startswith(("moderat", "modere")):
            role = "moderator"
        elif kw.startswith("panel"):
            role = "panelist"
        candidates.append((m.start(), m.end(), role, strong))
    for m in _DASH_SEP.finditer(text):
        candidates.append((m.start(), m.end(), default_role, False))
    for m in re.finditer(r"(?<=[.?!])\s+(?=[A-ZÆØÅ])", text):
        if sentence_end(text, max(0, m.start() - 1)) == m.start():
            candidates.append((m.start(), m.end(), default_role, False))
    for m in _INLINE_ROLE.finditer(text):
        if m.start() > 0 and m.group("label").lower() not in ("panel",):
            candidates.append((m.start(), m.end(), _label_role(m.group("label")), True))
    for m in _COLON_SEP.finditer(text):
        candidates.append((m.start(), m.end(), default_role, False))
    candidates.sort()
    return candidates


def _person_after(first_piece: str, pieces: list[str], strong: bool):
    """The person a separator is followed by (and whether the evidence is strong), or None."""
    hit = find_name(first_piece, strong=strong)
    if hit is None and len(pieces) > 1:
        # "Marcus Bell, Chief Resilience Officer, ...": the role after the name tells
        both = find_name(first_piece + ", " + pieces[1].strip(), strong=strong)
        if both and not both.prefix and both.name in first_piece:
            return both, True
    if hit is None and not strong:
        maybe = find_name(first_piece, strong=True)
        if maybe and not maybe.prefix and re.match(r"^\([^()]*[A-ZÆØÅ]", maybe.suffix):
            return maybe, True  # "with Tomás Ruiz (City of Barcelona)"
    if hit is None and len(pieces) > 1 and has_role_word(first_piece):
        hit = find_name(pieces[1].strip(), strong=strong)  # "formand for X, NAME"
        if (
            hit
            and hit.prefix
            and not _HONORIFIC_LEAD.match(hit.prefix + " ")
            and not pure_role_prefix(hit.prefix)
        ):
            return None
    if hit is None:
        return None
    return hit, strong


def _split_at(
    text: str, pos: int, after: int, role: str, strong: bool, default_role: str
) -> ItemSplit | None:
    """Title before ``pos`` and people after ``after``, when a person does start there."""
    end = sentence_end(text, after)
    chunk = text[after:end]
    if not chunk.strip():
        return None
    # a separator only counts when a person starts right after it
    pieces = _ROLE_SPLIT.split(chunk.strip())[0].split(",")
    found = _person_after(_LEAD_IN.sub("", pieces[0]), pieces, strong)
    if found is None:
        return None
    hit, strong = found
    if hit.prefix and not (
        pure_role_prefix(hit.prefix)
        or (strong and role_prefix(hit.prefix) and len(hit.prefix.split()) <= 6)
    ):
        return None
    people = parse_people(chunk, event_role=role, strong=strong)
    if not people or people[0].name.split()[0] not in chunk[:120]:
        return None
    head = text[:pos]
    # "– facilitated by": drop the dash the marker hung on
    head = re.sub(r"\s*[–—-]\s*$", "", head)
    led = re.match(r"^(?:moderated|modereret|chaired|facilitated|faciliteret)\b", head, I)
    if led:
        # "Moderated Q&A with NAME": the person leads that point
        for p in people:
            if p.event_role == default_role:
                p.event_role = _label_role(led.group(0))
    return ItemSplit(clean_title(head), people, text[end:].strip())


def pure_role_prefix(prefix: str) -> bool:
    """'trafikplanlægger', 'tidl. minister', 'ph.d.', 'Dr.' - nothing but a role before a name."""
    toks = prefix.split()
    if not toks or len(toks) > 5 or not role_prefix(prefix):
        return False
    if any(
        t.lower().strip(".,") in ("ved", "v", "v/", "by", "with", "med", "og", "and") for t in toks
    ):
        return False
    return not re.search(r"[–—:;!?\"“”„«»]", prefix)


def _pure_role_phrase(text: str) -> bool:
    """'Aalborg Kommunes rådmand for klima og miljø' - a role (maybe with a genitive owner)
    and nothing that reads like a programme title or a speaker marker."""
    org, role = _genitive(text)
    toks = (role if org else text).split()
    if not toks or len(toks) > 8:
        return False
    if any(
        t.lower().strip(".,") in ("ved", "v", "v/", "by", "with", "med", "–", "-") for t in toks
    ):
        return False
    return all(t[:1].islower() or t.endswith(("s", "'s", "’s")) or is_role_word(t) for t in toks)


def person_line(text: str, strong: bool = False) -> list[Speaker]:
    """People when a whole line is a person description ("Mads Holm (K), byrådsmedlem").

    strong: the context says people are listed here (under "Speakers:", below a talk), so
    a name need not be in the first-name list."""
    if len(text) > 300:
        return []
    text = text[: sentence_end(text)].rstrip(" .")  # "NAME – ROLE, ORG. A bio sentence."
    first_piece = re.split(r",", text, maxsplit=1)[0]
    hit = find_name(first_piece, strong=strong)
    if hit and strong and not hit.known and not hit.prefix and not hit.suffix and "," not in text:
        return []  # a bare pair of capitalised words is too weak on its own
    if hit:
        if hit.prefix and not pure_role_prefix(hit.prefix) and not _honorific_only(hit.prefix):
            return []
        if hit.suffix and not re.match(
            r"^(?:[,(/–—-]|(?:fra|from|i|at|hos|ved|of|og|and)\s)", hit.suffix
        ):
            return []
    elif not (has_role_word(first_piece) and "," in text and _pure_role_phrase(first_piece)):
        return []
    people = parse_people(text, strong=strong)
    if people and people[0].name.split()[0] in text[:200]:
        return people
    return []


def _honorific_only(prefix: str) -> bool:
    return bool(re.fullmatch(r"(?:(?:dr|prof|ph\.?d)\.?\s*)+", prefix.strip(), I))


def prose_speakers(text: str) -> list[Speaker]:
    """Speakers named in running prose: markers ("faciliteres af", "with", "Talk by")."""
    out: list[Speaker] = []
    for m in re.finditer(
        r"(?:(?<=\s)|^)(?P<kw>faciliteres af|faciliteret af|facilitated by|moderated by|"
        r"modereret af|modereres af|ordstyrer er|moderator er|oplæg (?:ved|af|fra)|"
        r"styret af|styres af|chaired by|åbnes af|opened by|hear from|høre fra|hører fra|"
        r"ledes af|ledet af|(?:is |will be )?led by|"
        r"(?:panelists?|panellists?|paneldeltagere|deltagere i panelet)\s+"
        r"(?:include|included|are|were|er|var|bliver)|"
        r"(?:foredraget|oplægget|the talk|the lecture)\s+(?:holdes|gives|is given|"
        r"will be given|bliver holdt)\s+(?:af|by)|"
        r"talks? by|speakers? (?:were|are|include|included|includes|was|is)|"
        r"med oplæg (?:ved|af|fra)|featuring|"
        r"(?:moderator|ordstyrer|facilitator) (?:was|is|will be|er|var|bliver)|"
        r"(?:oplægsholder(?:e|ne|en)?|speakers?|keynote speaker)\b[^.]{0,40}?\b"
        r"(?:er|var|bliver|is|are|will be)|"
        r"ved|v/|with|med)\s+",
        text,
        I,
    ):
        kw = m.group("kw").lower()
        role = "speaker"
        if kw.startswith(("facilit", "ledes", "ledet", "led ", "is led", "will be led")):
            role = "facilitator"
        elif kw.startswith(("moderat", "modere", "ordstyrer", "styre", "chaired")):
            role = "moderator"
        if kw.startswith("facilitator "):
            role = "facilitator"
        if kw.startswith(("panel", "deltagere i panel")):
            role = "panelist"
        strong = kw not in ("with", "med", "ved")
        end = sentence_end(text, m.end())
        chunk = text[m.end() : end]
        if not strong:
            hit = find_name(chunk.split(",")[0])
            if not hit and "," in chunk and has_role_word(chunk.split(",")[0]):
                # "ved netværkets formand, affaldschef NAME fra ORG": the appositive names
                second = chunk.split(",", 1)[1]
                hit = find_name(second.split(",")[0])
                if hit and (not hit.prefix or pure_role_prefix(hit.prefix)):
                    chunk = second.strip()
            if not hit or (hit.prefix and not pure_role_prefix(hit.prefix)):
                continue
        people = parse_people(chunk, event_role=role, strong=strong)
        if people and people[0].name.split()[0] in chunk[:150]:
            out.extend(people)
    return out


# ----------------------------------------------------------------------------- builders


@dataclass
class _ItemB:
    item: Item
    indent: int
    bullet: bool
    raw: str
    children: list[Line] = field(default_factory=list)
    #: the line began with its time ("Kl. 10.15 Title"), so detail lines below belong to it
    leading_time: bool = False
    #: "Session 1: Theme" with its own "Chair:" line: people labelled below belong to it
    subhead: bool = False


@dataclass
class _SessB:
    date: DateMatch | None
    start: str | None = None
    end: str | None = None
    time_own: bool = False
    title: str | None = None
    own_status: str | None = None
    ctx_status: str | None = None
    items: list[_ItemB] = field(default_factory=list)
    pending: list[Speaker] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    place: str | None = None
    anchor_indent: int = -1
    title_allowed: bool = True
    prose: list[str] = field(default_factory=list)
    #: the place is only the town written before the date: a venue named later replaces it
    place_is_town: bool = False
    #: moderators/facilitators of the whole session, found when its points are built
    hosts_found: list[Speaker] = field(default_factory=list)
    #: "netværksmøde om X" in the dated sentence: names the session when several do
    topic: str | None = None
    #: its place/format came from its own clause of a line with several dates
    clause_only: bool = False
    #: index of the line that first gave its date
    line_index: int = -1


def _status_of(text: str) -> str | None:
    past = _PAST.search(text)
    up = _UPCOMING.search(text)
    if past and up:
        return "past" if past.start() < up.start() else "upcoming"
    if past:
        return "past"
    if up:
        return "upcoming"
    return None


def _format_cues(text: str) -> tuple[bool, bool, bool]:
    online = bool(_ONLINE.search(text) or _TEAMS.search(text))
    physical = bool(_PHYSICAL.search(text) or _POSTCODE.search(text) or _STREET.search(text))
    hybrid = bool(_HYBRID.search(text))
    return online, physical, hybrid


def _combine_format(online: bool, physical: bool, hybrid: bool) -> str | None:
    if hybrid or (online and physical):
        return "hybrid"
    if online:
        return "online"
    if physical:
        return "physical"
    return None


def find_place(text: str) -> str | None:
    """Venue and address ending in a postcode and town, from a line of prose."""
    m = _POSTCODE.search(text)
    if not m:
        return None
    end = m.end()
    start_limit = max(0, m.start() - 160)
    before = text[start_limit : m.start()]
    cut = 0
    for sep in re.finditer(r"(?:\b(?:på|i|at|in|hos)\s+|:\s*|[·|]\s*|\(\s*|\.\s+)", before):
        nxt = before[sep.end() : sep.end() + 1]
        if nxt and (nxt.isupper() or nxt.isdigit()):
            cut = sep.end()
    place = text[start_limit + cut : end].strip(" ,.;")
    if place.count(",") > 3:
        place = ", ".join(place.split(", ")[-4:])
    return place or None


_THEME = re.compile(r"(?:^|[\s,;–—-])(?:tema|temaet|theme|emne|topic)\s*:\s*(?P<t>\S.*)$", I)
_HONORIFIC_LEAD = re.compile(r"^(?:(?:dr|prof|mr|mrs|ms)\.?\s+)+", I)
_DATE_LABEL = re.compile(
    r"^(?:(?:day|dag|session|sessionen|webinar|workshop|del|part|modul|module|møde|meeting|"
    r"uge|week|gang|nr\.?|no\.?)\s*(?:\d*|one|two|three|four|five|en|to|tre|fire|fem)|"
    r"dato|datoer|date|dates|when|hvornår|tid|tidspunkt|time|"
    r"(?:dato|date|tid|time|sted|place|venue)(?: og | and | & )(?:tid|time|sted|place|venue)|"
    r"on|the|den|d\.|fra|from|[\w.]+\s*\d+)$",
    I,
)


def _event_sentence(text: str, dates: list[DateMatch]) -> bool:
    """A long prose line names an event only when its date sits in a sentence about one."""
    rest = _blank_dates(text, dates)
    if len(rest.split()) - 2 * len(dates) < 8 or find_time_range(rest):
        return True  # a date line, a list entry or a line with a time: an event
    if re.match(r"^\s*[:–—|·-]", rest[dates[0].end :]):
        return True  # "3. marts 2027: Title ..."
    for d in dates:
        start = max(text.rfind(". ", 0, d.start), -2) + 2
        end = text.find(". ", d.end)
        sentence = text[start : end if end != -1 else len(text)]
        if _EVENT_CONTEXT.search(sentence):
            return True
    return False


def _bare_date_line(text: str, dates: list[DateMatch]) -> bool:
    """'Torsdag den 2. februar 2023' or '12 March 2027, 14:00-15:00 CET': nothing but when."""
    rest = _blank_dates(text, dates)
    tr = find_time_range(rest)
    if tr:
        rest = rest[: tr.span[0]] + rest[tr.span[1] :]
    rest = re.sub(
        r"\b(?:kl|klokken|cet|cest|utc|gmt|dato|date|when|hvornår|den|d)\b\.?", "", rest, flags=I
    )
    return not re.search(r"[^\W\d_]{2,}", rest)


def _place_line(text: str) -> bool:
    """'Nordatlantens Brygge, Strandgade 91, 1401 København K' on a line of its own."""
    m = _POSTCODE.search(text)
    if not m or "," not in text[: m.start()]:
        return False
    tail = text[m.end() :].strip(" .")
    return not tail and not re.search(r"\b(?:er|is|are|blev|was|will|vil|skal)\b", text)


def _label_prefix_ok(prefix: str) -> bool:
    p = prefix.strip()
    if not p:
        return True
    low = p.lower()
    if low in ("on", "the", "den", "d.", "fra", "from", "date", "dato"):
        return True
    return len(p.split()) <= 4 and bool(re.search(r"[:–—\-|·]$", p))


_LIST_GLUE = frozenset(["og", "and", "&", ",", "for", "of", "the", "de", "du", "i"])


def _trailing_names(text: str) -> str:
    """'Sæt kryds ... kl. 13, når KL og FN-forbundet' -> 'KL og FN-forbundet'."""
    toks = text.split()
    k = len(toks)
    while k > 0:
        t = toks[k - 1].strip(",")
        if re.fullmatch(r"(?:19|20)\d{2}", t) or t in ("In", "I", "On", "På", "At", "For"):
            break  # "In 2022 the Circular Cities Hub ran ...": the subject starts after these
        if t[:1].isupper() or t[:1].isdigit() or t.lower() in _LIST_GLUE or not t:
            k -= 1
            continue
        if (
            t in ("af", "for")
            and k >= 2
            and k < len(toks)
            and toks[k].strip(",")[:1].isupper()
            and is_org_word(toks[k - 2].strip(","))
        ):
            k -= 1  # "Forbundet af Offentligt Ansatte ...": one name across "af"
            continue
        break
    return " ".join(toks[k:]).strip(" ,")


_BUILDING = re.compile(
    r"^(?:the\s+)?(?:[A-ZÆØÅ][\w'’-]*\s+){0,4}(?:city hall|town hall|hall|centre|center|hotel|"
    r"house|rådhus|museum|library|bibliotek|theatre|arena)\b",
    I,
)
_NAME_JOINERS = frozenset(["for", "of", "i", "in", "on", "de", "du", "the", "til", "af", "-", "&"])


def _org_list(text: str, whole_tail: bool = False) -> list[str]:
    """'CSR Forum, SDG Leadership, KL og Bureau Veritas i et tæt ...' -> the four names.

    ``whole_tail``: the text is a label's value ("Arrangør: ..."), so a name may end in
    lower-case words ("Digitaliseringsnetværket for kommuner").
    """
    text = re.split(r"[.;:!?\n]|\s[–—]\s|\(", text, maxsplit=1)[0]
    # "Landbrug & Klima Netværket" is one name; "Green Skills Lab & the Danish ..." is two
    text = re.sub(
        r"\b([A-ZÆØÅ][\w-]*)\s+&\s+(?=[A-ZÆØÅ])",
        lambda m: m.group(0) if looks_like_org(m.group(1)) else m.group(1) + " \x00 ",
        text,
    )
    # "hosted by the Council at Aarhus City Hall": what follows "at" is the venue
    at = re.search(r"\s+at\s+(?=(?:the\s+)?[A-ZÆØÅ])", text)
    if at and _BUILDING.search(text[at.end() :]):
        text = text[: at.start()]
    pieces = [
        p.replace(" \x00 ", " & ")
        for p in re.split(r",\s*|\s+(?:og|and|samt|&|with|med|at|ved)\s+(?=[A-ZÆØÅ]|the )", text)
    ]
    out = []
    for piece in pieces:
        toks = piece.split()
        while toks and toks[0].lower() in ("the", "den", "det"):
            toks = toks[1:]
        name: list[str] = []
        k = 0
        while k < len(toks):
            t = toks[k]
            clean = t.strip(_QUOTE_CHARS + "()")
            if not clean:
                break
            if clean[0].isupper() or clean[0].isdigit():
                name.append(clean)
                k += 1
                continue
            if (
                clean.lower() in _NAME_JOINERS
                and name
                and k + 1 < len(toks)
                and toks[k + 1][:1].isupper()
                # "Foreningen til Hestens Værn", but "Danske Seniorer til Mødested Sundhed"
                and (
                    clean.lower() not in ("til", "af") or (len(name) == 1 and is_org_word(name[0]))
                )
            ):
                name.append(clean)
                k += 1
                continue
            tail = toks[k + 1 :]
            if (
                whole_tail
                and clean.lower() == "for"
                and name
                and is_org_word(name[-1])
                and 1 <= len(tail) <= 3
                and piece is pieces[-1]
                and all(t.isalpha() and t.islower() for t in tail)
            ):
                # "Digitaliseringsnetværket for kommuner": the name runs to the sentence's end
                name.extend([clean, *tail])
                k = len(toks)
            break
        while name and name[0].lower() in ("the", "den", "det"):
            name = name[1:]
        if name and name[0].lower() not in _PRONOUNS:
            out.append(" ".join(name))
        if k < len(toks):
            break  # trailing words end the list
    return out


# ----------------------------------------------------------------------------- parser


_STAMP_LINE = re.compile(r"^\s*(?P<t>\d{1,2}:\d{2}(?::\d{2})?)\s*[-–—]?\s+\S")
_CHAPTER_HEAD = re.compile(
    r"^(?:chapters?|kapitler|kapitel|jump to|timestamps?|tidsstempler|i videoen|in this video|"
    r"video chapters?|indhold)\s*:?\s*$",
    I,
)


def chapter_lines(lines: list[Line]) -> set[int]:
    """The ids of lines that are a recording's chapter marks: a run of time stamps that
    starts at 00:00, uses H:MM:SS, or stands under a "Chapters"/"Jump to" heading."""
    out: set[int] = set()
    k = 0
    while k < len(lines):
        run = []
        j = k
        while j < len(lines) and _STAMP_LINE.match(lines[j].text):
            run.append(lines[j])
            j += 1
        if len(run) >= 2:
            stamps = [_STAMP_LINE.match(x.text).group("t") for x in run]
            head = lines[k - 1].text if k else ""
            if (
                stamps[0].lstrip("0:") == ""
                or any(s.count(":") == 2 for s in stamps)
                or _CHAPTER_HEAD.match(head.strip())
            ):
                out.update(id(x) for x in run)
        k = max(j, k + 1)
    return out


def _anchor_time(sess: _SessB, tr: TimeRange | None, rem: str, starts: bool) -> str:
    """The date line's time is the session's; the rest of the line without it."""
    if not (tr and tr.start):
        return rem
    sess.start, sess.end, sess.time_own = tr.start, tr.end, True
    if not starts:
        return rem
    s0, e0 = tr.span
    paren = re.search(r"\([^()]*$", rem[:s0])
    close = rem.find(")", e0)
    if paren and close != -1:
        return rem[: paren.start()] + rem[close + 1 :]
    return rem[:s0] + " " + rem[e0:]


def _tail_paren(sess: _SessB, rem_clean: str) -> str:
    """'(Online, Teams)' is a format, '(Odense Rådhus)' a place: out of the title with both."""
    tail_paren = re.search(r"\(([^()]{1,60})\)\s*$", rem_clean)
    if not tail_paren:
        return rem_clean
    inner = tail_paren.group(1).strip()
    words = [w for w in re.split(r"[\s,/]+", inner) if w]
    before = rem_clean[: tail_paren.start()]
    if words and all(_FORMAT_WORD.fullmatch(w) for w in words):
        sess.texts.append(inner)  # "(Online, Teams)": a format, not part of the title
        return before.rstrip()
    if (
        len(words) <= 4
        and not _ITEM_KW.search(before)
        and all(w[:1].isupper() or w.lower() in ("og", "and", "i", "på") for w in words)
        and not has_role_word(inner)
        and not find_name(inner)
        and inner.lower() not in ("english", "dansk", "danish", "engelsk", "tbc", "tba")
        and len(before.split()) >= 2
    ):
        sess.place = sess.place or inner  # "(Odense Rådhus)": where it is held
        return before.rstrip()
    return rem_clean


def _title_before_date(prefix: str, sess: _SessB) -> None:
    """'"Heat pumps at scale" – 14 September 2026': a title before the date."""
    head = prefix.strip().rstrip(":–—-|·").strip()
    if (
        head
        and not _DATE_LABEL.match(head)
        and not _HEAD_PROGRAMME.match(head)
        and not _LABEL.match(head + ": x")
        and not (head.isupper() and len(head.split()) <= 2)
    ):
        sess.title = clean_title(head)
        sess.title_allowed = False


def _share_with_other_days(created: list[_SessB], sess: _SessB, text: str) -> None:
    """'9–10 September', '3. marts og 7. april': the line's time, place and tense hold for all."""
    for other in created[:-1]:
        if other is sess:
            continue
        if not other.time_own and sess.time_own:
            other.start, other.end, other.time_own = sess.start, sess.end, True
        if not other.clause_only:
            other.place = other.place or sess.place
        other.own_status = other.own_status or sess.own_status
        if not other.clause_only:
            other.texts.append(text)
    if sess.clause_only and text in sess.texts:
        sess.texts.remove(text)


def _day_start_end(text: str, sess: _SessB) -> None:
    """'Dagen begynder kl. 10 ... Vi slutter kl. 15': the day's times, told in prose."""
    if sess.time_own or sess.items:
        return
    b, e = _DAY_START.search(text), _DAY_END.search(text)
    if b and int(b.group("h")) < 24:
        sess.start = f"{int(b.group('h')):02d}:{b.group('m') or '00'}"
        sess.time_own = True
        if e and int(e.group("h")) < 24:
            sess.end = f"{int(e.group('h')):02d}:{e.group('m') or '00'}"


def _option_items(text: str, sess: _SessB) -> str:
    """'to workshops: A) Title ved NAME, ORG, eller B) Title ved NAME, ORG': each option is a
    point of the session; returns the text before the options."""
    marks = list(_OPTION_MARK.finditer(text))
    if len(marks) < 2:
        return text
    for k, m in enumerate(marks):
        end = marks[k + 1].start() if k + 1 < len(marks) else sentence_end(text, m.end())
        chunk = re.sub(r"[,;]?\s*(?:eller|or|og|and)?\s*$", "", text[m.end() : end].strip())
        split = split_item(chunk.rstrip(" ."))
        if split.title:
            sess.items.append(
                _ItemB(Item(title=split.title, speakers=split.speakers), 0, False, chunk)
            )
    return text[: marks[0].start()]


def _people_in_prose(text: str) -> list[Speaker]:
    """Everyone a prose line names as taking part: markers, a leading person, role mentions."""
    found = prose_speakers(text)
    lead = leading_person(text)
    if lead and not any(s.name == lead.name for s in found):
        found.insert(0, lead)
    for sp in role_mentions(text):
        if not any(s.name == sp.name for s in found):
            found.append(sp)
    return found


@dataclass
class _LineCtx:
    """What the handlers of one line have found out so far."""

    line: Line
    text: str
    dates: list[DateMatch] = field(default_factory=list)
    agenda: AgendaTime | None = None
    label: re.Match | None = None
    sess: _SessB | None = None


class _Parser:
    def __init__(self, lines: list[Line], full_text: str):
        self.lines = lines
        self.full = full_text
        self.sessions: list[_SessB] = []
        self.cur: _SessB | None = None
        self.cur_item: _ItemB | None = None
        self.mode = "intro"
        self.section: str | None = None
        self.status_ctx: str | None = None
        self.global_lines: list[str] = []
        self.prose_lines: list[str] = []
        self.deadlines: list[DateMatch] = []
        self.series_title_quote: str | None = None
        self.pending_label: str | None = None
        self.everywhere: list[Speaker] = []
        self.track_cols = 0
        self.who_col: tuple[int, int | None] | None = None
        self.label_orgs: list[str] = []
        #: the bullets below "Vi kommer bl.a. ind på:" are topics, not programme points
        self.topics_open = False
        self.intro_people: list[Speaker] = []
        self.signature: list[str] = []
        self.last_dates: list[DateMatch] = []
        self.list_year: int | None = None
        self.last_created: list[_SessB] = []
        self.prev_line: Line | None = None
        self.prev_kind = "other"
        self.line_index = 0
        self.place_line = -9
        self.item_texts: list[tuple[_ItemB, _SessB]] = []
        #: video chapters ("00:00 Intro", "00:12:30 Q&A") are no programme points
        self.chapters = chapter_lines(lines)
        #: a "Sted:" label below the last session's programme: where all the days are held
        self.tail_place: str | None = None
        #: the part ("Moderated by") of the people listed next under the current point
        self.next_part: str | None = None
        #: the person a bullet under a point named, whose role may follow on the next line
        self.listed_person: tuple[Speaker, int] | None = None

    # -- sessions

    def _new_session(self, date: DateMatch, line: Line) -> _SessB:
        self.tail_place = None
        if date.year is None and self.list_year and line.bullet:
            date = dataclasses.replace(date, year=self.list_year, year_from="list")
        if date.year is None:
            for s in self.sessions:
                if (
                    s.date
                    and s.date.year
                    and (s.date.month, s.date.day) == (date.month, date.day)
                    and not s.items
                ):
                    s.anchor_indent = line.indent
                    return s
        if date.year is not None:
            for s in self.sessions:
                if (
                    s.date
                    and s.date.year is None
                    and (s.date.month, s.date.day) == (date.month, date.day)
                    and not s.items
                ):
                    # "Subject: ... 15 September" then "When: Wednesday 15 September 2027"
                    s.date = dataclasses.replace(s.date, year=date.year)
                    s.anchor_indent = line.indent
                    return s
        key = (date.day, date.month, date.year)
        bare = bool(date.year) and _bare_date_line(line.text, [date])
        own_time = find_time_range(_blank_dates(line.text, [date]))
        for s in self.sessions if bare else ():
            if own_time and own_time.start and s.time_own and s.start != own_time.start:
                continue  # two sessions on one day: "15. maj kl. 9-10.30" and "kl. 13-14.30"
            if not s.items and s.date and (s.date.day, s.date.month, s.date.year) == key:
                # "Date and time / Thu, 14 Oct 2027 18:00 - 20:30": the same date once more
                s.anchor_indent = line.indent
                return s
        for s in self.sessions:
            if (
                not s.items
                and not s.title
                and not s.pending
                and s.date
                and (s.date.day, s.date.month, s.date.year) == key
            ):
                s.anchor_indent = line.indent
                return s
        if self.cur and self.cur.date is None and not self.cur.title:
            self.cur.date = date  # a programme that came before its date
            return self.cur
        sess = _SessB(
            date=date, ctx_status=self.status_ctx, anchor_indent=line.indent, line_index=line.index
        )
        self.sessions.append(sess)
        return sess

    def _anchor(self, line: Line, dates: list[DateMatch]) -> None:
        """A line that names one or more event dates: open their sessions and read the rest
        of the line (time, place, title, speakers) in steps."""
        text = line.text
        prefix = text[: dates[0].start]
        starts = _label_prefix_ok(prefix)
        self.last_dates = dates
        created = [self._new_session(d, line) for d in dates]
        self.last_created = created
        sess = created[-1]
        self.cur = sess
        self.cur_item = None
        self.mode = "session"
        self.section = None
        sess.texts.append(text)
        own = _status_of(text)
        if own:
            sess.own_status = own
        rem = text[dates[-1].end :] if starts else text
        tr = find_time_range(rem if starts else _blank_dates(text, dates))
        rem = _anchor_time(sess, tr, rem, starts)
        place = find_place(text)
        if place:
            sess.place = place
        for q in _SERIES_QUOTE.finditer(text):
            self.series_title_quote = self.series_title_quote or q.group("t").strip()
        leftover = None
        if starts:
            leftover = self._anchor_rest(line, sess, rem)
        else:
            self._anchor_prose(text, sess)
        bare_date = (
            starts
            and not sess.title
            and (_bare_date_line(text, dates) or (leftover == "" and bool(sess.place or tr)))
        )
        self._title_above(line, sess, bare_date)
        town = re.sub(r"\s+(?:d\.|den)$", "", prefix.strip(" ,:–—-"), flags=I)
        if not sess.place and (town in _CITIES or town.lower() in municipalities()):
            sess.place = town  # "Skive d. 13. marts 2027, kl. 13-22"
            sess.place_is_town = True
        elif starts and not sess.title:
            _title_before_date(prefix, sess)
        self.prose_lines.append(text)
        if len(created) >= 2 and len(dates) == len(created):
            self._per_date_places(text, dates, created)
        _share_with_other_days(created, sess, text)

    def _anchor_rest(self, line: Line, sess: _SessB, rem: str) -> str:
        """What follows the date on its line: format and place in parentheses, a theme, then
        segments (labels, addresses, formats) around a title. Returns the title part."""
        text = line.text
        rem_clean = re.sub(
            r"\b(?:CET|CEST|UTC|GMT|EET|EEST|WET|WEST|BST|EST|EDT|PST|PDT|"
            r"dansk tid|danish time)\b",
            "",
            rem.strip(),
            flags=I,
        )
        rem_clean = _tail_paren(sess, rem_clean)
        rem_clean = re.sub(r"\((?:[^()]*)\)", _paren_keep, rem_clean).strip()
        separated = bool(re.match(r"^[:–—\-|·]", rem_clean))
        theme = _THEME.search(rem_clean)
        if theme:
            sess.title = clean_title(theme.group("t"))
            sess.title_allowed = False
            rem_clean = rem_clean[: theme.start()]
        segs = [s.strip(" ,") for s in re.split(r"\s*[·|]\s*", rem_clean)]
        segs = [s for s in segs if s.strip(" ,.:;–—-")]
        title_segs = []
        for s in segs:
            self._anchor_segment(s, sess, bool(theme), title_segs)
        body = " | ".join(title_segs).strip()
        self._anchor_body(line, sess, body, separated, text)
        return body

    def _anchor_segment(self, s: str, sess: _SessB, theme: bool, title_segs: list[str]) -> None:
        seg_label = _LABEL.match(s)
        if seg_label:
            self._label_line(seg_label, sess)  # "Dato: ... | Sted: X | Pris: Y"
            return
        if (_POSTCODE.search(s) or _STREET.search(s)) and len(s.split()) <= 12:
            where = find_place(s) or s.strip(" ,.")
            head = s[: s.find(where)] if where in s else ""
            head = re.sub(r"\s+(?:på|i|at|in|hos)\s*$", "", head.strip(" ,.:–—-"), flags=I)
            sess.place = sess.place or where
            if len(head.split()) >= 2:
                title_segs.append(": " + head if not title_segs else head)
            return
        if theme:
            # "Holbæk (sted følger) – tema: ...": what is left beside a theme is where
            if not (_ONLINE.search(s) or _TEAMS.search(s)):
                where = re.sub(r"\([^()]*\)", "", s).strip(" ,.:–—-")
                if where and len(where.split()) <= 6:
                    sess.place = sess.place or where
            sess.texts.append(s)
            return
        seg_words = [w for w in re.split(r"[\s,:;()–—-]+", s) if w]
        if seg_words and all(_FORMAT_WORD.fullmatch(w) for w in seg_words):
            sess.texts.append(s)  # "Online via Zoom": the format, not a title
            return
        title_segs.append(s)

    def _anchor_body(self, line: Line, sess: _SessB, body: str, separated: bool, text: str):
        if not body:
            return
        if separated or re.match(r"^[:–—\-|]", body):
            body = body.lstrip(":–—-| ").strip()
            split = split_item(body)
            if split.speakers:
                sess.title = split.title
                ib = _ItemB(
                    Item(title=split.title, speakers=split.speakers),
                    indent=line.indent,
                    bullet=bool(line.bullet),
                    raw=body,
                )
                if split.rest:
                    ib.item.description = split.rest
                sess.items.append(ib)
                self.cur_item = None
            else:
                sess.title = clean_title(body)
            sess.title_allowed = False
        elif body[:1] in '"“”„«':
            split = split_item(body)
            sess.title = split.title
            sess.pending.extend(split.speakers)
            sess.title_allowed = False
        elif _PLACE_WORDS.fullmatch(body) and not sess.place:
            sess.place = body  # "30 September – 1 October 2027, Gdańsk"
        elif (
            not sess.place
            and (where := re.fullmatch(r"(?:i|in|på|at)\s+(?P<c>[A-ZÆØÅ][\w-]+)", body))
            and (where.group("c").lower() in municipalities() or where.group("c") in _CITIES)
        ):
            sess.place = where.group("c")  # "2.–3. marts 2027 i Odense"
        else:
            self._anchor_prose(text, sess)

    def _title_above(self, line: Line, sess: _SessB, bare_date: bool) -> None:
        """'Webinar 1 – Overturisme i kystbyer' just above 'Dato: 7. april 2027'."""
        prev = self.prev_line
        text = line.text
        if (
            not sess.title
            and prev is not None
            and not line.blank_before
            and (re.match(r"^(?:dato|date|when|hvornår)\s*:", text, I) or bare_date)
            and not prev.bullet
            and prev.index > 0
            and self._heading_kind(prev) is None
            and not _BARE_LABEL.match(prev.text)
            and not _LABEL.match(prev.text)
            and not _place_line(prev.text)
            and self.prev_kind in ("global", "prose", "title")
            and len(prev.text.split()) <= 14
            and not prev.text.rstrip().endswith((".", ":"))
            and not _DAY_WORD.match(prev.text.strip())
            and not (prev.text.isupper() and len(prev.text.split()) <= 2)
        ):
            sess.title = clean_title(_SESSION_LABEL.sub("", prev.text))
            sess.title_allowed = False

    def _per_date_places(self, text: str, dates: list[DateMatch], days: list[_SessB]) -> None:
        """'15/3 i Odense (Odense Rådhus), 14/6 online, 13/9 i Svendborg': a place or 'online'
        right after each date belongs to that date only."""
        found = []
        for k, d in enumerate(dates):
            end = dates[k + 1].start if k + 1 < len(dates) else len(text)
            clause = text[d.end : end]
            m = _DATE_WHERE.match(clause)
            found.append(m)
        if sum(1 for m in found if m) < 2:
            return
        for sess, m in zip(days, found, strict=True):
            if not m:
                continue
            if m.group("online"):
                sess.place = None
                sess.texts.append("online")
            else:
                sess.place = (m.group("venue") or m.group("town")).strip()
            sess.clause_only = True

    def _day_clauses(self, text: str) -> bool:
        """'Første dag handler om X med oplæg af A, og anden dag om Y med oplæg af B' for a
        multi-day event: each day gets its own item. True when it applied."""
        days = self.last_created
        if len(days) < 2:
            return False
        if not _DAY_ORDINAL.search(text):
            return self._date_clauses(text, days)
        marks = [
            m
            for m in _DAY_ORDINAL.finditer(text)
            if re.match(
                r"\s*(?:dag|day|aften|evening|del|part|gang|session|webinar)\b",
                text[m.end("n") :],
                I,
            )
            or m.group("n")[-1].isdigit()
        ]
        if not marks:
            return False
        used = False
        for k, m in enumerate(marks):
            word = m.group("n").lower()
            idx = int(word[-1]) - 1 if word[-1].isdigit() else _ORDINALS.get(word, -1)
            if not 0 <= idx < len(days):
                continue
            end = marks[k + 1].start() if k + 1 < len(marks) else sentence_end(text, m.end())
            clause = text[m.end() : end]
            topic = re.search(
                r"\b(?:om|about|on)\s+(?P<t>[^,;.]+?)(?=\s+(?:med|with|ved|by)\b|[,;.]|$)",
                clause,
                I,
            )
            people = prose_speakers(clause)
            if topic or people:
                title = clean_title(topic.group("t")) if topic else days[idx].title
                ib = _ItemB(Item(title=title, speakers=people), 0, False, clause)
                days[idx].items.append(ib)
                used = True
        return used

    def _date_clauses(self, text: str, days: list[_SessB]) -> bool:
        """'On 3 March we look at X with A, and on 17 March B explains Y': each date's clause
        names that evening's topic and speaker. True when it applied."""
        dates = [d for d in self.last_dates if d.kind == "session"]
        if len(dates) != len(days) or len(dates) < 2:
            return False
        clauses = []
        for k, d in enumerate(dates):
            end = dates[k + 1].start if k + 1 < len(dates) else sentence_end(text, d.end)
            clause = text[d.end : end]
            if len(clause.split()) < 4:
                return False  # "3. og 17. marts": one list of dates, not clauses
            clauses.append(clause)
        found = []
        for sess, clause in zip(days, clauses, strict=True):
            topic = _CLAUSE_TOPIC.search(clause)
            people = prose_speakers(clause)
            for sp in role_mentions(clause):
                if all(p.name != sp.name for p in people):
                    people.append(sp)
            found.append((sess, clean_title(topic.group("t")) if topic else None, people))
        if sum(1 for _, t, ps in found if t or ps) < 2:
            return False
        for sess, topic, people in found:
            if topic or people:
                title = topic or sess.title
                sess.items.append(_ItemB(Item(title=title, speakers=people), 0, False, text))
        return True

    def _anchor_prose(self, text: str, sess: _SessB) -> None:
        """A dated line written as prose: a quoted title, speakers, and a city it is held in."""
        if self._day_clauses(text):
            return
        self._theme_title(text, sess)
        quoted = [
            q.group(1).strip() for q in re.finditer(r"[\"“”„«]([^\"“”„«»]{3,120})[\"”“»]", text)
        ]
        quoted = [q for q in quoted if q != self.series_title_quote]
        topic = _EVENT_TOPIC.search(_blank_dates(text, find_dates(text)))
        if topic and not sess.topic:
            sess.topic = clean_title(topic.group("t"))
        if quoted:
            sess.title = clean_title(quoted[0])
            sess.title_allowed = False
        for sp in prose_speakers(text) + role_mentions(text):
            if not any(p.name == sp.name for p in sess.pending):
                sess.pending.append(sp)
        self._venue_from_prose(text, sess)

    def _venue_from_prose(self, text: str, sess: _SessB) -> None:
        """'Mødet blev holdt den 14. september 2022 i Silkeborg Kommunes rådhus.'"""
        if sess.place and not sess.place_is_town:
            return
        town, sess.place = sess.place, None
        flat = re.sub(r"\b(kl|ca)\.", r"\1", _blank_dates(text, find_dates(text)), flags=I)
        venue = _IN_VENUE.search(flat)
        city = _IN_CITY.search(flat)
        wider = venue_in_prose(text)
        if venue and _VENUE_NOUN.search(venue.group("v")):
            sess.place = re.sub(r"^(?:the|den|det)\s+", "", venue.group("v"), flags=I)
            if wider and sess.place in wider:
                sess.place = wider  # "the Institute of Water Studies, Havnegade 3, Aarhus"
        elif city and (city.group("c").lower() in municipalities() or city.group("c") in _CITIES):
            sess.place = city.group("c")
        else:
            sess.place = wider
        if not sess.place:
            sess.place = town  # nothing better than the town before the date
            return
        sess.place_is_town = False
        if (sess.items or sess.pending or sess.title) and sess is (
            self.sessions[-1] if self.sessions else None
        ):
            # "Møderne holdes i ..." below the last programme: where every session is held
            self.tail_place = sess.place

    # -- lines

    def _theme_title(self, text: str, sess: _SessB) -> None:
        """'Temaet er klimakrav i fødevareudbud, og ...' names the session."""
        if sess.title:
            return
        m = _THEME_SENTENCE.search(text)
        if m:
            sess.title = clean_title(m.group("t"))
            sess.title_allowed = False

    def _prose_in_session(self, text: str, sess: _SessB, bullet: bool = False) -> None:
        _day_start_end(text, sess)
        if self._day_clauses(text):
            sess.texts.append(text)
            self.prose_lines.append(text)
            return
        self._theme_title(text, sess)
        if _SERIES_START.search(text) or _SERIES_TIME.search(text):
            self.global_lines.append(text)  # "All talks start at 8:00": the whole series
        self._venue_from_prose(text, sess)
        sess.texts.append(text)
        sess.prose.append(("- " if bullet else "") + text)
        self.prose_lines.append(text)
        text = _option_items(text, sess)
        found = _people_in_prose(text)
        days = self.last_created
        if sess in days and len(days) > 1 and not any(d.items or d.pending for d in days):
            sess = days[0]  # "10–11 June": people named for the event go to its first day
        if found and not bullet and self._same_evening_everywhere(sess):
            # "• 7. sept. i Aalborg • 15. sept. i Odense ..." then "Aftenen ledes af NAME":
            # the same evening in every town
            self.everywhere.extend(found)
            found = []
        for sp in found:
            if not any(p.name == sp.name for p in sess.pending):
                sess.pending.append(sp)
        if found and _ALL_SESSIONS.search(text):
            self.everywhere.extend(found)  # "Oplægsholdere i begge dele er ..."
        st = _status_of(text)
        if st and not sess.own_status and _PAST.search(text):
            sess.own_status = st

    def _same_evening_everywhere(self, sess: _SessB) -> bool:
        return (
            len(self.sessions) <= 50
            and sess is next((x for x in reversed(self.sessions) if x.date), None)
            and sum(1 for x in self.sessions if x.date) >= 2
            and not any(x.items or x.pending or x.title for x in self.sessions if x.date)
        )

    def _add_item(self, line: Line, text: str, time: str | None = None, end: str | None = None):
        self.next_part = None
        sess = self.cur
        if sess is None:
            sess = _SessB(date=None, ctx_status=self.status_ctx)
            self.sessions.append(sess)
            self.cur = sess
            self.mode = "session"
        role = "panelist" if self.section == "panel" else "speaker"
        if time is None:
            tail = _TRAILING_TIME.search(text)
            if tail and tail.start() > 0:
                time = f"{int(tail.group('h')):02d}:{tail.group('m')}"
                if tail.group("h2"):
                    end = f"{int(tail.group('h2')):02d}:{tail.group('m2')}"
                text = text[: tail.start()].rstrip(" ,:–-")
        split = split_item(text, default_role=role)
        title = split.title
        speakers = split.speakers
        told = _TOLD_TALK.match(text)
        if told and not speakers:
            # "Kl. 13 holder klimaforsker NAME et foredrag om X"
            people = parse_people(told.group("who"), event_role=role)
            if people:
                title, speakers = clean_title(told.group("t")), people
        about = None if speakers else _NAME_ABOUT.match(text)
        hit = find_name(about.group("who"), strong=False) if about else None
        if hit and hit.known and not hit.prefix and not hit.suffix:
            # "Kl. 20.00 Sigrun Dal om Islands højland": who, then what about
            title, speakers = clean_title(about.group("t")), [Speaker(name=hit.name)]
            speakers[0].event_role = role
        if title and title.lower().rstrip(":") in _GENERIC_TITLES and speakers:
            for sp in speakers:
                if not any(p.name == sp.name for p in sess.pending):
                    sess.pending.append(sp)
            return
        item = Item(time=time, end=end, title=title, speakers=speakers)
        item.description = split.rest
        item.links = find_urls(text) + list(line.links)
        ib = _ItemB(item, indent=line.indent, bullet=bool(line.bullet), raw=text)
        sess.items.append(ib)
        sess.title_allowed = False
        self.cur_item = ib

    @staticmethod
    def _where_only(rest: str) -> bool:
        r = rest.strip(" ·|–—-")
        r = re.sub(
            r"^(?:meeting point|mødested|venue|sted|location|where|hvor)\s*:\s*", "", r, flags=I
        )
        if not r or len(r.split()) > 12:
            return False
        if _place_line(r) or (_POSTCODE.search(r) and "," in r):
            return True
        words = [w for w in re.split(r"[\s,:;()–—-]+", r) if w]
        return bool(words) and all(_FORMAT_WORD.fullmatch(w) for w in words)

    def _chair_below(self, line: Line) -> bool:
        nxt = self.lines[line.index + 1] if line.index + 1 < len(self.lines) else None
        if nxt is None or nxt.index != line.index + 1:
            return False
        m = _SPEAKER_LABEL.match(nxt.text)
        return bool(m and m.group("label")) and _label_role(m.group("label")) in (
            "moderator",
            "facilitator",
        )

    def _is_child(self, line: Line) -> bool:
        ib = self.cur_item
        if ib is None:
            return False
        return line.indent > ib.indent

    def _detail_line(self, line: Line) -> None:
        ib = self.cur_item
        assert ib is not None
        text = line.text
        if line.blank_before and self.cur is not None and _EVENT_SUBJECT.match(text):
            # "The assembly is hosted by ... at Aarhus City Hall." below the last point
            self._venue_from_prose(text, self.cur)
        if _apply_bio(text, ib.item.speakers):
            ib.children.append(dataclasses.replace(line, indent=ib.indent + 2))
            return
        found: list[Speaker] = []
        m = _SPEAKER_LABEL.match(text)
        if m:
            found = parse_people(
                m.group("rest"), _label_role(m.group("label") or m.group("label2"))
            )
        if not found:
            found = person_line(text, strong=not ib.item.speakers)
            if found:
                for p in found:
                    if self.section == "panel" or (
                        ib.item.title and _PANEL_TITLE.match(ib.item.title)
                    ):
                        p.event_role = "panelist" if p.event_role == "speaker" else p.event_role
                ib.item.speakers.extend(p for p in found if p.name not in _names(ib))
                return
        if not found:
            found = split_item(text).speakers
        if not found:
            lead = leading_person(text)
            found = prose_speakers(text) + role_mentions(text) + ([lead] if lead else [])
        if ib.item.title and _PANEL_TITLE.match(ib.item.title):
            for p in found:
                p.event_role = "panelist" if p.event_role == "speaker" else p.event_role
        for p in found:
            if p.name not in _names(ib):
                ib.item.speakers.append(p)
        ib.children.append(dataclasses.replace(line, indent=ib.indent + 2, bullet=line.bullet))

    def _attach_child(self, line: Line) -> None:
        ib = self.cur_item
        assert ib is not None
        m = _SPEAKER_LABEL.match(line.text)
        if m:
            role = _label_role(m.group("label") or m.group("label2"))
            people = parse_people(m.group("rest"), event_role=role, strong=True)
            if people:
                ib.item.speakers.extend(people)
                return
        people = person_line(line.text, strong=True)
        if people and not line.bullet:
            ib.item.speakers.extend(people)
            return
        if line.bullet:
            # a sub-talk's speakers belong to the parent item too; the line stays in the text
            for sp in split_item(line.text).speakers:
                if all(sp.name != s.name for s in ib.item.speakers):
                    ib.item.speakers.append(sp)
        ib.children.append(line)

    def _topic_list(self, line: Line) -> bool:
        """'På dagen kommer vi bl.a. ind på:' and the bullets below it: what the event is
        about (its description), not programme points."""
        if line.bullet and self.topics_open and (find_dates(line.text) or match_agenda(line.text)):
            self.topics_open = False  # "Datoer og emner:" over dated lines: sessions after all
        if line.bullet and self.topics_open:
            if self.cur is not None:
                self.cur.prose.append(f"- {line.text.strip()}")
                self.cur.texts.append(line.text)
            else:
                self.global_lines.append(line.text)
            return True
        self.topics_open = False
        if (
            line.bullet
            or not line.text.rstrip().endswith(":")
            or not _TOPIC_INTRO.search(line.text)
        ):
            return False
        if re.search(r"\b(?:datoer|dates|program\w*|dagsorden|agenda|tider|times)\b", line.text, I):
            return False
        self.topics_open = True
        if self.cur is not None:
            self.cur.prose.append(line.text.strip())
            self.cur.texts.append(line.text)
        else:
            self.global_lines.append(line.text)
        return True

    def _heading_kind(self, line: Line) -> str | None:
        t = line.text.strip().rstrip(":").strip()
        if len(t) > 70 or len(t.split()) > 8:
            return None
        if line.bullet and not line.heading:
            return None
        if _HEAD_REG.match(t):
            return "registration"
        if _HEAD_PAST.match(t):
            return "past"
        if _HEAD_UP.match(t):
            return "upcoming"
        if _HEAD_PROGRAMME.match(t):
            return "programme"
        if _HEAD_PANEL.match(t):
            return "panel"
        if _HEAD_SPEAKERS.match(t):
            return "speakers"
        if _HEAD_OTHER.match(t):
            return "other"
        if line.heading:
            return "other"
        if line.text.rstrip().endswith(":") and len(t.split()) <= 5:
            return "other"
        return None

    def _looks_like_title(self, line: Line) -> bool:
        t = _TBA.sub("", line.text)
        if (
            len(t.split()) <= 6
            and (_ONLINE.search(t) or _TEAMS.search(t))
            and re.match(r"^(?:online|virtuel\w*|digital\w*|via|på|on|live)\b", t, I)
        ):
            return False  # "Online via Zoom" is the format, not a title
        if line.bullet or len(t) > 200 or len(t.split()) > 25:
            return False
        if _LABEL.match(t) or _SPEAKER_LABEL.match(t) or match_agenda(t):
            return False
        if t.rstrip().endswith((".", ",", ";")) and not t.rstrip().endswith(".."):
            return False
        if t.rstrip().endswith(":") and len(t.split()) >= 3:
            return False  # "Programmet ser sådan ud:", "The tentative schedule of the Symposium:"
        if _DAY_WORD.match(t.strip()):
            return False  # "Day One", "Dag 2", "Første dag"
        if _ROOM_HEADING.match(t.strip()):
            return False  # "Store sal", "Teatersalen": a room of the programme, no title
        if person_line(t):
            return False
        if _TALK_LABEL.match(t):
            return False  # "Oplæg: Title v/ NAME" is a programme point
        if _GREETING.match(t) and len(t.split()) <= 4:
            return False  # "Hej alle"
        if re.match(
            r"^(?:important|key|vigtige) dates|datoer|deadlines|frister$", t.strip(" :"), I
        ):
            return False
        return not _REG_LINE.search(t)

    def run(self) -> None:
        for line in self.lines:
            n_global, n_prose = len(self.global_lines), len(self.prose_lines)
            cur_title = self.cur.title if self.cur else None
            n_items = len(self.cur.items) if self.cur else 0
            self._line(line)
            if self.cur is not None and self.cur.title != cur_title:
                self.prev_kind = "title"
            elif self.cur is not None and len(self.cur.items) != n_items:
                self.prev_kind = "item"
            elif len(self.global_lines) != n_global:
                self.prev_kind = "global"
            elif len(self.prose_lines) != n_prose:
                self.prev_kind = "prose"
            else:
                self.prev_kind = "other"
            self.prev_line = line

    # -- one line: an explicit, ordered list of small handlers (see LINE_HANDLERS below)

    def _line(self, line: Line) -> None:
        self.line_index += 1
        ctx = _LineCtx(line=line, text=line.text)
        for handler in self.LINE_HANDLERS:
            if handler(self, ctx):
                return

    def _h_noise(self, ctx: _LineCtx) -> bool:
        # breadcrumbs, share buttons, cookie banners, a recording's chapters
        return _is_noise(ctx.text) or id(ctx.line) in self.chapters

    def _h_related(self, ctx: _LineCtx) -> bool:
        line = ctx.line
        if self.mode == "related":
            kind = self._heading_kind(line)
            if kind not in ("programme", "registration", "speakers", "panel"):
                return True  # "Relaterede arrangementer": other events, not this one
            self.mode = "session" if self.cur else "intro"
        elif not line.bullet and _HEAD_RELATED.match(line.text.strip().rstrip(":")):
            self.mode = "related"
            self.cur_item = None
            return True
        return False

    def _h_list_year(self, ctx: _LineCtx) -> bool:
        line = ctx.line
        if not line.bullet:
            # "I 2023 afholder vi disse webinarer:" gives its year to the dated list below it
            years = _LIST_YEAR.findall(line.text)
            self.list_year = (
                int(years[0])
                if line.text.rstrip().endswith(":")
                and len(set(years)) == 1
                and not find_dates(line.text)
                else None
            )
        return False

    def _h_pending_label(self, ctx: _LineCtx) -> bool:
        line = ctx.line
        if self.pending_label and not line.bullet:
            # a fact box scraped from a web page: "Sted" on one line, the venue on the next
            label, self.pending_label = self.pending_label, None
            ctx.line = dataclasses.replace(line, text=f"{label}: {line.text}")
            ctx.text = ctx.line.text
        elif not line.bullet and _BARE_LABEL.match(line.text):
            self.pending_label = line.text.strip().rstrip(":")
            if self.cur:
                self.cur.title_allowed = False
            return True
        return False

    def _h_place_continuation(self, ctx: _LineCtx) -> bool:
        text = ctx.text
        if (
            self.cur is not None
            and self.place_line == self.line_index - 1
            and not ctx.line.blank_before
            and (_place_line("x, " + text) or _STREET.match(text.strip()))
            and len(text.split()) <= 6
        ):
            # "Sted:" / "Fællessalen" / "Borgergade 12" / "7400 Herning"
            for s in {id(x): x for x in [self.cur, *self.last_created]}.values():
                if s.place:
                    s.place = f"{s.place}, {text.strip(' .')}"
            self.place_line = self.line_index
            return True
        return False

    def _h_quote(self, ctx: _LineCtx) -> bool:
        text = ctx.text
        if _QUOTE_LINE.match(text) or (
            ctx.line.bullet in ("–", "—", "-") and _QUOTE_LINE.match("– " + text)
        ):
            # "– Vi har alle forudsætninger ..., siger borgmester X": a quote, not a programme
            self.cur_item = None
            if self.cur is not None:
                self.cur.texts.append(text)
            return True
        return False

    def _h_invite(self, ctx: _LineCtx) -> bool:
        if _INVITE_BOILERPLATE.match(ctx.text):
            self.global_lines.append(ctx.text)  # "Meeting ID: 345 812 907 66": no programme
            return True
        return False

    def _h_topics(self, ctx: _LineCtx) -> bool:
        return self._topic_list(ctx.line)

    def _h_signature(self, ctx: _LineCtx) -> bool:
        if self.mode == "signature" or _SIGN_OFF.match(ctx.text):
            self.mode = "signature"
            self.cur_item = None
            self.signature.append(ctx.text)
            self.global_lines.append(ctx.text)
            return True
        return False

    def _h_dates(self, ctx: _LineCtx) -> bool:
        """Find the line's dates: milestones and deadlines are kept aside, event dates stay."""
        text, line = ctx.text, ctx.line
        all_dates = find_dates(text)
        mile = _MILESTONE.match(text) if all_dates else None
        prev = self.prev_line
        if all_dates and not mile and prev is not None and not line.blank_before:
            # "REGISTRATION ENDS" / "Friday 28th May 2027": the label on the line above
            mile = _MILESTONE.match(f"{prev.text.strip()}: {text}")
            mile = mile if mile and len(prev.text.split()) <= 6 else None
        if mile:
            # "Abstract deadline: 15 January 2027", "Early-bird registration closes: 1 April":
            # milestones of a call, no sessions; only the last day to register is a deadline
            if _MILESTONE_REG.search(mile.group("label")) and not re.search(
                r"early|tidlig|opens|åbner|abstract|paper", mile.group("label"), I
            ):
                self.deadlines.extend(all_dates[:1])
            self.global_lines.append(text)
            return True
        self.deadlines.extend(d for d in all_dates if d.kind == "deadline")
        dates = [d for d in all_dates if d.kind == "session"]
        if dates and self.mode == "registration" and not _label_prefix_ok(text[: dates[0].start]):
            dates = []
        if dates and self.cur_item is not None and line.indent > self.cur_item.indent:
            dates = []  # a date inside an item's description
        if dates and not _event_sentence(text, dates):
            dates = []  # "Den 12. maj 2022 vedtog byrådet ...": a date in passing
        ctx.dates = dates
        return False

    def _h_part_n(self, ctx: _LineCtx) -> bool:
        part = None if ctx.dates or len(self.last_created) < 2 else _PART_N.match(ctx.text)
        if part and 1 <= int(part.group("n")) <= len(self.last_created):
            # "5th, 12th and 19th May" then "Part 2 – Title (NAME, ORG)": the second date
            target = self.last_created[int(part.group("n")) - 1]
            split = split_item(part.group("rest"))
            target.title = split.title
            target.title_allowed = False
            target.pending.extend(split.speakers)
            target.texts.append(ctx.text)
            self.cur, self.cur_item, self.mode = target, None, "session"
            return True
        return False

    def _h_weekday_head(self, ctx: _LineCtx) -> bool:
        wd = None if ctx.dates else _WEEKDAY_HEAD.fullmatch(ctx.text.strip())
        if not wd:
            return False
        # "Monday" / "Tuesday" as day headings under "6–8 March 2028": those days
        want = _WEEKDAY_INDEX[wd.group("w").lower()[:3]]
        for sess in self.sessions:
            d = sess.date
            if (
                d
                and d.year
                and _valid(d.day, d.month, d.year)
                and dt.date(d.year, d.month, d.day).weekday() == want
            ):
                self.cur, self.cur_item, self.mode = sess, None, "session"
                self.section = None
                sess.title_allowed = False
                return True
        return False

    def _h_scoped_speakers(self, ctx: _LineCtx) -> bool:
        scoped = None if ctx.dates else _SPEAKER_LABEL.match(ctx.text)
        if scoped and scoped.group("scope"):
            people = parse_people(scoped.group("rest"), _label_role(scoped.group("label")))
            if people:
                # "Moderator for all webinars: NAME, ORG" belongs to every session
                self.everywhere.extend(people)
                self.cur_item = None
                return True
        return False

    def _h_anchor(self, ctx: _LineCtx) -> bool:
        ctx.agenda = match_agenda(ctx.text)
        dates = ctx.dates
        if dates and not (ctx.agenda and not _label_prefix_ok(ctx.text[: dates[0].start])):
            self._anchor(ctx.line, dates)
            return True
        return False

    def _h_subhead_with_chair(self, ctx: _LineCtx) -> bool:
        line = ctx.line
        if (
            self.cur is not None
            and self.mode == "session"
            and not ctx.agenda
            and not line.bullet
            and _SUBHEAD.match(ctx.text)
            and not _SPEAKER_LABEL.match(ctx.text)
            and self._chair_below(line)
        ):
            # "Session 1: Housing" with "Chair: ..." below: a part of the day with its own chair
            self._add_item(line, ctx.text)
            if self.cur_item is not None:
                self.cur_item.subhead = True
            return True
        return False

    def _h_heading(self, ctx: _LineCtx) -> bool:
        kind = self._heading_kind(ctx.line) if not ctx.agenda else None
        if kind and not (
            self.cur and self.cur.title_allowed and kind == "other" and not ctx.line.heading
        ):
            self._heading(kind, ctx.line)
            return True
        return False

    def _h_table_header(self, ctx: _LineCtx) -> bool:
        if ctx.agenda or ctx.dates or " | " not in ctx.text:
            return False
        cells = [c.strip() for c in ctx.text.split(" | ")]
        heads = cells[1:]
        if len(cells) < 3 or not _TIME_HEAD.fullmatch(cells[0]):
            return False
        if any(_TITLE_HEAD.fullmatch(c) for c in heads) and all(
            _TITLE_HEAD.fullmatch(c) or _WHO_HEAD.fullmatch(c) or _ROOM_HEAD.fullmatch(c)
            for c in heads
        ):
            # "Tid | Punkt | Ansvarlig", "Time | Room | Session | Speaker": named columns
            title_i = next(i for i, c in enumerate(heads) if _TITLE_HEAD.fullmatch(c))
            who_i = next((i for i, c in enumerate(heads) if _WHO_HEAD.fullmatch(c)), None)
            self.who_col = (title_i, who_i)
        else:
            # "Time | Track A: Energy | Track B: Water": parallel tracks in columns
            self.track_cols = len(cells) - 1
        if self.cur is not None:
            self.cur.title_allowed = False
        return True

    def _h_agenda_where(self, ctx: _LineCtx) -> bool:
        agenda = ctx.agenda
        if not (
            agenda
            and self.cur is not None
            and self.mode == "session"
            and not self.cur.items
            and not self.cur.time_own
            and self.cur.date is not None
            and agenda.end
            and self._where_only(agenda.rest)
        ):
            return False
        # "08:30–10:00 · BLOXHUB, Bryghuspladsen 8, ..." below a date: when and where
        sess = self.cur
        sess.start, sess.end, sess.time_own = agenda.start, agenda.end, True
        rest = re.sub(
            r"^(?:meeting point|mødested|venue|sted|location|where|hvor)\s*:\s*",
            "",
            agenda.rest.strip(" ·|–—-"),
            flags=I,
        )
        sess.texts.append(rest)
        if _POSTCODE.search(rest) or _STREET.search(rest):
            sess.place = sess.place or (find_place(rest) or rest.strip(" ,."))
        return True

    def _h_agenda_columns(self, ctx: _LineCtx) -> bool:
        agenda = ctx.agenda
        if not (agenda and self.mode != "registration" and self.who_col):
            return False
        cells = [c.strip() for c in agenda.rest.split("|")]
        title_i, who_i = self.who_col
        if len(cells) <= title_i:
            return False
        self._add_item(ctx.line, cells[title_i], agenda.start, agenda.end)
        who = cells[who_i] if who_i is not None and who_i < len(cells) else ""
        org = None
        via = re.match(r"^(?P<org>[^,]+?)\s+(?:v/|v\.|ved|by)\s*(?P<who>\S.*)$", who)
        if via:
            org, who = via.group("org"), via.group("who")
        people = parse_people(who, strong=True) if who else []
        for sp in people:
            sp.organisation = sp.organisation or org
        if self.cur_item is not None:
            self.cur_item.item.speakers.extend(people)
        return True

    def _h_agenda_tracks(self, ctx: _LineCtx) -> bool:
        agenda = ctx.agenda
        if not (agenda and self.mode != "registration" and self.track_cols):
            return False
        cells = [c.strip() for c in agenda.rest.split(" | ") if c.strip()]
        if not 2 <= len(cells) <= self.track_cols:
            return False
        for cell in cells:
            self._add_item(ctx.line, cell, agenda.start, agenda.end)
        return True

    def _h_agenda_item(self, ctx: _LineCtx) -> bool:
        agenda = ctx.agenda
        if not (agenda and self.mode != "registration"):
            return False
        self._add_item(ctx.line, agenda.rest, agenda.start, agenda.end)
        if self.cur_item is not None:
            self.cur_item.leading_time = True
        return True

    def _h_intro_people(self, ctx: _LineCtx) -> bool:
        if self.cur is None and self.mode == "intro":
            sm = _SPEAKER_LABEL.match(ctx.text)
            if sm and (sm.group("label") or sm.group("label2")):
                role = _label_role(sm.group("label") or sm.group("label2"))
                # "with A (ORG) and B (ORG), moderated by C" under the title
                self.intro_people.extend(parse_people(sm.group("rest"), role))
        return False

    def _h_outside_session(self, ctx: _LineCtx) -> bool:
        if self.cur is None or self.mode != "session":
            self.global_lines.append(ctx.text)
            self.prose_lines.append(ctx.text)
            for q in _SERIES_QUOTE.finditer(ctx.text):
                self.series_title_quote = self.series_title_quote or q.group("t").strip()
            return True
        ctx.sess = self.cur
        return False

    def _h_bare_part_label(self, ctx: _LineCtx) -> bool:
        """'Moderated by' alone on a line: the people listed below it have that part."""
        if self.cur_item is None or not _BARE_PART.match(ctx.text.strip()):
            return False
        self.next_part = _label_role(ctx.text.strip().rstrip(":"))
        return True

    def _h_listed_person(self, ctx: _LineCtx) -> bool:
        """'• Laura Brenner' under a point, then 'Mayor, City of Freiburg' indented below."""
        ib, line = self.cur_item, ctx.line
        if ib is None:
            return False
        listed, self.listed_person = self.listed_person, None
        if line.bullet and self._is_child(line):
            hit = find_name(ctx.text.strip(), strong=True)
            if not hit or hit.prefix or hit.suffix:
                return False
            panel = bool(ib.item.title and _PANEL_TITLE.match(ib.item.title))
            part = self.next_part or ("panelist" if panel else "speaker")
            person = Speaker(name=hit.name, event_role=part)
            ib.item.speakers.append(person)
            self.listed_person = (person, line.indent)
            return True
        if listed and not line.bullet and line.indent > listed[1]:
            person = listed[0]
            more = parse_people(f"{person.name}, {ctx.text}", event_role=person.event_role)
            if more and more[0].name == person.name:
                person.role, person.organisation = more[0].role, more[0].organisation
                return True
        return False

    def _h_child(self, ctx: _LineCtx) -> bool:
        if self.cur_item is not None and self._is_child(ctx.line):
            self._attach_child(ctx.line)
            return True
        return False

    def _h_indented_speaker(self, ctx: _LineCtx) -> bool:
        line, sess = ctx.line, ctx.sess
        if (
            self.cur_item is None
            and line.indent > sess.anchor_indent >= 0
            and sess.anchor_indent < 99
            and line.bullet is None
            and not sess.items
        ):
            # "• 2. februar: Title" followed by an indented "Oplæg ved NAME"
            self._session_speaker_line(line, sess)
            return True
        return False

    def _h_person_under_item(self, ctx: _LineCtx) -> bool:
        line = ctx.line
        if self.cur_item is None or line.blank_before or line.bullet:
            return False
        people = person_line(ctx.text)
        if not people or self.cur_item.item.speakers:
            return False
        if self.section == "panel":
            for sp in people:
                sp.event_role = "panelist" if sp.event_role == "speaker" else sp.event_role
        self.cur_item.item.speakers.extend(people)
        return True

    def _h_org_lead(self, ctx: _LineCtx) -> bool:
        if _ORG_LEAD.match(ctx.text) and not find_name(ctx.text):
            # "Hosted by Cities Climate Finance Hub" below the programme: who organises it
            self.cur_item = None
            self.global_lines.append(ctx.text)
            self.prose_lines.append(ctx.text)
            return True
        return False

    def _h_topic_line(self, ctx: _LineCtx) -> bool:
        """'Aftenens emne : Bierne og landbruget.' names the session (the people may follow)."""
        m = _TOPIC_LINE.search(ctx.text)
        if not m or self.cur_item is not None:
            return False
        sess = ctx.sess
        if not sess.title:
            sess.title = clean_title(m.group("t"))
        sess.title_allowed = False
        sess.texts.append(ctx.text)
        rest = ctx.text[m.end() :].strip(" .")
        if rest:
            self._prose_in_session(rest, sess)
        return True

    def _h_item_detail(self, ctx: _LineCtx) -> bool:
        ctx.label = _LABEL.match(ctx.text)
        if (
            self.cur_item is not None
            and self.cur_item.leading_time
            and not ctx.label
            and not (_REG_LINE.search(ctx.text) and not prose_speakers(ctx.text))
        ):
            # "Kl. 10.15 Title" followed by lines about it: they belong to that item
            self._detail_line(ctx.line)
            return True
        return False

    def _h_label(self, ctx: _LineCtx) -> bool:
        if ctx.label:
            self._label_line(ctx.label, ctx.sess)
            return True
        return False

    def _h_registration_line(self, ctx: _LineCtx) -> bool:
        text = ctx.text
        if _REG_LINE.search(text) and not _SPEAKER_LABEL.match(text):
            self.global_lines.append(text)
            if prose_speakers(text) and not ctx.line.bullet:
                self._prose_in_session(text, ctx.sess)
            else:
                self.prose_lines.append(text)
            return True
        return False

    def _h_speaker_label(self, ctx: _LineCtx) -> bool:
        """'Moderator: NAME', 'Oplæg ved NAME', 'Keynote: NAME', 'Host: ORG'."""
        text, sess = ctx.text, ctx.sess
        sm = _SPEAKER_LABEL.match(text)
        if not sm:
            return False
        label = sm.group("label") or sm.group("label2")
        rest = sm.group("rest")
        cut = sentence_end(rest)
        rest, after = rest[:cut], rest[cut:].strip()
        people = parse_people(rest, _label_role(label))
        if (
            not people
            and (sm.group("label") or "").lower() in ("host", "vært")
            and rest[:1].isupper()
            and len(rest.split()) <= 6
            and (looks_like_org(rest) or not find_name(rest))
        ):
            self.label_orgs.append(rest.strip(" ."))  # "Host: Energy Cities"
            return True
        if not people:
            return False
        if after:
            # "Speakers included A and B. The debate was moderated by C."
            people += [p for p in prose_speakers(after) if p.name not in {q.name for q in people}]
        if label.lower().startswith("keynote"):
            ib = _ItemB(Item(title="Keynote", speakers=people), ctx.line.indent, False, text)
            sess.items.append(ib)
            self.cur_item = ib
            sess.title_allowed = False
            return True
        role = people[0].event_role
        sess.texts.append(text)
        if self.cur_item is not None and (
            role in ("moderator", "panelist", "facilitator") or self.cur_item.subhead
        ):
            self.cur_item.item.speakers.extend(people)
        else:
            sess.pending.extend(people)
        sess.title_allowed = False
        return True

    def _h_place_line(self, ctx: _LineCtx) -> bool:
        text = ctx.text
        if ctx.line.bullet:
            return False
        if (len(text.split()) <= 14 and _place_line(text)) or _ROOM_LINE.match(text.strip()):
            # "Nordatlantens Brygge, Strandgade 91, 1401 København K", "Room Neptune – ...":
            # where the session is, not what
            ctx.sess.place = ctx.sess.place or text.strip(" .")
            ctx.sess.texts.append(text)
            return True
        return False

    def _h_session_title(self, ctx: _LineCtx) -> bool:
        text, sess, line = ctx.text, ctx.sess, ctx.line
        if sess.title_allowed and text[:1] in '"“”„«' and not line.bullet:
            split = split_item(text)
            if split.title and len(split.title.split()) <= 20:
                sess.title = split.title
                sess.pending.extend(split.speakers)
                sess.title_allowed = False
                sess.texts.append(text)
                return True
        if sess.title_allowed and self._looks_like_title(line):
            title = _EVENT_PREFIX.sub("", _TBA.sub("", text))
            sess.title = clean_title(_SESSION_LABEL.sub("", title) or title)
            sess.title_allowed = False
            sess.texts.append(text)
            return True
        sess.title_allowed = False
        return False

    def _h_section_people(self, ctx: _LineCtx) -> bool:
        """People listed under a "Panel" or "Speakers" heading."""
        if self.section not in ("panel", "speakers"):
            return False
        text, sess = ctx.text, ctx.sess
        first = _speaker_first(text, "speaker")
        if first and first.title and first.speakers:
            # 'Anne Holm, indkøbschef, Region Syddanmark: "Sådan stiller vi krav"'
            self._add_item(ctx.line, text)
            return True
        people = person_line(text, strong=True)
        if not people and " | " in text:
            # "Anna Holm-Beck | Head of Energy at Region Zealand"
            people = person_line(re.sub(r"\s+\|\s+", ", ", text), strong=True)
        if not people:
            return self._role_for_last_person(text, sess)
        role = "panelist" if self.section == "panel" else "speaker"
        for p in people:
            p.event_role = role if p.event_role == "speaker" else p.event_role
        sess.pending.extend(people)
        return True

    @staticmethod
    def _role_for_last_person(text: str, sess: _SessB) -> bool:
        """'Mette Skov' then 'Biolog, Tårnby Kommune' on the next line."""
        last = sess.pending[-1] if sess.pending else None
        if (
            last is None
            or last.role
            or last.organisation
            or find_name(text.split(",")[0])
            or len(text.split()) > 12
        ):
            return False
        more = parse_people(f"{last.name}, {text}", event_role=last.event_role)
        if more and more[0].name == last.name:
            last.role, last.organisation = more[0].role, more[0].organisation
            return True
        return False

    def _h_bullet(self, ctx: _LineCtx) -> bool:
        if not ctx.line.bullet:
            return False
        text, sess = ctx.text, ctx.sess
        people = person_line(text)
        if people and not sess.items:
            sess.pending.extend(people)
            return True
        split = split_item(text)
        if not split.speakers and _is_prose(text):
            self._prose_in_session(text, sess, bullet=True)
            self.cur_item = None
            return True
        self._add_item(ctx.line, text)
        return True

    def _h_plain(self, ctx: _LineCtx) -> bool:
        """A plain line: a programme point under "Program", a titled talk, or prose."""
        text = ctx.text
        if (
            self.section == "programme"
            and not _is_prose(text)
            and len(text.split()) <= 25
            and not text.rstrip().endswith((".", "!"))
        ):
            self._add_item(ctx.line, text)
            return True
        split = split_item(text)
        if (
            split.speakers
            and split.title
            and len(split.title.split()) <= 14
            and not text.rstrip().endswith(".")
        ):
            self._add_item(ctx.line, text)
            return True
        self.cur_item = None
        self._prose_in_session(text, ctx.sess)
        return True

    #: The order in which a line is offered to the handlers; the first that takes it ends
    #: the line. Handlers that only note something (dates, the list year) return False.
    LINE_HANDLERS = (
        # noise and page furniture
        _h_noise,
        _h_related,
        _h_list_year,
        _h_pending_label,
        _h_place_continuation,
        _h_quote,
        _h_invite,
        _h_topics,
        _h_signature,
        # dates: a line that names an event's date opens (or returns to) a session
        _h_dates,
        _h_part_n,
        _h_weekday_head,
        _h_scoped_speakers,
        _h_anchor,
        # headings, tables and timed programme points
        _h_subhead_with_chair,
        _h_heading,
        _h_table_header,
        _h_agenda_where,
        _h_agenda_columns,
        _h_agenda_tracks,
        _h_agenda_item,
        _h_intro_people,
        _h_outside_session,
        # inside a session
        _h_bare_part_label,
        _h_listed_person,
        _h_child,
        _h_indented_speaker,
        _h_person_under_item,
        _h_org_lead,
        _h_topic_line,
        _h_item_detail,
        _h_label,
        _h_registration_line,
        _h_speaker_label,
        _h_place_line,
        _h_session_title,
        _h_section_people,
        _h_bullet,
        _h_plain,
    )

    def _session_speaker_line(self, line: Line, sess: _SessB) -> None:
        text = line.text
        sm = _SPEAKER_LABEL.match(text)
        if sm:
            role = _label_role(sm.group("label") or sm.group("label2"))
            sess.pending.extend(parse_people(sm.group("rest"), event_role=role, strong=True))
            return
        people = person_line(text)
        if people:
            sess.pending.extend(people)
            return
        self._prose_in_session(text, sess)

    def _label_line(self, lab: re.Match, sess: _SessB) -> None:
        label = lab.group("label").lower()
        value = lab.group("value").strip()
        sess.texts.append(lab.group(0))
        self.prose_lines.append(lab.group(0))
        sess.title_allowed = False
        both = _AND_ONLINE.search(value)
        if both and label in _PLACE_LABELS and both.start() > 0:
            # "Conference Room 6, UN Headquarters, New York, and online via UN Web TV"
            sess.place = value[: both.start()].strip(" ,")
            self.place_line = self.line_index
            return
        online_only = (_ONLINE.search(value) or _TEAMS.search(value)) and not (
            _POSTCODE.search(value) or _STREET.search(value)
        )
        if label in _PLACE_LABELS and value and not online_only:
            if not sess.items:
                self.global_lines.append(lab.group(0))  # where the whole event is, usually
            hyb = re.search(r"\s*\((?:hybrid|online|virtual|virtuelt)[^()]*\)\s*$", value, I)
            if hyb:
                value = value[: hyb.start()].strip()
            if sess.items:
                self.tail_place = value
            sess.place = sess.place if (sess.place and label in ("hvor", "where")) else value
            if sess.place != value and label in ("sted", "venue", "location", "lokation"):
                sess.place = value
            if sess in self.last_created:
                for s in self.last_created:
                    s.place = s.place or sess.place
            self.place_line = self.line_index
            return
        if label in _TIME_LABELS:
            tr = find_time_range(value)
            if tr and tr.start:
                # "Dato: 4. og 11. juni" then "Tid: 17-19 begge dage": the time of every date
                targets = self.last_created if sess in self.last_created else [sess]
                for s in targets:
                    if s is sess or not s.time_own:
                        s.start, s.end, s.time_own = tr.start, tr.end, True
            return
        self.global_lines.append(lab.group(0))

    def _heading(self, kind: str, line: Line) -> None:
        text = line.text
        self.prose_lines.append(text)
        if not (kind == "panel" and self.cur_item is not None and self.prev_kind == "item"):
            # "10.20 Sofasamtale" / "Samtaledeltagere:": the panel of that point stays with it
            self.cur_item = None
        if kind == "registration":
            self.mode = "registration"
            self.section = None
            self.global_lines.append(text)
            return
        if kind in ("past", "upcoming"):
            if self.cur and (self.cur.own_status or self.cur.ctx_status) != kind:
                self.mode = "intro" if self.cur else self.mode
            self.status_ctx = kind
            if self.cur and self.mode == "session":
                self.cur.ctx_status = self.cur.ctx_status or kind
            self.section = None
            if self.cur:
                self.cur.title_allowed = False
            if self.mode != "session":
                self.global_lines.append(text)
            return
        if self.mode == "registration" and kind in ("programme", "panel", "speakers"):
            self.mode = "session" if self.cur else "intro"
        self.section = kind
        if self.cur:
            self.cur.title_allowed = False


def _apply_bio(text: str, speakers: list[Speaker]) -> bool:
    """A bio line of someone already named: their role and organisation as the bio says."""
    bio = bio_line(text)
    known = [sp for sp in speakers if bio and sp.name == bio.name]
    if not known:
        return False
    sp = known[0]
    if bio.organisation and not sp.organisation:
        sp.role, sp.organisation = bio.role, bio.organisation
        sp.organisation_guessed = False
    elif not sp.role:
        sp.role = bio.role
    return True


def _paren_keep(m: re.Match) -> str:
    inner = m.group(0)[1:-1].strip()
    if not inner or re.fullmatch(
        r"(?:bemærk|note|obs|NB)?[:\s]*|(?:via |på |on )?(?:MS |Microsoft )?teams|zoom|online|"
        r"google meet|webex|cet|cest",
        inner,
        I,
    ):
        return ""
    return m.group(0)


def _blank_dates(text: str, dates: list[DateMatch]) -> str:
    out = text
    for d in dates:
        out = out[: d.start] + " " * (d.end - d.start) + out[d.end :]
    return out


def _names(ib: _ItemB) -> set[str]:
    return {s.name for s in ib.item.speakers}


def _label_role(label: str) -> str:
    low = label.lower()
    if low.startswith(("moder", "ordstyr", "vært", "host", "chair")) or "moderated" in low:
        return "moderator"
    if re.match(
        r"(?:the )?(?:samtalen|debatten|panel\w*|conversation|discussion|debate)\b.*\b"
        r"(?:ledes|modereres|styres|led|chaired|moderated)\b",
        low,
    ):
        return "moderator"  # "Samtalen ledes af ...", "The discussion is chaired by ..."
    if low.startswith(("facilit", "led by", "ledet af", "ledes af")) or "facilit" in low:
        return "facilitator"
    if "panel" in low or "deltager" in low or low.startswith(("participant", "debattør")):
        return "panelist"
    return "speaker"


def _is_prose(text: str) -> bool:
    words = len(text.split())
    if words > 22:
        return True
    end = sentence_end(text)
    return end < len(text) - 1 and words > 10


# ----------------------------------------------------------------------------- assembly


def _language(text: str) -> str:
    low = text.lower()
    da = len(re.findall(r"\b(?:og|af|til|med|på|det|den|er|ved|som|fra|kl|vi|der|om|til)\b", low))
    en = len(re.findall(r"\b(?:the|and|of|to|with|on|is|by|at|from|are|we|this|will)\b", low))
    return "en" if en > da else "da"


def _nav_line(text: str) -> bool:
    segs = [x.strip() for x in re.split(r"\s[|·•]\s", text)]
    return (
        len(segs) >= 3
        and all(0 < len(x.split()) <= 3 for x in segs)
        and not re.search(r"\d|:", text)
        and not any(_FORMAT_WORD.fullmatch(w) for x in segs for w in x.split())
    )


_LABELLED_QUOTE = re.compile(r"[^:\"“”„«]{2,40}:\s*[\"“”„«](?P<q>[^\"“”„«»]{3,150})[\"“”»]?\s*")
_NEXT_LINE = object()  # _title_of_line: this line is no title, look at the next


def _series_title(p: _Parser, lines: list[Line]) -> str | None:
    if p.series_title_quote:
        return clean_title(p.series_title_quote)
    for line in lines[:40]:
        what = re.match(r"^(?:hvad|what)\s*:\s*(?P<t>\S.{2,120})$", line.text.strip(), I)
        if what:
            return clean_title(what.group("t"))  # a fact box: "Hvad: Klimafestival 2028"
    for line in [ln for ln in lines[:12] if not _is_noise(ln.text)][:6]:
        if not line.text.strip():
            continue
        verdict = _title_of_line(line)
        if verdict is not _NEXT_LINE:
            return verdict
    return None


def _title_of_line(line: Line):
    """The series title one of the first lines gives: a title, None (the text has none), or
    _NEXT_LINE when the line is page furniture above the title."""
    t = line.text.strip()
    if _NEWSLETTER.match(t):
        return None  # "Nyhedsbrev fra X – april": a newsletter names no series
    if _nav_line(t) or _NOTICE.match(t) or _CTA.match(t):
        # a site's menu, "OBS: Nyt tidspunkt!", "Join us for our next webinar!"
        return _NEXT_LINE
    if _GREETING.match(t):
        return None
    dates = find_dates(t)
    if any(d.kind == "publication" for d in dates) and len(t.split()) <= 6:
        return _NEXT_LINE
    if re.match(r"^(?:subject|emne)\s*:", t, I) and dates:
        # an e-mail subject: the title is what is left without the date and time
        t = t[: dates[0].start].rstrip(" ,–—-·|")
        dates = []
    quoted = _LABELLED_QUOTE.fullmatch(t)
    if quoted and not dates:
        return clean_title(quoted.group("q"))  # 'Boglancering: "Stemmer fra fjorden"'
    dated = _dated_title(t, dates) if dates else None
    if dated:
        return dated
    if dates and any(d.kind == "session" for d in dates):
        return None
    if line.bullet or match_agenda(t):
        return None
    if len(t) > 160 or len(t.split()) > 20:
        return None
    if t.endswith(".") and not line.heading:
        return None
    if _LABEL.match(t) and not _TITLE_LABEL.match(t):
        return None
    title = _TITLE_LABEL.sub("", t, count=1)
    if title != t:
        title = _TITLE_LABEL.sub("", title, count=1) or title  # "EVENT: Panel debate – X"
    title = _TITLE_TAIL.sub("", title)
    return clean_title(title)


def _dated_title(t: str, dates: list[DateMatch]) -> str | None:
    """A first line with a date in it: the name beside the date, when it is one."""
    if " | " in t:
        # "SAVE THE DATE | Nordic Circular Summit 2027 | 14.10.2027 | Copenhagen"
        segs = [
            x.strip()
            for x in t.split(" | ")
            if not find_dates(x)
            and not find_time_range(x)
            and not re.fullmatch(r"\s*(?:save the date|sæt kryds\b.*|husk\b.*)\s*", x, I)
            and x.strip() not in _CITIES
            and x.strip().lower() not in municipalities()
            and not _FORMAT_WORD.fullmatch(x.strip())
            and len(x.split()) >= 2
        ]
        if len(segs) == 1:
            return clean_title(segs[0])
    if dates[0].start <= 0:
        return None
    # "Nordic Smart City Days, 6–8 March 2028": the name before the date
    head = t[: dates[0].start].rstrip()
    head = re.sub(r"\s*\((?:\w+\.?\s*)?$", " –", head)  # "... (Tuesday 16 May 2028)"
    head = _HEAD_HELD.sub(" –", head)
    tail = _blank_dates(t, dates)[dates[-1].end :].strip(" ,.–—-)")
    if (
        re.search(r"(?:,|\s[–—-]|:)$", head)
        and len(head.split()) >= 2
        and not tail
        and not _LABEL.match(head)
        and not _DATE_LABEL.match(head.rstrip(",:–—- "))
    ):
        head = head.rstrip(",:–—- ")
        for _ in range(2):
            head = _TITLE_TAIL.sub("", head).rstrip(",:–—- ")
        return clean_title(_TITLE_LABEL.sub("", head, count=1) or head)
    return None


_EVENT_SUBJECT = re.compile(
    r"^(?:the\s+)?(?:symposium|conference|webinars?|event|seminar|workshop|meeting|forum|summit|"
    r"series|network|day|roundtable|assembly|masterclass(?:es)?|programme|program|course|"
    r"mødet|møderne|konferencen|webinaret|webinarerne|arrangementet|arrangementerne|netværket|"
    r"dagen|temadagen|seminaret|symposiet|rækken|serien|forløbet|kurset|workshoppen)\b",
    I,
)
_ORGANISER_LABEL = re.compile(
    r"^(?:arrangør|arrangører|arrangeret af|organi[sz]er|organi[sz]ed by|host|hosted by|vært)"
    r"\s*:\s*(?P<v>\S.*)$",
    I,
)


def _per_event_organisers(p: _Parser) -> set[str]:
    """Names on 'Arrangør:' lines that each belong to one of several events (lower case)."""
    values = []
    for line in p.lines:
        m = _ORGANISER_LABEL.match(line.text.strip())
        if m:
            values.append(m.group("v").strip(" ."))
    dated = {sb.date.iso for sb in p.sessions if sb.date}
    if len({v.lower() for v in values}) < 2 or len(dated) < 2:
        return set()
    return {n.lower() for v in values for n in [v, *_org_list(v, whole_tail=True)]}


def _organisers(p: _Parser) -> list[str]:
    found: list[str] = []
    seen: set[str] = set()
    per_event = _per_event_organisers(p)

    def add(names: list[str]) -> None:
        for n in names:
            if n.lower() in per_event:
                continue  # "Arrangør: Randers Naturforening" under one of the week's events
            if n.lower() in _GENERIC_ORG_REFS:
                # "the Council hosts ...": a reference back to a name given earlier
                full = re.search(rf"\b((?:[A-ZÆØÅ][\w&-]*\s+){{1,4}}{re.escape(n)})\b", p.full)
                if not full:
                    continue
                n = re.sub(r"^(?:The|Den|Det)\s+", "", full.group(1))
            key = n.lower()
            if key not in seen and len(n) > 1:
                seen.add(key)
                found.append(n)

    add(p.label_orgs)
    for line in p.lines[:4]:
        m = _NEWSLETTER.match(line.text.strip())
        if m and m.group("o"):
            add(_org_list(m.group("o").strip()))
    prose = set(p.prose_lines)
    # "The symposium is organised by ...", also where it ended up below a programme point
    about_event = [
        ln.text for ln in p.lines if ln.text not in prose and _EVENT_SUBJECT.match(ln.text)
    ]
    for text in [*p.prose_lines, *about_event]:
        add(_organisers_before(text))
        add(_organisers_after(text))
        add(_organisers_inverted(text))
    return found


def _organisers_before(text: str) -> list[str]:
    """'Dansk Energi og KL inviterer til ...': the subject of an inviting verb."""
    out: list[str] = []
    for m in _ORG_BEFORE.finditer(text):
        if re.match(r"\s+by\b", text[m.end() :], I):
            continue  # "Hosted by X": X comes after, see _ORG_AFTER
        dot = text.rfind(". ", 0, m.start() + 1)
        start = dot + 2 if dot >= 0 else 0
        subject = _trailing_names(text[start : m.start()])
        subject = re.sub(r"^(?:the)\s+", "", subject.strip(), flags=I)
        names = _org_list(subject)
        if names and subject.strip()[:1].isupper():
            out.extend(names)
    return out


def _organisers_after(text: str) -> list[str]:
    """'arrangeret af X', 'hosted by X', 'Arrangør: X': the names after the marker."""
    out: list[str] = []
    for m in _ORG_AFTER.finditer(text):
        label = m.group(0).rstrip().endswith(":")
        names = _org_list(text[m.end() :], whole_tail=label)
        if "facilit" in m.group(0).lower():
            # "Mødet faciliteres af Lone Skov, direktør i ...": a person, not the organiser
            names = [n for n in names if not find_name(n) or looks_like_org(n)]
        out.extend(names)
    return out


def _organisers_inverted(text: str) -> list[str]:
    """'... afholder Dansk Energiforum ...', but 'præsenterer Anna Holm' is a person."""
    out: list[str] = []
    for m in _ORG_INVERTED.finditer(text):
        before = text[: m.start()].split()
        if before and not before[-1][:1].isupper():
            names = _org_list(text[m.end() :])
            out.extend(n for n in names if not find_name(n) or looks_like_org(n))
    return out


def _registration(p: _Parser) -> Registration:
    reg = Registration()
    full = p.full
    price = None
    for m in _PRICE.finditer(full):
        price = m.group("price").strip()
        break
    free = _is_free(full)
    if price:
        reg.free = False
        reg.price = price
    elif free:
        reg.free = True
    first_pos = None
    low = full.lower()
    for pat, name in _PLATFORMS:
        key = _PLATFORM_KEYS.get(name)
        if key and key not in low:
            continue  # cheap test first: these patterns would scan the whole text
        m = pat.search(full)
        if m and (first_pos is None or m.start() < first_pos):
            first_pos, reg.platform = m.start(), name
    emails = []
    for line in p.lines:
        for e in find_emails(line.text):
            if _PRESS.search(line.text) and not _REG_WORDS_LINE.search(line.text):
                continue  # "Yderligere information: Kommunikationschef ..., mano@...": the press
            score = 1 if _REG_LINE.search(line.text.replace(e, "")) else 0
            score += (
                1
                if re.search(r"kontakt|contact|skriv|write|mail|spørgsmål|question", line.text, I)
                else 0
            )
            emails.append((-score, len(emails), e))
    if emails:
        reg.contact_email = sorted(emails)[0][2].rstrip(".")
    if p.deadlines:
        reg.deadline = p.deadlines[0].iso
    for line in p.lines:
        if _REG_LINE.search(line.text):
            reg.links.extend(u for u in find_urls(line.text) if "@" not in u)
            reg.links.extend(u for u in line.links if not u.startswith("mailto:"))
    return reg


def _description(ib: _ItemB) -> str:
    parts = []
    if ib.item.description:
        parts.append(ib.item.description.strip())
    if ib.children:
        indents = sorted({c.indent for c in ib.children})
        rows = []
        for c in ib.children:
            depth = indents.index(c.indent)
            if c.bullet:
                rows.append("  " * depth + "- " + c.text)
            else:
                if rows:
                    parts.append("\n".join(rows))
                    rows = []
                parts.append(c.text)
        if rows:
            parts.append("\n".join(rows))
    return "\n\n".join(p for p in parts if p)


def _fill_known(sessions: list[Session], extra: list[Speaker] = ()) -> None:
    """A person named twice keeps the role and organisation given where they are fullest."""
    known: dict[str, Speaker] = {}
    for sp in [*extra, *(sp for s in sessions for it in s.items for sp in it.speakers)]:
        if not (sp.role or sp.organisation):
            continue
        best = known.get(sp.name)
        if best is None or (bool(sp.role) + bool(sp.organisation)) > (
            bool(best.role) + bool(best.organisation)
        ):
            known[sp.name] = sp
    for s in sessions:
        for it in s.items:
            for sp in it.speakers:
                k = known.get(sp.name)
                if k is None or k is sp:
                    continue
                if (
                    not sp.organisation
                    and k.organisation
                    and (not sp.role or not k.role or sp.role.lower() in k.role.lower())
                ):
                    sp.organisation = k.organisation
                if k.role and (not sp.role or sp.role.lower() in k.role.lower()):
                    sp.role = k.role  # "Prof." in the programme, the full title in the bios


def _title_subject_org(title: str | None) -> str | None:
    """'FN17 Business center i Viborg understøtter ...' -> 'FN17 Business center'."""
    if not title:
        return None
    m = re.search(r"\b(?:fra|from|hos|at|i)\s+((?:[A-ZÆØÅ][\w&.-]*\s?){1,4})$", title)
    if m and looks_like_org(m.group(1).strip()):
        return m.group(1).strip()
    toks = title.split()
    out = []
    for t in toks[:5]:
        if t[:1].isupper() or any(ch.isdigit() for ch in t):
            out.append(t)
            continue
        if out and t.lower() in ("center", "centre", "centret", "netværk", "forum", "lab", "hub"):
            out.append(t)
            continue
        break
    if len(out) < 2:
        return None
    first = out[0]
    distinctive = any(ch.isdigit() for ch in first) or sum(ch.isupper() for ch in first) > 1
    if not distinctive or any(t.endswith((":", ",", ";")) for t in out):
        return None
    return " ".join(out)


_TITLE_YEAR = re.compile(r"\b(?P<y>20\d\d)\b(?!\s*-?\s*(?:mål|målene|goals?|plan|strateg))")
#: "Dagsorden 2030", "Vision 2040": a year in a name, not the year of the events
_NAMED_YEAR = re.compile(
    r"\b(?:dagsorden|agenda|vision|strategi|strategy|plan|mål|goals|målsætning|horizon|"
    r"fit for|roadmap|køreplan)\s*$",
    I,
)


@dataclass
class _Run:
    """What the passes over a parsed announcement share: the parser's findings, the result
    being filled in, and the series-wide context the sessions fall back on."""

    p: _Parser
    lines: list[Line]
    result: ParseResult
    g_online: bool = False
    g_physical: bool = False
    g_hybrid: bool = False
    g_place: str | None = None
    series_time: TimeRange | None = None
    doc_status: str | None = None
    single: bool = True
    bios: list[Speaker] = field(default_factory=list)
    #: the builder of each result session, in the same order
    built: list[_SessB] = field(default_factory=list)


def _pass_series_title(run: _Run) -> None:
    run.result.series_title = _series_title(run.p, run.lines)


def _pass_organisers(run: _Run) -> None:
    """Organisers named in the text, then the owner a title's tail names
    ("... 2027 – Region Midtjylland", "... – Foreningen for Lokale Aftenskoler")."""
    result = run.result
    result.organisers = _organisers(run.p)
    tail = _TITLE_ORG_TAIL.search(result.series_title or "")
    if tail and (
        tail.group("o").lower() in {v.lower() for v in municipalities().values()}
        or re.fullmatch(
            r"Region (?:Hovedstaden|Sjælland|Syddanmark|Midtjylland|Nordjylland)", tail.group("o")
        )
        or re.fullmatch(r"[A-ZÆØÅ]{2,6}", tail.group("o"))
    ):
        # "Temarække om grøn mobilitet 2027 – Region Midtjylland": who holds it
        _title_tail_is_organiser(result, tail)
    long_tail = _TITLE_LONG_ORG_TAIL.search(result.series_title or "")
    if (
        long_tail
        and _ORG_NOUN.search(long_tail.group("o"))
        and len(result.series_title[: long_tail.start()].split()) >= 2
    ):
        # "Årsmøde og inspirationsdage 2027 – Foreningen for Lokale Aftenskoler"
        _title_tail_is_organiser(result, long_tail)


def _title_tail_is_organiser(result: ParseResult, tail: re.Match) -> None:
    result.series_title = result.series_title[: tail.start()].rstrip()
    if tail.group("o").lower() not in {o.lower() for o in result.organisers}:
        result.organisers.append(tail.group("o"))


def _pass_owner(run: _Run) -> None:
    """No organiser named: the owner in the title, in a Danish genitive, or in a signature."""
    result, p = run.result, run.p
    if result.organisers:
        return
    owner = _title_owner(result.series_title) or _genitive_owner(p.prose_lines[:8])
    if owner is None:
        owner = _signature_owner(p.signature, result.series_title or "")
    if owner:
        result.organisers = [owner]


def _title_owner(title: str | None) -> str | None:
    if not title:
        return None
    owner = _TITLE_OWNER.search(title) or _TITLE_OF.search(title)
    if owner and (
        owner.re is _TITLE_OWNER
        or (_ORG_NOUN.search(owner.group("o")) and "netværk" not in owner.group("o").lower())
    ):
        # "Møde i KL's netværk for ...", "Annual Symposium of the Danish Society for ..."
        return owner.group("o").strip()
    return None


def _genitive_owner(texts: list[str]) -> str | None:
    for text in texts:
        gen = _DA_GENITIVE_OWNER.search(text)
        if gen and _ORG_NOUN.search(gen.group("o")) and not find_name(gen.group("o")):
            return gen.group("o")  # "Velkommen til Danske Bibliotekarers Netværks landsmøde"
    return None


def _signature_owner(signature: list[str], title: str) -> str | None:
    if len(signature) == 2:
        # "Venlig hilsen / Dansk Fjernvarme", "Best regards, / The Circular Economy Network team"
        last = re.sub(r"^(?:the|on behalf of the)\s+", "", signature[-1].strip(), flags=I)
        last = re.sub(r"[\s-]+(?:team|teamet|sekretariatet|secretariat)$", "", last, flags=I)
        if (
            0 < len(last.split()) <= 5
            and last[:1].isupper()
            and not find_name(last)
            and not re.search(r"[\d,@]", last)
            and not _SIGN_OFF.match(last)
            and last.lower() not in title.lower()
        ):
            return last
    if len(signature) >= 3:
        # "Venlig hilsen / Mette H. Skov / DAKOFA": the sender's organisation
        last = signature[-1].strip()
        if (
            len(last.split()) <= 5
            and find_name(signature[-2].strip(), strong=True)
            and (looks_like_org(last) or last.isupper())
            and not find_emails(last)
            and not re.search(r"[\d,]", last)
            and last.lower() not in title.lower()
        ):
            return last
    return None


def _pass_registration(run: _Run) -> None:
    run.result.registration = _registration(run.p)


def _pass_title_from_session(run: _Run) -> None:
    dated = [sb for sb in run.p.sessions if sb.date]
    result = run.result
    if (
        result.series_title is None
        and len(dated) == 1
        and dated[0].title
        and dated[0].title[:1].isupper()
    ):
        # one event whose name only its session carries: that name is the series' title
        result.series_title = dated[0].title


def _pass_series_context(run: _Run) -> None:
    """What holds for the whole series: format cues, the venue, a common time, the status."""
    p = run.p
    run.g_online, run.g_physical, run.g_hybrid = _format_cues("\n".join(p.global_lines))
    for t in p.global_lines:
        lab = _LABEL.match(t)
        if lab and lab.group("label").lower() in _PLACE_LABELS:
            run.g_place = lab.group("value").strip()
            break
        run.g_place = run.g_place or find_place(t)
    if not run.g_place:
        # "Forbundet ... holder landskongres i Aalborg Kongres & Kultur Center."
        venues = filter(None, map(venue_in_prose, p.global_lines))
        run.g_place = next(venues, None) or p.tail_place
    run.series_time = _series_time(p.global_lines)
    run.doc_status = _status_of("\n".join(p.global_lines)) or _status_of("\n".join(p.prose_lines))
    run.single = len([s for s in p.sessions if s.date]) <= 1


def _series_time(global_lines: list[str]) -> TimeRange | None:
    for t in global_lines:
        if match_agenda(t):
            continue
        tr = find_time_range(_blank_dates(t, find_dates(t)))
        if tr and tr.start and tr.end:
            return tr
        if tr and tr.start and _SERIES_START.search(t):
            return tr  # "All talks start at 8:00"
    return None


def _pass_series_year(run: _Run) -> None:
    """'Webinar Series 2027' with 'Tuesday 9 February': the title (or a season) gives the year."""
    title = run.result.series_title or ""
    title_years = {
        m.group("y")
        for m in _TITLE_YEAR.finditer(title)
        if not _NAMED_YEAR.search(title[: m.start()])
    }
    series_year = int(title_years.pop()) if len(title_years) == 1 else None
    year_from = "title"
    if series_year is None:
        year_from = "season"
        series_year = _season_year(run.p.global_lines)
    sessions = run.p.sessions
    if series_year and not any(sb.date and sb.date.year for sb in sessions):
        for sb in sessions:
            if sb.date and sb.date.year is None and _valid(sb.date.day, sb.date.month, series_year):
                sb.date = dataclasses.replace(sb.date, year=series_year, year_from=year_from)


def _season_year(global_lines: list[str]) -> int | None:
    # "I efteråret 2027 fortsætter vi med fire webinarer": the year of the whole list
    said = set()
    for t in global_lines:
        for m in _SEASON_YEAR.finditer(t):
            start = max(t.rfind(". ", 0, m.start()), -2) + 2
            end = t.find(". ", m.end())
            sentence = t[start : end if end != -1 else len(t)]
            if not _PAST.search(sentence):
                said.add(m.group("y"))
    return int(said.pop()) if len(said) == 1 else None


def _pass_intro_people_and_topics(run: _Run) -> None:
    p = run.p
    dated = [sb for sb in p.sessions if sb.date]
    if p.intro_people and len(dated) == 1 and not dated[0].items:
        have = {sp.name for sp in dated[0].pending}
        dated[0].pending[:0] = [sp for sp in p.intro_people if sp.name not in have]
    topics = [sb.topic for sb in p.sessions if sb.date and sb.topic and not sb.title]
    if len(topics) >= 2 and len({t.lower() for t in topics}) == len(topics):
        # several events told in prose: each one's topic is what tells them apart
        for sb in p.sessions:
            if sb.date and sb.topic and not sb.title:
                sb.title = sb.topic


def _pass_sessions(run: _Run) -> None:
    for sb in run.p.sessions:
        if sb.date is None and not sb.items:
            continue
        run.result.sessions.append(_build_session(run, sb))
        run.built.append(sb)


def _build_session(run: _Run, sb: _SessB) -> Session:
    series_title = run.result.series_title
    title = sb.title
    if title and series_title and title.lower() == series_title.lower():
        title = None  # the series' own title is no title of the session
    sess = Session(date=sb.date.iso if sb.date else None, title=title, place=sb.place)
    if sb.time_own:
        sess.start, sess.end = sb.start, sb.end
    elif run.series_time:
        sess.start, sess.end = run.series_time.start, run.series_time.end
    sess.items = _session_items(run, sb)
    _session_times(sess, sb)
    sess.status = sb.own_status or sb.ctx_status or run.doc_status or "unknown"
    _session_format(run, sess, sb)
    _subject_organisations(sess.items, sb, series_title)
    _session_sdgs(run, sess, sb)
    return sess


def _session_items(run: _Run, sb: _SessB) -> list[Item]:
    """The programme points, with the people named for the session but for no point."""
    items = []
    for ib in sb.items:
        ib.item.description = _description(ib)
        items.append(ib.item)
    pending = sb.pending
    everywhere = run.p.everywhere
    if not sb.items and everywhere and sb.date:
        have = {sp.name for sp in pending}
        pending = pending + [dataclasses.replace(sp) for sp in everywhere if sp.name not in have]
    in_items = {sp.name for it in items for sp in it.speakers}
    if items and pending and all(p.name in in_items for p in pending):
        run.bios.extend(pending)  # a "Speakers" section with bios for people in the programme
        pending = []
    own = [it for it in items if sb.title and it.title == sb.title]
    if pending and len(items) == 1 and own:
        # the session's only point is the session itself: its speakers and hosts join it
        known = {sp.name for sp in own[0].speakers}
        own[0].speakers.extend(sp for sp in pending if sp.name not in known)
        pending = []
    sb.hosts_found = []
    if items:
        # "Dagens moderator er X": hosts of the whole day belong to no programme point
        sb.hosts_found = [p for p in pending if p.event_role in ("moderator", "facilitator")]
        pending = [p for p in pending if p.event_role not in ("moderator", "facilitator")]
    if pending:
        extra = Item(
            title=sb.title or run.result.series_title,
            speakers=pending,
            description="\n".join(sb.prose),
        )
        items.insert(0, extra)
    return items


def _session_times(sess: Session, sb: _SessB) -> None:
    sess.hosts = sb.hosts_found
    timed = [i for i in sess.items if i.time]
    if sess.start and not sess.end and not sb.time_own and timed and timed[-1].end:
        sess.end = timed[-1].end  # "Kl. 9.30 begge dage" and a programme to 14.00
    if not sess.start and timed:
        sess.start = timed[0].time
        last = timed[-1]
        if last.end:
            sess.end = last.end
        elif last.title and _END_WORDS.match(last.title):
            sess.end = last.time


def _session_format(run: _Run, sess: Session, sb: _SessB) -> None:
    o, ph, hy = _format_cues("\n".join(sb.texts))
    if sb.place:
        ph = True
    fmt = _combine_format(o, ph, hy)
    if fmt and fmt != "hybrid" and (run.single or run.g_hybrid):
        fmt = _combine_format(o or run.g_online, ph or run.g_physical, hy or run.g_hybrid)
    if not fmt:
        fmt = _combine_format(run.g_online, run.g_physical or bool(run.g_place), run.g_hybrid)
    sess.format = fmt or "unknown"
    if not sess.place and sess.format in ("physical", "hybrid") and run.g_place:
        sess.place = run.g_place
    if sess.format == "online":
        sess.place = None


def _subject_organisations(items: list[Item], sb: _SessB, series_title: str | None) -> None:
    """Speakers' organisation from the talk's subject ("FN17 Business center ... ved X")."""
    for it in items:
        if len(it.speakers) != 1 or it.title in (sb.title, series_title):
            continue
        sp = it.speakers[0]
        if sp.role and not sp.organisation:
            subject = _title_subject_org(it.title)
            if subject:
                sp.organisation = subject
                sp.organisation_guessed = True


def _session_sdgs(run: _Run, sess: Session, sb: _SessB) -> None:
    items = sess.items
    titles = "\n".join(filter(None, [sess.title] + [i.title or "" for i in items]))
    body = "\n".join(
        ["\n".join(sb.texts)]
        + [ib.raw + "\n" + "\n".join(c.text for c in ib.children) for ib in sb.items]
    )
    sess.suggested_sdgs = sdg.suggest(titles, body)
    for ib in sb.items:
        it = ib.item
        text = ib.raw + "\n" + it.description
        it.sdg_refs = sdg.explicit_refs(text)
        for n, k, written in sdg.mismatches(text):
            run.result.warnings.append(
                sdg.mismatch_warning(it.title or "", n, k, written, run.result.language)
            )


def _pass_known_people(run: _Run) -> None:
    _fill_known(run.result.sessions, run.bios)


def _pass_moderator(run: _Run) -> None:
    run.result.moderator = _series_moderator(run.lines, run.result.sessions)


def _pass_flags(run: _Run) -> None:
    run.result.flags = flags.inferred(run.result, run.built, run.lines)


def _pass_no_dates(run: _Run) -> None:
    result = run.result
    if not any(s.date for s in result.sessions):
        if result.language == "en":
            result.warnings.append("The text does not look like an announcement: no dates found")
        else:
            result.warnings.append("Teksten ligner ikke en annoncering: ingen datoer fundet")


#: The passes over the parser's findings, in order; each reads what the earlier ones wrote.
PASSES = (
    _pass_series_title,
    _pass_organisers,
    _pass_owner,
    _pass_registration,
    _pass_title_from_session,
    _pass_series_context,
    _pass_series_year,
    _pass_intro_people_and_topics,
    _pass_sessions,
    _pass_known_people,
    _pass_moderator,
    _pass_flags,
    _pass_no_dates,
)


def parse_lines(lines: list[Line], full: str, warnings: list[str], truncated: bool) -> ParseResult:
    result = ParseResult(truncated=truncated, warnings=list(warnings))
    if not lines:
        if not warnings:
            result.warnings.append("Teksten er tom: intet at importere")
        return result
    result.language = _language(full)
    p = _Parser(lines, full)
    p.run()
    run = _Run(p=p, lines=lines, result=result)
    for stage in PASSES:
        stage(run)
    return result


_SERIES_MODERATOR = re.compile(
    r"\b(?:(?:den |the )?(?:gennemgående|faste?|overordnede|series|overall|regular)\s+"
    r"(?:moderator|ordstyrer|vært|host|chair)\w*|"
    r"(?:moderator|ordstyrer|vært|host|chair)\w*\s+(?:for|på|of|across|throughout)\s+"
    r"(?:hele\s+|alle\s+|the\s+(?:whole\s+|entire\s+)?|all\s+(?:the\s+)?)?"
    r"(?:\w+\s+)?(?:række\w*|serie\w*|webinar-?række\w*|forløb\w*|series|programme|"
    r"webinars|sessions|møderne|webinarerne)|"
    r"(?:modererer|moderates|will moderate|leder)\s+(?:hele\s+|alle\s+|all\s+(?:the\s+)?|"
    r"the\s+(?:whole\s+|entire\s+)?)(?:række\w*|serie\w*|webinar\w*|series|sessions|møder\w*))",
    I,
)


_SENTENCE_BREAK = re.compile(r"[.!?]\s+(?=[A-ZÆØÅ])")


def _series_moderator(lines: list[Line], sessions: list[Session]) -> str | None:
    """'... ved Flemming Olsen, ..., der er den gennemgående moderator på webinar-rækken':
    the person named for the whole series, when one sentence says so."""
    known = [
        sp.name for s in sessions for sp in [*s.hosts, *(p for it in s.items for p in it.speakers)]
    ]
    for line in lines:
        m = _SERIES_MODERATOR.search(line.text)
        if not m:
            continue
        ends = [e.end() for e in _SENTENCE_BREAK.finditer(line.text, 0, m.start())]
        before = line.text[ends[-1] if ends else 0 : m.start()]
        named = [n for n in known if n in before]
        if named:
            return max(named, key=before.rfind)  # the last person named before the phrase
        after = re.match(r"\s*(?:er|is|will be|bliver|:|–|-)\s+(?P<rest>.+)", line.text[m.end() :])
        hit = find_name(after.group("rest"), strong=True) if after else None
        if hit and not hit.prefix.strip():
            return hit.name  # "Den gennemgående moderator er Anne Holm"
    return None


def clear_caches() -> None:
    """Drop the memoised line/name look-ups (for benchmarks that want cold numbers)."""
    from . import people  # noqa: PLC0415 — people imports this module
    from .dates import _find_dates  # noqa: PLC0415 — dates imports this module

    _split_item_cached.cache_clear()
    _find_dates.cache_clear()
    for fn in (people.find_name, people.is_role_word, people.is_org_word, people._name_like):
        fn.cache_clear()


def parse_announcement(data: str | bytes) -> ParseResult:
    """Parse an announcement (str or bytes in any common encoding). Never raises."""
    try:
        lines, full, warnings, truncated = prepare(data)
        lines, removed = strip_source_lines(lines)
        if tidy_spellings(lines) or removed:
            full = "\n".join(line.text for line in lines)
        result = parse_lines(lines, full, warnings, truncated)
        for source in removed:
            if source.kind == "date":
                # the date above the headline was left out: say so, it may be an event after all
                result.flags.insert(0, flags.skipped_date(source.text, result.language))
        return result
    except Exception as exc:
        # The organiser gets an empty draft and a polite word in the text's language; the
        # trace (with the exception) goes to the log, so that the rule can be fixed.
        logger.exception(
            "announcement parser failed (%s) on a text of %d characters",
            type(exc).__name__,
            len(data),
        )
        return _failed_result(data)


#: The warning of a result whose parse failed, per language (the review screen knows them).
PARSE_FAILED = {
    "da": (
        "Teksten kunne ikke læses helt (intern fejl i importen). Udfyld eller ret serien i "
        "formularen nedenfor; fejlen er logget, så vi kan rette den."
    ),
    "en": (
        "The text could not be read in full (an internal error in the importer). Please fill "
        "in or correct the series in the form below; the error has been logged so that we can "
        "fix it."
    ),
}


def _failed_result(data: str | bytes) -> ParseResult:
    """The result when the parser broke: empty, in the text's language, with the message."""
    result = ParseResult()
    try:
        text = data if isinstance(data, str) else data.decode("utf-8", "replace")
        result.language = _language(text[:20_000])
    except Exception:  # the language is a courtesy; Danish when even that fails
        logger.exception("announcement parser: language of a failed text unknown")
        result.language = "da"
    result.warnings.append(PARSE_FAILED.get(result.language, PARSE_FAILED["da"]))
    return result
