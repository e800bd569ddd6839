"""parse_body: the seed post, HTML/Markdown sniffing, and every block kind."""

from __future__ import annotations

import frontmatter
import pytest

from newsreader.core.document.html import MAX_NESTING
from newsreader.core.document.markdown import looks_like_html
from newsreader.core.document.model import Block, BlockKind, Document
from newsreader.core.document.parse import parse_body
from tests.conftest import SEED

P, H, LI, Q, CODE, TABLE, IMG, RULE = (
    BlockKind.PARAGRAPH,
    BlockKind.HEADING,
    BlockKind.LIST_ITEM,
    BlockKind.QUOTE,
    BlockKind.CODE,
    BlockKind.TABLE,
    BlockKind.IMAGE,
    BlockKind.RULE,
)


def shape(document: Document) -> list[tuple[BlockKind, str, int, str]]:
    """Each block as (kind, text, level, marker), for compact expectations."""
    return [(block.kind, block.text, block.level, block.marker) for block in document.blocks]


@pytest.fixture(scope="module")
def seed() -> Document:
    return parse_body(frontmatter.load(SEED).content)


def test_seed_blocks(seed: Document) -> None:
    assert len(seed.blocks) == 94
    assert all(block.kind is P for block in seed.blocks)
    texts = [block.text for block in seed.blocks]
    assert texts[0].startswith("为深入贯彻习近平新时代中国特色社会主义思想")
    assert texts[1:3] == ["一、发展目标", texts[2]]
    assert texts[2].startswith("(一)政治引领科技界能力更加突出。")
    assert texts[8:11] == [
        "(一)实施思想政治引领工程，凝聚科技创新力量",
        "1。弘扬爱国奋斗精神",
        "——实施爱国“先锋行动”。",
    ]
    assert texts[-2:] == ["——搭建工作平台。", "（文章来源：常州日报）"]


def test_seed_trailer_is_source_and_its_navigation_is_dropped(seed: Document) -> None:
    assert seed.source == (
        "http://finews.zning.xyz/html_News/NewsShare.html?infoCode=NW202201112242932867"
    )
    assert seed.links == ()
    assert not any("返回" in block.text or "http" in block.text for block in seed.blocks)
    assert seed.outline == ()


@pytest.mark.parametrize(
    ("body", "is_html"),
    [
        ("<p>一</p>\n<p>二</p>", True),
        (" \n\n  <div class='x'>正文</div>", True),
        ("<!-- converted --><p>a</p>", True),
        ("第一段<br>第二段<br>第三段<br>", True),  # one line, block tags dominate
        ("# 标题\n\n正文", False),
        ("正文一段。\n\n第二段。", False),
        ("- 项目\n- 项目", False),
        ("<div align=center>图</div>\n\n# 一\n\n## 二\n\n- 三", False),  # Markdown dominates
        ("# 标题\n\n<table><tr><td>a</td></tr></table>", False),
        ("<span>行内</span>起头的 Markdown *文本*", False),
        ("", False),
        # Head-only elements say nothing: the judgement starts after them.
        (
            '<link href="<?=url();?>a.css" rel="stylesheet" />\n<style>\n</style>\n\n'
            "<div>\n    <p>一、总则</p>\n    <p>二、分则</p>\n</div>",
            True,
        ),
        (
            '<meta charset="utf-8">\n<title>某某</title>\n<script>var a = "<p>";</script>\n'
            "<!-- 存档 -->\n    <table><tr><td>甲</td></tr></table>",
            True,
        ),
        ("<style>p { color: red }</style>\n\n# 标题\n\n- 一项\n- 二项", False),
        ("<link rel=icon href=x.ico>\n正文一段。\n\n第二段。", False),
        ("<style>未闭合的样式\n\n正文", False),
    ],
)
def test_sniffing(body: str, is_html: bool) -> None:
    assert looks_like_html(body) is is_html


