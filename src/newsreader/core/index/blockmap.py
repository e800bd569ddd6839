"""A located post's block map, packed in one BLOB: what places a search hit.

A hit's block and outline section come from the reader's full parse of the
post; the index keeps, per post version, each block's start offset in the
stored text and the outline flattened to ``(block, depth, label)`` rows.
Search reads that for every hit it shows (all of them for ``--search Q
--list --json``), so it is stored in the cheapest form to read back: one
BLOB of little-endian unsigned 32-bit integers and the labels' UTF-8 text::

    block count B, node count N, B block starts, N (block, depth) pairs,
    then the N labels joined by U+001F

Unpacking is two ``array`` copies and one ``split``, a few microseconds for
a post of a hundred blocks, where the JSON it replaces took about 0.4 ms to
decode and check. A BLOB that is not such a map (damage) unpacks to None,
and the caller locates the post again from its file.
"""

from __future__ import annotations

import struct
import sys
from array import array
from collections.abc import Sequence
from typing import overload

LABEL_SEPARATOR = "\x1f"
"""Joins the labels: a control character, which cleaned block text never holds."""
_SEPARATOR_BYTE = LABEL_SEPARATOR.encode()

_HEADER = struct.Struct("<II")
_LITTLE = sys.byteorder == "little"

Section = tuple[int, int, str]
"""One outline row: the node's block, its depth (0 at the top) and its label."""


def _words(values: Sequence[int]) -> bytes:
    """``values`` as little-endian unsigned 32-bit integers."""
    packed = array("I", values)
    if not _LITTLE:
        packed.byteswap()
    return packed.tobytes()


def pack(offsets: Sequence[int], sections: Sequence[Section]) -> bytes:
    """Pack block starts and outline rows into one BLOB (see the module's layout).

    Raises:
        OverflowError: An offset, block or depth does not fit 32 bits
            (a text over 4 GB, which the loader never reads).
    """
    pairs = [number for block, depth, _label in sections for number in (block, depth)]
    labels = LABEL_SEPARATOR.join(
        label.replace(LABEL_SEPARATOR, " ") for _block, _depth, label in sections
    )
    head = _HEADER.pack(len(offsets), len(sections))
    return head + _words(offsets) + _words(pairs) + labels.encode("utf-8", "replace")


class PackedOutline(Sequence[Section]):
    """Outline rows read straight from a packed map: labels decoded only when asked for.

    A hit needs one section path, the labels of a node and its ancestors;
    decoding and splitting every label of every shown post cost more than
    the rest of unpacking.
    """

    __slots__ = ("_blocks", "_depths", "_labels")

    def __init__(self, blocks: array[int], depths: array[int], labels: bytes) -> None:
        """Wrap the node blocks, depths and joined labels of a map (checked by :func:`unpack`)."""
        self._blocks, self._depths, self._labels = blocks, depths, labels

    def __len__(self) -> int:
        return len(self._blocks)

    @overload
    def __getitem__(self, index: int) -> Section: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Section, ...]: ...
    def __getitem__(self, index: int | slice) -> Section | tuple[Section, ...]:
        if isinstance(index, slice):
            return tuple(self[i] for i in range(*index.indices(len(self))))
        label = self._label_list()[index]
        return self._blocks[index], self._depths[index], label

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and tuple(self) == tuple(other)

    __hash__ = None  # type: ignore[assignment]

    def _label_list(self) -> list[str]:
        return [label.decode("utf-8", "replace") for label in self._split()]

    def _split(self) -> list[bytes]:
        return self._labels.split(_SEPARATOR_BYTE)

    def path_to(self, block: int) -> tuple[str, ...]:
        """Labels of the nodes enclosing ``block``, outermost first (``PostText.section_at``)."""
        path: list[int] = []
        for index, node_block in enumerate(self._blocks):
            if node_block > block:
                break
            del path[self._depths[index] :]
            path.append(index)
        if not path:
            return ()
        labels = self._split()
        return tuple(labels[index].decode("utf-8", "replace") for index in path)


def unpack(blob: object, size: int) -> tuple[array[int], PackedOutline | tuple[()]] | None:
    """The block starts and outline rows :func:`pack` stored, or None if ``blob`` is not a map.

    A map is checked as far as using it needs: its lengths agree, block
    starts rise and lie inside a text of ``size`` characters, every node
    points at a block, and there is one label per node.

    Args:
        blob: The stored BLOB.
        size: Length of the stored text the map belongs to.
    """
    if not isinstance(blob, bytes) or len(blob) < _HEADER.size:
        return None
    blocks, nodes = _HEADER.unpack_from(blob)
    numbers_end = _HEADER.size + 4 * (blocks + 2 * nodes)
    if len(blob) < numbers_end:
        return None
    numbers = array("I")
    numbers.frombytes(blob[_HEADER.size : numbers_end])
    if not _LITTLE:
        numbers.byteswap()
    offsets = numbers[:blocks]
    if blocks and (offsets[-1] > size or offsets.tolist() != sorted(offsets)):
        return None
    labels = blob[numbers_end:]
    if not nodes:
        return (offsets, ()) if not labels else None
    pairs = numbers[blocks:]
    node_blocks, depths = pairs[0::2], pairs[1::2]
    if labels.count(_SEPARATOR_BYTE) != nodes - 1 or max(node_blocks) >= max(blocks, 1):
        return None
    return offsets, PackedOutline(node_blocks, depths, labels)
