"""The panes on screen: the widths rule applied, the keys and the divider, remembered."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsreader.ui.model.panes import LIST_MIN_WIDTH, LIST_SHARE, PaneRoom, reading_width
from newsreader.ui.screens.main import MainScreen
from tests.ui.conftest import SEED_PATH, Reader, main_screen, open_seed, settle

FLASH = Path(__file__).parent / "flash_archive"
"""One day of flash news: posts without headings, so no outline."""
PANES = ("#categories", "#list-column", "#article-column", "#outline")


def _widths(screen: MainScreen) -> tuple[int, ...]:
    """The panes' widths on screen, 0 for a pane not shown."""
    return tuple(
        screen.query_one(pane).region.width if screen.query_one(pane).display else 0
        for pane in PANES
    )


def _room(screen: MainScreen) -> PaneRoom:
    outline = screen.outline_pane.display
    return PaneRoom(screen.size.width, screen.show_categories, outline, reading_width(80))


@pytest.mark.parametrize(("size", "article"), [((120, 36), 63), ((160, 40), 77), ((200, 50), 85)])
async def test_the_article_gets_its_reading_width_beside_the_outline(
    reader: Reader, size: tuple[int, int], article: int
) -> None:
    async with reader(Path("sample_posts")).run_test(size=size) as pilot:
        screen = await open_seed(pilot)
        await settle(pilot)
        assert screen.outline_pane.display
        assert _widths(screen) == tuple(_room(screen).widths(screen.list_share))
        assert screen.query_one("#article-column").region.width == article
        assert screen.article_view.layout_.width == min(article - 5, 80)


async def test_the_post_reopened_at_start_leaves_the_list_its_share(reader: Reader) -> None:
    async with reader(Path("sample_posts")).run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = main_screen(pilot.app)
        seed = screen.reading.by_path[SEED_PATH]
        screen.open_post(seed, chosen=False)  # as the reader reopens the last post
        await settle(pilot)
        assert screen.outline_pane.display
        choosing = screen.query_one("#list-column").region.width
        assert choosing > LIST_MIN_WIDTH
        screen.open_post(seed)  # chosen: now it is read, at its reading width
        await settle(pilot)
        assert screen.query_one("#list-column").region.width == LIST_MIN_WIDTH
        assert screen.article_view.layout_.width == 58


async def test_hiding_the_outline_gives_the_list_its_share_back(reader: Reader) -> None:
    async with reader(Path("sample_posts")).run_test(size=(120, 36)) as pilot:
        screen = await open_seed(pilot)
        await settle(pilot)
        assert screen.query_one("#list-column").region.width == LIST_MIN_WIDTH
        await pilot.press("o")
        await settle(pilot)
        assert not screen.outline_pane.display
        assert screen.query_one("#list-column").region.width == round(120 * LIST_SHARE / 100)


async def test_a_key_press_widens_the_list_even_at_its_least(reader: Reader) -> None:
    async with reader(Path("sample_posts")).run_test(size=(120, 36)) as pilot:
        screen = await open_seed(pilot)
        await settle(pilot)
        column = screen.query_one("#list-column")
        await pilot.press("less_than_sign")
        await pilot.pause()
        assert (column.region.width, screen.list_share) == (LIST_MIN_WIDTH, LIST_SHARE)
        await pilot.press("greater_than_sign")
        await pilot.pause()
        assert column.region.width > LIST_MIN_WIDTH


async def test_dragging_the_divider_resizes_the_list_and_is_remembered(reader: Reader) -> None:
    async with reader(FLASH).run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(pilot.app)
        column, divider = screen.query_one("#list-column"), screen.query_one("#divider")
        before = column.region.width
        assert divider.region.x == column.region.right
        assert await pilot.mouse_down("#divider")
        assert divider.has_class("-dragging")
        await pilot.hover(offset=(column.region.x + before - 20, 10))  # over the list
        await pilot.mouse_up(offset=(column.region.x + before - 20, 10))
        await pilot.pause()
        assert not divider.has_class("-dragging")
        assert abs(column.region.width - (before - 20)) <= 1
        assert divider.region.x == column.region.right
        share = screen.list_share
        assert share < LIST_SHARE
        await pilot.hover(offset=(column.region.x + 5, 10))  # after the release: no drag
        await pilot.pause()
        assert screen.list_share == share
        await pilot.press("q")
    async with reader(FLASH).run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(pilot.app)
        assert screen.list_share == share
        assert abs(screen.query_one("#list-column").region.width - (before - 20)) <= 1


async def test_the_divider_goes_with_the_list(reader: Reader) -> None:
    async with reader(FLASH).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = main_screen(pilot.app)
        assert not screen.query_one("#divider").display
        await pilot.resize_terminal(160, 40)
        await settle(pilot)
        assert screen.query_one("#divider").display
        await pilot.press("f")
        await pilot.pause()
        assert not screen.query_one("#divider").display
