"""Nest headings by order of appearance (docs/OUTLINE.md rule 1).

The rules, in the order they are tried for each heading:

* ``——`` items are leaves under the heading they follow (before any heading
  they are body text);
* end matter (``注``, ``附件``… after the last top-level section) closes every
  open heading and sits at level 1;
* the law ladder (编 › 章 › 节 › 条), decimal depth (``1`` › ``1.1`` ›
  ``1.1.1``) and ``<hN>`` levels carry their own order within their group:
  the heading closes back to the nearest open heading of its group ranked
  above it;
* a family already open on the current path closes the tree back to it;
* a family once seen *above* another keeps that place (so ``（二）`` after a
  section that skipped a level still closes the ``1.`` list below it);
* a family seen before that reappears off the path does not open under
  headings of families the GB/T ladder ranks below it (``一、`` under a
  ``3、``), unless it was once seen under such a family;
* otherwise the heading opens one level below the current one, so the first
  family seen is level 1 and a family first seen under a heading is one
  level below it;
* numbers of one family under one parent must not go backwards (a restart
  at 1 is fine): stray cross-references and quoted fragments drop out.

The tree is built in flat lists of plain numbers and frozen bottom-up, so an
outline of tens of thousands of headings costs no more than the nodes
themselves.
"""

from __future__ import annotations

from collections.abc import Sequence

from newsreader.core.document.model import OutlineNode, new_node
from newsreader.core.outline.candidates import Candidate
from newsreader.core.outline.markers import LADDER, RANKED, Family

#: A number jumping further than this past its previous sibling is not a sibling.
MAX_JUMP = 20
#: A family's very first number must be small: a document may start at
#: ``（一）`` or ``（三）`` (an excerpt), not at ``15、``.
MAX_FIRST = 3

#: Generic families stand for themselves; ranked ones for their group.
_KIND = {f: RANKED[f][0] if f in RANKED else f.value for f in Family}
_CODE = {f: i for i, f in enumerate(Family)}
_DECIMALS = frozenset({Family.DEC2, Family.DEC3, Family.DEC4})
_ROOT = -1
# Enum members are slow to look up by attribute (60 ns against 6 for a global, timeit):
# add() and _slot() test these once per heading.
_DASH, _END = Family.DASH, Family.END


def nest(candidates: Sequence[Candidate]) -> tuple[OutlineNode, ...]:
    """Nest ``candidates`` (in document order) into an outline.

    Args:
        candidates: The headings found in the document.

    Returns:
        The top-level nodes.
    """
    explicit = [RANKED[c.family][1] for c in candidates if _KIND[c.family] == "explicit"]
    nester = _Nester(top_heading=min(explicit, default=1))
    for candidate in candidates:
        nester.add(candidate)
    return nester.freeze()


