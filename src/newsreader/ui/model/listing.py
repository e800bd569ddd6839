"""The article list's rows: the order of the posts, and day headers between them.

Textual-free, so the list's rules are tested alone and the widget only draws.
Sorted by date the list is grouped by day: one header row names the day and
its unread count, and each post row shows the time alone. A flash-news mirror
dates every post of a morning alike; a date on every row cost 11 of an
80-column list's cells and said nothing, where a header costs one row per day.
Sorted by title or category there are no headers and rows show the date.

The list need not hold its posts: :class:`PagedPosts` stands for a list read
from the index a chunk at a time (the first screen's, before the full load),
laid out from its days' counts without a post read past the screen.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from itertools import accumulate, groupby
from math import ceil
from operator import attrgetter, methodcaller
from typing import Literal, overload

from rich.cells import cell_len

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


def sort_syllable(char: str) -> str:
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


_END = "\x00"
"""Ends each syllable of a key: below every character a syllable holds (text
shown is cleaned of control characters), so a key orders as the tuple of its
syllables would, a syllable that begins another first."""


class _Syllables(dict[int, str]):
    """Each character's syllable and :data:`_END`, read by ``str.translate``; filled as met."""

    def __missing__(self, code: int) -> str:
        value = self[code] = sort_syllable(chr(code)) + _END
        return value


_SYLLABLES = _Syllables()


_DIGITS = re.compile(r"[0-9]+")


def numbers_in_order(title: str) -> str:
    """``title`` with each run of digits led by its length, so numbers compare by value.

    ``站上393点`` before ``站上1090点``, ``报7.51`` before ``报10.2`` (each part of
    a decimal is a run of its own: right for prices, as for versions).
    """
    return _DIGITS.sub(lambda run: f"{len(run[0]):02d}{run[0]}", title)


def pinyin_key(title: str) -> str:
    """The key that puts Chinese titles in pinyin order (Latin letters by themselves).

    Each character becomes its syllable and :data:`_END`, by ``str.translate``
    (no Python call per character once met): a title sort of 10^6 posts took
    6 s when the key was a tuple of syllables, one cached call per character.
    Numbers come in order of value (:func:`numbers_in_order`).
    """
    if _DIGITS.search(title) is not None:
        title = numbers_in_order(title)
    return title.translate(_SYLLABLES)


def sort_posts(
    posts: Sequence[Post],
    key: SortKey,
    category_of: Callable[[Post], str] = lambda p: "",
    *,
    in_date_order: bool = False,
) -> list[Post]:
    """Order posts newest first, by title in pinyin order, or by category name.

    Ties are broken newest first, so posts of one title or one category read
    like a feed.

    Args:
        posts: Posts in any order.
        key: The order.
        category_of: A post's category as the list shows it (for ``"category"``).
        in_date_order: ``posts`` are newest first already (the archive's
            order, kept by a group and a filter): the sort by date, a fifth of
            a title sort at 10^5 posts, is skipped.
    """
    by_date = list(posts) if in_date_order else sorted(posts, key=attrgetter("sort_key"))
    if key == "title":
        return sorted(by_date, key=lambda post: pinyin_key(post.title))
    if key == "category":
        # A list has few categories: each name's key is made once, not once a post.
        keys: dict[str, str] = {}

        def category_key(post: Post) -> str:
            name = category_of(post)
            if (found := keys.get(name)) is None:
                found = keys[name] = pinyin_key(name)
            return found

        return sorted(by_date, key=category_key)
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


DayRun = tuple[date, int]
"""A day and how many posts in a row of the list fall on it."""
Fetch = Callable[[int, int], list[Post] | None]
"""Posts from an offset, at most a count of them (None: the source cannot tell now)."""
STAND_IN_TITLE = "(not in the index now: the list is being checked)"
CHUNK = 200
"""Posts read at a time past the first page: a few screens of the list.

Read on the event loop as they scroll into view, so a read is kept small:
decoding dominates it (1,000 posts took 8-11 ms at 10^4 and 10^5 posts,
200 take 2-4 ms, the index walk to a far offset included)."""
"""The title of a row whose post the index could not give (it changed meanwhile)."""


