"""A ``Tree`` that draws its lines on a cached base style.

Textual's ``Tree.render_line`` asks for the widget's ``rich_style`` at every
line, which walks every ancestor's styles: about a millisecond a line, most of
drawing the outline when a post opens and of redrawing the category tree.
This one takes it from :class:`~newsreader.ui.widgets.base_style.SteadyBaseStyle`.
"""

from __future__ import annotations

from typing import TypeVar

from textual.strip import Strip
from textual.widgets import Tree

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
