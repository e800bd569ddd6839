"""A ``Tree`` that draws its lines on a cached base style.

Textual's ``Tree.render_line`` asks for the widget's ``rich_style`` at every
line, which walks every ancestor's styles: about a millisecond a line, most of
drawing the outline when a post opens and of redrawing the category tree.
This one takes it from :class:`~newsreader.ui.widgets.base_style.SteadyBaseStyle`.

Its labels end with ``…`` where the pane cuts them: the panes never scroll
sideways, and a heading cut mid-word (``三、 影响某某的中``) read as complete.
"""

from __future__ import annotations

from typing import TypeVar

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.strip import Strip
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from newsreader.ui.widgets.base_style import SteadyBaseStyle

NodeData = TypeVar("NodeData")


class SteadyTree(Tree[NodeData], SteadyBaseStyle):
    """A ``Tree`` whose lines share a cached base style."""

    def render_line(self, y: int) -> Strip:
        """Draw line ``y`` as ``Tree`` does, on the cached base style."""
        scroll_x, scroll_y = self.scroll_offset
        return self._render_line(
            y + scroll_y, scroll_x, scroll_x + self.size.width, self.base_style
        )

    def render_label(self, node: TreeNode[NodeData], base_style: Style, style: Style) -> Text:
        """The node's label as ``Tree`` draws it, cut with ``…`` to the room its line leaves."""
        label = super().render_label(node, base_style, style)
        room = self.scrollable_content_region.width - self._depth(node) * self.guide_depth
        if label.cell_len > room > 0:
            label = _cut(label, room)
        return label

    def _depth(self, node: TreeNode[NodeData]) -> int:
        """Guides drawn before ``node``'s label: one per shown ancestor."""
        depth, parent = 0, node.parent
        while parent is not None and (parent is not self.root or self.show_root):
            depth, parent = depth + 1, parent.parent
        return depth


def _cut(label: Text, room: int) -> Text:
    """``label`` in ``room`` cells, ending ``…`` right after the last whole character kept.

    Rich's own ellipsis pads a wide character that would straddle the edge
    with a space before the ``…`` (``影响某某的中 …``); here the ``…`` follows
    the text and any spare cell goes after it.
    """
    kept = 0
    used = 0
    for char in label.plain:
        width = cell_len(char)
        if used + width > room - 1:
            break
        used += width
        kept += 1
    cut, ellipsis = label[:kept], label[kept : kept + 1]  # the … styled as what it stands for
    ellipsis.plain = "…"
    cut.append_text(ellipsis)
    return cut
