"""Organiser-written Markdown to safe HTML: one helper for descriptions, recaps and emails.

markdown-it-py parses CommonMark (nested lists, links, emphasis) with raw HTML switched off,
then nh3 keeps only the tags and URL schemes listed here. Both steps run: markdown-it escapes
HTML, and nh3 is the guarantee should a future option let something through.
"""

import re
from functools import lru_cache
from html import unescape

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "a",
    "ul",
    "ol",
    "li",
    "blockquote",
    "code",
    "pre",
    "hr",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "s",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"align"}, "td": {"align"}}
URL_SCHEMES = {"http", "https", "mailto"}


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable(
        ["table", "strikethrough"]
    )


def render_markdown(text: str | None, *, top_heading: int = 3) -> SafeString:
    """Render Markdown to sanitised HTML, safe to put in a template unescaped.

    Headings are shifted so that "#" becomes <h{top_heading}> (never deeper than h6): an
    organiser's "# Heading" inside a programme item must not become a second page title.
    """
    if not text or not text.strip():
        return mark_safe("")
    tokens = _parser().parse(text)
    shift = max(0, top_heading - 1)
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            level = min(6, int(token.tag[1]) + shift)
            token.tag = f"h{level}"
    html = _parser().renderer.render(tokens, _parser().options, {})
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    )
    return mark_safe(clean)  # noqa: S308 - sanitised by nh3 just above


@lru_cache(maxsize=512)
def markdown_to_text(text: str | None) -> str:
    """Plain text from Markdown (for meta descriptions and structured data).

    Cached: the series page asks for its description's text on every request."""
    if not text:
        return ""
    html = _parser().render(text)
    plain = nh3.clean(html, tags=set())
    # nh3 leaves entities such as &amp; in place; unescape them for plain text.
    return " ".join(unescape(plain).split())


_LINK = re.compile(r'<a\b[^>]*?\bhref="([^"]*)"[^>]*>(.*?)</a>', re.S)
_BLOCK_END = re.compile(r"</(?:p|h[1-6]|ul|ol|blockquote|pre|table|tr)>|<hr\s*/?>")


def markdown_to_email_text(text: str | None) -> str:
    """Plain text for the text part of an email: paragraphs stay apart, list items start
    with "- " on their own line, and a link keeps its address ("Rapport (https://…)")."""
    html = str(render_markdown(text, top_heading=2))
    if not html:
        return ""

    def link(match: re.Match) -> str:
        href, label = unescape(match.group(1)), match.group(2)
        label_text = unescape(re.sub(r"<[^>]+>", "", label)).strip()
        return label if label_text == href else f"{label} ({href})"

    html = _LINK.sub(link, html.replace("\n", " "))
    html = re.sub(r"<li\b[^>]*>", "\n- ", html)
    html = re.sub(r"<br\s*/?>", "\n", html)
    html = _BLOCK_END.sub("\n\n", html)
    plain = unescape(nh3.clean(html, tags=set()))
    lines = [" ".join(line.split()) for line in plain.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
