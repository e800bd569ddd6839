"""Keep a tree's place (open branches, cursor, scroll) across a rebuild.

The category tree is rebuilt from a new catalog when the archive changes on
disk; counts in the labels change, the groups do not. Nodes are known by
their :class:`~newsreader.ui.model.catalog.Group` (branch headers, which have
none, by their label), so the reader finds the tree as they left it.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass
from typing import Any

from textual.widgets import Tree
from textual.widgets.tree import TreeNode


def _key(node: TreeNode[Any]) -> Hashable:
    """What names a node across rebuilds: its data, else its label (a branch header)."""
    return node.data if node.data is not None else ("header", str(node.label))


def _walk(node: TreeNode[Any]) -> Iterator[TreeNode[Any]]:
    """``node``'s descendants, depth first."""
    for child in node.children:
        yield child
        yield from _walk(child)


@dataclass(frozen=True)
class TreePlace:
    """Which nodes were open, which had the cursor, and the scroll offset."""

    expanded: frozenset[Hashable]
    cursor: Hashable | None
    scroll_y: float

    @classmethod
    def of(cls, tree: Tree[Any]) -> TreePlace:
        """Remember ``tree``'s place."""
        expanded = frozenset(_key(node) for node in _walk(tree.root) if node.is_expanded)
        cursor = tree.cursor_node
        return cls(expanded, None if cursor is None else _key(cursor), tree.scroll_y)

    def restore(
        self, tree: Tree[Any], grow: Callable[[TreeNode[Any]], None] = lambda _node: None
    ) -> None:
        """Open the same branches in the rebuilt ``tree`` and put the cursor back.

        Only open branches are gone into: what lies inside a closed one is
        not shown, and a tree that adds children as branches open has none
        there to open.

        Args:
            tree: The rebuilt tree.
            grow: Adds an opened branch's children, for a tree that adds them
                only when a branch opens (the category tree): the branches
                and the cursor below are found at once, not after a message.
        """

        def open_below(node: TreeNode[Any]) -> None:
            for child in node.children:
                if child.allow_expand and _key(child) in self.expanded:
                    child.expand()
                    grow(child)
                    open_below(child)
                elif child.allow_expand:
                    child.collapse()

        open_below(tree.root)
        _ = tree.last_line  # lays the lines out, so each node knows its line
        target = next((node for node in _walk(tree.root) if _key(node) == self.cursor), None)
        if target is not None:
            tree.move_cursor(target)
        tree.scroll_to(y=self.scroll_y, animate=False, immediate=True)
