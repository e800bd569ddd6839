"""Posts decoded in one load share equal tuples and zones, and equal posts decoded apart."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsreader.core.index.records import Shared, decode_post, encode_post
from newsreader.core.model import Post

CST = timezone(timedelta(hours=8))
ZONES = [CST, UTC, timezone(timedelta(hours=-5)), ZoneInfo("Asia/Shanghai")]
WORDS = st.lists(st.sampled_from(["city", "news", "武进日报", "a b"]), max_size=3, unique=True)


def _post(rel: str, zone: object, categories: list[str], tags: list[str]) -> Post:
    date = datetime(2022, 1, 1, 10, tzinfo=zone)  # type: ignore[arg-type]
    return Post(rel, "标题", date, "slug", tuple(categories), tuple(tags), folder_categories=0)


@given(st.lists(st.tuples(st.sampled_from(ZONES), WORDS, WORDS), min_size=1, max_size=8))
def test_shared_decoding_gives_the_same_posts(
    specs: list[tuple[object, list[str], list[str]]],
) -> None:
    posts = [_post(f"_posts/{n}.md", *spec) for n, spec in enumerate(specs)]
    shared = Shared()
    decoded = [decode_post(post.path, encode_post(post), shared) for post in posts]
    assert decoded == [decode_post(post.path, encode_post(post)) for post in posts] == posts
    for got, post in zip(decoded, posts, strict=True):
        assert got.date.tzinfo == post.date.tzinfo and got.date.utcoffset() == post.date.utcoffset()


@pytest.mark.parametrize("zone", [CST, timezone(timedelta(hours=-5))])
def test_equal_values_are_one_object(zone: timezone) -> None:
    posts = [_post(f"_posts/{n}.md", zone, ["city", "news"], ["武进"]) for n in range(3)]
    shared = Shared()
    first, *others = (decode_post(post.path, encode_post(post), shared) for post in posts)
    for other in others:
        assert other.categories is first.categories and other.tags is first.tags
        assert other.date.tzinfo is first.date.tzinfo
