"""The article list: one row per post, titles first, grouped by day.

A Line-API ``ScrollView`` draws only the rows on screen, so 10^5 posts cost a
list of references and nothing per row until it scrolls into view (a
``DataTable`` or ``OptionList`` measures every row up front). What the rows
are (day headers, order) is :mod:`newsreader.ui.model.listing`'s; this
widget draws them: a read mark, a bookmark mark, the title cut at a character
with an ellipsis, then, when the list is wide enough, the category (when the
list mixes them) and the time.

Its posts need not all be in memory: the first screen's page stands for the
whole list (:attr:`ArticleList.complete`), a
:class:`~newsreader.ui.model.listing.PagedPosts` whose other pages are read
from the index as they scroll into view, so End and Page Down go over every
post before the full load lands.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from operator import attrgetter
from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip

from newsreader.core.archive.dates import has_time_of_day, stamp
from newsreader.core.model import Post
from newsreader.ui.model.listing import (
    CATEGORY_SAMPLE,
    CategoryColumn,
    DayHeader,
    PagedPosts,
    Rows,
    build_rows,
    category_column,
    title_cells,
)
from newsreader.ui.widgets.line_view import LineView

_sort_key = attrgetter("sort_key")

WHOLE_TITLE = 60
"""Most cells a row keeps for its title before the category and the time get a
column (30 Chinese characters); a list of shorter titles keeps what they take."""
CATEGORY_NAME_WIDTH = 12
"""Most cells a category's name takes in a row (cut with an ellipsis)."""
_CATEGORY_INITIAL_WIDTH = 3
"""A space and the category's first character."""
_MARKS = 3
_WEEKDAYS = "一二三四五六日"


def fit(text: str, width: int) -> Text:
    """``text`` cut to ``width`` cells at a character, with an ellipsis, padded.

    Never a half character: a wide character that would straddle the edge
    goes whole, and the ellipsis takes its cell.
    """
    if width <= 0:
        return Text("", end="")
    if cell_len(text) <= width:
        return Text(text + " " * (width - cell_len(text)), no_wrap=True, end="")
    kept, used = [], 0
    for char in text:
        size = cell_len(char)
        if used + size > width - 1:
            break
        kept.append(char)
        used += size
    return Text("".join(kept) + "…" + " " * (width - 1 - used), no_wrap=True, end="")


def row_columns(
    width: int,
    *,
    mixed: bool,
    by_date: bool,
    whole: int = WHOLE_TITLE,
    name_cells: int = CATEGORY_NAME_WIDTH,
) -> tuple[int, int]:
    """Cells for the category and the time in a row ``width`` cells wide.

    A title read whole says more than the column beside it, so each column
    comes only where the title still keeps ``whole`` cells (what the list's
    titles take, :func:`~newsreader.ui.model.listing.title_cells`): first the
    category's name (a list that mixes categories), else its first
    character; then the time (the date when the list is not by date).

    Args:
        width: The row's width.
        mixed: The list mixes categories (a list of one shows none).
        by_date: The list is by date, so a row shows the time, not the date.
        whole: The cells a title keeps before a column is given.
        name_cells: The cells the list's category names take (at most
            :data:`CATEGORY_NAME_WIDTH`): 科技 needs 4, not 12.

    Returns:
        The category's cells and the time's (0: not shown), each with its space.
    """
    room = width - _MARKS
    category = 0
    if mixed:
        named = min(name_cells, CATEGORY_NAME_WIDTH) + 1
        category = named if room - named >= whole else _CATEGORY_INITIAL_WIDTH
    room -= category
    stamp_width = 7 if by_date else 12
    return category, stamp_width if room - stamp_width >= whole else 0


