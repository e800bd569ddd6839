"""The article list's rows: the order of the posts, and day headers between them.

Textual-free, so the list's rules are tested alone and the widget only draws.
Sorted by date the list is grouped by day: one header row names the day and
its unread count, and each post row shows the time alone. A flash-news mirror
dates every post of a morning alike; a date on every row cost 11 of an
80-column list's cells and said nothing, where a header costs one row per day.
Sorted by title or category there are no headers and rows show the date.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Literal

from newsreader.core.model import Post

SortKey = Literal["date", "title", "category"]
SORTS: tuple[SortKey, ...] = ("date", "title", "category")
"""The orders ``t`` cycles through."""
SORT_NAMES: dict[SortKey, str] = {
    "date": "newest",
    "title": "title (pinyin)",
    "category": "category",
}
"""How the list's header names each order."""


@lru_cache(maxsize=65536)
def _syllable(char: str) -> str:
    """A character's sort syllable: its commonest pinyin with tone number, else itself folded.

    One table look-up per character (pypinyin's dictionary) rather than
    pypinyin's phrase segmentation: 10^5 titles sort in about a second instead
    of half a minute. A polyphone takes its commonest reading (重 is zhong4
    even in 重庆): this is an order for finding titles, not a transcription.
    """
    # Imported at the first title sort: pypinyin's package loads its phrase
    # tables too, a quarter of the reader's start-up imports.
    from pypinyin.contrib.tone_convert import to_tone3
    from pypinyin.pinyin_dict import pinyin_dict

    readings = pinyin_dict.get(ord(char))
    return to_tone3(readings.split(",")[0]) if readings else char.casefold()


def pinyin_key(title: str) -> tuple[str, ...]:
    """The key that puts Chinese titles in pinyin order (Latin letters by themselves)."""
    return tuple(_syllable(char) for char in title)


def sort_posts(
    posts: Sequence[Post], key: SortKey, category_of: Callable[[Post], str] = lambda p: ""
) -> list[Post]:
    """Order posts newest first, by title in pinyin order, or by category name.

    Ties are broken newest first, so posts of one title or one category read
    like a feed.

    Args:
        posts: Posts in any order.
        key: The order.
        category_of: A post's category as the list shows it (for ``"category"``).
    """
    by_date = sorted(posts, key=lambda post: post.sort_key)
    if key == "title":
        return sorted(by_date, key=lambda post: pinyin_key(post.title))
    if key == "category":
        return sorted(by_date, key=lambda post: pinyin_key(category_of(post)))
    return by_date


@dataclass(frozen=True, slots=True)
class DayHeader:
    """A header row: the day of the posts ``start`` to ``end`` (exclusive) below it.

    The unread count is not stored: it changes with every mark, and the
    widget counts it for the few headers on screen.
    """

    day: date
    start: int
    end: int

    def unread(self, posts: Sequence[Post], read: Collection[str]) -> int:
        """How many of the day's posts are unread."""
        return sum(1 for post in posts[self.start : self.end] if post.path not in read)


@dataclass(slots=True)
class Rows:
    """The list as drawn: post rows, with day headers when sorted by date.

    Attributes:
        posts: The posts in list order (the cursor is an index into them).
        rows: Each drawn row: a post's index in ``posts``, or a header.
        row_of: The row each post is drawn on.
        header_rows: The rows of the day headers, in order.
    """

    posts: list[Post]
    rows: list[int | DayHeader] = field(default_factory=list)
    row_of: list[int] = field(default_factory=list)
    header_rows: list[int] = field(default_factory=list)

    def header_row(self, index: int) -> int | None:
        """The row of the day header above the post at ``index`` (None without headers).

        A bisection over the header rows: a mark repaints its day's count, and
        a day of a flash-news mirror holds thousands of posts.
        """
        found = bisect_right(self.header_rows, self.row_of[index])
        return self.header_rows[found - 1] if found else None

    def post_at(self, row: int) -> int | None:
        """The post drawn on ``row``, or None for a header or past the end."""
        if 0 <= row < len(self.rows):
            item = self.rows[row]
            return item if isinstance(item, int) else None
        return None


def build_rows(posts: list[Post], grouped: bool) -> Rows:
    """Lay ``posts`` out as rows; with ``grouped``, a header above each day.

    Args:
        posts: The posts in list order.
        grouped: Put a day header above each day's posts (date order only).
    """
    rows = Rows(posts)
    if not grouped:
        rows.rows = list(range(len(posts)))
        rows.row_of = list(range(len(posts)))
        return rows
    start = 0
    while start < len(posts):
        day = posts[start].date.date()
        end = start
        while end < len(posts) and posts[end].date.date() == day:
            end += 1
        rows.header_rows.append(len(rows.rows))
        rows.rows.append(DayHeader(day, start, end))
        for index in range(start, end):
            rows.row_of.append(len(rows.rows))
            rows.rows.append(index)
        start = end
    return rows


def mixes_categories(posts: Sequence[Post]) -> bool:
    """Whether the posts come from more than one first category (then rows name it)."""
    if not posts:
        return False
    first = posts[0].categories[:1]
    return any(post.categories[:1] != first for post in posts)
