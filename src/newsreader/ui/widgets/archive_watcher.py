"""Follow the archive on disk while the reader is open (a mirror's ``git pull``, a cron job).

An invisible widget: mounted on the main screen, it watches the archive in a
thread worker (watchfiles, debounced, so a pull of 500 files is one batch),
reloads it through the index with
:func:`newsreader.core.index.refresh.refresh_archive`, and posts
:class:`ArchiveWatcher.Refreshed` with the differences for the screen to
apply. ``R`` calls :meth:`ArchiveWatcher.reload` for the same without a
change event (network folders may send none). The watcher owns the archive
it compares against, so batches that follow each other are each compared
with the one before, whatever the screen has applied yet.
"""

from __future__ import annotations

import gc
import os
import threading
from collections.abc import Callable, Collection, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from textual import work
from textual.message import Message
from textual.widget import Widget

from newsreader.core.index.refresh import Refreshed as ArchiveChanges
from newsreader.core.index.refresh import refresh_archive, watched_folders
from newsreader.core.model import Archive, Post
from newsreader.ui.model.reading import Derived

Offer = Callable[[Archive, list[str]], list[Post]]
"""Which posts of an archive the reader offers (its filters), notices appended."""
Prepare = Callable[[Archive, list[Post]], Derived]
"""Derives a reading's lookups for the posts offered, in the watcher's thread."""
Settle = Callable[[], ArchiveChanges]
"""Loads a provisional archive in full and says what changed (the first screen's check)."""

DEBOUNCE_MS = 400
"""Quiet time gathered into one batch of changes (a pull writes many files)."""
QUIET_MS = 1_000
"""How long the watch waits for a change before it reports a quiet spell (and waits again)."""


def _folders_moved(changes: Iterable[tuple[object, str]], folders: Collection[str]) -> bool:
    """Whether a batch added a folder not watched yet, or took away one that was."""
    watched = set(folders)
    for _change, path in changes:
        if (path in watched) != os.path.isdir(path):
            return True
    return False


def _unnamed_file(error: Exception) -> bool:
    """Whether a watch ended on a file name that is not UTF-8.

    watchfiles (1.x) turns every event's path into a string before it looks
    at the event, and ends the watch with this error when it cannot: any
    event on such a file, even its being read, stopped the reader following
    the archive. Nothing else tells the error apart than its words.
    """
    return type(error).__name__ == "WatchfilesRustInternalError" and str(error).startswith(
        "Unable to decode path"
    )


def _identity(root: Path) -> tuple[int, int] | None:
    """Which folder (or file) is at ``root`` now: device and inode, None when nothing is."""
    try:
        found = root.stat()
    except OSError:
        return None
    return found.st_dev, found.st_ino


@contextmanager
def _long_lived() -> Iterator[None]:
    """Make an archive's objects without the cyclic collector walking them.

    A reload at 10^5 posts makes a million objects, none of them garbage:
    the full collections they set off (over a second each on a loaded
    machine, holding the GIL) stalled the screen the reload was keeping out
    of the way. So the collector waits while they are made, and then they
    are frozen (moved out of its reach; reference counting still frees them).
    """
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.freeze()


