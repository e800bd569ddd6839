"""Helpers for the UI tests: start the reader on an archive and wait until it settles."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from newsreader.ui.app import NewsReaderApp, make_app
from newsreader.ui.screens.main import MainScreen


async def settle(pilot: Pilot[None]) -> None:
    """Wait for the archive and any post being opened to finish loading."""
    for _ in range(4):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def main_screen(app: NewsReaderApp) -> MainScreen:
    """The reader screen (fails the test if something else is on top)."""
    screen = app.screen
    assert isinstance(screen, MainScreen), f"expected the reader, got {screen!r}"
    return screen


def screen_text(app: NewsReaderApp) -> str:
    """What the terminal shows, as plain text (no styles)."""
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(segment.text for segment in strip) for strip in strips)


@pytest.fixture
def reader(tmp_path: Path) -> Callable[..., NewsReaderApp]:
    """Build the reader with state and exports kept in ``tmp_path``."""

    def build(root: Path, **options: object) -> NewsReaderApp:
        return make_app(
            root,
            state_dir=tmp_path / "state",
            export_dir=tmp_path / "exports",
            cache_dir=tmp_path / "cache",
            **options,  # type: ignore[arg-type]
        )

    return build
