"""Pilot tests: the reader completes the search index in the background, and stops on exit."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from newsreader.core.index.complete import unlocated_count
from newsreader.core.index.db import IndexDB
from newsreader.core.index.metadata import ensure_fulltext, load_indexed
from newsreader.core.index.search import search
from newsreader.ui.widgets import index_completer
from newsreader.ui.widgets.index_completer import IndexCompleter
from tests.ui.conftest import Reader, main_screen, settle
from tests.ui.test_live_archive import until


@pytest.fixture
def indexed(sample_archive: Path, tmp_path: Path) -> Path:
    """A copy of the sample archive whose full text is indexed, no post located yet."""
    root = Path(shutil.copytree(sample_archive, tmp_path / "archive"))
    cache = tmp_path / "cache"  # the reader fixture's index folder
    ensure_fulltext(root, load_indexed(root, cache_dir=cache).archive, cache_dir=cache, workers=1)
    return root


def _unlocated(root: Path, cache: Path) -> int:
    with IndexDB.open(root, cache) as db:
        return unlocated_count(db.conn)


async def test_an_idle_reader_locates_every_post(
    reader: Reader, indexed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(index_completer, "START_DELAY", 0.1)
    cache = tmp_path / "cache"
    assert _unlocated(indexed, cache) >= 10
    app = reader(indexed)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        completer = main_screen(app).query_one(IndexCompleter)
        await until(pilot, lambda: _unlocated(indexed, cache) == 0, seconds=60)
    assert completer._thread is not None and not completer._thread.is_alive()
    archive = load_indexed(indexed, cache_dir=cache).archive
    fresh = tmp_path / "fresh"  # the same search on an index no background work touched
    assert search(indexed, archive, "的", cache_dir=cache) == search(
        indexed, archive, "的", cache_dir=fresh
    )


async def test_the_work_waits_for_quiet_and_ends_with_the_reader(
    reader: Reader, indexed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(index_completer, "START_DELAY", 600)
    before = _unlocated(indexed, tmp_path / "cache")
    app = reader(indexed)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        completer = main_screen(app).query_one(IndexCompleter)
        assert completer._thread is None  # not before its quiet time
    assert _unlocated(indexed, tmp_path / "cache") == before  # nothing done, none left running
    assert completer._thread is None


async def test_no_index_no_background_work(reader: Reader, indexed: Path) -> None:
    app = reader(indexed, use_cache=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert not main_screen(app).query(IndexCompleter)


async def test_one_post_file_alone_gets_no_index(
    reader: Reader, sample_archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(index_completer, "START_DELAY", 0.01)
    post = next(iter(sorted((sample_archive / "_posts").glob("*.md"))))
    app = reader(post)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.pause(0.2)
        completer = main_screen(app).query_one(IndexCompleter)
        assert completer._thread is None
    cache = tmp_path / "cache"
    assert not cache.exists() or not any(cache.rglob("*.sqlite3"))
