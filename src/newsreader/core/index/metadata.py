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
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import tzinfo
from functools import partial
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING

from newsreader import __version__
from newsreader.core.archive.build import SortKey, build_archive
from newsreader.core.archive.discovery import CATEGORY_DIR, Candidate, discover
from newsreader.core.index.db import (
    NO_SPACE,
    UNREADABLE,
    IndexDB,
    is_busy,
    is_full,
    rollback,
    with_index,
)
from newsreader.core.index.records import (
    FILE_COLUMNS,
    Entry,
    FileRow,
    Shared,
    decode_problems,
    decode_row,
    encode_post,
    encode_problems,
    named_zone,
    post_json,
    stored,
    text_of,
    zone_key,
)
from newsreader.core.model import Archive, Post, Problem

if TYPE_CHECKING:
    from newsreader.core.archive.config import SiteConfig

Progress = Callable[[int, int], None]
Stale = tuple[Candidate, tuple[int, int] | None]
"""A file to read afresh, with the ``(size, mtime_ns)`` it has now (None: stat it
when it is read)."""

_MARKS = ", ".join("?" * len(FileRow._fields))
_INSERT = f"INSERT OR REPLACE INTO files({FILE_COLUMNS}) VALUES ({_MARKS})"


Changes = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]
"""Paths of posts added, updated and removed."""


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

    def encode(self) -> str:
        return json.dumps([zone_key(self.timezone), encode_problems(self.problems)])

    @classmethod
    def decode(cls, data: str) -> _Settings:
        """Rebuild stored settings (raising one of ``UNREADABLE`` when damaged)."""
        key, problems = json.loads(data)
        if not isinstance(key, str):
            raise TypeError("the stored zone is a name")
        return cls(named_zone(key) if key else None, decode_problems(problems))

    @classmethod
    def read(cls, root: Path) -> _Settings:
        from newsreader.core.archive.config import read_config  # imports YAML: only when needed

        config, problems = read_config(root)
        return cls(config.timezone, problems, config)


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


def stat_key(path: str) -> tuple[int, int]:
    """``(size, mtime_ns)`` of a file; ``(-1, -1)`` when it cannot be stat'ed."""
    try:
        info = os.stat(path)
    except OSError:
        return -1, -1
    return info.st_size, info.st_mtime_ns


@dataclass
class _Check:
    """What comparing the stored rows with the files found leaves to do.

    Attributes:
        stale: The files to read afresh: new, changed, or whose row is unreadable.
        had_post: The paths among ``stale`` and ``gone`` whose stored row held a post.
        gone: The paths of stored rows whose file is no longer found.
        drop: The stored keys of rows to delete (gone, or whose path is no text).
        unreadable: How many rows did not decode (their files are in ``stale``).
    """

    stale: list[Stale] = field(default_factory=list)
    had_post: set[str] = field(default_factory=set)
    gone: list[str] = field(default_factory=list)
    drop: list[object] = field(default_factory=list)
    unreadable: int = 0


def _stored_posts(
    conn: sqlite3.Connection,
    candidates: list[Candidate],
    check: _Check,
    sink: _Sink,
) -> None:
    """Take each unchanged file's stored post into ``sink``, the rows streamed one at a time.

    A row is decoded (:func:`decode_row`) as it is fetched and only its post,
    problems and line (into ``sink``) are kept: holding every
    stored row until the load ended made a warm load of 10^5 posts peak at
    ~110 MB of rows on top of the archive. What else the rows tell (files
    changed, gone, unreadable) goes to ``check``; ``candidates`` is emptied
    (the new and changed ones are in ``check.stale``). Each file is stat'ed as its
    row is met, once every file is listed: 10^4 posts alive during the
    listing made a warm load's garbage collections cost ~15% more.
    """
    by_rel: dict[str, Candidate | None] = {candidate.rel: candidate for candidate in candidates}
    candidates.clear()  # each is dropped once its row is met: with the posts, 25 MB at 10^5
    for row in map(FileRow._make, conn.execute(f"SELECT {FILE_COLUMNS} FROM files")):
        if not isinstance(row.rel, str | bytes):
            check.drop.append(row.rel)  # any other column is checked when the row is used
            continue
        rel = text_of(row.rel)
        if rel not in by_rel:
            check.gone.append(rel)
            if row.line is not None:
                check.had_post.add(rel)
            continue
        candidate = by_rel[rel]
        if candidate is None:
            continue  # a second row for one path (a damaged index): the first one counts
        by_rel[rel] = None
        key = stat_key(candidate.path)
        current = row.size == key[0] and row.mtime_ns == key[1]
        entry = decode_row(row, sink.shared) if current else None
        if entry is not None:
            sink.take(entry, row)
            continue
        check.unreadable += current  # its file is read again like a changed one
        check.stale.append((candidate, key))
        if row.line is not None:
            check.had_post.add(rel)
    check.stale += ((c, stat_key(c.path)) for c in by_rel.values() if c is not None)


