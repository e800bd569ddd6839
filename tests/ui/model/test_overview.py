"""The archive at a glance, without an app."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from newsreader.core.model import Post, Problem
from newsreader.ui.model.overview import MAX_MONTHS, build_overview, problem_category


def _post(path: str, year: int, month: int, *categories: str) -> Post:
    return Post(path, path, datetime(year, month, 1, tzinfo=UTC), "x", categories)


POSTS = [
    _post("news/_posts/a.md", 2022, 3, "news"),
    _post("news/_posts/b.md", 2022, 1, "news"),
    _post("news/_posts/c.md", 2022, 1, "news"),
    _post("culture/_posts/d.md", 2021, 12, "culture"),
    _post("_posts/e.md", 2022, 2),
]


def test_rows_count_posts_per_month_over_shared_months() -> None:
    overview = build_overview(POSTS, {"news": "新闻"}, {"news/_posts/a.md"}, [])
    assert overview.months == ((2021, 12), (2022, 1), (2022, 2), (2022, 3))
    assert overview.span == "2021-12 – 2022-03"
    rows = {row.slug: row for row in overview.rows}
    assert rows["news"].label == "新闻"
    assert rows["news"].per_month == (0, 2, 0, 1)
    assert (rows["news"].posts, rows["news"].unread) == (3, 2)
    assert rows["culture"].per_month == (1, 0, 0, 0)
    assert rows[""].label == "(no category)" and rows[""].per_month == (0, 0, 1, 0)
    assert overview.rows[0].slug == "news"  # biggest first


@pytest.mark.parametrize(
    ("path", "category"),
    [
        ("news/_posts/a.md", "news"),  # a post that loaded: its category
        ("tech/_posts/broken.md", "tech"),  # no post: the folder above _posts
        ("world/asia/_posts/x.md", "world"),
        ("_posts/2022-01-01-x.md", ""),
        ("_config.yml", ""),
    ],
)
def test_problems_are_filed_under_their_folder(path: str, category: str) -> None:
    by_path = {post.path: post for post in POSTS}
    assert problem_category(Problem(path, "bad"), by_path) == category


def test_a_category_with_problems_only_still_has_a_row() -> None:
    overview = build_overview(POSTS, {}, set(), [Problem("tech/_posts/broken.md", "bad YAML")])
    tech = next(row for row in overview.rows if row.slug == "tech")
    assert (tech.posts, tech.problems) == (0, 1)


def test_a_stray_ancient_date_does_not_stretch_the_months() -> None:
    posts = [*POSTS, _post("news/_posts/old.md", 1, 1, "news")]
    overview = build_overview(posts, {}, set(), [])
    assert len(overview.months) == MAX_MONTHS and overview.months[-1] == (2022, 3)
    news = next(row for row in overview.rows if row.slug == "news")
    assert news.posts == 4 and sum(news.per_month) == 3  # the year-1 post is counted, not drawn


def test_an_empty_archive_has_no_rows() -> None:
    overview = build_overview([], {}, set(), [])
    assert overview.rows == () and overview.span == ""
