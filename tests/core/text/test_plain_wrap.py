"""The wrapper's fast path gives the general wrapper's lines, byte for byte.

Each case is wrapped both ways: by :func:`wrap_plain_line` (which must take
it: a ``None`` would let the comparison pass without the fast path running)
and by :func:`wrap_line_general`, the atom-by-atom reference.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsreader.core.text.kinsoku import CLOSING, OPENING
from newsreader.core.text.plain_wrap import wrap_plain_line
from newsreader.core.text.wrap import wrap, wrap_line_general

PREFIXES = [("", ""), ("> ", "> "), ("• ", "  "), ("    ", ""), ("", "    "), ("│ ", "│ ")]


def _both(text: str, width: int, first: str = "", rest: str = "") -> list[str]:
    """The fast path's lines, checked against the general wrapper's."""
    fast = wrap_plain_line(text, width, first, rest)
    assert fast is not None, f"{text!r} should be plain"
    assert fast == wrap_line_general(text, width, first, rest), (text, width, first, rest)
    return fast


@pytest.mark.parametrize(
    ("text", "width", "expected"),
    [
        ("中文中文中文", 4, ["中文", "中文", "中文"]),
        ("中文中文中文", 5, ["中文", "中文", "中文"]),
        # Closing punctuation takes the character before it down; opening never ends a line.
        ("中文。中文", 4, ["中", "文。", "中文"]),
        ("甲乙丙，丁", 6, ["甲乙", "丙，丁"]),
        ("中文“中文”", 6, ["中文", "“中文”"]),
        ("甲乙（丙）", 6, ["甲乙", "（丙）"]),
        ("(一)政治引领", 8, ["(一)政治", "引领"]),
        # Words and numbers stay whole, spaces at a break go.
        ("see https://example.com/x now", 10, ["see", "https://example.com/x", "now"]),
        ("增长27.32%，达到", 8, ["增长", "27.32%，", "达到"]),
        ("日期2022-01-11起", 12, ["日期", "2022-01-11起"]),
        ("——实施爱国行动", 8, ["——实施爱", "国行动"]),
        ("aaa bbb", 3, ["aaa", "bbb"]),
        ("a  b   ", 10, ["a  b"]),
        # A kinsoku group wider than the line is split between its atoms.
        ("。。。。。。", 4, ["。。", "。。", "。。"]),
        ("（中文字", 2, ["（", "中", "文", "字"]),
        # A word wider than the line overflows, whole; a too narrow line still takes a character.
        ("ab abcdefgh cd", 4, ["ab", "abcdefgh", "cd"]),
        ("中文", 1, ["中", "文"]),
        # Leading spaces of the first line are kept, even when they overflow it.
        ("  ab cd", 4, ["  ab", "cd"]),
        ("      ab", 3, ["      ab"]),
        ("\u3000\u3000为深入贯彻", 8, ["\u3000\u3000为深", "入贯彻"]),
        ("   中文中文", 5, ["   中", "文中", "文"]),
        # Blank lines give nothing (wrap() adds the bare prefix).
        ("", 5, []),
        ("   \u3000 ", 5, []),
    ],
)
def test_fast_path_examples(text: str, width: int, expected: list[str]) -> None:
    assert _both(text, width) == expected


@pytest.mark.parametrize(("first", "rest"), PREFIXES)
@pytest.mark.parametrize("width", [1, 2, 3, 4, 5, 9, 40])
def test_fast_path_prefixes(first: str, rest: str, width: int) -> None:
    _both("（一）为深入贯彻“强富美高”，see 2022-01-11 and 27.32%。。。", width, first, rest)


@pytest.mark.parametrize(
    "text",
    [
        "a\tb",  # a control (wrap() turns tabs into spaces before)
        "a\u00a0b",  # a no-break space glues its neighbours
        "e\u0301",  # a combining mark belongs to the letter before
        "中\ufe00",  # a variation selector
        "👨\u200d👩",  # a joined emoji
        "𠀀中",  # beyond the BMP
        "a\u2003b",  # a space other than the two plain ones
        "\u200b",  # no cells
    ],
)
def test_text_that_is_not_plain_takes_the_general_path(text: str) -> None:
    assert wrap_plain_line(text, 10, "", "") is None
    assert wrap(text.replace("\t", " "), 10) == wrap_line_general(
        text.replace("\t", " "), 10, "", ""
    )


# --- the property: fast == general -------------------------------------------

KINSOKU = sorted(CLOSING | OPENING)
TOKENS = st.one_of(
    st.sampled_from("中文科技创新发展常州規劃市委国"),  # Han
    st.sampled_from(
        "かなカナひらがなーゃっァ々"
    ),  # kana, small kana and marks kinsoku keeps off a line's start
    st.from_regex(r"[A-Za-z]{1,12}", fullmatch=True),  # Latin words
    st.from_regex(r"[0-9]{1,6}([.,:%-][0-9]{1,4})?", fullmatch=True),  # numbers
    st.sampled_from(KINSOKU),  # CJK and Latin punctuation that must not start or end a line
    st.sampled_from("·—～/#&*+=@_'\"<>|"),  # other punctuation
    st.sampled_from("ＡＢＣ１２３한국어éßΩЖ㈠㎡"),  # full-width and other wide or narrow letters
    st.sampled_from([" ", " ", "  ", "\u3000", "\u3000\u3000"]),  # spaces
    st.sampled_from(["——", "……", "https://ex.org/a?b=1"]),
)
TEXTS = st.lists(TOKENS, max_size=80).map("".join)


@settings(max_examples=2000, deadline=None)
@given(text=TEXTS, width=st.integers(1, 120), prefixes=st.sampled_from(PREFIXES))
def test_fast_path_gives_the_general_wrappers_lines(
    text: str, width: int, prefixes: tuple[str, str]
) -> None:
    _both(text, width, *prefixes)


@settings(max_examples=300, deadline=None)
@given(text=st.text(st.characters(max_codepoint=0xFFFF, exclude_categories=["Cs"]), max_size=40))
def test_fast_path_agrees_or_declines_on_any_text(text: str) -> None:
    """On any BMP text the fast path either declines or gives the general wrapper's lines."""
    line = text.replace("\t", " ").replace("\n", " ")
    fast = wrap_plain_line(line, 7, "", "")
    assert fast is None or fast == wrap_line_general(line, 7, "", "")
