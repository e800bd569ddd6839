"""The category pane: All posts, categories, By date, Tags and Bookmarks.

Draws a :class:`~newsreader.ui.model.catalog.Catalog` (computed off the widget) as a
``Tree`` whose node data are :class:`~newsreader.ui.model.catalog.Group` values, and
posts :class:`CategoryTree.Selected` when the user picks one.

A branch's children are added when it is first opened, not with the tree:
ten years of days are ~3,650 nodes, and adding them (each ``Tree.add``
relays the tree out) was the first screen's largest cost after the imports,
for nodes nobody sees until "By date" and a month are opened.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
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
        Binding("g,home", "cursor_first", "First", show=False, tooltip="To All posts, at the top"),
        Binding("G,end", "cursor_last", "Last", show=False, tooltip="To the last group"),
    ]
    """Vi aliases on top of Tree's arrows, Enter and space; g and G as in the other panes."""

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
        self._pending: dict[int, Sequence[GroupNode]] = {}
        """Children of branches not opened yet, by the branch's node id."""
        self._parents: dict[Group, Group | TreeNode[Group | None]] = {}
        """Each group's parent group (a top group's: its section's node), built or not."""

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
        self._group_nodes, self._pending, self._parents = {}, {}, {}
        self._unread = unread if unread is not None else {}
        everything = self.root.add_leaf(self._node_label(ALL, "All posts", catalog.total), ALL)
        self._group_nodes[ALL] = (everything, "All posts", catalog.total)
        self._parents[ALL] = self.root
        for name, nodes, expand in (
            ("Categories", catalog.categories, True),
            ("By date", catalog.dates, False),
            ("Tags", catalog.tags, False),
        ):
            section = self.root.add(Text(name), None, expand=expand)
            self._note_parents(section, nodes)
            self._pending[section.id] = nodes
            if expand:
                self.grow(section)
        self._bookmarks = self.root.add_leaf(_label("Bookmarks", bookmark_count), BOOKMARKS)
        self.cursor_line = 0

    def _note_parents(
        self, parent: Group | TreeNode[Group | None], nodes: Iterable[GroupNode]
    ) -> None:
        """Remember the parent of ``nodes`` and of their descendants (a dictionary each)."""
        for node in nodes:
            self._parents[node.group] = parent
            self._note_parents(node.group, node.children)

    def _add_nodes(self, parent: TreeNode[Group | None], nodes: Iterable[GroupNode]) -> None:
        """Add ``nodes`` under ``parent``; their own children wait until they are opened."""
        for node in nodes:
            label = self._node_label(node.group, node.label, node.count)
            if node.children:
                branch = parent.add(label, node.group)
                self._pending[branch.id] = node.children
            else:
                branch = parent.add_leaf(label, node.group)
            self._group_nodes[node.group] = (branch, node.label, node.count)

    def grow(self, branch: TreeNode[Group | None]) -> None:
        """Add ``branch``'s children if they are not yet in the tree (it is being opened)."""
        if (children := self._pending.pop(branch.id, None)) is not None:
            self._add_nodes(branch, children)

    def on_tree_node_expanded(self, event: Tree.NodeExpanded[Group | None]) -> None:
        """A branch opened: its children join the tree now."""
        self.grow(event.node)

    def _node_of(self, group: Group) -> TreeNode[Group | None] | None:
        """``group``'s node, its ancestors' children added first if need be."""
        if (entry := self._group_nodes.get(group)) is not None:
            return entry[0]
        parent = self._parents.get(group)
        branch = self._node_of(parent) if isinstance(parent, Group) else parent
        if branch is None:
            return None
        self.grow(branch)
        entry = self._group_nodes.get(group)
        return None if entry is None else entry[0]

    def _node_label(self, group: Group, name: str, count: int) -> Text:
        return _label(name, count, self._unread.get(group, 0))

    def action_cursor_first(self) -> None:
        """Move the cursor to the first group (All posts)."""
        self.cursor_line = 0

    def action_cursor_last(self) -> None:
        """Move the cursor to the last group shown."""
        self.cursor_line = self.last_line

    def name_of(self, group: Group) -> str | None:
        """The name ``group``'s node shows (None when its branch was never built)."""
        entry = self._group_nodes.get(group)
        return None if entry is None else entry[1]

    @property
    def groups(self) -> Collection[Group]:
        """Every group the tree shows (bookmarks aside), its branch opened or not."""
        return self._parents.keys()

    def refresh_unread(self, groups: Iterable[Group] | None = None) -> None:
        """Redraw the counts of ``groups`` (every group when None) after marks changed."""
        chosen = self._group_nodes if groups is None else groups
        for group in chosen:
            if (entry := self._group_nodes.get(group)) is not None:
                node, name, count = entry
                node.set_label(self._node_label(group, name, count))

    def select_group(self, group: Group) -> None:
        """Put the cursor on ``group``'s node, opening its branch (a restored view)."""
        if (node := self._node_of(group)) is None:
            return
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
