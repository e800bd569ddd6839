"""Markdown through cmark-gfm, and tables cut in the source exactly as the walker would cut them.

The source pass (``markdown_table.bound_tables``) exists for speed only, so
every body here must give the same document and notes as cmark's whole HTML
walked uncut, which costs what the table costs.
"""

from __future__ import annotations

import pytest
from cmarkgfm.cmark import Options  # type: ignore[import-untyped]
from hypothesis import given, settings
from hypothesis import strategies as st

from newsreader.core.document.html import html_to_blocks
from newsreader.core.document.markdown import _cmark
from newsreader.core.document.markdown_table import bound_tables
from newsreader.core.document.model import Block, BlockKind
from newsreader.core.document.parse import parse_body, parse_body_noting
from newsreader.core.document.table import MAX_ROWS


def uncut(body: str) -> tuple[list[Block], list[str]]:
    """The blocks and notes of ``body`` rendered whole by cmark, cut by the walker alone."""
    html = _cmark(body, Options.CMARK_OPT_SOURCEPOS)
    blocks, _links, notes = html_to_blocks(html, sourcepos=True)
    return blocks, notes


def rows(count: int, line: str = "| x | y |") -> str:
    return "\n".join([line] * count)


BODIES = {
    "long": "| a | b |\n|---|---|\n" + rows(MAX_ROWS + 7) + "\n\nafter",
    "no edge pipes": "a | b\n--|--\n" + rows(MAX_ROWS + 3, "x | y") + "\n",
    "rows without a pipe continue": "| a | b |\n|-|-|\n" + rows(MAX_ROWS) + "\nloose\n| z |\n",
    "ended by a heading": "| a | b |\n|-|-|\n" + rows(MAX_ROWS + 2) + "\n# next\n",
    "wide": "|" + "h|" * 90 + "\n|" + "-|" * 90 + "\n" + rows(5, "|" + "c|" * 95),
    "wide header, short rows": "|" + "h|" * 300 + "\n|" + "-|" * 300 + "\n" + rows(500, "|a|"),
    "empty rows cost nothing": "| a | b |\n|-|-|\n" + rows(MAX_ROWS, "| | |") + "\n" + rows(5),
    "in a quote": "> | a | b |\n> |-|-|\n" + rows(MAX_ROWS + 2, "> | x | y |") + "\n",
    "many tables share the cells": "\n\n".join(
        ["| a | b | c | d | e | f | g | h | i | j |\n|" + "-|" * 10 + "\n" + rows(999, "|x" * 10)]
        * 4
    ),
    "then an HTML table": "| a | b |\n|-|-|\n"
    + rows(MAX_ROWS + 1)
    + "\n\n<table>"
    + "<tr><td>1</td></tr>" * 30
    + "</table>\n",
    "fenced code is no table": "```\n| a | b |\n|-|-|\n" + rows(MAX_ROWS + 1) + "\n```\n",
    "escaped pipes": "| a | b |\n|-|-|\n" + rows(MAX_ROWS + 1, r"| x\|z | y |"),
}


# Bodies the source pass must leave whole: the walker cuts nothing there either.
WHOLE = {"empty rows cost nothing", "fenced code is no table"}


@pytest.mark.parametrize("name", BODIES)
def test_a_table_cut_in_the_source_is_the_table_cut_by_the_walker(name: str) -> None:
    body = BODIES[name]
    document, notes = parse_body_noting(body)
    assert (list(document.blocks), notes) == uncut(body)
    assert bool(bound_tables(body).cuts) is (name not in WHOLE)
    assert bool(notes) is (name not in WHOLE)


@settings(max_examples=20, deadline=None)
@given(
    columns=st.integers(1, 70),
    counts=st.lists(st.integers(0, 2_050), min_size=1, max_size=3),
    cell=st.sampled_from(["x", "", " ", "a\\|b", "`c`"]),
)
def test_any_tables_cut_alike(columns: int, counts: list[int], cell: str) -> None:
    header = "|" + "h|" * columns + "\n|" + "-|" * columns + "\n"
    body = "\n\n".join(header + rows(count, "|" + f"{cell}|" * columns) for count in counts)
    document, notes = parse_body_noting(body)
    assert (list(document.blocks), notes) == uncut(body)


def test_the_source_pass_leaves_a_body_within_the_limits_alone() -> None:
    body = "| a | b |\n|-|-|\n" + rows(100)
    assert bound_tables(body).text is body and bound_tables(body).cuts == {}


@pytest.mark.parametrize(
    ("body", "blocks"),
    [
        ("~~gone~~ kept", [Block(BlockKind.PARAGRAPH, "gone kept", line=1)]),
        ("see www.example.com", [Block(BlockKind.PARAGRAPH, "see www.example.com[1]", line=1)]),
        ("<style>p {}</style>\n\ntext", [Block(BlockKind.PARAGRAPH, "text", line=3)]),
        ("x <b>bold</b>", [Block(BlockKind.PARAGRAPH, "x bold", bold_lead="", line=1)]),
        ("[a](javascript:alert(1))", [Block(BlockKind.PARAGRAPH, "a", line=1)]),
    ],
    ids=["strikethrough", "autolink", "raw style hidden", "raw inline HTML", "unsafe link"],
)
def test_gfm_syntax(body: str, blocks: list[Block]) -> None:
    assert list(parse_body(body).blocks) == blocks