class PagedPosts(Sequence[Post]):
    """A list of posts of which only the first page is held; the others are read as asked for.

    The reader's first screen holds the newest page and knows, from the
    index's counts, how many posts follow and on which days: this sequence
    is that whole list, so the list scrolls, pages and jumps to its end
    before the full load has made every post. The posts past the first page
    are read a chunk (:data:`CHUNK`) at a time, when one of its posts is
    first asked for; going through every post (mark all read, export the
    list) reads the rest in one query.

    Membership and :meth:`index` know the posts read so far only (a post
    never read has never been shown, so no one asks for it). A row the
    source cannot give (the index changed under it) is a stand-in post of
    its day, until the full load replaces the list.

    Attributes:
        first: The page held from the start.
        days: The list's days in order, with their counts (they add up to
            its length).
    """

    def __init__(
        self,
        first: Sequence[Post],
        total: int,
        days: Sequence[DayRun],
        fetch: Fetch,
        chunk: int = CHUNK,
    ) -> None:
        """A list of ``total`` posts starting with ``first``; ``fetch`` reads the others."""
        self.first = list(first)
        self.days = list(days)
        self._total = total
        self._head = len(self.first)
        self._size = max(chunk, 1)
        self._fetch = fetch
        self._pages: dict[int, list[Post]] = {}  # chunks past the first page, by number
        self._positions = {post.path: index for index, post in enumerate(self.first)}
        self._day_starts: list[int] = []
        start = 0
        for _day, count in self.days:
            self._day_starts.append(start)
            start += count

    def __len__(self) -> int:
        return self._total

    @overload
    def __getitem__(self, index: int) -> Post: ...
    @overload
    def __getitem__(self, index: slice) -> list[Post]: ...
    def __getitem__(self, index: int | slice) -> Post | list[Post]:
        if isinstance(index, slice):
            return [self[at] for at in range(*index.indices(self._total))]
        if index < 0:
            index += self._total
        if not 0 <= index < self._total:
            raise IndexError(index)
        if index < self._head:
            return self.first[index]
        number, at = divmod(index - self._head, self._size)
        page = self._pages.get(number)
        if page is None:
            start = self._head + number * self._size
            page = self._keep(number, self._fetch(start, self._size) or [])
        return page[at] if at < len(page) else self._stand_in(index)

    def __iter__(self) -> Iterator[Post]:
        """Every post in order (the chunks never read come in one query)."""
        chunks = -(-(self._total - self._head) // self._size)
        if len(self._pages) < chunks:
            rest = self._fetch(self._head, self._total - self._head) or []
            for number in range(chunks):
                if number not in self._pages:
                    start = number * self._size
                    self._keep(number, rest[start : start + self._size])
        return (self[index] for index in range(self._total))

    def __contains__(self, post: object) -> bool:
        return isinstance(post, Post) and post.path in self._positions

    def index(self, post: object, start: int = 0, stop: int | None = None) -> int:
        """Where ``post`` is, among the posts read so far (ValueError if it is not)."""
        found = self.position(post.path) if isinstance(post, Post) else None
        if found is None or found < start or (stop is not None and found >= stop):
            raise ValueError(post)
        return found

    def position(self, path: str) -> int | None:
        """The index of the post at ``path``, if it has been read."""
        return self._positions.get(path)

    def _keep(self, number: int, posts: list[Post]) -> list[Post]:
        """Hold chunk ``number`` (at most a chunk of ``posts``) and know where its posts are."""
        page = posts[: self._size]
        self._pages[number] = page
        base = self._head + number * self._size
        for offset, post in enumerate(page):
            self._positions.setdefault(post.path, base + offset)
        return page

    def _stand_in(self, index: int) -> Post:
        """A row the source could not give: its day is known, nothing else."""
        found = bisect_right(self._day_starts, index) - 1
        day = self.days[found][0] if found >= 0 else date.min
        when = datetime.combine(day, time(), tzinfo=UTC)
        return Post(path="", title=STAND_IN_TITLE, date=when, slug="")


@dataclass(slots=True)
class Rows:
    """The list as drawn: post rows, with day headers when sorted by date.

    Rows are worked out, not stored: a day's header comes before its first
    post, so a bisection over the days' first posts (or their header rows)
    tells any row. Laying out 10^5 posts is a list per day, not two lists
    and a header object per post and per day (a tenth of a second on the
    first screen, and memory for as long as the list is shown).

    Attributes:
        posts: The posts in list order (the cursor is an index into them).
        days: Each day, in list order (none: no headers).
        day_starts: The index of each day's first post.
        header_rows: The row of each day's header, in order.
    """

    posts: Sequence[Post]
    days: list[date] = field(default_factory=list)
    day_starts: list[int] = field(default_factory=list)
    header_rows: list[int] = field(default_factory=list)

    def __len__(self) -> int:
        """How many rows are drawn: the posts and the headers."""
        return len(self.posts) + len(self.header_rows)

    def item(self, row: int) -> int | DayHeader:
        """What ``row`` (of ``0 .. len - 1``) draws: a post's index in ``posts``, or a header."""
        found = bisect_right(self.header_rows, row) - 1
        if found < 0:
            return row
        if row == self.header_rows[found]:
            end = self.day_starts[found + 1] if found + 1 < len(self.days) else len(self.posts)
            return DayHeader(self.days[found], self.day_starts[found], end)
        return row - found - 1

    def every_row(self) -> list[int | DayHeader]:
        """Every row in order (a whole list's worth: for tests and checks)."""
        return [self.item(row) for row in range(len(self))]

    def row_of(self, index: int) -> int:
        """The row the post at ``index`` is drawn on."""
        return index + bisect_right(self.day_starts, index) if self.days else index

    def header_row(self, index: int) -> int | None:
        """The row of the day header above the post at ``index`` (None without headers).

        A bisection over the days: a mark repaints its day's count, and a day
        of a flash-news mirror holds thousands of posts.
        """
        found = bisect_right(self.day_starts, index)
        return self.header_rows[found - 1] if found else None

    def post_at(self, row: int) -> int | None:
        """The post drawn on ``row``, or None for a header or past the end."""
        if 0 <= row < len(self):
            item = self.item(row)
            return item if isinstance(item, int) else None
        return None


def build_rows(posts: Sequence[Post], grouped: bool) -> Rows:
    """Lay ``posts`` out as rows; with ``grouped``, a header above each day.

    Args:
        posts: The posts in list order (a :class:`PagedPosts` is laid out
            from its days, no post read).
        grouped: Put a day header above each day's posts (date order only).
    """
    rows = Rows(posts)
    if not grouped:
        return rows
    runs = posts.days if isinstance(posts, PagedPosts) else day_runs(posts)
    rows.days = [day for day, _count in runs]
    rows.day_starts = [0, *accumulate(count for _day, count in runs)][: len(runs)]
    rows.header_rows = [start + number for number, start in enumerate(rows.day_starts)]
    return rows


def day_runs(posts: Sequence[Post]) -> list[DayRun]:
    """The days of ``posts`` in list order, each with how many posts in a row fall on it.

    Counted by C-level iterators: a loop in Python cost 0.4 s on a list of
    10^6 posts, paid on each group chosen and each letter of the filter.
    """
    days = map(_day, map(_date, posts))
    return [(day, len(list(run))) for day, run in groupby(days)]


_date = attrgetter("date")
_day = methodcaller("date")


DOMINANT_SHARE = 0.9
"""A first category this share of a list holds goes without saying in its rows."""
CATEGORY_SAMPLE = 2_000
"""Posts, newest first, a list's category column is decided on (the rows read first)."""


@dataclass(frozen=True, slots=True)
class CategoryColumn:
    """Whether a list's rows name their post's first category, and which goes unnamed.

    Attributes:
        shown: The list mixes first categories, so rows have a category column.
        unnamed: A first category nearly every post has (:data:`DOMINANT_SHARE`):
            its rows leave the column blank, so the few others stand out
            (a mirror whose every post is ``Archive`` but five ``sticky`` ones
            named ``Archive`` on every row, which said nothing).
    """

    shown: bool = False
    unnamed: tuple[str, ...] | None = None

    def names(self, post: Post) -> bool:
        """Whether ``post``'s row names its category."""
        return self.shown and post.categories[:1] != self.unnamed


TITLE_SHARE = 0.9
"""The share of a list's titles (of its newest :data:`CATEGORY_SAMPLE`) a row keeps whole."""


def title_cells(posts: Sequence[Post], most: int, least: int = 20) -> int:
    """Cells that hold :data:`TITLE_SHARE` of the list's newest titles whole, within bounds.

    What a row must leave its title before the category and the time get a
    column: a fixed 60 cells hid the time of a flash list whose titles take
    20 to 40, even with half of each row empty.
    """
    widths = sorted(cell_len(post.title) for post in posts[:CATEGORY_SAMPLE])
    if not widths:
        return most
    typical = widths[max(0, ceil(TITLE_SHARE * len(widths)) - 1)]
    return max(least, min(most, typical))


def category_column(posts: Sequence[Post]) -> CategoryColumn:
    """How the rows of ``posts`` show categories, decided on the newest :data:`CATEGORY_SAMPLE`."""
    sample = posts[:CATEGORY_SAMPLE]
    counts = Counter(post.categories[:1] for post in sample)
    if len(counts) < 2:
        return CategoryColumn()
    first, count = counts.most_common(1)[0]
    return CategoryColumn(True, first if count >= DOMINANT_SHARE * len(sample) else None)
