"""Remember what the user has read, bookmarked and where they stopped.

One small SQLite database per archive lives under the user state directory
(``platformdirs.user_state_path("newsreader")``, which honours
``XDG_STATE_HOME``), never inside the archive: archives are often read-only
or shared, and reading must not change them.

The store never stops the reader from starting. A damaged state file is moved
aside and a fresh one begun; a state directory that cannot be written falls
back to an in-memory database. Either way :attr:`StateStore.notice` says what
happened in one plain sentence the UI can show. Trouble met later (a write
that fails, a full disk) sets it too and is passed to
:attr:`StateStore.on_notice`, so the UI can say so while the user still reads.

SQLite goes on writing to a file that was deleted under it (a cleaner, ``rm -rf
~/.local/state``) without an error, and everything written after that is gone
at quit. Before each write the store compares the file at its path with the
one it opened (one ``stat``: a whole "mark all read" is one write); when the
file is gone or another, the store makes it again and copies the state so far
into it.

Every change is committed at once (autocommit mode): writes are tiny, and a
crash or a second reader process must never lose or block more than one mark.
The file is kept in WAL mode with ``synchronous=NORMAL``: a commit appends to
the log without waiting for the disk (an fsync per mark was ~14 ms of the
mark-read key), and the database stays consistent after any crash. What that
gives up: on a power loss (not a crash of the reader), the last marks
committed before it may be lost. The state is one user's read marks, so
losing the last one or two is acceptable; corrupting the file is not, and
WAL does not.

One write is not small: marking a whole list read (and its undo) writes a row
per post, about 2 s at 10^6 posts. :meth:`StateStore.set_read_many` runs it on
the store's own thread and returns at once, so the reader's key is drawn
while the rows are written. Another such write (the undo) queues behind it
on that thread; every other use of the connection waits for them first, so
reads see them and writes stay in order, and :meth:`StateStore.close` lets
them finish.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
import sqlite3
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import suppress
from datetime import datetime
from pathlib import Path
from types import TracebackType

import platformdirs

from newsreader.core.index.db import within_archive
from newsreader.core.index.records import stored, text_of
from newsreader.core.text.safe import clean_line

SCHEMA_VERSION = 2
"""``PRAGMA user_version`` of the schema below; bump it with a migration.

Version 2 added ``view`` (what the reader showed at quit). Every statement is
``CREATE ... IF NOT EXISTS``, so opening a version-1 file adds the table and
keeps its marks; a version-1 reader refuses a version-2 file (newer schema)
and runs in memory rather than damage it.
"""

BUSY_TIMEOUT = 5.0
"""Seconds to wait for another newsreader process holding the write lock."""

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS read_posts (path TEXT PRIMARY KEY) WITHOUT ROWID",
    # seq is the rowid, so each new bookmark sorts after every existing one.
    "CREATE TABLE IF NOT EXISTS bookmarks (seq INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE)",
    "CREATE TABLE IF NOT EXISTS position"
    " (id INTEGER PRIMARY KEY CHECK (id = 1), path TEXT NOT NULL, scroll_y REAL NOT NULL)",
    "CREATE TABLE IF NOT EXISTS view (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID",
)
_TABLES = frozenset({"read_posts", "bookmarks", "position", "view"})
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


class _WrongSchema(Exception):
    """The file is an SQLite database, but not one of ours."""


class _NewerSchema(Exception):
    """The file was written by a newer newsreader: keep it, do not touch it."""


def default_state_dir() -> Path:
    """Return the per-user base directory for state files.

    Looked up on every call, so a changed ``XDG_STATE_HOME`` is honoured.
    """
    return platformdirs.user_state_path("newsreader")


def state_file(archive_root: Path, state_dir: Path | None = None) -> Path:
    """Return the state database path for an archive.

    The name joins a readable stem (the archive folder's name, made safe for
    any file system) with a hash of the resolved absolute path, so two
    archives that share a folder name still get separate files.

    Args:
        archive_root: The archive folder (or single post file) as given.
        state_dir: Base directory; defaults to :func:`default_state_dir`.

    Returns:
        The database file path (it may not exist yet).
    """
    resolved = archive_root.expanduser().resolve()
    digest = hashlib.sha256(os.fsencode(resolved)).hexdigest()[:16]
    stem = _UNSAFE_NAME.sub("_", resolved.name).strip("._-")[:40] or "archive"
    base = default_state_dir() if state_dir is None else state_dir
    return base / f"{stem}-{digest}.sqlite3"


def _connect(target: str | Path, *, uri: bool = False) -> sqlite3.Connection:
    """Open a connection in autocommit mode that waits on a busy database.

    ``check_same_thread=False`` lets the UI open the store in a worker thread
    and use it from the event loop; calls must still not overlap.
    """
    return sqlite3.connect(
        target, timeout=BUSY_TIMEOUT, isolation_level=None, check_same_thread=False, uri=uri
    )


def _check_schema(conn: sqlite3.Connection) -> int:
    """Return the file's schema version, or raise if the file is not ours."""
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if version > SCHEMA_VERSION:
        raise _NewerSchema(version)
    rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    tables = {name for (name,) in rows}
    if version == 0 and tables:
        raise _WrongSchema(f"unversioned database with tables {sorted(tables)}")
    if version == SCHEMA_VERSION and not _TABLES <= tables:
        raise _WrongSchema(f"missing tables {sorted(_TABLES - tables)}")
    return version


