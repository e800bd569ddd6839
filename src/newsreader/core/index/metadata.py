"""Load an archive through a persistent index, re-reading only what changed.

The first load reads every post like :func:`newsreader.core.archive.loader.load_archive`
(on several cores, see :mod:`newsreader.core.parallel`) and stores each file's
metadata, problems and JSON listing line keyed by path, size and modification
time; later loads stat every file and re-read only new or changed ones,
dropping removed ones. A change to ``_config.yml`` (or to anything else that
shapes every post: the program version, the local time zone) re-reads
everything. The result is the same :class:`~newsreader.core.model.Archive` a
plain load gives. The cache is a convenience: when it is damaged it is rebuilt,
when another process holds it locked the load goes on without it, and either
way the caller gets a notice to show, never an exception.

A warm load is meant to cost about as much as reading the files' directory
entries, so it imports neither YAML nor the encoding detector: the config's
zone and problems are stored too, and the config is parsed again only when it
changed or a post must be re-read.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import tzinfo
from functools import partial
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING

from newsreader import __version__
from newsreader.core.archive.build import build_archive
from newsreader.core.archive.discovery import CATEGORY_DIR, Candidate, discover
from newsreader.core.index.db import (
    NO_SPACE,
    UNREADABLE,
    IndexDB,
    counted_in_bulk,
    is_busy,
    is_full,
    rollback,
    with_index,
)
from newsreader.core.index.records import (
    FILE_COLUMNS,
    FileRow,
    decode_problems,
    encode_post,
    encode_problems,
    named_zone,
    post_json,
    stored,
    text_line,
    zone_key,
)
from newsreader.core.index.taken import Changes, Check, Sink, changes_of, stored_posts
from newsreader.core.index.taken import Stale as Stale  # rows reads files as this does
from newsreader.core.index.taken import stat_key as stat_key
from newsreader.core.model import Archive, Post, Problem
from newsreader.core.progress import Progress

if TYPE_CHECKING:
    from newsreader.core.archive.config import SiteConfig

_MARKS = ", ".join("?" * len(FileRow._fields))
# A file read again updates its row in place: its triggers (the first screen's
# counts, :mod:`newsreader.core.index.db`) then see the old row go, where a
# REPLACE deletes it without firing them.
_UPDATED = ", ".join(f"{name} = excluded.{name}" for name in FileRow._fields[1:])
_INSERT = (
    f"INSERT INTO files({FILE_COLUMNS}) VALUES ({_MARKS}) ON CONFLICT(rel) DO UPDATE SET {_UPDATED}"
)


@dataclass(frozen=True)
class Loaded:
    """What :func:`load_indexed` gives.

    Attributes:
        archive: The archive, equal to a plain :func:`load_archive`.
        notices: Plain sentences about the cache for the user.
        json_lines: Each post's ``--list --json`` line by path, where the index
            had it ready (empty without a cache).
        changes: Paths of the posts added, updated and removed since the
            index last saw the archive (what a first screen shown from the
            index had wrong); empty without a cache.
    """

    archive: Archive
    notices: list[str]
    json_lines: Mapping[str, str] = field(default_factory=dict)
    changes: Changes = ((), (), ())


@dataclass
class _Settings:
    """What the site config gives every post, and the config itself once read."""

    timezone: tzinfo | None
    problems: list[Problem]
    config: SiteConfig | None = None
    future: bool = False
    """``_config.yml``'s ``future``: stored as the setting, never as posts held back."""

    def encode(self) -> str:
        return json.dumps([zone_key(self.timezone), encode_problems(self.problems), self.future])

    @classmethod
    def decode(cls, data: str) -> _Settings:
        """Rebuild stored settings (raising one of ``UNREADABLE`` when damaged)."""
        key, problems, future = json.loads(data)
        if not isinstance(key, str) or not isinstance(future, bool):
            raise TypeError("the stored zone is a name, and future a boolean")
        return cls(named_zone(key) if key else None, decode_problems(problems), future=future)

    @classmethod
    def read(cls, root: Path) -> _Settings:
        from newsreader.core.archive.config import read_config  # imports YAML: only when needed

        config, problems = read_config(root)
        return cls(config.timezone, problems, config, config.future)


def fingerprint(root: Path) -> str:
    """Describe everything outside a post file that shapes its metadata."""
    try:
        info = os.stat(root / "_config.yml")
        config: tuple[int, int] | None = (info.st_size, info.st_mtime_ns)
    except OSError:
        config = None
    zone = f"{os.environ.get('TZ')}|{time.timezone}|{time.altzone}"
    return json.dumps([__version__, config, zone])


