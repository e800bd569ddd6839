"""What the reader benchmarks share: a headless reader brought up, and its messages heard once.

Both :mod:`newsreader.bench.reader` and :mod:`newsreader.bench.stall` drive the
reader under Textual's ``run_test`` and end a step on a message (an
``ArticleView.LaidOut``). A message hook sees a message at every widget it
bubbles through, so :func:`first_stops` passes each message on only at its
first stop, or a step would end on an earlier step's message; a step that
changes the screen ends on its next refresh (:func:`refreshed`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, TypeVar

from textual.message import Message
from textual.pilot import Pilot
from textual.screen import Screen

from newsreader.ui.app import NewsReaderApp
from newsreader.ui.screens.main import MainScreen

M = TypeVar("M", bound=Message)


def first_stops(kind: type[M], heard: Callable[[M], None]) -> Callable[[Message], None]:
    """A ``message_hook`` that hands each message of ``kind`` to ``heard`` once."""
    seen: dict[int, Message] = {}  # held, so that no later message reuses an id

    def hook(message: Message) -> None:
        if isinstance(message, kind) and id(message) not in seen:
            seen[id(message)] = message
            heard(message)

    return hook


async def refreshed(screen: Screen[Any]) -> None:
    """Until ``screen`` has drawn what was just changed (its next refresh)."""
    drawn = asyncio.Event()
    screen.call_after_refresh(drawn.set)
    await drawn.wait()


async def reader_ready(app: NewsReaderApp, pilot: Pilot[Any]) -> MainScreen:
    """The reader's main screen, once the archive is shown and its workers are done."""
    while not isinstance(app.screen, MainScreen):
        await pilot.pause(0.05)
    screen = app.screen
    await app.workers.wait_for_complete()
    await pilot.pause()
    return screen
