"""A document's outline, recovered from numbering, bold and heading tags.

Chinese plans and policies show their structure in numbered paragraphs
(``一、`` › ``（一）`` › ``1.`` › ``——``) far more often than in ``<h1>``-``<h6>``.
The outline is found in two steps: :mod:`newsreader.core.outline.candidates`
decides which blocks open a heading (marker, title, rule 3's false positives),
and :mod:`newsreader.core.outline.tree` nests them by order of appearance
(rule 1). This module is the public face: build an outline, walk it, and say
which section a block belongs to.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator, Sequence

from newsreader.core.document.model import Block, OutlineNode
from newsreader.core.outline.candidates import find_candidates
from newsreader.core.outline.tree import nest


def build_outline(blocks: Sequence[Block], title: str = "") -> tuple[OutlineNode, ...]:
    """Recover the document's outline from its blocks.

    Args:
        blocks: The document's blocks, in order.
        title: The post's title, so the document repeating its own title in
            the body does not become a heading.

    Returns:
        The top-level nodes, each with its sub-headings.
    """
    return nest(find_candidates(blocks, title))


def iter_nodes(outline: Sequence[OutlineNode]) -> Iterator[OutlineNode]:
    """Every node of ``outline``, depth-first, in document order.

    Args:
        outline: Top-level nodes.

    Yields:
        Each node before its children.
    """
    stack = list(reversed(outline))
    while stack:
        node = stack.pop()
        yield node
        stack.extend(reversed(node.children))


def section_path(outline: Sequence[OutlineNode], block: int) -> tuple[OutlineNode, ...]:
    """The chain of nodes, root first, whose sections contain ``block``.

    A node's section runs from its own block to the next node at the same or
    a higher level, so at each level the containing node is the last one
    starting at or before ``block``.

    Args:
        outline: Top-level nodes.
        block: A block index.

    Returns:
        The nodes from the top level down; empty before the first heading.
    """
    chain: list[OutlineNode] = []
    nodes: Sequence[OutlineNode] = outline
    while nodes:
        index = bisect_right(nodes, block, key=_block_of) - 1
        if index < 0:
            break
        chain.append(nodes[index])
        nodes = nodes[index].children
    return tuple(chain)


def _block_of(node: OutlineNode) -> int:
    return node.block
