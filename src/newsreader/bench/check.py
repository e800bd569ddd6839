"""``python -m newsreader.bench check [N] [--keep DIR]``: the reader's keys while its check runs.

A warm start shows the index's first page at once and then checks the whole
archive in the background (:func:`newsreader.core.index.refresh.revalidate`:
every file statted, every post loaded, the reading's lookups derived), at
10^5 posts for some seconds, in a thread that shares the GIL with the event
loop. The list must stay usable meanwhile. This measures it: over a
generated archive of N posts (10^5 by default, kept on disk like the main
benchmark's) whose index a first run left, a headless reader is started,
and from its first article drawn until the check's result is applied it
presses ``j`` or ``k`` in the list every :data:`PRESS_EVERY` seconds, timing each
press until the list's cursor has moved and the screen has drawn it, while
a timer notes how late the event loop woke. Printed: key presses (median,
worst) against :data:`TARGET_MS`, the loop's longest stall, and the time to
the check applied; it is a figure, not a test.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from textual import events
from textual.app import App
from textual.message import Message

from newsreader.bench.headless import refreshed
from newsreader.bench.run import default_keep, kept_archive
from newsreader.bench.stall import TICK, note_lateness, worst_late_ms
from newsreader.ui.app import make_app
from newsreader.ui.options import ReaderOptions
from newsreader.ui.screens.main import MainScreen
from newsreader.ui.widgets.archive_watcher import ArchiveWatcher
from newsreader.ui.widgets.article_view import ArticleView

TARGET_MS = 50.0
"""A key's budget, as in :mod:`newsreader.bench.reader`."""
PRESS_EVERY = 0.1
"""Seconds between key presses while the check runs."""
PATIENCE = 60.0
"""Seconds a press may take before the run is given up as broken."""
CHECK_PATIENCE = 900.0
"""Seconds the check may take before the run is given up as broken."""
QUIET_PRESSES = 10
"""Presses timed once the check is applied: the same key without a check beside it."""


@dataclass(frozen=True, slots=True)
class Check:
    """What the background check cost the reader's keys.

    Attributes:
        presses_ms: Each ``j`` press until its cursor move was drawn, in ms.
        worst_stall_ms: The latest the event loop woke while the check ran.
        first_screen_s: Seconds from the app's start to its first article drawn.
        applied_s: Seconds from the first article drawn to the check applied.
        quiet_ms: Presses once the check is applied, for comparison.
    """

    presses_ms: list[float]
    worst_stall_ms: float
    first_screen_s: float
    applied_s: float
    quiet_ms: list[float]


def index_archive(root: Path, cache: Path) -> None:
    """Leave the index a first run of newsreader leaves (a cold listing, in its own process)."""
    env = {**os.environ, "XDG_CACHE_HOME": str(cache.parent)}
    command = [sys.executable, "-m", "newsreader", str(root), "--list", "--json"]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=env)


def _press(app: App[None], key: str) -> None:
    """Send ``key`` as the terminal would, without waiting for the app to be idle.

    Pilot's ``press`` waits until every widget has handled its messages,
    which with a check running in a thread may be the whole check.
    """
    event = events.Key(key, key)
    event.set_sender(app)
    assert app._driver is not None
    app._driver.send_message(event)


async def measure(root: Path, cache: Path, state: Path) -> Check:
    """Start the reader on ``root`` and press keys until its check is applied."""
    first, applied = asyncio.Event(), asyncio.Event()

    def hook(message: Message) -> None:
        if isinstance(message, ArticleView.LaidOut):
            first.set()
        if isinstance(message, ArchiveWatcher.Refreshed):
            applied.set()

    app = make_app(root, ReaderOptions(state_dir=state, cache_dir=cache))
    started = time.perf_counter()
    async with app.run_test(size=(160, 48), message_hook=hook):
        await first.wait()
        shown = time.perf_counter()
        screen = app.screen
        assert isinstance(screen, MainScreen)
        articles = screen.article_list
        articles.focus()
        stop, lateness = asyncio.Event(), list[tuple[float, float]]()
        watcher = asyncio.create_task(note_lateness(stop, lateness))
        presses = [await _timed_press(app, screen)]
        while not applied.is_set():
            if time.perf_counter() - shown > CHECK_PATIENCE:
                raise TimeoutError("the reader's check was never applied")
            await asyncio.sleep(PRESS_EVERY)
            presses.append(await _timed_press(app, screen))
        done = time.perf_counter()
        stop.set()
        await watcher
        await asyncio.sleep(1)  # the check's result applied and drawn
        quiet = [await _timed_press(app, screen) for _ in range(QUIET_PRESSES)]
    return Check(
        presses, worst_late_ms(lateness, shown, done), shown - started, done - shown, quiet
    )


async def _timed_press(app: App[None], screen: MainScreen) -> float:
    """Milliseconds from ``j`` (``k`` below the top) sent until the cursor moved and was drawn.

    Raises:
        TimeoutError: The cursor did not move within :data:`PATIENCE` seconds.
    """
    articles = screen.article_list
    before = articles.cursor
    key = "k" if before > 0 else "j"
    pressed = time.perf_counter()
    _press(app, key)
    while articles.cursor == before:
        if time.perf_counter() - pressed > PATIENCE:
            raise TimeoutError(f"the list's cursor did not move on {key!r}")
        await asyncio.sleep(0.001)
    await refreshed(screen)
    return (time.perf_counter() - pressed) * 1000


def report(check: Check, count: int) -> str:
    """The presses against their target, the loop's worst stall, the check's time."""
    presses = check.presses_ms or [0.0]
    median = statistics.median(presses)
    verdict = "PASS" if median <= TARGET_MS else "MISS"
    return "\n".join(
        [
            f"reader keys while the check runs, {count:,} posts (target {TARGET_MS:.0f} ms)",
            f"  j pressed, drawn     median {median:8.1f} ms   worst {max(presses):8.1f} ms"
            f"   ({len(check.presses_ms)} presses)   {verdict}",
            f"  the same, check done median {statistics.median(check.quiet_ms):8.1f} ms"
            f"   worst {max(check.quiet_ms):8.1f} ms",
            f"  longest event-loop stall     {check.worst_stall_ms:8.1f} ms  (timer every "
            f"{TICK * 1000:.0f} ms)",
            f"  start to first article       {check.first_screen_s:8.2f} s",
            f"  first article to check shown {check.applied_s:8.2f} s",
        ]
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``python -m newsreader.bench check [N] [--keep DIR]``."""
    parser = argparse.ArgumentParser(prog="python -m newsreader.bench check", description=__doc__)
    parser.add_argument("count", type=int, nargs="?", default=100_000, help="posts")
    parser.add_argument("--keep", type=Path, help="keep (and reuse) the archive in this folder")
    args = parser.parse_args(argv)
    root = kept_archive(args.count, args.keep or default_keep())
    with tempfile.TemporaryDirectory(prefix="newsreader-bench-check-") as scratch:
        cache = Path(scratch) / "cache" / "newsreader"
        print(f"indexing {root} ...", file=sys.stderr)
        index_archive(root, cache)
        print("pressing keys while the reader checks the archive ...", file=sys.stderr)
        check = asyncio.run(measure(root, cache, Path(scratch) / "state"))
    print(report(check, args.count))
    return 0
