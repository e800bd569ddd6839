"""Snapshot tests for the reader's tools: the overview and the search dialog with hits."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from newsreader.ui.screens.search import SearchScreen
from tests.conftest import SAMPLE
from tests.ui.conftest import Reader, settle

SnapCompare = Callable[..., bool]
SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((160, 48), id="160x48")]


async def _quiet(pilot: Pilot[Any]) -> None:
    """Settle, then clear toasts and stop cursors blinking for a stable picture."""
    await settle(pilot)
    pilot.app.clear_notifications()
    for box in pilot.app.screen.query(Input):
        box.cursor_blink = False
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES)
class TestTools:
    """The overview, and the search dialog listing hits with their context."""

    def test_overview(
        self, snap_compare: SnapCompare, reader: Reader, size: tuple[int, int]
    ) -> None:
        async def run_before(pilot: Pilot[Any]) -> None:
            await settle(pilot)
            await pilot.press("O")
            await _quiet(pilot)

        assert snap_compare(reader(SAMPLE), terminal_size=size, run_before=run_before)

    def test_search_hits(
        self, snap_compare: SnapCompare, reader: Reader, size: tuple[int, int]
    ) -> None:
        async def run_before(pilot: Pilot[Any]) -> None:
            await settle(pilot)
            await pilot.press("s")
            await pilot.pause()
            search = pilot.app.screen
            assert isinstance(search, SearchScreen)
            await pilot.press(*"科协")
            for _ in range(200):
                await asyncio.sleep(0.05)
                await pilot.pause()
                if search.shown_query == "科协":
                    break
            await _quiet(pilot)

        assert snap_compare(reader(SAMPLE), terminal_size=size, run_before=run_before)
