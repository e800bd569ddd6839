"""Open a post: read its body, parse it, and attach its outline.

The one place that chains loader -> body -> outline, so the CLI export, the
UI and the search index all see the same document for the same post.
"""

from __future__ import annotations

import dataclasses

from newsreader.core.archive.loader import read_body
from newsreader.core.document.model import Document
from newsreader.core.document.parse import parse_body_noting
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
    """:func:`document_from_text`, and the notes of what parsing cut."""
    document, notes = parse_body_noting(body)
    outline = build_outline(document.blocks, title)
    return dataclasses.replace(document, outline=outline), notes


def open_document(archive: Archive, post: Post) -> tuple[Document, list[Problem]]:
    """Read and parse ``post``'s body.

    Args:
        archive: The archive the post belongs to.
        post: The post to open.

    Returns:
        The document and any problems met reading the file (a missing or
        unreadable file gives an empty document and a problem) or parsing it
        (a table cut to size: the document says so where it was cut).
    """
    body, problems = read_body(archive, post)
    document, notes = _document_noting(body, post.title)
    if notes:
        problems.append(Problem(post.path, _cut_reason(notes)))
    return document, problems


def _cut_reason(notes: list[str]) -> str:
    """One problem for all the tables a post had cut: a body of many tables must not flood."""
    if len(notes) == 1:
        return notes[0]
    return f"{len(notes):,} tables cut, the first: {notes[0]}"
