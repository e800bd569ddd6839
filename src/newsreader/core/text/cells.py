"""How many terminal cells text takes, exactly as Rich (and so Textual) draws it.

The wrapper, the export and the reader's article layout all measure with
:func:`cell_width`; a measure that disagreed with Rich's (this Python's
:mod:`unicodedata` is an older Unicode than Rich's tables) made lines a cell
too wide or too narrow on screen.
"""

from __future__ import annotations

import bisect
import importlib
import re
from collections.abc import Iterable
from functools import cache
from typing import NamedTuple

from rich.cells import cell_len, get_character_cell_size

# The joiner and the emoji presentation selector are the characters whose
# width depends on their neighbours in Rich's measure.
_CONTEXTUAL = re.compile("[\u200d\ufe0f]").search


class _RichTable(NamedTuple):
    """Rich's cell width table: sorted ranges ``starts[i]..ends[i]`` of ``widths[i]`` cells."""

    starts: tuple[int, ...]
    ends: tuple[int, ...]
    widths: tuple[int, ...]


@cache
def _rich_table() -> _RichTable | None:
    """Return the width table Rich's :func:`~rich.cells.get_character_cell_size` searches.

    It lives in a private module, so it is looked up defensively: None when
    this Rich keeps it elsewhere, and widths then come from Rich's public
    function one character at a time (the same answers, slower).
    ``tests/core/text/test_widths.py`` checks the widths against
    :func:`rich.cells.cell_len` over every code point.
    """
    try:
        rows = importlib.import_module("rich._unicode_data").load().widths
        starts, ends, widths = (
            tuple(int(value) for value in column) for column in zip(*rows, strict=True)
        )
    except (ImportError, AttributeError, TypeError, ValueError):
        return None
    return _RichTable(starts, ends, widths)


def _char_width(char: str) -> int:
    """Return Rich's width of one character (0, 1 or 2 cells)."""
    table = _rich_table()
    if table is None:
        return get_character_cell_size(char)
    code = ord(char)
    # C0 and C1 controls take no cell in Rich, whatever its table says.
    if 0 < code < 0x20 or 0x7F <= code < 0xA0:
        return 0
    index = bisect.bisect_right(table.starts, code) - 1
    return table.widths[index] if index >= 0 and code <= table.ends[index] else 1


class _Widths(dict[str, int]):
    """Per-character cell widths, computed once per distinct character.

    The widths are Rich's, which is what Textual draws with: a wrapper that
    measured with this Python's :mod:`unicodedata` instead (an older Unicode
    than Rich's tables, and other rules for spacing marks and format
    characters) made lines a cell too wide or too narrow on screen. Rich's
    own lookup is a binary search in Python (about 5 µs a character once its
    cache overflows); a dict hit is a few nanoseconds, and wrapping measures
    every character.
    """

    def __missing__(self, char: str) -> int:
        width = _char_width(char)
        self[char] = width
        return width


_WIDTHS = _Widths()


def cell_width(text: str) -> int:
    """Return how many terminal cells ``text`` takes, exactly as Rich and Textual count them.

    East Asian Wide and Fullwidth characters take two cells; combining and
    spacing marks, most format characters and controls (tab included: it has
    no fixed width) take none; everything else, East Asian Ambiguous included
    (``“`` ``…`` ``—``, as terminals and Rich show them), takes one. Text with
    a zero width joiner or an emoji variation selector, whose width depends
    on the characters around them, is measured by :func:`rich.cells.cell_len`
    itself.

    Args:
        text: Any text.

    Returns:
        The width in cells, equal to ``rich.cells.cell_len(text)``.
    """
    if text.isascii() and text.isprintable():
        return len(text)
    if _CONTEXTUAL(text) is not None:
        return cell_len(text)
    return sum(map(_WIDTHS.__getitem__, text))


#: Rich's width of one character (0, 1 or 2 cells), from the same per-character
#: cache as :func:`cell_width`: what a wrapper that walks a line character by
#: character asks, without the checks :func:`cell_width` makes for a whole text.
char_width = _WIDTHS.__getitem__


def two_cell_ranges() -> Iterable[tuple[int, int]]:
    """Return the code point ranges Rich draws two cells wide.

    Read from Rich's table (:func:`_rich_table`); without it every BMP
    character is measured, which gives the same ranges in a few hundred
    milliseconds instead of one.
    """
    return _ranges_of_width(2)


def zero_cell_ranges() -> Iterable[tuple[int, int]]:
    """Return the code point ranges Rich's table gives no cell (controls apart).

    The C0 and C1 controls, which Rich counts as no cells whatever its table
    says, are not listed: callers that care test them themselves.
    """
    return _ranges_of_width(0)


def _ranges_of_width(cells: int) -> Iterable[tuple[int, int]]:
    """The ranges of Rich's table of ``cells`` cells, else every BMP character measured."""
    table = _rich_table()
    if table is not None:
        rows = zip(table.starts, table.ends, table.widths, strict=True)
        return [(low, high) for low, high, width in rows if width == cells]
    return [(code, code) for code in range(0x10000) if cell_width(chr(code)) == cells]
