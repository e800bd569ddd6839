"""Which outline headings are open: read off the pane to save, and opened again on restore.

Kept outside the outline pane's own module, which builds the tree: these two
functions only walk the nodes the pane has made and ask each one.
"""

from __future__ import annotations

from collections.abc import Iterator

from textual.widgets.tree import TreeNode

from newsreader.core.document.model import OutlineNode
from newsreader.ui.widgets.outline_pane import OutlinePane


def _walk(node: TreeNode[OutlineNode | None]) -> Iterator[TreeNode[OutlineNode | None]]:
    for child in node.children:
        yield child
        yield from _walk(child)


def expanded_blocks(pane: OutlinePane) -> tuple[int, ...]:
    """The blocks of the headings whose branch is open, top to bottom."""
    return tuple(
        node.data.block
        for node in _walk(pane.root)
        if node.data is not None and node.allow_expand and node.is_expanded
    )


def expand_blocks(pane: OutlinePane, blocks: tuple[int, ...]) -> None:
    """Open the headings at ``blocks`` (and their parents), as they were left."""
    wanted = set(blocks)
    for node in list(_walk(pane.root)):
        if node.data is not None and node.data.block in wanted:
            ancestor: TreeNode[OutlineNode | None] | None = node
            while ancestor is not None:
                ancestor.expand()
                ancestor = ancestor.parent
