"""Load an archive through a persistent index, re-reading only what changed.

The first load reads every post like :func:`newsreader.core.loader.load_archive`
and stores each file's metadata and problems keyed by path, size and
modification time; later loads stat every file and re-read only new or changed
ones, dropping removed ones. A change to ``_config.yml`` (or to anything else
that shapes every post: the program version, the local time zone) re-reads
everything. The result is the same :class:`~newsreader.core.model.Archive` a
plain load gives. The cache is a convenience: when it is damaged it is rebuilt,
when another process holds it locked the load goes on without it, and either
way the caller gets a notice to show, never an exception.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Callable
from datetime import datetime, tzinfo
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

from newsreader import __version__
from newsreader.core.config import SiteConfig, read_config
from newsreader.core.discovery import Candidate, discover
from newsreader.core.indexdb import IndexDB, IndexUnavailable, cache_file, is_busy, remove_index
from newsreader.core.loader import category_titles, load_archive, load_post
from newsreader.core.model import Archive, Post, Problem
from newsreader.core.textindex import file_key, fill_fulltext

Progress = Callable[[int, int], None]
FileRow = tuple[int, int, str | None, str]  # size, mtime_ns, post JSON, problems JSON
_PROGRESS_EVERY = 250


@lru_cache(maxsize=64)
def _zone(key: str) -> tzinfo:
    """Return the named zone (cached: zone lookups are slow)."""
    return ZoneInfo(key)


def encode_post(post: Post) -> str:
    """Serialise a post's metadata (not its path, the row's key) as JSON.

    A named zone is kept by name so a decoded post's date is identical,
    not merely the same instant.
    """
    zone = post.date.tzinfo
    zone_key = zone.key if isinstance(zone, ZoneInfo) else ""
    fields = [post.title, post.date.isoformat(), zone_key, post.slug, post.categories,
              post.tags, post.published, post.folder_categories]
    return json.dumps(fields, ensure_ascii=False)


def decode_post(rel: str, data: str) -> Post:
    """Rebuild the post :func:`encode_post` stored under ``rel``."""
    title, iso, zone_key, slug, categories, tags, published, folders = json.loads(data)
    date = datetime.fromisoformat(iso)
    if zone_key:
        date = date.astimezone(_zone(zone_key))
    return Post(rel, title, date, slug, tuple(categories), tuple(tags), published, folders)


def _encode_problems(problems: list[Problem]) -> str:
    return json.dumps([[p.path, p.reason, p.line] for p in problems], ensure_ascii=False)


def _decode_problems(data: str) -> list[Problem]:
    if data == "[]":  # most files: skip the JSON parser
        return []
    return [Problem(path, reason, line) for path, reason, line in json.loads(data)]


def _fingerprint(root: Path) -> str:
    """Describe everything outside a post file that shapes its metadata."""
    config = file_key(root / "_config.yml")
    zone = f"{os.environ.get('TZ')}|{time.timezone}|{time.altzone}"
    return json.dumps([__version__, config, zone])


def _cached_rows(conn: sqlite3.Connection, fingerprint: str) -> dict[str, FileRow]:
    """Return the stored file rows, or none when they were made under other settings."""
    stored = conn.execute("SELECT value FROM meta WHERE key = 'fingerprint'").fetchone()
    if stored is None or stored[0] != fingerprint:
        return {}
    return {
        rel: (size, mtime, post, problems)
        for rel, size, mtime, post, problems in conn.execute(
            "SELECT rel, size, mtime_ns, post, problems FROM files"
        )
    }


def _save_rows(
    conn: sqlite3.Connection, fingerprint: str, fresh: list[tuple[str, FileRow]],
    gone: set[str], reset: bool,
) -> None:
    """Store re-read files and forget removed ones, in one write transaction."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        if reset:
            conn.execute("DELETE FROM files")
        conn.executemany("DELETE FROM files WHERE rel = ?", ((rel,) for rel in gone))
        conn.executemany(
            "INSERT OR REPLACE INTO files(rel, size, mtime_ns, post, problems)"
            " VALUES (?, ?, ?, ?, ?)",
            ((rel, *row) for rel, row in fresh),
        )
        conn.execute(
            "INSERT OR REPLACE INTO meta(key, value) VALUES ('fingerprint', ?)", (fingerprint,)
        )
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def _stat(folder: str, candidate: Candidate) -> tuple[int, int] | None:
    """``(size, mtime_ns)`` of a candidate; joins strings (a Path costs more per file)."""
    try:
        stat = os.stat(folder + candidate.rel)
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns


