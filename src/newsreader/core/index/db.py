"""The per-archive cache database: where it lives, its schema, and recovery.

One SQLite file per archive under the user cache directory (never inside the
archive). The file is only a cache, so anything wrong with it -- garbage
bytes, a schema from another version -- is answered by deleting it and
starting again, with a notice; a database another process keeps locked past
the busy timeout raises :class:`IndexUnavailable` so callers can carry on
without the cache. WAL mode lets a reader and a writer work at once; every
write is one short ``BEGIN IMMEDIATE`` transaction, so two processes on one
archive serialise instead of corrupting each other.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import sqlite3
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import TypeVar

from newsreader.core.archive.discovery import inside_archive

SCHEMA_VERSION = 14
"""Bumped whenever the schema or the meaning of a stored column changes (6: the CJK
character classes decide tokens and line joins; Markdown tables are bounded in the search text;
7: a stored post carries its source URL, and its JSON line the ``source`` key; 8: a located
text's block offsets and outline rows are one packed BLOB, ``texts.located``, not JSON, and
its blocks' text, ``texts.shown``, no longer replaces the quick text the FTS table was given;
9: the list's two order indexes, ``files_listed`` and ``files_offered``, are in the schema;
a block map holds node parents and label ends, checked by a CRC; ``texts_version`` covers
the freshness check, ``texts_paths`` the ranking's join and ``texts_unlocated`` lists the rows
without a map; 16 KB pages; 10: the first screen's counts are tables kept by triggers as
``files`` is written, and a changed file's row is updated in place; 11: a post's row holds its
``--list`` line too, ``files.listed``; 12: what a post loads as changed, so rows stored before
must not answer: a timestamp no date can hold drops the date alone, not the front matter;
13: a file that is UTF-8 but for a few bad bytes is read as UTF-8, its text and problems stored
anew, and a listing decides a file's codec on the bytes the full read decides on; problems
name YAML's kinds, 'a mapping', not Python's 'a dict'; a full-width letter or digit is the
token of its ASCII twin, a drop-down's choices are lines of the search text, and a numbered
heading's outline rows follow docs/OUTLINE.md's rules 1, 5 and 9 as amended; Markdown is
read as kramdown reads tight Chinese bold, attribute lists, Liquid code tags and footnotes;
14: front matter over 1 MB ends at its closing fence, however far: the body, search text and
problem are what follows it, no longer the YAML; the stored settings hold ``_config.yml``'s
``future``)."""

T = TypeVar("T")
R = TypeVar("R")

PAGE_SIZE = 16384
"""Bytes of a database page. A located post's text row (its text and block map,
about 11 KB each on the bench archive) spans three 4 KB pages, read one system
call each; at 16 KB a warm ``--search 州 --list --json`` at 10^4 posts places its
hits in ~15% less thread time and a warm listing reads its rows in ~12% less."""

BUSY_TIMEOUT = 5.0
"""Seconds to wait for another process's write lock before giving up."""

# FTS5 keeps new postings in memory up to this size (default 1 MB) before
# writing a segment. A cold build commits every few thousand posts; letting
# each commit write one segment instead of a dozen spares most of the
# merging: the 10^4-post build's writes take ~35% less CPU. Memory is only
# held while a transaction is open.
_FTS_HASH_BYTES = 32 * 1024 * 1024

