"""The wrapper measures text exactly as Rich (and so Textual) draws it.

A width that disagrees with Rich by one cell makes a wrapped line overflow
the article view, or leaves a gap at its end; the wrapper keeps a faster
table of its own, so these tests compare it with :func:`rich.cells.cell_len`
over every code point, then over the sequences whose width depends on their
neighbours (zero width joiners, emoji variation selectors).
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from newsreader.core.text.cells import _WIDTHS, cell_width
from newsreader.core.text.wrap import _wide_classes, wrap

_SURROGATES = range(0xD800, 0xE000)


def _ranges(codes: list[int]) -> str:
    """Show code points compactly, for a failure message."""
    return ", ".join(f"U+{code:04X}" for code in codes[:40]) + (" ..." if len(codes) > 40 else "")


def test_every_code_point_has_rich_width() -> None:
    # About 15 s: Rich measures a character in Python, a few µs each.
    try:
        wrong = [
            code
            for code in range(0x110000)
            if code not in _SURROGATES and cell_width(chr(code)) != cell_len(chr(code))
        ]
    finally:
        _WIDTHS.clear()  # a million cached widths no real text needs
    assert not wrong, _ranges(wrong)


def test_wide_atoms_are_exactly_the_two_cell_characters() -> None:
    # The tokenizer sets every two-cell BMP character apart (a break may fall
    # on either side) and lays runs of them out two cells a character.
    wide, plain = _wide_classes()
    is_wide = re.compile(f"[{wide}]").fullmatch
    is_plain = re.compile(f"[{plain}]").fullmatch
    wrong = []
    for code in range(0x10000):
        if code in _SURROGATES:
            continue
        char = chr(code)
        two = cell_len(char) == 2 and not char.isspace()
        if bool(is_wide(char)) != two or (is_plain(char) and not two):
            wrong.append(code)
    assert not wrong, _ranges(wrong)


@pytest.mark.parametrize(
    ("text", "width"),
    [
        ("\u00ad", 1),  # soft hyphen: Rich shows it, unicodedata calls it a format char
        ("\u0915\u093e", 1),  # Devanagari spacing vowel sign: no cell of its own in Rich
        ("\u4dc0", 2),  # Yijing hexagram: Wide since Unicode 16
        ("\U0001f3fb", 0),  # emoji skin-tone modifier
        ("\u2764\ufe0f", 2),  # emoji presentation selector widens a narrow symbol
        ("\U0001f468\u200d\U0001f469\u200d\U0001f467", 2),  # one family glyph
        ("a\u200d中b", 2),  # a joiner makes the next character part of the glyph
        ("\ufe0f", 0),
    ],
)
def test_contextual_widths_match_rich(text: str, width: int) -> None:
    assert cell_width(text) == width == cell_len(text)


def test_wrap_never_splits_a_joined_emoji() -> None:
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    assert wrap(f"中{family}文", 4) == [f"中{family}", "文"]


_UNITS = ["中", "文", "𠀀", "\u4dc0", "😀", "\U0001f468\u200d\U0001f469\u200d\U0001f467"]


@settings(max_examples=200, deadline=None)
@given(units=st.lists(st.sampled_from(_UNITS), min_size=1, max_size=40), width=st.integers(2, 30))
def test_two_cell_glyphs_fill_lines_to_the_cell(units: list[str], width: int) -> None:
    # Every unit is one two-cell glyph to Rich, breakable on either side: each
    # line but the last is filled to the width (one cell short when it is odd).
    lines = wrap("".join(units), width)
    assert "".join(lines) == "".join(units)
    for line in lines[:-1]:
        assert cell_len(line) == width - width % 2, (line, width)
    assert 0 < cell_len(lines[-1]) <= width
