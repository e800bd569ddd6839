"""GFM tables held to the limits of :mod:`~newsreader.core.document.table` before cmark reads them.

cmark-gfm parses a table in C, but ~1 s a megabyte of rows, and it completes
every short row to the header's width: a 40 KB table of a 5,000-column header
and one-cell rows renders to 5 MB of HTML. So the Markdown source is cut first,
in one scan of C-speed regular expressions (:func:`bound_tables`): each table
keeps the rows and columns the HTML walker would keep, by the walker's own
rules (:class:`~newsreader.core.document.table.TableText`), and loses the rest.

The walker still cuts and writes the note: it is told, for each table this
pass cut, by the line the table starts on in the text cmark reads (cmark's
``data-sourcepos``), how many rows and columns it no longer sees, and adds
them to its own count. So a Markdown table is cut exactly where, and said to
be cut exactly as, an HTML table of the same cells is, and what the HTML
walker spends on tables stays bounded by what it keeps.

Where a table ends is GFM's rule as far as a scan can tell: at a blank line or
a line that opens another block. Tables in fenced code are not tables.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache

from newsreader.core.document.table import MAX_COLUMNS, MAX_ROWS, CellBudget, Cut

# The container prefix a line may carry: up to three spaces, quote markers.
_PREFIX = r"(?:[ ]{0,3}>[ ]?)*[ ]{0,3}"
# A delimiter row (``|---|:--:|``); it makes the line above a table's header.
_DELIMITER = re.compile(
    rf"^(?P<prefix>{_PREFIX})(?=[^\n]*\|)\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$",
    re.MULTILINE,
)
_FENCE = re.compile(rf"^{_PREFIX}(?:```|~~~)", re.MULTILINE)
# A line (after its prefix) that opens another block, so ends a table.
_BLOCK_START = re.compile(
    r"[ ]{4}|>|#{1,6}(?:[ \t]|$)|[-*+](?:[ \t]|$)|\d{1,9}[.)](?:[ \t]|$)|```|~~~|<"
)
_QUOTE = re.compile(r"[ ]{0,3}>[ ]?")
# A cell separator: a pipe not escaped by a backslash.
_SEPARATOR = re.compile(r"(?<!\\)\|")
_CELL_TEXT = re.compile(r"[^|\s]")


@dataclass(slots=True)
class BoundTables:
    """The Markdown text with its tables cut, and what was cut, by header line (1-based).

    ``shifts`` give the body's own line numbers back: from each line of
    ``text`` listed (the first after a table that lost rows), how many lines
    more the body had above it, in order.
    """

    text: str
    cuts: dict[int, Cut] = field(default_factory=dict)
    shifts: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True, slots=True)
class _Table:
    """One table found in the source: where its lines are, and its header's width.

    Attributes:
        prefix: The header line's container prefix (indent, quote markers).
        start: Where the header line starts.
        delimiter: Where the delimiter row starts.
        body: Where the first row after the delimiter row starts.
        end: Just past the table's last line.
        columns: The header's cells.
    """

    prefix: str
    start: int
    delimiter: int
    body: int
    end: int
    columns: int


def bound_tables(text: str) -> BoundTables:
    """Cut every GFM table of ``text`` to what the HTML walker would show of it.

    Args:
        text: A Markdown body.

    Returns:
        The text to hand cmark (``text`` itself when nothing was cut) and,
        for each table cut, its header's line in that text and what it lost.
    """
    if "|" not in text or "-" not in text:
        return BoundTables(text)
    budget = CellBudget()
    pieces: list[str] = []
    cuts: dict[int, Cut] = {}
    done = lines_out = lines_in = 0
    shifts: list[tuple[int, int]] = []
    for table in _tables(text):
        kept, cut = _keep(text, table, budget)
        if cut is None:
            continue
        pieces.append(text[done : table.start])
        lines_out += text.count("\n", done, table.start)
        cuts[lines_out + 1] = cut
        pieces.extend(kept)
        lines_out += len(kept)
        lines_in += text.count("\n", done, table.end)
        done = table.end
        if lines_in != lines_out:
            shifts.append((lines_out + 1, lines_in - lines_out))
    if not cuts:
        return BoundTables(text)
    pieces.append(text[done:])
    return BoundTables("".join(pieces), cuts, tuple(shifts))


def _tables(text: str) -> Iterator[_Table]:
    """Each table of ``text`` in order, outside fenced code."""
    fences = [match.start() for match in _FENCE.finditer(text)]
    resume = 0
    for match in _DELIMITER.finditer(text):
        start = match.start()
        if start < resume or start == 0 or _fenced(fences, start):
            continue
        header_start = text.rfind("\n", 0, start - 1) + 1
        header = text[header_start : start - 1]
        prefix = match["prefix"]
        if not header.startswith(prefix) or "|" not in header:
            continue
        columns = _cells(header[len(prefix) :])
        if columns != _cells(match[0][len(prefix) :]):
            continue  # GFM: a header and delimiter row of different widths make no table
        body = _line_end(text, start)
        resume = _table_end(text, prefix, body)
        yield _Table(prefix, header_start, start, body, resume, columns)


def _fenced(fences: list[int], offset: int) -> bool:
    """Tell whether ``offset`` lies inside fenced code (an odd number of fences before it)."""
    return bisect_left(fences, offset) % 2 == 1


def _line_end(text: str, start: int) -> int:
    """The offset just past the line starting at ``start`` (its newline included)."""
    end = text.find("\n", start)
    return len(text) if end < 0 else end + 1


@cache
def _pipe_rows(prefix: str) -> re.Pattern[str]:
    """Consecutive rows that open with a pipe after ``prefix``'s quote depth: no block does."""
    quotes = prefix.count(">")
    return re.compile(rf"(?:(?:[ ]{{0,3}}>[ ]?){{{quotes}}}[ ]{{0,3}}\|[^\n]*(?:\n|\Z))*")


