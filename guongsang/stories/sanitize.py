"""Rich text of stories, forewords and notes: what an editor may write, and nothing more.

The allow-list is what a newspaper article needs (paragraphs, emphasis, lists, quotes, sub-
headings, links). Everything else — scripts, styles, event handlers, iframes, forms, images
inside the text (photos go through the checked upload) — is removed, and links may only point to
http(s) or mailto addresses. The result is also valid XHTML for the e-book.
"""

from __future__ import annotations

import html
import re

import nh3

ALLOWED_TAGS = frozenset(
    {
        "p",
        "br",
        "strong",
        "em",
        "b",
        "i",
        "u",
        "s",
        "sub",
        "sup",
        "ul",
        "ol",
        "li",
        "blockquote",
        "h2",
        "h3",
        "h4",
        "a",
    }
)
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
_TAGS = re.compile(r"<[^>]*>")
_BLOCK_END = re.compile(r"</(p|li|h2|h3|h4|blockquote)>|<br\s*/?>", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def sanitize_html(text: str | None) -> str:
    """The editor's HTML with only the allowed tags, attributes and link schemes kept."""
    if not text:
        return ""
    cleaned = nh3.clean(
        _CONTROL.sub("", text),
        tags=set(ALLOWED_TAGS),
        attributes={k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
        clean_content_tags={"script", "style", "iframe", "noscript", "template", "object", "svg", "math"},
    )
    return cleaned.strip()


def plain_line(text: str | None) -> str:
    """A one-line field (title, caption, names): control characters out, spaces collapsed.
    Templates escape it; this only keeps what reaches the page and the documents tidy."""
    return " ".join(_CONTROL.sub("", text or "").split())


def plain_text(cleaned_html: str | None) -> str:
    """The words of sanitised HTML, for search and for summaries (feeds, social cards)."""
    if not cleaned_html:
        return ""
    text = _BLOCK_END.sub("\n", cleaned_html)
    return html.unescape(_TAGS.sub("", text)).strip()


def text_to_html(text: str) -> str:
    """Plain text typed without markup becomes paragraphs (one per blank-line block)."""
    blocks = [b.strip() for b in re.split(r"\n\s*\n", text or "") if b.strip()]
    return "".join(f"<p>{html.escape(b).replace(chr(10), '<br>')}</p>" for b in blocks)


def looks_like_html(text: str) -> bool:
    return bool(re.search(r"<\s*(p|br|strong|em|b|i|ul|ol|li|h[2-4]|a|blockquote)\b", text or "", re.I))


def body_from_input(text: str | None) -> str:
    """What an editor typed — HTML from a rich editor or plain paragraphs — as safe HTML."""
    if not text:
        return ""
    source = text if looks_like_html(text) else text_to_html(text)
    return sanitize_html(source)
