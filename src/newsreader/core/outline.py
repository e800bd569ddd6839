"""A document's outline, recovered from numbering, bold and heading tags.

Chinese plans and policies show their structure in numbered paragraphs
(``一、`` › ``（一）`` › ``1.`` › ``——``) far more often than in ``<h1>``-``<h6>``.
This module nests the headings found by
:mod:`newsreader.core.outline_candidates` by *order of appearance*, never by a
fixed table (OUTLINE.md rule 1):

* the first family seen is level 1; a family first seen under a heading
  becomes one level below it;
* a family already open on the current path closes the tree back to it;
* a family once seen *above* another keeps that place (so ``（二）`` after a
  skipped level still closes the ``1.`` list it once contained);
* the law ladder (编 › 章 › 节 › 条), decimal depth (``1`` › ``1.1`` ›
  ``1.1.1``) and ``<hN>`` levels carry their own order within their group;
* ``——`` items are leaves under the heading they follow;
* numbers of one family under one parent must not go backwards (a restart at
  1 is fine), which drops stray cross-references and quoted fragments.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from newsreader.core.document import Block, OutlineNode
from newsreader.core.outline_candidates import Candidate, find_candidates
from newsreader.core.outline_markers import RANKED, Family

#: A number jumping further than this past its previous sibling is not a sibling.
MAX_JUMP = 20
#: A family's very first number must be small: a document may start at
#: ``（一）`` or ``（三）`` (an excerpt), not at ``15、``.
MAX_FIRST = 3


@dataclass(eq=False)
class _Draft:
    """A node under construction (mutable until the outline is frozen)."""

    candidate: Candidate
    level: int
    children: list[_Draft] = field(default_factory=list)
    last_value: dict[Family, int] = field(default_factory=dict)

    @property
    def family(self) -> Family:
        return self.candidate.family

    @property
    def kind(self) -> Family | str:
        """The family, or for ranked families their group (law, decimal, explicit)."""
        ranked = RANKED.get(self.family)
        return self.family if ranked is None else ranked[0]

    def freeze(self) -> OutlineNode:
        c = self.candidate
        children = tuple(child.freeze() for child in self.children)
        return OutlineNode(self.level, c.marker, c.title, c.block, c.end, children)


class _Tree:
    """Places candidates one by one along the current path of open headings."""

    def __init__(self, top_heading: int) -> None:
        self.root = _Draft(Candidate(-1, Family.BOLD, "", "", 0), level=0)
        self.path: list[_Draft] = [self.root]
        self.seen: set[Family] = set()
        self.above: set[tuple[Family | str, Family | str]] = set()
        self.top_heading = top_heading

    def add(self, candidate: Candidate) -> None:
        """Attach ``candidate`` where rule 1 puts it, or drop it if out of sequence."""
        if candidate.family is Family.DASH:
            self._add_leaf(candidate)
            return
        keep = self._slot(candidate)
        parent = self.path[keep - 1]
        if not self._in_sequence(parent, candidate):
            return
        node = _Draft(candidate, self._level(parent, candidate))
        parent.children.append(node)
        if candidate.value is not None:
            parent.last_value[candidate.family] = candidate.value
        if parent is not self.root:
            self.above.add((parent.kind, node.kind))
        self.seen.add(candidate.family)
        del self.path[keep:]
        self.path.append(node)

    def _add_leaf(self, candidate: Candidate) -> None:
        """A ``——`` item: a leaf under the current heading (none: body text)."""
        parent = self.path[-1]
        if parent is not self.root:
            parent.children.append(_Draft(candidate, parent.level + 1))

    def _slot(self, candidate: Candidate) -> int:
        """How many entries of the path stay open (the new node's parent is the last)."""
        ranked = RANKED.get(candidate.family)
        if ranked is not None:
            keep = self._ranked_slot(*ranked)
            if keep is not None:
                return keep
        for depth, node in enumerate(self.path[1:], start=1):
            if node.family is candidate.family:
                return depth
        kind = candidate.family if ranked is None else ranked[0]
        for depth, node in enumerate(self.path[1:], start=1):
            if (kind, node.kind) in self.above:
                return depth
        return len(self.path)

    def _ranked_slot(self, group: str, rank: int) -> int | None:
        """For law, decimal and ``<hN>``: close back to the group's nearest higher rank."""
        shallowest = None
        for depth in range(len(self.path) - 1, 0, -1):
            ranked = RANKED.get(self.path[depth].family)
            if ranked is None or ranked[0] != group:
                continue
            if ranked[1] < rank:
                return depth + 1
            shallowest = depth
        return shallowest

    def _in_sequence(self, parent: _Draft, candidate: Candidate) -> bool:
        value = candidate.value
        if value is None:
            return True
        if candidate.family in (Family.DEC2, Family.DEC3, Family.DEC4):
            if not _extends(parent.candidate, candidate):
                return False
        previous = parent.last_value.get(candidate.family)
        if previous is None:
            return candidate.family in self.seen or value <= MAX_FIRST or _is_law(candidate)
        return value == 1 or previous <= value <= previous + MAX_JUMP or _is_law(candidate)

    def _level(self, parent: _Draft, candidate: Candidate) -> int:
        """One below the parent; ``<hN>`` keeps its own level when deeper."""
        if _group(candidate) == "explicit":
            return max(parent.level + 1, RANKED[candidate.family][1] - self.top_heading + 1)
        return parent.level + 1


def _extends(parent: Candidate, child: Candidate) -> bool:
    """``1.2.1`` under ``1.2``: a decimal's prefix must be its decimal parent's number."""
    if not parent.parts or len(parent.parts) != len(child.parts) - 1:
        return True
    return child.parts[:-1] == parent.parts


def _group(candidate: Candidate) -> str:
    """The ranked group of the candidate's family (``""`` for other families)."""
    ranked = RANKED.get(candidate.family)
    return "" if ranked is None else ranked[0]


def _is_law(candidate: Candidate) -> bool:
    return _group(candidate) == "law"


def build_outline(blocks: Sequence[Block], title: str = "") -> tuple[OutlineNode, ...]:
    """Recover the document's outline from its blocks.

    Args:
        blocks: The document's blocks, in order.
        title: The post's title, so the document repeating its own title in
            the body does not become a heading.

    Returns:
        The top-level nodes, each with its sub-headings.
    """
    candidates = find_candidates(blocks, title)
    explicit = [RANKED[c.family][1] for c in candidates if _group(c) == "explicit"]
    tree = _Tree(top_heading=min(explicit, default=1))
    for candidate in candidates:
        tree.add(candidate)
    return tuple(child.freeze() for child in tree.root.children)


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
