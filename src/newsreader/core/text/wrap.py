"""Wrap text to a width in terminal cells, the way CJK typesetting does.

:mod:`textwrap` counts characters and breaks only at spaces, so it overflows a
terminal with Chinese text (each ideograph takes two cells) and never breaks a
paragraph that has no spaces at all. This module breaks between ideographs and
follows the line-breaking rules (kinsoku) of GB/T 15834 and JIS X 4051:

* closing punctuation (``。，）」`` …) never starts a line and opening
  punctuation (``（「“`` …) never ends one: the character next to it moves to
  the next line with it (*oidashi*);
* a run of non-space narrow characters (a Latin word, a number such as
  ``27.32%`` or ``2022-01-11``, a URL, ``——`` or ``……``) is never broken;
* no character is lost, added or reordered; only spaces at a break are dropped.

When the rules leave no break (a glued run wider than the line, such as a
long row of ``。``), the run is split between its parts rather than let
overflow, so a line exceeds the width only when it holds a single unbreakable
word wider than the line: such a word is kept whole (a URL stays usable),
never hard-split.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

from newsreader.core.text.cells import cell_width, two_cell_ranges
from newsreader.core.text.kinsoku import ATTACHED, CLOSING, OPENING
from newsreader.core.text.plain_wrap import wrap_plain_line

# A zero width joiner keeps the character after it in its atom
# (``👨\u200d👩``): Rich draws the sequence as one glyph and counts the joined
# character as no cells, so a line never breaks inside one (see _tokenizer).
# Whitespace that is a break opportunity: every space but the no-break ones,
# which glue their neighbours like letters do (newlines are handled apart).
_BREAK_SPACES = re.escape(
    "".join(c for c in map(chr, range(0x3001)) if c.isspace() and c not in "\n\u00a0\u2007\u202f")
)


class _Atom(NamedTuple):
    """An unbreakable piece of a line and the whitespace before it."""

    gap: str
    gap_width: int
    text: str
    width: int
    #: A run of plain ideographs (two cells each, no punctuation) that may be
    #: broken between any two characters: laid out in bulk, for speed.
    run: bool = False


@dataclass(slots=True)
class _Group:
    """Atoms glued by kinsoku: a break is allowed only before and after it."""

    atoms: list[_Atom]
    width: int

    @property
    def gap(self) -> str:
        return self.atoms[0].gap

    @property
    def gap_width(self) -> int:
        return self.atoms[0].gap_width

    @property
    def text(self) -> str:
        first, *rest = self.atoms
        return first.text + "".join(atom.gap + atom.text for atom in rest)


@cache
def _tokenizer(joiners: bool = False) -> re.Pattern[str]:
    """Compile the atom pattern (built once, from Rich's width table).

    The classes cover the Basic Multilingual Plane only, so ``re`` checks them
    with a bitmap: a class with astral ranges is scanned range by range and
    made wrapping Latin text ten times slower. A character beyond the BMP
    (emoji, CJK Extension B+) is therefore an atom of its own.

    Args:
        joiners: Build the pattern for a line with a zero width joiner, which
            keeps the character after each joiner in the joiner's atom (Rich
            draws the sequence as one glyph). Lines without one, nearly all,
            get a pattern without that alternative: it cost wrapping Latin
            text about a tenth more.
    """
    wide, plain = _wide_classes()
    if joiners:
        tail = rf"(?:[{ATTACHED}]|\u200d.?)*"
        letter = rf"[^\n{_BREAK_SPACES}{wide}\u200d\U00010000-\U0010ffff]"
        # Joiners inside a word unrolled, so a word stays one class loop.
        word = rf"{letter}+(?:\u200d.?{letter}*)*"
        single = rf"(?:\u200d.?|[^{_BREAK_SPACES}])"
    else:
        tail = rf"[{ATTACHED}]*"
        word = rf"[^\n{_BREAK_SPACES}{wide}\U00010000-\U0010ffff]+"
        single = rf"[^{_BREAK_SPACES}]"
    return re.compile(
        # Whitespace then one atom; trailing whitespace never matches.
        rf"(?P<gap>[{_BREAK_SPACES}]*)"
        rf"(?:(?P<run>[{plain}]{{3,}}(?![{ATTACHED}\u200d]))"
        rf"|[{wide}]{tail}"
        rf"|{word}"
        rf"|{single}{tail})",
    )


def _wide_classes() -> tuple[str, str]:
    """Return regex class bodies for the BMP's two-cell characters (as Rich
    measures them), and for those of them that are not kinsoku punctuation."""
    wide: list[int] = []
    plain: list[int] = []
    for low, high in two_cell_ranges():
        for code in range(max(low, 0x20), min(high, 0xFFFF) + 1):
            char = chr(code)
            if not char.isspace():
                wide.append(code)
                if char not in CLOSING and char not in OPENING:
                    plain.append(code)
    return _char_class(wide), _char_class(plain)


def _char_class(codes: list[int]) -> str:
    """Turn sorted code points into a compact regex class body of ranges."""
    parts: list[str] = []
    start = previous = codes[0]
    for code in [*codes[1:], -1]:
        if code != previous + 1:
            parts.append(f"{re.escape(chr(start))}-{re.escape(chr(previous))}")
            start = code
        previous = code
    return "".join(parts)


def _atoms(line: str) -> Iterator[_Atom]:
    """Split one line (no newline) into atoms; trailing whitespace is dropped.

    A run of plain ideographs comes out as its first character, the middle
    (a bulk ``run`` atom) and its last character, so kinsoku can glue the
    ends to the punctuation around them.
    """
    for match in _tokenizer("\u200d" in line).finditer(line):
        gap = match.group("gap")
        gap_width = cell_width(gap)
        text = match.group()[len(gap) :]
        if match.lastgroup == "run":
            yield _Atom(gap, gap_width, text[0], 2)
            yield _Atom("", 0, text[1:-1], 2 * (len(text) - 2), run=True)
            yield _Atom("", 0, text[-1], 2)
        else:
            yield _Atom(gap, gap_width, text, cell_width(text))


def _glued(before: _Atom, after: _Atom) -> bool:
    """Whether kinsoku forbids a break between two adjacent atoms."""
    return before.text[-1] in OPENING or after.text[0] in CLOSING


def _groups(atoms: Iterator[_Atom]) -> Iterator[_Group]:
    """Glue atoms that may not be parted into groups, in order."""
    group: _Group | None = None
    for atom in atoms:
        if group is not None and _glued(group.atoms[-1], atom):
            group.atoms.append(atom)
            group.width += atom.gap_width + atom.width
            continue
        if group is not None:
            yield group
        group = _Group([atom], atom.width)
    if group is not None:
        yield group


class _Lines:
    """Builds output lines piece by piece, joining each line once (linear time)."""

    def __init__(self, width: int, first: str, rest: str) -> None:
        self.width = width
        self.rest = rest
        self.lines: list[str] = []
        self.parts = [first]
        self.used = cell_width(first)
        self.empty = True

    def _drops_gap(self) -> bool:
        # Spaces at a break are dropped; a paragraph's leading ones are kept.
        return self.empty and bool(self.lines)

    def room(self, gap_width: int) -> int:
        """Cells left on the current line after a gap (negative if none)."""
        return self.width - self.used - (0 if self._drops_gap() else gap_width)

    def fits(self, gap_width: int, width: int) -> bool:
        """Whether a piece fits on the current line."""
        return width <= self.room(gap_width)

    def place(self, gap: str, gap_width: int, text: str, width: int) -> None:
        """Append a piece to the current line, even if it overflows."""
        if self._drops_gap():
            gap, gap_width = "", 0
        self.parts.append(gap)
        self.parts.append(text)
        self.used += gap_width + width
        self.empty = False

    def newline(self) -> None:
        """End the current line (a no-op on an empty line)."""
        if not self.empty:
            self.lines.append("".join(self.parts))
            self.parts = [self.rest]
            self.used = cell_width(self.rest)
            self.empty = True

    def finish(self) -> list[str]:
        """Return all lines, the last one included."""
        if not self.empty:
            self.lines.append("".join(self.parts))
        return self.lines


def _fill(groups: Iterator[_Group], lines: _Lines) -> None:
    """Lay groups out greedily; split a group only when no line can hold it."""
    for group in groups:
        if group.atoms[0].run:
            _fill_run(group.atoms[0], lines)
            continue
        if not lines.fits(group.gap_width, group.width):
            lines.newline()
        if len(group.atoms) == 1 or lines.fits(group.gap_width, group.width):
            lines.place(group.gap, group.gap_width, group.text, group.width)
            continue
        for atom in group.atoms:
            if not lines.fits(atom.gap_width, atom.width):
                lines.newline()
            lines.place(atom.gap, atom.gap_width, atom.text, atom.width)


def _fill_run(run: _Atom, lines: _Lines) -> None:
    """Lay out a run of two-cell characters breakable anywhere, a line at a time.

    Slices by index, never by copying the remainder, so a run of any length
    is laid out in linear time.
    """
    start, text = 0, run.text
    while start < len(text):
        count = lines.room(0) // 2
        if count < 1 and not lines.empty:
            lines.newline()
            continue
        # A line narrower than one ideograph takes one anyway (overflows).
        count = min(max(count, 1), len(text) - start)
        lines.place("", 0, text[start : start + count], 2 * count)
        start += count
        if start < len(text):
            lines.newline()


def wrap(
    text: str,
    width: int,
    *,
    indent: str = "",
    subsequent_indent: str | None = None,
) -> list[str]:
    """Wrap ``text`` into lines of at most ``width`` terminal cells.

    Newlines in ``text`` are kept as line breaks; a blank input line gives a
    blank output line (the indent without trailing spaces). Tabs count as
    spaces. Lines never end with whitespace.

    Args:
        text: Text to wrap (already clean: no control characters).
        width: Maximum line width in cells, indent included.
        indent: Prefix of the first line.
        subsequent_indent: Prefix of the other lines (default: ``indent``).

    Returns:
        The lines, without newlines; ``[]`` for an empty ``text``.

    Raises:
        ValueError: If ``width`` is less than 1.
    """
    if width < 1:
        raise ValueError(f"width must be at least 1, not {width}")
    rest = indent if subsequent_indent is None else subsequent_indent
    lines: list[str] = []
    if not text:
        return lines
    for source in text.replace("\t", " ").split("\n"):
        prefix = rest if lines else indent
        wrapped = _wrap_line(source, width, prefix, rest)
        lines.extend(wrapped or [prefix.rstrip()])
    return lines


def _wrap_line(line: str, width: int, first: str, rest: str) -> list[str]:
    """Wrap one line of text (no newline); ``[]`` when it is blank.

    A plain line (nearly all of them) takes the fast path, ten times faster
    and the same lines; any other the general one.
    """
    fast = wrap_plain_line(line, width, first, rest)
    return fast if fast is not None else wrap_line_general(line, width, first, rest)


def wrap_line_general(line: str, width: int, first: str, rest: str) -> list[str]:
    """Wrap one line of text (no newline) atom by atom: any text, and the
    reference the fast path (:func:`~newsreader.core.text.plain_wrap.wrap_plain_line`)
    is checked against.

    Args:
        line: The text of one line.
        width: Cells per line, prefixes included.
        first: Prefix of the first line.
        rest: Prefix of the other lines.

    Returns:
        The lines; ``[]`` when ``line`` is blank.
    """
    builder = _Lines(width, first, rest)
    _fill(_groups(_atoms(line)), builder)
    return builder.finish()
