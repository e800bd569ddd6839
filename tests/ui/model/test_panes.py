"""The panes' widths: the share, the minimums, and the article's reading width first."""

from __future__ import annotations

import pytest

from newsreader.ui.model.panes import (
    ARTICLE_MIN_WIDTH,
    DIVIDER_WIDTH,
    LIST_MIN_WIDTH,
    LIST_SHARE,
    LIST_SHARE_RANGE,
    OUTLINE_WIDTH_RANGE,
    PaneRoom,
    PaneWidths,
    reading_width,
)

READING = reading_width(80)


@pytest.mark.parametrize(
    ("room", "share", "expected"),
    [
        # No outline: the plain share of what the side panes leave.
        (PaneRoom(120, False, False, READING), LIST_SHARE, PaneWidths(0, 66, 53, 0)),
        (PaneRoom(200, True, False, READING), LIST_SHARE, PaneWidths(26, 96, 77, 0)),
        # The outline shows: the article gets its 85, the list what is left.
        (PaneRoom(200, True, True, READING), LIST_SHARE, PaneWidths(26, 48, 85, 40)),
        # Not enough for 85: the list goes to its least, then the outline to its least.
        (PaneRoom(120, False, True, READING), LIST_SHARE, PaneWidths(0, 32, 63, 24)),
        (PaneRoom(160, True, True, READING), LIST_SHARE, PaneWidths(26, 32, 77, 24)),
        # A shorter measure asks for less (text width 60: 65 cells).
        (PaneRoom(160, True, True, reading_width(60)), LIST_SHARE, PaneWidths(26, 33, 65, 35)),
        # The ends of the share keep their plain meaning while reading.
        (PaneRoom(200, True, True, READING), 70, PaneWidths(26, 93, 40, 40)),
        (PaneRoom(200, True, True, READING), 20, PaneWidths(26, 32, 101, 40)),
        # The article's least holds against the widest share.
        (PaneRoom(120, False, False, READING), 70, PaneWidths(0, 79, 40, 0)),
    ],
)
def test_widths(room: PaneRoom, share: int, expected: PaneWidths) -> None:
    assert room.widths(share) == expected


@pytest.mark.parametrize("width", [100, 120, 150, 160, 200, 240])
@pytest.mark.parametrize(("categories", "outline"), [(False, False), (True, True), (False, True)])
def test_widths_fill_the_terminal_and_grow_with_the_share(
    width: int, categories: bool, outline: bool
) -> None:
    room = PaneRoom(width, categories, outline, READING)
    low, high = LIST_SHARE_RANGE
    lists = []
    for share in range(low, high + 1):
        widths = room.widths(share)
        assert sum(widths) + DIVIDER_WIDTH == width
        assert widths.list >= LIST_MIN_WIDTH
        lists.append(widths.list)
    assert lists == sorted(lists)
    if outline:  # reading: the article has its width, or the list and outline their least
        widths = room.widths(LIST_SHARE)
        least = (LIST_MIN_WIDTH, OUTLINE_WIDTH_RANGE[0])
        assert widths.article >= READING or (widths.list, widths.outline) == least


@pytest.mark.parametrize("width", [120, 160, 200])
def test_the_article_claims_its_reading_width_only_beside_an_outline(width: int) -> None:
    with_outline = PaneRoom(width, False, True, READING).widths(LIST_SHARE)
    without = PaneRoom(width, False, False, READING).widths(LIST_SHARE)
    assert with_outline.article > round((width - with_outline.outline) * 0.45)
    assert without.list == round(width * LIST_SHARE / 100)


@pytest.mark.parametrize("width", [120, 160, 200])
def test_before_a_post_is_chosen_the_list_keeps_its_share_beside_the_outline(width: int) -> None:
    choosing = PaneRoom(width, False, True, 0).widths(LIST_SHARE)
    reading = PaneRoom(width, False, True, READING).widths(LIST_SHARE)
    assert choosing.list == round((width - choosing.outline) * LIST_SHARE / 100)
    assert choosing.list >= reading.list
    assert choosing.outline >= reading.outline


@pytest.mark.parametrize(
    ("room", "share", "step", "expected"),
    [
        (PaneRoom(200, True, False, READING), 55, 1, 60),
        (PaneRoom(200, True, False, READING), 55, -1, 50),
        # 120 with the outline: shares up to 55 all leave the list at its least,
        # so > moves on and < has nowhere to go (the share stays).
        (PaneRoom(120, False, True, READING), 55, 1, 60),
        (PaneRoom(120, False, True, READING), 55, -1, 55),
        (PaneRoom(120, False, True, READING), 20, 1, 60),
        (PaneRoom(200, True, True, READING), 70, 1, 70),
    ],
)
def test_a_key_press_moves_the_list_when_it_can(
    room: PaneRoom, share: int, step: int, expected: int
) -> None:
    assert room.stepped(share, step) == expected


@pytest.mark.parametrize(
    ("room", "target", "current", "expected"),
    [
        (PaneRoom(200, True, False, READING), 96, 30, 55),
        (PaneRoom(200, True, False, READING), 0, 55, 20),
        (PaneRoom(200, True, False, READING), 500, 55, 70),
        # A drag to the least width at 120 with the outline keeps the share.
        (PaneRoom(120, False, True, READING), 10, 45, 45),
    ],
)
def test_a_drag_picks_the_nearest_share(
    room: PaneRoom, target: int, current: int, expected: int
) -> None:
    assert room.share_for(target, current) == expected


def test_a_terminal_too_narrow_for_both_minimums_still_adds_up() -> None:
    widths = PaneRoom(60, True, True, READING).widths(LIST_SHARE)
    assert sum(widths) + DIVIDER_WIDTH == 60
    assert widths.article >= 1
    assert ARTICLE_MIN_WIDTH > widths.article
