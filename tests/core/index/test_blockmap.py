"""The packed block map: what it stores comes back, and damage unpacks to nothing."""

from __future__ import annotations

from array import array

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsreader.core.index.blockmap import LABEL_SEPARATOR, Section, pack, unpack
from newsreader.core.index.tokens import PostText

_LABEL = st.text(st.characters(exclude_characters=LABEL_SEPARATOR, exclude_categories=["Cs"]))


@st.composite
def maps(draw: st.DrawFn) -> tuple[int, tuple[int, ...], tuple[Section, ...]]:
    """A text size, rising block starts inside it, and outline rows pointing at blocks."""
    size = draw(st.integers(0, 10**6))
    offsets = tuple(sorted(draw(st.lists(st.integers(0, size), max_size=40))))
    node = st.tuples(st.integers(0, max(len(offsets), 1) - 1), st.integers(0, 8), _LABEL)
    sections = tuple(sorted(draw(st.lists(node, max_size=20)), key=lambda row: row[0]))
    return size, offsets, sections


@given(maps())
def test_a_packed_map_unpacks_to_itself(
    drawn: tuple[int, tuple[int, ...], tuple[Section, ...]],
) -> None:
    size, offsets, sections = drawn
    unpacked = unpack(pack(offsets, sections), size)
    assert unpacked is not None
    stored_offsets, stored_sections = unpacked
    assert tuple(stored_offsets) == offsets and tuple(stored_sections) == sections


@given(maps(), st.integers(0, 50))
def test_a_section_path_read_from_the_map_is_the_one_walked_over_the_rows(
    drawn: tuple[int, tuple[int, ...], tuple[Section, ...]], block: int
) -> None:
    size, offsets, sections = drawn
    unpacked = unpack(pack(offsets, sections), size)
    assert unpacked is not None
    assert PostText("t", "x" * size, offsets, unpacked[1]).section_at(block) == PostText(
        "t", "x" * size, offsets, sections
    ).section_at(block)


def test_an_empty_document_has_an_empty_map() -> None:
    assert unpack(pack((), ()), 0) == (array("I"), ())


def test_a_label_cannot_split_itself() -> None:
    unpacked = unpack(pack((0,), ((0, 0, "a\x1fb"),)), 5)
    assert unpacked is not None and tuple(unpacked[1]) == ((0, 0, "a b"),)


GOOD = pack((0, 5, 9), ((0, 0, "一、总则"), (2, 1, "（一）目的")))


@pytest.mark.parametrize(
    ("blob", "size"),
    [
        (b"", 20),  # no header
        (GOOD[:-20], 20),  # cut inside the numbers
        (GOOD, 8),  # a block starts past the end of the text
        (pack((5, 0), ()), 20),  # starts out of order
        (pack((0, 5), ((2, 0, "x"),)), 20),  # a node past the last block
        (pack((0,), ((0, 0, "a"), (0, 1, "b")))[:-2], 20),  # a label missing
        (pack((0,), ((0, 0, "a"),)) + LABEL_SEPARATOR.encode(), 20),  # a label too many
        ("not bytes", 20),
    ],
)
def test_a_damaged_map_unpacks_to_none(blob: object, size: int) -> None:
    assert unpack(blob, size) is None


def test_a_map_is_four_bytes_a_number_and_the_labels_text() -> None:
    """Compact: the point of the packing (JSON took about three times the room)."""
    sections = tuple((block, 1, f"（{block}）") for block in range(50))
    blob = pack(tuple(range(0, 10_000, 100)), sections)
    labels = LABEL_SEPARATOR.join(label for _block, _depth, label in sections).encode()
    assert len(blob) == 8 + 4 * (100 + 2 * 50) + len(labels)
