"""Markdown as Jekyll's kramdown reads it: tight Chinese bold, attribute lists, Liquid code."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsreader.core.document.markdown_kramdown import kramdown_source
from newsreader.core.document.open import document_from_text
from tests.core.outline.helpers import tree


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("**（一）加快建设。**全面推进。", "<strong>（一）加快建设。</strong>全面推进。"),
        ("正文**（二）标题**继续", "正文<strong>（二）标题</strong>继续"),
        ("**加粗**", "<strong>加粗</strong>"),  # cmark would read it too: the same HTML
        ("**bold** and **more**", "**bold** and **more**"),  # no CJK: left to cmark
        ("`**代码**` **真的**", "`**代码**` <strong>真的</strong>"),
        (r"\**不是**", r"\**不是**"),  # escaped
        ("***三星***", "***三星***"),
        ("** 空格 **", "** 空格 **"),  # a space just inside opens nothing
        ("    **缩进代码**", "    **缩进代码**"),
        ("```\n**围栏**\n```\n**外面**", "```\n**围栏**\n```\n<strong>外面</strong>"),
    ],
)
def test_pairs_touching_chinese_become_strong(source: str, expected: str) -> None:
    assert kramdown_source(source) == expected


def test_a_tight_bold_lead_in_is_a_heading_in_markdown() -> None:
    source = "## 一、主要任务\n\n**（一）加快建设。**内容。\n\n**（二）强化保障。**内容。\n"
    document = document_from_text(source)
    assert tree(document.outline) == ["一、 主要任务", "  （一） 加快建设", "  （二） 强化保障"]
    assert all("*" not in block.text for block in document.blocks)
    assert [block.line for block in document.blocks] == [1, 3, 5]


@given(st.text(alphabet="*`\\ \n中。a（", max_size=40))
def test_lines_stay_and_only_pairs_change(source: str) -> None:
    made = kramdown_source(source)
    assert made.count("\n") == source.count("\n")
    assert made.replace("<strong>", "**").replace("</strong>", "**") == source


@given(st.text(alphabet="{}:%#*`\\ \n中。a（)]", max_size=60))
def test_no_line_is_ever_added_or_removed(source: str) -> None:
    assert kramdown_source(source).count("\n") == source.count("\n")


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('[下载](a.pdf){:target="_top"}（可阅读）', "[下载](a.pdf)（可阅读）"),
        ("* TOC\n{:toc}\n", "* TOC\n\n"),
        ("## 一、概述\n{: #gaishu .title}\n正文", "## 一、概述\n\n正文"),
        ("## 一、概述 {#gaishu}", "## 一、概述"),
        ("{% highlight python %}\n**x**{:y}\n{% endhighlight %}", "```python\n**x**{:y}\n```"),
        ("这是{% raw %}{{ x }}{% endraw %}。", "这是{{ x }}。"),
        ("`{:keep}` 与 {:not-a-span}", "`{:keep}` 与 {:not-a-span}"),  # code, and no span before
        ("```\n{: .kept}\n```", "```\n{: .kept}\n```"),
    ],
)
def test_kramdown_attribute_lists_and_liquid_code(source: str, expected: str) -> None:
    assert kramdown_source(source) == expected


def test_a_link_with_an_attribute_list_reads_as_the_link_alone() -> None:
    document = document_from_text('见[方案](../c/a.txt){:target="_top"}（第九版）\n')
    assert [block.text for block in document.blocks] == ["见方案[1]（第九版）"]
