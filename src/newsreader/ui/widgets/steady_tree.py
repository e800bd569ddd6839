"""A ``Tree`` that works out its own style once per style change.

Textual's ``Tree.render_line`` asks for the widget's ``rich_style`` at every
line, which walks every ancestor's styles: about a millisecond a line, most of
drawing the outline when a post opens and of redrawing the category tree. The
style only changes with the CSS or the theme (focus, a new theme), so it is
kept until Textual says the styles changed.
"""

from __future__ import annotations

from typing import TypeVar

from rich.style import Style
from textual.strip import Strip
from textual.widgets import Tree

NodeData = TypeVar("NodeData")


class SteadyTree(Tree[NodeData]):
    """A ``Tree`` whose lines share a cached base style."""

    _base_style: Style | None = None

    def notify_style_update(self) -> None:
        """Forget the base style when the CSS changes."""
        self._base_style = None
        super().notify_style_update()

    def render_line(self, y: int) -> Strip:
        """Draw line ``y`` as ``Tree`` does, on the cached base style."""
        if self._base_style is None:
            self._base_style = self.rich_style
        scroll_x, scroll_y = self.scroll_offset
        return self._render_line(
            y + scroll_y, scroll_x, scroll_x + self.size.width, self._base_style
        )
