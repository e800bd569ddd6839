"""Building the full-text index in steps: progress, cancel, and the same answers."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from newsreader.core.archive.loader import load_archive
from newsreader.core.index import stepwise
from newsreader.core.index.db import IndexDB
from newsreader.core.index.search import matching_paths
from newsreader.core.index.stepwise import fill_stepwise, pending_posts

MakeArchive = Callable[[dict[str, str | bytes]], Path]


def many(count: int) -> dict[str, str | bytes]:
    return {
        f"_posts/2022-01-01-p{n:03d}.md": f'---\ntitle: "第{n}篇"\n---\n<p>科协 正文{n}</p>\n'
        for n in range(count)
    }


def test_a_large_build_reports_each_step_and_indexes_everything(
    make_archive: MakeArchive, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(stepwise, "MIN_STEP", 50)
    root = make_archive(many(230))
    archive, cache = load_archive(root), tmp_path / "cache"
    reports: list[tuple[int, int]] = []
    assert fill_stepwise(
        root, archive, cache_dir=cache, progress=lambda d, t: reports.append((d, t))
    )
    assert reports == [(0, 230), (50, 230), (100, 230), (150, 230), (200, 230), (230, 230)]
    with IndexDB.open(root, cache) as db:
        assert pending_posts(db, archive)[1] == []
    assert len(matching_paths(root, archive, "科协", cache_dir=cache)) == 230


def test_a_cancelled_build_keeps_what_it_built_and_the_next_search_finishes_it(
    make_archive: MakeArchive, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(stepwise, "MIN_STEP", 50)
    root = make_archive(many(230))
    archive, cache = load_archive(root), tmp_path / "cache"
    reports: list[tuple[int, int]] = []
    done = fill_stepwise(
        root,
        archive,
        cache_dir=cache,
        progress=lambda d, t: reports.append((d, t)),
        cancelled=lambda: len(reports) >= 3,
    )
    assert not done
    assert reports[-1] == (100, 230)
    with IndexDB.open(root, cache) as db:
        indexed, pending = pending_posts(db, archive)
    assert (len(indexed), len(pending)) == (100, 130)
    assert len(matching_paths(root, archive, "科协", cache_dir=cache)) == 230


def test_a_small_build_is_left_to_the_search(make_archive: MakeArchive, tmp_path: Path) -> None:
    root = make_archive(many(5))
    archive, cache = load_archive(root), tmp_path / "cache"
    reports: list[tuple[int, int]] = []
    assert fill_stepwise(
        root, archive, cache_dir=cache, progress=lambda d, t: reports.append((d, t))
    )
    assert reports == []
