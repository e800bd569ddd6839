"""The outline's fast paths give what the general rules they shortcut give.

Each shortcut is checked on arbitrary text against the pattern or the path it
stands in for (the pattern written out here, as it was before the shortcut).
"""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from newsreader.core.document.model import Block, BlockKind
from newsreader.core.outline import candidates, contents, filters, markers, titles

PUNCTUATION = "。！？：；!?:;（）()《》“”‘’「」【】〔〕[]，、 　"
texts = st.text(alphabet=PUNCTUATION + "0123456789٣²一二总则a", max_size=16)

# Where the heading ends when no bracket or quote comes before its cut: the first cut
# that is no colon between two digits (the repetition is atomic so that a time's colon
# it took is never given back as a cut), else the end; no match when a bracket or quote
# comes first. An atomic group, not a possessive ``*+``: before 3.11.5 a possessive
# repetition of a subpattern that backtracks could match wrongly (CPython gh-100061 and
# gh-106052); on 3.11.2 this pattern matched nothing at ``"::"[1:]``.
PLAIN_CUT = re.compile(
    r"(?>(?:[^。！？：；!?:;（）()《》“”‘’「」【】〔〕\[\]]|(?<=\d)[:：](?=\d))*)(?:[。！？：；!?:;]|\Z)"
)


@given(texts, st.integers(0, 17))
def test_plain_cut_is_the_pattern(text: str, start: int) -> None:
    match = PLAIN_CUT.match(text, start)
    if match is not None:  # no bracket before the cut: the pattern's answer
        assert titles._plain_cut(text, start) == match.end()


def _cut_title_as_it_was(text: str, start: int) -> tuple[str, int]:
    """``cut_title`` before brackets closed at once were stepped over by the plain cut."""
    stop = PLAIN_CUT.match(text, start)
    if stop is not None:
        end = stop.end()
        head = (
            text[start : end - 1] if end > start and text[end - 1] in titles._CUT else text[start:]
        )
        return titles.tidy_title(head), end
    return titles._paired_cut(text, start)


@given(texts, st.integers(0, 17))
def test_cut_title_is_the_pairing(text: str, start: int) -> None:
    assert titles.cut_title(text, start) == _cut_title_as_it_was(text, start)


def test_cut_title_pairing_table() -> None:
    cases = [
        ("实施“先锋行动”。正文", ("实施“先锋行动”", 9)),
        ("（一）标题：正文", ("（一）标题", 6)),
        ("“引（号”）。正文", ("“引（号”）", 7)),  # crossed: paired in turn
        ("²:²标题。", ("²", 2)),  # before any bracket a superscript is no time's digit
        ("）²:²标题。", ("）²:²标题", 7)),  # after one, the pairing takes it for one
        ("《书》²:²标题。", ("《书》²:²标题", 9)),
    ]
    for text, expected in cases:
        assert titles.cut_title(text, 0) == expected == _cut_title_as_it_was(text, 0), text


def test_plain_cut_table() -> None:
    cases = [
        ("总则。正文", 0, 3),
        ("8月1日16:30开会。", 0, 12),
        ("时间：16：30", 0, 3),
        ("（一）标题。", 0, 6),
        ("实施“先锋行动”。正文", 0, 9),
        ("（一（二））标题。", 0, None),
        ("“未闭合。", 0, None),
        ("）多余。", 0, 4),
        ("没有标点", 0, 4),
        ("12:", 0, 3),
        ("1:2", 1, 3),
    ]
    for text, start, end in cases:
        assert titles._plain_cut(text, start) == end, text


def _glued_article_by_pattern(text: str) -> markers.Marker | None:
    """``match_glued_article`` as it was: the law pattern tried on every text."""
    pos = markers._skip_space(text, 0)
    match = markers._RE_LAW.match(text, pos)
    if match is None or markers._LAW_FAMILY[match[2]] is not markers.Family.TIAO:
        return None
    return markers._make(
        markers.Family.TIAO, text, pos, match.end(), markers.chinese_number(match[1])
    )