class ArticleList(LineView, can_focus=True):
    """A cursor over posts; Enter or a click opens one."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article-list--cursor",
        "article-list--unread",
        "article-list--date",
        "article-list--source",
        "article-list--day",
        "article-list--bookmark",
    }
    """Row parts, styled in ``newsreader.tcss``."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor(-1)", "Up", show=False, tooltip="Previous post"),
        Binding("down,j", "cursor(1)", "Down", show=False, tooltip="Next post"),
        Binding("pageup", "page(-1)", "Page up", show=False, tooltip="A page up"),
        Binding("pagedown", "page(1)", "Page down", show=False, tooltip="A page down"),
        Binding("home,g", "jump(0)", "First", show=False, tooltip="First post"),
        Binding("end,G", "jump(-1)", "Last", show=False, tooltip="Last post"),
        Binding("enter", "select", "Open", show=False, tooltip="Open the post under the cursor"),
        Binding("slash", "screen.filter", "Filter", tooltip="Filter the list (from the list)"),
    ]
    """Arrows and vi keys move; Enter opens; ``/`` here filters the list."""

    cursor: reactive[int] = reactive(0, always_update=True, repaint=False)
    """Index of the highlighted post (in :attr:`posts`, not counting day headers).

    Not a repaint of the whole list: :meth:`watch_cursor` repaints the rows
    that change."""

    @dataclass
    class Selected(Message):
        """The user chose a post to read."""

        article_list: ArticleList
        post: Post

        @property
        def control(self) -> ArticleList:
            """The list the post was chosen in."""
            return self.article_list

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        """Start empty; the screen sets posts with :meth:`set_posts`."""
        super().__init__(id=id, classes=classes)
        self.layout_rows = Rows([])
        self.read: Collection[str] = frozenset()
        self.bookmarked: Callable[[Post], bool] = lambda post: False
        self.source_of: Callable[[Post], str] = lambda post: ", ".join(post.categories)
        self._categories = CategoryColumn()
        self._whole_title = WHOLE_TITLE
        self._name_cells = CATEGORY_NAME_WIDTH
        self._by_date = True
        self._index: dict[str, int] | None = None
        """Each listed path's index, made when a look-up needs it (see :meth:`_position`)."""
        self.empty_text = "No posts here."
        """What an empty list says (the screen tells a filter that matched nothing)."""
        self._strips: LRUCache[tuple[int, int, bool, bool, bool, bool], Strip] = LRUCache(512)
        """Post rows drawn, by what they show: the list scrolls a few rows per
        key, and each row drawn anew cost half a millisecond."""
        self.complete: Callable[[list[Post]], Sequence[Post]] | None = None
        """The whole list some posts stand for (the first screen's page: the
        archive's list, read from the index as it scrolls); None: themselves."""

    @property
    def posts(self) -> Sequence[Post]:
        """The posts listed, in list order."""
        return self.layout_rows.posts

    def set_posts(
        self, posts: list[Post], *, keep: Post | None = None, by_date: bool = True
    ) -> None:
        """Show ``posts`` (already in order) and put the cursor on ``keep``.

        Args:
            posts: The posts to list (or the page :attr:`complete` completes).
            keep: A post to keep highlighted if it is among them.
            by_date: The posts are in date order: group them by day.
        """
        shown = posts if self.complete is None else self.complete(posts)
        self._by_date = by_date
        self._strips.clear()
        self.layout_rows = build_rows(shown, by_date)
        self._index = None
        first = shown.first if isinstance(shown, PagedPosts) else shown  # a page: no other read
        self._categories = category_column(first)
        self._whole_title = title_cells(first, WHOLE_TITLE)
        self._name_cells = self._names_width(first)
        # No width of its own: rows are drawn at the list's width, so it never scrolls
        # sideways (its width, with a vertical scrollbar, overflowed by that bar).
        self.virtual_size = Size(0, len(self.layout_rows))
        self.cursor = self.index_of(keep) if keep is not None else 0
        self.refresh()

    def index_of(self, post: Post) -> int:
        """Index of ``post``, or 0 when it is not listed."""
        found = self._position(post)
        return 0 if found is None else found

    def __contains__(self, post: object) -> bool:
        """Whether ``post`` is listed (a dictionary look-up, not a scan)."""
        return isinstance(post, Post) and self._position(post) is not None

    def _position(self, post: Post) -> int | None:
        """The index of the post at ``post.path`` in the list (of a paged list: if read).

        A list by date is in :attr:`~newsreader.core.model.Post.sort_key`
        order, so a bisection finds a post: setting a list of 10^6 posts
        cost 0.7 s more when it indexed every path first, on every group
        chosen and every letter typed in the filter. A post not found so (not
        listed, or given as it was before a reload changed its date) is
        looked up by path, in an index made then, once per list.
        """
        posts = self.posts
        if isinstance(posts, PagedPosts):
            return posts.position(post.path)
        if self._by_date:
            at = bisect_left(posts, post.sort_key, key=_sort_key)
            if at < len(posts) and posts[at].path == post.path:
                return at
        if self._index is None:
            self._index = {listed.path: index for index, listed in enumerate(posts)}
        return self._index.get(post.path)

    @property
    def current(self) -> Post | None:
        """The post under the cursor."""
        return self.posts[self.cursor] if self.posts else None

    def validate_cursor(self, cursor: int) -> int:
        """Keep the cursor on a post."""
        return max(0, min(cursor, len(self.posts) - 1))

    def watch_cursor(self, old: int, new: int) -> None:
        """Keep the cursor's row in view (and the day header above the first post).

        Only the rows the cursor left and reached are repainted when the list
        does not scroll: a whole list's repaint was most of a key's time.
        """
        height = self.scrollable_content_region.height or 1
        if not self.posts:
            self.refresh()
            return
        row = self.layout_rows.row_of(new)
        top = row - 1 if row and self.layout_rows.post_at(row - 1) is None else row
        if top < self.scroll_y:
            self.scroll_to(y=top, animate=False, immediate=True)
            self.refresh()
        elif row >= self.scroll_y + height:
            self.scroll_to(y=row - height + 1, animate=False, immediate=True)
            self.refresh()
        else:
            self._refresh_rows([old, new])

    def action_cursor(self, step: int) -> None:
        """Move the cursor by ``step`` posts."""
        self.cursor += step

    def action_page(self, direction: int) -> None:
        """Move the cursor a screenful."""
        self.cursor += direction * max(self.scrollable_content_region.height - 2, 1)

    def action_jump(self, row: int) -> None:
        """Go to the first post (0) or the last (-1)."""
        self.cursor = row if row >= 0 else len(self.posts) - 1

    def action_select(self) -> None:
        """Open the post under the cursor."""
        if (post := self.current) is not None:
            self.post_message(self.Selected(self, post))

    def refresh_marks(self, posts: Iterable[Post] | None = None) -> None:
        """Redraw after read marks or bookmarks changed (``read`` is shared, not copied).

        Args:
            posts: The posts whose marks changed: their rows and their days'
                headers are repainted. None repaints every row (mark all read).
        """
        if posts is None:
            self.refresh()
            return
        indices = [i for post in posts if (i := self._position(post)) is not None]
        self._refresh_rows(indices)
        rows = self.layout_rows
        headers = {rows.header_row(index) for index in indices}
        for row in headers:
            if row is not None:
                self.refresh_line(row)

    def _refresh_rows(self, indices: Iterable[int]) -> None:
        """Repaint the rows of the posts at ``indices`` (those out of range are skipped)."""
        rows = self.layout_rows
        for index in indices:
            if 0 <= index < len(rows.posts):
                self.refresh_line(rows.row_of(index))

    async def _on_click(self, event: events.Click) -> None:
        """A click on a post moves the cursor there and opens it."""
        index = self.layout_rows.post_at(event.y + round(self.scroll_y))
        if index is not None:
            self.cursor = index
            self.action_select()

    def render_line(self, y: int) -> Strip:
        """Draw one visible row (Line API)."""
        row = y + round(self.scroll_y)
        width = self.scrollable_content_region.width
        if row >= len(self.layout_rows):
            if row == 0:
                text = fit(f" {self.empty_text}", width)
                text.stylize(self.get_component_rich_style("article-list--date"))
                return self.line_strip(text, width)
            return Strip.blank(width, self.base_style)
        item = self.layout_rows.item(row)
        if isinstance(item, DayHeader):
            return self.line_strip(self._header_text(item, width), width)
        post = self.posts[item]
        # Everything a row shows beyond the list itself (cleared when it changes).
        cursor, read, marked = item == self.cursor, post.path in self.read, self.bookmarked(post)
        key = (item, width, cursor, read, marked, self.show_vertical_scrollbar)
        strip = self._strips.get(key)
        if strip is None:
            text = self._row_text(post, width)
            if cursor:
                text.stylize(self.get_component_rich_style("article-list--cursor"))
            strip = self._strips[key] = self.line_strip(text, width)
        return strip

    def notify_style_update(self) -> None:
        """Forget the rows drawn when the CSS changes (focus, a new theme)."""
        self._strips.clear()
        super().notify_style_update()

    def _header_text(self, header: DayHeader, width: int) -> Text:
        """A day header: the day, its weekday, and unread/total."""
        unread = header.unread(self.posts, self.read)
        day = header.day
        label = f"{day.year:04d}-{day.month:02d}-{day.day:02d} 周{_WEEKDAYS[day.weekday()]}"
        counts = f"{unread}/{header.end - header.start}"
        text = fit(f"{label}  {counts} unread", width)
        text.stylize(self.get_component_rich_style("article-list--day"))
        return text

    def _columns(self, width: int) -> tuple[int, int]:
        """Cells for the category and the time in this list (:func:`row_columns`)."""
        return row_columns(
            width,
            mixed=self._categories.shown,
            by_date=self._by_date,
            whole=self._whole_title,
            name_cells=self._name_cells,
        )

    def _names_width(self, posts: Sequence[Post]) -> int:
        """Cells the widest category name of the list's newest rows takes (1 at least)."""
        sample = posts[:CATEGORY_SAMPLE]
        names = {self.source_of(post) for post in sample if self._categories.names(post)}
        return max(1, min(CATEGORY_NAME_WIDTH, max(map(cell_len, names), default=1)))

    def _row_text(self, post: Post, width: int) -> Text:
        """One post row: read and bookmark marks, title, category, time (literal text)."""
        style = self.get_component_rich_style
        unread = post.path not in self.read
        category_width, time_width = self._columns(width)
        row = Text(no_wrap=True, end="")
        row.append("●" if unread else " ", style("article-list--unread"))
        row.append("★" if self.bookmarked(post) else " ", style("article-list--bookmark"))
        row.append(" ")
        # The time column ends with a space, and a scrollbar keeps the border
        # away; else the row keeps one free cell, so a category never touches it.
        trailing = 0 if time_width or self.show_vertical_scrollbar else 1
        title = fit(post.title, max(width - _MARKS - category_width - time_width - trailing, 1))
        if unread:
            title.stylize(style("article-list--unread"))
        row.append_text(title)
        if category_width:
            name = self.source_of(post) if self._categories.names(post) else ""
            short = category_width < self._name_cells + 1  # (_names_width caps it)
            shown = fit(" " + (name[:1] if short else name), category_width)
            row.append_text(shown)
            row.stylize(style("article-list--source"), len(row) - len(shown))
        if time_width:
            row.append(f"{self._when(post):>{time_width - 1}} ", style("article-list--date"))
        return row

    def _when(self, post: Post) -> str:
        """The time column: the day (a list by path), else the time of day (blank: none given)."""
        if not self._by_date:
            return stamp(post.date, "%Y-%m-%d")
        return stamp(post.date, "%H:%M") if has_time_of_day(post.date) else ""
