"""The reader's main screen: four panes, the messages between them, and the keys.

Only this screen knows all the panes (attributes down, messages up).
``CategoryTree.Selected`` sets the list's posts, ``ArticleList.Selected`` opens
a post in a worker, ``DocumentOpened`` hands the document to the article view
and the outline, ``OutlinePane.HeadingSelected`` scrolls the article, and
``ArticleView.Scrolled`` moves the outline cursor. What the keys decide (which
post is next, where back leads, what the filter keeps) lives in the
Textual-free :class:`~newsreader.ui.model.reading.Reading`.
"""

from __future__ import annotations

import gc
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar

from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Input

from newsreader.core.document.model import Document
from newsreader.core.document.open import open_document
from newsreader.core.model import Archive, Post, Problem
from newsreader.core.state import default_state_dir
from newsreader.core.text.safe import clean_line
from newsreader.ui.model.catalog import Group
from newsreader.ui.model.first_screen import whole_list
from newsreader.ui.model.layout import ArticleLayout, layout_article
from newsreader.ui.model.live import live_notices, reopened
from newsreader.ui.model.reading import (
    Derived,
    OpenRequest,
    Reading,
    derive,
    neighbour,
    offered_posts,
)
from newsreader.ui.model.view import SavedView, read_view
from newsreader.ui.options import ReaderOptions
from newsreader.ui.screens.link_actions import LinkActions
from newsreader.ui.screens.list_actions import TOAST_SECONDS, ListActions, quiet
from newsreader.ui.screens.outline_state import expand_blocks, expanded_blocks
from newsreader.ui.screens.pane_actions import PaneActions
from newsreader.ui.widgets.archive_watcher import ArchiveWatcher, Settle
from newsreader.ui.widgets.article_list import ArticleList
from newsreader.ui.widgets.article_view import ArticleView
from newsreader.ui.widgets.category_tree import CategoryTree
from newsreader.ui.widgets.filter_box import FilterBox
from newsreader.ui.widgets.find_bar import FindBar
from newsreader.ui.widgets.index_completer import IndexCompleter
from newsreader.ui.widgets.outline_pane import OutlinePane
from newsreader.ui.widgets.pane_divider import PaneDivider
from newsreader.ui.widgets.steady_footer import SteadyFooter
from newsreader.ui.widgets.tree_place import TreePlace

if TYPE_CHECKING:
    from newsreader.ui.screens.export_dialog import ExportOutcome
    from newsreader.ui.screens.search import SearchResult

# The screens a key pushes (help, overview, problems, export, search) and
# their models are imported when first pushed: none is on the first screen,
# and together they were some 12% of the reader's import time.

_POST_ACTIONS = frozenset(
    {"export", "copy", "toggle_read", "toggle_bookmark", "find"}
    | {"next_link", "open_link", "open_source", "copy_link"}
)
"""Actions that need an open post."""


PRELAID_BLOCKS = 2_000
"""Posts of up to this many blocks are laid out in the worker that reads them.

Well past any news post (a 5 KB post has tens of blocks), so only huge posts
take the view's own layout, which shows the post without waiting for it.
"""
FREEZE_FROM = 20_000
"""Posts from which the archive is left out of the garbage collector's full passes."""
STATE_NOTICE_SECONDS = 30.0
"""How long a notice that reading state is not being saved stays on screen.

It comes while the user reads on (a failed write, told once), with the toast
of the very key that met it: the usual 5 s were gone before it was read.
"""


def keep_out_of_collections(posts: int) -> bool:
    """Leave a big archive, loaded now, out of the garbage collector's full passes.

    A full pass walked the 10^5 posts and their lookups: 0.3-0.5 s, landing
    on a key now and then (the reader bench's worst runs). ``gc.freeze``
    moves every object alive now out of the collector's generations; they are
    still freed by reference counting when dropped. A small archive's passes
    are cheap, and freezing would also keep whatever cyclic garbage is alive
    at that moment: it is left alone.

    Returns:
        Whether the heap was frozen.
    """
    if posts < FREEZE_FROM:
        return False
    gc.freeze()
    return True


