"""Plain-text export: block rendering, headings, links, safety, names, outline."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta, timezone

import pytest

from newsreader.core.document.model import Block, BlockKind, Document, Link, OutlineNode
from newsreader.core.document.open import document_from_text
from newsreader.core.export.names import MAX_NAME_BYTES
from newsreader.core.export.render import (
    FORM_FEED_SEPARATOR,
    export_dir,
    export_filename,
    export_post,
    format_date,
    outline_json,
    outline_text,
    render_document,
)
from newsreader.core.model import Post
from newsreader.core.text.cells import cell_width
from tests.conftest import SEED

CST = timezone(timedelta(hours=8))
POST = Post(
    path="_posts/2022-01-11-plan.md",
    title="常州市科协事业发展“十四五”规划（纲要）",
    date=datetime(2022, 1, 11, 9, 13, 27, tzinfo=CST),
    slug="plan",
    categories=("changzhouribao", "news"),
    tags=("常州日报新闻", "规划"),
)


def _p(text: str) -> Block:
    return Block(BlockKind.PARAGRAPH, text)


def _render(*blocks: Block, width: int | None = 80) -> str:
    return render_document(Document(blocks=blocks), width=width)


@pytest.mark.parametrize(
    "body",
    [
        "<ol><li>推进一网通办</li><li>压缩审批时限</li></ol>",
        "1. 推进一网通办\n2. 压缩审批时限\n",
    ],
    ids=["html", "markdown"],
)
def test_an_ordered_item_that_is_a_heading_keeps_its_number(body: str) -> None:
    document = document_from_text(body)
    assert [n.marker for n in document.outline] == ["1.", "2."]
    assert render_document(document, width=12) == "1. 推进一网\n   通办\n\n2. 压缩审批\n   时限\n"


@pytest.mark.parametrize(
    ("block", "expected"),
    [
        (_p("甲乙丙丁戊己庚辛"), "甲乙丙丁戊己\n庚辛\n"),
        (Block(BlockKind.HEADING, "无编号标题", level=2), "无编号标题\n"),
        (Block(BlockKind.LIST_ITEM, "甲乙丙丁戊己", marker="•"), "• 甲乙丙丁戊\n  己\n"),
        (Block(BlockKind.LIST_ITEM, "甲乙丙", level=2, marker="3."), "  3. 甲乙丙\n"),
        (Block(BlockKind.LIST_ITEM, "item"), "- item\n"),
        (Block(BlockKind.QUOTE, "甲乙丙丁戊己", level=1), "> 甲乙丙丁戊\n> 己\n"),
        (Block(BlockKind.QUOTE, "甲乙", level=2), "> > 甲乙\n"),
        (
            Block(BlockKind.CODE, "\nif x:\n    print('很长很长很长很长')  \n"),
            "if x:\n    print('很长很长很长很长')  \n",
        ),
        (
            Block(BlockKind.TABLE, "", rows=(("指标", "数值"), ("GDP\n总量", "8616.4"))),
            "指标 | 数值\nGDP 总量 |\n  8616.4\n",
        ),
        (Block(BlockKind.TABLE, "a\tb\n\nc\td"), "a b\nc d\n"),
        (Block(BlockKind.IMAGE, "会场"), "[图片: 会场]\n"),
        (Block(BlockKind.IMAGE, ""), "[image]\n"),  # no CJK in this document
        (Block(BlockKind.RULE, ""), "----\n"),
        (_p("   "), ""),
    ],
)
def test_each_block_kind(block: Block, expected: str) -> None:
    assert _render(block, width=12) == expected


def test_image_label_is_english_in_a_document_without_cjk() -> None:
    assert _render(_p("Hello"), Block(BlockKind.IMAGE, "a cat")) == "Hello\n\n[image: a cat]\n"


def test_blocks_are_separated_by_blank_lines_but_list_items_are_tight() -> None:
    items = [Block(BlockKind.LIST_ITEM, t, marker="•") for t in ("一", "二")]
    assert _render(_p("前言"), *items, _p("后记")) == "前言\n\n• 一\n• 二\n\n后记\n"


def _outlined(blocks: list[Block], nodes: list[OutlineNode]) -> Document:
    return Document(blocks=tuple(blocks), outline=tuple(nodes))


def test_headings_are_indented_by_level_and_split_from_their_paragraph() -> None:
    text = "(一)强化组织领导。成立工作专班，统筹推进。"
    child = OutlineNode(2, "(一)", "强化组织领导", block=1, end=text.index("成"))
    document = _outlined(
        [_p("一、总体要求"), _p(text)], [OutlineNode(1, "一、", "总体要求", 0, 6, (child,))]
    )
    assert render_document(document) == (
        "一、总体要求\n\n  (一)强化组织领导。\n\n成立工作专班，统筹推进。\n"
    )


def test_long_heading_wraps_with_a_hang_after_its_marker() -> None:
    text = "1.甲乙丙丁戊己庚辛"
    document = _outlined([_p(text)], [OutlineNode(2, "1.", "甲乙丙丁戊己庚辛", 0, len(text))])
    assert render_document(document, width=12) == "  1.甲乙丙丁\n    戊己庚辛\n"


def test_dash_items_are_kept_whole_and_tight_under_their_heading() -> None:
    blocks = [
        _p("1。弘扬爱国奋斗精神"),
        _p("——实施爱国“先锋行动”。"),
        _p("——组织专题宣传。详见附件。"),
    ]
    dashes = (
        OutlineNode(2, "——", "实施爱国“先锋行动”", 1, len(blocks[1].text)),
        OutlineNode(2, "——", "组织专题宣传", 2, blocks[2].text.index("详")),
    )
    document = _outlined(blocks, [OutlineNode(1, "1。", "弘扬爱国奋斗精神", 0, 10, dashes)])
    assert render_document(document) == (
        "1。弘扬爱国奋斗精神\n\n  ——实施爱国“先锋行动”。\n  ——组织专题宣传。详见附件。\n"
    )


@pytest.mark.parametrize("rest", ["。", "”。", " ；  "])
def test_punctuation_after_a_heading_stays_on_its_line(rest: str) -> None:
    text = "二、重点任务" + rest
    document = _outlined([_p(text)], [OutlineNode(1, "二、", "重点任务", 0, 6)])
    assert render_document(document) == text.rstrip() + "\n"


def test_links_are_listed_at_the_end() -> None:
    links = (
        Link(1, "返回首页", "//finews.withounder.com/"),
        Link(2, "https://example.org/a", "https://example.org/a"),
        Link(3, "", "https://example.org/b"),
    )
    document = Document(blocks=(_p("见[1]和[2]。"),), links=links)
    assert render_document(document) == (
        "见[1]和[2]。\n\n"
        "[1] 返回首页 <//finews.withounder.com/>\n"
        "[2] https://example.org/a\n"
        "[3] https://example.org/b\n"
    )


def test_no_width_keeps_paragraphs_on_one_line() -> None:
    text = "甲" * 100
    assert _render(_p(text), Block(BlockKind.QUOTE, "乙\n\n丙"), width=None) == (
        f"{text}\n\n> 乙\n>\n> 丙\n"
    )


def test_lines_fit_the_width_except_unbreakable_words() -> None:
    text = "到2025年，常州公民具备科学素质的比例达到20%，继续位居全省前列。" * 5
    out = _render(_p(text), Block(BlockKind.LIST_ITEM, text, marker="•"), width=30)
    assert max(cell_width(line) for line in out.splitlines()) <= 30


def test_empty_document_renders_as_nothing() -> None:
    assert render_document(Document(blocks=())) == ""


def test_export_post_header_then_body() -> None:
    document = Document(blocks=(_p("正文。"),), source="http://example.com/a?id=1")
    assert export_post(POST, document) == (
        "Title: 常州市科协事业发展“十四五”规划（纲要）\n"
        "Date: 2022-01-11 09:13:27 +08:00\n"
        "Categories: changzhouribao, news\n"
        "Tags: 常州日报新闻, 规划\n"
        "Path: _posts/2022-01-11-plan.md\n"
        "Source: http://example.com/a?id=1\n"
        "\n"
        "正文。\n"
    )


def test_export_post_leaves_out_empty_fields() -> None:
    post = dataclasses.replace(POST, categories=(), tags=(), title="T")
    assert export_post(post, Document(blocks=())) == (
        "Title: T\nDate: 2022-01-11 09:13:27 +08:00\nPath: _posts/2022-01-11-plan.md\n"
    )


def test_form_feed_separator_is_a_page_break_line() -> None:
    assert FORM_FEED_SEPARATOR == "\f\n"


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        (datetime(2022, 1, 11, 9, 13, 27, tzinfo=CST), "2022-01-11 09:13:27 +08:00"),
        (datetime(2022, 1, 1, tzinfo=UTC), "2022-01-01 00:00:00 +00:00"),
        (
            datetime(999, 12, 31, 23, 59, 59, tzinfo=timezone(-timedelta(hours=5, minutes=30))),
            "0999-12-31 23:59:59 -05:30",
        ),
        (datetime(2022, 1, 1, 8), "2022-01-01 08:00:00"),
    ],
)
def test_format_date(date: datetime, expected: str) -> None:
    assert format_date(date) == expected


HOSTILE = "红\x1b[31m色\x1b]0;pwned\x07标\x9b2J题\x07\x00"


def test_escape_and_control_characters_never_reach_the_output() -> None:
    post = dataclasses.replace(POST, title=HOSTILE, tags=(HOSTILE,), categories=(HOSTILE,))
    blocks = tuple(
        Block(kind, HOSTILE, rows=((HOSTILE, HOSTILE),), marker="•") for kind in BlockKind
    )
    node = OutlineNode(1, "一、", HOSTILE, 0, 3)
    document = Document(
        blocks=blocks, links=(Link(1, HOSTILE, HOSTILE),), source=HOSTILE, outline=(node,)
    )
    for width in (80, None):
        out = export_post(post, document, width=width) + outline_text(document)
        assert not any(char in out for char in "\x1b\x9b\x07\x00")
        assert "红色标题" in out.replace("\n", "")


@pytest.mark.parametrize(
    ("slug", "expected"),
    [
        ("plan", "2022-01-11-plan.txt"),
        ("常州市科协 规划", "2022-01-11-常州市科协 规划.txt"),
        ('a/b\\c:d*e?f"g<h>i|j', "2022-01-11-a_b_c_d_e_f_g_h_i_j.txt"),
        ("..hidden", "2022-01-11-__hidden.txt"),
        ("tab\tnew\nline\x1b[1m", "2022-01-11-tab_new_line_[1m.txt"),
        ("", "2022-01-11-untitled.txt"),
        ("  ", "2022-01-11-untitled.txt"),
        ("ends.", "2022-01-11-ends_.txt"),
    ],
)
def test_export_filename(slug: str, expected: str) -> None:
    assert export_filename(dataclasses.replace(POST, slug=slug)) == expected


def test_export_filename_uses_the_posts_own_date() -> None:
    late = datetime(2022, 1, 11, 23, 30, tzinfo=CST)  # already 2022-01-11 15:30 UTC
    assert export_filename(dataclasses.replace(POST, date=late)).startswith("2022-01-11-")


@pytest.mark.parametrize("char", ["a", "规", "😀"])
def test_export_filename_is_capped_on_a_character_boundary(char: str) -> None:
    name = export_filename(dataclasses.replace(POST, slug=char * 300))
    assert len(name.encode("utf-8")) <= MAX_NAME_BYTES
    assert name.startswith("2022-01-11-" + char) and name.endswith(char + ".txt")


@pytest.mark.parametrize(
    ("categories", "expected"),
    [
        (("changzhouribao", "news"), "changzhouribao"),
        (("经济",), "经济"),
        ((), "uncategorized"),
        (("..",), "__"),
        (("../../etc",), "___.._etc"),
        (("a/b",), "a_b"),
        (("con",), "_con"),
        (("\x1b",), "_"),
        (("   ",), "uncategorized"),
    ],
)
def test_export_dir(categories: tuple[str, ...], expected: str) -> None:
    assert export_dir(dataclasses.replace(POST, categories=categories)) == expected


OUTLINE = (
    OutlineNode(
        1,
        "一、",
        "发展目标",
        0,
        6,
        (
            OutlineNode(2, "(一)", "政治引领", 1, 8),
            OutlineNode(2, "", "加粗标题", 2, 4, (OutlineNode(3, "——", "行动", 3, 4),)),
        ),
    ),
    OutlineNode(1, "二、", "重点任务", 4, 6),
)


def test_outline_text_is_an_indented_tree() -> None:
    document = Document(blocks=(), outline=OUTLINE)
    assert outline_text(document) == (
        "一、 发展目标\n  (一) 政治引领\n  加粗标题\n    —— 行动\n二、 重点任务\n"
    )
    assert outline_text(Document(blocks=())) == ""


def test_outline_json_nests_children() -> None:
    document = Document(blocks=(), outline=OUTLINE[1:])
    assert outline_json(document) == [
        {"level": 1, "marker": "二、", "title": "重点任务", "block": 4, "children": []}
    ]
    first = outline_json(Document(blocks=(), outline=OUTLINE))[0]
    assert [child["title"] for child in first["children"]] == ["政治引领", "加粗标题"]
    assert [child["block"] for child in first["children"]] == [1, 2]
    assert first["children"][1]["children"][0]["marker"] == "——"


def test_seed_post_renders_its_outline_and_fits_80_cells() -> None:
    """The seed end to end (body and outline parsers included)."""
    _, _, body = SEED.read_text(encoding="utf-8").split("---", 2)
    document = document_from_text(body, POST.title)
    lines = render_document(document).splitlines()
    for expected in (
        "一、发展目标",
        "  (一)政治引领科技界能力更加突出。",
        "      ——实施爱国“先锋行动”。",
    ):
        assert expected in lines
    assert lines[-1] == "（文章来源：常州日报）"  # the mirror's navigation is not exported
    assert not any("返回" in line for line in lines)
    overflowing = [line for line in lines if cell_width(line) > 80]
    assert all(" " not in line.strip() for line in overflowing)


@pytest.mark.parametrize(
    "block",
    [
        Block(
            BlockKind.QUOTE, "这是一段比较长的中文文本，用来测试嵌套很深的时候换行。" * 3, level=40
        ),
        Block(
            BlockKind.LIST_ITEM, "这是一段比较长的中文文本，用来测试嵌套很深。" * 3, 40, marker="•"
        ),
    ],
    ids=["quote", "list"],
)
def test_a_deeply_nested_block_stays_within_the_width(block: Block) -> None:
    lines = _render(block, width=40).splitlines()
    assert all(cell_width(line) <= 40 for line in lines)
    assert all(cell_width(line) > 20 for line in lines), "half the width is left for the text"
    assert "".join(line.lstrip("> •") for line in lines).replace(" ", "") == block.text