def _migrate(conn: sqlite3.Connection) -> None:
    """Check the schema and create it if absent, in one write transaction.

    The transaction is taken even when nothing changes: it proves the file is
    writable now rather than at the user's first keypress, and it stops two
    processes from creating the schema at the same time.
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        _check_schema(conn)
        for statement in _SCHEMA:
            conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute("COMMIT")
    finally:
        if conn.in_transaction:
            conn.execute("ROLLBACK")


def _open_checked(path: Path) -> sqlite3.Connection:
    """Open ``path`` and bring its schema up to date, closing it on failure.

    WAL with ``synchronous=NORMAL`` (see the module's docstring): commits skip
    the fsync, at the price of the last marks on a power loss. Set once the
    file is known to be ours: a damaged or foreign file is moved aside as it was.
    """
    conn = _connect(path)
    try:
        _migrate(conn)
        _use_wal(conn)
        conn.execute("PRAGMA synchronous = NORMAL")
    except BaseException:
        conn.close()
        raise
    return conn


def _use_wal(conn: sqlite3.Connection) -> None:
    """Switch to WAL, waiting as long as a write would for another process.

    SQLite answers a journal-mode change that meets another connection's lock
    with "database is locked" at once, without its busy handler: three readers
    started together on a new state file left one of them in memory (its read
    marks lost on quitting), about one start in a hundred with four at once.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT
    pause = 0.005
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() + pause > deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.1)


def _is_damage(exc: BaseException) -> bool:
    """Whether ``exc`` means the file's contents are unusable (not locked or unwritable)."""
    if isinstance(exc, _WrongSchema):
        return True
    return isinstance(exc, sqlite3.DatabaseError) and not isinstance(exc, sqlite3.OperationalError)


