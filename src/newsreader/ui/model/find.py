"""Find text in a laid-out article, across the line breaks wrapping made.

A match is searched in each block's text as the reader sees it (wrapped lines
joined again, indents left out), so a phrase the wrapper split over two lines
is still found; each match comes back as the pieces to highlight per line.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from itertools import groupby

from newsreader.ui.model.layout import Line

Piece = tuple[int, int, int]
"""Part of a match on one line: line number, start column, end column."""
Match = tuple[Piece, ...]
"""One match: one piece per line it covers, top to bottom."""


def _needs_space(before: str, after: str) -> bool:
    """Whether the wrapper dropped a space between two lines (Latin words)."""
    return bool(before and after) and before[-1].isascii() and after[0].isascii()


Segment = tuple[int, int, int, int]
"""Where a line's content sits in the joined text: offset, line, column, length."""


def _joined(lines: Sequence[Line], ys: list[int]) -> tuple[str, list[Segment]]:
    """Join a block's lines; return the text and each line's segment."""
    parts: list[str] = []
    segments: list[Segment] = []
    offset = 0
    for y in ys:
        line = lines[y]
        content = line.text[line.indent :]
        if parts and _needs_space(parts[-1], content):
            parts.append(" ")
            offset += 1
        segments.append((offset, y, line.indent, len(content)))
        parts.append(content)
        offset += len(content)
    return "".join(parts), segments


def _pieces(start: int, end: int, segments: list[Segment]) -> Match:
    """Split the joined-text range ``[start, end)`` into per-line pieces."""
    first = bisect_right([segment[0] for segment in segments], start) - 1
    pieces: list[Piece] = []
    for seg_start, y, column, length in segments[max(first, 0) :]:
        if seg_start >= end:
            break
        a, b = max(start, seg_start), min(end, seg_start + length)
        if a < b:
            pieces.append((y, column + a - seg_start, column + b - seg_start))
    return tuple(pieces)


def _runs(lines: Sequence[Line]) -> Iterator[list[int]]:
    """Line numbers grouped by block, in order."""
    for _, group in groupby(range(len(lines)), key=lambda y: lines[y].block):
        yield list(group)


def find_matches(lines: Sequence[Line], query: str) -> list[Match]:
    """Find ``query`` in the laid-out lines, ignoring case.

    Args:
        lines: The layout's lines.
        query: Literal text to look for.

    Returns:
        Every match, top to bottom, as the pieces to highlight.
    """
    if not query.strip():
        return []
    pattern = re.compile(re.escape(query), re.IGNORECASE)
    matches: list[Match] = []
    for ys in _runs(lines):
        text, segments = _joined(lines, ys)
        for found in pattern.finditer(text):
            if pieces := _pieces(found.start(), found.end(), segments):
                matches.append(pieces)
    return matches
