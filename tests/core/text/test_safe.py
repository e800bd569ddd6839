"""core.textsafe: escape sequences and controls never survive; plain text is untouched."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsreader.core.text import safe as textsafe
from newsreader.core.text.safe import clean, clean_line


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("常州日报", "常州日报"),
        ("a\tb\nc", "a\tb\nc"),
        ("line\r\n", "line\n"),
        ("\x1b[31mred\x1b[0m", "red"),
        ("\x1b]0;pwned\x07title", "title"),
        ("\x1bPdcs\x1b\\after", "after"),
        ("\x9b2Jx", "x"),
        ("bell\x07 del\x7f", "bell del"),
    ],
)
def test_clean(raw: str, expected: str) -> None:
    assert clean(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  标题  ", "标题"),
        ("a  b", "a b"),
        ("a\tb\nc", "a b c"),
        ("全角\u3000空格", "全角 空格"),
        ("\x1b[5mblink", "blink"),
        ("x\x00y", "x y"),
        ("", ""),
    ],
)
def test_clean_line(raw: str, expected: str) -> None:
    assert clean_line(raw) == expected


def _clean_line_by_regex(text: str) -> str:
    """The slow path of clean_line alone, to check its fast path against."""
    text = textsafe._ESCAPE_SEQUENCE.sub("", text)
    text = textsafe._CONTROL_KEEP_NOTHING.sub(" ", text)
    return " ".join(text.split())


@given(st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from(" \x1b\x9b\u3000[]")))
def test_clean_line_fast_path_agrees_with_the_regexes(text: str) -> None:
    assert clean_line(text) == _clean_line_by_regex(text)
