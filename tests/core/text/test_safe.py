"""core.textsafe: escape sequences and controls never survive; plain text is untouched."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsreader.core.text import safe as textsafe
from newsreader.core.text.safe import all_printable, clean, clean_line, escape_json, is_clean

# One of each invisible kind: bidi override, isolate, mark, Arabic letter
# mark, zero-width space, joiner, word joiner and byte-order mark.
INVISIBLES = "\u202e\u2066\u200f\u061c\u200b\u200d\u2060\ufeff"


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
        ("2022-01-08-\u202egnp.exe", "2022-01-08-gnp.exe"),
        (f"ad{INVISIBLES}min\n", "admin\n"),
        ("\u2067עברית\u2069 text", "עברית text"),
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
        (f"{INVISIBLES}title{INVISIBLES}", "title"),
        ("a\u200b b", "a b"),
    ],
)
def test_clean_line(raw: str, expected: str) -> None:
    assert clean_line(raw) == expected


def _clean_line_by_regex(text: str) -> str:
    """The slow path of clean_line alone, to check its fast path against."""
    text = textsafe._INVISIBLE.sub("", textsafe._ESCAPE_SEQUENCE.sub("", text))
    text = textsafe._CONTROL_KEEP_NOTHING.sub(" ", text)
    return " ".join(text.split())


@given(
    st.text(
        alphabet=st.characters(codec="utf-8") | st.sampled_from(f" \x1b\x9b\u3000[]{INVISIBLES}")
    )
)
def test_clean_line_fast_path_agrees_with_the_regexes(text: str) -> None:
    assert clean_line(text) == _clean_line_by_regex(text)


@given(st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from(f"\x7f\x9b{INVISIBLES}")))
def test_escape_json_keeps_the_data_and_shows_no_invisible(text: str) -> None:
    line = escape_json(json.dumps({"title": text}, ensure_ascii=False))
    assert json.loads(line) == {"title": text}
    assert clean(line) == line


def test_escape_json_writes_json_escapes() -> None:
    line = json.dumps(["\u202egnp.exe\x9b"], ensure_ascii=False)
    assert escape_json(line) == '["\\u202egnp.exe\\u009b"]'


@pytest.mark.parametrize("unsafe", [textsafe.UNSAFE, textsafe._JSON_UNSAFE])
def test_no_character_the_cleaners_touch_is_printable(unsafe: re.Pattern[str]) -> None:
    # all_printable's promise, over every code point: a printable text needs no cleaning.
    every = "".join(map(chr, range(0x110000)))
    touched = unsafe.findall(every)
    assert len(touched) > 2000  # C0, C1, the invisibles, the surrogates
    assert [hex(ord(c)) for c in touched if c.isprintable()] == []


@given(
    st.lists(
        st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from(f"\t\x7f{INVISIBLES}"))
    )
)
def test_all_printable_lines_are_clean(lines: list[str]) -> None:
    if all_printable(lines):
        assert all(is_clean(line) and clean(line) == line for line in lines)
    assert all_printable(lines) == all(line.isprintable() for line in lines)


def test_a_tab_is_not_printable_yet_clean() -> None:
    assert not all_printable(["a\tb"])
    assert is_clean("a\tb")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("_posts/常州.md", "_posts/常州.md"),
        ("a\x1b[31mb.md", "a\\x1b[31mb.md"),
        ("gnp\u202e.exe", "gnp\\u202e.exe"),
        ("a\nb\tc\r", "a\\nb\\tc\\r"),
        ("del\x7f c1\x9b", "del\\x7f c1\\x9b"),
        ("byte\udcff", "byte\\xff"),
    ],
)
def test_visible_writes_what_clean_removes(raw: str, expected: str) -> None:
    assert textsafe.visible(raw) == expected


@given(st.text())
def test_visible_text_is_clean_and_keeps_every_safe_character(raw: str) -> None:
    shown = textsafe.visible(raw)
    assert is_clean(shown) and "\n" not in shown and "\t" not in shown
    kept = "".join(char for char in raw if is_clean(char) and char not in "\t\n")
    assert textsafe.visible(kept) == kept  # safe text is left as it is
    assert all(char in shown for char in kept)


def test_a_problem_names_its_file_visibly() -> None:
    from newsreader.core.model import Problem

    assert str(Problem("_posts/a\x1b[2Jb.md", "bad YAML", 3)) == "_posts/a\\x1b[2Jb.md:3: bad YAML"
