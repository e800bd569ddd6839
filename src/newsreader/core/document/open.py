"""Open a post: read its body, parse it, and attach its outline.

The one place that chains loader -> body -> outline, so the CLI export, the
UI and the search index all see the same document for the same post.
"""

from __future__ import annotations

import dataclasses

from newsreader.core.archive.loader import read_body
from newsreader.core.document.model import Document
from newsreader.core.document.parse import parse_body
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
    document = parse_body(body)
    outline = build_outline(document.blocks, title)
    return dataclasses.replace(document, outline=outline)


def open_document(archive: Archive, post: Post) -> tuple[Document, list[Problem]]:
    """Read and parse ``post``'s body.

    Args:
        archive: The archive the post belongs to.
        post: The post to open.

    Returns:
        The document and any problems met reading the file (a missing or
        unreadable file gives an empty document and a problem).
    """
    body, problems = read_body(archive, post)
    return document_from_text(body, post.title), problems
