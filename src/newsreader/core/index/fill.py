"""Fill the full-text tables of an index database from an archive's posts.

Only posts whose version (size, modification time, as the metadata cache
recorded it at load) is new since it was indexed are read; a build stores
each post's quick text (:func:`newsreader.core.index.tokens.quick_text`, no
document model), and a cold build of many posts fans the reading,
tokenizing and UTF-8 encoding out over worker processes while the parent
does all the writing (one writer at a time, as SQLite wants), in
transactions of a few thousand rows, through a rollback journal when it has
the database to itself. :func:`locate_rows` later adds the reader's exact
blocks and outline (a packed block map, :mod:`newsreader.core.index.blockmap`)
for the posts a search shows, once per post version.

Why not record the block map in the build itself: measured on the 10^4-post
bench archive (CPU time per post, one run, loaded machine), the quick text
costs 0.9 ms, the reader's full parse with its outline 6.0 ms (the outline
alone about 40% of it), and the naive reader the benchmark compares a cold
search with 5.8 ms on one core. Spread over two cores, with the metadata
load, a cold search now does about a fifth of the naive reader's work per
post; parsing in the build would make that about two thirds (the target
is a quarter or less). Running the outline over the quick text's lines
would still pay the outline (about 2.4 ms a post: some two fifths), and
would need a second block builder to agree with the reader's. So a build
stays quick, and the parse is paid only for posts a search shows: the
reader's first 200 hits, every hit of a ``--json`` stream (on both cores),
each post version once.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import partial
from itertools import chain, islice
from pathlib import Path

from newsreader.core.index.blockmap import pack_text, unpack
from newsreader.core.index.db import UNREADABLE, rollback
from newsreader.core.index.records import TextRow, decode_post, stored, text_of
from newsreader.core.index.tokens import PostText, extract_text, quick_text, tokenize_for_index
from newsreader.core.model import Archive, Post
from newsreader.core.progress import counted

PARALLEL_THRESHOLD = 200
"""Fewer stale posts than this are parsed in-process: workers cost a start-up."""

_BATCH = 512
_BULK_COMMIT = 4096  # rows per write transaction of a bulk build


def file_key(path: Path) -> tuple[int, int] | None:
    """Return ``(size, mtime_ns)`` of ``path``, or None if it cannot be read."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns


def decode_text(title: str, body: str, located: bytes | None) -> PostText:
    """Rebuild a :class:`PostText` from its stored columns.

    No block map (NULL) marks a quick text, not yet located. A map that does
    not unpack (:func:`newsreader.core.index.blockmap.unpack`) is dropped, so
    the post is located again from its file rather than shown at a block it
    lacks.

    Raises:
        TypeError: The title or body is not text (the index is damaged).
    """
    if not isinstance(title, str) or not isinstance(body, str):
        raise TypeError("a stored search text is not text")
    encoded = _utf8(body)
    unpacked = None if located is None else unpack(located, len(encoded))
    if unpacked is None:
        return PostText(title, body)
    offsets = tuple(len(encoded[:start].decode()) for start in unpacked.offsets())
    return PostText(title, body, offsets, unpacked.rows())


def text_row(rel: str, key: tuple[int, int], text: PostText) -> TextRow:
    """Turn a post's text into the row :func:`fill_fulltext` stores.

    The long columns are encoded to UTF-8 here, in the worker that read the
    post: bytes cross the process boundary and are bound to SQLite as they
    are, where ``str`` would be decoded by the parent's unpickling and then
    encoded again for SQLite (~0.03 ms a post of the parent's time, which
    every worker waits on). SQL ``CAST(? AS TEXT)`` stores them as text, and
    FTS5 reads a blob's bytes as UTF-8 text.
    """
    body, located = _utf8(text.text), None
    if text.offsets is not None:
        body, located = pack_text(text.text, text.offsets, text.sections)
    return TextRow(
        rel,
        key[0],
        key[1],
        _utf8(text.title),
        body,
        located,
        _utf8(tokenize_for_index(text.title)),
        _utf8(tokenize_for_index(text.text)),
    )


def _utf8(text: str) -> bytes:
    """Encode for SQLite; a lone surrogate (from a YAML escape) becomes ``?``."""
    return text.encode("utf-8", "replace")


def row_text(row: TextRow) -> PostText:
    """The :class:`PostText` a row was made from."""
    return decode_text(row.title.decode(), row.body.decode(), row.located)


Job = tuple[Post, tuple[int, int]]
Reader = Callable[[Path, Post], PostText]


def _row(root: Path, read: Reader, job: Job) -> TextRow:
    """Read one post into a ready-to-insert row (often in a worker process)."""
    post, key = job
    return text_row(post.path, key, read(root, post))


