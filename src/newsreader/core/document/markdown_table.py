"""markdown-it-py's GFM table rule, held to the limits of :mod:`~newsreader.core.document.table`.

The cost of a Markdown table is markdown-it's own: four tokens per cell, built
before any HTML, so the cut has to happen before its table rule runs, not in
the HTML walker. :func:`bounded_table` wraps that rule instead of copying it:

- rows: the rule is given an ``endLine`` just past the last row that fits, then
  the table's remaining rows are skipped with the rule's own stopping tests;
- columns: a header wider than :data:`~newsreader.core.document.table.MAX_COLUMNS`
  makes every row as wide (short rows are padded), so each line of the table
  is ended, for the rule's run only, at the separator after its last kept cell.

A paragraph carrying the cut note then takes the skipped rows' place, and the
note is kept in the render's ``env`` for the caller.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from markdown_it.common.utils import mdTrim
from markdown_it.rules_block.state_block import StateBlock
from markdown_it.rules_block.table import escapedSplit, getLine, table

from newsreader.core.document.table import MAX_COLUMNS, CellBudget, cut_note

# Where a render's env keeps its CellBudget.
ENV_KEY = "newsreader_tables"
# No block that ends a table (fence, quote, rule, list, HTML, heading: the
# "blockquote" chain of this renderer) opens with a pipe, so a row that does
# needs none of their tests: eight Python calls a row, 3 s on a 4 MB table.
_ROW_START = "|"


def bounded_table(state: StateBlock, startLine: int, endLine: int, silent: bool) -> bool:
    """The GFM table rule, cut to the document's table limits.

    Whether a table starts here is the upstream rule's answer on the lines as
    written, so a paragraph is interrupted exactly when it would be uncut.

    Args:
        state: markdown-it's block state.
        startLine: The header row's line.
        endLine: The line the enclosing block ends at.
        silent: Only tell whether a table starts here.

    Returns:
        True when a table starts at ``startLine`` (and, unless ``silent``, its
        tokens and any cut note were pushed).
    """
    if not table(state, startLine, endLine, True):
        return False
    if silent:
        return True
    budget: CellBudget = state.env.setdefault(ENV_KEY, CellBudget())
    columns = _header_columns(state, startLine)
    shown = min(columns, MAX_COLUMNS)
    rows = max(budget.rows_for(shown), 1)  # a table always keeps its header row
    last = min(endLine, startLine + 1 + rows)  # the delimiter row is no row of cells
    with _lines_cut(state, startLine, last, shown if columns > shown else 0):
        table(state, startLine, last, False)
    kept = state.line - startLine - 1
    budget.left -= kept * shown
    more = _skip_rows(state, endLine) if state.line == last else 0
    if more or columns > shown:
        note = cut_note(kept, more, shown, columns - shown)
        budget.notes.append(note)
        _push_note(state, note)
    return True


def _header_columns(state: StateBlock, line: int) -> int:
    """How many cells the header row has, as the upstream rule counts them."""
    cells = escapedSplit(mdTrim(getLine(state, line)))
    return len(cells) - (cells[0] == "") - (len(cells) > 1 and cells[-1] == "")


@contextmanager
def _lines_cut(state: StateBlock, start: int, stop: int, cells: int) -> Iterator[None]:
    """End each line in ``[start, stop)`` after its ``cells``-th cell for a while (0: leave)."""
    ends = state.eMarks[start:stop]
    if cells:
        for line in range(start, stop):
            begin = state.bMarks[line] + state.tShift[line]
            state.eMarks[line] = _cell_end(state.src, begin, state.eMarks[line], cells)
    try:
        yield
    finally:
        state.eMarks[start:stop] = ends


def _cell_end(src: str, begin: int, end: int, cells: int) -> int:
    """The offset of the separator after cell ``cells`` of ``src[begin:end]``, or ``end``.

    A leading pipe opens the first cell; a pipe right after a backslash is
    text, as in the upstream rule's ``escapedSplit``.
    """
    pos = begin + 1 if src.startswith("|", begin) else begin
    while cells:
        pos = src.find("|", pos, end)
        if pos < 0:
            return end
        if src[pos - 1] != "\\":
            cells -= 1
        pos += 1
    return pos - 1


def _skip_rows(state: StateBlock, endLine: int) -> int:
    """Step ``state.line`` past the rows the table would still have; return how many.

    The stopping tests are the upstream rule's, in its order and with its
    ``parentType``, so the table ends on the same line it would uncut.
    """
    terminators = state.md.block.ruler.getRules("blockquote")
    parent, state.parentType = state.parentType, "table"
    line = state.line
    while line < endLine and state.sCount[line] >= state.blkIndent:
        if state.is_code_block(line):
            break
        if not state.src.startswith(_ROW_START, state.bMarks[line] + state.tShift[line]):
            if any(rule(state, line, endLine, True) for rule in terminators):
                break
            if not mdTrim(getLine(state, line)):
                break
        line += 1
    state.parentType = parent
    skipped, state.line = line - state.line, line
    return skipped


def _push_note(state: StateBlock, note: str) -> None:
    """Push a paragraph showing ``[note]`` where the skipped rows were."""
    where = [state.line, state.line]
    state.push("paragraph_open", "p", 1).map = where
    token = state.push("inline", "", 0)
    token.map = where
    token.content = f"\\[{note}\\]"
    token.children = []
    state.push("paragraph_close", "p", -1)