def _move_aside(path: Path) -> Path:
    """Rename a damaged database (and any journal files) out of the way.

    Returns:
        The new name of the damaged file, kept so the user can inspect it.
    """
    stamp = datetime.now().strftime("%Y%m%d%H%M%S")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    count = 0
    while target.exists():
        count += 1
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{count}")
    os.replace(path, target)
    for suffix in ("-journal", "-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            os.replace(side, target.with_name(target.name + suffix))
    return target


def _open_file(path: Path) -> tuple[sqlite3.Connection, str | None]:
    """Open the state file, replacing it if damaged.

    Returns:
        The connection and a notice (``None`` when all went well).

    Raises:
        OSError, sqlite3.Error, _NewerSchema: The file cannot be used here.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        return _open_checked(path), None
    except (sqlite3.DatabaseError, _WrongSchema) as exc:
        if not _is_damage(exc):
            raise
    try:
        moved = _move_aside(path)
    except FileNotFoundError:  # another process moved it first
        return _open_checked(path), None
    notice = (
        f"The reading-state file {path} was damaged, so it was moved to {moved} "
        "and a fresh one was started."
    )
    return _open_checked(path), notice


def _inside_notice(path: Path) -> str:
    """Why the state is kept in memory when its folder lies in the archive (``newsreader ~``)."""
    return (
        f"The reading-state folder {path.parent} is inside the archive, which newsreader never"
        " writes, so read marks and bookmarks will last only until you quit"
        " (set XDG_STATE_HOME elsewhere)."
    )


def _memory_copy(path: Path | None) -> sqlite3.Connection:
    """Return an in-memory database holding a copy of ``path``'s state if readable.

    Copying keeps earlier read marks and bookmarks visible when the file can
    be read but not written; anything unusable gives an empty store instead.
    """
    conn = _connect(":memory:")
    if path is not None and path.is_file():
        try:
            source = _connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
            try:
                source.backup(conn)
            finally:
                source.close()
            _migrate(conn)
            return conn
        except (sqlite3.Error, _WrongSchema, _NewerSchema):
            conn.close()
            conn = _connect(":memory:")
    _migrate(conn)
    return conn


def _file_id(path: Path) -> tuple[int, int] | None:
    """The device and inode of the file at ``path``, or ``None`` when there is none.

    Raises:
        OSError: Whether a file is there cannot be told (a folder not searchable).
    """
    try:
        found = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    return found.st_dev, found.st_ino


def _copy_state(source: sqlite3.Connection, target: sqlite3.Connection) -> None:
    """Add everything ``source`` holds to ``target``, in one transaction.

    What ``target`` holds stays: another reader may have made the new file
    first, and its marks join ours. Bookmarks keep their order.
    """
    copies = (
        ("SELECT path FROM read_posts", "INSERT OR IGNORE INTO read_posts (path) VALUES (?)"),
        (
            "SELECT path FROM bookmarks ORDER BY seq",
            "INSERT OR IGNORE INTO bookmarks (path) VALUES (?)",
        ),
        (
            "SELECT id, path, scroll_y FROM position",
            "INSERT OR REPLACE INTO position (id, path, scroll_y) VALUES (?, ?, ?)",
        ),
        ("SELECT name, value FROM view", "INSERT OR REPLACE INTO view (name, value) VALUES (?, ?)"),
    )
    rows = [(insert, source.execute(select).fetchall()) for select, insert in copies]
    with target:
        target.execute("BEGIN")
        for insert, found in rows:
            target.executemany(insert, found)


def _open_copy(path: Path, source: sqlite3.Connection) -> sqlite3.Connection:
    """Open the state file at ``path`` (making it and its folder), filled from ``source``."""
    conn, _ = _open_file(path)  # a damaged file there is moved aside, as at start
    try:
        _copy_state(source, conn)
    except BaseException:
        conn.close()
        raise
    return conn


def _write_many(conn: sqlite3.Connection, sql: str, paths: tuple[str, ...]) -> None:
    """Run ``sql`` for every path in one transaction."""
    with conn:
        conn.execute("BEGIN")
        conn.executemany(sql, zip(map(stored, paths)))


def _fallback_notice(path: Path, exc: BaseException) -> str:
    """Explain, in one sentence, why changes will not be saved this session."""
    if isinstance(exc, _NewerSchema):
        why = "it was written by a newer version of newsreader"
    else:
        why = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    return (
        f"Reading state cannot be saved to {path} ({why}), "
        "so read marks and bookmarks will last only until you quit."
    )


class StateStore:
    """Read marks, bookmarks and the last reading position of one archive.

    Post paths are the archive-relative ``Post.path`` strings. Open with
    :meth:`open`; use as a context manager or call :meth:`close`.

    Attributes:
        notice: One plain sentence for the user when state is not being
            saved normally (damaged file replaced, read-only directory, a
            failed write), else ``None``. A failed write may set it later.
        on_notice: Called with each new notice set after opening, on the
            thread that met the trouble (the store's own for
            :meth:`set_read_many`); the notice at opening is the caller's to
            show. The same sentence twice in a row is passed on once.
        path: The database file, or ``None`` when running in memory only.
    """

    def __init__(self, conn: sqlite3.Connection, path: Path | None, notice: str | None) -> None:
        """Wrap an open, migrated connection (use :meth:`open` instead)."""
        self._conn = conn
        self._background: ThreadPoolExecutor | None = None  # made by the first big write
        self._pending: Future[None] | None = None
        self.path = path
        self.notice = None if notice is None else clean_line(notice)
        self.on_notice: Callable[[str], object] | None = None
        # The file opened, to find it deleted or replaced (None: nothing to follow).
        self._file_id: tuple[int, int] | None = None
        if path is not None:
            with suppress(OSError):
                self._file_id = _file_id(path)
        # Bookmarked paths, oldest first, in memory: the list asks about every
        # row it draws, and a query per row per repaint was a tenth of its cost.
        self._bookmarks: dict[str, None] = {}
        self.bookmarks()

    @classmethod
    def open(cls, archive_root: Path, state_dir: Path | None = None) -> StateStore:
        """Open (creating if needed) the state of the archive at ``archive_root``.

        Never raises for file-system or database trouble: the store then
        lives in memory and :attr:`notice` explains why.

        Args:
            archive_root: The archive folder (or single post file).
            state_dir: Base directory for state files; defaults to the user
                state directory. Tests pass a temporary folder.

        Returns:
            A ready store.
        """
        path = state_file(archive_root, state_dir)
        if within_archive(path.parent, archive_root):
            return cls(_memory_copy(path), None, _inside_notice(path))
        try:
            conn, notice = _open_file(path)
        except (OSError, sqlite3.Error, _WrongSchema, _NewerSchema) as exc:
            return cls(_memory_copy(path), None, _fallback_notice(path, exc))
        return cls(conn, path, notice)

    def _write(self, sql: str, params: tuple[object, ...]) -> None:
        """Run one change, committed at once; a failure becomes a notice, not a crash."""
        self._wait()
        self._guarded(lambda conn: conn.execute(sql, params))

    def set_read(self, path: str, read: bool) -> None:
        """Mark the post at ``path`` read or unread."""
        if read:
            self._write("INSERT OR IGNORE INTO read_posts (path) VALUES (?)", (stored(path),))
        else:
            self._write("DELETE FROM read_posts WHERE path = ?", (stored(path),))

    def set_read_many(self, paths: list[str], read: bool) -> None:
        """Mark many posts at once, in one transaction (mark all read, and its undo).

        Written on the store's thread (see the module's docstring): the call
        returns before the rows are on disk, and a failure sets :attr:`notice`.
        """
        sql = (
            "INSERT OR IGNORE INTO read_posts (path) VALUES (?)"
            if read
            else "DELETE FROM read_posts WHERE path = ?"
        )
        if self._background is None:
            self._background = ThreadPoolExecutor(1, thread_name_prefix="newsreader-state")
        rows = tuple(paths)
        # One thread runs them in turn, so the last one pending finishes last.
        self._pending = self._background.submit(
            self._guarded, lambda conn: _write_many(conn, sql, rows)
        )

    def _guarded(self, write: Callable[[sqlite3.Connection], object]) -> None:
        """Run ``write`` on the state file (made again if it went); a failure becomes a notice.

        The connection is passed at run time: following the file may replace it.
        """
        self._follow_file()
        try:
            write(self._conn)
        except sqlite3.OperationalError as exc:
            where = self.path if self.path is not None else "memory"
            self._tell(
                f"Could not save reading state to {where} ({exc}), so read marks and "
                "bookmarks changed now may not be kept after you quit."
            )

    def _follow_file(self) -> None:
        """Make the state file again, with the state so far, if it was deleted or replaced.

        If it cannot be made, the store goes on with the file it has open (as
        if in memory: the marks last until quit) and stops looking.
        """
        path = self.path
        if path is None or self._file_id is None:
            return
        try:
            if _file_id(path) == self._file_id:
                return
        except OSError:  # cannot tell: go on with the file open, as before
            return
        try:
            conn = _open_copy(path, self._conn)
        except (OSError, sqlite3.Error, _WrongSchema, _NewerSchema) as exc:
            self.path = self._file_id = None
            self._tell(_fallback_notice(path, exc))
            return
        old, self._conn, self._file_id = self._conn, conn, _file_id(path)
        old.close()
        self._tell(
            f"The reading-state file {path} was deleted or replaced while the reader ran, "
            "so it was made again with the read marks and bookmarks so far."
        )

    def _tell(self, notice: str) -> None:
        """Set :attr:`notice` and pass it to :attr:`on_notice` unless it was the last one."""
        notice = clean_line(notice)
        if notice == self.notice:
            return
        self.notice = notice
        if self.on_notice is not None:
            self.on_notice(notice)

    def _wait(self) -> None:
        """Let a write running on the store's thread finish: the connection's uses stay in order."""
        if self._pending is not None:
            self._pending.result()  # never raises: _guarded keeps the failure
            self._pending = None

    @property
    def _db(self) -> sqlite3.Connection:
        """The connection, once a write running on the store's thread has finished."""
        self._wait()
        return self._conn

    def read_paths(self) -> set[str]:
        """Return the paths of every post marked read (one query, for list views)."""
        return {text_of(path) for (path,) in self._db.execute("SELECT path FROM read_posts")}

    def is_bookmarked(self, path: str) -> bool:
        """Whether the post at ``path`` is bookmarked (from memory, no query)."""
        return path in self._bookmarks

    def set_bookmarked(self, path: str, on: bool) -> None:
        """Add or remove a bookmark; adding an existing one keeps its place.

        Kept in memory and written through at once, as read marks are.
        """
        if on:
            self._bookmarks.setdefault(path, None)
            self._write("INSERT OR IGNORE INTO bookmarks (path) VALUES (?)", (stored(path),))
        else:
            self._bookmarks.pop(path, None)
            self._write("DELETE FROM bookmarks WHERE path = ?", (stored(path),))

    def bookmarks(self) -> list[str]:
        """Return bookmarked paths, most recently added first.

        Read from the file, so another reader's bookmarks count too; the
        memory :meth:`is_bookmarked` answers from is brought up to date.
        """
        rows = self._db.execute("SELECT path FROM bookmarks ORDER BY seq")
        self._bookmarks = {text_of(path): None for (path,) in rows}
        return list(reversed(self._bookmarks))

    def last_position(self) -> tuple[str, float] | None:
        """Return the post and scroll offset saved last, or ``None`` if none was."""
        row = self._db.execute("SELECT path, scroll_y FROM position WHERE id = 1").fetchone()
        return None if row is None else (text_of(row[0]), float(row[1]))

    def save_position(self, path: str, scroll_y: float) -> None:
        """Remember ``path`` and its scroll offset (NaN, infinite or negative become 0)."""
        offset = scroll_y if math.isfinite(scroll_y) and scroll_y > 0 else 0.0
        self._write(
            "INSERT OR REPLACE INTO position (id, path, scroll_y) VALUES (1, ?, ?)",
            (stored(path), float(offset)),
        )

    def view(self) -> dict[str, object]:
        """What the reader showed when it was last left (empty when nothing was saved).

        Values are JSON; one that cannot be read back is skipped, never trusted.
        """
        found: dict[str, object] = {}
        for name, value in self._db.execute("SELECT name, value FROM view"):
            try:
                found[str(name)] = json.loads(value)
            except (TypeError, ValueError):
                continue
        return found

    def save_view(self, view: dict[str, object]) -> None:
        """Remember the reader's view (category, filter, sort, selection, panes...)."""
        for name, value in view.items():
            self._write(
                "INSERT OR REPLACE INTO view (name, value) VALUES (?, ?)",
                (name, json.dumps(value)),  # ASCII: a path may hold surrogates
            )

    def close(self) -> None:
        """Let a write in the background finish, then close the database; safe to call twice.

        A state file deleted since the last write is made again first: the
        marks in the open (deleted) file would go with it.
        """
        self._wait()
        self._follow_file()
        self._file_id = None
        self._conn.close()
        if self._background is not None:
            self._background.shutdown()

    def __enter__(self) -> StateStore:
        """Return the store itself for ``with StateStore.open(...) as state``."""
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Close the store."""
        self.close()