@given(st.text(alphabet=" 　\t第一二十百12条章节向规定", max_size=10))
def test_glued_article_first_character_check_is_the_pattern(text: str) -> None:
    assert markers.match_glued_article(text) == _glued_article_by_pattern(text)


def test_unbold_paragraphs_are_found_as_by_every_rule() -> None:
    """A paragraph with no bold is no bold heading: skipping the rule changes nothing."""
    texts = ["第十六条向有关部门报告。", "为深入贯彻落实。", "第一条建议是", "总则"]
    for text in texts:
        block = Block(BlockKind.PARAGRAPH, text)
        context = candidates._Context.scan([block], "")
        assert candidates._bold(0, block, context) is None
        expected = candidates._glued_article(0, text)
        assert candidates._candidate(0, block, context) == expected


# The sequel patterns as they were: each opens with the boundary as a lookbehind.
_BOUNDARY = r"(?<=[；;。，,：:\s])"
_CN = "〇零一二三四五六七八九十"
SEQUEL_BY_LOOKBEHIND = {
    markers.Family.TW: re.compile(rf"{_BOUNDARY}([{markers.TW_DIGITS}]{{1,4}})、"),
    markers.Family.CN: re.compile(rf"{_BOUNDARY}([{_CN}]{{1,4}})、"),
    markers.Family.CN_PAREN: re.compile(rf"{_BOUNDARY}[（(]([{_CN}]{{1,4}})[）)]"),
    markers.Family.NUM: re.compile(rf"{_BOUNDARY}(\d{{1,3}})[.．、。](?!\d)"),
    markers.Family.NUM_PAREN: re.compile(rf"{_BOUNDARY}[（(](\d{{1,3}})[）)]"),
    markers.Family.HALF_PAREN: re.compile(rf"{_BOUNDARY}(\d{{1,3}})[)）]"),
    markers.Family.CIRCLED: re.compile(r"([\u2460-\u2473])"),
    markers.Family.UPPER: re.compile(rf"{_BOUNDARY}([A-Z])[.．、]"),
    markers.Family.LOWER: re.compile(rf"{_BOUNDARY}([a-z])[.．、]"),
}


def _sequel_by_lookbehind(text: str, marker: markers.Marker) -> bool:
    pattern = SEQUEL_BY_LOOKBEHIND.get(marker.family)
    if pattern is None or marker.value is None:
        return False
    found = (filters._ordinal(m[1]) for m in pattern.finditer(text, marker.end))
    return marker.value + 1 in found


SEQUEL_TEXT = "一二三十壹贰、（）()1234２.．。，；: 　\nABab①②③是"


@given(
    st.sampled_from(sorted(SEQUEL_BY_LOOKBEHIND) + [markers.Family.DASH]),
    st.integers(0, 4),
    st.text(alphabet=SEQUEL_TEXT, max_size=24),
    st.integers(0, 6),
)
def test_sequel_scan_is_the_lookbehind_pattern(
    family: markers.Family, value: int, text: str, end: int
) -> None:
    marker = markers.Marker(family, "", 0, min(end, len(text)), value or None)
    assert filters.has_inline_sequel(text, marker) is _sequel_by_lookbehind(text, marker)


def test_sequel_scan_table() -> None:
    cases = [
        ("1.加强领导；2.完善机制", markers.Family.NUM, 1, True),
        ("2.加强，1。3.完善", markers.Family.NUM, 2, True),  # 3. right after the match 1。
        ("（一）比照(二)、(三)项", markers.Family.CN_PAREN, 1, False),
        ("（一）领导，（二）机制", markers.Family.CN_PAREN, 1, True),
        ("一、是一二、三", markers.Family.CN, 1, False),
        ("一、目标 二、任务", markers.Family.CN, 1, True),
        ("①甲②乙", markers.Family.CIRCLED, 1, True),
    ]
    for text, family, value, expected in cases:
        marker = markers.match_marker(text)
        assert marker is not None and marker.family is family, text
        assert marker.value == value
        assert filters.has_inline_sequel(text, marker) is expected, text
        assert _sequel_by_lookbehind(text, marker) is expected, text


