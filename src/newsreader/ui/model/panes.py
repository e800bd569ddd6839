"""Which panes the reader shows at a terminal width, and how wide (Textual-free, tested alone)."""

from __future__ import annotations

from typing import NamedTuple

SINGLE_PANE_BELOW = 100
"""Below this many columns one pane shows at a time, as in newsboat: the list, or the article."""
CATEGORIES_MIN_WIDTH = 150
"""Below this many columns the category pane starts hidden (the article needs the room)."""
OUTLINE_MIN_WIDTH = 120
"""Below this many columns the outline pane starts hidden too."""

LIST_SHARE = 55
"""The list's default share, in percent, of the room the list and the article share.

More than half: titles are what a morning's reading starts from, and at 120
columns this leaves 61 cells (30 Chinese characters) to a title and 54 to
the article, 27 characters a line."""
LIST_SHARE_RANGE = (20, 70)
"""How far ``<`` and ``>`` may take it (the panes' minimum widths also hold)."""
LIST_SHARE_STEP = 5
"""Percent per key press."""


class PaneBand(NamedTuple):
    """The layout a width falls in.

    Attributes:
        single: One pane at a time, full width (the list, or the article).
        categories: The category pane starts shown.
        outline: The outline pane starts shown (when the post has headings).
    """

    single: bool
    categories: bool
    outline: bool


def band_for(width: int) -> PaneBand:
    """The layout for a terminal ``width`` columns wide (categories go first)."""
    return PaneBand(
        width < SINGLE_PANE_BELOW, width >= CATEGORIES_MIN_WIDTH, width >= OUTLINE_MIN_WIDTH
    )


def resized_share(share: int, step: int) -> int:
    """The list's share after ``step`` presses of ``>`` (negative: ``<``), kept in range."""
    low, high = LIST_SHARE_RANGE
    return max(low, min(high, share + step * LIST_SHARE_STEP))


def valid_share(value: object) -> int:
    """A remembered share if it is a whole number in range, else the default."""
    low, high = LIST_SHARE_RANGE
    if isinstance(value, int) and not isinstance(value, bool) and low <= value <= high:
        return value
    return LIST_SHARE