def test_html_body_keeps_markdown_syntax_as_text() -> None:
    assert shape(parse_body("<p>a</p>\n\n    not code *x*")) == [
        (P, "a", 0, ""),
        (P, "not code *x*", 0, ""),
    ]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "".join(f"<h{n}>标题{n}</h{n}>" for n in range(1, 7)),
            [(H, f"标题{n}", n, "") for n in range(1, 7)],
        ),
        (
            "# 一级\n\n### 三级\n\n正文",
            [(H, "一级", 1, ""), (H, "三级", 3, ""), (P, "正文", 0, "")],
        ),
        ("一级\n===\n", [(H, "一级", 1, "")]),
        (
            "<ul><li>a<ul><li>b<ol><li>c</li></ol></li></ul></li><li>d</li></ul>",
            [(LI, "a", 1, "•"), (LI, "b", 2, "•"), (LI, "c", 3, "1."), (LI, "d", 1, "•")],
        ),
        (
            '<ol start="3"><li>x</li><li value="7">y</li><li>z</li></ol>',
            [(LI, "x", 1, "3."), (LI, "y", 1, "7."), (LI, "z", 1, "8.")],
        ),
        ("3. x\n4. y\n", [(LI, "x", 1, "3."), (LI, "y", 1, "4.")]),
        (
            "- a\n\n  second para\n- b\n",
            [(LI, "a", 1, "•"), (LI, "second para", 1, ""), (LI, "b", 1, "•")],
        ),
        (
            "<blockquote><p>q1</p><p>q2</p><blockquote>deep</blockquote></blockquote><p>after</p>",
            [(Q, "q1", 1, ""), (Q, "q2", 1, ""), (Q, "deep", 2, ""), (P, "after", 0, "")],
        ),
        ("> 引用\n> 续\n\n正文", [(Q, "引用续", 1, ""), (P, "正文", 0, "")]),
        ("<pre>\n  a  b\n\tc\n\n  d\n</pre>", [(CODE, "  a  b\n\tc\n\n  d", 0, "")]),
        ("```\nif x:\n    y = <b>\n```\n", [(CODE, "if x:\n    y = <b>", 0, "")]),
        ("<pre><code><span>x</span>  =<br>1</code></pre>", [(CODE, "x  =\n1", 0, "")]),
        (
            '<p>前<img src="a.png" alt="示意图">后</p>',
            [(P, "前", 0, ""), (IMG, "示意图", 0, ""), (P, "后", 0, "")],
        ),
        ('<img src="a.png">', [(IMG, "", 0, "")]),
        ("![图 一](a.png)", [(IMG, "图 一", 0, "")]),
        ("<p>a</p><hr><p>b</p>", [(P, "a", 0, ""), (RULE, "", 0, ""), (P, "b", 0, "")]),
        ("a\n\n---\n\nb", [(P, "a", 0, ""), (RULE, "", 0, ""), (P, "b", 0, "")]),
    ],
)
def test_block_kinds(body: str, expected: list[tuple[BlockKind, str, int, str]]) -> None:
    assert shape(parse_body(body)) == expected


@pytest.mark.parametrize(
    ("body", "rows", "text", "line"),
    [
        (
            "<table><tr><th>项目</th><th>数值</th></tr><tr><td>人数</td><td> 20 </td></tr></table>",
            (("项目", "数值"), ("人数", "20")),
            "项目 | 数值\n人数 | 20",
            None,  # an HTML body has no source lines
        ),
        ("| a | b |\n|---|---|\n| 1 | 2 |\n", (("a", "b"), ("1", "2")), "a | b\n1 | 2", 1),
        (
            "<table><tr><td><p>x</p><p>y</p></td><td>a<br>b</td></tr><tr><td></td></tr></table>",
            (("x y", "a b"),),
            "x y | a b",
            None,
        ),
    ],
)
def test_tables(body: str, rows: tuple[tuple[str, ...], ...], text: str, line: int | None) -> None:
    document = parse_body(body)
    assert document.blocks == (Block(TABLE, text, rows=rows, line=line),)


def test_table_among_paragraphs() -> None:
    body = "<p>前</p><table><tr><td>1</td></tr></table><p>后</p>"
    assert [block.kind for block in parse_body(body).blocks] == [P, TABLE, P]


def test_raw_html_inside_markdown_survives() -> None:
    body = "# 标题\n\n<div class='note'><p>原始 <b>HTML</b></p></div>\n\n正文 *强调*"
    assert shape(parse_body(body)) == [
        (H, "标题", 1, ""),
        (P, "原始 HTML", 0, ""),
        (P, "正文 强调", 0, ""),
    ]


def test_deeply_nested_divs_keep_their_text() -> None:
    depth = 100_000
    body = "<div>" * depth + "深处" + "</div>" * depth + "<p>之后</p>"
    assert shape(parse_body(body)) == [(P, "深处", 0, ""), (P, "之后", 0, "")]


def test_deeply_nested_lists_keep_every_item_at_a_bounded_level() -> None:
    """Every level indents its lines: 20,000 of them made 400 MB of ``--export --no-wrap``."""
    depth = 5_000
    body = "<ul><li>x" * depth + "</li></ul>" * depth
    blocks = parse_body(body).blocks
    assert len(blocks) == depth
    assert [block.level for block in blocks[: MAX_NESTING + 2]] == [
        *range(1, MAX_NESTING + 1),
        MAX_NESTING,
        MAX_NESTING,
    ]
    assert blocks[-1].level == MAX_NESTING
    quoted = parse_body("<blockquote>" * 40 + "引文" + "</blockquote>" * 40).blocks
    assert [(block.text, block.level) for block in quoted] == [("引文", MAX_NESTING)]


def test_large_body_keeps_every_block() -> None:
    """A 1 MB body parses whole (its speed is measured by ``newsreader.bench``)."""
    body = "<p>一、<b>标题</b>正文<a href='http://x/1'>链接</a></p>\n" * 15_000
    document = parse_body(body)
    assert len(document.blocks) == 15_000
    assert document.blocks[-1].text == "一、标题正文链接[1]"


def test_a_markdown_table_still_interrupts_a_paragraph() -> None:
    """The table rule is replaced by a bounded one: it must keep the upstream rule's chains."""
    body = "前文\n| a | b |\n|---|---|\n| 1 | 2 |\n"
    assert [block.kind for block in parse_body(body).blocks] == [P, TABLE]
