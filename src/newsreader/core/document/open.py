"""Open a post: read its body, parse it, and attach its outline.

The one place that chains loader -> body -> outline, so the CLI export, the
UI and the search index all see the same document for the same post.
"""

from __future__ import annotations

import dataclasses

from newsreader.core.archive.loader import read_body_at
from newsreader.core.document.model import Block, Document
from newsreader.core.document.parse import parse_body_reporting
from newsreader.core.model import Archive, Post, Problem
from newsreader.core.outline.build import build_outline


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
    document, notes = parse_body_reporting(body)
    outline = build_outline(document.blocks, title)
    return dataclasses.replace(document, outline=outline), notes


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
