"""The outline's fast paths give what the general rules they shortcut give.

Each shortcut is checked on arbitrary text against the pattern or the path it
stands in for (the pattern written out here, as it was before the shortcut).
"""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from newsreader.core.document.model import Block, BlockKind
from newsreader.core.outline import candidates, markers, titles

PUNCTUATION = "。！？：；!?:;（）()《》“”‘’「」【】〔〕[]，、 　"
texts = st.text(alphabet=PUNCTUATION + "0123456789٣²一二总则a", max_size=16)

# Where the heading ends when no bracket or quote comes before its cut: the first cut
# that is no colon between two digits (the repetition is possessive so that a time's
# colon it took is never given back as a cut), else the end; no match when a bracket
# or quote comes first.
PLAIN_CUT = re.compile(
    r"(?:[^。！？：；!?:;（）()《》“”‘’「」【】〔〕\[\]]|(?<=\d)[:：](?=\d))*+(?:[。！？：；!?:;]|\Z)"
)


@given(texts, st.integers(0, 17))
def test_plain_cut_is_the_pattern(text: str, start: int) -> None:
    match = PLAIN_CUT.match(text, start)
    assert titles._plain_cut(text, start) == (None if match is None else match.end())


def test_plain_cut_table() -> None:
    cases = [
        ("总则。正文", 0, 3),
        ("8月1日16:30开会。", 0, 12),
        ("时间：16：30", 0, 3),
        ("（一）标题。", 0, None),
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
