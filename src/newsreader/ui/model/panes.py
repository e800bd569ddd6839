"""Which panes the reader shows at a terminal width (Textual-free, tested alone)."""

from __future__ import annotations

from typing import NamedTuple

NARROW = 120
"""Below this many columns the panes take their narrow widths."""
CATEGORIES_MIN_WIDTH = 150
"""Below this many columns the category pane starts hidden (the article needs the room)."""
OUTLINE_MIN_WIDTH = 110
"""Below this many columns the outline pane starts hidden too."""


class PaneBand(NamedTuple):
    """The layout a width falls in.

    Attributes:
        narrow: The panes take their narrow widths.
        categories: The category pane starts shown.
        outline: The outline pane starts shown.
    """

    narrow: bool
    categories: bool
    outline: bool


def band_for(width: int) -> PaneBand:
    """The layout for a terminal ``width`` columns wide (categories go first)."""
    return PaneBand(width < NARROW, width >= CATEGORIES_MIN_WIDTH, width >= OUTLINE_MIN_WIDTH)
