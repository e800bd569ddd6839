"""The list's rows and orders, and the saved view, without an app."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from newsreader.core.model import Post
from newsreader.core.text.safe import clean_line
from newsreader.ui.model.catalog import ALL, Group
from newsreader.ui.model.listing import (
    STAND_IN_TITLE,
    DayHeader,
    PagedPosts,
    SortKey,
    build_rows,
    category_column,
    day_runs,
    numbers_in_order,
    pinyin_key,
    sort_posts,
    sort_syllable,
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
    assert rows.every_row() == [
        DayHeader(date(2022, 1, 11), 0, 2),
        0,
        1,
        DayHeader(date(2022, 1, 10), 2, 4),
        2,
        3,
    ]
    assert [rows.row_of(index) for index in range(4)] == [1, 2, 4, 5] and len(rows) == 6
    assert rows.post_at(0) is None and rows.post_at(4) == 2 and rows.post_at(9) is None
    assert rows.item(0).unread(POSTS, {"_posts/d.md"}) == 1  # type: ignore[union-attr]


def test_other_orders_have_no_headers() -> None:
    rows = build_rows(POSTS, grouped=False)
    assert rows.every_row() == [0, 1, 2, 3]
    assert [rows.row_of(index) for index in range(4)] == [0, 1, 2, 3]
    assert rows.header_rows == [] and rows.header_row(2) is None


@pytest.mark.parametrize(("index", "header"), [(0, 0), (1, 0), (2, 3), (3, 3)])
def test_each_post_knows_its_day_header_row(index: int, header: int) -> None:
    rows = build_rows(POSTS, grouped=True)
    assert rows.header_rows == [0, 3]
    assert rows.header_row(index) == header
    assert isinstance(rows.item(header), DayHeader)


def test_title_order_is_pinyin() -> None:
    titles = [post.title for post in sort_posts(POSTS, "title")]
    assert titles == ["A股收涨", "北向资金流入", "央行逆回购", "重庆银行公告"]
    assert pinyin_key("北京") < pinyin_key("上海")


@given(st.lists(st.text(alphabet="重庆北京上海银行sSaİß1 、", max_size=6) | st.text(max_size=6)))
@example(["ß", "ss"])  # ("ss",) after ("s", "s"), though both read "ss" run together
def test_a_pinyin_key_orders_as_its_syllables(titles: list[str]) -> None:
    """The key is one string for speed; it must order as the tuple of syllables."""
    titles = [clean_line(title) for title in titles]  # titles shown are cleaned
    by_key = sorted(titles, key=pinyin_key)
    syllables = lambda title: tuple(map(sort_syllable, numbers_in_order(title)))  # noqa: E731
    assert by_key == sorted(titles, key=syllables)


def test_numbers_in_titles_sort_by_value() -> None:
    titles = ["站上1090点", "站上393点", "指数报10.2", "指数报7.51", "第2期", "第11期"]
    assert sorted(titles, key=pinyin_key) == [
        "第2期", "第11期", "站上393点", "站上1090点", "指数报7.51", "指数报10.2",
    ]  # fmt: skip


@pytest.mark.parametrize("key", ["date", "title", "category"])
def test_posts_known_in_date_order_sort_as_any(key: SortKey) -> None:
    """Told the posts are newest first already, a sort skips that step and gives the same list."""
    names = {"emnews": "东财", "cls": "财联社"}

    def named(post: Post) -> str:
        return names[post.categories[0]]

    newest_first = sorted(POSTS, key=lambda post: post.sort_key)
    told = sort_posts(newest_first, key, named, in_date_order=True)
    assert told == sort_posts(POSTS, key, named)


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
    column = category_column(POSTS)
    assert column.shown and column.unnamed is None  # 3 of 4 is no rule: every row names it
    assert all(column.names(post) for post in POSTS)
    assert not category_column(POSTS[:2]).shown
    assert not category_column([]).shown


def test_a_category_nearly_every_post_has_goes_unnamed() -> None:
    """19 archive posts and one sticky: only the sticky one's row names its category."""
    posts = [_post(f"p{i}", "标题", 1 + i % 20, 8, "Archive") for i in range(19)]
    sticky = _post("s", "置顶", 21, 8, "sticky")
    column = category_column([sticky, *posts])
    assert column.shown and column.unnamed == ("Archive",)
    assert column.names(sticky)
    assert not any(column.names(post) for post in posts)
    assert category_column([sticky, *posts[:8]]).unnamed is None  # 8 of 9 is under 90%


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