# A file's row: its stat key, its problems, and when it is a usable post its
# sort stamp, :func:`newsreader.core.index.records.encode_post` text, JSON line
# and text line. Few columns: each one costs a warm load of 10^4 rows ~2 ms to
# fetch. The text line earns its place: read out of the JSON line by SQL's
# JSON functions (three parses of every line: SQLite 3.40 keeps no parsed JSON between calls),
# a warm ``--list`` of 10^4 posts spent ~60 ms more in SQL than ``--json``.
_FILES = """
CREATE TABLE IF NOT EXISTS files(
    rel TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL,
    problems TEXT NOT NULL, stamp REAL, post TEXT, line TEXT, listed TEXT);
"""
PUBLISHED = "CASE WHEN json_valid(line) THEN json_extract(line, '$.published') END"
"""A row's post is published: a JSON test, so that SQL can skip the unpublished posts.

Guarded by ``json_valid``: an index's WHERE runs on every write, and a line
that is no JSON (a damaged file, another program's write) must be one more
row the readers refuse, not a write that fails."""
# The list's order, of every post and of the published ones (the WHERE of
# :mod:`newsreader.core.index.first_page`'s queries, word for word, or SQLite
# ignores a partial index). Without them each page of the reader's list is a
# sort of every row (0.26 s at 10^5 posts); with them it is read in index
# order. In the schema, so the cold build makes them as it writes the rows
# and no warm start pays for them (they were made on the first warm start:
# some 30 s at 10^6).
_ORDER = f"""
CREATE INDEX IF NOT EXISTS files_listed ON files(stamp DESC, rel) WHERE line IS NOT NULL;
CREATE INDEX IF NOT EXISTS files_offered ON files(stamp DESC, rel)
    WHERE line IS NOT NULL AND {PUBLISHED};
"""

# The first screen's counts (:mod:`newsreader.core.index.first_page`), kept by
# SQLite itself as rows are written, whoever writes them: posts per facts
# (published, categories and tags, folders above ``_posts``), per day, the rows
# the first screen cannot count (``first_tally``'s ``odd``: a path or post no
# plain text, a line no JSON of a post, no text line; a warm listing streams
# only when there are none) and the stored problems. Counting them
# again at a start after any change scanned every row: 0.43 s at 10^5 posts
# before the first screen; read from here, O(groups). A row's kind decides what
# it counts for; the CASE tests in order, so no JSON function sees a non-JSON
# line (a write must never fail on what a row holds).
_KIND = """CASE
    WHEN typeof({r}.rel) != 'text' THEN 'odd'
    WHEN {r}.line IS NULL THEN 'none'
    WHEN typeof({r}.line) != 'text' OR typeof({r}.post) != 'text' OR typeof({r}.listed) != 'text'
         OR typeof({r}.stamp) NOT IN ('real', 'integer') OR NOT json_valid({r}.line) THEN 'odd'
    WHEN instr({r}.line, '\\u') > 0
         OR ifnull(json_type({r}.line, '$.published'), '') NOT IN ('true', 'false') THEN 'odd'
    ELSE 'post' END"""
_COUNT_TABLES = """
CREATE TABLE IF NOT EXISTS first_facts(
    published INTEGER, labels TEXT, folders TEXT, n INTEGER NOT NULL,
    PRIMARY KEY(published, labels, folders)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS first_days(
    published INTEGER, day TEXT, n INTEGER NOT NULL, PRIMARY KEY(published, day)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS first_tally(what TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS first_problems(rel PRIMARY KEY, problems NOT NULL);
"""


def _facts(row: str) -> tuple[str, str, str]:
    """A row's published flag, its categories and tags, and its folders above ``_posts``."""
    return (
        f"json_extract({row}.line, '$.published')",
        f"json_extract({row}.line, '$.categories', '$.tags')",
        f"substr({row}.rel, 1, instr('/' || {row}.rel, '/_posts/') - 2)",
    )


def _tallied(row: str, sign: int) -> str:
    """Trigger statements adding (``sign`` 1) or taking away (-1) the row ``row`` (NEW, OLD)."""
    kind = _KIND.format(r=row)
    published, labels, folders = _facts(row)
    problems = (
        f"INSERT OR REPLACE INTO first_problems SELECT {row}.rel, {row}.problems"
        f" WHERE {row}.problems != '[]';"
        if sign > 0
        else f"DELETE FROM first_problems WHERE rel = {row}.rel;"
    )
    return f"""
    INSERT INTO first_facts SELECT {published}, {labels}, {folders}, {sign}
        WHERE {kind} = 'post' ON CONFLICT DO UPDATE SET n = n + {sign};
    INSERT INTO first_days SELECT {published}, substr({row}.post, 1, 10), {sign}
        WHERE {kind} = 'post' ON CONFLICT DO UPDATE SET n = n + {sign};
    INSERT INTO first_tally SELECT 'odd', {sign}
        WHERE {kind} = 'odd' ON CONFLICT DO UPDATE SET n = n + {sign};
    {problems}"""


