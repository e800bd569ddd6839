"""The list's rows and orders, and the saved view, without an app."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from newsreader.core.model import Post
from newsreader.ui.model.catalog import ALL, Group
from newsreader.ui.model.listing import (
    DayHeader,
    build_rows,
    mixes_categories,
    pinyin_key,
    sort_posts,
)
from newsreader.ui.model.panes import LIST_SHARE, resized_share, valid_share
from newsreader.ui.model.view import SavedView, read_view


def _post(name: str, title: str, day: int, hour: int, category: str = "emnews") -> Post:
    when = datetime(2022, 1, day, hour, tzinfo=UTC)
    return Post(f"_posts/{name}.md", title, when, name, (category,))


POSTS = [
    _post("d", "重庆银行公告", 11, 20),
    _post("c", "A股收涨", 11, 9),
    _post("b", "北向资金流入", 10, 15, "cls"),
    _post("a", "央行逆回购", 10, 8),
]


def test_date_order_groups_by_day() -> None:
    rows = build_rows(POSTS, grouped=True)
    assert rows.rows == [
        DayHeader(date(2022, 1, 11), 0, 2),
        0,
        1,
        DayHeader(date(2022, 1, 10), 2, 4),
        2,
        3,
    ]
    assert rows.row_of == [1, 2, 4, 5]
    assert rows.post_at(0) is None and rows.post_at(4) == 2 and rows.post_at(9) is None
    assert rows.rows[0].unread(POSTS, {"_posts/d.md"}) == 1  # type: ignore[union-attr]


def test_other_orders_have_no_headers() -> None:
    rows = build_rows(POSTS, grouped=False)
    assert rows.rows == [0, 1, 2, 3] and rows.row_of == [0, 1, 2, 3]
    assert rows.header_rows == [] and rows.header_row(2) is None


@pytest.mark.parametrize(("index", "header"), [(0, 0), (1, 0), (2, 3), (3, 3)])
def test_each_post_knows_its_day_header_row(index: int, header: int) -> None:
    rows = build_rows(POSTS, grouped=True)
    assert rows.header_rows == [0, 3]
    assert rows.header_row(index) == header
    assert isinstance(rows.rows[header], DayHeader)


def test_title_order_is_pinyin() -> None:
    titles = [post.title for post in sort_posts(POSTS, "title")]
    assert titles == ["A股收涨", "北向资金流入", "央行逆回购", "重庆银行公告"]
    assert pinyin_key("北京") < pinyin_key("上海")


def test_category_order_then_newest() -> None:
    names = {"emnews": "东财", "cls": "财联社"}
    ordered = sort_posts(POSTS, "category", lambda post: names[post.categories[0]])
    assert [post.path for post in ordered] == [
        "_posts/b.md",
        "_posts/d.md",
        "_posts/c.md",
        "_posts/a.md",
    ]


def test_mixed_categories() -> None:
    assert mixes_categories(POSTS)
    assert not mixes_categories(POSTS[:2])
    assert not mixes_categories([])


@pytest.mark.parametrize(
    ("share", "step", "expected"), [(55, 1, 60), (70, 1, 70), (20, -1, 20), (55, -2, 45)]
)
def test_list_share_stays_in_range(share: int, step: int, expected: int) -> None:
    assert resized_share(share, step) == expected


@pytest.mark.parametrize("value", [None, "50", 5, 95, True, 50.0])
def test_odd_saved_share_is_the_default(value: object) -> None:
    assert valid_share(value) == LIST_SHARE


def test_view_round_trips_through_json() -> None:
    view = SavedView(
        Group("day", ("2022", "01", "11")),
        "美国 is:unread",
        "title",
        True,
        "_posts/a.md",
        7,
        (0, 3),
        60,
    )
    assert read_view(view.to_json()) == view


@pytest.mark.parametrize(
    "saved",
    [
        {},
        {"group": "all", "sort": "size", "list_y": -3, "outline": "x", "selected": 3},
        {"group": ["planet", []], "filter": 7, "unread_only": "yes", "outline": [True, -1]},
        {"group": ["category", [1, 2]]},
    ],
)
def test_damaged_view_reads_as_defaults(saved: dict[str, object]) -> None:
    view = read_view(saved)
    assert view.group == ALL and view.sort == "date" and view.list_y == 0
    assert view.filter_text == "" and not view.unread_only and view.outline == ()
