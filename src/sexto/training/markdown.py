"""Trainers' Markdown, rendered then sanitised (nh3): no raw HTML, no scripts, no images."""

from __future__ import annotations

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

# Raw HTML off at the parser, and nh3 after it, so an author can never inject markup or script.
_PARSER = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")
_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "strong", "em", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}


def markdown_render(text: str) -> SafeString:
    """Markdown to sanitised HTML. Images are dropped: Sexto never shows one."""
    html = _PARSER.render(text or "")
    clean = nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes={"https", "http", "mailto"},
        link_rel="noopener noreferrer",
    )
    # sanitised by nh3 with a closed list of tags (bandit B308,B703)
    return mark_safe(clean)  # nosec B308, B703
