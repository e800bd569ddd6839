"""The filter language, without an app: what each term means, and that parsing never fails."""

from __future__ import annotations

import sys
from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsreader.core.model import Post
from newsreader.ui.model.filter_query import (
    CASELESS_RANGES,
    FilterQuery,
    PostFacts,
    format_filter,
    matcher,
    matching_posts,
    parse_filter,
)

PARSED = [
    ("", FilterQuery()),
    ("美联储 加息", FilterQuery(words=("美联储", "加息"))),
    ('"利率 决议" 美元', FilterQuery(words=("利率 决议", "美元"))),
    ("tag:快讯 TAG:Flash", FilterQuery(tags=("快讯", "Flash"))),
    ("cat:emnews", FilterQuery(categories=("emnews",))),
    ("since:2022-1-5", FilterQuery(since=date(2022, 1, 5))),
    ("until:7d", FilterQuery(until=7)),
    ("is:unread is:Bookmarked is:unread", FilterQuery(states=("unread", "bookmarked"))),
    ("tag:", FilterQuery()),  # no value yet: nothing to keep by, so it keeps every post
    ('tag:"x y" CAT:"Emerging News"', FilterQuery(tags=("x y",), categories=("Emerging News",))),
    ('tag:"x y', FilterQuery(tags=("x y",))),  # an unclosed quote runs to the end
    ('colour:"red blue"', FilterQuery(words=("colour:red blue",))),
    ("colour:red", FilterQuery(words=("colour:red",))),
    ('"tag:x"', FilterQuery(words=("tag:x",))),
    ('""', FilterQuery()),
]


@pytest.mark.parametrize("text", ["tag:", "cat:", "since:", "until:", "is:", 'tag:""'])
def test_a_field_without_a_value_says_so(text: str) -> None:
    assert parse_filter(text).problems == (f"{text.split(':')[0]}: needs a value",)


def test_a_value_with_spaces_is_written_back_quoted() -> None:
    query = FilterQuery(tags=("x y",), categories=("a b",))
    assert format_filter(query) == 'tag:"x y" cat:"a b"'
    assert parse_filter(format_filter(query)) == query


@pytest.mark.parametrize(("text", "expected"), PARSED, ids=[t or "empty" for t, _ in PARSED])
def test_parse(text: str, expected: FilterQuery) -> None:
    assert parse_filter(text) == expected


PROBLEMS = [
    ("since:soon", "since:soon is not a day (YYYY-MM-DD, 7d or today)"),
    ("until:2022-02-30", "until:2022-02-30 is not a day (YYYY-MM-DD, 7d or today)"),
    ("is:starred", "is:starred is unknown (is:unread or is:bookmarked)"),
]


@pytest.mark.parametrize(("text", "problem"), PROBLEMS)
def test_unreadable_terms_are_dropped_with_a_problem(text: str, problem: str) -> None:
    query = parse_filter(text)
    assert query.is_empty
    assert query.problems == (problem,)


def _post(
    path: str, title: str, day: int, categories: tuple[str, ...], tags: tuple[str, ...]
) -> Post:
    return Post(path, title, datetime(2022, 1, day, tzinfo=UTC), path, categories, tags)


POSTS = [
    _post("a", "美国会众议院通过法案", 10, ("emnews",), ("东财滚动新闻",)),
    _post("b", "央行开展逆回购操作", 9, ("emnews",), ("快讯",)),
    _post("c", "Apple results", 3, ("tech",), ()),
]
FACTS = PostFacts(
    read={"b"},
    bookmarks={"c"},
    names={"emnews": "东财滚动新闻", "tech": "科技"},
    text_hits=None,
    today=date(2022, 1, 11),
)

KEPT = [
    ("", ["a", "b", "c"]),
    ("众议院", ["a"]),
    ("apple RESULTS", ["c"]),
    ("tag:快讯", ["b"]),
    ("cat:科技", ["c"]),
    ("cat:EMNEWS", ["a", "b"]),
    ("since:2022-01-09", ["a", "b"]),
    ("until:2d", ["b", "c"]),
    ("since:7d until:2022-01-09", ["b"]),
    ("is:unread", ["a", "c"]),
    ("is:bookmarked", ["c"]),
    ("is:unread cat:emnews", ["a"]),
    ("没有", []),
]


@pytest.mark.parametrize(("text", "kept"), KEPT)
def test_matcher_keeps(text: str, kept: list[str]) -> None:
    keeps = matcher(parse_filter(text), FACTS)
    assert [post.path for post in POSTS if keeps(post)] == kept


@pytest.mark.parametrize(("text", "kept"), KEPT)
def test_matching_posts_keeps_what_the_matcher_keeps(text: str, kept: list[str]) -> None:
    assert [post.path for post in matching_posts(POSTS, parse_filter(text), FACTS)] == kept


def test_body_hits_count_as_matching_words() -> None:
    facts = PostFacts(set(), set(), {}, text_hits={"b"}, today=date(2022, 1, 11))
    keeps = matcher(parse_filter("逆回购以外的正文词"), facts)
    assert [post.path for post in POSTS if keeps(post)] == ["b"]


_PIECES = st.sampled_from(
    list('ab 美"\t:-0179d')
    + ["tag:", "cat:", "since:", "until:", "is:", "unread", "is:bookmarked", "2022-01-05"]
)
FILTER_TEXT = st.lists(_PIECES, max_size=20).map("".join) | st.text(max_size=40)
"""Text made of the language's own pieces (to reach the fields), or anything at all."""


@given(FILTER_TEXT)
def test_parse_never_raises_and_round_trips(text: str) -> None:
    query = parse_filter(text)
    assert parse_filter(format_filter(query)) == query


@given(FILTER_TEXT)
def test_matching_never_raises(text: str) -> None:
    keeps = matcher(parse_filter(text), FACTS)
    for post in POSTS:
        keeps(post)


_TITLES = st.text(alphabet="ab美元Aİß 1ｓＳ", max_size=6)
_POSTS = st.lists(
    st.builds(
        _post,
        st.sampled_from("abcdef"),
        _TITLES,
        st.integers(1, 11),
        st.lists(st.sampled_from(["emnews", "tech"]), max_size=2).map(tuple),
        st.lists(st.sampled_from(["快讯", "Flash"]), max_size=2).map(tuple),
    ),
    max_size=8,
)


@given(FILTER_TEXT | st.lists(_TITLES, max_size=3).map(" ".join), _POSTS, st.booleans())
def test_matching_posts_are_the_matchers(text: str, posts: list[Post], hits: bool) -> None:
    """Whatever the query and the posts (duplicates too), in order, body hits or none."""
    facts = PostFacts({"b"}, {"c"}, FACTS.names, {"a", "d"} if hits else None, FACTS.today)
    query, listed = parse_filter(text), posts + posts[:2]
    keeps = matcher(query, facts)
    assert matching_posts(listed, query, facts) == [post for post in listed if keeps(post)]


def test_no_character_folds_into_the_caseless_ones() -> None:
    """Words of these are looked for in titles unfolded: that must change nothing."""
    produced: set[str] = set()
    for code in range(sys.maxunicode + 1):
        if (folded := chr(code).casefold()) != chr(code):
            produced.update(folded)
    for start, end in CASELESS_RANGES:
        for code in range(start, end + 1):
            assert chr(code).casefold() == chr(code) and chr(code) not in produced, hex(code)
