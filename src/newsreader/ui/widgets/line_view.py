"""A Line-API scroll view that works out its own style once per style change.

The article list and the article view draw every line on a base of their own
style, taken from :class:`~newsreader.ui.widgets.base_style.SteadyBaseStyle`
(worked out once per style change, not at every line).

Each line is also made as one ``Strip`` (:meth:`LineView.line_strip`):
Textual's strips each set up a handful of caches, and styling, padding and
cropping a line one strip at a time made four of them per line, a third of
drawing a newly opened post.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.text import Text
from textual.scroll_view import ScrollView
from textual.strip import Strip

from newsreader.ui.widgets.base_style import SteadyBaseStyle


class LineView(ScrollView, SteadyBaseStyle):
    """A ``ScrollView`` whose lines share a cached base style, each made as one strip."""

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
