"""Locate, while the reader is idle, the indexed posts no search has located yet.

A search places each hit from its post's block map (blocks and outline
sections, :mod:`newsreader.core.index.blockmap`); a post no search has shown
has none yet, and the first search that shows it pays for a full parse
(:func:`newsreader.core.index.fill.locate_rows`): ``--search 州 --list
--json`` on a fresh index of 10^5 posts parsed every one of them, 202 s.

The cold build stays quick (its quick text costs about a sixth of a full
parse; see :mod:`newsreader.core.index.fill`), so the first answer comes
soon. Instead a reader left open locates the rest while the user reads:
a batch at a time, in worker processes at the lowest CPU priority (the
reader's own work always comes first), each batch stored in one short write
transaction, stopping between posts when asked. Each post version is parsed
once; a file changed since its text was indexed is left for the next search,
which indexes its new text first.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Generator, Iterator
from contextlib import closing
from functools import partial
from pathlib import Path

from newsreader.core.index.db import is_busy
from newsreader.core.index.fill import (
    Job,
    Located,
    file_key,
    jobs_of_rows,
    locate_post,
    store_located,
)
from newsreader.core.index.records import text_of
from newsreader.core.model import Archive

BATCH = 1024
"""Posts parsed per round of workers: a round's workers cost ~80 ms to start
beside a thread (a fork server), against ~0.8 s of parsing on two cores."""

STORE_EVERY = 64
"""Located posts per write transaction: the write lock is held for a moment."""

_PENDING = """
SELECT t.id, t.rel, t.size, t.mtime_ns FROM texts AS t INDEXED BY texts_unlocated
WHERE t.located IS NULL AND t.id > ? ORDER BY t.id LIMIT ?
"""
_COUNT = "SELECT count(*) FROM texts INDEXED BY texts_unlocated WHERE located IS NULL"

Stop = Callable[[], bool]
"""Says the caller wants the work to end (checked between posts)."""

_lowered = False  # this process's priority was lowered already (one worker, once)


def unlocated_count(conn: sqlite3.Connection) -> int:
    """How many indexed posts have no block map yet (reads the partial index alone)."""
    return int(conn.execute(_COUNT).fetchone()[0])


def locate_pending(
    conn: sqlite3.Connection,
    root: Path,
    stop: Stop,
    *,
    batch: int = BATCH,
    workers: int = 2,
) -> int:
    """Give every indexed post without a block map its map, until done or told to stop.

    Args:
        conn: The index database.
        root: The archive root.
        stop: Checked between posts; True ends the work (what is parsed so
            far is stored first).
        batch: Posts per round of workers.
        workers: Worker processes; at least two, so posts are parsed
            beside the calling process (the reader's), not in it; only a
            round too small to start a pool for (under five posts beside a
            thread) is parsed here, at the caller's priority.

    Returns:
        How many posts were located.

    Raises:
        sqlite3.Error: The database failed (a busy one is not an error: the
            work ends, to be taken up later).
    """
    located, after = 0, 0
    while not stop():
        pending = conn.execute(_PENDING, (after, batch)).fetchall()
        if not pending:
            break
        after = pending[-1][0]
        ids = {text_of(rel): row_id for row_id, rel, _size, _mtime in pending}
        jobs = jobs_of_rows(conn, [(rel, size, mtime) for _id, rel, size, mtime in pending])
        with closing(_parsed(root, jobs, stop, max(2, workers))) as parsed:
            done = _store_all(conn, ids, parsed)
        if done is None:  # the database is busy: another time
            break
        located += done
    return located


def _parsed(
    root: Path, jobs: list[Job], stop: Stop, workers: int
) -> Generator[Located, None, None]:
    """Parse ``jobs`` in low-priority workers, ending early when ``stop`` says so."""
    from newsreader.core.parallel import parallel_imap

    parse = partial(_located_idle, root, os.getpid())
    results = parallel_imap(parse, jobs, workers=workers, min_items=1)
    try:
        for result in results:
            if result is not None:
                yield result
            if stop():
                return
    finally:
        results.close()  # cancels the tasks no worker has started


def _store_all(
    conn: sqlite3.Connection, ids: dict[str, int], parsed: Iterator[Located]
) -> int | None:
    """Store parsed posts a few at a time; None if the database was busy."""
    stored, waiting = 0, []
    for rel, body, block_map in parsed:
        waiting.append((ids[rel], body, block_map))
        if len(waiting) >= STORE_EVERY:
            if not _store(conn, waiting):
                return None
            stored, waiting = stored + len(waiting), []
    if waiting and not _store(conn, waiting):
        return None
    return stored + len(waiting)


def _store(conn: sqlite3.Connection, located: list[tuple[int, bytes, bytes]]) -> bool:
    """Write one group of block maps; False if another writer held the lock too long."""
    try:
        store_located(conn, located)
    except sqlite3.OperationalError as error:
        if is_busy(error):
            return False
        raise
    return True


def _located_idle(root: Path, parent: int, job: Job) -> Located | None:
    """Parse one post as :func:`~newsreader.core.index.fill.locate_rows` does, at idle priority.

    Runs in a worker (``parent`` is the caller's process id: should the map
    fall back to the caller, its priority is left alone). A file whose size
    or modification time is no longer the indexed text's gives None: its
    map would not match that text.
    """
    if os.getpid() != parent:
        _lower_priority()
    post, key = job
    path = Archive(root=root, posts=()).post_path(post)
    if file_key(path) != key:
        return None
    located = locate_post(root, job)
    return located if file_key(path) == key else None


def _lower_priority() -> None:
    """Put this worker in the idle scheduling class (else the nicest), once."""
    global _lowered
    if _lowered:
        return
    _lowered = True
    try:
        os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
    except (AttributeError, OSError):
        try:
            os.nice(19)
        except (AttributeError, OSError):
            pass
