"""What the HTML walker records for the outline: bold faces, centring, chrome, marker lines."""

from __future__ import annotations

import pytest

from newsreader.core.document.html import html_to_blocks
from newsreader.core.document.model import Block


def blocks_of(html: str) -> list[Block]:
    return html_to_blocks(html)[0]


def texts(html: str) -> list[str]:
    return [block.text for block in blocks_of(html)]


# Rule 8: bold ------------------------------------------------------------------------------

BOLD = [
    '<p><span style="font-family: 黑体">一、总体要求</span></p>',
    '<p><span style="font-family:方正黑体_GBK; font-size:16pt">总体要求</span></p>',
    "<p><span style=\"font-family:'SimHei'\">总体要求</span></p>",
    '<p><span style="FONT-FAMILY: 方正小标宋简体">某某方案</span></p>',
    '<p><font face="黑体">总体要求</font></p>',
    '<p><span style="font-weight: 700">总体要求</span></p>',
    "<p><b>总体要求</b></p>",
]


@pytest.mark.parametrize("html", BOLD)
def test_bold_forms(html: str) -> None:
    assert blocks_of(html)[0].bold


@pytest.mark.parametrize(
    "html",
    [
        '<p><span style="font-family: 仿宋_GB2312">正文</span></p>',
        '<p><span style="font-weight: 400">正文</span></p>',
        '<p><font face="楷体">正文</font></p>',
    ],
)
def test_plain_faces(html: str) -> None:
    assert not blocks_of(html)[0].bold


def test_bold_marker_in_bare_text_starts_its_own_block() -> None:
    html = (
        "<div>前言。<b>一、总体要求</b>坚持统筹。<b>二、任务</b>建设站点，<b>重点</b>突出。</div>"
    )
    assert texts(html) == ["前言。", "一、总体要求坚持统筹。", "二、任务建设站点，重点突出。"]
    assert blocks_of(html)[1].bold_lead == "一、总体要求"


def test_bold_without_a_marker_stays_in_its_paragraph() -> None:
    assert texts("<div>前言，<b>重点</b>突出。</div>") == ["前言，重点突出。"]


def test_a_marker_line_after_a_break_starts_its_own_block() -> None:
    html = "<p>第一章 总则<br>第一条 为了规范。<br>本条另有规定。<br>第二条 适用范围。</p>"
    assert texts(html) == ["第一章 总则", "第一条 为了规范。\n本条另有规定。", "第二条 适用范围。"]


def test_a_source_line_opening_with_a_marker_starts_its_own_block() -> None:
    html = "<p>\u3000第一章\u3000总则\n\u3000第二章\u3000附则\n依照本法\n第二十条的规定处理。</p>"
    assert texts(html) == ["第一章\u3000总则", "第二章\u3000附则", "依照本法第二十条的规定处理。"]


def test_a_numbered_sentence_line_keeps_the_lines_after_it() -> None:
    html = "<p>1.1 目的。为了规范\n应急工作，制定本预案。\n1.2 依据</p>"
    assert texts(html) == ["1.1 目的。为了规范应急工作，制定本预案。", "1.2 依据"]


def test_a_marker_split_over_elements_after_a_break_starts_its_own_block() -> None:
    html = "<p><span>(</span>一<span>)</span>甲项。<br><span>(</span>二<span>)</span>乙项。</p>"
    assert texts(html) == ["(一)甲项。", "(二)乙项。"]


def test_a_bold_marker_split_over_elements_in_bare_text_starts_its_own_block() -> None:
    html = "<div>前言。<b><span>一</span>、总体要求</b>坚持。</div>"
    assert texts(html) == ["前言。", "一、总体要求坚持。"]


def test_look_alikes_after_a_break_stay_in_their_block() -> None:
    assert texts("<p>投资<br>1.5亿元，增长<br>27.32%。</p>") == ["投资\n1.5亿元，增长\n27.32%。"]


# Rule 5: centred -----------------------------------------------------------------------------

CENTRED = [
    '<p align="center">某某方案</p>',
    '<p style="text-align: center">某某方案</p>',
    "<center>某某方案</center>",
    '<div style="TEXT-ALIGN:center"><span>某某方案</span></div>',
]


@pytest.mark.parametrize("html", CENTRED)
def test_centred_forms(html: str) -> None:
    assert blocks_of(html)[0].centred


def test_centring_ends_with_its_element() -> None:
    blocks = blocks_of('<div align="center">标题</div><p>正文</p>')
    assert [b.centred for b in blocks] == [True, False]


def test_centring_on_an_inline_element_does_not_count() -> None:
    assert not blocks_of('<p>正文<span style="text-align:center">字</span></p>')[0].centred


# Rule 7: chrome --------------------------------------------------------------------------------

CHROME = [
    "<nav><p>首页</p></nav>",
    "<header><h2>某某网</h2></header>",
    "<footer><p>版权所有</p></footer>",
    "<aside><h3>热点</h3></aside>",
    '<div class="breadcrumb">首页 &gt; 新闻</div>',
    '<div id="mainNav"><h3>体育</h3></div>',
    '<div class="site-logo"><h1>某某网</h1></div>',
    '<ul class="menu"><li><h3>财经</h3></li></ul>',
    '<div class="bdshare"><p>分享到</p></div>',
    '<div class="comment-list"><h4>网友评论</h4></div>',
    '<div class="related-news"><h3>相关新闻</h3></div>',
    '<div class="curPosition">位置</div>',
    '<h2><a href="http://example.org/">新闻</a></h2>',
    '<p><a href="/a">一条</a> <a href="/b">两条</a></p>',
    '<ul><li><span>2</span> <a href="/a">某地新闻一则</a></li></ul>',
]


@pytest.mark.parametrize("html", CHROME)
def test_chrome_forms(html: str) -> None:
    assert all(block.chrome for block in blocks_of(html))


NOT_CHROME = [
    "<article><header><h1>标题</h1></header></article>",
    '<div class="unavailable"><p>正文</p></div>',
    '<h2><a name="s1">一、总则</a></h2>',
    '<h2><a href="#s1">一、总则</a></h2>',
    '<p>详见<a href="/a">通知</a>。</p>',
    '<div class="content"><p>正文</p></div>',
]


@pytest.mark.parametrize("html", NOT_CHROME)
def test_not_chrome(html: str) -> None:
    assert not any(block.chrome for block in blocks_of(html))


def test_chrome_ends_with_its_element() -> None:
    blocks = blocks_of("<nav><p>首页</p></nav><p>正文</p>")
    assert [b.chrome for b in blocks] == [1, 0]


def test_chrome_depth_counts_enclosing_chrome_and_all_link_text() -> None:
    html = '<div id="nav-wrap"><p>正文</p><nav><p><a href="/a">首页</a></p></nav></div>'
    assert [b.chrome for b in blocks_of(html)] == [1, 3]


def test_table_text_does_not_make_the_next_block_chrome() -> None:
    html = '<table><tr><td><a href="/x">链接</a></td></tr></table><p>正文</p>'
    assert not blocks_of(html)[-1].chrome
