"""Locate the search index's remaining posts while the reader is open and idle.

An invisible widget on the main screen. A while after the reader starts
(and again after the archive changes, or a search built new texts), it runs
:func:`newsreader.core.index.complete.locate_pending` in a thread of its own:
the posts of the full-text index that no search has shown yet get their
blocks and outline sections, in worker processes at idle priority, so later
searches, the reader's and scripts' ``--search … --json`` alike, place every
hit without parsing a post. Nothing is shown: the work is invisible unless
it fails, and then it is simply left for another time (the searches that
need a post's sections locate it themselves).
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path

from textual.message import Message
from textual.timer import Timer
from textual.widget import Widget

from newsreader.core.index.db import IndexDB, IndexUnavailable

START_DELAY = 5.0
"""Seconds of quiet before the work starts: the first screen and its check come first."""

EXIT_WAIT = 3.0
"""Seconds the reader waits on exit for the work to stop (a few posts' parsing)."""

_log = logging.getLogger(__name__)


class IndexCompleter(Widget):
    """Completes the archive's search index in the background (see the module docstring)."""

    DEFAULT_CSS = "IndexCompleter { display: none; }"

    @dataclass
    class Completed(Message):
        """A round of work ended: ``located`` posts got their sections."""

        located: int

    def __init__(
        self,
        root: Path,
        cache_dir: Path | None = None,
        delay: float | None = None,
        *,
        after_check: bool = False,
    ):
        """Complete the index of ``root``'s archive after ``delay`` s (default :data:`START_DELAY`).

        ``cache_dir`` is an index folder instead of the user cache (tests).
        ``after_check``: the reader started from the index's first page, so
        the first round waits for :meth:`start`, called once the check that
        loads the whole archive has been shown. At 10^5 posts that check
        took ~8 s here (~40 s at 10^6); a round begun during it held its
        batches beside the loading archive, the reader's peak 205 MB at
        10^5 against 165 MB.
        """
        super().__init__()
        self.root = root
        self.cache_dir = cache_dir
        self.delay = START_DELAY if delay is None else delay
        self.after_check = after_check
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._timer: Timer | None = None

    def on_mount(self) -> None:
        """Plan the first round, unless it waits for the archive's check."""
        if not self.after_check:
            self.start()

    def start(self) -> None:
        """Plan a round after :attr:`delay` of quiet, unless one is planned or running."""
        running = self._thread is not None and self._thread.is_alive()
        if running or self._stop.is_set() or not self.root.is_dir():
            return  # one post file alone has no index to complete (nor should get one)
        if self._timer is not None:
            self._timer.reset()  # more activity: wait for quiet again
            return
        self._timer = self.set_timer(self.delay, self._begin)

    def _begin(self) -> None:
        """Start the round in a plain daemon thread.

        Not a Textual worker: one still running would make every wait for
        the reader's workers (the tests', a search's) wait for it too.
        """
        self._timer = None
        self._thread = threading.Thread(target=self._run, name="index-completer", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        """Locate what is left; any failure only ends the round."""
        # Imported here: the parser stack is not the first screen's to load.
        from newsreader.core.index.complete import locate_pending

        located = 0
        try:
            with IndexDB.open(self.root, self.cache_dir) as db:
                located = locate_pending(db.conn, self.root, self._stop.is_set)
        except (IndexUnavailable, sqlite3.Error, OSError) as error:
            _log.debug("index completion stopped: %s", error)
        except Exception:  # a bug must not reach the user from a background thread
            _log.exception("index completion failed")
        if not self._stop.is_set():
            self.post_message(self.Completed(located))

    def on_unmount(self) -> None:
        """Stop the work and wait a moment, so no worker outlives the reader."""
        self._stop.set()
        if self._timer is not None:
            self._timer.stop()
        if self._thread is not None:
            self._thread.join(EXIT_WAIT)
