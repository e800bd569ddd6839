"""A hit's JSON line built from its post's stored line is the one encoding its record gives."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsreader.core.index.records import hit_json, post_json, post_record
from newsreader.core.model import Post
from newsreader.core.text.safe import escape_json

_POST = Post(
    "_posts/2022-01-11-a.md",
    '常州 "引号" \\ 反斜杠',
    datetime(2022, 1, 11, 9, 13, tzinfo=UTC),
    "a",
    ("changzhouribao",),
    ("常州日报新闻",),
    True,
    1,
    "http://example.com/x",
)


def _encoded(post: Post, snippet: str, section: list[str]) -> str:
    record = {**post_record(post), "snippet": snippet, "section": section}
    return escape_json(json.dumps(record, ensure_ascii=False))


@pytest.mark.parametrize(
    ("snippet", "section"),
    [
        ("", []),
        ("…常州市科协“十四五”规划…", ["一、总体要求", "（一）指导思想"]),
        ('quote " and \\ backslash', ['label "q"']),
        ("tab\there\nnewline\x7f del", ["\x1f unit"]),
        ("lone \udcff surrogate", ["\ud800"]),
        ("emoji 😀 and \u2028 line separator", [""]),
    ],
)
def test_hit_json_is_the_encoded_record(snippet: str, section: list[str]) -> None:
    assert hit_json(post_json(_POST), snippet, section) == _encoded(_POST, snippet, section)


@given(st.text(), st.lists(st.text(), max_size=4))
def test_hit_json_is_the_encoded_record_for_any_text(snippet: str, section: list[str]) -> None:
    assert hit_json(post_json(_POST), snippet, section) == _encoded(_POST, snippet, section)