def stored_settings(
    conn: sqlite3.Connection, fingerprint: str, notices: list[str]
) -> _Settings | None:
    """The stored config, or None when it was stored under other settings or is unreadable.

    Either way every file is then read afresh; only the unreadable case is news.
    """
    query = "SELECT key, value FROM meta WHERE key IN ('fingerprint', 'config')"
    stored = dict(conn.execute(query))
    if stored.get("fingerprint") != fingerprint or "config" not in stored:
        return None
    try:
        return _Settings.decode(stored["config"])
    except UNREADABLE:
        notices.append("index settings were unreadable; every post was read again")
        return None


def _read_post(candidate: Candidate, config: SiteConfig) -> tuple[Post | None, list[Problem]]:
    """:func:`newsreader.core.archive.loader.load_post`, imported only when a file is read."""
    from newsreader.core.archive.loader import load_post

    return load_post(candidate, config)


def _read_row(config: SiteConfig, item: Stale) -> FileRow:
    """Read one new or changed file into the row stored for it (often in a worker)."""
    candidate, version = item
    size, mtime = stat_key(candidate.path) if version is None else version
    post, problems = _read_post(candidate, config)
    encoded, rel = encode_problems(problems), stored(candidate.rel)
    if post is None:
        return FileRow(rel, size, mtime, encoded)
    stamp = post.date.timestamp()
    encoded_post = stored(encode_post(post))
    return FileRow(rel, size, mtime, encoded, stamp, encoded_post, post_json(post), text_line(post))


def _read_rows(
    stale: list[Stale], config: SiteConfig, progress: Progress | None
) -> Iterator[FileRow]:
    """Read the stale files, on several cores when there are many, each row as it comes.

    Streamed, to be saved and decoded as the rows arrive: a list of every row
    (its JSON line, its encoded post) made the reader's cold load of 10^5
    posts peak at 357 MB.
    """
    from newsreader.core.parallel import parallel_imap

    total = len(stale)
    for done, row in enumerate(parallel_imap(partial(_read_row, config), stale), 1):
        if progress is not None and (done % _PROGRESS_EVERY == 0 or done == total):
            progress(done, total)
        yield row


_PROGRESS_EVERY = 128
"""Rows read between two progress calls."""


def _load_through(
    conn: sqlite3.Connection,
    root: Path,
    progress: Progress | None,
    with_lines: bool,
    previous: Archive | None,
) -> Loaded:
    """Load ``root``'s archive, reusing every stored row whose file is unchanged."""
    settings_key, notices = fingerprint(root), list[str]()
    settings = stored_settings(conn, settings_key, notices)
    reset = settings is None
    if settings is None:
        settings = _Settings.read(root)
    candidates, skipped = discover(root)
    found = len(candidates)
    problems, check = settings.problems + skipped, Check()
    shown = {} if previous is None else {post.path: post for post in previous.posts}
    sink = Sink(problems, {} if with_lines else None, shown)
    if reset:
        check.stale = [(candidate, stat_key(candidate.path)) for candidate in candidates]
    else:
        stored_posts(conn, candidates, check, sink)
    if check.unreadable or check.drop:
        count = check.unreadable + len(check.drop)
        notices.append(f"index held {count} unreadable row(s); their files were read again")
    rows: Iterator[FileRow] = iter(())
    if check.stale:
        if settings.config is None:
            settings = _Settings.read(root)
        rows = sink.passing(_read_rows(check.stale, settings.config, progress))  # type: ignore[arg-type]
    elif progress is not None:
        progress(found, found)
    del candidates
    drop = check.drop + [stored(rel) for rel in check.gone]
    if check.stale or drop or reset:
        notices += _try_save(conn, (settings_key, settings.encode()), rows, drop, reset)
    deque(rows, maxlen=0)  # the rows a save that failed did not take
    changes = changes_of(check.had_post, sink.fresh, sorted(check.gone))
    del shown
    sink.previous = {}
    titles = _category_titles(root, problems)
    archive = build_archive(
        root, settings.timezone, sink.keyed, problems, titles, future=settings.future
    )
    return Loaded(archive, notices, sink.lines or {}, changes)


SAVE_BATCH = 2_048
"""Rows inserted per call: a stream of rows (``rows.update_rows``) is held a batch at a time."""


