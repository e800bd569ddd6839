"""One section of a document as a document, and file names from titles."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from newsreader.core.document.model import Block, BlockKind, Document, Link, OutlineNode
from newsreader.core.export.names import MAX_NAME_BYTES, title_filename
from newsreader.core.export.section import section_at, section_document, section_end
from newsreader.core.model import Post

P = BlockKind.PARAGRAPH


def _document() -> Document:
    texts = ["导语", "一、总体要求", "（一）指导思想[1]", "正文甲", "（二）基本原则", "正文乙[2]"]
    texts += ["二、重点任务", "正文丙"]
    sub = (OutlineNode(2, "（一）", "指导思想", 2, 6), OutlineNode(2, "（二）", "基本原则", 4, 6))
    outline = (
        OutlineNode(1, "一、", "总体要求", 1, 6, sub),
        OutlineNode(1, "二、", "重点任务", 6, 6),
    )
    links = (Link(1, "甲", "https://a.example/1"), Link(2, "乙", "https://a.example/2"))
    return Document(tuple(Block(P, t) for t in texts), links, "https://src.example/", outline)


@pytest.mark.parametrize(
    ("block", "heading"),
    [
        (0, None),
        (1, "总体要求"),
        (3, "指导思想"),
        (5, "基本原则"),
        (6, "重点任务"),
        (7, "重点任务"),
    ],
)
def test_the_innermost_section_holding_a_block(block: int, heading: str | None) -> None:
    node = section_at(_document(), block)
    assert (node.title if node else None) == heading


@pytest.mark.parametrize(("block", "end"), [(1, 6), (2, 4), (4, 6), (6, 8)])
def test_a_section_ends_at_the_next_heading_at_its_level_or_above(block: int, end: int) -> None:
    document = _document()
    node = next(n for n in _all(document) if n.block == block)
    assert section_end(document, node) == end


def test_a_dash_item_is_not_a_section_of_its_own() -> None:
    item = OutlineNode(2, "——", "推进组织建设", 1, 2)
    head = OutlineNode(1, "一、", "总体要求", 0, 5, (item,))
    blocks = tuple(Block(P, t) for t in ("一、总体要求", "——推进组织建设", "正文"))
    node = section_at(Document(blocks, outline=(head,)), 2)
    assert node is not None and node.title == "总体要求"


def _all(document: Document) -> list[OutlineNode]:
    return [n for top in document.outline for n in (top, *top.children)]


def test_a_section_keeps_its_sub_headings_and_the_links_it_cites() -> None:
    document = _document()
    part = section_document(document, document.outline[0])
    assert [b.text for b in part.blocks] == [
        "一、总体要求",
        "（一）指导思想[1]",
        "正文甲",
        "（二）基本原则",
        "正文乙[2]",
    ]
    (top,) = part.outline
    assert (top.block, [c.block for c in top.children]) == (0, [1, 3])
    assert [link.number for link in part.links] == [1, 2]
    assert part.source == "https://src.example/"
    inner = section_document(document, document.outline[0].children[0])
    assert [link.number for link in inner.links] == [1]
    assert [b.text for b in inner.blocks] == ["（一）指导思想[1]", "正文甲"]


def _post(title: str, slug: str = "x") -> Post:
    return Post("_posts/x.md", title, datetime(2022, 1, 11, tzinfo=UTC), slug)


@pytest.mark.parametrize(
    ("title", "part", "name"),
    [
        (
            "常州市科协事业发展“十四五”规划（纲要）",
            "",
            "常州市科协事业发展“十四五”规划（纲要）.txt",
        ),
        ("标题", "一、总体要求", "标题 - 一、总体要求.txt"),
        ("a/b: c?", "", "a_b_ c_.txt"),
        ("..", "", "__.txt"),
        ("\u202e", "", "2022-01-11-x.txt"),
        ("CON", "", "_CON.txt"),
    ],
)
def test_title_file_names_are_safe(title: str, part: str, name: str) -> None:
    assert title_filename(_post(title), part) == name


def test_a_long_title_is_cut_within_the_name_limit() -> None:
    name = title_filename(_post("长" * 300))
    assert name.endswith(".txt") and len(name.encode("utf-8")) <= MAX_NAME_BYTES
