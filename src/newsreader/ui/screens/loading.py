"""What shows while the archive loads, and the messages the loading worker sends."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Label, ProgressBar

from newsreader.core.index.first_page import FirstPage
from newsreader.core.model import Archive, Post
from newsreader.core.state import StateStore
from newsreader.core.text.safe import clean_line


@dataclass
class ArchiveLoaded(Message):
    """The worker finished reading the archive, choosing its posts and the reading state.

    With ``first`` the archive is only the first screen's, from the index
    alone (``archive`` holds its page): the reader loads the rest and checks
    every file in the background.
    """

    archive: Archive
    posts: list[Post]
    state: StateStore
    notices: list[str]
    first: FirstPage | None = None


@dataclass
class LoadProgress(Message):
    """How far loading got (high rate: only the latest one matters)."""

    done: int
    total: int

    def can_replace(self, message: Message) -> bool:
        """Drop stale progress reports still in the queue."""
        return isinstance(message, LoadProgress)


class LoadingScreen(Screen[None]):
    """The archive's name over a progress bar, centred."""

    def __init__(self, root: Path) -> None:
        """Name the archive being read.

        Args:
            root: The archive folder or file.
        """
        super().__init__()
        self.root = root

    def compose(self) -> ComposeResult:
        """A label over a progress bar."""
        with Vertical(id="loading"):
            yield Label(Text(f"Loading {clean_line(str(self.root))}"))  # a path is not markup
            yield ProgressBar(show_eta=False, id="loading-bar")

    def show_progress(self, done: int, total: int) -> None:
        """Move the bar to ``done`` of ``total`` files."""
        self.query_one(ProgressBar).update(total=total, progress=done)