def _rows(
    root: Path, jobs: list[Job], workers: int | None, read: Reader = quick_text
) -> Iterator[TextRow]:
    """Read ``jobs`` with ``read``, in worker processes when there are enough of them."""
    from newsreader.core.parallel import parallel_imap  # a warm search never needs workers

    if len(jobs) >= PARALLEL_THRESHOLD:
        tokenize_for_index("")  # build the table once, before forking
    parse = partial(_row, root, read)
    return parallel_imap(parse, jobs, workers=workers, min_items=PARALLEL_THRESHOLD)


def _batches(rows: Iterable[TextRow]) -> Iterator[list[TextRow]]:
    """Group rows for one write transaction each."""
    iterator = iter(rows)
    while batch := list(islice(iterator, _BATCH)):
        yield batch


def _delete(conn: sqlite3.Connection, rels: Iterable[str]) -> None:
    """Drop the indexed text of ``rels`` (inside the caller's transaction).

    The FTS table keeps no copy of the text (``content=''``), so deleting
    means replaying the tokens it was given; they are rebuilt from the stored text.
    """
    for rel in rels:
        query = "SELECT id, title, body FROM texts WHERE rel = ?"
        found = conn.execute(query, (stored(rel),)).fetchone()
        if found is None:
            continue
        row_id, title, body = found
        conn.execute(
            "INSERT INTO fts(fts, rowid, title, body) VALUES('delete', ?, ?, ?)",
            (row_id, tokenize_for_index(title), tokenize_for_index(body)),
        )
        conn.execute("DELETE FROM texts WHERE id = ?", (row_id,))


