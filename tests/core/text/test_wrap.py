"""CJK-correct wrapping: worked examples, then properties checked by Hypothesis.

The properties use their own character-level oracle for "where a legal break
exists" (not the implementation's tokenizer), so a tokenizer bug shows up as
a disagreement instead of being mirrored by the test.
"""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsreader.core.text.cells import cell_width
from newsreader.core.text.kinsoku import CLOSING, OPENING
from newsreader.core.text.wrap import wrap

CLOSING_SAMPLE = "。，、；：！？）」』”’》…)]},.;:!?"
OPENING_SAMPLE = "（「『“‘《([{"


@pytest.mark.parametrize(
    ("text", "width"),
    [
        ("", 0),
        ("abc", 3),
        ("中文", 4),
        ("（）", 4),
        ("“…—", 3),  # East Asian Ambiguous: one cell, as terminals and Rich show them
        ("e\u0301", 1),  # combining mark
        ("中\ufe00", 2),  # variation selector
        ("😀", 2),
        ("𠀀", 2),  # CJK Extension B, beyond the BMP
        ("\u200d", 0),
        ("ＡＢ", 4),  # full-width Latin
    ],
)
def test_cell_width(text: str, width: int) -> None:
    assert cell_width(text) == width


@pytest.mark.parametrize(
    ("text", "width", "expected"),
    [
        ("中文中文中文", 4, ["中文", "中文", "中文"]),
        ("中文中文中文", 5, ["中文", "中文", "中文"]),
        # Closing punctuation takes the character before it down (oidashi).
        ("中文。中文", 4, ["中", "文。", "中文"]),
        ("甲乙丙，丁", 6, ["甲乙", "丙，丁"]),
        # Opening punctuation never ends a line.
        ("中文“中文”", 6, ["中文", "“中文”"]),
        ("甲乙（丙）", 6, ["甲乙", "（丙）"]),
        ("(一)政治引领", 8, ["(一)政治", "引领"]),
        # Words, numbers and URLs stay whole; a number keeps its punctuation.
        ("see https://example.com/x now", 10, ["see", "https://example.com/x", "now"]),
        ("增长27.32%，达到", 8, ["增长", "27.32%，", "达到"]),
        ("日期2022-01-11起", 12, ["日期", "2022-01-11起"]),
        ("——实施爱国行动", 8, ["——实施爱", "国行动"]),
        # Spaces at a break are dropped, others kept; no trailing spaces.
        ("aaa bbb", 3, ["aaa", "bbb"]),
        ("a  b   ", 10, ["a  b"]),
        ("a\u00a0b c", 3, ["a\u00a0b", "c"]),  # no-break space glues
        # Newlines are hard breaks; blank lines survive.
        ("甲\n\n乙", 10, ["甲", "", "乙"]),
        ("", 10, []),
        # No legal break left: split the glued run rather than overflow.
        ("。。。。。。", 4, ["。。", "。。", "。。"]),
        # A word wider than the line overflows, whole, on its own line.
        ("ab abcdefgh cd", 4, ["ab", "abcdefgh", "cd"]),
        ("中文", 1, ["中", "文"]),
    ],
)
def test_wrap_examples(text: str, width: int, expected: list[str]) -> None:
    assert wrap(text, width) == expected


@pytest.mark.parametrize(
    ("indent", "subsequent", "expected"),
    [
        ("> ", None, ["> 中文", "> 中文", "> 中"]),
        ("• ", "  ", ["• 中文", "  中文", "  中"]),
        ("", "    ", ["中文中", "    文", "    中"]),
    ],
)
def test_wrap_indents(indent: str, subsequent: str | None, expected: list[str]) -> None:
    assert wrap("中文中文中", 6, indent=indent, subsequent_indent=subsequent) == expected


def test_blank_line_in_indented_text_keeps_indent_without_trailing_space() -> None:
    assert wrap("甲\n\n乙", 10, indent="> ") == ["> 甲", ">", "> 乙"]


def test_wrap_rejects_non_positive_width() -> None:
    with pytest.raises(ValueError, match="width"):
        wrap("text", 0)


# --- properties --------------------------------------------------------------