def _triggers() -> tuple[str, ...]:
    """The triggers that keep the count tables as ``files`` is written, one statement each."""
    added, removed = _tallied("NEW", 1), _tallied("OLD", -1)
    return (
        f"CREATE TRIGGER IF NOT EXISTS files_added AFTER INSERT ON files BEGIN{added}\nEND",
        f"CREATE TRIGGER IF NOT EXISTS files_removed AFTER DELETE ON files BEGIN{removed}\nEND",
        f"CREATE TRIGGER IF NOT EXISTS files_changed AFTER UPDATE ON files BEGIN{removed}{added}"
        "\nEND",
    )


def _counting() -> str:
    """The count tables and the triggers that keep them as ``files`` is written."""
    return _COUNT_TABLES + "".join(f"{trigger};\n" for trigger in _triggers())


def _recount() -> tuple[str, ...]:
    """Statements filling the emptied count tables from every ``files`` row.

    One pass reads each post's facts into a temporary table, which the
    groupings then read: a row's kind and facts are worked out from its JSON
    once, not once per table (10^5 rows: 0.71 s in three passes, 0.30 s so).
    The odd rows are what is neither a post nor a row without one.
    """
    kind = _KIND.format(r="files")
    published, labels, folders = _facts("files")
    return (
        "DROP TABLE IF EXISTS temp.first_scan",
        f"CREATE TEMP TABLE first_scan AS SELECT {published} AS published, {labels} AS labels,"
        f" {folders} AS folders, substr(files.post, 1, 10) AS day FROM files WHERE {kind} = 'post'",
        "INSERT INTO first_facts SELECT published, labels, folders, count(*)"
        " FROM temp.first_scan GROUP BY 1, 2, 3",
        "INSERT INTO first_days SELECT published, day, count(*) FROM temp.first_scan GROUP BY 1, 2",
        "INSERT INTO first_tally SELECT 'odd', (SELECT count(*) FROM files)"
        " - (SELECT count(*) FROM temp.first_scan)"
        " - (SELECT count(*) FROM files WHERE line IS NULL AND typeof(rel) = 'text')",
        "INSERT INTO first_problems SELECT rel, problems FROM files WHERE problems != '[]'",
        "DROP TABLE temp.first_scan",
    )


@contextmanager
def counted_in_bulk(conn: sqlite3.Connection, bulk: bool) -> Iterator[None]:
    """Within a transaction, count a rewrite of every ``files`` row once, at its end.

    The triggers cost each written row 10-14 us of JSON work (a cold build of
    10^4 rows ~0.1 s, and as much again to delete old rows); a rebuild instead
    drops them, writes, fills the count tables from one pass over the rows
    (:func:`_recount`) and makes the triggers again, all in the caller's
    transaction.
    """
    if not bulk:
        yield
        return
    for name in ("files_added", "files_removed", "files_changed"):
        conn.execute(f"DROP TRIGGER IF EXISTS {name}")
    yield
    for table in ("first_facts", "first_days", "first_tally", "first_problems"):
        conn.execute(f"DELETE FROM {table}")
    for statement in (*_recount(), *_triggers()):
        conn.execute(statement)


def _schema() -> str:
    """The schema script; idempotent, so two processes creating one file cannot clash.

    Built on demand: the tokenizer's module is only worth importing when a
    database is created.
    """
    from newsreader.core.index.tokens import FTS_TOKENIZER

    return f"""
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
{_FILES}{_ORDER}{_counting()}
CREATE TABLE IF NOT EXISTS texts(
    id INTEGER PRIMARY KEY, rel TEXT NOT NULL UNIQUE,
    size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL,
    title TEXT NOT NULL, body TEXT NOT NULL, located BLOB, shown TEXT);
-- The versions alone, so checking every post's text is current reads no text row.
CREATE INDEX IF NOT EXISTS texts_version ON texts(rel, size, mtime_ns);
-- A text's path by its id, so ranking every match of a query reads no text row.
CREATE INDEX IF NOT EXISTS texts_paths ON texts(id, rel);
-- The posts no search has located yet: on a warm index none, so finding a
-- chunk's unlocated hits reads no text row.
CREATE INDEX IF NOT EXISTS texts_unlocated ON texts(id) WHERE located IS NULL;
CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(
    title, body, content='', tokenize="{FTS_TOKENIZER}");
INSERT INTO fts(fts, rank) VALUES('rank', 'bm25(5.0, 1.0)');
INSERT INTO fts(fts, rank) VALUES('hashsize', {_FTS_HASH_BYTES});
PRAGMA user_version = {SCHEMA_VERSION};
"""