def _table_end(text: str, prefix: str, position: int) -> int:
    """Just past the last row of the table whose rows start at ``position``."""
    pipes = _pipe_rows(prefix)
    quotes = prefix.count(">")
    while position < len(text):
        run = pipes.match(text, position)
        assert run is not None  # the pattern matches the empty string
        position = run.end()
        end = _line_end(text, position)
        if position >= len(text) or not _continues(text[position:end], quotes):
            break
        position = end
    return position


def _continues(line: str, quotes: int) -> bool:
    """Tell whether a line without a leading pipe is still a row (GFM: any text but a block)."""
    for _ in range(quotes):
        quote = _QUOTE.match(line)
        if quote is None:
            return False
        line = line[quote.end() :]
    return bool(line.strip()) and _BLOCK_START.match(line) is None


def _cells(row: str) -> int:
    """How many cells a row has, as GFM counts them (edge pipes open and close, ``\\|`` is text)."""
    row = row.strip()
    if row.startswith("|"):
        row = row[1:]
    if row.endswith("|") and not row.endswith("\\|"):
        row = row[:-1]
    return len(_SEPARATOR.findall(row)) + 1


def _keep(text: str, table: _Table, budget: CellBudget) -> tuple[list[str], Cut | None]:
    """The table's lines that the walker would keep, cut to width, and what is dropped.

    Mirrors :class:`~newsreader.core.document.table.TableText`: rows are kept
    while they fit (:data:`MAX_ROWS`, the budget), a row without text is
    neither kept nor counted, the first row always stays, and from the first
    row that does not fit every row is dropped (counted by newlines, at C speed).
    """
    shown = min(table.columns, MAX_COLUMNS)
    header = text[table.start : table.delimiter]
    kept = [header, text[table.delimiter : table.body]]
    shown_rows = 0
    if _has_text(header, table.prefix, shown):
        budget.left -= shown
        shown_rows = 1
    position = table.body
    dropped = 0
    while position < table.end:
        end = _line_end(text, position)
        row = text[position:end]
        if _has_text(row, table.prefix, shown):
            if shown_rows and (shown_rows >= MAX_ROWS or shown > budget.left):
                dropped = _count_lines(text, position, table.end)
                break
            budget.left -= shown
            shown_rows += 1
        kept.append(row)
        position = end
    if not dropped and shown == table.columns:
        return [], None
    if shown < table.columns:
        kept = [_cut_row(line, table.prefix, shown) for line in kept]
    return kept, Cut(dropped, table.columns - shown)


def _count_lines(text: str, start: int, end: int) -> int:
    """How many lines ``text[start:end]`` holds (the last one may lack its newline)."""
    return text.count("\n", start, end) + (not text.endswith("\n", start, end) and end > start)


def _has_text(row: str, prefix: str, cells: int) -> bool:
    """Tell whether a row has text in its first ``cells`` cells (an empty row is no row)."""
    return _CELL_TEXT.search(_cut_row(row, prefix, cells), len(prefix)) is not None


def _cut_row(row: str, prefix: str, cells: int) -> str:
    """``row`` ended right after its ``cells``-th cell (its newline kept)."""
    body = len(prefix) + len(row[len(prefix) :]) - len(row[len(prefix) :].lstrip())
    position = body + 1 if row.startswith("|", body) else body
    for separator in _SEPARATOR.finditer(row, position):
        cells -= 1
        if not cells:
            return row[: separator.start()] + ("\n" if row.endswith("\n") else "")
    return row
