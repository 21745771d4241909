"""From raw input (bytes, plain text or pasted HTML) to a list of normalised lines."""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass, field
from html.parser import HTMLParser

#: Only this much text is parsed; the rest is dropped with a warning.
MAX_CHARS = 200_000
#: Lines longer than this are cut before the line-level regexes see them.
MAX_LINE = 4_000

_LINK_MARK = "\ue001"  # private-use marks survive normalising
_HEAD_MARK = "\ue000"


@dataclass
class Line:
    text: str
    indent: int = 0
    #: the bullet character or number marker ("•", "-", "1.") when the line is a list item
    bullet: str | None = None
    heading: bool = False
    links: list[str] = field(default_factory=list)
    blank_before: bool = False
    index: int = 0


# ----------------------------------------------------------------------------- decoding


def _looks_utf16(data: bytes) -> str | None:
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) / 2
    if odd > 0.3 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.3 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode bytes by BOM, UTF-16 sniffing, strict UTF-8, then Windows-1252.

    Returns (text, encoding name).
    """
    boms = (
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    )
    for bom, enc in boms:
        if data.startswith(bom):
            return data[len(bom) :].decode(enc, errors="replace"), enc
    enc = _looks_utf16(data)
    if enc:
        return data.decode(enc, errors="replace"), enc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    return data.decode("cp1252", errors="replace"), "cp1252"


_BINARY_CHARS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd\ud800-\udfff]")


def looks_binary(text: str) -> bool:
    """True when a decoded text is mostly control characters or replacement marks."""
    sample = text[:65536]
    if not sample:
        return False
    return len(_BINARY_CHARS.findall(sample)) / len(sample) > 0.1


# ----------------------------------------------------------------------------- HTML

_HTML_HINT = re.compile(
    r"<(?:p|div|br|li|ul|ol|h[1-6]|table|tr|td|span|strong|b|em|a|section|article|body|html)\b[^>]{0,500}>",
    re.IGNORECASE,
)
_BLOCK_TAGS = {
    "p",
    "div",
    "section",
    "article",
    "header",
    "footer",
    "tr",
    "table",
    "blockquote",
    "dl",
    "figure",
    "figcaption",
    "main",
    "aside",
    "nav",
    "pre",
}
_SKIP_TAGS = {"script", "style", "head", "title", "noscript", "template", "svg"}


class _HTMLToLines(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.cur: list[str] = []
        self.list_depth = 0
        self.ol_counters: list[int | None] = []
        self.skip = 0
        self.prefix = ""

    def _flush(self) -> None:
        text = "".join(self.cur)
        self.cur = []
        if text.strip() or self.prefix:
            if text.strip():
                self.out.append(self.prefix + " ".join(text.split()))
            self.prefix = ""

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP_TAGS:
            self.skip += 1
            return
        if tag in ("ul", "ol"):
            self._flush()
            self.list_depth += 1
            self.ol_counters.append(0 if tag == "ol" else None)
        elif tag == "li":
            self._flush()
            depth = max(self.list_depth - 1, 0)
            marker = "•"
            if self.ol_counters and self.ol_counters[-1] is not None:
                self.ol_counters[-1] += 1
                marker = f"{self.ol_counters[-1]}."
            self.prefix = "  " * depth + marker + " "
        elif re.fullmatch(r"h[1-6]", tag):
            self._flush()
            self.out.append("")
            self.prefix = _HEAD_MARK  # read by split_lines
        elif tag == "br":
            self._flush()
        elif tag in _BLOCK_TAGS:
            self._flush()
            self.out.append("")
        elif tag in ("td", "th") and "".join(self.cur).strip():
            self.cur.append(" · ")
        elif tag == "dt":
            self._flush()
        elif tag == "dd":
            # "<dt>9:00</dt><dd>Welcome</dd>": term and description on one line
            so_far = "".join(self.cur).strip()
            if so_far:
                self.cur.append(" " if so_far.endswith(":") else ": ")
        elif tag == "a":
            href = dict(attrs).get("href") or ""
            if href and not href.startswith(("#", "javascript:")):
                self.cur.append(f" {_LINK_MARK}{href}{_LINK_MARK} ")

    def handle_endtag(self, tag):
        if tag in _SKIP_TAGS:
            self.skip = max(self.skip - 1, 0)
            return
        if tag in ("ul", "ol"):
            self._flush()
            self.list_depth = max(self.list_depth - 1, 0)
            if self.ol_counters:
                self.ol_counters.pop()
        elif tag == "li" or tag == "dd" or tag in _BLOCK_TAGS:
            self._flush()
        elif re.fullmatch(r"h[1-6]", tag):
            self._flush()
            self.out.append("")

    def handle_data(self, data):
        if not self.skip:
            self.cur.append(data)

    def result(self) -> str:
        self._flush()
        return "\n".join(self.out)


def looks_like_html(text: str) -> bool:
    return len(_HTML_HINT.findall(text[:20000])) >= 2


def html_to_text(text: str) -> str:
    parser = _HTMLToLines()
    try:
        parser.feed(text)
        parser.close()
    except Exception:
        return re.sub(r"<[^>]{0,2000}>", " ", text)
    return parser.result()


# ----------------------------------------------------------------------------- normalising

_TRANSLATE_MAP = {
    "\u00a0": " ",
    "\u2007": " ",
    "\u202f": " ",
    "\u2009": " ",
    "\u200a": " ",
    "\u2002": " ",
    "\u2003": " ",
    "\u200b": "",
    "\u200c": "",
    "\u200d": "",
    "\ufeff": "",
    "\u00ad": "",
    "\t": "    ",
    "\u2010": "-",
    "\u2011": "-",
    "\u2212": "-",
    "\u2024": ".",
}
_ODD_CHARS = re.compile("[" + "".join(k for k in _TRANSLATE_MAP if k != "\t") + "]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_BULLET = re.compile(
    r"^(?P<ind>[ ]*)(?P<b>[•·▪◦●○■□►▸‣⁃∙*\-–—]|\d{1,2}[.)](?=\s+\D)|[a-h]\)|[ivx]{1,4}\))"
    r"[ ]+(?P<rest>\S.*)$"
)
_MONTH_WORD = re.compile(
    r"^(?:jan|feb|mar|apr|maj|may|jun|jul|aug|sep|okt|oct|nov|dec)", re.IGNORECASE
)


_INNER_TAB = re.compile(r"(?<=\S)[ ]*\t+[ ]*(?=\S)")
_BRACKET_TIME = re.compile(
    r"^(?P<i>[ \t]*)[\[(](?P<t>(?:kl\.?\s*)?\d{1,2}[.:]\d{2}"
    r"(?:\s*[-–—]\s*\d{1,2}[.:]\d{2})?)[\])]\s*",
    re.MULTILINE | re.IGNORECASE,
)
_MD_TABLE_ROW = re.compile(r"^[ \t]*\|.*\|[ \t]*$", re.MULTILINE)
_INNER_SPACES = re.compile(r"(?<=\S)[ ]{3,}(?=\S)")
_SPACE_COLUMNS = re.compile(r"^.*\S[ ]{3,}\S.*$", re.MULTILINE)


def normalise_text(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    text = text.replace("\u2029", "\n")
    if not text.isascii():
        text = _ODD_CHARS.sub(lambda m: _TRANSLATE_MAP[m.group(0)], text)
    if "\t" in text:
        # a tab between words separates columns ("09:00<TAB>Lunch<TAB>Foyer"); leading tabs indent
        text = _INNER_TAB.sub(" | ", text).replace("\t", "    ")
    if "[" in text or "(" in text:
        # "[10:00–10:10] Welcome": a time in brackets at the start of a line
        text = _BRACKET_TIME.sub(r"\g<i>\g<t> ", text)
    if "|" in text:
        # a Markdown table: "| 14:00 | Welcome | Ida Brandt |" and its "|---|---|" row
        text = _MD_TABLE_ROW.sub(_md_row, text)
    if any(c in text for c in "▸►▶‣"):
        text = re.sub(r"[ ]+[▸►▶‣][ ]+", " | ", text)  # "SAVE THE DATE ▸ Summit ▸ 14.10.2027"
    if "   " in text:
        # columns pasted from a PDF: three or more spaces between cells, at least three cells
        text = _SPACE_COLUMNS.sub(_space_columns, text)
    return _CONTROL.sub(" ", text)


def _md_row(m: re.Match) -> str:
    row = m.group(0).strip()
    if re.fullmatch(r"\|?(?:\s*:?-{3,}:?\s*\|)+\s*:?-*:?\s*", row):
        return ""
    cells = [c.strip() for c in row.strip("|").split("|")]
    return " | ".join(cells)


def _space_columns(m: re.Match) -> str:
    line = m.group(0)
    if len(_INNER_SPACES.findall(line)) < 2:
        return line
    return _INNER_SPACES.sub(" | ", line)


# Social-media posts label lines with pictographs: "📅 Torsdag 3. juni", "📍 Rådhuset".
_PIN = "📍🏠🏢🏛🗺"
_CLOCK = "⏰⏱🕐🕑🕒🕓🕔🕕🕖🕗🕘🕙🕚🕛🕜🕝🕞🕟🕠🕡🕢🕣🕤🕥🕦🕧"
_SYMBOLS = re.compile(
    r"[\U0001F000-\U0001FAFF\u2300-\u23FF\u2600-\u27BF\u2B00-\u2BFF\uFE0F\u200d]+"
)


def _emoji_labels(raw: str) -> str:
    stripped = raw.lstrip(" ")
    if not stripped or not _SYMBOLS.match(stripped):
        return _SYMBOLS.sub("", raw).rstrip() if _SYMBOLS.search(raw[-3:] or " ") else raw
    lead = _SYMBOLS.match(stripped).group(0)
    rest = stripped[len(lead) :].strip()
    label = ""
    if any(ch in _PIN for ch in lead):
        label = "Sted: "
    elif any(ch in _CLOCK for ch in lead):
        label = "Tid: "
    rest = _SYMBOLS.sub("", rest).rstrip() if _SYMBOLS.search(rest[-3:] or " ") else rest
    return " " * (len(raw) - len(stripped)) + label + rest


# "moderated by our own Lukas Brandt", "ledet af vores egen Mette Hvid": the name follows
_OUR_OWN = re.compile(
    r"\b(by|af|with|med)\s+(?:our (?:very )?own|vores (?:egen|eget|helt egen))\s+(?=[A-ZÆØÅ])",
    re.IGNORECASE,
)
_RULE = re.compile(r"^\s*(?:[-_=*~]\s*){3,}$")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(?P<t>.*?)\s*#*\s*$")
_MD_LINK = re.compile(r"\[([^\[\]]{1,200})\]\(((?:https?://|mailto:|www\.)[^()\s]{1,500})\)")
_MD_STRONG = re.compile(r"(\*\*|__)(?P<t>(?:(?!\1).){1,300})\1")
_MD_EM = re.compile(r"(?<![\w*])\*(?P<t>[^\s*](?:[^*]{0,300}[^\s*])?)\*(?![\w*])")


def split_lines(text: str) -> list[Line]:
    lines: list[Line] = []
    blank = False
    for raw in text.split("\n"):
        heading = raw.startswith(_HEAD_MARK)
        if heading:
            raw = raw[1:]
        raw = raw.rstrip()[:MAX_LINE]
        links: list[str] = []
        if _LINK_MARK in raw:
            parts = raw.split(_LINK_MARK)
            links = [p.strip() for p in parts[1::2] if p.strip()]
            raw = "".join(parts[0::2])
            raw = re.sub(r"[ ]{2,}", " ", raw) if raw.strip() else raw
        if not raw.strip():
            blank = True
            continue
        bullet = None
        raw = _emoji_labels(raw)
        raw = _OUR_OWN.sub(r"\1 ", raw)
        if _RULE.match(raw):
            raw = ""  # "_____" or "-----": a separator, read as a blank line
        md = _MD_HEADING.match(raw)
        if md:
            raw, heading = md.group("t"), True
        if "[" in raw and "](" in raw:
            links += [m.group(2) for m in _MD_LINK.finditer(raw)]
            raw = _MD_LINK.sub(r"\1", raw)
        if "*" in raw or "__" in raw:
            raw = _MD_STRONG.sub(r"\g<t>", raw)
            raw = _MD_EM.sub(r"\g<t>", raw)
        if not raw.strip():
            blank = True
            continue
        indent = len(raw) - len(raw.lstrip(" "))
        body = raw.strip()
        m = _BULLET.match(raw)
        if m:
            marker = m.group("b")
            rest = m.group("rest")
            # "1. november" is a date, not a numbered list
            if not (marker[0].isdigit() and _MONTH_WORD.match(rest)):
                bullet = marker
                body = rest.strip()
        body = re.sub(r"[ ]{2,}", " ", body)
        lines.append(
            Line(
                text=body,
                indent=indent,
                bullet=bullet,
                heading=heading,
                links=links,
                blank_before=blank,
                index=len(lines),
            )
        )
        blank = False
    return lines


_TIME_ONLY = re.compile(
    r"^(?:kl\.?\s*)?\d{1,2}[.:]\d{2}(?:\s*[-–—]\s*\d{1,2}[.:]\d{2})?(?:\s*[ap]\.?m\.?)?$", re.I
)


def _join_time_lines(lines: list[Line]) -> list[Line]:
    """'9:00' on one line and 'Welcome coffee' on the next are one agenda line."""
    out: list[Line] = []
    skip = False
    for k, line in enumerate(lines):
        if skip:
            skip = False
            continue
        nxt = lines[k + 1] if k + 1 < len(lines) else None
        if (
            _TIME_ONLY.match(line.text)
            and nxt is not None
            and not nxt.blank_before
            and not _TIME_ONLY.match(nxt.text)
        ):
            out.append(
                Line(
                    f"{line.text} {nxt.text}",
                    line.indent,
                    line.bullet,
                    line.heading,
                    line.links + nxt.links,
                    line.blank_before,
                    len(out),
                )
            )
            skip = True
            continue
        line.index = len(out)
        out.append(line)
    return out


_ICAL_LINE = re.compile(r"^(?P<name>[A-Z-]+)(?P<params>;[^:\n]*)?:(?P<value>.*)$")
_ICAL_TIME = re.compile(r"^(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})(?:T(?P<H>\d{2})(?P<M>\d{2}))?")


def _ical_unescape(value: str) -> str:
    return (
        value.replace("\\n", "\n")
        .replace("\\N", "\n")
        .replace("\\,", ",")
        .replace("\\;", ";")
        .replace("\\\\", "\\")
    )


def ical_to_text(text: str) -> str:
    """An iCalendar file pasted as text -> the plain announcement it describes."""
    text = re.sub(r"\r?\n[ \t]", "", text.replace("\r\n", "\n"))  # unfold continuation lines
    out: list[str] = []
    for block in re.findall(r"BEGIN:VEVENT\n(.*?)END:VEVENT", text, re.S)[:50]:
        fields: dict[str, tuple[str, str]] = {}
        for raw in block.split("\n"):
            m = _ICAL_LINE.match(raw.strip())
            if m and m.group("name") not in fields:
                fields[m.group("name")] = (m.group("params") or "", m.group("value"))
        summary = _ical_unescape(fields.get("SUMMARY", ("", ""))[1]).strip()
        if summary:
            out.append(summary)
        start = _ICAL_TIME.match(fields.get("DTSTART", ("", ""))[1])
        end = _ICAL_TIME.match(fields.get("DTEND", ("", ""))[1])
        if start:
            when = f"Dato: {start['y']}-{start['m']}-{start['d']}"
            if start["H"]:
                when += f" kl. {start['H']}:{start['M']}"
                if end and end["H"] and end.group(0)[:8] == start.group(0)[:8]:
                    when += f"-{end['H']}:{end['M']}"
            out.append(when)
        location = _ical_unescape(fields.get("LOCATION", ("", ""))[1]).strip()
        if location:
            out.append(f"Sted: {location}")
        org = fields.get("ORGANIZER")
        if org:
            cn = re.search(r";CN=(\"[^\"]*\"|[^;:]*)", org[0])
            if cn:
                out.append(f"Arrangør: {cn.group(1).strip(chr(34))}")
            mail = re.sub(r"^mailto:", "", org[1], flags=re.I).strip()
            if "@" in mail:
                out.append(f"Kontakt: {mail}")
        description = _ical_unescape(fields.get("DESCRIPTION", ("", ""))[1]).strip()
        if description:
            out.append("")
            out.extend(description.split("\n"))
        out.append("")
    return "\n".join(out) if out else text


_WRAP_BREAK_WORD = frozenset(
    {
        *("den", "d.", "ved", "v.", "af", "og", "i", "på", "til", "for", "om", "med", "fra"),
        *("hos", "the", "of", "and", "by", "at", "on", "in", "with", "from", "to", "a", "an"),
        *("professor", "direktør", "borgmester"),
    }
)
_NOT_PROSE_START = re.compile(
    r"^\s*(?:[•\-–—*·▪►▸|#>]|\d{1,2}[.:]\d{2}\b|\d+[.)]\s|kl\.?\s*\d|[\w ]{1,25}:\s)", re.I
)


def _prose_line(line: str) -> bool:
    t = line.strip()
    return len(t) >= 30 and " | " not in t and not _NOT_PROSE_START.match(line)


def _split_name(prev: str, line: str) -> bool:
    """'... og biolog Ane' / 'Lund, Naturstyrelsen': a name or an organisation cut in two."""
    from .people import first_names  # noqa: PLC0415 — people imports this module

    words = prev.split()
    nxt = re.match(r"\s*[A-ZÆØÅ][\wæøå-]+(?=[,.]|\s)", line)
    if not nxt or not words[-1][:1].isupper():
        return False
    if words[-1].lower() in first_names():
        return True  # "biolog Ane" / "Lund, ..."
    return len(words) >= 2 and words[-2].lower() in ("af", "by", "ved", "fra", "from", "hos")


def _unwrap(text: str) -> str:
    """Text copied from a PDF or a wrapped e-mail breaks lines in mid-sentence ("afholdes
    torsdag den" / "7. juni 2029 kl. ..."): such a line is joined with the next one."""
    lines = text.split("\n")
    out: list[str] = []
    for line in lines:
        prev = out[-1].rstrip() if out else ""
        last = prev.split()[-1].lower() if prev.split() else ""
        date_next = last in ("den", "d.", "on", "the") and re.match(
            r"\s*\d{1,2}\.?\s+[a-zæøåA-Z]", line
        )  # "afholdes torsdag den" / "7. juni 2029 ..."
        joinable = (
            prev
            and line.strip()
            and (date_next or not _NOT_PROSE_START.match(line))
            and _prose_line(prev)
            and (len(prev) >= 40 or last in _WRAP_BREAK_WORD)
            and not re.search(r"[.!?:;]$", prev)
        )
        if joinable and (
            last in _WRAP_BREAK_WORD
            or prev.endswith(",")
            or re.match(r"\s*[a-zæøå]", line)
            or date_next
            or (len(prev) >= 40 and _split_name(prev, line))  # "biolog Ane" / "Lund, ..."
        ):
            out[-1] = prev + " " + line.strip()
            continue
        out.append(line)
    return "\n".join(out)


def prepare(data: str | bytes) -> tuple[list[Line], str, list[str], bool]:
    """Decode, strip HTML, normalise and split.

    Returns (lines, full normalised text, warnings, truncated).
    """
    warnings: list[str] = []
    if isinstance(data, (bytes, bytearray, memoryview)):
        text, _enc = decode_bytes(bytes(data))
    elif isinstance(data, str):
        text = data
    else:
        text = str(data)
    if looks_binary(text):
        warnings.append("Input ligner binære data, ikke tekst: intet kunne læses")
        return [], "", warnings, False
    truncated = False
    if len(text) > MAX_CHARS:
        cut = text.rfind("\n", 0, MAX_CHARS)
        text = text[: cut if cut > MAX_CHARS // 2 else MAX_CHARS]
        truncated = True
        kb = MAX_CHARS // 1000
        warnings.append(f"Teksten er meget lang: kun de første {kb} KB er læst (resten er udeladt)")
    if "BEGIN:VEVENT" in text:
        text = ical_to_text(text)
    if looks_like_html(text):
        text = html_to_text(text)
    text = normalise_text(text)
    if "\n" in text:
        text = _unwrap(text)
    lines = _join_time_lines(split_lines(text))
    return lines, "\n".join(ln.text for ln in lines), warnings, truncated