class IndexUnavailable(Exception):
    """The cache cannot be used right now (locked by another process, unwritable)."""


def cache_file(root: Path, cache_dir: Path | None = None) -> Path:
    """Return the cache database path for the archive at ``root``.

    Args:
        root: The archive root as given by the user.
        cache_dir: Directory to use instead of the user cache directory.

    Returns:
        ``<cache dir>/<readable stem>-<hash of the resolved path>.sqlite3``.
    """
    resolved = root.resolve()
    if cache_dir is None:
        cache_dir = user_cache_dir()
    stem = re.sub(r"[^\w.-]+", "_", resolved.name)[:40] or "archive"
    digest = hashlib.sha256(str(resolved).encode("utf-8", "surrogateescape")).hexdigest()
    return cache_dir / f"{stem}-{digest[:16]}.sqlite3"


def within_archive(folder: Path, root: Path) -> bool:
    """Whether ``folder`` is ``root`` or lies below it, links resolved (``newsreader ~``).

    newsreader never writes into the archive it reads: with the archive at
    the home folder, the default cache (``~/.cache``) would be inside it.
    """
    if not root.is_dir():
        return False  # a single post: no folder of the archive to write into
    return inside_archive(folder, os.path.realpath(root))


def user_cache_dir() -> Path:
    """The user's cache directory for newsreader.

    The usual Linux cases (an absolute ``XDG_CACHE_HOME``, else an absolute
    ``HOME``) follow the XDG rule directly, as platformdirs does, sparing a
    warm listing the import of platformdirs; anything else is its call.
    """
    if sys.platform == "linux":
        xdg, home = os.environ.get("XDG_CACHE_HOME", ""), os.environ.get("HOME", "")
        if os.path.isabs(xdg):
            return Path(xdg) / "newsreader"
        if os.path.isabs(home):
            return Path(home) / ".cache" / "newsreader"
    import platformdirs

    return platformdirs.user_cache_path("newsreader")


def is_busy(error: sqlite3.Error) -> bool:
    """Tell a lock held by another process from real damage."""
    message = str(error).lower()
    return isinstance(error, sqlite3.OperationalError) and (
        "locked" in message or "busy" in message
    )


def is_full(error: sqlite3.Error) -> bool:
    """Tell a full cache device (SQLite's ``SQLITE_FULL``) from damage: the file is fine."""
    code = getattr(error, "sqlite_errorcode", None)
    return code == sqlite3.SQLITE_FULL or "disk is full" in str(error).lower()


NO_SPACE = "no space left on the cache device"
"""The start of every notice about a full cache device."""


def rollback(conn: sqlite3.Connection) -> None:
    """End a failed write transaction, if SQLite has not ended it already.

    SQLite rolls a transaction back by itself on some errors (a full disk
    among them); a ``ROLLBACK`` then raises "cannot rollback - no transaction
    is active", which would hide the cause. A rollback that fails is left
    to the next connection (SQLite recovers from its journal).
    """
    if conn.in_transaction:
        try:
            conn.execute("ROLLBACK")
        except sqlite3.Error:
            pass


def _connect(path: Path) -> sqlite3.Connection:
    """Open ``path`` in autocommit mode (transactions are explicit) with WAL.

    ``synchronous=OFF``: the file is a cache, so a write lost (or a file
    damaged) by a power cut only means a rebuild, while each fsync would cost
    a cold listing more than the write itself.
    """
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT, isolation_level=None)
    try:
        conn.execute(f"PRAGMA page_size={PAGE_SIZE}")  # a new file only, before WAL fixes it
        _use_wal(conn)
        conn.execute("PRAGMA synchronous=OFF")
    except sqlite3.Error:
        conn.close()
        raise
    return conn


