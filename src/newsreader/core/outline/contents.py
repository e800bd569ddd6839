"""A table of contents repeats the headings: its lines are not nodes (rule 6).

A contents list may open the document, follow its title block, or sit
anywhere after a ``目录`` line; either way it is a run of bare heading lines
with no text between them, each listed again later in the body. The run ends
where the body begins: at a line not listed again later (the body's first
heading, which may follow the contents with no text between).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import Protocol, TypeVar

from newsreader.core.document.model import Block
from newsreader.core.outline.filters import is_contents_title
from newsreader.core.outline.titles import comparable

# Text NFKC leaves as it is (CJK ideographs, the common full-width punctuation).
_PLAIN = re.compile(r"[\u4e00-\u9fff\u3001\u3002\u300a-\u300f\u201c\u201d、 ]+")
_QUOTES = " \u201c\u201d"  # what _PLAIN takes outside the CJK range U+3001-U+9FFF
#: A run of this many listed lines is a table of contents even without a title line.
CONTENTS_RUN = 3


class Line(Protocol):
    """What a contents line must tell: where it is and what heading it lists."""

    @property
    def block(self) -> int: ...
    @property
    def marker(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def pure(self) -> bool: ...


L = TypeVar("L", bound=Line)


def drop_contents(found: list[L], blocks: Sequence[Block]) -> list[L]:
    """``found`` without the lines of any table of contents.

    Args:
        found: Heading candidates in document order.
        blocks: The document's blocks (to see what lies between candidates).

    Returns:
        The candidates that are not contents lines.
    """
    if len(found) < 2 or not any(c.pure for c in found):
        return found  # contents lines are bare lines: none, no contents
    keys = _keys(found)
    last = {key: index for index, key in enumerate(keys)}
    kept: list[L] = []
    index = 0
    while index < len(found):
        end = _run_end(found, index, blocks)
        listed = _listed_prefix(keys, last, index, end)
        if listed > index and (
            listed - index >= CONTENTS_RUN or _after_contents_title(found[index], blocks)
        ):
            index = listed
        else:
            kept.extend(found[index:end])
            index = end
    return kept


def _keys(found: Sequence[Line]) -> list[str]:
    """Each line's key: a line and the heading it lists have the same key.

    ``comparable`` of ``marker title``, so they compare equal even when one
    is a ``<hN>``, or the text as it is when it is ASCII or
    :data:`_PLAIN`. The common case is answered without ``comparable``'s
    call: NFKC-normal text only loses its spaces, and when the only space is
    the one between marker and title (no other whitespace: what is printable
    holds none but " "), that is the two joined. The plain pattern is tried
    only on a key whose first character it takes: a marker opening with a
    digit, a bracket or a dash never is (five keys in six of a plan).
    drop_contents on the 1 MB HTML body (14,352 lines): 157 -> 143 million
    instructions (callgrind).
    """
    plain, same, normal = _PLAIN.fullmatch, comparable, unicodedata.is_normalized
    keys: list[str] = []
    add = keys.append
    for line in found:
        marker, title = line.marker, line.title
        key = f"{marker} {title}"
        first = key[0]  # what _PLAIN may open with (a superset): CJK, its punctuation, “”, " "
        if key.isascii() or (("\u3001" <= first <= "\u9fff" or first in _QUOTES) and plain(key)):
            add(key)
        elif normal("NFKC", key):
            joined = marker + title
            add(joined if " " not in joined and joined.isprintable() else "".join(key.split()))
        else:
            add(same(key))
    return keys


def _run_end(found: Sequence[Line], start: int, blocks: Sequence[Block]) -> int:
    """The end of the run of bare lines, block after block, that starts at ``start``."""
    if not found[start].pure:
        return start + 1
    end, count = start + 1, len(found)
    previous = found[start].block
    while end < count:
        line = found[end]
        if not line.pure:
            break
        at = line.block
        # _adjacent, its common case first: nothing between them.
        if at != previous + 1 and not _adjacent(found[end - 1], line, blocks):
            break
        previous = at
        end += 1
    return end


def _adjacent(first: Line, second: Line, blocks: Sequence[Block]) -> bool:
    if second.block == first.block + 1:
        return True  # the common case: nothing between them
    return all(not b.text.strip() for b in blocks[first.block + 1 : second.block])


def _listed_prefix(
    keys: Sequence[str],
    last: dict[str, int],
    start: int,
    end: int,
) -> int:
    """Where the lines listed again after the run's contents part stop.

    Returns ``start`` when the run does not open with contents lines.
    """
    best, low = start, len(keys)
    for stop in range(start, end):
        at = last[keys[stop]]
        if at < low:
            low = at
        if low <= stop:  # a line here is listed again inside the run: body, not contents
            break
        best = stop + 1
    return best


def _after_contents_title(first: Line, blocks: Sequence[Block]) -> bool:
    """Whether the nearest non-blank block before ``first`` is a ``目录`` line."""
    index = first.block - 1
    while index >= 0 and not blocks[index].text.strip():
        index -= 1
    return index >= 0 and is_contents_title(blocks[index].text.strip())
