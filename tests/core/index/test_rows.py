"""``update_rows`` stores exactly the rows a full load stores, cold and after changes."""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from newsreader.core import parallel
from newsreader.core.archive.config import SiteConfig
from newsreader.core.index import rows
from newsreader.core.index.db import cache_file
from newsreader.core.index.metadata import Stale, _read_row, load_indexed
from newsreader.core.index.records import FileRow
from newsreader.core.index.rows import update_rows
from tests.conftest import SAMPLE


def _stored(root: Path, cache: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(cache_file(root, cache)) as conn:
        return conn.execute("SELECT * FROM files ORDER BY rel").fetchall()


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    """The sample archive, plus a file that is no post and one with bad front matter."""
    root = tmp_path / "archive"
    shutil.copytree(SAMPLE, root)
    (root / "_posts" / "notes.txt").write_text("not a post", encoding="utf-8")
    bad = root / "_posts" / "2022-01-02-bad.md"
    bad.write_text("---\ntitle: [unclosed\n---\n正文\n", encoding="utf-8")
    return root


def test_a_cold_update_stores_the_full_load_rows(archive: Path, tmp_path: Path) -> None:
    updated = update_rows(archive, cache_dir=tmp_path / "updated")
    assert updated is not None and updated.notices == []
    assert [problem.path for problem in updated.skipped] == ["_posts/notes.txt"]  # the walk's
    load_indexed(archive, cache_dir=tmp_path / "loaded")
    assert _stored(archive, tmp_path / "updated") == _stored(archive, tmp_path / "loaded")


def test_changes_update_only_their_rows_and_agree_with_a_full_load(
    archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    updated = tmp_path / "updated"
    update_rows(archive, cache_dir=updated)
    posts = sorted((archive / "_posts").glob("*.md"))
    changed, removed = posts[0], posts[1]
    changed.write_text(changed.read_text(encoding="utf-8") + "\n追加\n", encoding="utf-8")
    os.utime(changed, ns=(1, 1))  # another version, whatever the clock's resolution
    removed.unlink()
    (archive / "_posts" / "2022-01-03-new.md").write_text(
        "---\ntitle: 新文章\n---\n<p>正文</p>\n", encoding="utf-8"
    )
    read: list[str] = []

    def counted(config: SiteConfig, item: Stale) -> FileRow:
        read.append(item[0].rel)
        return _read_row(config, item)

    monkeypatch.setattr(rows, "_read_row", counted)
    update_rows(archive, cache_dir=updated)
    assert sorted(read) == sorted([str(changed.relative_to(archive)), "_posts/2022-01-03-new.md"])
    load_indexed(archive, cache_dir=tmp_path / "loaded")
    assert _stored(archive, updated) == _stored(archive, tmp_path / "loaded")


def test_an_index_that_cannot_be_opened_is_reported_as_not_updated(
    archive: Path, tmp_path: Path
) -> None:
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder should be", encoding="utf-8")
    assert update_rows(archive, cache_dir=blocked) is None


def _texts(root: Path, cache: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(cache_file(root, cache)) as conn:
        return conn.execute(
            "SELECT rel, size, mtime_ns, title, body, located, shown FROM texts ORDER BY rel"
        ).fetchall()


def test_texts_from_the_rows_are_the_texts_from_a_loaded_archive(
    archive: Path, tmp_path: Path
) -> None:
    """Cold, then after an edit and a removal: the same stored texts as the archive's path."""
    from newsreader.core.index.metadata import ensure_fulltext
    from newsreader.core.index.rows import update_texts

    for step in range(2):
        if step:
            posts = sorted((archive / "_posts").glob("*.md"))
            posts[0].write_text("---\ntitle: 改过\n---\n<p>一、新的正文</p>\n", encoding="utf-8")
            os.utime(posts[0], ns=(1, 1))
            posts[1].unlink()
        update_rows(archive, cache_dir=tmp_path / "rows")
        assert update_texts(archive, cache_dir=tmp_path / "rows")
        loaded = load_indexed(archive, cache_dir=tmp_path / "loaded").archive
        ensure_fulltext(archive, loaded, cache_dir=tmp_path / "loaded")
        assert _texts(archive, tmp_path / "rows") == _texts(archive, tmp_path / "loaded")


def test_rows_read_by_workers_are_the_rows_read_here(
    archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Worker processes (stat and plain tuples sent back) store what this process stores."""
    posts = archive / "_posts"
    for day in range(60):  # past the threshold of a fork server too (10 x SERVER_COST)
        front = f"---\ntitle: 题{day}\ndate: 2022-02-{day % 28 + 1:02d} 08:00:00 +0800\n---\n"
        tail = f"<p>正文</p>\n\n<http://example.com/{day}.html>\n\n[返回首页](/)\n"
        (posts / f"2022-02-{day % 28 + 1:02d}-p{day}.md").write_text(front + tail, encoding="utf-8")
    monkeypatch.setattr(parallel, "MIN_ITEMS", 10)
    with caplog.at_level(logging.DEBUG, logger="newsreader.core.parallel"):
        assert update_rows(archive, cache_dir=tmp_path / "workers") is not None
    assert [getattr(r, "processes", 0) >= 2 for r in caplog.records] == [True]
    monkeypatch.setattr(parallel, "MIN_ITEMS", 10**9)
    assert update_rows(archive, cache_dir=tmp_path / "here") is not None
    assert _stored(archive, tmp_path / "workers") == _stored(archive, tmp_path / "here")
    assert len(_stored(archive, tmp_path / "here")) > 60
