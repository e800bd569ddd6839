"""The category pane: All posts, categories, By date, Tags and Bookmarks.

Draws a :class:`~newsreader.ui.model.catalog.Catalog` (computed off the widget) as a
``Tree`` whose node data are :class:`~newsreader.ui.model.catalog.Group` values, and
posts :class:`CategoryTree.Selected` when the user picks one.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from newsreader.ui.model.catalog import ALL, BOOKMARKS, Catalog, Group, GroupNode
from newsreader.ui.widgets.steady_tree import SteadyTree


def _label(name: str, count: int, unread: int | None = None) -> Text:
    """A node label: the name as literal text, then dim ``unread/total`` (or the count)."""
    label = Text(name, no_wrap=True, end="")
    label.append(f" {count}" if unread is None else f" {unread}/{count}", style="dim")
    if unread:
        label.stylize("bold", 0, len(name))
    return label


class CategoryTree(SteadyTree[Group | None]):
    """Groups of posts to choose from; Enter or a click lists a group."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False, tooltip="Next group"),
        Binding("k", "cursor_up", "Up", show=False, tooltip="Previous group"),
    ]
    """Vi aliases on top of Tree's arrows, Enter and space."""

    @dataclass
    class Selected(Message):
        """The user picked a group of posts."""

        tree: CategoryTree
        group: Group

        @property
        def control(self) -> CategoryTree:
            """The tree the group was picked in."""
            return self.tree

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        """Start with an empty root; :meth:`show_catalog` fills it."""
        super().__init__("Archive", None, id=id, classes=classes)
        self.show_root = False
        self.guide_depth = 2
        self._bookmarks: TreeNode[Group | None] | None = None
        self._group_nodes: dict[Group, tuple[TreeNode[Group | None], str, int]] = {}
        self._unread: Mapping[Group, int] = {}

    def show_catalog(
        self, catalog: Catalog, bookmark_count: int, unread: Mapping[Group, int] | None = None
    ) -> None:
        """Rebuild the tree from ``catalog``.

        Args:
            catalog: The archive's groups.
            bookmark_count: How many posts are bookmarked.
            unread: Unread posts per group (kept, not copied: call
                :meth:`refresh_unread` after it changes).
        """
        self.clear()
        self._group_nodes = {}
        self._unread = unread if unread is not None else {}
        everything = self.root.add_leaf(self._node_label(ALL, "All posts", catalog.total), ALL)
        self._group_nodes[ALL] = (everything, "All posts", catalog.total)
        categories = self.root.add(Text("Categories"), None, expand=True)
        self._add_nodes(categories, catalog.categories)
        dates = self.root.add(Text("By date"), None)
        self._add_nodes(dates, catalog.dates)
        tags = self.root.add(Text("Tags"), None)
        self._add_nodes(tags, catalog.tags)
        self._bookmarks = self.root.add_leaf(_label("Bookmarks", bookmark_count), BOOKMARKS)
        self.cursor_line = 0

    def _add_nodes(self, parent: TreeNode[Group | None], nodes: Iterable[GroupNode]) -> None:
        """Add ``nodes`` (and their children) under ``parent``."""
        for node in nodes:
            label = self._node_label(node.group, node.label, node.count)
            if node.children:
                branch = parent.add(label, node.group)
                self._add_nodes(branch, node.children)
            else:
                branch = parent.add_leaf(label, node.group)
            self._group_nodes[node.group] = (branch, node.label, node.count)

    def _node_label(self, group: Group, name: str, count: int) -> Text:
        return _label(name, count, self._unread.get(group, 0))

    @property
    def groups(self) -> Collection[Group]:
        """Every group the tree shows (bookmarks aside)."""
        return self._group_nodes.keys()

    def refresh_unread(self, groups: Iterable[Group] | None = None) -> None:
        """Redraw the counts of ``groups`` (every group when None) after marks changed."""
        chosen = self._group_nodes if groups is None else groups
        for group in chosen:
            if (entry := self._group_nodes.get(group)) is not None:
                node, name, count = entry
                node.set_label(self._node_label(group, name, count))

    def select_group(self, group: Group) -> None:
        """Put the cursor on ``group``'s node, opening its branch (a restored view)."""
        if (entry := self._group_nodes.get(group)) is None:
            return
        node = entry[0]
        ancestor = node.parent
        while ancestor is not None:
            ancestor.expand()
            ancestor = ancestor.parent
        self.call_after_refresh(self.move_cursor, node)

    def set_bookmark_count(self, count: int) -> None:
        """Update the Bookmarks label after a bookmark was added or removed."""
        if self._bookmarks is not None:
            self._bookmarks.set_label(_label("Bookmarks", count))

    def on_tree_node_selected(self, event: Tree.NodeSelected[Group | None]) -> None:
        """Turn a picked node into a ``Selected`` message (branch headers excepted)."""
        event.stop()
        if event.node.data is not None:
            self.post_message(self.Selected(self, event.node.data))
