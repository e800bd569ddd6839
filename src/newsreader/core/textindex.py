"""Fill the full-text tables of an index database from an archive's posts.

Only posts whose file is new or changed (size, modification time) since it
was indexed are parsed; parsing is the expensive part, so a cold build of
many posts fans out over worker processes while the parent does all the
writing, in short transactions (one writer at a time, as SQLite wants).
"""

from __future__ import annotations

import json
import multiprocessing
import os
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from itertools import islice
from pathlib import Path

from newsreader.core.fulltext import PostText, extract_text, tokenize_for_index
from newsreader.core.model import Archive, Post

PARALLEL_THRESHOLD = 200
"""Fewer stale posts than this are parsed in-process: workers cost a start-up."""

_BATCH = 256

# (rel, size, mtime_ns, title, body, offsets, sections, title tokens, body tokens)
Row = tuple[str, int, int, str, str, str, str, str, str]


def file_key(path: Path) -> tuple[int, int] | None:
    """Return ``(size, mtime_ns)`` of ``path``, or None if it cannot be read."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns


def decode_text(title: str, body: str, offsets: str, sections: str) -> PostText:
    """Rebuild a :class:`PostText` from its stored columns.

    The JSON lists are used as they come (no conversion to tuples): a search
    that lists every post decodes thousands of these.
    """
    return PostText(title, body, json.loads(offsets), json.loads(sections))


def text_row(rel: str, key: tuple[int, int], text: PostText) -> Row:
    """Turn a post's text into the row :func:`write_rows` stores."""
    return (
        rel,
        key[0],
        key[1],
        text.title,
        text.text,
        json.dumps(text.offsets),
        json.dumps(text.sections, ensure_ascii=False),
        tokenize_for_index(text.title),
        tokenize_for_index(text.text),
    )


def _row(root: Path, job: tuple[Post, tuple[int, int]]) -> Row:
    """Parse one post into a ready-to-insert row (runs in a worker process)."""
    post, key = job
    return text_row(post.path, key, extract_text(root, post))


def _rows(root: Path, jobs: list[tuple[Post, tuple[int, int]]], workers: int) -> Iterator[Row]:
    """Parse ``jobs``, in worker processes when there are enough of them."""
    parse = partial(_row, root)
    if workers < 2 or len(jobs) < PARALLEL_THRESHOLD:
        yield from map(parse, jobs)
        return
    # fork is cheapest, but forking a process that runs threads (the UI) can
    # deadlock a child on a lock held by another thread: spawn there.
    method = "fork" if threading.active_count() == 1 else "spawn"
    context = multiprocessing.get_context(method)
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        yield from pool.map(parse, jobs, chunksize=32)


def _batches(rows: Iterable[Row]) -> Iterator[list[Row]]:
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
        found = conn.execute(
            "SELECT id, title, body FROM texts WHERE rel = ?", (rel,)
        ).fetchone()
        if found is None:
            continue
        row_id, title, body = found
        conn.execute(
            "INSERT INTO fts(fts, rowid, title, body) VALUES('delete', ?, ?, ?)",
            (row_id, tokenize_for_index(title), tokenize_for_index(body)),
        )
        conn.execute("DELETE FROM texts WHERE id = ?", (row_id,))


def write_rows(conn: sqlite3.Connection, batch: list[Row]) -> None:
    """Store one batch of parsed posts in one write transaction."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        for row in batch:
            current = conn.execute(
                "SELECT size, mtime_ns FROM texts WHERE rel = ?", (row[0],)
            ).fetchone()
            if current == (row[1], row[2]):
                continue  # another process indexed this version meanwhile
            _delete(conn, [row[0]])
            cursor = conn.execute(
                "INSERT INTO texts(rel, size, mtime_ns, title, body, offsets, sections)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                row[:7],
            )
            conn.execute(
                "INSERT INTO fts(rowid, title, body) VALUES (?, ?, ?)",
                (cursor.lastrowid, row[7], row[8]),
            )
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def _stale(
    conn: sqlite3.Connection, root: Path, archive: Archive
) -> tuple[list[tuple[Post, tuple[int, int]]], set[str]]:
    """Find posts to (re)index and indexed paths no longer in the archive."""
    indexed = {
        rel: (size, mtime)
        for rel, size, mtime in conn.execute("SELECT rel, size, mtime_ns FROM texts")
    }
    jobs: list[tuple[Post, tuple[int, int]]] = []
    for post in archive.posts:
        key = file_key(archive.post_path(post))
        if key is not None and indexed.get(post.path) != key:
            jobs.append((post, key))
    gone = indexed.keys() - {post.path for post in archive.posts}
    return jobs, gone


def fill_fulltext(
    conn: sqlite3.Connection, root: Path, archive: Archive, workers: int | None = None
) -> int:
    """Bring the full-text tables of ``conn`` up to date with ``archive``.

    Args:
        conn: An open index database (see :class:`newsreader.core.indexdb.IndexDB`).
        root: The archive root.
        archive: The archive as loaded now; posts absent from it are dropped.
        workers: Worker processes for parsing; None means one per CPU.

    Returns:
        How many posts were (re)indexed.
    """
    jobs, gone = _stale(conn, root, archive)
    if gone:
        conn.execute("BEGIN IMMEDIATE")
        try:
            _delete(conn, gone)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    for batch in _batches(_rows(root, jobs, workers or os.cpu_count() or 1)):
        write_rows(conn, batch)
    return len(jobs)
