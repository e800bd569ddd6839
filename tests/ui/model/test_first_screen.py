"""The first screen's tree from the index's counts is the tree of the whole archive."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

import newsreader.ui.model.reading as reading_module
from newsreader.core.archive.filters import Criteria, select
from newsreader.core.index.first_page import first_page
from newsreader.core.index.metadata import load_indexed
from newsreader.core.state import StateStore
from newsreader.ui.model.catalog import build_catalog, unread_counts
from newsreader.ui.model.first_screen import first_archive, first_reading, starts_as, whole_list
from newsreader.ui.model.listing import PagedPosts, build_rows

MakeArchive = Callable[[dict[str, str | bytes]], Path]


def post(day: int, categories: str, tags: str = "", published: bool = True) -> str:
    head = f'---\ntitle: "第{day}篇"\ndate: 2021-12-{day:02d} 23:30:00 +0800\n'
    extra = "" if published else "published: false\n"
    return f"{head}categories: [{categories}]\ntags: [{tags}]\n{extra}---\n<p>正文</p>\n"


ARCHIVES: dict[str, dict[str, str | bytes]] = {
    "flat, one shared tag per category": {
        "_posts/2021-12-01-a.md": post(1, "changzhouribao", "常州日报新闻"),
        "_posts/2021-12-02-b.md": post(2, "changzhouribao", "常州日报新闻"),
        "_posts/2021-12-03-c.md": post(3, "wujinribao", "武进日报新闻"),
    },
    "folders nest, tags differ, drafts": {
        "city/district/_posts/2021-12-01-a.md": post(1, "local", "甲, 乙"),
        "city/_posts/2021-12-01-b.md": post(1, "news", "乙"),
        "city/district/_posts/2021-12-05-c.md": post(5, "news", "甲"),
        "economy/_posts/2021-11-30-d.md": post(30, "news", ""),
        "_posts/2021-12-06-e.md": post(6, "news, local", "乙", published=False),
        "a/a/_posts/2021-12-07-f.md": post(7, "a"),
    },
    "a category page names a slug": {
        "category/news.md": "---\ntitle: 新闻\n---\n",
        "_posts/2021-12-01-a.md": post(1, "news", "甲"),
        "_posts/2021-12-09-b.md": post(9, "sport", "甲"),
    },
}


@pytest.mark.parametrize("unpublished", [False, True])
@pytest.mark.parametrize("name", ARCHIVES)
def test_the_tree_and_unread_counts_are_the_whole_archives(
    make_archive: MakeArchive,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    unpublished: bool,
) -> None:
    root, cache = make_archive(ARCHIVES[name]), tmp_path / "cache"
    archive = load_indexed(root, cache_dir=cache).archive
    offered = select(archive.posts, Criteria(unpublished=unpublished))
    read = {offered[0].path, offered[-1].path}
    page = first_page(root, read=read, unpublished=unpublished, limit=1, cache_dir=cache)
    assert page is not None
    with StateStore.open(root, tmp_path / "state") as state:
        state.set_read_many(sorted(read), True)
        with monkeypatch.context() as patched:  # the page's own catalog is never made
            patched.setattr(reading_module, "derive", pytest.fail)
            reading = first_reading(first_archive(root, page), page, state)
        assert reading.posts == tuple(offered[:1])
        assert reading.catalog == build_catalog(archive, offered)
        assert +reading.unread == +unread_counts(offered, read)
        assert reading.problems == list(archive.problems)
        assert reading.read == read and reading.by_path == {offered[0].path: offered[0]}


def test_the_post_read_last_is_reopened_even_off_the_page(
    make_archive: MakeArchive, tmp_path: Path
) -> None:
    root, cache = make_archive(ARCHIVES["flat, one shared tag per category"]), tmp_path / "cache"
    load_indexed(root, cache_dir=cache)
    oldest = "_posts/2021-12-01-a.md"
    page = first_page(root, limit=1, wanted=[oldest], cache_dir=cache)
    assert page is not None
    with StateStore.open(root, tmp_path / "state") as state:
        state.save_position(oldest, 12.0)
        reading = first_reading(first_archive(root, page), page, state)
        target = reading.restore_target()
        assert target is not None and (target[0].path, target[1]) == (oldest, 12.0)
        assert [post.path for post in reading.posts] == ["_posts/2021-12-03-c.md"]


@pytest.mark.parametrize("unpublished", [False, True])
@pytest.mark.parametrize("name", ARCHIVES)
def test_the_page_stands_for_the_whole_list_read_from_the_index(
    make_archive: MakeArchive, tmp_path: Path, name: str, unpublished: bool
) -> None:
    root, cache = make_archive(ARCHIVES[name]), tmp_path / "cache"
    offered = select(
        load_indexed(root, cache_dir=cache).archive.posts, Criteria(unpublished=unpublished)
    )
    page = first_page(root, unpublished=unpublished, limit=1, cache_dir=cache)
    assert page is not None
    with StateStore.open(root, tmp_path / "state") as state:
        reading = first_reading(first_archive(root, page), page, state)
        complete = whole_list(reading, unpublished=unpublished, cache_dir=cache)
        assert complete is not None
        whole = complete(list(reading.posts))
        assert isinstance(whole, PagedPosts) and list(whole) == offered
        assert build_rows(whole, grouped=True).every_row() == build_rows(offered, True).every_row()
        other = list(offered[:1])  # equal posts, but not the page's: a list of its own
        assert complete(other) is other and complete([]) == []


def test_a_page_that_is_the_whole_list_stands_for_itself(
    make_archive: MakeArchive, tmp_path: Path
) -> None:
    root, cache = make_archive(ARCHIVES["flat, one shared tag per category"]), tmp_path / "cache"
    load_indexed(root, cache_dir=cache)
    page = first_page(root, cache_dir=cache)
    assert page is not None
    with StateStore.open(root, tmp_path / "state") as state:
        reading = first_reading(first_archive(root, page), page, state)
        assert whole_list(reading, unpublished=False, cache_dir=cache) is None


D1, D2, D3 = date(2022, 1, 3), date(2022, 1, 2), date(2022, 1, 1)


@pytest.mark.parametrize(
    ("page", "days", "agrees"),
    [
        ([(D1, 2)], [(D1, 2), (D2, 1)], True),
        ([(D1, 2), (D2, 1)], [(D1, 2), (D2, 5)], True),  # the page ends inside a day
        ([(D1, 1), (D2, 1)], [(D1, 2), (D2, 1)], False),  # a day's posts apart
        ([(D2, 1), (D1, 1)], [(D1, 1), (D2, 1)], False),  # days out of order (zones)
        ([(D1, 3)], [(D1, 2), (D3, 1)], False),
        ([], [(D1, 1)], False),
    ],
)
def test_the_days_must_start_as_the_page_does(
    page: list[tuple[date, int]], days: list[tuple[date, int]], agrees: bool
) -> None:
    assert starts_as(page, days) is agrees


@pytest.mark.parametrize("unpublished", [False, True])
@pytest.mark.parametrize("name", ARCHIVES)
def test_after_posts_changed_the_first_screen_is_still_the_full_loads(
    make_archive: MakeArchive, tmp_path: Path, name: str, unpublished: bool
) -> None:
    """Added, edited and removed posts: the counts kept with the rows say what a load says."""
    files = ARCHIVES[name]
    root, cache = make_archive(files), tmp_path / "cache"
    load_indexed(root, cache_dir=cache)
    first, *_middle, last = sorted(files)
    (root / "_posts").mkdir(exist_ok=True)
    (root / "_posts/2021-12-20-new.md").write_text(post(20, "fresh", "新"), encoding="utf-8")
    edited = root / first
    edited.write_text(post(1, "moved, news", "改", published=False), encoding="utf-8")
    os.utime(edited, ns=(1, 1))  # a different stat key whatever the clock's resolution
    (root / last).unlink()
    archive = load_indexed(root, cache_dir=cache).archive
    offered = select(archive.posts, Criteria(unpublished=unpublished))
    read = {offered[-1].path}
    page = first_page(root, read=read, unpublished=unpublished, limit=1, cache_dir=cache)
    assert page is not None
    with StateStore.open(root, tmp_path / "state") as state:
        state.set_read_many(sorted(read), True)
        reading = first_reading(first_archive(root, page), page, state)
        assert reading.catalog == build_catalog(archive, offered)
        assert +reading.unread == +unread_counts(offered, read)
        complete = whole_list(reading, unpublished=unpublished, cache_dir=cache)
        whole = offered if complete is None else complete(list(reading.posts))
        assert [whole[at] for at in reversed(range(len(whole)))] == offered[::-1]
