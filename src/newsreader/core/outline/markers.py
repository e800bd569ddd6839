"""Recognise the numbering that opens a heading paragraph (docs/OUTLINE.md).

A *marker* is the numbering at the start of a block (``一、``, ``(一)``,
``1。``, ``第三章``, ``1.2.1``, ``——``). Variants of one style (bracket width,
point style) share a :class:`Family`, because docs/OUTLINE.md rule 1 assigns levels
per family, never per spelling. This module only reads one block's opening;
whether the block really is a heading is decided by
:mod:`newsreader.core.outline.build`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from enum import StrEnum
from typing import NamedTuple

from newsreader.core.text.cjk import HAN


class Family(StrEnum):
    """A numbering style; all its spellings count as one for levels."""

    TW = "壹、"
    CN = "一、"
    CN_PAREN = "（一）"
    NUM = "1."
    NUM_PAREN = "（1）"
    CIRCLED = "①"
    UPPER = "A."
    LOWER = "a."
    HALF_PAREN = "1)"
    DASH = "——"
    BIAN = "第X编"
    ZHANG = "第X章"
    JIE = "第X节"
    TIAO = "第X条"
    DEC1 = "1 总则"
    DEC2 = "1.1"
    DEC3 = "1.1.1"
    DEC4 = "1.1.1.1"
    BOLD = "bold"
    END = "end matter"
    H1 = "h1"
    H2 = "h2"
    H3 = "h3"
    H4 = "h4"
    H5 = "h5"
    H6 = "h6"


#: Families whose rank within a group is intrinsic (a 节 never sits under a
#: 条, a 1.1 never under a 1.1.1, an h2 never under an h3): group and rank.
RANKED: dict[Family, tuple[str, int]] = {
    Family.BIAN: ("law", 0),
    Family.ZHANG: ("law", 1),
    Family.JIE: ("law", 2),
    Family.TIAO: ("law", 3),
    Family.DEC1: ("decimal", 1),
    Family.DEC2: ("decimal", 2),
    Family.DEC3: ("decimal", 3),
    Family.DEC4: ("decimal", 4),
    **{Family(f"h{n}"): ("explicit", n) for n in range(1, 7)},
}

#: The conventional ladder of numbered families (GB/T 9704 and Taiwan's 壹、 above it),
#: highest first: consulted only where the order of appearance says nothing (rule 1).
LADDER: dict[Family, int] = {
    f: n
    for n, f in enumerate(
        (Family.TW, Family.CN, Family.CN_PAREN, Family.NUM, Family.NUM_PAREN, Family.CIRCLED)
    )
}

#: Families that structure a document (as opposed to list items): a very long
#: first sentence after them still makes a heading (docs/OUTLINE.md rule 3).
STRUCTURAL = frozenset({Family.TW, Family.CN, Family.CN_PAREN, Family.NUM, *RANKED})

_CN_DIGITS = "一二三四五六七八九十百千零〇"
#: Taiwan's formal numerals (壹、 ladder), traditional and simplified spellings.
TW_DIGITS = "壹貳贰參叁参肆伍陸陆柒捌玖拾佰"
_CN_VALUE = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0}
_CN_VALUE |= {c: i for i, c in enumerate("零壹貳參肆伍陸柒捌玖") if i} | {
    "贰": 2,
    "叁": 3,
    "参": 3,
    "陆": 6,
}
_CN_UNIT = {"十": 10, "百": 100, "千": 1000, "拾": 10, "佰": 100}
_DEC_UNITS = "%％‰年月日时点分秒号个万亿千百元倍人次家项名位天周岁吨米户件辆台所场批届期级度"
#: The spaces a marker may have around it (and a block open with, before its marker).
SPACE = " \t\u3000\xa0"
_SPACE = SPACE


_tuple_new = tuple.__new__


class Marker(NamedTuple):
    """The numbering found at the start of a block (a tuple: cheap to make by the thousand).

    Attributes:
        family: The numbering family.
        text: The marker exactly as written (``"(一)"``, ``"1。"``).
        start: Offset of the marker in the block text.
        end: Offset where the heading text begins (after spaces).
        value: The ordinal (``1`` for 一/1/A/①); the last component for
            decimals; ``None`` for dashes.
        parts: Every component of a decimal number (``(1, 2, 1)``), else ``()``.
    """

    family: Family
    text: str
    start: int
    end: int
    value: int | None
    parts: tuple[int, ...] = ()


@functools.lru_cache(maxsize=1024)  # a document repeats a few numerals: 一 to 二十, 1 to 30
def chinese_number(numeral: str) -> int:
    """Value of a Chinese (or Arabic) numeral: ``十二`` -> 12, ``一百零五`` -> 105.

    Args:
        numeral: Chinese numerals (一…九, 十, 百, 千, 零/〇, or the formal
            壹…玖, 拾, 佰) or decimal digits.

    Returns:
        The integer value.
    """
    if numeral.isdecimal():
        return int(numeral)
    total, digit = 0, 0
    for char in numeral:
        if char in _CN_UNIT:
            total += (digit or 1) * _CN_UNIT[char]
            digit = 0
        else:
            digit = _CN_VALUE.get(char, 0)
    return total + digit


def _skip_space(text: str, pos: int) -> int:
    char = text[pos : pos + 1]  # a string test: a set would hash each new CJK character
    if char and char in _SPACE:
        return len(text) - len(text[pos:].lstrip(_SPACE))
    return pos


# Not ``一、二级`` or ``一、二月份`` (a numeral then a range or a month).
_RE_CN = re.compile(rf"([{_CN_DIGITS}]{{1,4}})[、．.](?![{_CN_DIGITS}]+[、月年季级类等号批期])")
_RE_TW = re.compile(rf"([{TW_DIGITS}]{{1,4}})[、．.]")
# After a bracketed number, no cross-reference (比照(二)、(三)项).
_REFERENCE = r"、\s*[（(]|[项項](?!目)|款(?![项項])|[至和或及与到][（(]"
_RE_PAREN = re.compile(
    rf"[（(][{_SPACE}]*([{_CN_DIGITS}]{{1,4}}|\d{{1,3}})[{_SPACE}]*[）)](?!{_REFERENCE})"
)
# A marker opening with a digit, its readings tried in this order, each its own group:
# ``1.1`` (a decimal ladder: group 1); ``1.`` not glued to another digit (``1.5``,
# ``1、2月份`` are a quantity and an enumeration), except that ``3、`` may open a title
# that starts with a year or a clock time (``3、2024年…``, ``1、9:30，…``): rule 3's
# figures are false positives only without a marker (group 2); ``1)`` (group 3); ``1 总则``
# (group 4). One pattern of four branches, where four patterns took up to four calls.
_RE_DIGIT = re.compile(
    r"(\d{1,2}(?:[.．]\d{1,2}){1,3})(?![.．]?\d)[.．、]?"
    r"|(\d{1,3})(?:[.．、。](?!\d)|、(?=\d{4}\s*年|\d{1,2}[:：]\d{2}(?!\d)))"
    r"|(\d{1,3})[)）]"
    rf"|(\d{{1,2}})[{_SPACE}]+"
    r"|(\d{1,2})、(?=(\d{1,2})\s*月)"  # 8、8月11日: an item, if no month list (7、8月份)
)
_RE_LATIN = re.compile(r"([A-Za-z])[.．、](?![A-Za-z.])")
# Up to the thousands: 九千九百九十九 is seven numerals (long codes pass article 1,000).
# Taiwan inserts 第4條之1 after 第4條: the 之 number is part of the marker.
_RE_LAW = re.compile(
    rf"第[{_SPACE}]*([{_CN_DIGITS}]{{1,8}}|\d{{1,4}})[{_SPACE}]*([编章节条編節條])"
    rf"(?:之[{_SPACE}]*(?:[{_CN_DIGITS}]{{1,3}}|\d{{1,3}})(?![{_CN_DIGITS}\d]))?"
)
_CAPTION_OPENERS = "（(【〔["
"""What may follow an article's number with no space: its caption (第20條之1（諮詢之容許）)."""
_DASHES = frozenset({"——", "――", "──"})
_DASH_FAMILY = Family.DASH  # an enum member is slow to look up by attribute
_RE_SENTENCE_PUNCT = re.compile(r"[，,。；;！!？?：:]")
_LAW_FAMILY = {"编": Family.BIAN, "章": Family.ZHANG, "节": Family.JIE, "条": Family.TIAO}
_LAW_FAMILY |= {"編": Family.BIAN, "節": Family.JIE, "條": Family.TIAO}  # traditional
_DEC_FAMILY = (Family.DEC2, Family.DEC3, Family.DEC4)
# Enum members are slow to look up by attribute; the per-block readers use these.
_CN_FAMILY, _TW_FAMILY, _NUM_FAMILY = Family.CN, Family.TW, Family.NUM
_NUM_PAREN_FAMILY, _CN_PAREN_FAMILY, _HALF_FAMILY = (
    Family.NUM_PAREN,
    Family.CN_PAREN,
    Family.HALF_PAREN,
)
_CIRCLED = {chr(0x2460 + i): i + 1 for i in range(20)} | {
    chr(0x2474 + i): i + 1
    for i in range(20)  # ⑴…⒇: parenthesised digits
}


