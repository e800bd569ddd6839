"""Decide whether a body is HTML or Markdown, and render Markdown to HTML.

Jekyll archives of mirrored news keep HTML bodies in ``.md`` files (the seed
post is one), so the file extension says nothing: the body itself is sniffed.
Markdown is rendered to HTML with raw HTML enabled, so both kinds of body then
go through the one HTML path (:mod:`newsreader.core.document.html`) and raw HTML
inside Markdown survives. Tables are cut to the limits of
:mod:`newsreader.core.document.table` while they are parsed
(:mod:`newsreader.core.document.markdown_table`), since markdown-it's tokens,
not the HTML, are what a huge table costs.
"""

from __future__ import annotations

import re
from functools import cache

from markdown_it import MarkdownIt

from newsreader.core.document.markdown_table import ENV_KEY, bounded_table
from newsreader.core.document.table import CellBudget

# Sniffing looks at the start of the body only, so it costs O(1) on huge bodies.
_SNIFF_CHARS = 64 * 1024
_BLOCK_TAGS = (
    r"p|div|h[1-6]|ul|ol|li|table|tbody|tr|td|blockquote|pre|section|article|figure"
    r"|center|br|hr|img|html|body|main|header|footer"
)
# A line opening with a block-level tag (or a comment / doctype).
_BLOCK_START = re.compile(rf"<(?:(?:{_BLOCK_TAGS})[\s/>]|!--|!doctype)", re.IGNORECASE)
# Any block-level tag anywhere.
_BLOCK_TAG = re.compile(rf"</?(?:{_BLOCK_TAGS})[\s/>]", re.IGNORECASE)
# A line opening with any tag.
_TAG_START = re.compile(r"</?[a-zA-Z!]")
# A line whose start is Markdown block syntax (or a Markdown link).
_MARKDOWN_LINE = re.compile(
    r"(?:#{1,6}(?:\s|$)|[-*+]\s|\d{1,9}[.)]\s|>|```|~~~|\|.*\|$|!?\[[^\]]*\]\([^)]*\))"
)


def looks_like_html(body: str) -> bool:
    """Tell whether ``body`` is an HTML body rather than Markdown.

    HTML when the first non-blank line opens with a block-level tag and
    Markdown block syntax does not outnumber tagged lines, or when there is no
    Markdown syntax at all and block tags dominate (one-line bodies such as
    ``第一段<br>第二段<br>``).

    Args:
        body: The post body, front matter and trailer removed.

    Returns:
        True to read the body as HTML, False to render it as Markdown first.
    """
    sample = body[:_SNIFF_CHARS]
    lines = [line.strip() for line in sample.splitlines()]
    lines = [line for line in lines if line]
    if not lines:
        return False
    markdown = sum(1 for line in lines if _MARKDOWN_LINE.match(line))
    tagged = sum(1 for line in lines if _TAG_START.match(line))
    if _BLOCK_START.match(lines[0]) and markdown <= tagged:
        return True
    return markdown == 0 and len(_BLOCK_TAG.findall(sample)) >= len(lines)


class _Renderer(MarkdownIt):
    """CommonMark with raw HTML, GFM tables (cut to size), strikethrough; every link let through."""

    def __init__(self) -> None:
        super().__init__("commonmark", {"html": True})
        self.enable(["table", "strikethrough"])
        # The upstream rule's place and "alt" chains: a table still interrupts a paragraph.
        self.block.ruler.at("table", bounded_table, {"alt": ["paragraph", "reference"]})

    def validateLink(self, url: str) -> bool:
        """Accept every link target.

        markdown-it would print a ``javascript:`` link as literal Markdown
        source; the HTML walker drops such targets and keeps just the link
        text, as it does for HTML bodies.
        """
        return True


@cache
def _markdown() -> _Renderer:
    """The shared renderer (building one compiles its rule chains)."""
    return _Renderer()


def render_markdown(body: str) -> tuple[str, list[str]]:
    """Render a Markdown body to HTML, raw HTML passed through, tables cut to size.

    Args:
        body: The Markdown text.

    Returns:
        The HTML markdown-it produces for it, and a note for each table that
        was cut (the HTML shows it too, as a paragraph after the table).
    """
    env = {ENV_KEY: CellBudget()}
    html: str = _markdown().render(body, env)
    return html, env[ENV_KEY].notes


def markdown_to_html(body: str) -> str:
    """Render a Markdown body to HTML, as :func:`render_markdown` does, notes dropped.

    Args:
        body: The Markdown text.

    Returns:
        The HTML markdown-it produces for it.
    """
    return render_markdown(body)[0]