@dataclass
class _Sink:
    """Where a load's decoded rows go: their posts, problems and lines.

    Attributes:
        problems: Every problem met, the rows' added.
        lines: Each post's JSON line by path (None: not kept).
        previous: The posts of the archive this load replaces, by path: an
            equal post is taken from there, so a reload of 10^5 posts does
            not hold two copies of each while the old archive is shown.
        shared: Equal values of the decoded posts, kept once.
        keyed: Each post taken, with its sort key (the stored stamp).
        fresh: Each row read afresh: its path, and whether it holds a post.
    """

    problems: list[Problem]
    lines: dict[str, str] | None
    previous: Mapping[str, Post]
    shared: Shared = field(default_factory=Shared)
    keyed: list[tuple[SortKey, Post]] = field(default_factory=list)
    fresh: list[tuple[str, bool]] = field(default_factory=list)

    def take(self, entry: Entry, row: FileRow) -> None:
        """Take a decoded row's problems and post, if it holds one."""
        if entry.problems:
            self.problems += entry.problems
        post = entry.post
        if post is None or row.stamp is None or row.line is None:
            return
        old = self.previous.get(entry.rel)
        taken = old if old is not None and _same(old, post) else post
        self.keyed.append(((-row.stamp, entry.rel), taken))
        if self.lines is not None:
            self.lines[entry.rel] = row.line

    def passing(self, rows: Iterable[FileRow]) -> Iterator[FileRow]:
        """Each row read afresh, on its way to the index, its post taken as it passes.

        A row that does not decode was just made from its file: a bug, not a
        post to lose (ValueError).
        """
        for row in rows:
            entry = decode_row(row, self.shared)
            if entry is None:
                raise ValueError(f"cannot index {text_of(row.rel)!r}")
            self.take(entry, row)
            self.fresh.append((entry.rel, row.line is not None))
            yield row


def _same(old: Post, new: Post) -> bool:
    """Whether two posts are alike in every field, their dates' zones too.

    Dates of one instant are equal whatever their zones; a post whose
    ``date`` moved to another zone at the same instant is not the same post.
    """
    before, after = old.date, new.date
    return old == new and before.tzinfo == after.tzinfo and before.fold == after.fold


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
    return FileRow(rel, size, mtime, encoded, stamp, stored(encode_post(post)), post_json(post))


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
    problems, check = settings.problems + skipped, _Check()
    shown = {} if previous is None else {post.path: post for post in previous.posts}
    sink = _Sink(problems, {} if with_lines else None, shown)
    if reset:
        check.stale = [(candidate, stat_key(candidate.path)) for candidate in candidates]
    else:
        _stored_posts(conn, candidates, check, sink)
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
    changes = _changes(check.had_post, sink.fresh, sorted(check.gone))
    del shown
    sink.previous = {}
    titles = _category_titles(root, problems)
    archive = build_archive(root, settings.timezone, sink.keyed, problems, titles)
    return Loaded(archive, notices, sink.lines or {}, changes)


def _changes(had_post: set[str], fresh: Iterable[tuple[str, bool]], gone: list[str]) -> Changes:
    """The posts added, updated and removed: the rows read again against the stored ones.

    Args:
        had_post: The paths read again or gone whose stored row held a post.
        fresh: The paths read again, each with whether its row holds a post.
        gone: The paths of stored rows whose file is gone, sorted.
    """
    added: list[str] = []
    updated: list[str] = []
    removed = [rel for rel in gone if rel in had_post]
    for rel, has_post in fresh:
        if has_post:
            (updated if rel in had_post else added).append(rel)
        elif rel in had_post:
            removed.append(rel)
    return tuple(added), tuple(updated), tuple(removed)


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
    inserted a :data:`SAVE_BATCH` at a time, never held whole here.
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        if reset:
            conn.execute("DELETE FROM files")
        # The first screen's kept counts (first_page) are of the rows as they were.
        conn.execute("DELETE FROM meta WHERE key = 'first_counts'")
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
