"""Parse a post body (HTML or Markdown) into a :class:`Document`.

The one entry point is :func:`parse_body`. The work is split by concern:

- :mod:`newsreader.core.document.trailer` splits a mirrored post's source URL and
  返回 navigation links off the end of the raw body;
- :mod:`newsreader.core.document.markdown` sniffs HTML vs Markdown (by content,
  not file extension) and renders Markdown to HTML;
- :mod:`newsreader.core.document.html` walks the HTML into blocks and links.

Both of the last two cut oversized tables (:mod:`newsreader.core.document.table`);
:func:`parse_body_noting` also returns what they cut, to report as problems.

The outline is left empty: :func:`newsreader.core.outline.build.build_outline`
builds it from the blocks (see :mod:`newsreader.core.document.open`).
"""

from __future__ import annotations

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
        A document with ``blocks``, ``links`` (body links first, then the
        trailer's 返回 links) and ``source`` filled, ``outline`` empty.
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
    text, trailer = split_trailer(clean(body))
    if looks_like_html(text):
        blocks, links, notes = html_to_blocks(text)
    else:
        markdown = render_markdown(text)
        blocks, links, notes = html_to_blocks(markdown.html, markdown.cuts)
    for link_text, url in trailer.links:
        links.number(url, link_text)
    document = Document(blocks=tuple(blocks), links=links.links(), source=trailer.source)
    return document, notes