def settle_heap() -> None:
    """Once the first post is drawn: collect the start's garbage, then freeze what is alive.

    The start leaves some 10^5 long-lived objects (modules, Textual's
    widgets and styles, a small archive's posts) that every full pass walked
    again: with a big post's layout setting off several passes, opening a
    5 MB post stalled the screen 147-195 ms (the stall bench), 86 ms with
    them frozen. Collecting first freezes no cyclic garbage; after a big
    archive's :func:`keep_out_of_collections` the pass only walks what came
    since. Called once, after the first post's paint.
    """
    gc.collect()
    gc.freeze()


class MainScreen(PaneActions, ListActions, LinkActions):
    """Category tree | article list | article | outline."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark", "help", "Help", tooltip="Show every key", id="help"),
        quiet("slash", "find", "Find", "Find in the article (in the list, / filters)", id="find"),
        quiet("n", "next_match(1)", "Next match", "Next match", id="next-match"),
        quiet("N", "next_match(-1)", "Prev match", "Previous match", id="prev-match"),
        quiet(
            "right_square_bracket",
            "section(1)",
            "Next section",
            "Scroll to the next section",
            id="next-section",
        ),
        quiet(
            "left_square_bracket",
            "section(-1)",
            "Prev section",
            "Scroll to the previous section",
            id="prev-section",
        ),
        quiet(
            "J,full_stop",
            "article(1)",
            "Next post",
            "Open the next post in the list",
            id="next-post",
        ),
        quiet(
            "K,comma",
            "article(-1)",
            "Prev post",
            "Open the previous post in the list",
            id="prev-post",
        ),
        quiet(
            "h,backspace",
            "back",
            "Back",
            "Back to the post read before (one pane at a time: back to the list)",
            id="back",
        ),
        quiet("escape", "to_list", "To list", "Back to the article list", id="to-list"),
        quiet("l", "forward", "Forward", "Forward again after going back", id="forward"),
        quiet("o", "toggle_outline", "Outline", "Show or hide the outline", id="outline"),
        quiet(
            "c", "toggle_categories", "Categories", "Show or hide the categories", id="categories"
        ),
        quiet("f", "toggle_focus", "Focus", "Article alone on screen, or back", id="focus"),
        quiet(
            "less_than_sign",
            "resize_list(-1)",
            "Narrower",
            "Make the list narrower",
            id="list-narrower",
        ),
        quiet(
            "greater_than_sign", "resize_list(1)", "Wider", "Make the list wider", id="list-wider"
        ),
        Binding("s", "search", "Search", tooltip="Search the whole archive", id="search"),
        quiet(
            "e", "export", "Export", "Save the post, its section or the list as text", id="export"
        ),
        quiet("y", "copy", "Copy", "Copy the article text", id="copy"),
        quiet("r", "toggle_read", "Read", "Mark the post read or unread", id="read"),
        quiet("b", "toggle_bookmark", "Bookmark", "Bookmark the post", id="bookmark"),
        quiet(
            "exclamation_mark",
            "problems",
            "Problems",
            "List files that could not be read",
            id="problems",
        ),
        quiet("R", "reload", "Reload", "Read the archive again from disk", id="reload"),
        quiet(
            "L",
            "next_link(1)",
            "Next link",
            "Select the next [n] link mark in the article",
            id="next-link",
        ),
        quiet(
            "enter",
            "open_link",
            "Open link",
            "Open the selected link in the browser",
            id="open-link",
        ),
        quiet(
            "w",
            "open_source",
            "Source",
            "Open the post's source page in the browser",
            id="open-source",
        ),
        quiet(
            "Y",
            "copy_link",
            "Copy link",
            "Copy the selected link, else the source URL",
            id="copy-link",
        ),
        quiet(
            "O",
            "overview",
            "Overview",
            "The archive at a glance: posts per month by category",
            id="overview",
        ),
    ]
    """Screen-wide keys; the panes add their own (j/k, Enter, +/-), the list keys theirs."""

    find_bar = getters.query_one(FindBar)
    watcher = getters.query_one(ArchiveWatcher)

    @dataclass
    class DocumentOpened(Message):
        """A worker finished reading a post's body."""

        request: OpenRequest
        document: Document
        problems: list[Problem] = field(default_factory=list)
        layout: ArticleLayout | None = None
        """The document laid out at the article's width when it was asked for."""

    @dataclass
    class StateNotice(Message):
        """The state store met trouble after start (posted from any thread)."""

        text: str

    def __init__(
        self,
        reading: Reading,
        options: ReaderOptions | None = None,
        settle: Settle | None = None,
    ) -> None:
        """Show ``reading``'s posts, as the reader was started with ``options``.

        ``settle`` says the reading is the first screen's, from the index
        alone: the watcher runs it to load the whole archive, then applies it.
        """
        super().__init__()
        self.reading = reading
        self.options = options or ReaderOptions()
        self._settle = settle
        self._heap_settled = False
        self._saved = read_view(reading.state.view())
        self.add_class("-no-headings")  # no post open yet, so no outline to show

    def compose(self) -> ComposeResult:
        """The four panes side by side, the find box under the article."""
        with Horizontal(id="panes"):
            yield CategoryTree(id="categories")
            with Vertical(id="list-column"):
                yield FilterBox(leads_to="#articles", id="filter")
                yield ArticleList(id="articles")
            yield PaneDivider(id="divider")
            with Vertical(id="article-column"):
                yield ArticleView(id="article")
                yield FindBar(id="find")
            yield OutlinePane(id="outline")
        yield SteadyFooter()
        yield self._archive_watcher()
        if self.options.use_cache:
            root, cache = self.reading.archive.root, self.options.cache_dir
            yield IndexCompleter(root, cache, after_check=self._settle is not None)

    def on_mount(self) -> None:
        """Fill the panes, bring back the view left last, report problems, open a post."""
        reading, saved = self.reading, self._saved
        self.article_view.max_text_width = self.options.text_width
        self.list_share = saved.list_share
        articles = self.article_list
        articles.read = reading.read
        articles.source_of = reading.source_of
        articles.bookmarked = lambda post: reading.state.is_bookmarked(post.path)
        if self._settle is not None:  # the first screen's page: the rest from the index
            unpublished, cache = self.options.criteria.unpublished, self.options.cache_dir
            articles.complete = whole_list(reading, unpublished=unpublished, cache_dir=cache)
        self.category_tree.show_catalog(
            reading.catalog, len(reading.state.bookmarks()), reading.unread
        )
        self._restore_list(saved)
        articles.focus()
        # Posted, not shown: a failed "mark all read" is told from the store's thread.
        reading.state.on_notice = lambda text: self.post_message(self.StateNotice(text))
        for notice in self.reading.start_notices():
            self.notify(notice, severity="warning", markup=False)
        if (target := reading.restore_target()) is not None:
            self.open_post(target[0], scroll_y=target[1], chosen=False)
        else:
            self._first_post_shown()
        keep_out_of_collections(len(reading.posts))

    def on_main_screen_state_notice(self, message: StateNotice) -> None:
        """Say at once that reading state is not being saved as it was (shown as at start)."""
        self.notify(message.text, severity="warning", markup=False, timeout=STATE_NOTICE_SECONDS)

    def _first_post_shown(self) -> None:
        """After this paint (the first post's), start the check and settle the heap, once."""
        self.watcher.start_check()  # the first post first, then the check
        if not self._heap_settled:
            self._heap_settled = True
            self.call_after_refresh(settle_heap)

    def _restore_list(self, saved: SavedView) -> None:
        """The group, filter, order and selection the reader was left with."""
        reading = self.reading
        if saved.group in self.category_tree.groups:
            reading.choose_group(saved.group)
            self.category_tree.select_group(saved.group)
        reading.sort, reading.unread_only = saved.sort, saved.unread_only
        if saved.filter_text:
            with self.prevent(Input.Changed):
                self.filter_box.value = saved.filter_text
            reading.set_filter(saved.filter_text)
        selected = reading.by_path.get(saved.selected) if saved.selected else None
        self.refresh_list(keep=selected)
        if reading.query.words:
            self._find_bodies(reading.query.words)
        self.call_after_refresh(self.article_list.scroll_to, y=saved.list_y, animate=False)

    def current_view(self) -> SavedView:
        """The view as it is now, to save."""
        reading, articles = self.reading, self.article_list
        current = articles.current
        return SavedView(
            group=reading.group,
            filter_text=reading.filter_text,
            sort=reading.sort,
            unread_only=reading.unread_only,
            selected=current.path if current is not None else None,
            list_y=round(articles.scroll_y),
            outline=expanded_blocks(self.outline_pane),
            list_share=self.list_share,
        )

    def open_post(
        self,
        post: Post,
        *,
        block: int | None = None,
        scroll_y: float = 0.0,
        query: str = "",
        record: bool = True,
        chosen: bool = True,
    ) -> None:
        """Start opening ``post``; the document arrives as ``DocumentOpened``.

        Args:
            post: The post to read.
            block: A block to scroll to (search hit).
            scroll_y: A line to scroll to (restored position).
            query: Text to highlight once open (search hit).
            record: Add to the back/forward history.
            chosen: The user chose it (a post reopened at start is not marked read).
        """
        self.save_position()
        if self.article_view.document is not None:
            self.reading.note_place(self.article_view.top_block)
        request = OpenRequest(post, block, scroll_y, query, chosen)
        self.reading.request(request, record=record)
        self._read_document(request, self.article_view.text_width())
        self.refresh_bindings()

    @work(thread=True, exclusive=True, group="open")
    def _read_document(self, request: OpenRequest, width: int) -> None:
        """Read and parse the body off the event loop (5 MB posts take a while).

        A post of ordinary size is laid out here too, at the article's width
        now: when the panes keep their widths, the view installs it as the
        document arrives and the open costs one paint instead of two. A big
        post is left to the view, which lays it out without holding the open.
        """
        document, problems = open_document(self.reading.archive, request.post)
        layout = None
        if len(document.blocks) <= PRELAID_BLOCKS:
            layout = layout_article(request.post, document, width)
        self.post_message(self.DocumentOpened(request, document, problems, layout))

    def on_main_screen_document_opened(self, message: DocumentOpened) -> None:
        """Show the document, unless the user has opened another post since."""
        self._first_post_shown()
        request = message.request
        if not self.reading.arrived(request, message.document, message.problems):
            return
        if not message.document.blocks and message.problems:  # an empty pane says why
            reasons = "; ".join(problem.reason for problem in message.problems)
            text = clean_line(f"Nothing to show for {request.post.path}: {reasons}")
            self.notify(text, severity="warning", markup=False)
        outline = message.document.outline
        room = self._pane_room()
        self._reading_claimed |= request.chosen
        self.set_class(not outline, "-no-headings")
        # The worker's layout fits only if the panes keep their widths for this
        # post; otherwise the view lays the post out after this refresh, at the
        # width the panes have then.
        same_panes = self._pane_room() == room
        self.article_view.show(
            request.post,
            message.document,
            block=request.block,
            scroll_y=request.scroll_y,
            layout=message.layout if same_panes else None,
        )
        self.outline_pane.show_outline(outline)
        self._fit_panes()
        if self._saved.selected == request.post.path and self._saved.outline:
            expand_blocks(self.outline_pane, self._saved.outline)
        self._saved = SavedView()  # the saved expansion is for the first post only
        if self.options.read_on == "open" and request.chosen:
            self.mark_read(request.post)
        self._show_bookmark()
        if request.chosen and request.post in self.article_list:
            self.article_list.cursor = self.article_list.index_of(request.post)
        self.refresh_bindings()

    def _show_bookmark(self) -> None:
        """Mark a bookmarked post over the article, as the list marks it."""
        current = self.reading.current
        marked = current is not None and self.reading.state.is_bookmarked(current.path)
        title = "★ bookmarked" if marked else ""
        if (self.article_view.border_title or "") != title:  # a title repaints the whole view
            self.article_view.border_title = title

    def on_article_view_reached_end(self, message: ArticleView.ReachedEnd) -> None:
        """With ``read_on="end"``, a post counts as read once its end was on screen."""
        opening = self.reading.opening
        chosen = opening is not None and opening.post is message.post and opening.chosen
        if self.options.read_on == "end" and chosen:
            self.mark_read(message.post)

    def on_article_view_laid_out(self, _: ArticleView.LaidOut) -> None:
        """Highlight a search hit's query once its post is laid out."""
        request = self.reading.opening
        if request is not None and request.query and request.post is self.reading.current:
            self.article_view.find(request.query, block=request.block)
            with self.find_bar.prevent(Input.Changed):  # n/N and / go on with this query
                self.find_bar.value = request.query
            self.reading.opening = OpenRequest(request.post)  # find once, not after each resize

    def on_category_tree_selected(self, message: CategoryTree.Selected) -> None:
        """List the chosen group's posts (the filter still applied)."""
        self.reading.choose_group(message.group)
        self.refresh_list(keep=self.reading.current)

    def on_article_list_selected(self, message: ArticleList.Selected) -> None:
        """Open the chosen post (one pane at a time: the article takes the screen)."""
        if message.post is not self.reading.current:
            self.open_post(message.post)
        else:
            self._choose_shown()
        self.show_article()

    def _choose_shown(self) -> None:
        """Choose the post shown at start where the reader stands, without opening it again.

        Enter on it is the user choosing it: it counts as read (with ``read_on
        = "open"``) and claims its reading width, as a post opened from the
        list does; its document, position and outline stay as they are.
        """
        opening = self.reading.opening
        if opening is None or opening.chosen or opening.post is not self.reading.current:
            return
        opening.chosen = True  # the same request: one still arriving is chosen too
        self._reading_claimed = True
        self._fit_panes()
        if self.options.read_on == "open":
            self.mark_read(opening.post)

    def on_outline_pane_heading_selected(self, message: OutlinePane.HeadingSelected) -> None:
        """Scroll the article to the chosen heading."""
        self.article_view.scroll_to_block(message.node.block)

    def on_article_view_scrolled(self, message: ArticleView.Scrolled) -> None:
        """Follow the reader in the outline and remember the position."""
        self.outline_pane.follow(message.block)
        self.save_position()

    def save_position(self) -> None:
        """Remember the open post and its scroll offset for the next start."""
        if (current := self.reading.current) is not None:
            self.reading.state.save_position(current.path, self.article_view.scroll_y)

    def save_view(self) -> None:
        """Remember the position and the whole view (group, filter, order, panes...)."""
        self.save_position()
        self.reading.state.save_view(self.current_view().to_json())

    @on(Input.Changed, "#find")
    def _find_changed(self, event: Input.Changed) -> None:
        """Highlight matches as the user types."""
        self.article_view.find(event.value)

    @on(Input.Submitted, "#find")
    def _find_submitted(self) -> None:
        """Keep the highlights and go back to reading (n/N move between them)."""
        self.remove_class("-finding")
        self.article_view.focus()

    def on_find_bar_closed(self) -> None:
        """Escape: clear the highlights and go back to reading."""
        self.find_bar.value = ""
        self.article_view.find("")
        self.remove_class("-finding")
        self.article_view.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Grey out back/forward at the ends of the history, and post keys with no post."""
        history = self.reading.history
        if action == "back":  # one pane at a time, it also leads back to the list
            return self.reading_alone or history.can_back or None
        if action == "forward":
            return history.can_forward or None
        if action in _POST_ACTIONS:
            return self.reading.current is not None or None
        return True

    def action_help(self) -> None:
        """Show the key reference."""
        from newsreader.ui.screens.help import HelpScreen, reader_sections

        keys = [*self.BINDINGS, *ListActions.BINDINGS, *self.app.BINDINGS]
        self.app.push_screen(HelpScreen(reader_sections(keys)))

    def action_overview(self) -> None:
        """Show the archive at a glance."""
        from newsreader.ui.model.overview import build_overview
        from newsreader.ui.screens.overview import OverviewScreen

        reading = self.reading
        overview = build_overview(
            reading.posts, reading.catalog.names, reading.read, reading.problems
        )
        self.app.push_screen(OverviewScreen(overview))

    def action_problems(self) -> None:
        """List the archive's problems."""
        from newsreader.ui.screens.problems import ProblemsScreen

        self.app.push_screen(ProblemsScreen(self.reading.problems))

    def action_find(self) -> None:
        """Open the find box under the article."""
        self.add_class("-finding")
        self.find_bar.focus()

    def action_next_match(self, step: int) -> None:
        """Go to the next (``1``) or previous (``-1``) match."""
        self.article_view.next_match(step)

    def action_section(self, step: int) -> None:
        """Scroll to the next (``1``) or previous (``-1``) heading."""
        target = self.reading.section_target(self.article_view.top_block, step)
        if target is not None:
            self.article_view.scroll_to_block(target)

    def action_article(self, step: int) -> None:
        """Open the next (``1``) or previous (``-1``) post of the list."""
        articles = self.article_list
        target = neighbour(articles.posts, self.reading.current, articles.cursor, step)
        if target is not None:
            articles.cursor = target
            self.open_post(articles.posts[target])

    def action_back(self) -> None:
        """Reopen the post read before this one where it was left (one pane: back to the list)."""
        if self.reading_alone:
            self.reading_alone = False
        elif (post := self.reading.back()) is not None:
            self.open_post(post, block=self.reading.place_of(post), record=False)

    def action_forward(self) -> None:
        """Go forward again after going back (to where that post was left)."""
        if (post := self.reading.forward()) is not None:
            self.open_post(post, block=self.reading.place_of(post), record=False)

    def action_expand_outline(self) -> None:
        """Open every heading of the outline."""
        self.outline_pane.action_expand_all()

    def action_collapse_outline(self) -> None:
        """Fold the outline to its top level."""
        self.outline_pane.action_collapse_all()

    def action_export(self, scope: str = "post") -> None:
        """Ask where to save the open post, its section or the list, then save it."""
        post, document, reading = self.reading.current, self.reading.document, self.reading
        if post is None or document is None:
            return
        from newsreader.core.export.section import section_at
        from newsreader.ui.model.export_plan import ExportJob, default_folder
        from newsreader.ui.screens.export_dialog import ExportDialog

        section = section_at(document, self.article_view.top_block)
        job = ExportJob(reading.archive, post, document, section, list(self.article_list.posts))
        state_dir = self.options.state_dir or default_state_dir()
        folder = default_folder(state_dir, reading.archive.root, self.options.export_dir)
        self.app.push_screen(ExportDialog(job, folder, state_dir, scope), self._exported)

    def _exported(self, outcome: ExportOutcome | None) -> None:
        """Say where the export went (the dialog showed any refusal itself)."""
        if outcome is not None:
            self.notify(outcome, title="Export", markup=False)

    def action_copy(self) -> None:
        """Copy the article as shown (a big one still being laid out: in a worker)."""
        view = self.article_view
        if self.reading.current is None or view.post is None or view.document is None:
            return
        if view.layout_.complete:
            self._copied(view.layout_.plain_text())
        else:  # laying the whole post out takes seconds at 5 MB: not on the event loop
            self._copy_laid_out(view.post, view.document, view.layout_.width)

    @work(thread=True, group="copy")
    def _copy_laid_out(self, post: Post, document: Document, width: int) -> None:
        """Lay the whole post out at the width shown, then copy it."""
        text = layout_article(post, document, width).plain_text()
        self.app.call_from_thread(self._copied, text)

    def _copied(self, text: str) -> None:
        self.app.copy_to_clipboard(text)
        self.notify("Article copied to the clipboard.", timeout=TOAST_SECONDS)

    def action_toggle_read(self) -> None:
        """Mark the open post read or unread."""
        # No toast: the list's mark and the counts show it, and a toast costs
        # a restyle of the screen (most of this key's time at 10^5 posts).
        if (current := self.reading.current) is not None:
            self.mark_read(current, current.path not in self.reading.read)

    def action_toggle_bookmark(self) -> None:
        """Bookmark the open post, or remove its bookmark."""
        current = self.reading.current
        if (on := self.reading.toggle_bookmark()) is None or current is None:
            return
        self.category_tree.set_bookmark_count(len(self.reading.state.bookmarks()))
        self.article_list.refresh_marks([current])
        self._show_bookmark()
        self.notify("Bookmarked." if on else "Bookmark removed.", timeout=TOAST_SECONDS)
        if self.reading.group.kind == "bookmarks":
            self.reading.choose_group()
            self.refresh_list(keep=self.reading.current)

    def action_search(self) -> None:
        """Search the whole archive (through the index unless ``--no-cache``)."""
        from newsreader.ui.screens.search import SearchScreen

        options = self.options
        search = SearchScreen(
            self.reading.archive,
            cache_dir=options.cache_dir,
            use_cache=options.use_cache,
            source_of=self.reading.source_of,
            is_read=lambda post: post.path in self.reading.read,
        )
        self.app.push_screen(search, self._search_done)

    def _search_done(self, result: SearchResult | None) -> None:
        """Open a search hit at its block, highlighting the query there."""
        self._complete_index()  # the search may have indexed new texts
        if result is None:
            return
        path, block, query = result
        if (post := self.reading.by_path.get(path)) is not None:
            self.open_post(post, block=block, query=query)

    # The live archive: a watcher reloads the archive when it changes on disk.

    def _archive_watcher(self) -> ArchiveWatcher:
        """The watcher, choosing the posts offered as the reader was started."""
        options = self.options

        def offer(archive: Archive, notices: list[str]) -> list[Post]:
            return offered_posts(archive, options, notices)

        def prepare(archive: Archive, posts: list[Post]) -> Derived:
            # set() copies the event loop's read marks at once (under the GIL).
            return derive(archive, posts, set(self.reading.read))

        return ArchiveWatcher(
            self.reading.archive,
            offer,
            use_cache=options.use_cache,
            cache_dir=options.cache_dir,
            settle=self._settle,
            prepare=prepare,
        )

    def action_reload(self) -> None:
        """Read the archive again from disk (``R``), whatever the watcher saw."""
        self.watcher.reload()

    def on_archive_watcher_refreshed(self, message: ArchiveWatcher.Refreshed) -> None:
        """Show the archive as it is on disk now, the tree's place and the list's kept."""
        changes, reading, articles = message.refreshed, self.reading, self.article_list
        place, selected, list_y = (
            TreePlace.of(self.category_tree),
            articles.current,
            articles.scroll_y,
        )
        catalog, unread = reading.catalog, reading.unread
        reading.replace_archive(changes.archive, message.posts, message.derived)
        articles.complete = None  # the whole archive is in memory now
        if reading.catalog == catalog:  # e.g. a first screen checked: its tree was right
            self._keep_tree(unread)
        else:
            self.category_tree.show_catalog(
                reading.catalog, len(reading.state.bookmarks()), reading.unread
            )
            place.restore(self.category_tree, grow=self.category_tree.grow)
        self.refresh_list(keep=selected)
        if list_y <= articles.cursor < list_y + articles.scrollable_content_region.height:
            articles.scroll_to(y=list_y, animate=False, immediate=True)
        for notice in live_notices(changes, reading.current, message.by_hand):
            self.notify(notice.text, severity=notice.severity, markup=False)
        if (post := reopened(changes, reading.current, reading.by_path)) is not None:
            self.open_post(post, scroll_y=self.article_view.scroll_y, record=False)
        self.refresh_bindings()
        self._complete_index()

    def _complete_index(self) -> None:
        """Let the index's background completion run again, after a while of quiet."""
        for completer in self.query(IndexCompleter):
            completer.start()

    def _keep_tree(self, shown: Counter[Group]) -> None:
        """Keep the tree of the same groups, relabelled only if the unread counts moved.

        Rebuilding ~4,000 nodes (ten years of days) stalls the screen for
        nothing. The tree keeps the counter it was given, so the new counts
        go into that one.
        """
        reading = self.reading
        if shown != reading.unread:
            shown.clear()
            shown.update(reading.unread)
            self.category_tree.refresh_unread()
        reading.unread = shown
