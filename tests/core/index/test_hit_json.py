"""A hit's JSON line built from its post's stored line is the one encoding its record gives."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsreader.core.index.records import encode_problems, hit_json, post_json, post_record
from newsreader.core.model import Post, Problem
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


def test_problems_encode_as_json_does() -> None:
    """No problems is the encoder's ``[]``; others go through it (escaped as posts are)."""
    problems = [Problem("a\x7f.md", "bad YAML", 3), Problem("b.md", "odd", None)]
    for found in ([], problems):
        expected = escape_json(
            json.dumps([[p.path, p.reason, p.line] for p in found], ensure_ascii=False)
        )
        assert encode_problems(found) == expected
    assert encode_problems(problems) != "[]"


@given(st.text(), st.text())
def test_post_line_is_json_dumps(title: str, source: str) -> None:
    """The one shared encoder writes what ``json.dumps(..., ensure_ascii=False)`` does."""
    post = Post(_POST.path, title, _POST.date, "a", (), ("标签",), False, 0, source)
    expected = escape_json(json.dumps(post_record(post), ensure_ascii=False))
    assert post_json(post) == expected
