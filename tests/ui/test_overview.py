"""Pilot tests: the overview screen (v and the palette)."""

from __future__ import annotations

from textual.widgets import Sparkline

from newsreader.ui.screens.main import MainScreen
from newsreader.ui.screens.overview import OverviewScreen
from tests.conftest import SAMPLE
from tests.ui.conftest import Reader, main_screen, screen_text, settle


async def test_v_shows_each_category_with_its_months_unread_and_problems(reader: Reader) -> None:
    app = reader(SAMPLE)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        reading = main_screen(app).reading
        await pilot.press("O")
        await pilot.pause()
        overview = app.screen
        assert isinstance(overview, OverviewScreen)
        rows = overview.overview.rows
        assert sum(row.posts for row in rows) == len(reading.posts)
        assert len(overview.query(Sparkline)) == len(rows)
        text = screen_text(app)
        assert "Archive overview" in text
        assert f"{len(reading.posts)} posts in {len(rows)} categories" in text
        assert "常州日报新闻" in text  # categories by their human names
        if reading.problems:
            assert sum(row.problems for row in rows) == len(reading.problems)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


async def test_unread_counts_follow_reading(reader: Reader) -> None:
    app = reader(SAMPLE)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        await pilot.press("O")
        await pilot.pause()
        assert isinstance(app.screen, OverviewScreen)
        before = sum(row.unread for row in app.screen.overview.rows)
        await pilot.press("escape")
        screen.open_post(screen.reading.posts[-1])
        await settle(pilot)
        await pilot.press("O")
        await pilot.pause()
        assert isinstance(app.screen, OverviewScreen)
        assert sum(row.unread for row in app.screen.overview.rows) == before - 1


async def test_the_palette_opens_the_overview(reader: Reader) -> None:
    app = reader(SAMPLE)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Overview")
        for _ in range(20):
            await pilot.pause(0.05)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, OverviewScreen)
