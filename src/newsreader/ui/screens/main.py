"""The reader's main screen: four panes and the messages between them.

Only this screen knows all the panes (STYLE.md section 2: attributes down,
messages up). ``CategoryTree.Selected`` sets the list's posts,
``ArticleList.Selected`` opens a post in a worker, ``DocumentOpened`` hands the
document to the article view and the outline, ``OutlinePane.HeadingSelected``
scrolls the article, and ``ArticleView.Scrolled`` moves the outline cursor.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.events import Resize
from textual.message import Message
from textual.widgets import Footer, Input

from newsreader.core.document.model import Document
from newsreader.core.document.open import open_document
from newsreader.core.model import Archive, Post, Problem
from newsreader.core.state import StateStore
from newsreader.ui.model.catalog import Group, build_catalog, posts_in
from newsreader.ui.model.history import History
from newsreader.ui.screens.main_actions import ReaderActions
from newsreader.ui.widgets.article_list import ArticleList
from newsreader.ui.widgets.article_view import ArticleView
from newsreader.ui.widgets.category_tree import ALL, CategoryTree
from newsreader.ui.widgets.find_bar import FindBar
from newsreader.ui.widgets.outline_pane import OutlinePane

NARROW = 120
"""Below this many columns the panes take their narrow widths."""
CATEGORIES_MIN_WIDTH = 150
"""Below this many columns the category pane starts hidden (the article needs the room)."""
OUTLINE_MIN_WIDTH = 110
"""Below this many columns the outline pane starts hidden too."""


@dataclass
class OpenRequest:
    """Where to land in a post being opened."""

    post: Post
    block: int | None = None
    scroll_y: float = 0.0
    query: str = ""


class MainScreen(ReaderActions):
    """Category tree | article list | article | outline."""

    BINDINGS: ClassVar[list[BindingType]] = ReaderActions.ACTION_BINDINGS
    """The reader's keys (see :mod:`newsreader.ui.screens.main_actions`)."""

    @dataclass
    class DocumentOpened(Message):
        """A worker finished reading a post's body."""

        request: OpenRequest
        document: Document
        problems: list[Problem] = field(default_factory=list)

    def __init__(
        self,
        archive: Archive,
        posts: Sequence[Post],
        state: StateStore,
        *,
        export_dir: Path | None = None,
        cache_dir: Path | None = None,
    ) -> None:
        """Read ``posts`` (the visible part of ``archive``), keeping ``state``.

        Args:
            archive: The loaded archive.
            posts: The posts the user may see, newest first.
            state: Read marks, bookmarks and the last position.
            export_dir: Where ``e`` saves posts (default: Downloads).
            cache_dir: Where the search index lives (default: the user cache).
        """
        super().__init__()
        self.archive, self.posts, self.state = archive, tuple(posts), state
        self.export_dir, self.cache_dir = export_dir, cache_dir
        self.catalog = build_catalog(archive, self.posts)
        self.by_path = {post.path: post for post in self.posts}
        self.folded = {post.path: post.title.casefold() for post in self.posts}
        self.read = state.read_paths()
        self.history = History()
        self.group: Group = ALL
        self.group_posts: list[Post] = list(self.posts)
        self.current: Post | None = None
        self.document: Document | None = None
        self.opening: OpenRequest | None = None
        self.problems: list[Problem] = list(archive.problems)
        self._side_panes: tuple[bool, bool] | None = None

    def compose(self) -> ComposeResult:
        """The four panes side by side, the find box under the article."""
        with Horizontal(id="panes"):
            yield CategoryTree(id="categories")
            with Vertical(id="list-column"):
                yield Input(placeholder="Filter titles", id="filter")
                yield ArticleList(id="articles")
            with Vertical(id="article-column"):
                yield ArticleView(id="article")
                yield FindBar(id="find")
            yield OutlinePane(id="outline")
        yield Footer()

    def on_mount(self) -> None:
        """Fill the panes, report problems, and open the last or newest post."""
        self.category_tree.show_catalog(self.catalog, len(self.state.bookmarks()))
        articles = self.article_list
        articles.read = self.read
        articles.source_of = self._source_of
        articles.set_posts(self.group_posts)
        articles.focus()
        self._announce()
        self._restore()

    def _source_of(self, post: Post) -> str:
        """The list's source column: the post's first category, by its human name."""
        slug = post.categories[0] if post.categories else ""
        return self.catalog.names.get(slug, slug)

    def _announce(self) -> None:
        """Say at start how many problems there are, and any state notice."""
        if count := len(self.problems):
            plural = "s" if count != 1 else ""
            self.notify(
                f"{count} problem{plural} while loading: press ! to see them.",
                severity="warning",
                markup=False,
            )
        if self.state.notice:
            self.notify(self.state.notice, severity="warning", markup=False)

    def _restore(self) -> None:
        """Open the post read last at its position, else the newest post."""
        last = self.state.last_position()
        if last is not None and last[0] in self.by_path:
            self.open_post(self.by_path[last[0]], scroll_y=last[1])
        elif self.posts:
            self.open_post(self.posts[0])

    def open_post(
        self,
        post: Post,
        *,
        block: int | None = None,
        scroll_y: float = 0.0,
        query: str = "",
        record: bool = True,
    ) -> None:
        """Start opening ``post``; the document arrives as ``DocumentOpened``.

        Args:
            post: The post to read.
            block: A block to scroll to (search hit).
            scroll_y: A line to scroll to (restored position).
            query: Text to highlight once open (search hit).
            record: Add to the back/forward history.
        """
        self.save_position()
        if record:
            self.history.visit(post.path)
        self.opening = OpenRequest(post, block, scroll_y, query)
        self._read_document(self.opening)
        self.refresh_bindings()

    @work(thread=True, exclusive=True, group="open")
    def _read_document(self, request: OpenRequest) -> None:
        """Read and parse the body off the event loop (5 MB posts take a while)."""
        document, problems = open_document(self.archive, request.post)
        self.post_message(self.DocumentOpened(request, document, problems))

    def on_main_screen_document_opened(self, message: DocumentOpened) -> None:
        """Show the document, unless the user has opened another post since."""
        request = message.request
        if request is not self.opening:
            return
        self.current, self.document = request.post, message.document
        self.problems.extend(p for p in message.problems if p not in self.problems)
        self.article_view.show(
            request.post, message.document, block=request.block, scroll_y=request.scroll_y
        )
        self.outline_pane.show_outline(message.document.outline)
        self.set_read(request.post, True)
        if request.post in self.article_list.posts:
            self.article_list.cursor = self.article_list.index_of(request.post)
        self.refresh_bindings()

    def on_article_view_laid_out(self, _: ArticleView.LaidOut) -> None:
        """Highlight a search hit's query once its post is laid out."""
        request = self.opening
        if request is not None and request.query and request.post is self.current:
            self.article_view.find(request.query, block=request.block)
            self.opening = OpenRequest(request.post)  # find once, not after each resize

    def on_category_tree_selected(self, message: CategoryTree.Selected) -> None:
        """List the chosen group's posts (title filter still applied)."""
        self.group = message.group
        self.refresh_group()

    def refresh_group(self) -> None:
        """List the selected group's posts again (bookmarks change)."""
        self.group_posts = posts_in(self.posts, self.group, self.state.bookmarks())
        self._apply_filter()

    @on(Input.Changed, "#filter")
    def _filter_changed(self) -> None:
        """Narrow the list by title as the user types."""
        self._apply_filter()

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self) -> None:
        """Enter in the filter box moves to the list."""
        self.article_list.focus()

    def _apply_filter(self) -> None:
        """Set the list to the group's posts whose title contains the filter text."""
        needle = self.query_one("#filter", Input).value.strip().casefold()
        posts = self.group_posts
        if needle:
            posts = [post for post in posts if needle in self.folded[post.path]]
        self.article_list.set_posts(posts, keep=self.current)

    def on_article_list_selected(self, message: ArticleList.Selected) -> None:
        """Open the chosen post."""
        if message.post is not self.current:
            self.open_post(message.post)

    def on_outline_pane_heading_selected(self, message: OutlinePane.HeadingSelected) -> None:
        """Scroll the article to the chosen heading."""
        self.article_view.scroll_to_block(message.node.block)

    def on_article_view_scrolled(self, message: ArticleView.Scrolled) -> None:
        """Follow the reader in the outline and remember the position."""
        self.outline_pane.follow(message.block)
        self.save_position()

    def save_position(self) -> None:
        """Remember the open post and its scroll offset for the next start."""
        if self.current is not None:
            self.state.save_position(self.current.path, self.article_view.scroll_y)

    @on(Input.Changed, "#find")
    def _find_changed(self, event: Input.Changed) -> None:
        """Highlight matches as the user types."""
        self.article_view.find(event.value)
        self._show_match_count()

    @on(Input.Submitted, "#find")
    def _find_submitted(self) -> None:
        """Keep the highlights and go back to reading (n/N move between them)."""
        self.remove_class("-finding")
        self.article_view.focus()

    def on_find_bar_closed(self) -> None:
        """Escape: clear the highlights and go back to reading."""
        self.find_bar.value = ""
        self.article_view.find("")
        self._show_match_count()
        self.remove_class("-finding")
        self.article_view.focus()

    def on_resize(self, event: Resize) -> None:
        """Hide the side panes as the terminal narrows (categories first), show them when wide.

        Only a change of layout resets the toggles, so ``o``/``c`` choices hold
        while the size stays in the same band.
        """
        width = event.size.width
        self.set_class(width < NARROW, "-narrow")
        side_panes = (width >= CATEGORIES_MIN_WIDTH, width >= OUTLINE_MIN_WIDTH)
        if side_panes != self._side_panes:
            self._side_panes = side_panes
            self.show_categories, self.show_outline = side_panes

    def watch_show_categories(self, show: bool) -> None:
        """Toggle the category pane by class (styled in newsreader.tcss)."""
        self.set_class(not show, "-hide-categories")

    def watch_show_outline(self, show: bool) -> None:
        """Toggle the outline pane by class."""
        self.set_class(not show, "-hide-outline")

    def watch_focus_mode(self, on: bool) -> None:
        """Give the whole screen to the article."""
        self.set_class(on, "-focus")
        if on:
            self.article_view.focus()
