"""parse_body: inline text — links, emphasis, whitespace, safety (the trailer: test_trailer.py)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsreader.core.document import inline
from newsreader.core.document.model import BlockKind, Link
from newsreader.core.document.parse import parse_body


def texts(body: str) -> list[str]:
    return [block.text for block in parse_body(body).blocks]


@pytest.mark.parametrize(
    ("body", "expected_texts", "expected_links"),
    [
        (
            '<p><a href="http://a/1">甲</a>和<a href="http://b/2">乙</a>，再<a href="http://a/1">甲</a></p>',
            ["甲[1]和乙[2]，再甲[1]"],
            [Link(1, "甲", "http://a/1"), Link(2, "乙", "http://b/2")],
        ),
        (
            "[一](http://x/1) [二](//host/p?a=1&b=2) <http://auto.example/>\n\n正文",
            ["一[1] 二[2] http://auto.example/[3]", "正文"],
            [
                Link(1, "一", "http://x/1"),
                Link(2, "二", "//host/p?a=1&b=2"),
                Link(3, "http://auto.example/", "http://auto.example/"),
            ],
        ),
        (
            '<p><a href="javascript:void(0)">点</a> <a href="JavaScript:x()">击</a>'
            ' <a href="#top">顶</a> <a>无</a> <a href="">空</a>'
            ' <a href="/x"><img alt="图"></a></p>',
            ["点 击 顶 无 空", "图"],
            [],
        ),
        ("[点](javascript:alert(1)) [顶](#sec)", ["点 顶"], []),
        # A bare host before an ideographic space: cmark's autolink takes the space in.
        (
            "* 证券时报\twww.example.com　\t证券时报网\n",
            ["证券时报 www.example.com\u3000[1] 证券时报网"],
            [Link(1, "www.example.com", "http://www.example.com")],
        ),
        (
            '<a href="http://w/"><h2>标题</h2><p>摘要</p></a>'
            '<a href="http://i/"><img alt="图"></a>',
            ["标题", "摘要[1]", "图"],
            [Link(1, "标题 摘要", "http://w/")],
        ),
        (
            '<p><a href="http://a/">  many\n  spaces  </a>后'
            ' <a href="http://b/">多个\n 行</a> 尾</p>',
            ["many spaces[1] 后 多个行[2] 尾"],
            [Link(1, "many spaces", "http://a/"), Link(2, "多个行", "http://b/")],
        ),
        (
            '<table><tr><td><a href="http://t/">表内 </a>x</td></tr></table><p><a href="http://t/">再</a></p>',
            ["表内[1] x", "再[1]"],
            [Link(1, "表内", "http://t/")],
        ),
    ],
)
def test_links(body: str, expected_texts: list[str], expected_links: list[Link]) -> None:
    document = parse_body(body)
    assert [block.text for block in document.blocks] == expected_texts
    assert list(document.links) == expected_links


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("<p>a<script>alert(1)</script>b</p><style>p{}</style><noscript>n</noscript>", ["ab"]),
        ('<iframe src="x">框</iframe><p>正文</p><template><p>t</p></template>', ["正文"]),
        ("<script>var s = '<p>not a block</p>';</script><p>ok</p>", ["ok"]),
        ("<p>&amp; &lt;b&gt; &copy; &#x4e2d;&#25991; &nbsp;x&quot;</p>", ['& <b> © 中文 \xa0x"']),
        (
            "{% include note.html %}\n<p>{{ page.title }} 与 {% raw %}x{% endraw %}</p>",
            [
                "{% include note.html %}",
                "{{ page.title }} 与 {% raw %}x{% endraw %}",
            ],
        ),
        (
            "{% if a %}\n\n正文 {{ b }}\n\n{% endif %}",
            ["{% if a %}", "正文 {{ b }}", "{% endif %}"],
        ),
        ("<p>第一行<br>第二行<br/><br>第三行<br></p>", ["第一行\n第二行\n\n第三行"]),
        (
            "<div>散文一<br><br>散文二<br>同段\n\n散文三<p>段</p>尾</div>",
            [
                "散文一",
                "散文二\n同段",
                "散文三",
                "段",
                "尾",
            ],
        ),
        (
            "body text <span>inline</span>\n<section>节内<div>更深</div></section>",
            [
                "body text inline",
                "节内",
                "更深",
            ],
        ),
        (
            "<p>  a \t\n b  </p><p>\u3000\u3000首行缩进\u3000中间</p><p> \xa0 </p>",
            [
                "a b",
                "首行缩进\u3000中间",
            ],
        ),
        ("中文\n折行\n段落 English\nwrapped", ["中文折行段落 English wrapped"]),
        ("<p></p><div> </div><p><b></b></p><h2> </h2><p>\ufeff\u200b\u3000</p>", []),
        ("\ufeff<p>\u200b正文\u200b</p>", ["正文"]),
        ("<p>x\x1b[31mred\x1b[0m\x1b]0;title\x07 \x07bel\x9b2J</p>", ["xred bel"]),
        ("<p>a&#27;[31mb&#7;c</p>", ["a[31mbc"]),
        ("<p>一</p>\r\n<p>二\r\n续</p>\r\n", ["一", "二续"]),
        ("# 标题\r\n\r\n正文\r\n", ["标题", "正文"]),
    ],
)
def test_inline_text(body: str, expected: list[str]) -> None:
    assert texts(body) == expected


@pytest.mark.parametrize(
    ("body", "bold", "bold_lead"),
    [
        ("<p><b>一、总体要求</b></p>", True, "一、总体要求"),
        ("<p> <strong>全部</strong> <b>加粗</b> </p>", True, "全部 加粗"),
        ("**全部加粗**", True, "全部加粗"),
        ("<p><b>一、总体要求。</b>坚持以人民为中心。</p>", False, "一、总体要求。"),
        ("**（一）强化组织领导。** 成立工作专班", False, "（一）强化组织领导。"),
        ('<p><span style="font-weight: bold">加粗</span>正文</p>', False, "加粗"),
        ('<p><span style="font-weight:700">样式粗</span></p>', True, "样式粗"),
        ("<p>正文<b>中间加粗</b></p>", False, ""),
        ("<p>正文</p>", False, ""),
        ('<p><b><a href="http://x/">链</a>接</b></p>', True, "链[1]接"),
        ("<p><b>上</b><br><b>下</b></p>", True, "上\n下"),
        ("<h2><b>标题</b></h2>", True, "标题"),
    ],
)
def test_bold(body: str, bold: bool, bold_lead: str) -> None:
    (block,) = parse_body(body).blocks
    assert (block.bold, block.bold_lead) == (bold, bold_lead)


def test_bold_does_not_leak_past_its_block() -> None:
    blocks = parse_body("<p><b>粗</b></p><p>细</p>").blocks
    assert [(block.bold, block.bold_lead) for block in blocks] == [(True, "粗"), (False, "")]


def test_list_item_paragraphs_share_one_marker() -> None:
    blocks = parse_body("<ol><li><p>一</p><p>续</p></li><li>二</li></ol>").blocks
    assert [(b.kind, b.text, b.marker) for b in blocks] == [
        (BlockKind.LIST_ITEM, "一", "1."),
        (BlockKind.LIST_ITEM, "续", ""),
        (BlockKind.LIST_ITEM, "二", "2."),
    ]


@given(st.text(max_size=40).filter(lambda raw: raw.isprintable() and "  " not in raw))
def test_normalise_skips_only_a_substitution_that_changes_nothing(raw: str) -> None:
    """Its fast path leaves printable text with no double space alone: the regex agrees."""
    assert inline._ASCII_SPACE.sub(" ", raw) == raw
