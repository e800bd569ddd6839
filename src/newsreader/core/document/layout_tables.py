"""Tell the tables that lay out a page from the tables of data (docs/OUTLINE.md).

Old government pages are built of tables: a banner table, a table whose one
cell holds the whole article, a table of the document's metadata. The block
builder reads a table as rows of one-line cells, which is right for data and
loses an article set in a cell (its paragraphs run together, its headings are
table text). The builder asks this module, before it walks the body, which of
its tables are layout; it then reads their cells as ordinary blocks.

Deciding needs the table's whole shape, which a streaming walk only knows at
its end, so a body holding ``<table`` is parsed once more by libxml2 into a
tree (a body without one costs a single search). Tables are numbered in the
order their start tags come, as the builder meets them, leaving out those
inside elements the builder skips (``<script>``, ``<template>``…).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from itertools import islice

from lxml import etree  # type: ignore[import-untyped]

from newsreader.core.document.table import MAX_ROWS

_TABLE = re.compile(r"<table[\s>/]", re.IGNORECASE)
_HEADINGS = frozenset(f"h{n}" for n in range(1, 7))
_LINES = frozenset({"p", "div", "li", "br"})
"""What starts a paragraph or a line inside a cell."""
_ARTICLE_CHARS = 200
"""Text a cell of paragraphs needs beyond this to be an article, not a long datum."""
_SPACE = re.compile(r"\s+")


def layout_tables(html: str, skipped: Iterable[str]) -> frozenset[int]:
    """The numbers (from 0, in document order) of the tables of ``html`` that lay out a page.

    Args:
        html: An HTML body.
        skipped: Tags whose content the block builder never reads.

    Returns:
        The layout tables' numbers; empty when the body has no table.
    """
    if _TABLE.search(html) is None:
        return frozenset()
    parser = etree.HTMLParser(encoding="utf-8", no_network=True)
    root = etree.fromstring(html.encode("utf-8", "replace"), parser)
    if root is None:
        return frozenset()
    hidden = frozenset(skipped)
    tables = [
        table
        for table in root.xpath("//table")  # past the first root too (a page in a page)
        if not any(above.tag in hidden for above in table.iterancestors())
    ]
    return frozenset(number for number, table in enumerate(tables) if _lays_out(table))


def _lays_out(table: etree._Element) -> bool:
    """Whether ``table`` is page layout: it says so, nests a table, or a cell holds an article."""
    if (table.get("role") or "").strip().lower() == "presentation":
        return True
    if next(table.iterdescendants("table"), None) is not None:
        return True
    return any(_holds_an_article(row) for row in _own_rows(table))


def _own_rows(table: etree._Element) -> Iterator[list[etree._Element]]:
    """The table's rows as the builder may show them, each as its cells (none nested here)."""
    rows = islice(table.iterdescendants("tr"), MAX_ROWS)
    return ([cell for cell in row if cell.tag in ("td", "th")] for row in rows)


def _holds_an_article(cells: list[etree._Element]) -> bool:
    """A cell with a heading, or the row's one cell of text holding paragraphs of an article."""
    if any(next(cell.iterdescendants(*_HEADINGS), None) is not None for cell in cells):
        return True
    texts = [_SPACE.sub("", "".join(cell.itertext())) for cell in cells]
    with_text = [(cell, text) for cell, text in zip(cells, texts, strict=True) if text]
    if len(with_text) != 1:
        return False
    cell, text = with_text[0]
    lines = sum(1 for _ in cell.iterdescendants(*_LINES))
    return lines >= 2 and len(text) > _ARTICLE_CHARS
