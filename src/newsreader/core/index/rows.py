"""Bring the index's file rows up to date without building the archive.

A listing streamed from the index (:mod:`newsreader.core.index.listing`)
needs only each file's stored row; a full load
(:func:`newsreader.core.index.metadata.load_indexed`) also holds every post,
its JSON line and its row at once, to hand back an
:class:`~newsreader.core.model.Archive`: 368 MB for a cold ``--list --json``
of 10^5 posts, ten times that at 10^6. Here the new and changed files are
read on both cores (:func:`newsreader.core.parallel.parallel_imap`) and
written a batch at a time as they come, so memory holds one batch, and the
rows are the ones a full load stores (the same reader and writer:
:func:`_read_row`, :func:`~newsreader.core.index.metadata.save_rows`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from newsreader.core.archive.discovery import Walked, candidate_at, discover, discover_keys
from newsreader.core.index.db import IndexDB, is_busy, is_full, with_index
from newsreader.core.index.metadata import (
    SAVE_BATCH,
    Stale,
    _read_row,
    _Settings,
    fingerprint,
    save_rows,
    stored_settings,
)
from newsreader.core.index.records import stored, text_of
from newsreader.core.model import Problem
from newsreader.core.parallel import parallel_imap
from newsreader.core.progress import Progress, counted

if TYPE_CHECKING:
    from newsreader.core.archive.config import SiteConfig

T = TypeVar("T")


@dataclass(frozen=True)
class Updated:
    """What :func:`update_rows` did.

    Attributes:
        notices: Plain sentences about the cache for the user.
        skipped: The files the walk skipped, as problems: with the rows just
            written from the same walk, a listing needs no second walk.
    """

    notices: list[str]
    skipped: list[Problem]


def update_rows(
    root: Path,
    *,
    progress: Progress | None = None,
    cache_dir: Path | None = None,
    walked: Walked | None = None,
) -> Updated | None:
    """Read the files that are new or changed since the index saw them into it.

    Args:
        root: The archive folder.
        progress: Called as ``progress(done, total)`` as files are read.
        cache_dir: Cache directory instead of the user cache (tests).
        walked: The archive's walk, just made (a listing's freshness check,
            :attr:`~newsreader.core.index.listing.Streamed.walked`): not
            walked again.

    Returns:
        The notices and the walk's problems, or None when the index could not
        be brought up to date (locked elsewhere, a full disk, damage): the
        caller then loads the archive in full, which says why.
    """
    if not root.is_dir():
        return None

    def work(db: IndexDB) -> Updated:
        return Updated(db.notices, _refresh(db.conn, root, progress, walked))

    return _unless_blocked(root, cache_dir, work, None)


def update_texts(
    root: Path, *, progress: Progress | None = None, cache_dir: Path | None = None
) -> bool:
    """Index the full text of the posts the (current) file rows list, a chunk at a time.

    What a search streamed from the index needs once :func:`update_rows` has
    run (:func:`newsreader.core.index.fill.fill_from_files`); a cold search
    no longer loads the archive to build it.

    Returns:
        Whether the texts were brought up to date (False: the index could not
        be used, and the caller loads the archive in full).
    """
    from newsreader.core.index.fill import fill_from_files  # only searches pay for it

    def work(db: IndexDB) -> bool:
        fill_from_files(db.conn, root, progress=progress)
        return True

    return _unless_blocked(root, cache_dir, work, False)


def _unless_blocked(
    root: Path, cache_dir: Path | None, work: Callable[[IndexDB], T], failed: T
) -> T:
    """``work`` on the index, or ``failed`` when it cannot be used or written now.

    A lock held elsewhere or a full disk is no damage: the caller loads the
    archive in full instead, which says why (:func:`with_index` handles the rest).
    """

    def through(db: IndexDB) -> T:
        try:
            return work(db)
        except sqlite3.OperationalError as error:
            if is_full(error) or is_busy(error):
                return failed
            raise

    return with_index(root, cache_dir, through, lambda _notice: failed, "it will be rebuilt")


def _refresh(
    conn: sqlite3.Connection, root: Path, progress: Progress | None, walked: Walked | None = None
) -> list[Problem]:
    """Write the rows of new and changed files, drop those of removed ones; the walk's problems.

    ``walked``: the archive's walk, if one was just made.
    """
    key, notices = fingerprint(root), list[str]()
    settings = stored_settings(conn, key, notices)
    reset = settings is None
    known, odd = ({}, []) if reset else _stored_keys(conn)
    stale, found, skipped = _every_file(root) if reset else _changed_files(root, known, walked)
    gone = [stored(rel) for rel in known.keys() - found] + odd
    if not (stale or gone or reset):
        return skipped
    if settings is None or (stale and settings.config is None):
        settings = _Settings.read(root)
    config = settings.config  # read above whenever a file is to be read
    rows: Iterable[Row] = (
        [] if config is None else parallel_imap(partial(_read_values, config), stale)
    )
    save_rows(
        conn, (key, settings.encode()), counted(rows, len(stale), progress, SAVE_BATCH), gone, reset
    )
    return skipped


Row = tuple[object, ...]
"""A :class:`~newsreader.core.index.records.FileRow` as a plain tuple: what SQLite binds."""


def _read_values(config: SiteConfig, item: Stale) -> Row:
    """:func:`_read_row` as a plain tuple (in a worker).

    A named tuple pickles as a call of its class, which this process would
    run for each of the rows it unpickles (~1 us each); a plain tuple is
    rebuilt by the unpickler itself, and SQLite binds either alike.
    """
    return tuple(_read_row(config, item))


def _every_file(root: Path) -> tuple[list[Stale], set[str], list[Problem]]:
    """Every file to read, unstated; no stored path is found; the walk's problems.

    A cold build reads every file whatever its key, so the worker reading a
    file stats it just before (:func:`_read_row`): 10^4 ``stat`` calls
    (~40 ms) move off this process's serial part onto both cores.
    """
    candidates, skipped = discover(root)
    return [(candidate, None) for candidate in candidates], set(), skipped


def _changed_files(
    root: Path, known: dict[str, tuple[int, int]], walked: Walked | None
) -> tuple[list[Stale], set[str], list[Problem]]:
    """The files new or changed since the index saw them, every path found, the walk's problems.

    One walk stats every file (:func:`discover_keys`, or ``walked``, the
    one a listing's check just made) and only the files to read become
    candidates: a mirror that grew by a few posts costs a check's walk.
    """
    keys, skipped = walked if walked is not None else discover_keys(root)
    keys = sorted(keys)  # read in path order, as a cold build reads
    stale: list[Stale] = [
        (candidate_at(root, rel), (size, mtime))
        for rel, size, mtime in keys
        if known.get(rel) != (size, mtime)
    ]
    return stale, {rel for rel, _size, _mtime in keys}, skipped


def _stored_keys(conn: sqlite3.Connection) -> tuple[dict[str, tuple[int, int]], list[object]]:
    """Each stored file's stat key by path, and the keys of rows whose path is no text."""
    known: dict[str, tuple[int, int]] = {}
    odd: list[object] = []
    for rel, size, mtime in conn.execute("SELECT rel, size, mtime_ns FROM files"):
        if isinstance(rel, str | bytes):
            known[text_of(rel)] = (size, mtime)
        else:
            odd.append(rel)
    return known, odd
