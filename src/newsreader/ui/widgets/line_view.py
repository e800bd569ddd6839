"""A Line-API scroll view that works out its own style once per style change.

The article list and the article view draw every line on a base of their own
style (``rich_style``). Textual computes that by walking every ancestor's
styles at each call, and a line asked for it several times: a third of
drawing the list and a fifth of opening a post. Both widgets take it from
:attr:`LineView.base_style` instead, which is forgotten whenever the CSS or
the theme changes (focus, a new theme).

Each line is also made as one ``Strip`` (:meth:`LineView.line_strip`):
Textual's strips each set up a handful of caches, and styling, padding and
cropping a line one strip at a time made four of them per line, a third of
drawing a newly opened post.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.scroll_view import ScrollView
from textual.strip import Strip


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

    def line_strip(self, text: Text, width: int, margin: int = 0) -> Strip:
        """``text`` on the base style after ``margin`` blank cells, exactly ``width`` cells.

        Args:
            text: The line (literal text with its spans' styles).
            width: Cells the strip fills: padded with the base style, or cropped.
            margin: Blank cells before the text (centring a capped column).
        """
        base = self.base_style
        # Text.render drops a Text's base style, hence the widget's under every segment.
        segments = list(Segment.apply_style(text.render(self.app.console), base))
        length = margin + text.cell_len
        if margin:
            segments.insert(0, Segment(" " * margin, base))
        if length < width:
            segments.append(Segment(" " * (width - length), base))
            length = width
        strip = Strip(segments, length)
        return strip if length == width else strip.crop(0, width)
