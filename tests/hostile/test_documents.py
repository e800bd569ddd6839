"""Post bodies built to exhaust the parser: each one, the promise, the check.

The promise: a hostile body opens in time and memory linear in its size, and
whatever is cut to get there is said twice, in the document (a paragraph where
it was cut) and as a problem. Memory is measured with tracemalloc and linearity
by what is produced, so no figure depends on how busy the machine is.
"""

from __future__ import annotations

import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from newsreader.core.archive.loader import load_archive
from newsreader.core.document.model import Block, BlockKind, Document
from newsreader.core.document.open import document_from_text, open_document
from newsreader.core.document.parse import parse_body_noting
from newsreader.core.document.table import MAX_CELLS, MAX_COLUMNS, MAX_ROWS
from newsreader.core.model import Problem

MB = 1_000_000


def markdown_table(rows: int, columns: int = 2, cell: str = "x") -> str:
    """A GFM table: a header row of ``c0 | c1 ...``, then ``rows`` rows of ``cell``."""
    header = "| " + " | ".join(f"c{n}" for n in range(columns)) + " |\n"
    line = "| " + " | ".join([cell] * columns) + " |\n"
    return header + "|" + "---|" * columns + "\n" + line * rows


def html_table(rows: int, columns: int = 2, cell: str = "x") -> str:
    """An HTML table of ``rows`` rows of ``columns`` cells."""
    return "<table>\n" + ("<tr>" + f"<td>{cell}</td>" * columns + "</tr>\n") * rows + "</table>\n"


