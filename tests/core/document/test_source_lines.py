"""Source lines of Markdown blocks (``Block.line``): the body's, then the post file's.

An editor jumps to a heading by its line, so every case names the exact line
a block's first visible character stands on.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from newsreader.core.archive.loader import load_archive
from newsreader.core.document.model import Block
from newsreader.core.document.open import open_document
from newsreader.core.document.parse import parse_body
from newsreader.core.document.table import MAX_ROWS
from newsreader.core.export.render import outline_json


def lines_of(blocks: tuple[Block, ...]) -> list[tuple[str, int | None]]:
    """Each block's first characters and its line."""
    return [(block.text[:6], block.line) for block in blocks]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("# 标题\n\n正文。\n", [("标题", 1), ("正文。", 3)]),
        ("\n\n## 二级\n", [("二级", 3)]),
        ("导语。\n\n\n一、总体要求\n", [("导语。", 1), ("一、总体要求", 4)]),
        # A marker line after a soft break is a block of its own, on its own line.
        (
            "说明如下\n第一条　适用范围\n第二条　原则\n",
            [("说明如下", 1), ("第一条　适用", 2), ("第二条　原则", 3)],
        ),
        # ... and after a hard break (two spaces, or a backslash).
        (
            "（一）第一段\n接着  \n（二）第二段，内容。\n",
            [("（一）第一段", 1), ("（二）第二段", 3)],
        ),
        ("开头\\\n（一）第一项，内容。\n", [("开头", 1), ("（一）第一项", 2)]),
        # A bare numbered line, its text on the next: the text keeps counting.
        (
            "前言\n1.1 编制目的\n正文在此。\n1.2 原则\n",
            [("前言", 1), ("1.1 编制", 2), ("正文在此。", 3), ("1.2 原则", 4)],
        ),
        # Two bare numbered lines in a row: the second's text is its own block too.
        (
            "纲要\n第一章 发展基础\n一、发展基础\n某区五年来成效显著。\n",
            [("纲要", 1), ("第一章 发展", 2), ("一、发展基础", 3), ("某区五年来成", 4)],
        ),
        (
            "文字\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n其后\n",
            [("文字", 1), ("a | b\n", 3), ("其后", 7)],
        ),
        ("- 一\n- 二\n\n  续\n", [("一", 1), ("二", 2), ("续", 4)]),
        ("> 引文\n\n---\n\n![图](a.png)\n", [("引文", 1), ("", 3), ("图", 5)]),
        ("```\ncode\n```\n\n后文\n", [("code", 1), ("后文", 5)]),
        # Raw HTML inside Markdown carries no position: no line rather than a wrong one.
        ("前\n\n<div>\n<p>原样</p>\n</div>\n\n后\n", [("前", 1), ("原样", None), ("后", 7)]),
        # An HTML body has none, whatever attributes it carries.
        ('<p data-sourcepos="9:1-9:3">段落</p>', [("段落", None)]),
    ],
    ids=[
        "heading", "leading blank lines", "numbered paragraph", "soft-break marker lines",
        "hard-break marker line", "backslash break", "bare heading line",
        "two bare heading lines", "table", "list",
        "quote rule image", "code", "raw html", "html body",
    ],
)  # fmt: skip
def test_block_lines_of_a_body(body: str, expected: list[tuple[str, int | None]]) -> None:
    assert lines_of(parse_body(body).blocks) == expected


def test_lines_after_a_table_cut_in_the_source_are_the_bodys() -> None:
    rows = "\n".join(["| x | y |"] * (MAX_ROWS + 50))
    body = f"| a | b |\n|---|---|\n{rows}\n\n# 后面\n"
    blocks = parse_body(body).blocks
    assert blocks[-1].text == "后面" and blocks[-1].line == MAX_ROWS + 50 + 4


POST_BODY = "一、总体要求\n\n正文。\n\n二、主要任务\n\n正文。\n"


@pytest.mark.parametrize(
    ("head", "first_line"),
    [
        ("", 1),
        ("---\ntitle: 一\n---\n", 4),
        ("---\ntitle: 一\nlayout: post\ncategories: [a, b]\ntags:\n  - x\n---\n", 8),
        ("\ufeff---\ntitle: 一\n---\n", 4),
        ("---\r\ntitle: 一\r\nlayout: post\r\n---\r\n", 5),
        ("---\n---\n", 3),
    ],
    ids=["no front matter", "three lines", "seven lines", "bom", "crlf", "empty front matter"],
)
def test_outline_lines_are_lines_of_the_post_file(
    tmp_path: Path, head: str, first_line: int
) -> None:
    body = POST_BODY.replace("\n", "\r\n") if "\r\n" in head else POST_BODY
    path = tmp_path / "2022-01-01-post.md"
    path.write_bytes((head + body).encode("utf-8"))
    archive = load_archive(path)
    document, problems = open_document(archive, archive.posts[0])
    assert problems == []
    lines = [(node["title"], node.get("line")) for node in outline_json(document)]
    assert lines == [("总体要求", first_line), ("主要任务", first_line + 4)]
    file_lines = path.read_bytes().decode("utf-8-sig").splitlines()
    assert file_lines[first_line - 1] == "一、总体要求"
    assert file_lines[first_line + 3] == "二、主要任务"


def test_an_html_post_has_no_outline_lines(tmp_path: Path) -> None:
    path = tmp_path / "2022-01-01-post.md"
    path.write_text("---\ntitle: 一\n---\n<h2>第一章</h2>\n<p>一、总体要求</p>\n", encoding="utf-8")
    archive = load_archive(path)
    document, _problems = open_document(archive, archive.posts[0])
    nodes = outline_json(document)
    assert nodes and all("line" not in node for node in nodes)
