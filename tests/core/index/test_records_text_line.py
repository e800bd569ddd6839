"""A post's stored ``--list`` line: what the CLI prints, as text SQLite can hold and stream."""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsreader.core.index.records import stored, text_line
from newsreader.core.model import Post
from newsreader.core.text.safe import clean

CST = timezone(timedelta(hours=8))


def _post(title: str, categories: tuple[str, ...] = ()) -> Post:
    return Post("_posts/a.md", title, datetime(2022, 1, 11, 22, 42, tzinfo=CST), "a", categories)


@pytest.mark.parametrize(
    ("post", "line"),
    [
        (_post("标题", ("政策", "news")), "2022-01-11 22:42 +0800  政策,news  标题"),
        (_post("无类"), "2022-01-11 22:42 +0800  -  无类"),
        (_post("\x1b[31m红\x1b[0m\u202e字"), "2022-01-11 22:42 +0800  -  红字"),
        (_post(os.fsdecode(b"X\xfe")), "2022-01-11 22:42 +0800  -  X\\xfe"),
    ],
    ids=["categories", "none", "controls", "undecodable-name"],
)
def test_the_line_is_the_cli_line_cleaned(post: Post, line: str) -> None:
    assert text_line(post) == line


# Any characters, lone surrogates (a name's undecodable bytes) often among them:
# ``st.characters`` leaves them out unless told, and rarely gives one even then.
SURROGATE = st.integers(0xD800, 0xDFFF).map(chr)
ANY_TEXT = st.lists(st.one_of(st.characters(), SURROGATE), min_size=1, max_size=40).map("".join)


@given(ANY_TEXT)
def test_any_title_gives_a_clean_line_sqlite_stores_as_text(title: str) -> None:
    line = text_line(_post(title))
    assert clean(line) == line  # the CLI's writer would leave it as it is
    assert stored(line) is line  # UTF-8 can encode it: never the BLOB form
    with sqlite3.connect(":memory:") as conn:
        assert conn.execute("SELECT typeof(?)", (line,)).fetchone() == ("text",)
