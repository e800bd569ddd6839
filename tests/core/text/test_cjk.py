"""The shared CJK character classes, and the cases where sharing them changed behaviour.

Each user once had its own copy of "CJK"; the cases below are the ones the
copies got wrong and the shared classes get right (astral ideographs,
Kangxi radicals, small and vertical punctuation forms, ``〇``).
"""

from __future__ import annotations

import re

import pytest

from newsreader.core.document.inline import normalise
from newsreader.core.index.quicktext import searchable_text
from newsreader.core.index.tokens import index_tokens
from newsreader.core.outline.titles import tidy_title
from newsreader.core.text.cjk import (
    CJK_TEXT,
    HAN,
    HANGUL,
    KANA,
    PUNCTUATION,
    SPACELESS_LETTERS,
    UNSPACED,
    CharClass,
)

EXT_B = "\U00020000"  # 𠀀, CJK Extension B
EXT_H = "\U00031350"  # CJK Extension H (Unicode 15)
KANGXI_WORK = "\u2f2f"  # ⼯, the Kangxi radical converters leave for 工


@pytest.mark.parametrize(
    ("cls", "inside", "outside"),
    [
        (
            HAN,
            ["中", "〇", "々", "\u3400", "\uf900", EXT_B, EXT_H, "\U0002f800"],
            ["。", "a", "あ", "한"],
        ),
        (KANA, ["あ", "ア", "ー", "\u31f0", "ｱ", "\U0001b000"], ["中", "、", "a"]),
        (HANGUL, ["한", "\u1100", "\u3131"], ["中", "あ"]),
        (PUNCTUATION, ["。", "、", "\u3000", "，", "！", "﹐", "︰", "Ａ"], ["“", "…", ",", "中"]),
        (SPACELESS_LETTERS, ["中", "あ", EXT_B], ["。", "，", "한", "a"]),
        (UNSPACED, ["中", "。", "，", KANGXI_WORK, "㎡", "㈠", EXT_B, "﹐"], ["한", "“", "a", " "]),
        (CJK_TEXT, ["中", "あ", "한"], ["。", "a"]),
    ],
)
def test_membership(cls: CharClass, inside: list[str], outside: list[str]) -> None:
    pattern = re.compile(f"[{cls.body}]")
    for char in inside:
        assert char in cls and pattern.fullmatch(char), f"U+{ord(char):04X}"
    for char in outside:
        assert char not in cls and not pattern.fullmatch(char), f"U+{ord(char):04X}"


def test_predicate_agrees_with_regex_everywhere() -> None:
    for cls in (HAN, UNSPACED, SPACELESS_LETTERS, CJK_TEXT):
        pattern = re.compile(f"[{cls.body}]")
        codes = [*range(0x2E00, 0xA000), *range(0xF800, 0x10000), *range(0x1AF00, 0x40010)]
        assert all((chr(c) in cls) == bool(pattern.fullmatch(chr(c))) for c in codes)


def test_classes_merge_and_clip() -> None:
    cls = CharClass([(5, 9), (1, 3), (4, 4), (0x1F000, 0x20000)])
    assert cls.ranges == ((1, 9), (0x1F000, 0x20000))
    assert cls.bmp().ranges == ((1, 9),)
    assert "ab" not in cls and 3 not in cls
    with pytest.raises(ValueError):
        CharClass([(2, 1)])


# --- behaviour the shared classes changed (the more correct way) -------------


@pytest.mark.parametrize(
    "pair",
    [
        f"{EXT_B}\n中",  # astral ideograph: was not CJK to the readers
        "中\n﹐",  # small form comma (U+FE50): was missing
        f"{KANGXI_WORK}\n作",  # already joined: radicals are in U+2E80-9FFF
    ],
)
def test_line_break_between_cjk_characters_is_no_space(pair: str) -> None:
    joined = pair.replace("\n", "")
    assert normalise(pair) == joined
    assert searchable_text(pair) == joined


def test_line_break_next_to_hangul_or_ambiguous_quotes_stays_a_space() -> None:
    assert normalise("한국\n사람") == "한국 사람"
    assert normalise("说：\n“好”") == "说： “好”"


@pytest.mark.parametrize(
    ("raw", "tidy"),
    [
        ("总  则", "总则"),  # unchanged
        (f"{EXT_B} 字", f"{EXT_B}字"),  # astral: spaces were kept
        (f"{KANGXI_WORK} 作 要 点", f"{KANGXI_WORK}作要点"),  # Kangxi radical: kept
        ("か な", "かな"),  # kana: kept
        ("100 ㎡ 住房", "100 ㎡住房"),  # squared forms: kept
    ],
)
def test_title_drops_spaces_between_any_unspaced_characters(raw: str, tidy: str) -> None:
    assert tidy_title(raw) == tidy


def test_index_makes_every_han_character_a_token() -> None:
    assert index_tokens("〇〇七") == ["〇", "〇", "七"]  # 〇 was glued to its neighbour
    assert index_tokens(f"A{EXT_B}B") == ["a", EXT_B, "b"]
    assert index_tokens("々") == ["々"]
    assert index_tokens("ｱｲ") == ["ｱ", "ｲ"]  # halfwidth katakana
    assert index_tokens("한국어") == ["한국어"]  # Korean is spaced: one word
