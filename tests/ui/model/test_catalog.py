"""The category tree's grouping rules, without an app."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from newsreader.core.model import Archive, Post
from newsreader.ui.model.catalog import (
    Group,
    build_catalog,
    category_label,
    category_paths,
    posts_in,
)

CST = timezone(timedelta(hours=8))


def _post(
    path: str,
    *,
    cats: tuple[str, ...] = (),
    tags: tuple[str, ...] = (),
    folders: int = 0,
    day: int = 1,
    month: int = 1,
) -> Post:
    return Post(
        path,
        path.upper(),
        datetime(2022, month, day, tzinfo=CST),
        path,
        categories=cats,
        tags=tags,
        folder_categories=folders,
    )


POSTS = (
    _post("a", cats=("news", "local", "extra"), tags=("t1", "t2"), folders=2, month=3),
    _post("b", cats=("news", "world"), tags=("t1",), folders=2, month=2),
    _post("c", cats=("changzhouribao",), tags=("常州日报新闻",), month=2),
    _post("d", cats=("changzhouribao",), tags=("常州日报新闻", "t1"), month=1),
)
ARCHIVE = Archive(Path("."), POSTS, category_titles={"news": "新闻"})


@pytest.mark.parametrize(
    ("group", "expected"),
    [
        (Group("all"), ["a", "b", "c", "d"]),
        (Group("category", ("news",)), ["a", "b"]),
        (Group("category", ("news", "local")), ["a"]),
        (Group("category", ("extra",)), ["a"]),
        (Group("category", ("changzhouribao",)), ["c", "d"]),
        (Group("year", ("2022",)), ["a", "b", "c", "d"]),
        (Group("month", ("2022", "02")), ["b", "c"]),
        (Group("tag", ("t1",)), ["a", "b", "d"]),
        (Group("bookmarks"), ["c"]),
    ],
)
def test_posts_in_selects_group(group: Group, expected: list[str]) -> None:
    assert [p.path for p in posts_in(POSTS, group, bookmarks=["c"])] == expected


def test_posts_in_a_group_are_those_it_matches() -> None:
    """Each group of the tree, whichever way it is selected, keeps what ``matches`` keeps."""
    groups = {Group("tag", (tag,)) for post in POSTS for tag in post.tags}
    groups |= {
        Group("category", path)
        for post in POSTS
        for path in category_paths(post.categories, post.folder_categories)
    }
    groups |= {Group("category", ("missing",)), Group("tag", ("missing",)), Group("all")}
    for group in groups:
        assert posts_in(POSTS, group) == [post for post in POSTS if group.matches(post)], group


@pytest.mark.parametrize(
    ("slug", "paths", "expected"),
    [
        ("news", ["a", "b"], "新闻"),  # archive title wins
        ("changzhouribao", ["c", "d"], "常州日报新闻"),  # the one shared tag
        ("other", ["a", "d"], "t1"),
        ("mixed", ["a", "c"], "mixed"),  # nothing shared: slug
    ],
)
def test_category_label(slug: str, paths: list[str], expected: str) -> None:
    posts = [p for p in POSTS if p.path in paths]
    assert category_label(ARCHIVE, slug, posts) == expected


def test_catalog_nests_folder_categories_and_counts() -> None:
    catalog = build_catalog(ARCHIVE, POSTS)
    top = {node.label: node for node in catalog.categories}
    assert top["新闻"].count == 2
    assert sorted(child.group.path for child in top["新闻"].children) == [
        ("news", "local"),
        ("news", "world"),
    ]
    assert top["常州日报新闻"].count == 2
    assert "local" not in top  # a nested folder category shows only under its parent
    assert top["extra"].count == 1  # a front-matter category after the folders
    assert catalog.names["changzhouribao"] == "常州日报新闻"
    assert catalog.total == 4


def test_catalog_dates_and_tags() -> None:
    catalog = build_catalog(ARCHIVE, POSTS)
    (year,) = catalog.dates
    assert (year.label, year.count) == ("2022", 4)
    assert [(m.label, m.count) for m in year.children] == [
        ("2022-03", 1),
        ("2022-02", 2),
        ("2022-01", 1),
    ]
    assert [(t.label, t.count) for t in catalog.tags][:2] == [("t1", 3), ("常州日报新闻", 2)]