@contextmanager
def _transaction(conn: sqlite3.Connection) -> Iterator[None]:
    """One write transaction, taken at once (``IMMEDIATE``) and rolled back on any error."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        rollback(conn)
        raise
    conn.execute("COMMIT")


def _insert(conn: sqlite3.Connection, batch: list[TextRow]) -> None:
    """Store one batch of read posts (inside the caller's transaction).

    A row whose version another process indexed meanwhile is skipped; older
    versions are replaced. New rows go in with one ``executemany`` per table.
    """
    current = _indexed_keys(conn, [row.rel for row in batch])
    fresh = [row for row in batch if current.get(row.rel) != (row.size, row.mtime_ns)]
    _delete(conn, [row.rel for row in fresh if row.rel in current])
    # Explicit ids (safe inside the write lock): FTS5 inserts from
    # ``VALUES`` run nearly three times faster than from a ``SELECT``.
    first = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM texts").fetchone()[0]
    conn.executemany(
        "INSERT INTO texts(id, rel, size, mtime_ns, title, body, located)"
        " VALUES (?, ?, ?, ?, CAST(? AS TEXT), CAST(? AS TEXT), ?)",
        [row.texts_values(first + n) for n, row in enumerate(fresh)],
    )
    conn.executemany(
        "INSERT INTO fts(rowid, title, body) VALUES (?, ?, ?)",
        [row.fts_values(first + n) for n, row in enumerate(fresh)],
    )


def _write_all(conn: sqlite3.Connection, rows: Iterable[TextRow], per_commit: int) -> None:
    """Store ``rows`` in batches, committing every ``per_commit`` batches.

    Each commit makes FTS5 write its pending postings as a new segment, and
    segments are later merged: fewer, larger commits cost a bulk build much
    less. The write lock is held across a few batches only (about a second
    of a cold build), so another process waits well within the busy timeout.
    """
    batches = _batches(rows)
    for first in batches:  # no rows, no transaction: a warm search takes no lock
        with _transaction(conn):
            for batch in chain([first], islice(batches, per_commit - 1)):
                _insert(conn, batch)


def _indexed_keys(conn: sqlite3.Connection, rels: list[str]) -> dict[str, tuple[int, int]]:
    """Return ``(size, mtime_ns)`` of those of ``rels`` already indexed."""
    keys: dict[str, tuple[int, int]] = {}
    for start in range(0, len(rels), 500):  # SQLite caps bound parameters
        part = [stored(rel) for rel in rels[start : start + 500]]
        marks = ",".join("?" * len(part))
        for rel, size, mtime in conn.execute(
            f"SELECT rel, size, mtime_ns FROM texts WHERE rel IN ({marks})", part
        ):
            keys[text_of(rel)] = (size, mtime)
    return keys


def _stale(conn: sqlite3.Connection, root: Path, archive: Archive) -> tuple[list[Job], set[str]]:
    """Find posts to (re)index and indexed paths no longer in the archive.

    The text index follows the archive as loaded: a post's version is the
    one the metadata cache (table ``files``) recorded when the archive was
    loaded, so neither a warm search nor a cold build calls ``stat`` on
    every post (~0.15 s at 10^4, before the workers can start). Only posts
    the cache does not know (in an in-memory index) are looked at on disk.
    """
    indexed = _keys(conn, "texts")
    loaded = _keys(conn, "files")
    jobs: list[Job] = []
    for post in archive.posts:
        key = loaded.get(post.path) or file_key(archive.post_path(post))
        if key is not None and indexed.get(post.path) != key:
            jobs.append((post, key))
    gone = indexed.keys() - {post.path for post in archive.posts}
    return jobs, gone


def _keys(conn: sqlite3.Connection, table: str) -> dict[str, tuple[int, int]]:
    """``(size, mtime_ns)`` by path of every row of ``table`` (``texts`` or ``files``)."""
    query = f"SELECT rel, size, mtime_ns FROM {table}"
    return {text_of(rel): (size, mtime) for rel, size, mtime in conn.execute(query)}


def fill_fulltext(
    conn: sqlite3.Connection,
    root: Path,
    archive: Archive,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Bring the full-text tables of ``conn`` up to date with ``archive``.

    Args:
        conn: An open index database (see :class:`newsreader.core.index.db.IndexDB`).
        root: The archive root.
        archive: The archive as loaded now; posts absent from it are dropped.
        workers: Worker processes for parsing; None for
            :func:`newsreader.core.parallel.worker_count`.
        progress: Called as ``progress(done, total)`` as posts are indexed.

    Returns:
        How many posts were (re)indexed.
    """
    jobs, gone = _stale(conn, root, archive)
    if gone:
        with _transaction(conn):
            _delete(conn, gone)
    bulk = len(jobs) >= PARALLEL_THRESHOLD
    with _bulk_journal(conn, bulk):
        rows = _rows(root, jobs, workers)
        if progress is not None and jobs:
            rows = counted(rows, len(jobs), progress, _BATCH)
        _write_all(conn, rows, _BULK_COMMIT // _BATCH if bulk else 1)
    return len(jobs)


_STALE_ROWS = """
SELECT f.rel, f.size, f.mtime_ns FROM files AS f
LEFT JOIN texts AS t INDEXED BY texts_version ON t.rel = f.rel
WHERE f.line IS NOT NULL AND (t.rel IS NULL OR t.size != f.size OR t.mtime_ns != f.mtime_ns)
"""
# Texts whose post the files table no longer lists (removed, or no longer a post).
_GONE_TEXTS = (
    "SELECT rel FROM texts WHERE rel NOT IN (SELECT rel FROM files WHERE line IS NOT NULL)"
)
_POSTS_OF = "SELECT rel, post FROM files WHERE rel IN ({marks})"
_CHUNK_JOBS = 8_192
"""Posts read per round of workers when the jobs come from the index (memory holds these)."""
_PER_QUERY = 1_000
"""Paths per ``IN (...)`` query (well under SQLite's limit on parameters)."""


def fill_from_files(
    conn: sqlite3.Connection,
    root: Path,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Bring the full-text tables up to date with the index's own file rows, not an archive.

    :func:`fill_fulltext` takes the posts of a loaded archive, which a cold
    search at 10^5 posts held whole (540 MB at its peak); here only the stale
    posts' keys are held, and their posts are decoded from the ``files`` rows
    a chunk at a time. The rows must be current (see
    :func:`newsreader.core.index.rows.update_rows`); a row that does not
    decode is skipped, and the listing's own checks then refuse the index.

    Returns:
        How many posts were (re)indexed.
    """
    stale = conn.execute(_STALE_ROWS).fetchall()
    gone = [text_of(rel) for (rel,) in conn.execute(_GONE_TEXTS)]
    if gone:
        with _transaction(conn):
            _delete(conn, gone)
    bulk = len(stale) >= PARALLEL_THRESHOLD
    with _bulk_journal(conn, bulk):
        for start in range(0, len(stale), _CHUNK_JOBS):
            jobs = jobs_of_rows(conn, stale[start : start + _CHUNK_JOBS])
            rows = _rows(root, jobs, workers)
            if progress is not None:
                rows = counted(rows, len(stale), progress, _BATCH, start)
            _write_all(conn, rows, _BULK_COMMIT // _BATCH if bulk else 1)
    return len(stale)


def jobs_of_rows(conn: sqlite3.Connection, keys: list[tuple[object, int, int]]) -> list[Job]:
    """The posts of these ``files`` rows with their versions (rows that do not decode left out)."""
    posts: dict[object, object] = {}
    for start in range(0, len(keys), _PER_QUERY):
        rels = [rel for rel, _size, _mtime in keys[start : start + _PER_QUERY]]
        sql = _POSTS_OF.format(marks=", ".join("?" * len(rels)))
        posts.update(conn.execute(sql, rels).fetchall())
    jobs: list[Job] = []
    for rel, size, mtime in keys:
        try:
            post = decode_post(text_of(rel), text_of(posts[rel]))  # type: ignore[arg-type]
            jobs.append((post, (size, mtime)))
        except (KeyError, *UNREADABLE):
            continue
    return jobs


@contextmanager
def _bulk_journal(conn: sqlite3.Connection, bulk: bool) -> Iterator[None]:
    """Write a bulk build through a rollback journal instead of the WAL, when alone.

    In WAL mode every page is written twice, to the log and then into the
    database; a bulk build mostly appends new pages, which a rollback journal
    does not copy at all: the parent's writes cost ~20% less. Leaving WAL
    needs the database to ourselves, so a build that shares it stays in WAL;
    a process opening it meanwhile works in rollback mode (see
    :func:`newsreader.core.index.db.IndexDB.open`). WAL is restored afterwards
    (or by the next connection, if another process is busy right then).
    """
    if not bulk or not _set_journal(conn, "delete"):
        yield
        return
    try:
        yield
    finally:
        _set_journal(conn, "wal")


def _set_journal(conn: sqlite3.Connection, mode: str) -> bool:
    """Switch the journal mode; False if it cannot be (others have the file open)."""
    try:
        return bool(conn.execute(f"PRAGMA journal_mode={mode}").fetchone()[0] == mode)
    except sqlite3.OperationalError:
        return False


StoredText = tuple[str, bytes, bytes | None]
"""A post's stored title, its text as UTF-8 (the blocks' text once located) and block map."""


def locate_rows(
    conn: sqlite3.Connection, archive: Archive, rows: dict[int, str], workers: int | None = None
) -> dict[int, StoredText]:
    """Give some indexed posts their reader's blocks and outline, for the hits a search shows.

    Parses each post fully (in worker processes when there are many) and
    stores its block map (:mod:`newsreader.core.index.blockmap`), so each
    post version is parsed once however often it is shown. The blocks'
    text is what a hit's snippet is cut from; where it reads differently
    from the quick text (the reader's ``[n]`` link references and list
    markers) it is stored beside it (``texts.shown``), and the quick text
    and its tokens stay as they are: what matches a query, and how it ranks,
    never depends on which posts some search happened to show. Storing is
    best effort: a busy database still gets the parsed texts back.

    Args:
        conn: The index database.
        archive: The archive the rows belong to.
        rows: ``{texts.id: post path}`` of the rows to locate.
        workers: Worker processes; None for the default of
            :func:`newsreader.core.parallel.parallel_imap`.

    Returns:
        ``{texts.id: (title, text, block map)}`` for every row whose post is in
        ``archive``, as a search reads them back (:data:`StoredText`).
    """
    if not rows:
        return {}
    # The parser stack, imported here before workers fork, so they inherit it: each
    # worker importing it (0.2 s) for each chunk of hits cost a first --json search 3%.
    import newsreader.core.document.open  # noqa: F401
    from newsreader.core.parallel import parallel_imap

    posts = {post.path: post for post in archive.posts}
    ids = {rel: row_id for row_id, rel in rows.items()}
    jobs = [(posts[rel], (0, 0)) for rel in ids if rel in posts]
    parsed = list(parallel_imap(partial(locate_post, archive.root), jobs, workers=workers,
                                min_items=PARALLEL_THRESHOLD))  # fmt: skip
    try:
        store_located(conn, [(ids[rel], body, located) for rel, body, located in parsed])
    except sqlite3.OperationalError:
        pass  # locked or read-only: the texts are still good for this search
    titles = {post.path: _utf8(post.title).decode() for post, _key in jobs}  # as stored
    return {ids[rel]: (titles[rel], body, located) for rel, body, located in parsed}


Located = tuple[str, bytes, bytes]
"""A post's path, its blocks' text (UTF-8) and its packed block map."""


def locate_post(root: Path, job: Job) -> Located:
    """Parse one post fully into what :func:`locate_rows` stores (often in a worker)."""
    post, _key = job
    text = extract_text(root, post)
    return (post.path, *pack_text(text.text, text.offsets or (), text.sections))


def store_located(conn: sqlite3.Connection, located: list[tuple[int, bytes, bytes]]) -> None:
    """Write block maps, and the blocks' text where it differs from the quick text."""
    with _transaction(conn):
        for row_id, body, block_map in located:
            found = conn.execute("SELECT body FROM texts WHERE id = ?", (row_id,)).fetchone()
            if found is None:
                continue
            shown = None if found[0] == body.decode() else body
            conn.execute(
                "UPDATE texts SET located = ?, shown = CAST(? AS TEXT) WHERE id = ?",
                (block_map, shown, row_id),
            )