# The digit, Chinese-numeral and bracket readers as they were: a pattern per reading,
# tried in turn, and the refusals after a match as patterns of their own.
_SPACE = markers._SPACE
_CN_DIGITS = "一二三四五六七八九十百千零〇"
_OLD_CN = re.compile(rf"([{_CN_DIGITS}]{{1,4}})[、．.]")
_OLD_CN_AFTER = re.compile(rf"[{_CN_DIGITS}]+[、月年季级类等号批期]")
_OLD_PAREN = re.compile(rf"[（(][{_SPACE}]*([{_CN_DIGITS}]{{1,4}}|\d{{1,3}})[{_SPACE}]*[）)]")
_OLD_REFERENCE = re.compile(r"、\s*[（(]|[项項](?!目)|款(?![项項])|[至和或及与到][（(]")
_OLD_DIGIT_READINGS = [
    re.compile(r"(\d{1,2}(?:[.．]\d{1,2}){1,3})(?![.．]?\d)[.．、]?"),
    re.compile(r"(\d{1,3})(?:[.．、。](?!\d)|、(?=\d{4}\s*年|\d{1,2}[:：]\d{2}(?!\d)))"),
    re.compile(r"(\d{1,3})[)）]"),
    re.compile(rf"(\d{{1,2}})[{_SPACE}]+"),
    re.compile(r"(\d{1,2})、(?=(\d{1,2})\s*月)"),
]


def _marker_as_it_was(text: str) -> tuple[object, ...] | None:
    """What the old readers found at the text's start: which reading, where it ended, its number."""
    if match := _OLD_CN.match(text):
        return None if _OLD_CN_AFTER.match(text, match.end()) else ("cn", match.end(), match[1])
    if match := _OLD_PAREN.match(text):
        return None if _OLD_REFERENCE.match(text, match.end()) else ("(", match.end(), match[1])
    for reading, pattern in enumerate(_OLD_DIGIT_READINGS, 1):
        if match := pattern.match(text):
            return (reading, match.end(), match[1])
    return None


def _marker_now(text: str) -> tuple[object, ...] | None:
    if match := markers._RE_CN.match(text):
        return ("cn", match.end(), match[1])
    if match := markers._RE_PAREN.match(text):
        return ("(", match.end(), match[1])
    if match := markers._RE_DIGIT.match(text):
        reading = 5 if match.lastindex == 6 else match.lastindex  # (6: the month looked ahead at)
        return (reading, match.end(), match[reading or 0])
    return None


MARKER_TEXT = "一二十百、．.（）() 　0123456789２。:：年月级项款至和目4第"


@given(st.text(alphabet=MARKER_TEXT, max_size=14))
def test_folded_marker_patterns_read_as_the_old_ones(text: str) -> None:
    assert _marker_now(text) == _marker_as_it_was(text)


def test_folded_marker_patterns_table() -> None:
    cases = {
        "一、总则": ("cn", 2, "一"),
        "一、二级": None,
        "十二、三月份": None,
        "(二)、(三)项": None,
        "（三）项目": ("(", 3, "三"),
        "（1）款规定": None,
        "（1）款项": ("(", 3, "1"),
        "1.1 范围": (1, 3, "1.1"),
        "1.5亿元": (1, 3, "1.5"),  # the decimal reading, refused afterwards by _decimal
        "3、2024年": (2, 2, "3"),
        "1、2月份": (5, 2, "1"),  # the month reading, refused afterwards (two months)
        "8、8月11日": (5, 2, "8"),
        "2）要求": (3, 2, "2"),
        "1 总则": (4, 2, "1"),
    }
    for text, expected in cases.items():
        assert _marker_now(text) == expected == _marker_as_it_was(text), text


COMPARABLE_TEXT = "（）：，！Ａａ１＜\u0338\u0301e 　\u3000\t总则ﬁ①㈠ｶ\uff9e\uff5e\uff01"


@given(st.text(COMPARABLE_TEXT, max_size=12))
def test_comparable_swaps_wide_forms_as_nfkc_would(text: str) -> None:
    assert titles.comparable(text) == "".join(unicodedata.normalize("NFKC", text).split())


