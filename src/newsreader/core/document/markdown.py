"""Decide whether a body is HTML or Markdown, and render Markdown to HTML.

Jekyll archives of mirrored news keep HTML bodies in ``.md`` files (the seed
post is one), so the file extension says nothing: the body itself is sniffed.
Markdown is rendered to HTML by cmark-gfm, GitHub's C parser (tables,
strikethrough, autolinks; raw HTML kept: its "unsafe" option, and no tag
filter, so a ``<style>`` stays hidden rather than turning into text), so both
kinds of body then go through the one HTML path
(:mod:`newsreader.core.document.html`). It renders a 5 MB body in ~0.1 s,
where markdown-it-py took 2.7 s. Tables are first cut in the source to the
limits of :mod:`newsreader.core.document.table`
(:mod:`newsreader.core.document.markdown_table`): what a huge table costs is
cmark's rows and the HTML they make, not what is finally shown.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from cmarkgfm.cmark import Options, markdown_to_html_with_extensions  # type: ignore[import-untyped]

from newsreader.core.document.markdown_footnotes import plain_footnotes
from newsreader.core.document.markdown_kramdown import kramdown_source
from newsreader.core.document.markdown_table import bound_tables
from newsreader.core.document.table import Cut

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
# One element that only belongs in a page's <head> (or a comment), with the
# blank space before it: quoted attribute values may hold ">" (a template's
# ``href="<?=base_url();?>x.css"``).
_ATTRIBUTES = r"""(?:[^>"']|"[^"]*"|'[^']*')*"""
_HEAD_ONLY = re.compile(
    rf"\s*(?:<(style|script|title|noscript)\b{_ATTRIBUTES}>.*?</\1\s*>"
    rf"|<(?:link|meta|base)\b{_ATTRIBUTES}>|<!--.*?-->)",
    re.IGNORECASE | re.DOTALL,
)
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
    ``第一段<br>第二段<br>``). A saved page may open with what belongs in its
    ``<head>`` (``<link>``, ``<meta>``, ``<style>…</style>``, ``<script>``,
    ``<title>``, comments); those say nothing either way, so the judgement
    starts after them.

    Args:
        body: The post body, front matter and trailer removed.

    Returns:
        True to read the body as HTML, False to render it as Markdown first.
    """
    sample = _skip_head_only(body[:_SNIFF_CHARS])
    lines = [line.strip() for line in sample.splitlines()]
    lines = [line for line in lines if line]
    if not lines:
        return False
    markdown = sum(1 for line in lines if _MARKDOWN_LINE.match(line))
    tagged = sum(1 for line in lines if _TAG_START.match(line))
    if _BLOCK_START.match(lines[0]) and markdown <= tagged:
        return True
    return markdown == 0 and len(_BLOCK_TAG.findall(sample)) >= len(lines)


def _skip_head_only(sample: str) -> str:
    """Drop the leading run of head-only elements and comments from ``sample``.

    Each element is matched once from where the last one ended, so the cost is
    linear in what is skipped.
    """
    start = 0
    while match := _HEAD_ONLY.match(sample, start):
        start = match.end()
    return sample[start:]


# The GFM extensions a post may use; "tagfilter" is left out (it turns raw
# <script>/<style> into visible text) and so is "tasklist" (no checkboxes here).
_EXTENSIONS = ("table", "strikethrough", "autolink")
# What cmark-gfm's autolink extension needs to find a link: "www." (its www
# match, case-sensitive), "://" (its URL match, at a ":") or an "@" (its
# e-mail pass, which mailto: and xmpp: links need too).
_AUTOLINK_MARKS = ("www.", "://", "@")
_WITHOUT_AUTOLINK = tuple(name for name in _EXTENSIONS if name != "autolink")


@dataclass(frozen=True, slots=True)
class RenderedMarkdown:
    """A Markdown body as HTML, and what its tables lost on the way.

    Attributes:
        html: cmark's HTML, every element carrying its ``data-sourcepos``.
        cuts: For each table cut in the source, by the line cmark saw its
            header on (the line its ``data-sourcepos`` names), what it lost.
        shifts: How far cmark's lines are from the body's after each table
            that lost rows (see :class:`~newsreader.core.document.markdown_table.BoundTables`).
    """

    html: str
    cuts: Mapping[int, Cut]
    shifts: tuple[tuple[int, int], ...] = ()


def render_markdown(body: str) -> RenderedMarkdown:
    """Render a Markdown body to HTML, raw HTML passed through, tables cut to size.

    Args:
        body: The Markdown text.

    Returns:
        The HTML, with source positions, and what each cut table lost (the
        HTML walker adds it to what it cuts itself, and writes the note).
    """
    bound = bound_tables(body)
    html = _cmark(bound.text, Options.CMARK_OPT_SOURCEPOS)
    return RenderedMarkdown(html, bound.cuts, bound.shifts)


def markdown_to_html(body: str) -> str:
    """Render a Markdown body to plain HTML (no source positions), tables cut to size.

    Args:
        body: The Markdown text.

    Returns:
        The HTML cmark produces for it; the rows and columns cut are simply absent.
    """
    return _cmark(bound_tables(body).text, 0)


def _cmark(text: str, options: int) -> str:
    """cmark-gfm's HTML for ``text``, raw HTML and every link target kept.

    Links are not vetted here (cmark's safe mode would blank ``javascript:``
    targets): the HTML walker drops unusable targets and keeps the link text,
    as it does for HTML bodies. What Jekyll's kramdown reads its own way
    (bold tight against Chinese, attribute lists, Liquid's code tags) is
    written for cmark first (:mod:`newsreader.core.document.markdown_kramdown`),
    and footnotes are written as text reads them after
    (:mod:`newsreader.core.document.markdown_footnotes`).
    """
    source = kramdown_source(text)
    html: str = markdown_to_html_with_extensions(
        source,
        options=options | Options.CMARK_OPT_UNSAFE | Options.CMARK_OPT_FOOTNOTES,
        extensions=_extensions_for(source),
    )
    return plain_footnotes(html)


def _extensions_for(text: str) -> list[str]:
    """The extensions to render ``text`` with: autolink only where it can find a link.

    The extension makes cmark stop at every ``w`` and ``:`` of the text to
    try a link there, and walks every text node after the parse looking for
    an ``@``: a fifth of cmark's time on a 5 MB body of Chinese prose (94 ->
    73 ms, least of 15 interleaved runs), for no link at all in a body
    holding none of :data:`_AUTOLINK_MARKS`. Without one, the HTML is the
    same either way
    (only block elements carry a ``data-sourcepos``; text split at those
    characters, or merged after, renders the same).
    """
    if any(mark in text for mark in _AUTOLINK_MARKS):
        return list(_EXTENSIONS)
    return list(_WITHOUT_AUTOLINK)