def _make(
    family: Family, text: str, start: int, stop: int, value: int | None, parts: tuple[int, ...] = ()
) -> Marker:
    # As the tuple it is, without NamedTuple's __new__: one marker per numbered block.
    after = text[stop : stop + 1]
    end = _skip_space(text, stop) if after and after in _SPACE else stop
    return _tuple_new(Marker, (family, text[start:stop], start, end, value, parts))


def _cn(text: str, pos: int) -> Marker | None:
    match = _RE_CN.match(text, pos)
    if match is None:
        return None
    return _make(_CN_FAMILY, text, pos, match.end(), chinese_number(match[1]))


def _tw(text: str, pos: int) -> Marker | None:
    """``壹、`` (Taiwan's top rung): a formal numeral and ``、``."""
    match = _RE_TW.match(text, pos)
    if match is None:
        return None
    return _make(_TW_FAMILY, text, pos, match.end(), chinese_number(match[1]))


def _paren(text: str, pos: int) -> Marker | None:
    match = _RE_PAREN.match(text, pos)
    if match is None:
        return None
    numeral = match[1]
    family = _NUM_PAREN_FAMILY if numeral.isdecimal() else _CN_PAREN_FAMILY
    stop = match.end()
    stop += text[stop : stop + 1] == "、"  # (一)、教師
    return _make(family, text, pos, stop, chinese_number(numeral))


