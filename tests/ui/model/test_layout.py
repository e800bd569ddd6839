"""Laying a document out as lines, and finding text in them, without an app."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from newsreader.core.document.model import Block, BlockKind, Document, Link, OutlineNode
from newsreader.core.document.open import document_from_text
from newsreader.core.model import Post
from newsreader.core.text.cells import cell_width
from newsreader.ui.model.find import find_matches
from newsreader.ui.model.layout import HEADER_BLOCK, layout_article
from tests.conftest import SEED

POST = Post(
    "_posts/a.md",
    "标题 [b]x[/b]",
    datetime(2022, 1, 11, 9, 13, tzinfo=timezone(timedelta(hours=8))),
    "a",
    categories=("changzhouribao",),
    tags=("常州日报新闻",),
)


def _seed_document() -> Document:
    body = SEED.read_text(encoding="utf-8").split("---", 2)[2]
    return document_from_text(body, POST.title)


@pytest.mark.parametrize("width", [20, 40, 79, 120])
def test_lines_fit_the_width_and_keep_every_character(width: int) -> None:
    document = _seed_document()
    layout = layout_article(POST, document, width)
    assert all(cell_width(line.text) <= width for line in layout.lines)
    shown = "".join(line.text for line in layout.lines).replace(" ", "")
    for block in document.blocks:
        assert block.text.replace(" ", "").replace("\n", "") in shown


def test_headings_carry_their_level_role_on_the_heading_part_only() -> None:
    document = _seed_document()
    layout = layout_article(POST, document, 200)
    heading = next(n.children[0] for n in document.outline if n.children)  # e.g. (一)
    line = layout.lines[layout.block_y[heading.block]]
    spans = [span for span in line.spans if span[2].startswith("h")]
    assert spans and spans[0][:2] == (0, heading.end)
    assert line.text.startswith(heading.marker)


@pytest.mark.parametrize(
    "body",
    ["<ol><li>推进一网通办</li><li>压缩审批时限</li></ol>", "1. 推进一网通办\n2. 压缩审批时限\n"],
    ids=["html", "markdown"],
)
def test_an_ordered_item_that_is_a_heading_shows_its_number(body: str) -> None:
    document = document_from_text(body)
    assert [n.marker for n in document.outline] == ["1.", "2."]
    layout = layout_article(POST, document, 80)
    lines = [layout.lines[layout.block_y[n.block]] for n in document.outline]
    assert [line.text for line in lines] == ["1. 推进一网通办", "2. 压缩审批时限"]
    spans = [span for span in lines[0].spans if span[2].startswith("h")]
    assert spans[0][:2] == (3, 3 + len("推进一网通办")), "the heading style covers the title"


def test_header_links_and_source_are_laid_out() -> None:
    document = Document(
        blocks=(Block(BlockKind.PARAGRAPH, "见[1]。"),),
        links=(Link(1, "网站", "https://example.com"),),
        source="https://example.com/src",
    )
    layout = layout_article(POST, document, 60)
    texts = [line.text for line in layout.lines]
    assert texts[0] == "标题 [b]x[/b]" and layout.lines[0].block == HEADER_BLOCK
    assert "[1] 网站 https://example.com" in texts
    assert "Source: https://example.com/src" in texts
    body = layout.lines[layout.block_y[0]]
    assert (1, 4, "link") in body.spans


@pytest.mark.parametrize(
    ("block", "expected"),
    [
        (Block(BlockKind.LIST_ITEM, "条目", level=2, marker="3."), "  3. 条目"),
        (Block(BlockKind.QUOTE, "引文"), "│ 引文"),
        (Block(BlockKind.CODE, "a\tb"), "a   b"),
        (Block(BlockKind.IMAGE, "图注"), "[图片] 图注"),
        (Block(BlockKind.TABLE, "", rows=(("名称", "值"), ("长名称", "1"))), "名称   │ 值"),
    ],
)
def test_block_kinds(block: Block, expected: str) -> None:
    layout = layout_article(POST, Document(blocks=(block,)), 60)
    assert layout.lines[layout.block_y[0]].text == expected


def test_dash_items_are_indented_under_their_heading() -> None:
    text = "——实施爱国“先锋行动”。"
    node = OutlineNode(3, "——", "实施爱国“先锋行动”", 0, len(text) - 1)
    document = Document(blocks=(Block(BlockKind.PARAGRAPH, text),), outline=(node,))
    line = layout_article(POST, document, 60).lines[-1]
    assert line.text == "  " + text
    assert line.spans[0] == (2, 2 + node.end, "item")


def test_block_at_maps_lines_back_to_blocks() -> None:
    document = _seed_document()
    layout = layout_article(POST, document, 50)
    assert layout.block_at(0) == HEADER_BLOCK
    for index, y in enumerate(layout.block_y):
        assert layout.block_at(y) == index


@pytest.mark.parametrize(
    ("query", "count"),
    [("科普", None), ("KEJI", 0), ("", 0), ("[1]", None)],
)
def test_find_matches_counts_literal_text(query: str, count: int | None) -> None:
    layout = layout_article(POST, _seed_document(), 80)
    matches = find_matches(layout.lines, query)
    expected = sum(line.text.count(query) for line in layout.lines) if count is None else count
    assert len(matches) == expected
    for pieces in matches:
        found = "".join(layout.lines[y].text[start:end] for y, start, end in pieces)
        assert found.casefold() == query.casefold()


@pytest.mark.parametrize("width", [12, 15, 17, 30])
def test_find_spans_wrapped_lines(width: int) -> None:
    text = "常州市科协召开年会，海外人才离岸创新创业基地建设取得突破。"
    document = Document(blocks=(Block(BlockKind.PARAGRAPH, text),))
    layout = layout_article(POST, document, width)
    (match,) = find_matches(layout.lines, "海外人才离岸创新")
    assert "".join(layout.lines[y].text[a:b] for y, a, b in match) == "海外人才离岸创新"


def test_find_joins_latin_words_split_by_wrapping() -> None:
    document = Document(blocks=(Block(BlockKind.PARAGRAPH, "alpha beta gamma delta"),))
    layout = layout_article(POST, document, 11)
    assert len(find_matches(layout.lines, "beta gamma")) == 1


def test_find_ignores_case() -> None:
    document = Document(blocks=(Block(BlockKind.PARAGRAPH, "RCEP and rcep"),))
    assert len(find_matches(layout_article(POST, document, 60).lines, "Rcep")) == 2


@pytest.mark.parametrize("width", [24, 30, 40, 60])
def test_the_header_breaks_between_tags_never_inside_one(width: int) -> None:
    tags = ("乔治·凯南", "中美关系", "冷战史研究", "外交")
    post = Post(POST.path, "标题", POST.date, "a", categories=("Archive",), tags=tags)
    layout = layout_article(post, Document(blocks=()), width)
    meta = [line.text for line in layout.lines if line.block == HEADER_BLOCK][1:-1]
    words = [word for line in meta for word in line.split("  ")]
    assert words == ["2022-01-11 09:13", "Archive", *(f"#{tag}" for tag in tags)]
    assert all(cell_width(line) <= width for line in meta)


@pytest.mark.parametrize(
    ("moment", "shown"),
    [
        (datetime(2020, 4, 15, tzinfo=timezone(timedelta(hours=8))), "2020-04-15"),
        (datetime(2020, 4, 15, 0, 0, 1, tzinfo=timezone(timedelta(hours=8))), "2020-04-15 00:00"),
        (datetime(2020, 4, 15, 0, 30, tzinfo=timezone(timedelta(hours=8))), "2020-04-15 00:30"),
    ],
)
def test_a_date_without_a_time_shows_no_made_up_midnight(moment: datetime, shown: str) -> None:
    post = Post(POST.path, "标题", moment, "a")
    layout = layout_article(post, Document(blocks=()), 60)
    assert [line.text for line in layout.lines if line.block == HEADER_BLOCK][1] == shown