def save_rows(
    conn: sqlite3.Connection,
    meta: tuple[str, str],
    fresh: Iterable[Sequence[object]],
    gone: list[object],
    reset: bool,
) -> None:
    """Store re-read files and forget removed ones (``gone``: stored keys), in one transaction.

    ``fresh`` may be a stream (rows read by workers as they come): it is
    inserted a :data:`SAVE_BATCH` at a time, never held whole here. A
    ``reset`` rewrites every row, and counts them for the first screen once,
    at the end (:func:`~newsreader.core.index.db.counted_in_bulk`).
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        with counted_in_bulk(conn, reset):
            if reset:
                conn.execute("DELETE FROM files")
            conn.executemany(
                "DELETE FROM files WHERE rel IS ?", ((rel,) for rel in gone)
            )  # IS: a NULL key too
            rows = iter(fresh)
            while batch := list(islice(rows, SAVE_BATCH)):
                conn.executemany(_INSERT, batch)
        conn.executemany(
            "INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)",
            zip(("fingerprint", "config"), meta, strict=True),
        )
        conn.execute("COMMIT")
    except BaseException:
        rollback(conn)
        raise


def _try_save(
    conn: sqlite3.Connection,
    meta: tuple[str, str],
    fresh: Iterable[FileRow],
    gone: list[object],
    reset: bool,
) -> list[str]:
    """Save what changed; a lock held elsewhere or a full disk only costs the next load time."""
    try:
        save_rows(conn, meta, fresh, gone, reset)
    except sqlite3.OperationalError as error:
        if is_full(error):
            return [f"{NO_SPACE}; the index was not updated this time"]
        if not is_busy(error):
            raise
        return ["index is busy in another process; it was not updated this time"]
    return []


def _category_titles(root: Path, problems: list[Problem]) -> dict[str, str]:
    """:func:`newsreader.core.archive.loader.category_titles`, not imported without such pages."""
    if not os.path.isdir(root / CATEGORY_DIR):
        return {}
    from newsreader.core.archive.loader import category_titles

    return category_titles(root, problems)


def category_titles_of(root: Path, problems: list[Problem]) -> dict[str, str]:
    """The archive's category titles (problems met reading their pages added to ``problems``)."""
    return _category_titles(root, problems)


def category_problems(root: Path) -> list[Problem]:
    """The problems met reading the archive's category pages (a listing needs no titles)."""
    problems: list[Problem] = []
    _category_titles(root, problems)
    return problems


def load_indexed(
    root: Path,
    *,
    use_cache: bool = True,
    progress: Progress | None = None,
    cache_dir: Path | None = None,
    with_lines: bool = True,
    previous: Archive | None = None,
) -> Loaded:
    """Load an archive like :func:`load_archive`, through the persistent index.

    Args:
        root: An archive folder, or a single post file (never cached).
        use_cache: False reads every file afresh and touches no cache.
        progress: Called as ``progress(done, total)`` now and then.
        cache_dir: Cache directory instead of the user cache (tests).
        with_lines: False leaves :attr:`Loaded.json_lines` empty: the reader
            prints none, and at 10^5 posts they held ~40 MB while it loaded.
        previous: The archive this load replaces (the one shown): its posts
            are taken where equal, so the two share them (through the index).

    Returns:
        The archive, notices about the cache for the user (e.g. that a
        damaged index was rebuilt), and the posts' ready JSON lines.

    Raises:
        FileNotFoundError: ``root`` does not exist.
    """
    root = Path(root)
    if not use_cache or not root.is_dir():
        return _plain_load(root, progress, [])

    def through(db: IndexDB) -> Loaded:
        loaded = _load_through(db.conn, root, progress, with_lines, previous)
        notices = db.notices + loaded.notices
        return Loaded(loaded.archive, notices, loaded.json_lines, loaded.changes)

    def without(notice: str) -> Loaded:
        return _plain_load(root, progress, [notice])

    return with_index(root, cache_dir, through, without, "it will be rebuilt next time")


def _plain_load(root: Path, progress: Progress | None, notices: list[str]) -> Loaded:
    """Load without the index (imported here: a warm load never needs the loader)."""
    from newsreader.core.archive.loader import load_archive

    return Loaded(load_archive(root, progress=progress), notices)


def ensure_fulltext(
    root: Path, archive: Archive, *, cache_dir: Path | None = None, workers: int | None = None
) -> None:
    """Index the text of every post of ``archive`` not yet indexed (or changed).

    Cold indexing parses posts in worker processes (``workers``, default
    :func:`newsreader.core.parallel.worker_count`). A cache that cannot be
    used is left alone: searching then works in memory (see
    :func:`newsreader.core.index.search.search`).

    Args:
        root: The archive root.
        archive: The archive as loaded now.
        cache_dir: Cache directory instead of the user cache (tests).
        workers: Worker processes; None for the default.
    """
    from newsreader.core.index.fill import fill_fulltext  # only searches pay for it

    def fill(db: IndexDB) -> None:
        fill_fulltext(db.conn, root, archive, workers)

    with_index(root, cache_dir, fill, lambda _notice: None, "it will be rebuilt next time")