def _use_wal(conn: sqlite3.Connection) -> None:
    """Put the database in WAL mode, unless another process is building it.

    A bulk full-text build switches to a rollback journal while it is alone
    (:mod:`newsreader.core.index.fill`); meanwhile the switch back fails at
    once, and this connection works in rollback mode, waiting its turn for
    the lock like any other. Past the build, the next connection restores WAL.
    """
    try:
        conn.execute("PRAGMA journal_mode=WAL")
    except sqlite3.OperationalError as error:
        if not is_busy(error):
            raise


def _prepare(conn: sqlite3.Connection) -> str | None:
    """Create the schema in a new database; report a stale one.

    Returns:
        None when the database is ready, else why it must be rebuilt.
    """
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version == SCHEMA_VERSION:
        conn.execute("SELECT count(*) FROM meta").fetchone()  # reads a page: finds damage
        return None
    if version != 0 or conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
        return f"index was from another version (schema {version})"
    conn.executescript(f"BEGIN IMMEDIATE;{_schema()}COMMIT;")
    return None


def remove_index(path: Path) -> None:
    """Delete a database and its WAL/shared-memory companions.

    A folder in the place of one (the names are this program's own, inside
    its cache directory) is deleted too, or a damaged cache could never be
    rebuilt; a link is removed, never followed.

    Raises:
        OSError: One of them cannot be deleted.
    """
    for suffix in ("", "-wal", "-shm", "-journal"):
        companion = Path(f"{path}{suffix}")
        if companion.is_dir() and not companion.is_symlink():
            shutil.rmtree(companion)
        else:
            companion.unlink(missing_ok=True)


def _open_fresh(path: Path) -> sqlite3.Connection:
    """Open ``path`` and make sure it holds the current schema."""
    conn = _connect(path)
    try:
        reason = _prepare(conn)
    except BaseException:
        conn.close()
        raise
    if reason is not None:
        conn.close()
        raise sqlite3.DatabaseError(reason)
    return conn


class IndexDB:
    """An open cache database and the notices met opening it.

    Use :meth:`open` as a context manager; ``notices`` holds plain sentences
    for the user (e.g. "index was corrupt; rebuilt").
    """

    def __init__(self, conn: sqlite3.Connection, path: Path, notices: list[str]) -> None:
        """Wrap an open connection (use :meth:`open` or :meth:`memory`)."""
        self.conn = conn
        self.path = path
        self.notices = notices

    @classmethod
    def open(cls, root: Path, cache_dir: Path | None = None) -> IndexDB:
        """Open (creating or rebuilding as needed) the cache of the archive at ``root``.

        Raises:
            IndexUnavailable: Another process holds the lock past the busy
                timeout, or the cache directory cannot be written.
        """
        path = cache_file(root, cache_dir)
        if within_archive(path.parent, root):
            raise IndexUnavailable(
                f"the index folder {path.parent} is inside the archive, which newsreader"
                " never writes; working without the index (set XDG_CACHE_HOME elsewhere)"
            )
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            return cls(_open_fresh(path), path, [])
        except sqlite3.Error as error:
            if is_busy(error):
                raise IndexUnavailable(f"index {path} is busy; working without it") from error
            if is_full(error):
                raise IndexUnavailable(
                    f"{NO_SPACE} ({path.parent}); working without the index"
                ) from error
            return cls._rebuild(path, error)
        except OSError as error:
            raise IndexUnavailable(f"index {path} cannot be written ({error})") from error

    @classmethod
    def _rebuild(cls, path: Path, error: sqlite3.Error) -> IndexDB:
        """Replace a damaged or stale database with an empty one."""
        remove_index(path)
        try:
            conn = _open_fresh(path)
        except (sqlite3.Error, OSError) as again:
            cause = NO_SPACE if isinstance(again, sqlite3.Error) and is_full(again) else again
            raise IndexUnavailable(f"index {path} cannot be rebuilt ({cause})") from again
        return cls(conn, path, [f"index {path} was unusable ({error}); rebuilt"])

    @classmethod
    def memory(cls) -> IndexDB:
        """Return a private in-memory database with the same schema (no cache)."""
        conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        conn.executescript(_schema())
        return cls(conn, Path(":memory:"), [])

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()

    def __enter__(self) -> IndexDB:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


