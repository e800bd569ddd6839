"""The wrapper's fast path: a line of plain text, laid out a line at a time.

:func:`newsreader.core.text.wrap.wrap` cuts a line into atoms, glues them into
kinsoku groups and places them one by one: about 116 µs for a paragraph of a
hundred Chinese characters, most of a big post's layout. Nearly every line
of a news post is *plain*: characters of the Basic Multilingual Plane that
take one or two cells, and the two spaces a break may fall on (the ASCII
space and the ideographic one), with no combining mark, joiner, control or
other space. For such a line every rule of the general wrapper reads off two
neighbouring characters, so it can be applied where a line ends instead of
at every atom:

* the cells of ``line[:i]`` are ``i`` plus the two-cell characters before
  ``i``, found as runs by one regular expression, so the furthest a line can
  reach is a binary search;
* from there the wrapper steps back to the last legal break: between two
  characters (spaces dropped) unless both take one cell and touch (a word),
  the first is opening punctuation or the second closing (kinsoku);
* a kinsoku group wider than a whole line is laid out atom by atom, as the
  general wrapper does, breaking at any atom boundary until the group ends.

The output is the general wrapper's, byte for byte (a property test compares
the two on random mixes of scripts, punctuation and spaces); a line that is
not plain gets ``None`` here and the general wrapper.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable
from functools import cache

from newsreader.core.text.cells import cell_width, char_width, two_cell_ranges, zero_cell_ranges
from newsreader.core.text.kinsoku import ATTACHED, CLOSING, OPENING

#: The spaces a plain line may hold: a break may fall on them, and they are
#: dropped at a break.
SPACES = " \u3000"

_BMP = 0x10000


@cache
def _patterns() -> tuple[Callable[[str], re.Match[str] | None], re.Pattern[str]]:
    """Return a search for a character that is not plain, and a pattern for runs
    of two-cell characters (built once, from Rich's width table)."""
    plain = bytearray(b"\x01") * _BMP
    for low, high in _not_plain():
        plain[low : high + 1] = bytes(high + 1 - low)
    runs = [match.span() for match in re.finditer(rb"\x01+", plain)]
    outside = re.compile(f"[^{_class_body((low, high - 1) for low, high in runs)}]")
    wide = _class_body((low, min(high, _BMP - 1)) for low, high in two_cell_ranges() if low < _BMP)
    return outside.search, re.compile(f"[{wide}]+")


def _not_plain() -> Iterable[tuple[int, int]]:
    """The BMP ranges a plain line may not hold."""
    yield (0x00, 0x1F)  # C0 controls (tab and newline are dealt with before)
    yield (0x7F, 0x9F)  # C1 controls
    yield (0xD800, 0xDFFF)  # lone surrogates
    yield (0x200D, 0x200D)  # the zero width joiner
    yield from ((code, code) for code in map(ord, _other_spaces()))
    yield from _attached_ranges()
    yield from ((low, min(high, _BMP - 1)) for low, high in zero_cell_ranges() if low < _BMP)


def _other_spaces() -> str:
    """Whitespace other than :data:`SPACES` (breaking or not, the general wrapper's case)."""
    # Every whitespace character of Unicode is below U+3001.
    return "".join(c for c in map(chr, range(0x3001)) if c.isspace() and c not in SPACES)


def _attached_ranges() -> Iterable[tuple[int, int]]:
    """The BMP ranges of :data:`~newsreader.core.text.kinsoku.ATTACHED` (a class body)."""
    for part in re.findall(r"(.)(?:-(.))?", ATTACHED):
        low, high = ord(part[0]), ord(part[1] or part[0])
        if low < _BMP:
            yield (low, high)


def _class_body(ranges: Iterable[tuple[int, int]]) -> str:
    """Turn code point ranges into the body of a regex character class."""
    return "".join(f"{re.escape(chr(low))}-{re.escape(chr(high))}" for low, high in ranges)


class _Cells:
    """The cells of every prefix of a line, from its runs of two-cell characters.

    ``marks`` are the positions where a run of one-cell characters gives way
    to a run of two-cell ones or back (even pieces take one cell a character,
    odd ones two), ``cells`` the width of the line up to each mark.
    """

    __slots__ = ("marks", "cells")

    def __init__(self, line: str, wide_runs: re.Pattern[str]) -> None:
        marks, cells = [0], [0]
        for match in wide_runs.finditer(line):
            start, end = match.span()
            cells.append(cells[-1] + start - marks[-1])
            marks.append(start)
            cells.append(cells[-1] + 2 * (end - start))
            marks.append(end)
        cells.append(cells[-1] + len(line) - marks[-1])
        marks.append(len(line))
        self.marks, self.cells = marks, cells

    def at(self, index: int) -> int:
        """Cells of ``line[:index]``."""
        piece = min(bisect_right(self.marks, index), len(self.marks) - 1) - 1
        return self.cells[piece] + (index - self.marks[piece]) * (1 + piece % 2)

    def reach(self, start: int, room: int) -> int:
        """The furthest ``end`` whose ``line[start:end]`` takes at most ``room`` cells."""
        if room <= 0:
            return start
        limit = self.at(start) + room
        piece = bisect_right(self.cells, limit) - 1
        if piece >= len(self.marks) - 1:
            return self.marks[-1]
        return self.marks[piece] + (limit - self.cells[piece]) // (1 + piece % 2)


def wrap_plain_line(line: str, width: int, first: str, rest: str) -> list[str] | None:
    """Wrap one plain line (no newline) as the general wrapper does, or say it is not plain.

    Args:
        line: The text of one line.
        width: Cells per line, prefixes included.
        first: Prefix of the first line.
        rest: Prefix of the other lines.

    Returns:
        The lines (``[]`` when ``line`` is blank), or None when ``line`` holds
        a character the fast path does not handle.
    """
    outside, wide_runs = _patterns()
    if outside(line) is not None:
        return None
    end = len(line.rstrip(SPACES))
    if end == 0:
        return []
    cells = _Cells(line, wide_runs)
    lines: list[str] = []
    start, prefix, room = 0, first, width - cell_width(first)
    rest_room = width - cell_width(rest)
    atoms_until = -1  # while start < atoms_until, an oversized group is laid out atom by atom
    while True:
        reach = cells.reach(start, room)
        if reach >= end:
            lines.append(prefix + line[start:end])
            return lines
        cut = _last_break(line, start, reach, atoms_until)
        if cut < 0 and start >= atoms_until:
            group_end, split = _next_break(line, start, end)
            if split:
                atoms_until = group_end
                cut = _last_break(line, start, reach, atoms_until)
            else:
                cut = group_end  # one atom wider than the line: kept whole
        if cut < 0:
            cut = _next_atom_end(line, start, end)  # not even one atom fits: it overflows
        lines.append(prefix + line[start:cut])
        if cut >= end:
            return lines
        start, prefix, room = _after_spaces(line, cut), rest, rest_room


def _after_spaces(line: str, index: int) -> int:
    """The first index from ``index`` on that is not a space (there is one)."""
    while line[index] in SPACES:
        index += 1
    return index


def _last_break(line: str, start: int, reach: int, atoms_until: int) -> int:
    """The last break in ``(start, reach]``, else -1.

    A break at ``cut`` ends a line with ``line[cut - 1]``, a character; the
    next line starts at the next character, spaces between dropped. Up to
    ``atoms_until`` any atom boundary is a break (kinsoku set aside), beyond
    it only the legal ones.
    """
    after = _after_spaces(line, reach)
    cut = reach
    while cut > start:
        before = line[cut - 1]
        if before not in SPACES:
            nxt = line[after]
            atoms = after > cut or char_width(before) == 2 or char_width(nxt) == 2
            if atoms and (cut <= atoms_until or (before not in OPENING and nxt not in CLOSING)):
                return cut
            after = cut - 1
        cut -= 1
    return -1


def _next_break(line: str, start: int, end: int) -> tuple[int, bool]:
    """The first legal break after ``start`` (``end`` if none), and whether an
    atom boundary comes before it (the group at ``start`` has several atoms)."""
    split = False
    for cut in range(start + 1, end):
        before = line[cut - 1]
        if before in SPACES:
            continue
        after = _after_spaces(line, cut)
        nxt = line[after]
        if after > cut or char_width(before) == 2 or char_width(nxt) == 2:
            if before not in OPENING and nxt not in CLOSING:
                return cut, split
            split = True
    return end, split


def _next_atom_end(line: str, start: int, end: int) -> int:
    """The end of the atom at ``start`` (``end`` at the latest)."""
    for cut in range(start + 1, end):
        before = line[cut - 1]
        if before not in SPACES:
            after = _after_spaces(line, cut)
            if after > cut or char_width(before) == 2 or char_width(line[after]) == 2:
                return cut
    return end
