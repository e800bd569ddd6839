"""A widget's own style, worked out once per style change.

Textual computes ``rich_style`` by walking every ancestor's styles at each
call, and the Line API widgets (the list, the article, both trees) asked for
it at every line they drew: about a millisecond a line in the trees, a third
of drawing the list. The style only changes with the CSS or the theme (focus,
a new theme), so it is kept until Textual says the styles changed.
"""

from __future__ import annotations

from rich.style import Style
from textual.widget import Widget


class SteadyBaseStyle(Widget):
    """Mixed in after a Textual widget class: :attr:`base_style` is its cached ``rich_style``.

    After, not before: Textual inherits default CSS along the first DOM base
    only, so the widget's own class must come first.
    """

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