class Pages:
    """A source of posts that counts what it was asked for (as the index would give them)."""

    def __init__(self, posts: list[Post], lost: bool = False) -> None:
        self.posts, self.lost, self.asked = posts, lost, list[tuple[int, int]]()

    def __call__(self, offset: int, limit: int) -> list[Post] | None:
        self.asked.append((offset, limit))
        return None if self.lost else self.posts[offset : offset + limit]


DAYS = [(date(2022, 1, 11), 2), (date(2022, 1, 10), 2)]


def test_paged_posts_hold_the_first_page_and_read_the_others_as_asked() -> None:
    source = Pages(POSTS)
    paged = PagedPosts(POSTS[:1], len(POSTS), DAYS, source, chunk=2)
    assert len(paged) == 4 and paged[0] is POSTS[0] and source.asked == []
    assert POSTS[2] not in paged  # never read yet
    assert paged[-1] == POSTS[3] and source.asked == [(3, 2)]  # a chunk past the first page
    assert paged[2] == POSTS[2] and source.asked == [(3, 2), (1, 2)]
    assert POSTS[2] in paged and paged.index(POSTS[2]) == 2 and paged.position(POSTS[3].path) == 3
    assert paged[0:4] == POSTS and len(source.asked) == 2  # every chunk held now
    with pytest.raises(IndexError):
        paged[4]


def test_going_through_paged_posts_reads_the_rest_in_one_query() -> None:
    source = Pages(POSTS)
    paged = PagedPosts(POSTS[:2], len(POSTS), DAYS, source, chunk=1)
    assert list(paged) == POSTS and source.asked == [(2, 2)]
    assert list(paged) == POSTS and source.asked == [(2, 2)]  # read once


@pytest.mark.parametrize("head", [0, 1, 2, 3, 4])
@pytest.mark.parametrize("chunk", [1, 2, 3, 5])
def test_paged_posts_are_the_list_whatever_the_first_page_and_chunk(head: int, chunk: int) -> None:
    """Read post by post from the far end, by slices, or gone through: the same list."""
    backwards = PagedPosts(POSTS[:head], len(POSTS), DAYS, Pages(POSTS), chunk=chunk)
    assert [backwards[index] for index in reversed(range(len(POSTS)))] == POSTS[::-1]
    assert [backwards.position(post.path) for post in POSTS] == [0, 1, 2, 3]
    sliced = PagedPosts(POSTS[:head], len(POSTS), DAYS, Pages(POSTS), chunk=chunk)
    assert sliced[1:] == POSTS[1:] and sliced[:] == POSTS
    walked = PagedPosts(POSTS[:head], len(POSTS), DAYS, Pages(POSTS), chunk=chunk)
    assert walked[len(POSTS) - 1] == POSTS[-1] and list(walked) == POSTS


def test_a_row_the_source_cannot_give_is_a_stand_in_of_its_day() -> None:
    paged = PagedPosts(POSTS[:1], len(POSTS), DAYS, Pages(POSTS, lost=True))
    stand_in = paged[3]
    assert stand_in.title == STAND_IN_TITLE and stand_in.date.date() == date(2022, 1, 10)
    assert stand_in not in paged


def test_paged_posts_are_laid_out_from_their_days_as_the_posts_are() -> None:
    source = Pages(POSTS)
    paged = PagedPosts(POSTS[:1], len(POSTS), DAYS, source)
    rows = build_rows(paged, grouped=True)
    whole = build_rows(POSTS, grouped=True)
    assert rows.every_row() == whole.every_row()
    assert rows.header_rows == whole.header_rows
    assert source.asked == []  # laid out without a post read
    assert day_runs(POSTS) == DAYS and day_runs([]) == []


@pytest.mark.parametrize("counts", [[1], [3], [1, 1, 1], [2, 1, 3], [5, 1]])
def test_worked_out_rows_are_each_day_a_header_then_its_posts(counts: list[int]) -> None:
    days = [(date(2022, 1, 28 - number), count) for number, count in enumerate(counts)]
    posts = [
        _post(f"p{number}-{n}", "题", day.day, 23 - n)
        for number, (day, count) in enumerate(days)
        for n in range(count)
    ]
    rows = build_rows(posts, grouped=True)
    expected: list[int | DayHeader] = []
    for day, count in days:
        start = sum(1 for item in expected if isinstance(item, int))
        expected += [DayHeader(day, start, start + count), *range(start, start + count)]
    assert rows.every_row() == expected
    assert [rows.item(rows.row_of(index)) for index in range(len(posts))] == list(range(len(posts)))
    headers = [row for row, item in enumerate(expected) if isinstance(item, DayHeader)]
    assert {rows.header_row(index) for index in range(len(posts))} == set(headers)
