"""The article's display lines, kept column by column.

A 5 MB post lays out as about 150,000 lines. Kept as one object each, every
full pass of the cyclic garbage collector walked them all: the collector
tracks any tuple subclass (a :class:`Line`) or class instance for as long as
it lives, and lets go only of plain tuples of strings and numbers. Those
passes, each over the whole heap and holding the GIL, were the reader's
longest stalls while such a post opened. :class:`LineStore` keeps the lines'
texts, blocks, styled runs and indents in four columns (a list of strings,
two arrays, a list of plain tuples: nothing the collector keeps walking) and
makes a :class:`Line` when one is read.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Sequence
from typing import NamedTuple, overload

Span = tuple[int, int, str]
"""A styled run of a line: start offset, end offset, role."""


class Line(NamedTuple):
    """One display line: its text (never markup), styled runs, block and indent."""

    text: str
    block: int
    spans: tuple[Span, ...] = ()
    indent: int = 0
    """Cells of indent/prefix before the content (find skips them)."""


class LineStore(Sequence[Line]):
    """Display lines, top to bottom, read as :class:`Line` tuples."""

    __slots__ = ("_texts", "_blocks", "_spans", "_indents")

    def __init__(self) -> None:
        self._texts: list[str] = []
        self._blocks = array("i")
        self._spans: list[tuple[Span, ...]] = []
        self._indents = array("i")

    def append(self, text: str, block: int, spans: tuple[Span, ...] = (), indent: int = 0) -> None:
        """Add a line at the end."""
        self._texts.append(text)
        self._blocks.append(block)
        self._spans.append(spans)
        self._indents.append(indent)

    def extend(self, other: LineStore) -> None:
        """Add another store's lines at the end."""
        self._texts.extend(other._texts)
        self._blocks.extend(other._blocks)
        self._spans.extend(other._spans)
        self._indents.extend(other._indents)

    def texts(self) -> Sequence[str]:
        """The lines' texts (not to be changed)."""
        return self._texts

    def __len__(self) -> int:
        return len(self._texts)

    @overload
    def __getitem__(self, index: int) -> Line: ...

    @overload
    def __getitem__(self, index: slice) -> list[Line]: ...

    def __getitem__(self, index: int | slice) -> Line | list[Line]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        return Line(
            self._texts[index], self._blocks[index], self._spans[index], self._indents[index]
        )

    def __iter__(self) -> Iterator[Line]:
        return map(Line, self._texts, self._blocks, self._spans, self._indents)
