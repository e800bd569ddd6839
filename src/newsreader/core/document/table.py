"""How big a table may grow, the note a cut table leaves, and HTML table cells.

A table cell is cheap to write and dear to keep: ``|x`` is two bytes of
Markdown, and markdown-it-py turns it into four tokens (~1.5 KB, ~50 us)
before any HTML exists, so a 4 MB table took 49 s and 2.9 GB. Tables are
therefore cut, Markdown ones before markdown-it builds their tokens
(:mod:`newsreader.core.document.markdown_table`) and HTML ones as the walker
meets their cells (:class:`TableText`), to the same limits:

- :data:`MAX_COLUMNS` columns: 64 columns of a single character each already
  need a 190-cell-wide terminal; no table wider than that is read there.
- :data:`MAX_ROWS` rows per table, the header row included: several screens of
  scrolling per hundred rows; 2,000 is a long results list, not a data dump.
- :data:`MAX_CELLS` cells per document, over all its tables: 2,000 rows of 10
  columns, or 300 of 64, more than a news table holds (a national results
  table by county is ~3,000 rows of 6). It is what bounds the cost: 20,000
  cells take ~30 MB and ~1 s, the whole budget for opening a 5 MB post. The
  two limits above keep one table from being unreadable.

What is cut is dropped, not shown as raw text, and a paragraph built by
:func:`cut_note` says so where the rows would have been; the same words reach
the caller as a problem.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from newsreader.core.document.inline import ASCII_SPACES, LinkTable, one_line
from newsreader.core.document.model import Block, BlockKind

MAX_COLUMNS = 64
MAX_ROWS = 2_000
MAX_CELLS = 20_000


@dataclass(frozen=True, slots=True)
class Cut:
    """What was cut off a table before the walker met it (the Markdown pass cuts in the source).

    Attributes:
        rows: Rows removed from its end.
        columns: Columns removed from its right (the header's count).
    """

    rows: int
    columns: int


@dataclass(slots=True)
class CellBudget:
    """The table cells a document may still show, and the cuts made so far.

    Attributes:
        left: Cells still to spend, over every table of the document.
        notes: One :func:`cut_note` text per table that was cut.
    """

    left: int = MAX_CELLS
    notes: list[str] = field(default_factory=list)

    def rows_for(self, columns: int) -> int:
        """How many rows of ``columns`` cells the next table may have."""
        return min(MAX_ROWS, self.left // max(columns, 1))


def cut_note(rows: int, more_rows: int, columns: int, more_columns: int) -> str:
    """The words that stand for what a cut table does not show.

    Args:
        rows: Rows shown (header included).
        more_rows: Rows cut off the bottom.
        columns: Columns shown.
        more_columns: Columns cut off the right of the widest row.

    Returns:
        For instance ``table cut at 2,000 rows: 48,000 more rows not shown``.
    """
    at, more = [], []
    if more_rows:
        at.append(_count(rows, "row"))
        more.append(_count(more_rows, "more row"))
    if more_columns:
        at.append(_count(columns, "column"))
        more.append(_count(more_columns, "more column"))
    return f"table cut at {' and '.join(at)}: {' and '.join(more)} not shown"


def _count(number: int, noun: str) -> str:
    """``1 row``, ``2,000 rows``."""
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def note_block(note: str) -> Block:
    """The paragraph that shows a :func:`cut_note` in the document."""
    return Block(BlockKind.PARAGRAPH, f"[{note}]")


class TableText:
    """The rows of the HTML table being built, cell by cell, within the limits.

    Cells past :data:`MAX_COLUMNS` in a row, and every row from the first one
    that does not fit (:data:`MAX_ROWS`, or the document's
    :class:`CellBudget`), are counted but not kept, so the table shown is a
    prefix of the real one. The first row always fits, as a Markdown table
    keeps its header (the two walks must cut a Markdown table alike). Links
    in cut cells are not numbered, and those of the row found not to fit
    when it ends are forgotten again, so no ``[n]`` points at text not shown.

    Attributes:
        depth: How many tables are open (a nested table's cells run into the
            outer cell's text; only the outermost table's cells count).
    """

    __slots__ = (
        "depth", "_budget", "_links", "_mark", "_rows", "_row", "_cell", "_width", "_widest",
        "_more_rows", "_cut",
    )  # fmt: skip

    def __init__(self, budget: CellBudget, links: LinkTable, cut: Cut | None = None) -> None:
        self.depth = 1
        self._cut = cut or Cut(0, 0)
        self._budget = budget
        self._links = links
        self._mark = len(links)  # links numbered before the current row
        self._rows: list[tuple[str, ...]] = []
        self._row: list[str] = []
        self._cell: list[str] = []
        self._width = 0  # cells met in the current row, kept or not
        self._widest = 0
        self._more_rows = 0

    def dropping(self) -> bool:
        """Tell whether text arriving now is cut (its links are not numbered either)."""
        return self._more_rows > 0 or self._width >= MAX_COLUMNS

    def add(self, text: str) -> None:
        """Append text to the current cell."""
        if not self.dropping():
            self._cell.append(text)

    def attach(self, reference: str) -> None:
        """Append a link's ``[n]`` right after its text, before any trailing spaces."""
        cell = "".join(self._cell)
        visible = cell.rstrip(ASCII_SPACES)
        self._cell = [visible, reference, cell[len(visible) :]]

    def end_cell(self) -> None:
        """Close the current cell (an empty cell still counts, to keep columns)."""
        if not self.dropping():
            self._row.append(one_line("".join(self._cell)))
        self._width += 1
        self._cell = []

    def end_row(self) -> None:
        """Close the current row; a row without any text is dropped."""
        if any(piece.strip() for piece in self._cell):
            self.end_cell()  # text outside any cell, e.g. a <caption>
        self._cell = []
        if any(self._row) or (self._more_rows and self._width):
            self._keep_row()
        self._row = []
        self._width = 0
        self._mark = len(self._links)

    def _keep_row(self) -> None:
        """Keep the finished row if it fits, else count it as cut."""
        self._widest = max(self._widest, self._width)
        fits = len(self._rows) < MAX_ROWS and len(self._row) <= self._budget.left
        fits = fits or not self._rows  # a table always keeps its first row, as Markdown's header
        if self._more_rows or not fits:
            self._more_rows += 1
            self._links.truncate(self._mark)
            return
        self._budget.left -= len(self._row)
        self._rows.append(tuple(self._row))

    def open_nested(self) -> None:
        """Open a table nested in a cell: its text runs into the cell's."""
        self.depth += 1
        self.add(" ")

    def close_nested(self) -> None:
        """Close a table nested in a cell."""
        self.depth -= 1
        self.add(" ")

    def blocks(self) -> list[Block]:
        """The finished TABLE block (none when it holds no text), then any cut note."""
        self.end_row()
        blocks = []
        if self._rows:
            text = "\n".join(" | ".join(row) for row in self._rows)
            blocks.append(Block(BlockKind.TABLE, text, rows=tuple(self._rows)))
        more_rows = self._more_rows + self._cut.rows
        more_columns = max(self._widest - MAX_COLUMNS, 0) + self._cut.columns
        if more_rows or more_columns:
            shown = min(self._widest, MAX_COLUMNS)
            note = cut_note(len(self._rows), more_rows, shown, more_columns)
            self._budget.notes.append(note)
            blocks.append(note_block(note))
        return blocks