class _Nester:
    """Places headings one by one along the path of open headings."""

    def __init__(self, top_heading: int) -> None:
        self.top_heading = top_heading
        self.nodes: list[Candidate] = []
        self.levels: list[int] = []
        self.path: list[int] = []  # indices into ``nodes``, shallowest first
        self.path_families: list[Family] = []  # the family of each, kept alongside
        self.last_value: dict[int, int] = {}  # parent * len(Family) + family code
        self.seen: set[Family] = set()
        self.above: set[tuple[str, str]] = set()

    def add(self, candidate: Candidate) -> None:
        """Attach ``candidate`` where rule 1 puts it, or drop it if out of sequence."""
        if candidate.family is _DASH:
            if self.path:  # before any heading a dash line is body text
                self._accept(candidate, self.path[-1])
            return
        keep = self._slot(candidate)
        parent = self.path[keep - 1] if keep else _ROOT
        if not self._in_sequence(parent, candidate):
            return
        index = self._accept(candidate, parent)
        if candidate.value is not None:
            self.last_value[self._sibling_key(parent, candidate)] = candidate.value
        if parent != _ROOT:
            self.above.add((_KIND[self.nodes[parent].family], _KIND[candidate.family]))
        self.seen.add(candidate.family)
        del self.path[keep:], self.path_families[keep:]
        self.path.append(index)
        self.path_families.append(candidate.family)

    def _accept(self, candidate: Candidate, parent: int) -> int:
        parent_level = 0 if parent == _ROOT else self.levels[parent]
        level = parent_level + 1
        if _KIND[candidate.family] == "explicit":  # <hN> keeps its own level when deeper
            level = max(level, RANKED[candidate.family][1] - self.top_heading + 1)
        self.nodes.append(candidate)
        self.levels.append(level)
        return len(self.nodes) - 1

    def _slot(self, candidate: Candidate) -> int:
        """How many entries of the path stay open (the last is the new node's parent)."""
        if candidate.family is _END:
            return 0
        ranked = RANKED.get(candidate.family)
        if ranked is not None:
            keep = self._ranked_slot(*ranked)
            if keep is not None:
                return keep
        families = self.path_families
        if candidate.family in families:
            return families.index(candidate.family)
        kind = _KIND[candidate.family]
        for depth, family in enumerate(families):
            if (kind, _KIND[family]) in self.above:
                return depth
        if candidate.family in self.seen:
            return self._above_juniors(candidate.family)
        return len(self.path)

    def _above_juniors(self, family: Family) -> int:
        """Close back past the open headings the ladder ranks below ``family`` (a family seen
        before, off the path): ``一、`` does not open under ``3、`` unless seen under a ``1.``.
        """
        keep = len(self.path)
        rank = LADDER.get(family)
        while keep and rank is not None:
            open_family = self.path_families[keep - 1]
            below = LADDER.get(open_family, -1) > rank
            if not below or (_KIND[open_family], _KIND[family]) in self.above:
                break
            keep -= 1
        return keep

    def _ranked_slot(self, group: str, rank: int) -> int | None:
        """Close back to the nearest open heading of the group ranked above ``rank``."""
        shallowest = None
        for depth in range(len(self.path) - 1, -1, -1):
            ranked = RANKED.get(self.path_families[depth])
            if ranked is None or ranked[0] != group:
                continue
            if ranked[1] < rank:
                return depth + 1
            shallowest = depth
        return shallowest

    def _in_sequence(self, parent: int, candidate: Candidate) -> bool:
        """Whether the number follows its previous sibling's (or may start a list)."""
        value = candidate.value
        if value is None or _KIND[candidate.family] == "law":  # laws are often excerpted
            return True
        if candidate.family in _DECIMALS and parent != _ROOT:
            if not _extends(self.nodes[parent], candidate):
                return False
        previous = self.last_value.get(self._sibling_key(parent, candidate))
        if previous is None:
            return candidate.family in self.seen or value <= MAX_FIRST
        return value == 1 or previous <= value <= previous + MAX_JUMP

    @staticmethod
    def _sibling_key(parent: int, candidate: Candidate) -> int:
        return (parent + 1) * len(_CODE) + _CODE[candidate.family]

    def freeze(self) -> tuple[OutlineNode, ...]:
        """Build the immutable nodes bottom-up (children before their parent).

        An ``<hN>`` keeps its own level when deeper than its place (``<h4>``
        after ``<h3>1.4 分级</h3>``, which ranks as a decimal, not as an h3),
        so its place is made to follow its level first (:func:`_by_levels`):
        under the nearest heading before it of a smaller level. Every level
        is then its depth in the tree, so a tree and its levels never
        disagree: an outline starts at level 1 and never skips one
        (``## 科目一`` before ``# 科目三``: siblings).
        """
        parents, levels = _by_levels(self.levels)
        children: dict[int, list[OutlineNode]] = {}
        for index in range(len(self.nodes) - 1, -1, -1):
            c = self.nodes[index]
            kids = children.pop(index, None)
            below = tuple(reversed(kids)) if kids else ()
            node = new_node(levels[index], c.marker, c.title, c.block, c.end, below)
            children.setdefault(parents[index], []).append(node)
        return tuple(reversed(children.get(_ROOT, ())))


def _by_levels(levels: Sequence[int]) -> tuple[list[int], list[int]]:
    """Each node's parent (the nearest node before it of a smaller level) and its depth.

    For a node the nester placed one level below its parent, that parent is
    this one (the nodes between are its parent's descendants, deeper than
    it); only an ``<hN>`` kept deeper than its place moves.
    """
    parents: list[int] = []
    depths: list[int] = []
    open_path: list[int] = []  # indices of the nodes still open, shallowest first
    for index, level in enumerate(levels):
        while open_path and levels[open_path[-1]] >= level:
            open_path.pop()
        parent = open_path[-1] if open_path else _ROOT
        parents.append(parent)
        depths.append(depths[parent] + 1 if parent != _ROOT else 1)
        open_path.append(index)
    return parents, depths


def _extends(parent: Candidate, child: Candidate) -> bool:
    """``1.2.1`` under ``1.2``: a decimal's prefix must be its decimal parent's number."""
    if not parent.parts or len(parent.parts) != len(child.parts) - 1:
        return True
    return child.parts[:-1] == parent.parts