TOKENS = st.one_of(
    st.sampled_from("中文科技创新发展常州規劃한국어かな"),
    st.from_regex(r"[A-Za-z]{1,9}", fullmatch=True),
    st.sampled_from(["27.32%", "2022-01-11", "18:00", "1.2.1", "3", "https://ex.org/a?b=1"]),
    st.sampled_from([" ", " ", "  ", "\u3000"]),
    st.sampled_from(CLOSING_SAMPLE),
    st.sampled_from(OPENING_SAMPLE),
    st.sampled_from(["——", "……"]),
)
TEXTS = st.lists(TOKENS, max_size=60).map(lambda tokens: "".join(tokens).lstrip())
INDENTS = st.sampled_from([("", None), ("> ", None), ("• ", "  "), ("    ", "")])


def _narrow(char: str) -> bool:
    """A non-space character that is not Wide/Fullwidth: part of a word."""
    return not char.isspace() and unicodedata.east_asian_width(char) not in "WF"


def _contents(lines: list[str], indent: str, subsequent: str | None) -> list[str]:
    """Strip each line's indent, checking it is there."""
    rest = indent if subsequent is None else subsequent
    contents = []
    for number, line in enumerate(lines):
        prefix = indent if number == 0 else rest
        assert line.startswith(prefix)
        contents.append(line[len(prefix) :])
    return contents


def _wrapped(text: str, width: int, indents: tuple[str, str | None]) -> list[str]:
    """Wrap ``text`` and return its lines without their indents."""
    indent, subsequent = indents
    return _contents(wrap(text, width, indent=indent, subsequent_indent=subsequent), *indents)


def _legal_breaks(text: str) -> tuple[list[int], list[bool]]:
    """Positions of non-space characters, and whether a break before each is legal."""
    positions = [i for i, char in enumerate(text) if not char.isspace()]
    legal = [False]
    for before, after in zip(positions, positions[1:], strict=False):
        a, b = text[before], text[after]
        word = after == before + 1 and _narrow(a) and _narrow(b)
        legal.append(not word and a not in OPENING and b not in CLOSING)
    return positions, legal


@settings(max_examples=300, deadline=None)
@given(text=TEXTS, width=st.integers(1, 40), indents=INDENTS)
def test_wrap_keeps_every_character_in_order(
    text: str, width: int, indents: tuple[str, str | None]
) -> None:
    contents = _wrapped(text, width, indents)
    position = 0
    for content in contents:
        found = text.find(content, position)
        assert found >= 0 and not text[position:found].strip(), (content, text)
        position = found + len(content)
    assert not text[position:].strip()


@settings(max_examples=300, deadline=None)
@given(text=TEXTS, width=st.integers(1, 40), indents=INDENTS)
def test_wrap_overflows_only_with_an_unbreakable_word(
    text: str, width: int, indents: tuple[str, str | None]
) -> None:
    lines = wrap(text, width, indent=indents[0], subsequent_indent=indents[1])
    for line, content in zip(lines, _contents(lines, *indents), strict=True):
        if cell_width(line) > width:
            assert len(content) == 1 or all(map(_narrow, content)), (line, width)


@settings(max_examples=300, deadline=None)
@given(text=TEXTS, width=st.integers(1, 40), indents=INDENTS)
def test_wrap_never_breaks_a_word(text: str, width: int, indents: tuple[str, str | None]) -> None:
    contents = _wrapped(text, width, indents)
    positions = [i for i, char in enumerate(text) if not char.isspace()]
    seen = 0
    for content in contents[:-1]:
        seen += sum(not char.isspace() for char in content)
        before, after = positions[seen - 1], positions[seen]
        joined = after == before + 1
        assert not (joined and _narrow(text[before]) and _narrow(text[after])), (content, text)


@settings(max_examples=300, deadline=None)
@given(text=TEXTS, width=st.integers(1, 40), indents=INDENTS)
def test_wrap_breaks_kinsoku_only_when_no_legal_break_fits(
    text: str, width: int, indents: tuple[str, str | None]
) -> None:
    contents = _wrapped(text, width, indents)
    positions, legal = _legal_breaks(text)
    room = width - max(cell_width(indents[0]), cell_width(indents[1] or indents[0]))
    seen = 0
    for content in contents[:-1]:
        seen += sum(not char.isspace() for char in content)
        a, b = text[positions[seen - 1]], text[positions[seen]]
        if a in OPENING or b in CLOSING:
            start = max(i for i in range(seen) if i == 0 or legal[i])
            end = min([i for i in range(seen + 1, len(positions)) if legal[i]] + [len(positions)])
            glued = text[positions[start] : positions[end - 1] + 1]
            assert cell_width(glued) > room, (content, glued, width)
