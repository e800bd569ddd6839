"""The reader's list keys: unread workflow, filter, sort, and the list's header.

A base class of :class:`~newsreader.ui.screens.main.MainScreen`, kept apart so
the main screen stays about its panes. The rules (which post is the next
unread, what the filter keeps, what mark-all takes back) are the Textual-free
:class:`~newsreader.ui.model.reading.Reading`'s; this class runs them and
redraws the list, the tree counts and the list's header.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from operator import attrgetter
from typing import ClassVar

from textual import getters, on, work
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.geometry import Region
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget

from newsreader.core.index.query import NoSearchableTerm
from newsreader.core.index.search import matching_paths
from newsreader.core.model import Post
from newsreader.core.text.safe import clean_line
from newsreader.ui.model.catalog import ALL, groups_of
from newsreader.ui.model.filter_query import FilterQuery, format_filter
from newsreader.ui.model.listing import SORT_NAMES
from newsreader.ui.model.reading import Reading
from newsreader.ui.options import ReaderOptions
from newsreader.ui.widgets.article_list import ArticleList
from newsreader.ui.widgets.category_tree import CategoryTree
from newsreader.ui.widgets.filter_box import FilterBox

BODY_SEARCH_DELAY = 0.4
"""Seconds of no typing before the index is asked about bodies: one query per
pause, not per key, and a first query may build the index for a while."""
CURSOR_GRACE = 0.1
"""Seconds next-unread waits for the post before it moves the list's cursor anyway."""
TOAST_SECONDS = 2.0
"""Routine confirmations go quickly: a toast sits over the article's right edge."""


def quiet(keys: str, action: str, description: str, tooltip: str, *, id: str) -> Binding:
    """A key kept out of the footer (the help screen and the palette list it)."""
    return Binding(keys, action, description, show=False, tooltip=tooltip, id=id)


def retitle(pane: Widget, title: str, subtitle: str) -> None:
    """Set a bordered pane's title and subtitle, repainting only the border rows that change.

    Textual's ``border_title`` setter repaints the whole widget: for the list
    column, every row of the list at each read mark, which was half the
    mark-read key's time at 10^5 posts. The text is made as that setter makes
    it, except that it is literal: the setter (and ``render_str``) would parse
    it as markup, and it holds the user's filter and the command line's
    names, where ``[/]`` crashed the reader. Only the repaint is narrowed to
    the border row the text sits on.
    """
    width, height = pane.outer_size
    left, top = pane.content_offset
    for name, text, row in (
        ("_border_title", title, 0),
        ("_border_subtitle", subtitle, height - 1),
    ):
        content = Content(text).expand_tabs(4).split()[0]
        if getattr(pane, name) != content:
            setattr(pane, name, content)
            pane.refresh(Region(-left, row - top, width, 1))