def sized(make: Callable[[int], str], size: int) -> str:
    """The body ``make(rows)`` of about ``size`` characters."""
    return make(size // len(make(1)))


def tables(document: Document) -> list[Block]:
    return [block for block in document.blocks if block.kind is BlockKind.TABLE]


def notes(document: Document) -> list[str]:
    return [b.text for b in document.blocks if b.text.startswith("[table cut at ")]


def cells(document: Document) -> int:
    return sum(len(row) for block in tables(document) for row in block.rows)


@dataclass(frozen=True)
class Hostile:
    """One body that would blow up, and what must come out of it.

    Attributes:
        name: The test id.
        body: The post body.
        note: The note the document and the problems must carry.
        rows: Rows the (first) table keeps.
        columns: Cells in each kept row.
    """

    name: str
    body: str
    note: str
    rows: int
    columns: int


HOSTILE = [
    Hostile(
        "Markdown, long",
        markdown_table(MAX_ROWS + 500),
        "table cut at 2,000 rows: 501 more rows not shown",
        MAX_ROWS,
        2,
    ),
    Hostile(
        "Markdown, wide",
        markdown_table(10, 200),
        "table cut at 64 columns: 136 more columns not shown",
        11,
        MAX_COLUMNS,
    ),
    Hostile(
        "Markdown, long and wide: the document's cells run out first",
        markdown_table(1_000, 100),
        "table cut at 312 rows and 64 columns: 689 more rows and 36 more columns not shown",
        MAX_CELLS // MAX_COLUMNS,
        MAX_COLUMNS,
    ),
    Hostile(
        "Markdown, escaped pipes are text",
        markdown_table(3, 70, r"a\|b"),
        "table cut at 64 columns: 6 more columns not shown",
        4,
        MAX_COLUMNS,
    ),
    Hostile(
        "Markdown, in a quote",
        "> " + markdown_table(MAX_ROWS + 5).replace("\n", "\n> ") + "\n\nafter",
        "table cut at 2,000 rows: 6 more rows not shown",
        MAX_ROWS,
        2,
    ),
    Hostile(
        "HTML, long",
        html_table(MAX_ROWS + 500),
        "table cut at 2,000 rows: 500 more rows not shown",
        MAX_ROWS,
        2,
    ),
    Hostile(
        "HTML, wide",
        html_table(10, 200),
        "table cut at 64 columns: 136 more columns not shown",
        10,
        MAX_COLUMNS,
    ),
    Hostile(
        "HTML, long and wide",
        html_table(1_000, 100),
        "table cut at 312 rows and 64 columns: 688 more rows and 36 more columns not shown",
        MAX_CELLS // MAX_COLUMNS,
        MAX_COLUMNS,
    ),
]


@pytest.mark.parametrize("case", HOSTILE, ids=[case.name for case in HOSTILE])
def test_a_table_past_the_limits_is_cut_and_says_so(case: Hostile) -> None:
    document, found = parse_body_noting(case.body)
    table = tables(document)[0]
    assert len(table.rows) == case.rows
    assert {len(row) for row in table.rows} == {case.columns}
    assert found == [case.note]
    assert notes(document) == [f"[{case.note}]"]
    note_at = document.blocks.index(table) + 1
    assert document.blocks[note_at].text == f"[{case.note}]"


@pytest.mark.parametrize(
    "make",
    [lambda rows: markdown_table(rows), lambda rows: html_table(rows)],
    ids=["Markdown", "HTML"],
)
def test_a_4_mb_table_opens_in_bounded_memory(make: Callable[[int], str]) -> None:
    """Before the cut, a 4 MB Markdown table took 49 s and 2.9 GB (730 bytes per byte)."""
    body = sized(make, 4 * MB)
    tracemalloc.start()
    try:
        document = document_from_text(body)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 60 * len(body)
    assert cells(document) == MAX_ROWS * 2
    assert len(notes(document)) == 1


def test_cost_stops_growing_with_the_table() -> None:
    """Twice the table, the same document, and at most twice the memory (linear, not worse)."""
    peaks, documents = [], []
    for size in (MB, 2 * MB):
        body = sized(markdown_table, size)
        tracemalloc.start()
        try:
            documents.append(document_from_text(body))
            peaks.append(tracemalloc.get_traced_memory()[1])
        finally:
            tracemalloc.stop()
    assert tables(documents[0]) == tables(documents[1])
    assert peaks[1] < 2.2 * peaks[0]


def test_the_cells_are_counted_over_the_whole_document() -> None:
    body = "\n\n".join(markdown_table(999, 10) for _ in range(5)) + "\n\n" + html_table(999, 10)
    document, found = parse_body_noting(body)
    shown = [len(block.rows) for block in tables(document)]
    assert shown == [1_000, 1_000, 1, 1, 1, 1]  # a table always keeps its first row
    assert cells(document) <= MAX_CELLS + 4 * 10
    assert found == ["table cut at 1 row: 999 more rows not shown"] * 3 + [
        "table cut at 1 row: 998 more rows not shown"  # the HTML table: no header row
    ]


@pytest.mark.parametrize(
    ("body", "rows"),
    [
        (markdown_table(MAX_ROWS - 1, MAX_CELLS // MAX_ROWS), MAX_ROWS),
        (markdown_table(MAX_CELLS // MAX_COLUMNS - 1, MAX_COLUMNS), MAX_CELLS // MAX_COLUMNS),
        (html_table(MAX_ROWS, MAX_CELLS // MAX_ROWS), MAX_ROWS),
    ],
    ids=["Markdown, long", "Markdown, wide", "HTML"],
)
def test_a_table_at_the_limits_is_whole(body: str, rows: int) -> None:
    document, found = parse_body_noting(body)
    assert found == [] and notes(document) == []
    assert len(tables(document)[0].rows) == rows


def _markdown_links(rows: int) -> str:
    lines = [f"| [l](http://r{n}/) | y |" for n in range(rows)]
    return "| a | b |\n|---|---|\n" + "\n".join(lines) + "\n\nafter [k](http://kept/)"


def _html_links(rows: int) -> str:
    lines = [f"<tr><td><a href='http://r{n}/'>l</a></td><td>y</td></tr>" for n in range(rows)]
    return "<table>" + "".join(lines) + "</table><p>after <a href='http://kept/'>k</a></p>"


@pytest.mark.parametrize(
    ("body", "kept", "line"),
    [
        # 2 header lines, the rows, a blank line: "after" is on the body's line MAX_ROWS + 7.
        (_markdown_links(MAX_ROWS + 3), MAX_ROWS - 1, MAX_ROWS + 7),
        (_html_links(MAX_ROWS + 3), MAX_ROWS, None),
    ],
    ids=["Markdown", "HTML"],
)
def test_what_follows_a_cut_table_is_kept_and_cut_links_are_not_numbered(
    body: str, kept: int, line: int | None
) -> None:
    """The cut rows' links go with them: a ``[n]`` list must not point at text not shown."""
    document = document_from_text(body)
    assert document.blocks[-1] == Block(BlockKind.PARAGRAPH, f"after k[{kept + 1}]", line=line)
    urls = [f"http://r{n}/" for n in range(kept)] + ["http://kept/"]
    assert [link.url for link in document.links] == urls


def test_a_cut_table_is_a_problem_of_its_post(
    make_archive: Callable[[dict[str, str | bytes]], Path],
) -> None:
    body = "---\ntitle: 表\n---\n" + markdown_table(MAX_ROWS + 1)
    archive = load_archive(make_archive({"_posts/2024-01-02-t.md": body}))
    document, found = open_document(archive, archive.posts[0])
    note = "table cut at 2,000 rows: 2 more rows not shown"
    assert found == [Problem("_posts/2024-01-02-t.md", note)]
    assert notes(document) == [f"[{note}]"]


def test_a_post_of_many_cut_tables_is_one_problem(
    make_archive: Callable[[dict[str, str | bytes]], Path],
) -> None:
    """Once the document's cells are spent every further table is cut: one line says so."""
    body = "---\ntitle: 表\n---\n" + "\n\n".join([markdown_table(MAX_ROWS + 1)] * 30)
    archive = load_archive(make_archive({"_posts/2024-01-02-t.md": body}))
    document, found = open_document(archive, archive.posts[0])
    assert len(notes(document)) == 30
    reason = "30 tables cut, the first: table cut at 2,000 rows: 2 more rows not shown"
    assert found == [Problem("_posts/2024-01-02-t.md", reason)]
