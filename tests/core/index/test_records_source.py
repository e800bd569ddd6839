"""A post's source URL survives the index and shows in its JSON line only when known."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest

from newsreader.core.index.records import decode_post, encode_post, post_json
from newsreader.core.model import Post

CST = timezone(timedelta(hours=8))


@pytest.mark.parametrize("source", ["", "http://news.example/a?id=1&b=2", "https://e.com/路径"])
@pytest.mark.parametrize(
    "slug", ["plain", "a\x1fslug"]
)  # a slug (from a file name) may hold anything
def test_source_round_trips_and_is_listed_when_known(source: str, slug: str) -> None:
    post = Post("_posts/a.md", "标题", datetime(2022, 1, 1, tzinfo=CST), slug, source=source)
    assert decode_post(post.path, encode_post(post)) == post
    record = json.loads(post_json(post))
    assert record.get("source", "") == source and ("source" in record) == bool(source)
