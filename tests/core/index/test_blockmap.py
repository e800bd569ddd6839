"""The packed block map: what it stores comes back, and damage unpacks to nothing."""

from __future__ import annotations

import struct
import zlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsreader.core.index.blockmap import Section, pack, unpack
from newsreader.core.index.tokens import PostText

_LABEL = st.text(st.characters(exclude_categories=["Cs"]))


@st.composite
def maps(draw: st.DrawFn) -> tuple[int, tuple[int, ...], tuple[Section, ...]]:
    """A text size, rising block starts inside it, and an outline's rows over the blocks.

    The rows are a tree walked in pre-order, as the reader's outline gives
    them: blocks rise, and a node is at most one level below the one before.
    """
    size = draw(st.integers(0, 10**6))
    offsets = tuple(sorted(draw(st.lists(st.integers(0, size), max_size=40))))
    blocks = sorted(draw(st.lists(st.integers(0, max(len(offsets), 1) - 1), max_size=20)))
    rows: list[Section] = []
    for block in blocks:
        deepest = rows[-1][1] + 1 if rows else 0
        rows.append((block, draw(st.integers(0, deepest)), draw(_LABEL)))
    return size, offsets, tuple(rows)


@given(maps())
def test_a_packed_map_unpacks_to_itself(
    drawn: tuple[int, tuple[int, ...], tuple[Section, ...]],
) -> None:
    size, offsets, sections = drawn
    unpacked = unpack(pack(offsets, sections, size), size)
    assert unpacked is not None
    assert unpacked.offsets() == offsets and unpacked.rows() == sections


@given(maps(), st.integers(0, 50), st.integers(0, 10**6))
def test_a_hit_placed_by_the_map_is_placed_as_by_walking_the_rows(
    drawn: tuple[int, tuple[int, ...], tuple[Section, ...]], block: int, offset: int
) -> None:
    size, offsets, sections = drawn
    unpacked = unpack(pack(offsets, sections, size), size)
    assert unpacked is not None
    walked = PostText("t", "x" * size, offsets, sections)
    assert unpacked.section_at(block) == walked.section_at(block)
    assert unpacked.block_at(offset) == walked.block_at(offset)


def test_an_empty_document_has_an_empty_map() -> None:
    unpacked = unpack(pack((), (), 0), 0)
    assert unpacked is not None and unpacked.offsets() == () and unpacked.section_at(3) == ()


GOOD = pack((0, 5, 9), ((0, 0, "一、总则"), (2, 1, "（一）目的")), 20)


def _forged(body: bytes) -> bytes:
    """A map whose CRC is right for ``body``: damage only a forger could make."""
    return struct.pack("<I", zlib.crc32(body)) + body


@pytest.mark.parametrize(
    ("blob", "size"),
    [
        (b"", 20),  # no header
        (GOOD[:-20], 20),  # cut inside the labels
        (GOOD[:30], 20),  # cut inside the numbers
        (GOOD, 21),  # the map of another text
        (GOOD[:-1] + b"x", 20),  # a byte changed
        (b"\x00" + GOOD[1:], 20),  # the CRC changed
        (_forged(GOOD[4:] + b"x"), 20),  # a label too long
        ("not bytes", 20),
    ],
)
def test_a_damaged_map_unpacks_to_none(blob: object, size: int) -> None:
    assert unpack(blob, size) is None


def test_a_forged_parent_cannot_loop() -> None:
    """A node whose parent comes after it (a forged CRC) gives no section, never a loop."""
    body = bytearray(GOOD[4:])
    parents = 16 + 4 * (3 + 2)  # after the header's three numbers, the starts and node blocks
    body[parents - 4 : parents + 4] = struct.pack("<II", 2, 2)  # node 0's parent is node 1
    unpacked = unpack(_forged(bytes(body)), 20)
    assert unpacked is not None and unpacked.section_at(2) is None


def test_a_map_is_four_bytes_a_number_and_the_labels_text() -> None:
    """Compact: the point of the packing (JSON took about three times the room)."""
    sections = tuple((block, 1 if block else 0, f"（{block}）") for block in range(50))
    blob = pack(tuple(range(0, 10_000, 100)), sections, 10_000)
    labels = "".join(label for _block, _depth, label in sections).encode()
    assert len(blob) == 16 + 4 * (100 + 3 * 50) + len(labels)