def _digit(text: str, pos: int) -> Marker | None:
    match = _RE_DIGIT.match(text, pos)
    if match is None:
        return None
    reading = match.lastindex
    if reading == 2:
        return _make(_NUM_FAMILY, text, pos, match.end(), int(match[2]))
    if reading == 1:
        return _decimal(text, pos, match)
    if reading == 3:
        return _make(_HALF_FAMILY, text, pos, match.end(), int(match[3]))
    if reading == 6:
        return _item_before_a_month(text, pos, match)
    return _decimal_top(text, pos, match)


def _item_before_a_month(text: str, pos: int, match: re.Match[str]) -> Marker | None:
    """``8、8月11日晚间``: item 8, its title a date (rule 3), unlike ``7、8月份`` (two months).

    Months listed run forward, so a month no later than the number before
    it cannot be the list's next one: the number is the item's.
    """
    if int(match[6]) > int(match[5]):
        return None  # 7、8月份, 1、2月: July and August
    return _make(_NUM_FAMILY, text, pos, match.end(), int(match[5]))


def _decimal(text: str, pos: int, match: re.Match[str]) -> Marker | None:
    """``1.1`` / ``1.2.1`` (group 1): not a quantity such as ``1.5亿元`` or ``27.32%``.

    Two or more dots are always a section number; a one-dot decimal is one
    when a space follows it, and a quantity only when glued to a unit or
    ``%`` (docs/OUTLINE.md rule 10).
    """
    stop = match.end()
    after = _skip_space(text, stop)
    if after >= len(text) or text[after].isdecimal():
        return None
    parts = tuple(int(p) for p in re.split(r"[.．]", match[1]))
    if len(parts) == 2 and after == stop and text[after] in _DEC_UNITS:
        return None
    return _make(_DEC_FAMILY[len(parts) - 2], text, pos, match.end(), parts[-1], parts)


