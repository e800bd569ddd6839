"""A Line-API scroll view that works out its own style once per style change.

The article list and the article view draw every line on a base of their own
style (``rich_style``). Textual computes that by walking every ancestor's
styles at each call, and a line asked for it several times: a third of
drawing the list and a fifth of opening a post. Both widgets take it from
:attr:`LineView.base_style` instead, which is forgotten whenever the CSS or
the theme changes (focus, a new theme).
"""

from __future__ import annotations

from rich.style import Style
from textual.scroll_view import ScrollView


class LineView(ScrollView):
    """A ``ScrollView`` whose lines share a cached base style."""

    _base_style: Style | None = None

    def notify_style_update(self) -> None:
        """Forget the base style when the CSS changes."""
        self._base_style = None
        super().notify_style_update()

    @property
    def base_style(self) -> Style:
        """This widget's own style under every line, worked out once per style change."""
        if self._base_style is None:
            self._base_style = self.rich_style
        return self._base_style
