"""Helpers for the UI tests: start the reader on an archive and wait until it settles."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.pilot import Pilot

from newsreader.ui.app import NewsReaderApp, make_app
from newsreader.ui.options import ReaderOptions
from newsreader.ui.screens.main import MainScreen
from tests.conftest import SAMPLE, SEED

Reader = Callable[..., NewsReaderApp]
"""What the ``reader`` fixture returns: ``reader(root, **reader_options)``."""

SEED_PATH = SEED.relative_to(SAMPLE).as_posix()
"""The seed post's path within the sample archive (the key of ``by_path``)."""


async def settle(pilot: Pilot[Any]) -> None:
    """Wait for the archive and any post being opened to finish loading."""
    for _ in range(4):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def main_screen(app: App[Any]) -> MainScreen:
    """The reader screen (fails the test if something else is on top)."""
    screen = app.screen
    assert isinstance(screen, MainScreen), f"expected the reader, got {screen!r}"
    return screen


def screen_text(app: App[Any]) -> str:
    """What the terminal shows, as plain text (no styles)."""
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(segment.text for segment in strip) for strip in strips)


async def open_seed(pilot: Pilot[Any]) -> MainScreen:
    """Wait for loading, open the seed post and focus the article.

    Returns:
        The reader screen, showing the seed.
    """
    await settle(pilot)
    screen = main_screen(pilot.app)
    screen.open_post(screen.reading.by_path[SEED_PATH])
    await settle(pilot)
    screen.article_view.focus()
    return screen


@pytest.fixture
def reader(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Reader:
    """Build the reader with state and exports kept in ``tmp_path``.

    Toasts without a timeout of their own live through the test: tests read the
    live notifications, and a loaded machine can take longer than 5 s to settle.
    """
    monkeypatch.setattr(NewsReaderApp, "NOTIFICATION_TIMEOUT", 600)

    def build(root: Path, **options: object) -> NewsReaderApp:
        folders: dict[str, Any] = {
            "state_dir": tmp_path / "state",
            "export_dir": tmp_path / "exports",
            "cache_dir": tmp_path / "cache",
        }
        return make_app(root, ReaderOptions(**(folders | options)))

    return build
