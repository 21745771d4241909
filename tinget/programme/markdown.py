"""Organiser-written Markdown to safe HTML: one helper for descriptions, recaps and emails.

markdown-it-py parses CommonMark (nested lists, links, emphasis) with raw HTML switched off,
then nh3 keeps only the tags and URL schemes listed here. Both steps run: markdown-it escapes
HTML, and nh3 is the guarantee should a future option let something through.
"""

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