class ArchiveWatcher(Widget):
    """Watches ``archive.root`` and reports each change as :class:`Refreshed`."""

    DEFAULT_CSS = "ArchiveWatcher { display: none; }"

    @dataclass
    class Refreshed(Message):
        """The archive was loaded again (a change on disk, or ``R``)."""

        watcher: ArchiveWatcher
        refreshed: ArchiveChanges
        posts: list[Post]
        by_hand: bool
        derived: Derived | None = None

        @property
        def control(self) -> ArchiveWatcher:
            """The watcher that reloaded."""
            return self.watcher

    def __init__(
        self,
        archive: Archive,
        offer: Offer,
        *,
        use_cache: bool = True,
        cache_dir: Path | None = None,
        watch: bool = True,
        settle: Settle | None = None,
        prepare: Prepare | None = None,
    ) -> None:
        """Follow ``archive``.

        Args:
            archive: The archive as loaded.
            offer: Chooses the posts shown of a reloaded archive (run in the
                watcher's thread: a ``--search`` filter queries the index).
            use_cache: Reload through the index (False: ``--no-cache``).
            cache_dir: Index directory instead of the user cache (tests).
            watch: Watch the disk; False leaves only :meth:`reload`.
            settle: ``archive`` is provisional (the first screen's, from the
                index alone): this loads it in full, in a thread of its own
                once the screen has drawn its first post
                (:meth:`start_check`), and the result is reported like any
                change. Batches from the disk wait for it, so each is
                compared with the full archive.
            prepare: Derives the reading's lookups of a reloaded archive
                here rather than on the event loop (a second at 10^5 posts).
        """
        super().__init__()
        self.archive = archive
        self.offer = offer
        self.use_cache = use_cache
        self.cache_dir = cache_dir
        self.watch_disk = watch
        self.settle = settle
        self.prepare = prepare
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._pending: Settle | None = None

    def on_mount(self) -> None:
        """Start watching, or with a provisional archive wait for :meth:`start_check`.

        A plain daemon thread, not a Textual worker: it runs as long as the
        screen, and a worker that never completes would make every wait for
        the reader's workers (a post opening, a search) wait for ever.
        """
        if (settle := self.settle) is not None:
            self._lock.acquire()  # held from now: a batch from the disk waits for the check
            self._pending = settle
        elif self.watch_disk:
            self._start_watching()

    def start_check(self) -> None:
        """Check a provisional archive, and watch the disk, after the next refresh.

        The screen calls this once its first post is drawn (or when it opens
        none): the check loads every post and the watcher imports watchfiles,
        both holding the GIL for long stretches, so started with the screen
        they delayed the first post's open and paint. A change made meanwhile
        is not lost: the check compares every file with the index. Only the
        first call does anything.
        """
        if (settle := self._pending) is not None:
            self._pending = None
            self.call_after_refresh(self._start_check, settle)

    def _start_check(self, settle: Settle) -> None:
        """Start the first screen's check in a thread of its own, and the watching."""
        target = partial(self._settle_first, settle)
        threading.Thread(target=target, name="archive-check", daemon=True).start()
        if self.watch_disk:
            self._start_watching()

    def _start_watching(self) -> None:
        """Follow the disk in a thread of its own."""
        threading.Thread(target=self._watch, name="archive-watch", daemon=True).start()

    def _settle_first(self, settle: Settle) -> None:
        """Load the provisional archive in full and report it (the lock is held already)."""
        try:
            self._report(lambda _old: settle(), by_hand=False)
        finally:
            self._lock.release()

    def on_unmount(self) -> None:
        """Stop the watching thread (it checks the event every few milliseconds)."""
        self._stop.set()

    def _watch(self) -> None:
        """Wait for batches of changes and reload after each one.

        Each folder the archive reads is watched on its own
        (:func:`~newsreader.core.index.refresh.watched_folders`), so a new
        folder is watched only once the folders are listed again: after a
        batch that added or removed one. Posts written into it before then
        are caught by a reload once the new watch is set up (the first batch,
        or the first quiet :data:`QUIET_MS`, that the new watch reports).
        A watch that ends on a file it cannot name (:func:`_unnamed_file`)
        is set up again the same way, and its first report reloads whatever
        changed, since the batch that ended it is lost (at once, should the
        new watch end too before it reports: a file read again and again).
        An archive folder moved away and replaced (a mirror swapped in whole),
        or deleted and made again, is another folder: the watch on the old one
        would follow it where it went, so a change of the root's identity
        (:func:`_identity`, checked at every report, a quiet spell included)
        sets the watch up on the new one, once there is one, and reloads.
        """
        from watchfiles import watch  # the Rust extension loads only when a reader runs

        root, missed, lost = self.archive.root, list[Path](), False
        folders, root_id = watched_folders(root), _identity(root)
        while not self._stop.is_set():
            try:
                for changes in watch(
                    *folders,
                    debounce=DEBOUNCE_MS,
                    stop_event=self._stop,
                    raise_interrupt=False,
                    ignore_permission_denied=True,
                    recursive=False,
                    rust_timeout=QUIET_MS,
                    yield_on_timeout=True,
                ):
                    if lost:  # watched again by now: find what the lost batch held
                        self._refresh(None, by_hand=False)
                        missed, lost = [], False
                    if missed:  # the new folders are watched by now
                        self._refresh(missed, by_hand=False)
                        missed = []
                    if changes:
                        self._refresh([Path(path) for _change, path in changes], by_hand=False)
                    if _folders_moved(changes, folders) or _identity(root) != root_id:
                        break
                else:
                    return  # stopped
            except (OSError, RuntimeError) as error:  # e.g. too many inotify watches
                moved = _identity(root) != root_id  # the folder went away: wait for it below
                if not moved and not _unnamed_file(error):
                    self._failed(f"Not following changes on disk: {error}")
                    return
                if not moved and lost:  # ended again before it reported: reload, then wait
                    self._refresh(None, by_hand=False)
                    self._stop.wait(DEBOUNCE_MS / 1000)
                lost = True
            if _identity(root) != root_id:
                root_id = self._wait_for(root)
                if root_id is None:
                    return  # stopped
                lost = True  # another folder: reload it whole once it is watched
            listed = watched_folders(root)
            missed = [Path(folder) for folder in set(listed) - set(folders)]
            folders = listed

    def _wait_for(self, root: Path) -> tuple[int, int] | None:
        """Wait until there is a folder at ``root``; its identity, or None when stopped."""
        while not self._stop.is_set():
            if (found := _identity(root)) is not None:
                return found
            self._stop.wait(QUIET_MS / 1000)
        return None

    @work(thread=True, group="archive-reload")
    def reload(self) -> None:
        """Load the archive again now, whatever changed (``R``)."""
        self._refresh(None, by_hand=True)

    def _refresh(self, paths: Iterable[Path] | None, *, by_hand: bool) -> None:
        """Reload and tell the screen, one reload at a time."""

        def reload(old: Archive) -> ArchiveChanges | None:
            return refresh_archive(old, paths, use_cache=self.use_cache, cache_dir=self.cache_dir)

        with self._lock:
            self._report(reload, by_hand=by_hand)

    def _report(self, load: Callable[[Archive], ArchiveChanges | None], *, by_hand: bool) -> None:
        """Load with ``load`` (given the archive shown) and tell the screen; the lock is held."""
        with _long_lived():
            try:
                refreshed = load(self.archive)
            except OSError as error:
                self._failed(f"Could not reload the archive: {error}")
                return
            if refreshed is None:
                return
            self.archive = refreshed.archive
            posts = self.offer(refreshed.archive, refreshed.notices)
            derived = None if self.prepare is None else self.prepare(refreshed.archive, posts)
        if not self._stop.is_set():  # the screen may be gone by now
            self.post_message(self.Refreshed(self, refreshed, posts, by_hand, derived))

    def _failed(self, reason: str) -> None:
        """Tell the user, from the watcher's thread (the reader goes on as it was)."""
        if not self._stop.is_set():
            self.app.call_from_thread(self.notify, reason, severity="error", markup=False)
