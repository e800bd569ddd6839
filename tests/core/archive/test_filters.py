"""Selecting posts by category, tag, date range, published state and path."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from newsreader.core.archive.filters import Criteria, parse_cli_date, select
from newsreader.core.model import Post

UTC8 = timezone(timedelta(hours=8))
UTC_MINUS5 = timezone(timedelta(hours=-5))

POSTS = (
    Post(
        "_posts/a.md",
        "A",
        datetime(2022, 1, 11, 9, tzinfo=UTC8),
        "a",
        ("changzhouribao",),
        ("常州",),
    ),
    Post(
        "news/_posts/b.md",
        "B",
        datetime(2022, 2, 1, 0, 30, tzinfo=UTC8),
        "b",
        ("news", "Tech"),
        ("科技", "常州"),
    ),
    Post("_posts/c.md", "C", datetime(2022, 2, 28, 23, tzinfo=UTC_MINUS5), "c", ("tech",), ()),
    Post(
        "_posts/d.md",
        "D",
        datetime(2022, 3, 5, tzinfo=UTC8),
        "d",
        ("news",),
        ("草稿",),
        published=False,
    ),
)


def _paths(criteria: Criteria) -> list[str]:
    return [post.slug for post in select(POSTS, criteria)]


@pytest.mark.parametrize(
    ("criteria", "expected"),
    [
        (Criteria(), ["a", "b", "c"]),
        (Criteria(unpublished=True), ["a", "b", "c", "d"]),
        (Criteria(categories=("news",)), ["b"]),
        (Criteria(categories=("news",), unpublished=True), ["b", "d"]),
        (Criteria(categories=("tech",)), ["c"]),  # slugs match case-sensitively
        (Criteria(categories=("Tech", "changzhouribao")), ["a", "b"]),
        (Criteria(categories=("nothing",)), []),
        (Criteria(tags=("常州",)), ["a", "b"]),
        (Criteria(tags=("常州",), categories=("news",)), ["b"]),
        (Criteria(since=date(2022, 2, 1)), ["b", "c"]),  # inclusive
        (Criteria(until=date(2022, 2, 1)), ["a", "b"]),  # inclusive
        (Criteria(since=date(2022, 2, 28), until=date(2022, 2, 28)), ["c"]),  # its own local day
        (Criteria(since=date(2022, 3, 1)), []),
        (Criteria(since=date(2022, 3, 1), unpublished=True), ["d"]),
        (Criteria(post="news/_posts/b.md"), ["b"]),
        (Criteria(post="b.md"), []),
        (Criteria(post="_posts/d.md"), []),
        (Criteria(post="_posts/d.md", unpublished=True), ["d"]),
    ],
)
def test_select(criteria: Criteria, expected: list[str]) -> None:
    assert _paths(criteria) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2022-01-11", date(2022, 1, 11)),
        ("2022-1-5", date(2022, 1, 5)),
        (" 2022-12-31 ", date(2022, 12, 31)),
        ("0d", date(2022, 3, 1)),
        ("7d", date(2022, 2, 22)),
        ("99999d", date(1748, 5, 17)),
        ("today", date(2022, 3, 1)),
        ("Yesterday", date(2022, 2, 28)),
    ],
)
def test_parse_cli_date(text: str, expected: date) -> None:
    assert parse_cli_date(text, lambda: date(2022, 3, 1)) == expected


def test_days_ago_before_the_calendar_is_its_first_day() -> None:
    assert parse_cli_date("7d", lambda: date(1, 1, 3)) == date.min


def test_parse_cli_date_asks_for_today_only_for_days_ago() -> None:
    def no_today() -> date:
        raise AssertionError("a day needs no today")

    assert parse_cli_date("2022-01-11", no_today) == date(2022, 1, 11)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("soon", "expected YYYY-MM-DD or a number of days ago"),
        ("-1d", "expected YYYY-MM-DD"),
        ("2022/01/11", "expected YYYY-MM-DD"),
        ("", "expected YYYY-MM-DD"),
        ("2022-02-30", "day is out of range"),
        ("2022-13-01", "month must be in 1..12"),
    ],
)
def test_parse_cli_date_rejects_with_a_clear_message(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message) as caught:
        parse_cli_date(text, lambda: date(2022, 3, 1))
    assert repr(text) in str(caught.value)