def test_comparable_table() -> None:
    cases = {
        "（纲要）": "(纲要)",
        "总　则：": "总则:",
        "＜\u0338": "\u226e",  # the swapped < still composes with the overlay after it
        "ﬁ①": "fi1",
    }
    for text, expected in cases.items():
        assert (
            titles.comparable(text)
            == expected
            == "".join(unicodedata.normalize("NFKC", text).split())
        )


def _comparable_as_it_was(text: str) -> str:
    """``comparable`` before NFKC-normal text was answered by the quick check alone."""
    text = titles._WIDE.sub(titles._narrow, text)
    return "".join(unicodedata.normalize("NFKC", text).split())


@given(
    st.text(
        alphabet="（）()，,：:　 \t一二abＡＢ１２ﬁ①⑴㈠¹½\u0301e\u00e9\u2f00\uf900—“”", max_size=10
    )
)
def test_comparable_quick_check_is_the_normalisation(text: str) -> None:
    assert titles.comparable(text) == _comparable_as_it_was(text)


block_texts = st.text(alphabet="一二、（）()1２.。：第条章节——① 　总则加强领导；x", max_size=14)
any_blocks = st.lists(
    st.builds(
        Block,
        st.sampled_from([BlockKind.PARAGRAPH, BlockKind.LIST_ITEM, BlockKind.HEADING,
                         BlockKind.QUOTE, BlockKind.TABLE]),
        block_texts,
        st.integers(0, 3),
        st.booleans(),
        st.sampled_from(["", "总则：", "一、"]),
        st.sampled_from(["", "•", "3."]),
    ),
    max_size=12,
)  # fmt: skip


@given(any_blocks)
def test_find_candidates_loop_is_candidate(blocks: list[Block]) -> None:
    """``find_candidates`` writes out ``_candidate``'s first steps: the same headings."""
    context = candidates._Context.scan(blocks, "")
    found = [
        c
        for i in range(context.start, len(blocks))
        if i not in context.skipped
        and blocks[i].chrome <= context.chrome
        and (c := candidates._candidate(i, blocks[i], context)) is not None
        and (c.marker or candidates._has_word(c.title))
    ]
    found = candidates._drop_attachment_lines(found, blocks)
    found = candidates._keep_long_items_in_sequence(contents.drop_contents(found, blocks))
    ranked = candidates._rank_by_paragraphs(found, blocks)
    expected = candidates._mark_end_matter(candidates._drop_lone_top_heading(ranked))
    assert candidates.find_candidates(blocks) == expected


def _line(marker: str, title: str) -> candidates.Candidate:
    """A contents line as ``contents._keys`` reads it: a marker and a title."""
    return candidates.Candidate(0, markers.Family.NUM, marker, title, 0)


def _key_as_it_was(marker: str, title: str) -> str:
    """A contents key before the quick answers: ASCII or plain as it is, else ``comparable``."""
    key = f"{marker} {title}"
    if key.isascii() or contents._PLAIN.fullmatch(key):
        return key
    return titles.comparable(key)


key_parts = st.text(alphabet="一二、（）()1.—“”《》 　\t\xa0\u2028，：ﬁ①\u0301e总则a", max_size=8)


@given(st.lists(st.tuples(key_parts, key_parts), max_size=6))
def test_contents_keys_are_comparable_keys(lines: list[tuple[str, str]]) -> None:
    found = [_line(marker, title) for marker, title in lines]
    assert contents._keys(found) == [_key_as_it_was(m, t) for m, t in lines]


def test_contents_keys_table() -> None:
    cases = [
        ("一、", "总则"),  # plain: kept as it is, its space too
        ("(一)", "总则"),  # NFKC-normal: joined
        ("（一）", "总则，"),  # full-width: comparable
        ("1.", "总 则"),  # a space in the title: every space dropped
        ("——", "实施\u3000行动"),  # an ideographic space: not printable, dropped too
        ("", "“引言”"),
        ("1.", "Scope"),  # ASCII: as it is
    ]
    found = [_line(marker, title) for marker, title in cases]
    assert contents._keys(found) == [_key_as_it_was(m, t) for m, t in cases]
    assert contents._keys(found)[:2] == ["一、 总则", "(一)总则"]
