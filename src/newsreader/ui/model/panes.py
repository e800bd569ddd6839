"""Which panes the reader shows at a terminal width, and how wide (Textual-free, tested alone).

The rule, in cells, for a terminal ``width`` columns wide showing several panes:

1. The category pane, when shown, takes :data:`CATEGORIES_WIDTH`; the outline,
   when shown, :data:`OUTLINE_SHARE` percent of the width, within
   :data:`OUTLINE_WIDTH_RANGE`; the divider between the list and the article
   one cell. The list and the article share the rest (the divider's cell
   counted in the article's part, so the list keeps its whole share).
2. They share it by the list's share (``<``, ``>``, the divider; remembered):
   the list takes that percent of the rest, never less than
   :data:`LIST_MIN_WIDTH` (12 characters of a title), the article never less
   than :data:`ARTICLE_MIN_WIDTH`.
3. While the outline shows, the post open has headings: a structured document
   read at length, not a flash item whose title is the news. Then the article
   claims its reading width first (its capped text, 80 cells for 40 Chinese
   characters, and its frame). The list gives way first: at the default share
   it takes only what the article leaves, down to its minimum. If that is not
   enough, the outline gives way next, down to the least of its range.
   The share still moves the list from there: the scale is re-anchored so
   that the default share means "the article's reading width" and the ends
   of the range keep their plain meaning (narrowest, widest), in even steps
   between. So ``>`` always widens the list where there is room to, and the
   list comes back to its plain share when the outline goes.
   The claim starts with the first post the reader chooses: beside the post
   reopened at start, the list keeps its plain share (still choosing).

At 120 columns with the outline this gives the list 32 cells and the article
63 (58 of text, 29 characters a line; before, 41); at 200 columns with the
categories too, the list 48 and the article its full 85.
"""

from __future__ import annotations

from dataclasses import dataclass
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
columns without the outline this leaves 59 cells to a title (beside the
list's marks, scrollbar and a category's first character): the 28 Chinese
characters of a long flash title, whole."""
LIST_SHARE_RANGE = (20, 70)
"""How far ``<``, ``>`` and the divider may take it (the panes' minimum widths also hold)."""
LIST_SHARE_STEP = 5
"""Percent per key press."""

CATEGORIES_WIDTH = 26
"""The category pane's width (as ``#categories`` in ``newsreader.tcss``)."""
OUTLINE_SHARE = 22
"""The outline's share of the terminal's width, in percent."""
OUTLINE_WIDTH_RANGE = (24, 40)
"""The outline's least and most width: a heading's number and a few words, and no more."""
DIVIDER_WIDTH = 1
"""The divider between the list and the article (dragged to resize them)."""
LIST_MIN_WIDTH = 32
"""The list's least width: its frame (2), the marks (3), 12 title characters (24), a
category's first character (3)."""
ARTICLE_MIN_WIDTH = 40
"""The article's least width when the user narrows it."""
ARTICLE_FRAME = 5
"""Cells around the article's text: its border (2), left padding (1), scrollbar
(1) and the cell the view keeps free at the right (1)."""
READING_TEXT_WIDTH = 80
"""The text width the article claims when lines are not capped (40 Chinese characters)."""


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


class PaneWidths(NamedTuple):
    """Cells per pane, left to right (0: not shown); the divider takes one more.

    Attributes:
        categories: The category pane.
        list: The article list's column (its filter box and list).
        article: The article's column.
        outline: The outline pane.
    """

    categories: int
    list: int
    article: int
    outline: int


def band_for(width: int) -> PaneBand:
    """The layout for a terminal ``width`` columns wide (categories go first)."""
    return PaneBand(
        width < SINGLE_PANE_BELOW, width >= CATEGORIES_MIN_WIDTH, width >= OUTLINE_MIN_WIDTH
    )


def reading_width(text_width: int) -> int:
    """The article column's width that shows lines of ``text_width`` cells (0: uncapped)."""
    return (text_width if text_width > 0 else READING_TEXT_WIDTH) + ARTICLE_FRAME


def _clamp(value: int, low: int, high: int) -> int:
    return max(low, min(high, value))


@dataclass(frozen=True)
class PaneRoom:
    """The room the panes have, and how the list's share divides it (the rule above).

    Attributes:
        width: The terminal's width.
        categories: The category pane shows.
        outline: The outline pane shows (a post with headings is open).
        reading: The article's reading width (:func:`reading_width`); 0 claims
            none (no post chosen yet).
    """

    width: int
    categories: bool
    outline: bool
    reading: int = reading_width(0)

    def widths(self, share: int) -> PaneWidths:
        """Each pane's width with the list at ``share`` percent."""
        categories = CATEGORIES_WIDTH if self.categories else 0
        outline = self._outline_width(categories)
        rest = self.width - categories - outline - DIVIDER_WIDTH
        listed = _clamp(
            self._list_width(rest, share), LIST_MIN_WIDTH, max(rest - ARTICLE_MIN_WIDTH, 0)
        )
        listed = max(min(listed, rest - 1), 0)  # a terminal too narrow for both minimums
        return PaneWidths(categories, listed, rest - listed, outline)

    def _outline_width(self, categories: int) -> int:
        """The outline's width, less what the article still lacks with the list at its least."""
        if not self.outline:
            return 0
        low, high = OUTLINE_WIDTH_RANGE
        outline = _clamp(self.width * OUTLINE_SHARE // 100, low, high)
        article = self.width - categories - outline - DIVIDER_WIDTH - LIST_MIN_WIDTH
        return max(outline - max(self.reading - article, 0), low)

    def _list_width(self, rest: int, share: int) -> int:
        """The list's width before its minimums: the share, re-anchored while reading."""
        low, high = LIST_SHARE_RANGE
        share = _clamp(share, low, high)

        def plain(percent: int) -> int:  # the divider's cell comes off the article's part
            return round((rest + DIVIDER_WIDTH) * percent / 100)

        anchor = plain(LIST_SHARE)
        if self.outline:
            anchor = _clamp(rest - self.reading, plain(low), anchor)
        start, end = (low, LIST_SHARE) if share <= LIST_SHARE else (LIST_SHARE, high)
        first, last = (plain(low), anchor) if share <= LIST_SHARE else (anchor, plain(high))
        return round(first + (last - first) * (share - start) / (end - start))

    def stepped(self, share: int, step: int) -> int:
        """The share after ``step`` presses of ``>`` (negative: ``<``).

        Steps on past shares that leave the list as wide as it is (the
        anchored scale and the minimums make flat stretches), so a press moves
        the divider whenever it can; where it cannot, the share stays.
        """
        now = self.widths(share).list
        moved = share
        while (nxt := resized_share(moved, step)) != moved:
            moved = nxt
            if self.widths(moved).list != now:
                return moved
        return share

    def share_for(self, list_width: int, current: int) -> int:
        """The share that puts the list closest to ``list_width`` cells (a drag).

        Of equally close shares, the one nearest ``current``: a drag into a
        flat stretch does not move the remembered share for nothing.
        """
        low, high = LIST_SHARE_RANGE
        return min(
            range(low, high + 1),
            key=lambda share: (abs(self.widths(share).list - list_width), abs(share - current)),
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