class ListActions(Screen[None]):
    """Keys over the article list, shared by every pane of the main screen."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "u",
            "next_unread(1)",
            "Unread",
            tooltip="Next unread post (on into the next category)",
            id="next-unread",
        ),
        quiet("U", "next_unread(-1)", "Prev unread", "Previous unread post", id="prev-unread"),
        quiet(
            "A", "mark_all_read", "All read", "Mark every post in the list read", id="mark-all-read"
        ),
        quiet("z", "undo_mark_all", "Undo", "Take back the last mark-all-read", id="undo-mark-all"),
        quiet(
            "v",
            "toggle_unread_only",
            "Unread only",
            "Show only unread posts, or all",
            id="unread-only",
        ),
        quiet("t", "cycle_sort", "Sort", "Sort by date, title (pinyin) or category", id="sort"),
        quiet("F", "filter", "Filter", "Filter the list (also / in the list)", id="filter"),
    ]
    """The unread workflow, after newsboat's habits; ``u`` keeps ``n`` for find."""

    reading: Reading
    options: ReaderOptions
    _body_timer: Timer | None = None
    article_list = getters.query_one(ArticleList)
    category_tree = getters.query_one(CategoryTree)
    filter_box = getters.query_one(FilterBox)

    @dataclass
    class BodyHits(Message):
        """The index answered which bodies hold the filter's words."""

        words: tuple[str, ...]
        paths: frozenset[str]

    def open_post(self, post: Post) -> None:
        """Open ``post`` (the main screen's)."""
        raise NotImplementedError

    def show_article(self) -> None:
        """Bring the article into view where one pane shows at a time (the main screen's)."""
        raise NotImplementedError

    def refresh_list(self, *, keep: Post | None = None) -> None:
        """Show the group's posts through the filter, in order, and say so in the header."""
        reading = self.reading
        posts = reading.visible()
        articles = self.article_list
        articles.empty_text = self._empty_text()
        articles.set_posts(posts, keep=keep or articles.current, by_date=reading.sort == "date")
        self.update_list_header()

    def _empty_text(self) -> str:
        if self.reading.query.is_empty and not self.reading.unread_only:
            return "No posts here."
        return "Nothing matches the filter (Esc in the filter box clears it)."

    def update_list_header(self) -> None:
        """Name the order and the filter over the list, with the counts."""
        reading = self.reading
        posts = self.article_list.posts
        unread = self._unread_listed(posts)
        parts = [f"{unread}/{len(posts)} unread", SORT_NAMES[reading.sort]]
        if shown := self._group_shown():
            parts.insert(0, shown)  # first: a narrow header keeps where the list is from
        if not reading.query.is_empty:
            parts.append(f"filter {format_filter(reading.query)}")
        if reading.unread_only:
            parts.append("unread only")
        if summary := self.options.filter_summary():
            parts.append(summary)
        column = self.query_one("#list-column")
        problems = reading.query.problems
        title = clean_line(" · ".join(parts))
        subtitle = clean_line("; ".join(problems)) if problems else ""
        retitle(column, title, subtitle)

    def _group_shown(self) -> str:
        """The chosen group as the header names it; nothing for All posts."""
        group = self.reading.group
        if group == ALL:
            return ""
        if group.kind in ("year", "month", "day"):
            return "-".join(group.path)
        name = self.category_tree.name_of(group) or (group.path[-1] if group.path else "")
        return f"tag {name}" if group.kind == "tag" else name

    def _unread_listed(self, posts: Sequence[Post]) -> int:
        """Unread posts in the list: the tree's count when the list is a whole group.

        Counting 10^5 posts on each mark cost most of the mark-read key.
        """
        reading = self.reading
        whole_group = reading.query.is_empty and not reading.unread_only
        if whole_group and reading.group in self.category_tree.groups:
            return reading.unread[reading.group]
        read = reading.read  # counted by C-level iterators: 0.17 s over 10^6 posts in Python
        return len(posts) - sum(map(read.__contains__, map(attrgetter("path"), posts)))

    @on(FilterBox.Changed, "#filter")
    def _filter_changed(self, event: FilterBox.Changed) -> None:
        """Narrow the list as the user types; bodies are asked of the index meanwhile."""
        self.reading.set_filter(event.value)
        self.refresh_list()
        if self._body_timer is not None:
            self._body_timer.stop()
        if (words := self.reading.query.words) and self.reading.text_hits is None:
            self._body_timer = self.set_timer(BODY_SEARCH_DELAY, partial(self._find_bodies, words))

    @work(thread=True, exclusive=True, group="filter")
    def _find_bodies(self, words: tuple[str, ...]) -> None:
        """Ask the index which bodies hold ``words`` (off the event loop: it may build)."""
        options, archive = self.options, self.reading.archive
        text = format_filter(FilterQuery(words=words))
        try:
            paths = matching_paths(
                archive.root,
                archive,
                text,
                cache_dir=options.cache_dir,
                use_cache=options.use_cache,
            )
        except NoSearchableTerm:
            paths = []
        self.post_message(self.BodyHits(words, frozenset(paths)))

    def on_list_actions_body_hits(self, message: BodyHits) -> None:
        """Add the posts whose body matched, if the filter still has these words."""
        if message.words == self.reading.query.words:
            self.reading.text_hits = message.paths
            self.refresh_list()

    def on_filter_box_left(self, message: FilterBox.Left) -> None:
        """Escape, Down or Enter left the box (which focused the list itself): Escape clears."""
        if message.cleared:
            self.reading.set_filter("")
            self.refresh_list()

    def action_filter(self) -> None:
        """Put the cursor in the filter box."""
        self.filter_box.focus()

    def marks_changed(self, posts: list[Post] | None = None) -> None:
        """Redraw what shows read marks: the list, its header, the tree counts."""
        self.article_list.refresh_marks(posts)
        groups = None if posts is None else {g for post in posts for g in groups_of(post)}
        self.category_tree.refresh_unread(groups)
        self.update_list_header()

    def mark_read(self, post: Post, read: bool = True) -> None:
        """Mark one post, then redraw its counts."""
        if self.reading.set_read(post, read):
            self.marks_changed([post])

    def action_next_unread(self, step: int) -> None:
        """Open the next unread post of the list, or of the next category that has one."""
        articles, reading = self.article_list, self.reading
        current, opening = reading.current, reading.opening
        if current is not None and opening is not None and opening.chosen and current in articles:
            start = articles.index_of(current)
        else:  # nothing chosen yet (the post shown at start): the cursor's post counts
            start = articles.cursor - step
        target = reading.next_unread(articles.posts, start, step)
        if target is None:
            found = reading.next_unread_group(step)
            if found is None:
                self.notify("No unread posts left.", timeout=TOAST_SECONDS)
                return
            reading.choose_group(found[0])
            self.category_tree.select_group(found[0])
            self.refresh_list()
            edge = -1 if step > 0 else len(articles.posts)
            target = reading.next_unread(articles.posts, edge, step)
        if target is not None:
            post = articles.posts[target]
            self.open_post(post)
            self.show_article()  # read where it is shown: never marked read unseen
            # The cursor moves as the post arrives, in the same paint; a big
            # post, slow to read, has it moved after a moment instead.
            self.set_timer(CURSOR_GRACE, partial(self._cursor_to_opening, post))

    def _cursor_to_opening(self, post: Post) -> None:
        """Put the cursor on ``post`` if it is still the one being opened."""
        opening, articles = self.reading.opening, self.article_list
        if opening is not None and opening.post is post and post in articles:
            if (index := articles.index_of(post)) != articles.cursor:  # (always_update: a repaint)
                articles.cursor = index

    def action_mark_all_read(self) -> None:
        """Mark every post in the list read (``z`` takes it back)."""
        count = self.reading.mark_all_read(self.article_list.posts)
        self.marks_changed()
        self.notify(f"Marked {count} read (z to undo).", timeout=TOAST_SECONDS)

    def action_undo_mark_all(self) -> None:
        """Take back the last mark-all-read."""
        if not self.reading.undo:
            self.notify("Nothing to undo: no list was marked read.", timeout=TOAST_SECONDS)
            return
        count = self.reading.undo_mark_all()
        self.marks_changed()
        self.notify(f"{count} unread again.", timeout=TOAST_SECONDS)

    def action_toggle_unread_only(self) -> None:
        """Show only unread posts, or every post again."""
        self.reading.unread_only = not self.reading.unread_only
        self.refresh_list()

    def action_cycle_sort(self) -> None:
        """Sort by date, then title (pinyin), then category."""
        self.reading.cycle_sort()
        self.refresh_list()
