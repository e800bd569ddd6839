"""Tables that lay out a page are read as the blocks in their cells; tables of data stay tables.

Every page here is invented, shaped like the table-built pages of old
government sites: a banner table, a metadata table, and the article in a cell.
"""

from __future__ import annotations

import pytest

from newsreader.core.document.layout_tables import layout_tables
from newsreader.core.document.model import BlockKind
from newsreader.core.document.open import document_from_text
from newsreader.core.document.parse import parse_body

SKIPPED = ("script", "template")
PARAGRAPH = "各部门要明确责任分工，细化工作举措，确保各项任务落地见效，定期报送进展情况。"
ARTICLE = (
    "<p>一、总体要求</p>"
    f"<p>{PARAGRAPH * 3}</p>"
    "<p>二、主要任务</p>"
    "<p>（一）提升政务服务效能。全面推行一网通办。</p>"
    f"<p>{PARAGRAPH * 2}</p>"
)
METADATA = (
    "<table><tr><td>索 引 号：</td><td>000000/2031-00001</td>"
    "<td>发文字号：</td><td>某政发〔2031〕1号</td></tr>"
    "<tr><td>发文机关：</td><td>某某市人民政府</td><td>成文日期：</td><td>2031年01月24日</td></tr></table>"
)
TASKS = (
    "<table><tr><td>序号</td><td>重点任务</td><td>责任单位</td></tr>"
    f"<tr><td>1</td><td><p>1.加快建设。{PARAGRAPH * 3}</p><p>{PARAGRAPH}</p></td>"
    "<td>市发改委</td></tr>"
    f"<tr><td>2</td><td><p>2.推进改革。{PARAGRAPH * 3}</p></td><td>市财政局</td></tr></table>"
)


def page(*parts: str) -> str:
    """A page in one outer table, a banner row, then a row per part."""
    rows = "".join(f"<tr><td>{part}</td></tr>" for part in parts)
    banner = "<tr><td><table><tr><td>某某市人民政府</td></tr></table></td></tr>"
    return f'<table width="930">{banner}{rows}</table>'


def outline(body: str) -> list[str]:
    return [f"{node.marker}{node.title}" for node in document_from_text(body).outline]


def test_an_article_in_a_layout_table_keeps_its_blocks_and_outline() -> None:
    body = page(METADATA, f'<table width="650"><tr><td id="content">{ARTICLE}</td></tr></table>')
    assert outline(body) == ["一、总体要求", "二、主要任务"]
    tables = [block.rows for block in parse_body(body).blocks if block.kind is BlockKind.TABLE]
    # The banner (one short cell) and the metadata are data: still tables.
    assert [rows[0][:2] for rows in tables] == [
        ("某某市人民政府",),
        ("索 引 号：", "000000/2031-00001"),
    ]


@pytest.mark.parametrize(
    ("body", "layout"),
    [
        (f"<table><tr><td>{ARTICLE}</td></tr></table>", {0}),  # the row's one cell of text
        (f"<table><tr><td></td><td>{ARTICLE}</td></tr></table>", {0}),
        ('<table role="presentation"><tr><td>a</td><td>b</td></tr></table>', {0}),
        ("<table><tr><td><h2>一、总则</h2>正文</td><td>x</td></tr></table>", {0}),
        (page("x"), {0}),  # a table nested in it; the nested one is data
        (METADATA, set()),
        (TASKS, set()),  # long cells beside others: data
        ("<table><tr><td>" + PARAGRAPH * 9 + "</td></tr></table>", set()),  # one line
        (f"<script>'<table><tr><td>{ARTICLE}</td></tr></table>'</script>{METADATA}", set()),
        ("<p>no table</p>", set()),
    ],
    ids=[
        "one cell", "beside an empty cell", "presentation", "heading", "nested", "metadata",
        "tasks", "one long line", "in a script", "none",
    ],
)  # fmt: skip
def test_which_tables_lay_out_the_page(body: str, layout: set[int]) -> None:
    assert layout_tables(body, SKIPPED) == layout


def test_a_task_table_stays_a_table_and_no_cell_is_a_node() -> None:
    blocks = parse_body("<p>三、保障措施</p>" + TASKS).blocks
    assert [block.kind for block in blocks] == [BlockKind.PARAGRAPH, BlockKind.TABLE]
    assert outline("<p>三、保障措施</p>" + TASKS) == ["三、保障措施"]


def test_tables_are_counted_as_the_builder_meets_them() -> None:
    """A data table first, then a layout one: the second is the one read as blocks."""
    body = METADATA + f"<table><tr><td>{ARTICLE}</td></tr></table>"
    assert layout_tables(body, SKIPPED) == {1}
    blocks = parse_body(body).blocks
    assert blocks[0].kind is BlockKind.TABLE
    assert [block.text for block in blocks[1:3]] == ["一、总体要求", PARAGRAPH * 3]
