"""Completing the index in the background: every post located as a search would locate it."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from newsreader.core.index import complete
from newsreader.core.index.complete import locate_pending, unlocated_count
from newsreader.core.index.db import IndexDB
from newsreader.core.index.fill import jobs_of_rows
from newsreader.core.index.metadata import ensure_fulltext, load_indexed
from newsreader.core.index.search import search
from newsreader.core.model import Archive


def _indexed(root: Path, cache: Path) -> Archive:
    """Load ``root`` through the index and build its full text the quick way (none located)."""
    archive = load_indexed(root, cache_dir=cache).archive
    ensure_fulltext(root, archive, cache_dir=cache, workers=1)
    return archive


def _maps(root: Path, cache: Path) -> dict[str, tuple[bytes | None, str | None]]:
    """Each indexed post's stored block map and shown text."""
    with IndexDB.open(root, cache) as db:
        rows = db.conn.execute("SELECT rel, located, shown FROM texts").fetchall()
    return {rel: (located, shown) for rel, located, shown in rows}


def _complete(root: Path, cache: Path, **options: int) -> int:
    with IndexDB.open(root, cache) as db:
        return locate_pending(db.conn, root, lambda: False, **options)


@pytest.fixture
def archive_copy(sample_archive: Path, tmp_path: Path) -> Path:
    """A copy of the sample archive the test may change."""
    return Path(shutil.copytree(sample_archive, tmp_path / "archive"))


def test_every_post_is_located_as_a_search_locates_it(archive_copy: Path, tmp_path: Path) -> None:
    background, searched = tmp_path / "background", tmp_path / "searched"
    archive = _indexed(archive_copy, background)
    total = len(archive.posts)
    assert _complete(archive_copy, background, batch=7) == total  # several rounds
    with IndexDB.open(archive_copy, background) as db:
        assert unlocated_count(db.conn) == 0
    hits = search(archive_copy, archive, "的", cache_dir=searched)  # locates every hit
    by_search, by_background = _maps(archive_copy, searched), _maps(archive_copy, background)
    shown = {hit.path for hit in hits}
    assert len(shown) > total // 2
    assert {rel: by_search[rel] for rel in shown} == {rel: by_background[rel] for rel in shown}
    assert search(archive_copy, archive, "的", cache_dir=background) == hits
    assert _complete(archive_copy, background) == 0  # nothing left to do


def test_stopping_leaves_the_rest_for_the_next_round(archive_copy: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    total = len(_indexed(archive_copy, cache).posts)
    calls = 0

    def stop_soon() -> bool:
        nonlocal calls
        calls += 1
        return calls > 3

    with IndexDB.open(archive_copy, cache) as db:
        first = locate_pending(db.conn, archive_copy, stop_soon, batch=4)
        assert 0 < first < total
        assert unlocated_count(db.conn) == total - first
    assert _complete(archive_copy, cache) == total - first


def test_a_post_changed_since_it_was_indexed_is_left(archive_copy: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    archive = _indexed(archive_copy, cache)
    changed = archive.posts[0].path
    path = archive_copy / changed
    path.write_text(path.read_text(encoding="utf-8") + "\n<p>新的一段</p>\n", encoding="utf-8")
    assert _complete(archive_copy, cache) == len(archive.posts) - 1
    assert _maps(archive_copy, cache)[changed] == (None, None)


def test_a_busy_database_ends_the_round_quietly(archive_copy: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    _indexed(archive_copy, cache)
    with IndexDB.open(archive_copy, cache) as db, IndexDB.open(archive_copy, cache) as other:
        db.conn.execute("PRAGMA busy_timeout = 10")
        other.conn.execute("BEGIN IMMEDIATE")  # another writer holds the lock
        try:
            assert locate_pending(db.conn, archive_copy, lambda: False) == 0
        finally:
            other.conn.execute("ROLLBACK")
        assert unlocated_count(db.conn) > 0


def _policy_after_locating(root: str, job: object) -> tuple[bool, int]:
    located = complete._located_idle(Path(root), -1, job)  # type: ignore[arg-type]
    return located is not None, os.sched_getscheduler(0)


@pytest.mark.skipif(not hasattr(os, "SCHED_IDLE"), reason="Linux scheduling classes")
def test_workers_parse_at_idle_priority_and_the_caller_keeps_its_own(
    archive_copy: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    _indexed(archive_copy, cache)
    with IndexDB.open(archive_copy, cache) as db:
        rel, size, mtime = db.conn.execute("SELECT rel, size, mtime_ns FROM texts").fetchone()
        (job,) = jobs_of_rows(db.conn, [(rel, size, mtime)])
    before = os.sched_getscheduler(0)
    assert complete._located_idle(archive_copy, os.getpid(), job) is not None
    assert os.sched_getscheduler(0) == before  # the caller's own process: untouched
    with multiprocessing.get_context("fork").Pool(1) as pool:
        parsed, policy = pool.apply(_policy_after_locating, (str(archive_copy), job))
    assert parsed and policy == os.SCHED_IDLE


def test_a_damaged_database_raises_for_the_caller_to_report(tmp_path: Path) -> None:
    conn = sqlite3.connect(":memory:")
    with pytest.raises(sqlite3.OperationalError):
        locate_pending(conn, tmp_path, lambda: False)  # no texts table
