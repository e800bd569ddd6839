"""The article list: date, title and source of each post, one line per post.

A Line-API ``ScrollView`` draws only the rows on screen, so 10^5 posts cost a
list of references and nothing per row until it scrolls into view (a
``DataTable`` or ``OptionList`` measures every row up front).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import ClassVar, Literal

from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from newsreader.core.archive.dates import stamp
from newsreader.core.model import Post

SortKey = Literal["date", "title"]
_DATE_WIDTH = 10
_SOURCE_WIDTH = 14


def sort_posts(posts: Sequence[Post], key: SortKey) -> list[Post]:
    """Order posts newest first, or by title (ties newest first).

    Args:
        posts: Posts in any order.
        key: ``"date"`` or ``"title"``.

    Returns:
        A new sorted list.
    """
    by_date = sorted(posts, key=lambda post: post.sort_key)
    return by_date if key == "date" else sorted(by_date, key=lambda post: post.title.casefold())


class ArticleList(ScrollView, can_focus=True):
    """A cursor over posts; Enter or a click opens one."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article-list--cursor",
        "article-list--unread",
        "article-list--date",
        "article-list--source",
    }
    """Row parts, styled in ``newsreader.tcss``."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor(-1)", "Up", show=False, tooltip="Previous post"),
        Binding("down,j", "cursor(1)", "Down", show=False, tooltip="Next post"),
        Binding("pageup", "page(-1)", "Page up", show=False, tooltip="A page up"),
        Binding("pagedown", "page(1)", "Page down", show=False, tooltip="A page down"),
        Binding("home,g", "jump(0)", "First", show=False, tooltip="First post"),
        Binding("end,G", "jump(-1)", "Last", show=False, tooltip="Last post"),
        Binding("enter", "select", "Open", tooltip="Open the post under the cursor"),
        Binding("t", "toggle_sort", "Sort", tooltip="Sort by date or by title"),
    ]
    """Arrows and vi keys move; Enter opens; ``t`` switches the sort order."""

    cursor: reactive[int] = reactive(0, always_update=True)
    """Index of the highlighted row."""
    sort_key: reactive[SortKey] = reactive[SortKey]("date")
    """Current order: newest first, or by title."""

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
        self._given: Sequence[Post] = ()
        self.posts: list[Post] = []
        self.read: Collection[str] = frozenset()
        self.source_of: Callable[[Post], str] = lambda post: ", ".join(post.categories)

    def set_posts(self, posts: Sequence[Post], *, keep: Post | None = None) -> None:
        """Show ``posts`` in the current order and put the cursor on ``keep``.

        Args:
            posts: The posts to list.
            keep: A post to keep highlighted if it is among them.
        """
        self._given = posts
        self.posts = sort_posts(posts, self.sort_key)
        self.virtual_size = Size(self.size.width, len(self.posts))
        self.cursor = self.index_of(keep) if keep is not None else 0
        self.refresh()

    def index_of(self, post: Post) -> int:
        """Row of ``post``, or 0 when it is not listed."""
        try:
            return self.posts.index(post)
        except ValueError:
            return 0

    @property
    def current(self) -> Post | None:
        """The post under the cursor."""
        return self.posts[self.cursor] if self.posts else None

    def validate_cursor(self, cursor: int) -> int:
        """Keep the cursor on a row."""
        return max(0, min(cursor, len(self.posts) - 1))

    def watch_cursor(self) -> None:
        """Keep the cursor row in view."""
        height = self.scrollable_content_region.height or 1
        if self.cursor < self.scroll_y:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= self.scroll_y + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False, immediate=True)
        self.refresh()

    def watch_sort_key(self) -> None:
        """Re-order, keeping the highlighted post under the cursor."""
        self.set_posts(self._given, keep=self.current)

    def action_cursor(self, step: int) -> None:
        """Move the cursor by ``step`` rows."""
        self.cursor += step

    def action_page(self, direction: int) -> None:
        """Move the cursor a screenful."""
        self.cursor += direction * max(self.scrollable_content_region.height - 1, 1)

    def action_jump(self, row: int) -> None:
        """Go to the first row (0) or the last (-1)."""
        self.cursor = row if row >= 0 else len(self.posts) - 1

    def action_select(self) -> None:
        """Open the post under the cursor."""
        if (post := self.current) is not None:
            self.post_message(self.Selected(self, post))

    def action_toggle_sort(self) -> None:
        """Switch between date and title order."""
        self.sort_key = "title" if self.sort_key == "date" else "date"

    def refresh_marks(self) -> None:
        """Redraw the rows after read marks changed (``read`` is shared, not copied)."""
        self.refresh()

    async def _on_click(self, event: events.Click) -> None:
        """A click moves the cursor there and opens the post."""
        row = event.y + round(self.scroll_y)
        if 0 <= row < len(self.posts):
            self.cursor = row
            self.action_select()

    def render_line(self, y: int) -> Strip:
        """Draw one visible row (Line API)."""
        row = y + round(self.scroll_y)
        width = self.scrollable_content_region.width
        if row >= len(self.posts):
            return Strip.blank(width, self.rich_style)
        text = self._row_text(self.posts[row], width)
        if row == self.cursor:
            text.stylize(self.get_component_rich_style("article-list--cursor"))
        # Let Strip measure the row: truncating wide (CJK) text can leave it a
        # cell short, and a wrong cell_length here shifts every pane to the right.
        # Text.render drops the row's base style, hence apply_style.
        strip = Strip(text.render(self.app.console)).apply_style(self.rich_style)
        return strip.adjust_cell_length(width, self.rich_style)

    def _row_text(self, post: Post, width: int) -> Text:
        """Compose one row: unread mark, date, title, source (all literal text)."""
        unread = post.path not in self.read
        source_width = _SOURCE_WIDTH if width >= 60 else 0
        title_width = max(width - 2 - _DATE_WIDTH - 1 - source_width - 1, 4)
        title = Text(post.title, no_wrap=True, end="")
        title.truncate(title_width, overflow="ellipsis", pad=True)
        style = self.get_component_rich_style
        row = Text(no_wrap=True, end="")
        row.append("● " if unread else "  ", style("article-list--unread"))
        row.append(stamp(post.date, "%Y-%m-%d"), style("article-list--date"))
        row.append(" ")
        row.append_text(title)
        if unread:
            row.stylize(style("article-list--unread"), 2 + _DATE_WIDTH + 1)
        if source_width:
            source = Text(" " + self.source_of(post), no_wrap=True, end="")
            source.truncate(source_width + 1, overflow="ellipsis", pad=True)
            row.append_text(source)
            row.stylize(style("article-list--source"), len(row) - len(source))
        row.truncate(width)
        return row