def _read(candidate: Candidate, config: SiteConfig, key: tuple[int, int]) -> FileRow:
    """Read one new or changed file into the row stored for it."""
    post, problems = load_post(candidate, config)
    encoded = None if post is None else encode_post(post)
    return key[0], key[1], encoded, _encode_problems(problems)


def _load_through(
    conn: sqlite3.Connection, root: Path, progress: Progress | None
) -> tuple[Archive, list[str]]:
    """Load ``root``'s archive, reusing every stored row whose file is unchanged."""
    config, problems = read_config(root)
    candidates, skipped = discover(root)
    problems += skipped
    fingerprint = _fingerprint(root)
    cached = _cached_rows(conn, fingerprint)
    folder = f"{root}{os.sep}"
    posts: list[Post] = []
    fresh: list[tuple[str, FileRow]] = []
    for done, candidate in enumerate(candidates):
        if progress is not None and done % _PROGRESS_EVERY == 0:
            progress(done, len(candidates))
        key = _stat(folder, candidate) or (-1, -1)
        row = cached.get(candidate.rel)
        if row is None or row[:2] != key:
            row = _read(candidate, config, key)
            fresh.append((candidate.rel, row))
        if row[2] is not None:
            posts.append(decode_post(candidate.rel, row[2]))
        problems += _decode_problems(row[3])
    if progress is not None:
        progress(len(candidates), len(candidates))
    gone = cached.keys() - {candidate.rel for candidate in candidates}
    notices = _try_save(conn, fingerprint, fresh, gone, reset=not cached)
    titles = category_titles(root, problems)
    return _assemble(root, config, posts, problems, titles), notices


def _try_save(
    conn: sqlite3.Connection, fingerprint: str, fresh: list[tuple[str, FileRow]],
    gone: set[str], reset: bool,
) -> list[str]:
    """Save what changed; a lock held elsewhere only costs the next load some time."""
    if not fresh and not gone and not reset:
        return []
    try:
        _save_rows(conn, fingerprint, fresh, gone, reset)
    except sqlite3.OperationalError as error:
        if not is_busy(error):
            raise
        return ["index is busy in another process; it was not updated this time"]
    return []


def _assemble(
    root: Path, config: SiteConfig, posts: list[Post], problems: list[Problem],
    titles: dict[str, str],
) -> Archive:
    """Order posts and problems exactly as :func:`load_archive` does."""
    return Archive(
        root=root,
        posts=tuple(sorted(posts, key=lambda post: post.sort_key)),
        problems=tuple(sorted(problems, key=lambda item: (item.path, item.line or 0))),
        timezone=config.timezone,
        category_titles=titles,
    )


def load_archive_cached(
    root: Path,
    *,
    use_cache: bool = True,
    progress: Progress | None = None,
    cache_dir: Path | None = None,
) -> tuple[Archive, list[str]]:
    """Load an archive like :func:`load_archive`, through the persistent index.

    Args:
        root: An archive folder, or a single post file (never cached).
        use_cache: False reads every file afresh and touches no cache.
        progress: Called as ``progress(done, total)`` now and then.
        cache_dir: Cache directory instead of the user cache (tests).

    Returns:
        The archive, and plain sentences about the cache for the user
        (e.g. that a damaged index was rebuilt).

    Raises:
        FileNotFoundError: ``root`` does not exist.
    """
    root = Path(root)
    if not use_cache or not root.is_dir():
        return load_archive(root, progress=progress), []
    try:
        with IndexDB.open(root, cache_dir) as db:
            archive, notices = _load_through(db.conn, root, progress)
            return archive, db.notices + notices
    except IndexUnavailable as error:
        notice = str(error)
    except sqlite3.Error as error:  # damage met past the opening checks
        remove_index(cache_file(root, cache_dir))
        notice = f"index error ({error}); it will be rebuilt next time"
    return load_archive(root, progress=progress), [notice]


def ensure_fulltext(
    root: Path, archive: Archive, *, cache_dir: Path | None = None, workers: int | None = None
) -> None:
    """Index the text of every post of ``archive`` not yet indexed (or changed).

    Cold indexing parses posts in worker processes (``workers``, default one
    per CPU). A cache that cannot be used is left alone: searching then works
    in memory (see :func:`newsreader.core.search.search`).

    Args:
        root: The archive root.
        archive: The archive as loaded now.
        cache_dir: Cache directory instead of the user cache (tests).
        workers: Worker processes; None means ``os.cpu_count()``.
    """
    try:
        with IndexDB.open(root, cache_dir) as db:
            fill_fulltext(db.conn, root, archive, workers)
    except IndexUnavailable:
        return
    except sqlite3.Error as error:
        if not is_busy(error):  # damaged past the opening checks: rebuilt next time
            remove_index(cache_file(root, cache_dir))
