"""The article pane: a read-only line renderer over a pre-wrapped layout.

A ``ScrollView`` with ``render_line`` (the Line API, as toolong's log view)
draws only the visible lines, so a 5 MB post scrolls as fast as a short one.
The layout is computed in a thread worker, on open and again on resize, and
knows each block's first line: that is how the outline jumps to a heading and
how the pane reports which section the reader is in.

The worker hands the layout over in parts (:class:`~newsreader.ui.model.layout.Layouter`):
first the lines down to the place to show (the top, a search hit, the saved
position) and a screen more, so a 5 MB post is on screen at once; then the
rest, :data:`PART_BLOCKS` blocks a part, each added at the end while the
reader reads. What needs a line not laid out yet waits for it: a jump to a
later heading or to the end (``G``) lands when its part does, find goes on
finding in each new part, and the end of the post is reported only once it
is really there.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.strip import Strip
from textual.worker import Worker, get_current_worker

from newsreader.core.document.model import Document, Link
from newsreader.core.model import Post
from newsreader.ui.model.find import Match, find_matches
from newsreader.ui.model.layout import ArticleLayout, Layouter, LayoutPart, layout_article
from newsreader.ui.model.links import LinkMark, link_marks, next_mark
from newsreader.ui.widgets.line_view import LineView

_ROLES = ("title", "meta", "h1", "h2", "h3", "h4", "item", "link", "quote", "code", "table")
PART_BLOCKS = 2_000
"""Blocks per part after the first: about 50 ms of layout on a loaded machine."""
FIRST_BLOCKS = 40
"""Blocks of the first part at least, besides the screens it must fill."""


@dataclass(frozen=True, slots=True)
class _Target:
    """Where to scroll once the layout holds it: a block, the end, else a line."""

    block: int | None = None
    y: float = 0.0
    end: bool = False


class ArticleView(LineView, can_focus=True):
    """Shows one post: header, wrapped body, link list; find-in-article."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {f"article-view--{role}" for role in _ROLES} | {
        "article-view--match",
        "article-view--match-current",
        "article-view--link-selected",
    }
    """One class per line role, styled in ``newsreader.tcss``."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "scroll_down", "Down", show=False, tooltip="Scroll down a line"),
        Binding("k", "scroll_up", "Up", show=False, tooltip="Scroll up a line"),
        Binding("space", "page_down", "Page down", show=False, tooltip="Scroll down a page"),
        Binding("g", "scroll_home", "Top", show=False, tooltip="Go to the top"),
        Binding("G", "scroll_end", "End", show=False, tooltip="Go to the end"),
    ]
    """Vi-style scrolling on top of ScrollView's arrows and page keys."""

    @dataclass
    class Scrolled(Message):
        """The block at the top of the view changed (the reader moved on)."""

        view: ArticleView
        block: int
        scroll_y: float

        @property
        def control(self) -> ArticleView:
            """The view that scrolled."""
            return self.view

        def can_replace(self, message: Message) -> bool:
            """Only the latest position matters when many arrive at once."""
            return isinstance(message, ArticleView.Scrolled)

    @dataclass
    class ReachedEnd(Message):
        """The post's last line has been on screen (once per post shown)."""

        view: ArticleView
        post: Post

    @dataclass
    class LaidOut(Message):
        """A layout is on screen (after opening a post or a resize), and again once complete.

        A big post is shown before all of it is laid out: ``complete`` is
        False then, and a second message follows when the last part is in.
        """

        view: ArticleView
        complete: bool = True

    @dataclass
    class PartReady(Message, bubble=False):
        """The layout worker made the next part of the layout (handled by the view)."""

        view: ArticleView
        worker: Worker[None] | None
        post: Post
        width: int
        part: LayoutPart
        first: bool

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        """Start empty; the screen hands posts in with :meth:`show`."""
        super().__init__(id=id, classes=classes)
        self.post: Post | None = None
        self.document: Document | None = None
        self.layout_: ArticleLayout = ArticleLayout(0)
        self.matches: list[Match] = []
        self.match_index = -1
        self.query_text = ""
        self._target: _Target | None = None
        self._top_block = -2
        self._anchor: int | None = None
        """The block the reader's place is at: set where the reader scrolls or
        jumps to, not where a resize or the end of the post pushes the view."""
        self._placing = False  # the view is scrolling itself to a target
        self._size_seen = Size(0, 0)  # the size the last resize was handled at
        self._cache: LRUCache[int, Strip] = LRUCache(1024)
        self._cache_shape = (0, 0)  # the width and margin the cached lines were drawn at
        self._by_line: dict[int, list[tuple[int, int, int]]] = {}
        self._marks: list[LinkMark] | None = None
        self._mark_index = -1
        self.max_text_width = 0
        """Most cells a line takes (0: the pane's width); lines are centred in the rest."""
        self._end_reported: Post | None = None
        self._asked: tuple[Post, int] | None = None
        self._worker: Worker[None] | None = None
        self._awaiting = False
        """Whether a new layout is on its way (the one on screen is another post's or width's)."""
        self._seek: int | None = None
        """The line find is to go to the first match at or after, once a part holds one."""
        self._seek_block: int | None = None
        """The block find is to start from, while it is not laid out yet."""

    def show(
        self,
        post: Post,
        document: Document,
        *,
        block: int | None = None,
        scroll_y: float = 0.0,
        layout: ArticleLayout | None = None,
    ) -> None:
        """Display a post, then scroll to ``block`` or to line ``scroll_y``.

        Args:
            post: The post (for the header).
            document: Its parsed body.
            block: A block to bring to the top (a search hit, a heading).
            scroll_y: A line to restore (the saved reading position).
            layout: The post already laid out (by the worker that read it).
                Installed at once when it fits the view's width, so the open
                is drawn in one paint; otherwise the view lays it out again.
        """
        self.post, self.document = post, document
        self.matches, self.match_index, self.query_text = [], -1, ""
        self._seek = self._seek_block = None
        if self.border_subtitle:  # the last post's match count is not this one's
            self.border_subtitle = ""  # (only then: setting it repaints the whole view)
        self._by_line = {}
        self._target = _Target(block, scroll_y)
        self._anchor = None
        self._asked = None  # shown again: laid out again, to land on the new target
        if layout is not None and layout.complete and layout.width == self.text_width():
            self._show_whole(post, layout)
            return
        self._awaiting = True
        # Laid out after the next refresh, at the width the panes have then:
        # the screen may be showing or hiding the outline for this very post.
        self.call_after_refresh(self._layout_if_needed)

    def text_width(self) -> int:
        """Cells per line: the pane minus padding and scrollbar, at most ``max_text_width``."""
        width = max(self.scrollable_content_region.width - 1, 10)
        return min(width, self.max_text_width) if self.max_text_width > 0 else width

    @property
    def margin(self) -> int:
        """Blank cells left of each line, which centre a capped text in a wide pane."""
        return self._margin_in(self.scrollable_content_region.width)

    def _margin_in(self, width: int) -> int:
        """The margin for a pane ``width`` cells wide (less the scrollbar's cell)."""
        return max((width - 1 - self.layout_.width) // 2, 0) if self.max_text_width > 0 else 0

    def on_resize(self) -> None:
        """Re-wrap at the new width, keeping the reader's place.

        The place is :attr:`_anchor`, not the block at the top now: taller,
        the view may stop short of a heading near the end (the post ends
        there), and taken from the top, the next resize lost that much more.
        """
        self._size_seen = self.size
        if self.document is None:
            return
        if self._target is None and self.text_width() != self.layout_.width:
            anchor = self._anchor
            self._target = _Target(self.top_block if anchor is None else anchor)
        self._layout_if_needed()

    def _layout_if_needed(self) -> None:
        """Start a layout unless one of this post at this width is on screen or on its way.

        Compared with what was last asked for, not with what is on screen, so
        a resize while a big post is being laid out does not start it again.
        """
        if self.post is None or self.document is None:
            return
        width = self.text_width()
        if self._asked is not None and self._asked[0] is self.post and self._asked[1] == width:
            return
        self._asked = (self.post, width)
        self._awaiting = True
        self._worker = self._relayout(width, self._target or _Target(), self._screen_lines())

    def _screen_lines(self) -> int:
        """Lines a screen shows (at least a terminal's worth before the first layout)."""
        return max(self.scrollable_content_region.height, 24)

    @work(thread=True, exclusive=True, group="article-layout")
    def _relayout(self, width: int, target: _Target, screen: int) -> None:
        """Lay the document out off the event loop, in parts (big posts take a while).

        The first part reaches ``target`` and fills two screens below it.
        """
        post, document = self.post, self.document
        if post is None or document is None:
            return
        worker = get_current_worker()
        layouter = Layouter(post, document, width)
        first_blocks = FIRST_BLOCKS + (target.block or 0)
        part = layouter.next_part(first_blocks, lines=round(target.y) + 2 * screen)
        self.post_message(self.PartReady(self, worker, post, layouter.width, part, True))
        while not part.complete and not worker.is_cancelled:
            part = layouter.next_part(PART_BLOCKS)
            self.post_message(self.PartReady(self, worker, post, layouter.width, part, False))

    def on_article_view_part_ready(self, message: PartReady) -> None:
        """Show the first part of a layout, or add a later one at the end."""
        if message.worker is not self._worker or message.post is not self.post:
            return  # another post, or another width, was asked for since
        if message.first:
            self._install(ArticleLayout(message.width, complete=False), message.part)
        else:
            self._add_part(message.part)
        if message.part.complete:
            self.post_message(self.LaidOut(self, complete=True))

    def _show_whole(self, post: Post, layout: ArticleLayout) -> None:
        """Install a whole layout made elsewhere; a layout still on its way is dropped."""
        if self._worker is not None:
            self._worker.cancel()
        self._worker, self._asked = None, (post, layout.width)
        self._install(layout)
        self.post_message(self.LaidOut(self, complete=True))

    def _install(self, layout: ArticleLayout, part: LayoutPart | None = None) -> None:
        """Swap a new layout in, its first part (if it comes in parts) on screen."""
        if part is not None:
            layout.extend(part)
        self.layout_, self._awaiting = layout, False
        self._marks, self._mark_index = None, -1
        self._cache.clear()
        self.virtual_size = Size(layout.width, len(layout.lines))
        if self.query_text:
            self.matches = find_matches(layout.lines, self.query_text)
            self.match_index = min(self.match_index, len(self.matches) - 1)
            self._after_match_change()
        self._target = self._target or _Target()
        self._go_to_target()
        self.refresh()
        if not layout.complete:
            self.post_message(self.LaidOut(self, complete=False))

    def _add_part(self, part: LayoutPart) -> None:
        """Add a later part at the end, and do what was waiting for it."""
        layout = self.layout_
        offset = len(layout.lines)
        layout.extend(part)
        self._marks = None  # found again when asked (the same ones first, so the index holds)
        self.virtual_size = Size(layout.width, len(layout.lines))
        if self.query_text:
            self._add_matches(find_matches(part.lines, self.query_text), offset)
        self._go_to_target()
        self._report_position()

    def _reaches(self, target: _Target) -> bool:
        """Whether the layout holds ``target`` and a screen below it (all of it, for the end)."""
        layout = self.layout_
        if layout.complete:
            return True
        if target.end:
            return False
        if target.block is not None and target.block >= len(layout.block_y):
            return False
        y = target.y if target.block is None else self.block_y(target.block)
        return y + self._screen_lines() <= len(layout.lines)

    def _go_to_target(self) -> None:
        """Scroll to the waiting target once the layout reaches it."""
        target = self._target
        if target is None or self._awaiting or not self._reaches(target):
            return  # (a layout on its way lands on the target itself)
        self._target = None
        if target.end:
            y: float = self.max_scroll_y
        else:
            y = target.y if target.block is None else self.block_y(target.block)
        self._placing = True
        try:
            self.scroll_to(y=y, animate=False, immediate=True, force=True)
        finally:
            self._placing = False
        self._anchor = target.block if target.block is not None else self.top_block
        self._top_block = -2
        self._report_position()

    def block_y(self, block: int) -> int:
        """First line of ``block`` in the current layout (0 when unknown)."""
        block_y = self.layout_.block_y
        return block_y[block] if 0 <= block < len(block_y) else 0

    def scroll_to_block(self, block: int) -> None:
        """Bring ``block`` to the top of the view (outline jumps, search hits).

        Args:
            block: Index into the document's blocks.
        """
        self._target = _Target(block)
        self._go_to_target()

    def action_scroll_end(self) -> None:
        """Go to the end of the post (``G``, End), once it is laid out."""
        if self._target is None and self.layout_.complete:
            super().action_scroll_end()
            return
        self._target = _Target(end=True)
        self._go_to_target()

    @property
    def top_block(self) -> int:
        """The block shown at the top of the view (-1 for the header)."""
        return self.layout_.block_at(round(self.scroll_y))

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        """Tell the screen when the reader enters another block (and note the place)."""
        super().watch_scroll_y(old_value, new_value)
        if not self._placing and self.size == self._size_seen:  # the reader's own scroll
            self._anchor = None
        self._report_position()

    def _report_position(self) -> None:
        if self.document is None or self._target is not None:
            return
        at_end = self.layout_.complete and self.scroll_y >= self.max_scroll_y
        if self.post is not self._end_reported and at_end:
            self._end_reported = self.post
            if self.post is not None:
                self.post_message(self.ReachedEnd(self, self.post))
        block = self.top_block
        if block != self._top_block:
            self._top_block = block
            self.post_message(self.Scrolled(self, block, self.scroll_y))

    def plain_text(self) -> str:
        """The article as shown (all of it, laid out now if need be)."""
        layout = self.layout_
        if not layout.complete and self.post is not None and self.document is not None:
            layout = layout_article(self.post, self.document, layout.width)
        return layout.plain_text()

    def find(self, query: str, *, block: int | None = None) -> int:
        """Highlight every match of ``query`` and go to the first one.

        Args:
            query: Literal text; case is ignored.
            block: Start from this block instead of the current view.

        Returns:
            How many matches there are.
        """
        self.query_text = query
        self.matches = find_matches(self.layout_.lines, query)
        self._seek_block = None
        if block is not None and block >= len(self.layout_.block_y) and not self.layout_.complete:
            self._seek, self._seek_block = None, block  # a later part holds it
        else:
            self._seek = self.block_y(block) if block is not None else round(self.scroll_y)
        self.match_index = -1
        self._pick_match()
        self._after_match_change()
        return len(self.matches)

    def _pick_match(self) -> bool:
        """Go to the first match from where find started, once the layout holds one.

        Returns:
            Whether the current match changed.
        """
        layout = self.layout_
        if self._seek_block is not None and self._seek_block < len(layout.block_y):
            self._seek, self._seek_block = self.block_y(self._seek_block), None
        if self._seek is None:
            return False
        start = self._seek
        after = next((i for i, pieces in enumerate(self.matches) if pieces[0][0] >= start), -1)
        if after < 0 and not layout.complete:
            return False  # not found yet: perhaps in a part still to come
        self._seek = None
        self.match_index = after if after >= 0 else (0 if self.matches else -1)
        return True

    def _add_matches(self, found: list[Match], offset: int) -> None:
        """Add the matches of a new part (its line numbers from ``offset``)."""
        first = len(self.matches)
        for pieces in found:
            self.matches.append(tuple((y + offset, a, b) for y, a, b in pieces))
        if self._pick_match():
            self._after_match_change()
            return
        for index, pieces in enumerate(self.matches[first:], first):
            for y, start, end in pieces:
                self._by_line.setdefault(y, []).append((index, start, end))
        if found or self.layout_.complete:
            self._show_count()

    def next_match(self, step: int = 1) -> None:
        """Go to the next match (``step=-1``: the previous one), wrapping around."""
        if self.matches:
            self.match_index = (self.match_index + step) % len(self.matches)
            self._after_match_change()

    def _after_match_change(self) -> None:
        """Redraw the highlights, bring the current match into view, say "i/n" below."""
        self._show_count()
        self._by_line = {}
        for index, pieces in enumerate(self.matches):
            for y, start, end in pieces:
                self._by_line.setdefault(y, []).append((index, start, end))
        self._cache.clear()
        self.refresh()
        if self.match_index >= 0:
            y = self.matches[self.match_index][0][0]
            if not self.scroll_y <= y < self.scroll_y + self.scrollable_content_region.height:
                self.scroll_to(y=max(y - 3, 0), animate=False, immediate=True)

    def _show_count(self) -> None:
        """Say "i/n" below the article while finding ("+" while parts are still to come)."""
        more = "" if self.layout_.complete else "+"
        self.border_subtitle = (
            f"{self.match_index + 1}/{len(self.matches)}{more}" if self.query_text else ""
        )

    @property
    def selected_link(self) -> Link | None:
        """The link whose mark is highlighted (``L``), if any."""
        marks = self._marks or []
        return marks[self._mark_index].link if 0 <= self._mark_index < len(marks) else None

    def next_link(self, step: int = 1) -> Link | None:
        """Highlight the next (``step=-1``: previous) ``[n]`` mark, from the view's top.

        Returns:
            The link now selected, or None when the post has none.
        """
        if self.document is None:
            return None
        if self._marks is None:
            self._marks = link_marks(self.layout_.lines, self.document)
        self._mark_index = next_mark(self._marks, self._mark_index, step, round(self.scroll_y))
        self._cache.clear()
        self.refresh()
        if (link := self.selected_link) is not None:
            y = self._marks[self._mark_index].y
            if not self.scroll_y <= y < self.scroll_y + self.scrollable_content_region.height:
                self.scroll_to(y=max(y - 3, 0), animate=False, immediate=True)
        return link

    def notify_style_update(self) -> None:
        """Drop cached lines (and the base style) when the theme or CSS changes."""
        self._cache.clear()
        super().notify_style_update()

    def render_line(self, y: int) -> Strip:
        """Draw one visible line (Line API); lines are cached at one width and margin."""
        scroll_x, scroll_y = self.scroll_offset
        line_y = scroll_y + y
        width = self.scrollable_content_region.width
        if line_y >= len(self.layout_.lines):
            return Strip.blank(width, self.base_style)
        margin = self._margin_in(width)
        if self._cache_shape != (width, margin):
            self._cache.clear()
            self._cache_shape = (width, margin)
        strip = self._cache.get(line_y)
        if strip is None:
            strip = self.line_strip(self._line_text(line_y), width, margin)
            self._cache[line_y] = strip
        return strip if not scroll_x else strip.crop_extend(scroll_x, scroll_x + width, None)

    def _line_text(self, y: int) -> Text:
        """A layout line with its roles', matches' and selected link's styles (never markup)."""
        line = self.layout_.lines[y]
        text = Text(line.text, no_wrap=True, end="")
        for start, end, role in line.spans:
            text.stylize(self.get_component_rich_style(f"article-view--{role}"), start, end)
        for index, start, end in self._by_line.get(y, ()):
            current = "-current" if index == self.match_index else ""
            text.stylize(self.get_component_rich_style(f"article-view--match{current}"), start, end)
        if self._marks and 0 <= self._mark_index < len(self._marks):
            mark = self._marks[self._mark_index]
            if mark.y == y:
                selected = self.get_component_rich_style("article-view--link-selected")
                text.stylize(selected, mark.start, mark.end)
        return text