UNREADABLE = (ValueError, TypeError, LookupError, AttributeError, OverflowError)
"""What decoding a damaged row raises (bad JSON, text, types, zones, dates)."""


def with_index(
    root: Path,
    cache_dir: Path | None,
    work: Callable[[IndexDB], T],
    fallback: Callable[[str], T],
    instead: str,
) -> T:
    """Run ``work`` on the archive's cache database, or ``fallback`` when it cannot be used.

    The cache never stops the program: a database locked elsewhere,
    unwritable or on a full device means working without it this time (a
    full one is kept: nothing is wrong with it), and one found damaged past
    the opening checks (SQLite's error, or rows ``work`` could not decode:
    :data:`UNREADABLE`) is deleted so the next run rebuilds it (one busy
    elsewhere is left alone). Either way ``fallback`` gets a sentence
    for the user, and ``work`` gets the database's own notices in
    :attr:`IndexDB.notices`. Output written from inside ``work`` goes
    through :func:`write_read`, so an error of the output's own is raised
    as it was and never taken for damage.

    Args:
        root: The archive root.
        cache_dir: Cache directory instead of the user cache (tests).
        work: What to do with the open database.
        fallback: What to do without it, given the notice saying why.
        instead: What happens then, to end a notice about an SQLite error
            (e.g. "searched without the index").

    Returns:
        What ``work`` returned, else what ``fallback`` returned.
    """
    try:
        with IndexDB.open(root, cache_dir) as db:
            return work(db)
    except NotTheIndex as raised:  # the output's own error: the index is fine, keep it
        raise raised.error from None
    except IndexUnavailable as error:
        return fallback(str(error))
    except sqlite3.Error as error:
        if is_full(error):  # the file is intact: keep it for when there is room
            where = cache_file(root, cache_dir).parent
            return fallback(f"{NO_SPACE} ({where}); working without the index")
        if not is_busy(error):
            _forget(root, cache_dir)
        notice = f"index error ({error})"
    except UNREADABLE as error:
        _forget(root, cache_dir)
        notice = f"index held unreadable data ({type(error).__name__}: {error})"
    return fallback(f"{notice}; {instead}" if instead else notice)


class NotTheIndex(Exception):
    """Carries an error the output code raised inside :func:`with_index`'s ``work``.

    A ``ValueError`` from a writer is a bug in the output, not a damaged
    row: :func:`with_index` re-raises the carried error as it was (for the
    CLI's last line of defence) instead of deleting the user's index.
    """

    def __init__(self, error: Exception) -> None:
        super().__init__(str(error))
        self.error = error


def write_read(write: Callable[[Iterable[R]], None], rows: Iterable[R]) -> None:
    """Hand ``rows`` to ``write``, telling the rows' errors from the writer's own.

    What reading a row raises (SQLite's errors, :data:`UNREADABLE` from
    decoding it) propagates as it is, for :func:`with_index` to take as
    damage; anything else ``write`` raises is wrapped in :class:`NotTheIndex`.
    ``yield from`` delegates in C, so a row costs no extra Python step.
    """
    failed: list[Exception] = []

    def reads() -> Iterator[R]:
        try:
            yield from rows
        except (sqlite3.Error, *UNREADABLE) as error:
            failed.append(error)
            raise

    try:
        write(reads())
    except Exception as error:
        if failed:  # a read failed, whatever the writer made of it
            raise failed[0] from None
        raise NotTheIndex(error) from error


def _forget(root: Path, cache_dir: Path | None) -> None:
    """Delete a damaged cache so the next run rebuilds it, if it can be deleted."""
    try:
        remove_index(cache_file(root, cache_dir))
    except OSError:
        pass  # the next run meets it again and works without it