def _decimal_top(text: str, pos: int, match: re.Match[str]) -> Marker | None:
    """``1 总则``: digits, space, then a short title line with no sentence (group 4)."""
    rest = text[match.end() :].rstrip()
    if not rest or len(rest) > 30 or rest[0] in _DEC_UNITS or not _is_cjk(rest[0]):
        return None
    if _RE_SENTENCE_PUNCT.search(rest):
        return None
    value = int(match[4])
    return Marker(Family.DEC1, match[4], pos, match.end(), value, (value,))


def _latin(text: str, pos: int) -> Marker | None:
    match = _RE_LATIN.match(text, pos)
    if match is None:
        return None
    letter = match[1]
    family = Family.UPPER if letter.isupper() else Family.LOWER
    return _make(family, text, pos, match.end(), ord(letter.lower()) - ord("a") + 1)


def _law(text: str, pos: int) -> Marker | None:
    """``第三章``: needs a space (or nothing, or a short title) after it."""
    match = _RE_LAW.match(text, pos)
    if match is None:
        return None
    family = _LAW_FAMILY[match[2]]
    stop = match.end()
    rest = text[stop:].rstrip()
    spaced = not rest or rest[0] in _SPACE or (rest[0] in _CAPTION_OPENERS and "之" in match[0])
    short = family is not Family.TIAO and len(rest) <= 16 and not _RE_SENTENCE_PUNCT.search(rest)
    if not (spaced or short):  # 第二节课上… / 第一条建议是…
        return None
    return _make(family, text, pos, stop, chinese_number(match[1]))


def _circled(text: str, pos: int) -> Marker | None:
    return _make(Family.CIRCLED, text, pos, pos + 1, _CIRCLED[text[pos]])


def _dash(text: str, pos: int) -> Marker | None:
    dash = text[pos : pos + 2]
    if dash not in _DASHES:
        return None
    after = text[pos + 2 : pos + 3]  # _skip_space's first test: most dashes are glued to text
    end = _skip_space(text, pos + 2) if after and after in _SPACE else pos + 2
    return _tuple_new(Marker, (_DASH_FAMILY, dash, pos, end, None, ()))


def _is_cjk(char: str) -> bool:
    return char in HAN


_Reader = Callable[[str, int], Marker | None]
#: The reader of each character a marker may open with (what :func:`match_marker` tries).
MARKER_READERS: dict[str, _Reader] = {
    **dict.fromkeys(_CN_DIGITS, _cn),
    **dict.fromkeys(TW_DIGITS, _tw),
    **dict.fromkeys("（(", _paren),
    **dict.fromkeys("0123456789０１２３４５６７８９", _digit),
    **dict.fromkeys("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", _latin),
    **dict.fromkeys(_CIRCLED, _circled),
    **dict.fromkeys("—―─", _dash),
    "第": _law,
}


def match_marker(text: str) -> Marker | None:
    """Read the numbering at the start of ``text``, if any.

    Quantities and in-word uses that merely look like numbering (``1.5亿元``,
    ``一、二级``, ``第二节课``) are refused here, where the characters around the
    number are at hand.

    Args:
        text: A block's text.

    Returns:
        The marker, or ``None`` when the text does not open with numbering.
    """
    if not text:
        return None
    pos, first = 0, text[0]
    if first in _SPACE:  # rare: the walker strips a block's edges
        pos = _skip_space(text, 0)
        if pos >= len(text):
            return None
        first = text[pos]
    reader = MARKER_READERS.get(first)
    return None if reader is None else reader(text, pos)


def match_glued_article(text: str) -> Marker | None:
    """``第十六条向……``: an article number glued to its text, refused by :func:`match_marker`.

    Only a caller that checks the sequence may take it for a heading
    (``第一条建议是……`` reads the same way).

    Args:
        text: A block's text.

    Returns:
        The ``第X条`` marker, or ``None``.
    """
    pos = _skip_space(text, 0)
    if text[pos : pos + 1] != "第":
        return None  # what the pattern opens with: most paragraphs are refused here
    match = _RE_LAW.match(text, pos)
    if match is None or _LAW_FAMILY[match[2]] is not Family.TIAO:
        return None
    return _make(Family.TIAO, text, pos, match.end(), chinese_number(match[1]))
