"""The Textual application: load the archive in a worker, then show the reader.

``make_app`` is the one factory the CLI and the tests share (posting's
``make_posting``). The archive and the reading state are read in a thread
worker while a progress bar shows; an :class:`ArchiveLoaded` message brings
them back to the event loop, where the main screen takes over.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Label, ProgressBar

from newsreader.core.archive.filters import Criteria, select
from newsreader.core.index.metadata import load_indexed
from newsreader.core.model import Archive
from newsreader.core.state import StateStore
from newsreader.core.text.safe import clean_line
from newsreader.ui.commands import ArticleCommands, PostCommands
from newsreader.ui.screens.main import MainScreen


@dataclass
class ArchiveLoaded(Message):
    """The worker finished reading the archive and its reading state."""

    archive: Archive
    state: StateStore
    notices: list[str]


@dataclass
class LoadProgress(Message):
    """How far loading got (high rate: only the latest one matters)."""

    done: int
    total: int

    def can_replace(self, message: Message) -> bool:
        """Drop stale progress reports still in the queue."""
        return isinstance(message, LoadProgress)


class LoadingScreen(Screen[None]):
    """What shows while the archive loads: its name and a progress bar."""

    def __init__(self, root: Path) -> None:
        """Name the archive being read.

        Args:
            root: The archive folder or file.
        """
        super().__init__()
        self.root = root

    def compose(self) -> ComposeResult:
        """A label over a progress bar, centred."""
        with Vertical(id="loading"):
            yield Label(f"Loading {clean_line(str(self.root))}")
            yield ProgressBar(show_eta=False, id="loading-bar")


class NewsReaderApp(App[None]):
    """A terminal reader for a local Jekyll archive of news posts."""

    CSS_PATH = "newsreader.tcss"
    TITLE = "newsreader"
    COMMANDS = App.COMMANDS | {PostCommands, ArticleCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", tooltip="Save the reading position and quit"),
    ]
    """Keys that work everywhere; the reader's keys live on the main screen."""

    def __init__(
        self,
        root: Path,
        *,
        unpublished: bool = False,
        state_dir: Path | None = None,
        export_dir: Path | None = None,
        cache_dir: Path | None = None,
        use_cache: bool = True,
    ) -> None:
        """Prepare to read ``root`` (nothing is read until the app runs).

        Args:
            root: The archive folder (or a single post file).
            unpublished: Also list posts with ``published: false``.
            state_dir: Where reading state lives (tests pass ``tmp_path``).
            export_dir: Where ``e`` saves posts (default: Downloads).
            cache_dir: Where the index lives (default: the user cache).
            use_cache: Read through the persistent index (``--no-cache``: not).
        """
        super().__init__()
        self.root = root
        self.unpublished = unpublished
        self.state_dir = state_dir
        self.export_dir = export_dir
        self.cache_dir = cache_dir
        self.use_cache = use_cache
        self.state: StateStore | None = None

    def on_mount(self) -> None:
        """Show the loading screen and start reading."""
        self.push_screen(LoadingScreen(self.root))
        self._load()

    @work(thread=True, exclusive=True, group="load")
    def _load(self) -> None:
        """Read the archive and its state off the event loop."""
        step = 1

        def progress(done: int, total: int) -> None:
            nonlocal step
            step = max(total // 100, 1)
            if done % step == 0 or done == total:
                self.post_message(LoadProgress(done, total))

        # The index makes a warm start read only new or changed files.
        loaded = load_indexed(
            self.root, use_cache=self.use_cache, progress=progress, cache_dir=self.cache_dir
        )
        archive, notices = loaded.archive, loaded.notices
        state = StateStore.open(self.root, self.state_dir)
        self.post_message(ArchiveLoaded(archive, state, notices))

    def on_load_progress(self, message: LoadProgress) -> None:
        """Move the bar (the loading screen may already be gone)."""
        for bar in self.screen.query("#loading-bar").results(ProgressBar):
            bar.update(total=message.total, progress=message.done)

    def on_archive_loaded(self, message: ArchiveLoaded) -> None:
        """Swap the loading screen for the reader."""
        self.state = message.state
        posts = select(message.archive.posts, Criteria(unpublished=self.unpublished))
        screen = MainScreen(
            message.archive,
            posts,
            message.state,
            export_dir=self.export_dir,
            cache_dir=self.cache_dir,
        )
        self.switch_screen(screen)
        for notice in message.notices:
            self.notify(clean_line(notice), severity="warning", markup=False)

    async def action_quit(self) -> None:
        """Save the exact reading position, then quit."""
        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                screen.save_position()
        await super().action_quit()

    def _fatal_error(self) -> None:
        """End after an unhandled exception with one line, the traceback logged.

        Textual's own ``_fatal_error`` prints a full traceback with locals on
        exit; the guide promises users never see one. Textual offers no public
        hook for this, so the private method is overridden; pilot tests still
        get the exception re-raised (``_handle_exception`` records it first).
        """
        from newsreader.crashlog import report_unexpected

        error = sys.exc_info()[1]
        line = report_unexpected(error) if error else "newsreader: unexpected error"
        self.bell()
        self._exit_renderables.append(Text(line))
        self._close_messages_no_wait()

    def on_unmount(self) -> None:
        """Close the state store (the main screen saved the position already)."""
        if self.state is not None:
            self.state.close()


def make_app(
    root: Path,
    *,
    unpublished: bool = False,
    state_dir: Path | None = None,
    export_dir: Path | None = None,
    cache_dir: Path | None = None,
    use_cache: bool = True,
) -> NewsReaderApp:
    """Build the reader for ``root``; the CLI and the tests both call this.

    Args:
        root: The archive folder (or a single post file).
        unpublished: Also list posts with ``published: false``.
        state_dir: Where reading state lives (tests pass ``tmp_path``).
        export_dir: Where ``e`` saves posts (default: Downloads).
        cache_dir: Where the index lives (default: the user cache).
        use_cache: Read through the persistent index (``--no-cache``: not).

    Returns:
        An app ready to ``run()`` or ``run_test()``.
    """
    return NewsReaderApp(
        root,
        unpublished=unpublished,
        state_dir=state_dir,
        export_dir=export_dir,
        cache_dir=cache_dir,
        use_cache=use_cache,
    )
