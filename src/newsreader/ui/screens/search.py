"""The archive search modal: type a query, pick a hit, jump to it.

On the first search of an archive the full-text index is built, in steps
(:func:`newsreader.core.index.stepwise.fill_stepwise`), under a progress bar;
the dialog stays responsive and Escape stops the build (what is built is
kept). The search runs in a thread worker a moment after the last keystroke
(debounced, and exclusive, so a slow query for an old prefix never overwrites
the results of the current one); while it runs the status says so, so a
count on screen always belongs to the query in the box. Hits come a page at
a time: reaching the end of the list fetches the next page.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Input, Label, OptionList, ProgressBar
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from newsreader.core.index.search import Hit, NoSearchableTerm, matching_paths, search
from newsreader.core.index.stepwise import fill_stepwise
from newsreader.core.model import Archive, Post
from newsreader.ui.model.search_results import PAGE, building_line, count_line, hit_prompt

SearchResult = tuple[str, int, str]
"""What the screen dismisses with: post path, block index, query."""

DEBOUNCE = 0.25
"""Seconds of quiet typing before a search starts."""

PROMPT = "Type to search titles and text."
NO_TERM = "No searchable term: type letters, digits or Chinese."
SEARCHING = "Searching…"

RESULT_LIMIT = PAGE
"""Hits fetched at first; the best come first, and the end of the list fetches more."""


class SearchScreen(ModalScreen[SearchResult | None]):
    """Search every post's title and text; Enter opens a hit, Escape closes."""

    DEFAULT_CSS = """
    SearchScreen { align: center middle; }
    SearchScreen > #search-dialog {
        width: 90%; height: 80%; border: round $accent; background: $surface;
        padding: 0 1;
    }
    SearchScreen #search-results { height: 1fr; text-wrap: nowrap; text-overflow: ellipsis; }
    SearchScreen #search-status { color: $text-muted; }
    SearchScreen #search-progress { display: none; }
    SearchScreen.-indexing #search-progress { display: block; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss_none", "Close", tooltip="Close search without opening"),
        Binding("down", "focus_results", "Results", show=False, tooltip="Move to the results"),
    ]
    """Escape closes; Down leaves the query box for the results."""

    def __init__(
        self,
        archive: Archive,
        *,
        cache_dir: Path | None = None,
        use_cache: bool = True,
        source_of: Callable[[Post], str] | None = None,
        is_read: Callable[[Post], bool] | None = None,
    ) -> None:
        """Search ``archive``.

        Args:
            archive: The loaded archive (its root locates the index).
            cache_dir: Index directory instead of the user cache (tests).
            use_cache: False searches in memory, writing nothing.
            source_of: A post's category by its human name (default: its slug).
            is_read: Whether a post was read (default: no read marks shown).
        """
        super().__init__()
        self.archive = archive
        self.cache_dir = cache_dir
        self.use_cache = use_cache
        self.source_of = source_of
        self.is_read = is_read
        self.by_path = {post.path: post for post in archive.posts}
        self.hits: list[Hit] = []
        self.total = 0
        self.shown_query = ""
        self._debounce: Timer | None = None
        self._index_ready = threading.Event()
        self._leaving = threading.Event()
        self._paging = False

    def compose(self) -> ComposeResult:
        """Query box over the result list, a progress bar and a status line."""
        with Vertical(id="search-dialog", classes="dialog"):
            yield Label("Search archive", id="search-title")
            yield Input(placeholder='words, "exact phrase"', id="search-query")
            yield OptionList(id="search-results")
            yield ProgressBar(id="search-progress", show_eta=False)
            yield Label(PROMPT, id="search-status")

    def on_mount(self) -> None:
        """Start in the query box, and build the index while the user types."""
        self.query_one(Input).focus()
        self.build_index()

    @work(thread=True, group="search-index")
    def build_index(self) -> None:
        """Index the archive's text if it is not yet (the first search of an archive)."""
        try:
            if self.use_cache:
                fill_stepwise(
                    self.archive.root,
                    self.archive,
                    cache_dir=self.cache_dir,
                    progress=self._report_progress,
                    cancelled=self._leaving.is_set,
                )
        except OSError:
            pass  # the search itself reports what is wrong with the archive
        finally:
            if not self._leaving.is_set():  # before the searches go on: they set the status
                self.app.call_from_thread(self._index_built)
            self._index_ready.set()

    def _index_built(self) -> None:
        """Hide the bar; a query typed meanwhile is being searched now."""
        if self.has_class("-indexing"):
            self.remove_class("-indexing")
            self._status(SEARCHING if self.query_one(Input).value.strip() else PROMPT)

    def _report_progress(self, done: int, total: int) -> None:
        """Move the bar (called from the index worker)."""
        if not self._leaving.is_set():
            self.app.call_from_thread(self.show_progress, done, total)

    def show_progress(self, done: int, total: int) -> None:
        """Show how far the index build is."""
        self.add_class("-indexing")
        self.query_one(ProgressBar).update(total=total, progress=done)
        self._status(building_line(done, total))

    @on(Input.Changed, "#search-query")
    def schedule_search(self, event: Input.Changed) -> None:
        """Restart the debounce timer on every keystroke; the old count is gone at once."""
        if self._debounce is not None:
            self._debounce.stop()
        query = event.value
        if self._index_ready.is_set():
            self._status(SEARCHING if query.strip() else PROMPT)
        self._debounce = self.set_timer(DEBOUNCE, lambda: self.run_search(query))

    @work(thread=True, exclusive=True, group="search")
    def run_search(self, query: str) -> None:
        """Search off the UI thread and hand the hits back to it."""
        worker = get_current_worker()
        while not self._index_ready.wait(0.1):
            if worker.is_cancelled:
                return
        notices: list[str] = []
        try:
            total = len(self._matching(query, notices))
            hits = self._search(query, PAGE, notices)
        except NoSearchableTerm:  # blank or only punctuation: nothing to look for
            if not worker.is_cancelled:
                self.app.call_from_thread(self.show_no_term, query)
            return
        except OSError as error:  # the archive vanished under us: say so, stay open
            hits, total, notices = [], 0, [f"search failed: {error}"]
        if not worker.is_cancelled:
            self.app.call_from_thread(self.show_hits, query, hits, notices, max(total, len(hits)))

    def _matching(self, query: str, notices: list[str]) -> list[str]:
        """Every matching path (the count), best first."""
        return matching_paths(
            self.archive.root,
            self.archive,
            query,
            cache_dir=self.cache_dir,
            use_cache=self.use_cache,
            notices=notices,
        )

    def _search(self, query: str, limit: int, notices: list[str]) -> list[Hit]:
        """The best ``limit`` hits with their context."""
        return search(
            self.archive.root,
            self.archive,
            query,
            limit=limit,
            cache_dir=self.cache_dir,
            use_cache=self.use_cache,
            notices=notices,
        )

    def _status(self, text: str) -> None:
        self.query_one("#search-status", Label).update(Text(text))

    def show_no_term(self, query: str) -> None:
        """Clear the results and say why: the query has no searchable term.

        A blank query shows the opening prompt again instead.
        """
        self.hits, self.shown_query, self.total = [], query, 0
        self.query_one(OptionList).clear_options()
        self._status(NO_TERM if query.strip() else PROMPT)

    def _prompt(self, hit: Hit) -> Text:
        post = self.by_path.get(hit.path)
        unread = None if self.is_read is None or post is None else not self.is_read(post)
        if self.source_of is None:
            return hit_prompt(hit, post, unread=unread)
        return hit_prompt(hit, post, self.source_of, unread)

    def show_hits(self, query: str, hits: list[Hit], notices: list[str], total: int) -> None:
        """Replace the result list with ``hits``, ``total`` posts matching in all."""
        self.hits, self.shown_query, self.total = hits, query, total
        results = self.query_one(OptionList)
        results.set_options(Option(self._prompt(hit), id=str(n)) for n, hit in enumerate(hits))
        if hits:
            results.highlighted = 0
        self._status(" · ".join([count_line(len(hits), total), *notices]))

    @on(OptionList.OptionHighlighted, "#search-results")
    def _maybe_more(self, event: OptionList.OptionHighlighted) -> None:
        """Reaching the last hit fetches the next page."""
        if event.option_index == len(self.hits) - 1 and len(self.hits) < self.total:
            if not self._paging:
                self._paging = True
                self.load_more(self.shown_query, len(self.hits))

    @work(thread=True, exclusive=True, group="search-more")
    def load_more(self, query: str, shown: int) -> None:
        """Fetch the page after the first ``shown`` hits."""
        try:
            hits = self._search(query, shown + PAGE, [])[shown:]
        except (NoSearchableTerm, OSError):
            hits = []
        self.app.call_from_thread(self.append_hits, query, shown, hits)

    def append_hits(self, query: str, shown: int, hits: list[Hit]) -> None:
        """Add a fetched page, unless the query changed meanwhile."""
        self._paging = False
        if query != self.shown_query or shown != len(self.hits):
            return
        self.hits += hits
        results = self.query_one(OptionList)
        results.add_options(
            Option(self._prompt(hit), id=str(shown + n)) for n, hit in enumerate(hits)
        )
        self.total = max(self.total, len(self.hits)) if hits else len(self.hits)
        self._status(count_line(len(self.hits), self.total))

    @on(Input.Submitted, "#search-query")
    def open_first(self) -> None:
        """Enter in the query box opens the highlighted (or first) hit."""
        highlighted = self.query_one(OptionList).highlighted
        self._open(highlighted or 0)

    @on(OptionList.OptionSelected, "#search-results")
    def open_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter or a click on a hit opens it."""
        self._open(event.option_index)

    def _open(self, index: int) -> None:
        """Dismiss with the hit at ``index``, if there is one for the query typed."""
        if self.shown_query != self.query_one(Input).value:
            return  # the hits on screen belong to an older query
        if 0 <= index < len(self.hits):
            hit = self.hits[index]
            self._leaving.set()
            self.dismiss((hit.path, hit.block, self.shown_query))

    def action_focus_results(self) -> None:
        """Move focus from the query box to the results."""
        self.query_one(OptionList).focus()

    def action_dismiss_none(self) -> None:
        """Close without opening anything (an index build stops at its next step)."""
        self._leaving.set()
        self.dismiss(None)
