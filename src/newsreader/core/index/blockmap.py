"""A located post's block map, packed in one BLOB: what places a search hit.

A hit's block and outline section come from the reader's full parse of the
post; the index keeps, per post version, each block's start in the stored
text (a byte offset into its UTF-8, where search finds a term) and the
outline's nodes. Search reads that for every hit it
shows (all of them for ``--search Q --list --json``), so it is stored in
the cheapest form to use as it lies: little-endian unsigned 32-bit integers
and the labels' UTF-8 text::

    CRC-32 of the rest, the text's UTF-8 length, block count B, node count N,
    B block starts, N node blocks, N node parents (index + 1, 0 at the top),
    N label ends, then the labels one after another

A hit's block is a binary search of the starts, its node one of the node
blocks (nodes are in document order, so they rise), its section the node's
parents, and only their labels are decoded: a few microseconds however big
the outline. The layout is made whole by :func:`pack`, so a map is checked
by its CRC and by the length of the text it belongs to, not element by
element (checking that every start rises cost a warm ``--json`` search more
than using the map); a map that fails (damage) unpacks to None, and the
caller locates the post again from its file. Walking the parents also
checks each points before its node, so even a forged map cannot loop.
"""

from __future__ import annotations

import bisect
import struct
import sys
import zlib
from array import array
from collections.abc import Sequence

_HEADER = struct.Struct("<IIII")
_LITTLE = sys.byteorder == "little"

Section = tuple[int, int, str]
"""One outline row: the node's block, its depth (0 at the top) and its label."""


def _words(values: Sequence[int]) -> bytes:
    """``values`` as little-endian unsigned 32-bit integers."""
    packed = array("I", values)
    if not _LITTLE:
        packed.byteswap()
    return packed.tobytes()


def pack(offsets: Sequence[int], sections: Sequence[Section], size: int) -> bytes:
    """Pack block starts and outline rows into one BLOB (see the module's layout).

    Args:
        offsets: Each block's start in the text, rising.
        sections: The outline's rows in document order (a tree walked in
            pre-order, so their blocks rise).
        size: The UTF-8 length of the text the map belongs to.

    Raises:
        OverflowError: An offset, block or size does not fit 32 bits
            (a text over 4 GB, which the loader never reads).
    """
    parents: list[int] = []
    open_nodes: list[int] = []  # the path to the node before, as the reader nests it
    for index, (_block, depth, _label) in enumerate(sections):
        del open_nodes[depth:]
        parents.append(open_nodes[-1] + 1 if open_nodes else 0)
        open_nodes.append(index)
    labels = [label.encode("utf-8", "replace") for _block, _depth, label in sections]
    ends, end = [], 0
    for label in labels:
        end += len(label)
        ends.append(end)
    blocks = [block for block, _depth, _label in sections]
    body = _words([*offsets, *blocks, *parents, *ends]) + b"".join(labels)
    head = struct.pack("<III", size, len(offsets), len(sections))
    return struct.pack("<I", zlib.crc32(head + body)) + head + body


def pack_text(
    text: str, offsets: Sequence[int], sections: Sequence[Section]
) -> tuple[bytes, bytes]:
    """A located text as it is stored: its UTF-8 and its map, block starts in UTF-8 bytes.

    The map counts in bytes so that a hit found in the stored bytes is placed
    without decoding the text before it. A lone surrogate (from a YAML
    escape) is stored as ``?``, one byte, as the index stores every text.

    Args:
        text: The blocks' text.
        offsets: Each block's start in ``text``, in characters.
        sections: The outline's rows (see :func:`pack`).
    """
    starts, done, position = [], 0, 0
    for offset in offsets:
        position += len(text[done:offset].encode("utf-8", "replace"))
        done = offset
        starts.append(position)
    body = text.encode("utf-8", "replace")
    return body, pack(starts, sections, len(body))


class BlockMap:
    """A block map read from its BLOB (made by :func:`unpack`, which checks it)."""

    __slots__ = ("_numbers", "_blocks", "_nodes", "_labels")

    def __init__(self, numbers: Sequence[int], blocks: int, nodes: int, labels: memoryview) -> None:
        """Wrap the numbers of a checked map, its counts and its labels' text."""
        self._numbers, self._blocks, self._nodes, self._labels = numbers, blocks, nodes, labels

    def block_at(self, offset: int) -> int:
        """Index of the block holding byte ``offset`` of the text (0 before the first)."""
        return max(bisect.bisect_right(self._numbers, offset, 0, self._blocks) - 1, 0)

    def section_at(self, block: int) -> tuple[str, ...] | None:
        """Labels of the nodes enclosing ``block``, outermost first; None if the map is forged.

        The section of a block is the last node at or before it, with that
        node's ancestors: the path the reader's outline walks.
        """
        numbers, first = self._numbers, self._blocks
        node = bisect.bisect_right(numbers, block, first, first + self._nodes) - 1 - first
        path: list[int] = []
        while node >= 0:
            path.append(node)
            parent = numbers[first + self._nodes + node] - 1
            if parent >= node:
                return None
            node = parent
        return tuple(map(self._label, reversed(path)))

    def offsets(self) -> tuple[int, ...]:
        """Every block's start, in bytes of the text's UTF-8."""
        return tuple(self._numbers[: self._blocks])

    def rows(self) -> tuple[Section, ...]:
        """The outline's rows, as :func:`pack` was given them (depths from the parents)."""
        first, nodes = self._blocks, self._nodes
        depths: list[int] = []
        for node in range(nodes):
            parent = self._numbers[first + nodes + node] - 1
            depths.append(depths[parent] + 1 if 0 <= parent < node else 0)
        return tuple(
            (self._numbers[first + node], depths[node], self._label(node)) for node in range(nodes)
        )

    def _label(self, node: int) -> str:
        """The label of ``node``."""
        ends = self._blocks + 2 * self._nodes
        start = self._numbers[ends + node - 1] if node else 0
        return str(self._labels[start : self._numbers[ends + node]], "utf-8")


def unpack(blob: object, size: int) -> BlockMap | None:
    """The map :func:`pack` stored for a text of UTF-8 length ``size``, or None if it is not one.

    Args:
        blob: The stored BLOB.
        size: UTF-8 length of the stored text the map belongs to.
    """
    if not isinstance(blob, bytes) or len(blob) < _HEADER.size:
        return None
    crc, stored_size, blocks, nodes = _HEADER.unpack_from(blob)
    if stored_size != size or zlib.crc32(memoryview(blob)[4:]) != crc:
        return None
    numbers_end = _HEADER.size + 4 * (blocks + 3 * nodes)
    if len(blob) < numbers_end:
        return None
    view = memoryview(blob)[_HEADER.size : numbers_end]
    numbers: Sequence[int]
    if _LITTLE:
        numbers = view.cast("I")
    else:
        numbers = array("I")
        numbers.frombytes(view)
        numbers.byteswap()
    if len(blob) - numbers_end != (numbers[-1] if nodes else 0):
        return None
    return BlockMap(numbers, blocks, nodes, memoryview(blob)[numbers_end:])
