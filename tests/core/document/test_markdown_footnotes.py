"""Markdown footnotes as a reader of text expects them (docs/OUTLINE.md, variants)."""

from __future__ import annotations

from newsreader.core.document.model import BlockKind
from newsreader.core.document.open import document_from_text

SOURCE = (
    "## 一、概述\n\n脚注[^1]。再引[^1]。\n\n正文二[^note]。\n\n"
    "[^1]: 注释内容。\n[^note]: 第二条。\n"
)


def test_a_reference_is_a_superscript_number_and_no_link() -> None:
    document = document_from_text(SOURCE)
    texts = [block.text for block in document.blocks]
    assert texts[1:3] == ["脚注¹。再引¹。", "正文二²。"]
    assert document.links == ()


def test_the_notes_follow_a_rule_as_numbered_paragraphs_and_no_heading() -> None:
    document = document_from_text(SOURCE)
    kinds = [block.kind for block in document.blocks]
    assert kinds[3:] == [BlockKind.RULE, BlockKind.PARAGRAPH, BlockKind.PARAGRAPH]
    assert [block.text for block in document.blocks[4:]] == ["¹ 注释内容。", "² 第二条。"]
    assert [block.line for block in document.blocks[4:]] == [7, 8]
    assert [node.title for node in document.outline] == ["概述"]


def test_a_body_without_footnotes_is_as_before() -> None:
    assert [b.text for b in document_from_text("正文[链接](http://a.cn)。\n").blocks] == [
        "正文链接[1]。"
    ]
