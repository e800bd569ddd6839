"""One section of a document, as a document of its own (the reader's "export this section").

A section runs from its heading's block to the next heading at its level or
above (docs/OUTLINE.md's nesting), so exporting ``（二）`` of ``一、`` takes
its ``1.``/``2.`` items along and stops before ``（三）``. The slice keeps the
heading's sub-outline (block indices re-based) and the links its text cites.
"""

from __future__ import annotations

import re
from dataclasses import replace

from newsreader.core.document.model import Document, OutlineNode
from newsreader.core.outline.build import iter_nodes

_REFERENCE = re.compile(r"\[(\d+)\]")


LIST_MARKER = "——"
"""A dash item is the outline's lowest level, a list entry (docs/OUTLINE.md), not a section."""


def section_at(document: Document, block: int) -> OutlineNode | None:
    """The innermost heading whose section holds ``block`` (None before the first heading).

    Dash items are passed over: the section around one is its numbered heading.
    """
    found: OutlineNode | None = None
    for node in iter_nodes(document.outline):
        if node.block > block:
            break
        if node.marker != LIST_MARKER and block < section_end(document, node):
            found = node
    return found


def section_end(document: Document, node: OutlineNode) -> int:
    """The block after ``node``'s section: the next heading at its level or above, else the end."""
    later = (
        other.block
        for other in iter_nodes(document.outline)
        if other.block > node.block and other.level <= node.level
    )
    return next(later, len(document.blocks))


def _rebased(node: OutlineNode, start: int) -> OutlineNode:
    """``node`` and its children with block indices counted from ``start``."""
    children = tuple(_rebased(child, start) for child in node.children)
    return replace(node, block=node.block - start, children=children)


def section_document(document: Document, node: OutlineNode) -> Document:
    """The part of ``document`` under heading ``node``, as a document.

    Args:
        document: The whole post.
        node: One of its outline nodes.

    Returns:
        The section's blocks, its heading (with sub-headings) as the
        outline, the links its text refers to, and the post's source.
    """
    start, end = node.block, section_end(document, node)
    blocks = document.blocks[start:end]
    cited = {int(n) for block in blocks for n in _REFERENCE.findall(block.text)}
    links = tuple(link for link in document.links if link.number in cited)
    return Document(blocks, links, document.source, (_rebased(node, start),))
