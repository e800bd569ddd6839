"""Parse a post body (HTML or Markdown) into a :class:`Document`.

The one entry point is :func:`parse_body`. The work is split by concern:

- :mod:`newsreader.core.document.trailer` splits a mirrored post's source URL and
  its own navigation links off the end of the raw body (the navigation is dropped);
- :mod:`newsreader.core.document.markdown` sniffs HTML vs Markdown (by content,
  not file extension) and renders Markdown to HTML;
- :mod:`newsreader.core.document.extract` keeps only the article of a whole
  saved web page (menus, header, footer dropped);
- :mod:`newsreader.core.document.html` walks the HTML into blocks and links.

The Markdown renderer and the HTML walker cut oversized tables
(:mod:`newsreader.core.document.table`);
:func:`parse_body_noting` also returns what they cut, and
:func:`parse_body_reporting` the problems to report (cuts, and a whole page
whose article could not be told from its navigation).

The outline is left empty: :func:`newsreader.core.outline.build.build_outline`
builds it from the blocks (see :mod:`newsreader.core.document.open`).
"""

from __future__ import annotations

from newsreader.core.document.extract import main_content
from newsreader.core.document.html import html_to_blocks
from newsreader.core.document.markdown import looks_like_html, render_markdown
from newsreader.core.document.model import Document
from newsreader.core.document.trailer import split_trailer
from newsreader.core.text.safe import clean


def parse_body(body: str) -> Document:
    """Parse a post body into blocks, numbered links and its source URL.

    Args:
        body: The post body, front matter removed; HTML or Markdown, whatever
            the file's extension.

    Returns:
        A document with ``blocks``, ``links`` (the body's own; a mirror's
        navigation is not among them) and ``source`` filled, ``outline`` empty.
    """
    return parse_body_noting(body)[0]


def parse_body_noting(body: str) -> tuple[Document, list[str]]:
    """Parse a post body as :func:`parse_body` does, and say what was cut.

    Args:
        body: The post body, front matter removed.

    Returns:
        The document, and one note per table cut to size (each also shown in
        the document, as a paragraph after the table).
    """
    document, cuts, _kept_whole = _parse(body)
    return document, cuts


def parse_body_reporting(body: str) -> tuple[Document, list[str]]:
    """Parse a post body as :func:`parse_body` does, with the problems to report.

    Args:
        body: The post body, front matter removed.

    Returns:
        The document, and the reasons of its problems: why a whole web page
        was shown whole, and one line for all the tables cut (a body of many
        tables must not flood the problem list).
    """
    document, cuts, kept_whole = _parse(body)
    reasons = [kept_whole] if kept_whole else []
    if cuts:
        reasons.append(
            cuts[0] if len(cuts) == 1 else f"{len(cuts):,} tables cut, the first: {cuts[0]}"
        )
    return document, reasons


def _parse(body: str) -> tuple[Document, list[str], str]:
    """The document, its table cut notes, and why a whole page was kept whole (or ``""``)."""
    text, trailer = split_trailer(clean(body))  # its navigation is dropped
    html, cuts, markdown_body = text, None, not looks_like_html(text)
    shifts: tuple[tuple[int, int], ...] = ()
    if markdown_body:
        markdown = render_markdown(text)  # tables already cut in the source
        html, cuts, shifts = markdown.html, markdown.cuts, markdown.shifts
    content = main_content(html)
    # The cuts are keyed by Markdown source lines: only the rendered HTML itself carries them.
    blocks, links, notes = html_to_blocks(
        content.html,
        None if content.extracted else cuts,
        sourcepos=markdown_body,
        shifts=shifts,
        # The cleaned text itself, or cmark's HTML of it: clean, unless a reference decodes.
        clean_text=not content.extracted and "&" not in text,
    )
    document = Document(blocks=tuple(blocks), links=links.links(), source=trailer.source)
    return document, notes, content.note
