"""The archive search modal: type a query, pick a hit, jump to it.

The search runs in a thread worker a moment after the last keystroke
(debounced, and exclusive, so a slow query for an old prefix never overwrites
the results of the current one). Everything shown comes from posts, so it is
assembled as :class:`rich.text.Text`, never parsed as markup.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from newsreader.core.index.search import Hit, NoSearchableTerm, search
from newsreader.core.model import Archive

SearchResult = tuple[str, int, str]
"""What the screen dismisses with: post path, block index, query."""

DEBOUNCE = 0.25
"""Seconds of quiet typing before a search starts."""

PROMPT = "Type to search titles and text."
NO_TERM = "No searchable term: type letters, digits or Chinese."

RESULT_LIMIT = 200
"""Most hits listed; the best come first, so more would not be read."""


def hit_prompt(hit: Hit) -> Text:
    """Three lines for one hit: title, snippet with matches highlighted, section."""
    prompt = Text(hit.title, style="bold", no_wrap=True, overflow="ellipsis")
    snippet = Text(hit.snippet, no_wrap=True, overflow="ellipsis")
    for start, end in hit.spans:
        snippet.stylize("reverse", start, end)
    prompt.append("\n").append_text(snippet)
    if hit.section:
        prompt.append("\n").append(" › ".join(hit.section), style="dim")
    return prompt


class SearchScreen(ModalScreen[SearchResult | None]):
    """Search every post's title and text; Enter opens a hit, Escape closes."""

    DEFAULT_CSS = """
    SearchScreen { align: center middle; }
    SearchScreen > #search-dialog {
        width: 90%; height: 80%; border: round $accent; background: $surface;
        padding: 0 1;
    }
    SearchScreen #search-results { height: 1fr; }
    SearchScreen #search-status { color: $text-muted; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss_none", "Close", tooltip="Close search without opening"),
        Binding("down", "focus_results", "Results", show=False, tooltip="Move to the results"),
    ]
    """Escape closes; Down leaves the query box for the results."""

    def __init__(
        self, archive: Archive, *, cache_dir: Path | None = None, use_cache: bool = True
    ) -> None:
        """Search ``archive``.

        Args:
            archive: The loaded archive (its root locates the index).
            cache_dir: Index directory instead of the user cache (tests).
            use_cache: False searches in memory, writing nothing.
        """
        super().__init__()
        self.archive = archive
        self.cache_dir = cache_dir
        self.use_cache = use_cache
        self.hits: list[Hit] = []
        self.shown_query = ""
        self._debounce: Timer | None = None

    def compose(self) -> ComposeResult:
        """Query box over the result list and a status line."""
        with Vertical(id="search-dialog", classes="dialog"):
            yield Label("Search archive", id="search-title")
            yield Input(placeholder='words, "exact phrase"', id="search-query")
            yield OptionList(id="search-results")
            yield Label(PROMPT, id="search-status")

    def on_mount(self) -> None:
        """Start in the query box."""
        self.query_one(Input).focus()

    @on(Input.Changed, "#search-query")
    def schedule_search(self, event: Input.Changed) -> None:
        """Restart the debounce timer on every keystroke."""
        if self._debounce is not None:
            self._debounce.stop()
        query = event.value
        self._debounce = self.set_timer(DEBOUNCE, lambda: self.run_search(query))

    @work(thread=True, exclusive=True, group="search")
    def run_search(self, query: str) -> None:
        """Search off the UI thread and hand the hits back to it."""
        notices: list[str] = []
        try:
            hits = search(
                self.archive.root,
                self.archive,
                query,
                limit=RESULT_LIMIT,
                cache_dir=self.cache_dir,
                use_cache=self.use_cache,
                notices=notices,
            )
        except NoSearchableTerm:  # blank or only punctuation: nothing to look for
            if not get_current_worker().is_cancelled:
                self.app.call_from_thread(self.show_no_term, query)
            return
        except OSError as error:  # the archive vanished under us: say so, stay open
            hits, notices = [], [f"search failed: {error}"]
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.show_hits, query, hits, notices)

    def show_no_term(self, query: str) -> None:
        """Clear the results and say why: the query has no searchable term.

        A blank query shows the opening prompt again instead.
        """
        self.hits, self.shown_query = [], query
        self.query_one(OptionList).clear_options()
        status = NO_TERM if query.strip() else PROMPT
        self.query_one("#search-status", Label).update(Text(status))

    def show_hits(self, query: str, hits: list[Hit], notices: list[str]) -> None:
        """Replace the result list with ``hits``."""
        self.hits, self.shown_query = hits, query
        results = self.query_one(OptionList)
        results.set_options(Option(hit_prompt(hit), id=str(n)) for n, hit in enumerate(hits))
        if hits:
            results.highlighted = 0
        more = "+" if len(hits) >= RESULT_LIMIT else ""
        status = f"{len(hits)}{more} post{'s' if len(hits) != 1 else ''} found"
        self.query_one("#search-status", Label).update(Text(" · ".join([status, *notices])))

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
        """Dismiss with the hit at ``index``, if there is one."""
        if 0 <= index < len(self.hits):
            hit = self.hits[index]
            self.dismiss((hit.path, hit.block, self.shown_query))

    def action_focus_results(self) -> None:
        """Move focus from the query box to the results."""
        self.query_one(OptionList).focus()

    def action_dismiss_none(self) -> None:
        """Close without opening anything."""
        self.dismiss(None)
