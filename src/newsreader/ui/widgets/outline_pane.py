"""The outline pane: the open post's headings as a tree that follows the reader.

Enter or a click asks the screen to scroll the article to a heading; as the
article scrolls, the screen calls :meth:`OutlinePane.follow` and the pane puts
its cursor on the current section with its ancestors expanded, the way
calibre's table of contents tracks the reading position.

A law or a long plan can have thousands of headings, and each ``Tree.add``
costs a layout invalidation, so the pane grows its tree in batches between
frames (:data:`BATCH` nodes at a time) instead of in one blocking loop; a
request that needs a node not built yet (follow, expand all) grows the tree
up to it first.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text, TextType
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import NodeID, TreeNode

from newsreader.core.document.model import OutlineNode
from newsreader.core.outline.build import section_path
from newsreader.core.text.safe import clean_line
from newsreader.ui.widgets.steady_tree import SteadyTree

BATCH = 200
"""Tree nodes added per frame: about 20 ms of work, so the event loop stays live."""


def node_label(node: OutlineNode) -> Text:
    """A heading as literal text: its marker as written, then its title."""
    marker = clean_line(node.marker)
    title = clean_line(node.title)
    return Text(f"{marker} {title}" if marker else title, no_wrap=True, end="")


class OutlinePane(SteadyTree[OutlineNode | None]):
    """The outline of the open post."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False, tooltip="Next heading"),
        Binding("k", "cursor_up", "Up", show=False, tooltip="Previous heading"),
        Binding("plus,equals_sign", "expand_all", "Expand all", tooltip="Expand every heading"),
        Binding("minus", "collapse_all", "Collapse all", tooltip="Collapse every heading"),
    ]
    """Vi aliases, and expand/collapse the whole outline."""

    @dataclass
    class HeadingSelected(Message):
        """The user chose a heading: the article should scroll to its block."""

        pane: OutlinePane
        node: OutlineNode

        @property
        def control(self) -> OutlinePane:
            """The pane the heading was chosen in."""
            return self.pane

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        """Start empty; :meth:`show_outline` fills the pane."""
        self._widths: dict[NodeID, int] = {}  # before Tree's own setup measures the root
        super().__init__("Outline", None, id=id, classes=classes)
        self.show_root = False
        self.auto_expand = False  # Enter jumps; space or a click on the arrow folds
        self.guide_depth = 2
        self.outline: tuple[OutlineNode, ...] = ()
        self._by_block: dict[int, TreeNode[OutlineNode | None]] = {}
        self._growth: Iterator[None] = iter(())
        self._complete = True

    def show_outline(self, outline: tuple[OutlineNode, ...]) -> None:
        """Replace the tree with ``outline``, top level expanded.

        The first batch is built at once (a typical outline is complete after
        it); the rest follows one batch per frame.

        Args:
            outline: The open document's top-level outline nodes.
        """
        self.clear()
        self.outline = outline
        self._by_block = {}
        self._widths = {}
        self._complete = False
        self._growth = self._grow_all(outline)
        self._grow_batch(self._growth)
        self.root.expand()
        self.border_subtitle = "" if outline else "no headings"

    @property
    def complete(self) -> bool:
        """Whether every heading of the outline is in the tree (big outlines grow over frames)."""
        return self._complete

    def _grow_all(self, outline: Iterable[OutlineNode]) -> Iterator[None]:
        """Add the whole outline, one node per step, and say so when it is done."""
        yield from self._grow(self.root, outline)
        self._complete = True

    def _grow(
        self, parent: TreeNode[OutlineNode | None], nodes: Iterable[OutlineNode]
    ) -> Iterator[None]:
        """Add ``nodes`` under ``parent`` in document order, one node per step."""
        for node in nodes:
            if node.children:
                branch = parent.add(node_label(node), node)
            else:
                branch = parent.add_leaf(node_label(node), node)
            self._by_block[node.block] = branch
            yield
            yield from self._grow(branch, node.children)

    def _grow_batch(self, growth: Iterator[None]) -> None:
        """Build the next batch of ``growth`` unless a newer outline replaced it."""
        if growth is not self._growth:
            return
        steps = sum(1 for _ in islice(growth, BATCH))
        if steps == BATCH:
            self.call_after_refresh(self._grow_batch, growth)

    def _grow_until(self, block: int | None) -> None:
        """Build the tree now up to the heading at ``block`` (``None``: all of it)."""
        if block in self._by_block:
            return
        for _ in self._growth:
            if block in self._by_block:
                return

    def process_label(self, label: TextType) -> Text:
        """Keep a ready label as it is: :func:`node_label` makes one line of literal text.

        Tree's default parses strings as markup and splits every label into
        lines, a copy per heading that a long outline pays thousands of times.
        """
        return label if isinstance(label, Text) else Text(label, no_wrap=True, end="")

    def get_label_width(self, node: TreeNode[OutlineNode | None]) -> int:
        """A label's width, measured once: Tree measures every line on each rebuild."""
        width = self._widths.get(node.id)
        if width is None:
            icon = cell_len(self.ICON_NODE) if node.allow_expand else 0
            label = node.label
            width = (label.cell_len if isinstance(label, Text) else cell_len(label)) + icon
            self._widths[node.id] = width
        return width

    def follow(self, block: int) -> OutlineNode | None:
        """Highlight the section that ``block`` belongs to.

        Args:
            block: The block at the top of the article view.

        Returns:
            The innermost heading containing the block, if any.
        """
        path = section_path(self.outline, block) if block >= 0 else ()
        if not path:
            self.move_cursor(None)
            return None
        self._grow_until(path[-1].block)
        tree_node = self._by_block[path[-1].block]
        ancestor = tree_node.parent
        while ancestor is not None:
            ancestor.expand()
            ancestor = ancestor.parent
        # Expanding rebuilds the tree's lines on the next refresh; move after it.
        self.call_after_refresh(self.move_cursor, tree_node)
        return path[-1]

    def on_tree_node_selected(self, event: Tree.NodeSelected[OutlineNode | None]) -> None:
        """Turn a chosen heading into a ``HeadingSelected`` message."""
        event.stop()
        if event.node.data is not None:
            self.post_message(self.HeadingSelected(self, event.node.data))

    def action_expand_all(self) -> None:
        """Open every heading."""
        self._grow_until(None)
        self.root.expand_all()

    def action_collapse_all(self) -> None:
        """Fold everything but the top level."""
        for child in self.root.children:
            child.collapse_all()
