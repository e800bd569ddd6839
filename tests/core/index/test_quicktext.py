"""quicktext agrees with the reader: no whole page chrome, no mirror navigation indexed.

The search text is built without the full parse, so each case checks both
paths: every line of the reader's blocks is in the search text, and nothing
the reader drops is. Pages and endings are invented (as in test_extract.py
and test_trailer.py).
"""

from __future__ import annotations

import pytest

from newsreader.core.document.parse import parse_body
from newsreader.core.index.quicktext import searchable_text
from tests.core.document.test_extract import ARTICLE, CHROME, gov_page, news_page

ENDINGS = [
    "<http://src.example/a>\n\n[返回滚动新闻](//m.example/roll/)｜[返回首页](//m.example/)",
    "[返回滚动新闻](//m.example/roll/) | [返回首页](//m.example/)",
    "[返回滚动新闻](//m.example/roll/)\n\n[返回首页](//m.example/)",
    '<p><a href="//m.example/roll/">返回滚动新闻</a>｜<a href="//m.example/">返回首页</a></p>',
    "[原文链接](http://src.example/a)\n[返回首页](//m.example/)",
    "来源：http://src.example/a\n\n<a href='//m.example/'>返回首页</a>",
]


def reader_lines(body: str) -> list[str]:
    return [block.text for block in parse_body(body).blocks]


@pytest.mark.parametrize("ending", ENDINGS)
@pytest.mark.parametrize("kind", ["html", "markdown"])
def test_navigation_is_not_indexed(ending: str, kind: str) -> None:
    article = "<p>第一段。</p>\n<p>第二段。</p>" if kind == "html" else "第一段。\n\n第二段。"
    body = f"{article}\n\n{ending}\n"
    text = searchable_text(body)
    assert text == "第一段。\n第二段。"
    assert reader_lines(body) == ["第一段。", "第二段。"]


@pytest.mark.parametrize("page", [gov_page(), news_page(ARTICLE)], ids=["government", "newspaper"])
def test_a_whole_page_indexes_what_the_reader_shows(page: str) -> None:
    text = searchable_text(page)
    for line in reader_lines(page):
        if "|" not in line:  # a table's row is joined differently; its cells are checked below
            assert line in text
    assert "企业开办（天）" in text
    for chrome in CHROME:
        assert chrome not in text


def test_a_page_kept_whole_is_indexed_whole() -> None:
    page = gov_page("<div>" * 400 + ARTICLE + "</div>" * 400)
    text = searchable_text(page)
    assert "三、保障措施" in text
    assert "版权所有" in text  # shown by the reader too, with a problem saying why
    assert any("版权所有" in line for line in reader_lines(page))


def test_a_drop_down_lists_its_choices_apart_in_both_paths() -> None:
    body = "<p>相关网站<select><option>国务院</option><option>Kappa</option></select></p>"
    assert reader_lines(body) == ["相关网站", "国务院", "Kappa"]
    assert searchable_text(body).split("\n") == ["相关网站", "国务院", "Kappa"]
