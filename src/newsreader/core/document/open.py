"""Open a post: read its body, parse it, and attach its outline.

The one place that chains loader -> body -> outline, so the CLI export, the
UI and the search index all see the same document for the same post.
"""

from __future__ import annotations

import dataclasses
import gc
from collections.abc import Iterator
from contextlib import contextmanager

from newsreader.core.archive.loader import read_body_at
from newsreader.core.document.model import Block, Document
from newsreader.core.document.parse import parse_body_reporting
from newsreader.core.model import Archive, Post, Problem
from newsreader.core.outline.build import build_outline

#: A body this long (in characters) is parsed with the cyclic collector paused.
PAUSE_COLLECTOR_FROM = 256 * 1024


def document_from_text(body: str, title: str = "") -> Document:
    """Parse body text into a document with its outline.

    Args:
        body: The post body (HTML or Markdown), front matter already removed.
        title: The post's title, so a repeated title is not taken for a heading.

    Returns:
        The parsed document, outline included.
    """
    return _document_noting(body, title)[0]


def _document_noting(body: str, title: str) -> tuple[Document, list[str]]:
    """:func:`document_from_text`, and the problems parsing met."""
    with _collector_paused(len(body) >= PAUSE_COLLECTOR_FROM):
        document, notes = parse_body_reporting(body)
        outline = build_outline(document.blocks, title)
    return dataclasses.replace(document, outline=outline), notes


@contextmanager
def _collector_paused(pause: bool) -> Iterator[None]:
    """Keep the cyclic collector from walking a big document while it is built.

    A 5 MB post makes some 250,000 objects, blocks and headings, none of them
    garbage until the document is dropped; every collection the allocations
    set off walked those already made again (a full one at 5 MB, none at
    1 MB: a tenth of the open's time, and what made it grow faster than the
    body). Reference counting still frees what the build drops. The collector
    is left as it was: off if someone (the archive watcher) had turned it off.
    """
    if not pause or not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def open_document(archive: Archive, post: Post) -> tuple[Document, list[Problem]]:
    """Read and parse ``post``'s body.

    Args:
        archive: The archive the post belongs to.
        post: The post to open.

    Returns:
        The document, each Markdown block's ``line`` a line of the post file
        (front matter counted), and any problems met reading the file (a missing or
        unreadable file gives an empty document and a problem) or parsing it
        (a table cut to size: the document says so where it was cut; a whole
        web page shown whole, navigation included).
    """
    body, body_line, problems = read_body_at(archive, post)
    document, reasons = _document_noting(body, post.title)
    problems.extend(Problem(post.path, reason) for reason in reasons)
    if body_line > 1:
        blocks = tuple(_moved(block, body_line - 1) for block in document.blocks)
        document = dataclasses.replace(document, blocks=blocks)
    return document, problems


def _moved(block: Block, lines: int) -> Block:
    """``block`` with its body line made a line of the file, ``lines`` below."""
    return block if block.line is None else dataclasses.replace(block, line=block.line + lines)
