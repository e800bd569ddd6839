"""``python -m newsreader.bench stall [--size N] [--markdown]``: the reader's stall on a big post.

Opening a post parses it and builds its outline in a worker thread, lays it
out in another and grows the outline pane over several frames, so the reader
should keep answering keys while a 5 MB post opens. This measures whether it
does: in a headless reader, a timer on the event loop wakes every
:data:`TICK` seconds from the moment the post is asked for until it is laid
out and its outline is complete in the pane, and the longest time a wake-up
came late is how long a key press would have waited. It is printed against
:data:`TARGET_MS`, with the times to the first screen (the article view shows
a big post's first part of the layout at once), to the whole layout and to
the full outline, and with the longest stall while the layout's later parts
came in (what the layout's own work cost the loop, apart from the parse
before it); it is a figure, not a test.

The post is the seed's body repeated to the size asked (HTML, or the same text
as Markdown), the shape :mod:`newsreader.bench.documents` times in process.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from newsreader.bench.documents import MB, as_markdown, seed_body, sized
from newsreader.bench.headless import first_stops, reader_ready
from newsreader.core.outline.build import iter_nodes
from newsreader.ui.app import NewsReaderApp
from newsreader.ui.options import ReaderOptions
from newsreader.ui.widgets.article_view import ArticleView
from newsreader.ui.widgets.outline_pane import OutlinePane

TARGET_MS = 100.0
"""The longest the event loop may stall while a big post opens."""
TICK = 0.01
"""Seconds between the timer's wake-ups."""
BIG_SLUG = "big"


@dataclass(frozen=True, slots=True)
class Stall:
    """What one open of a big post cost the event loop.

    Attributes:
        worst_ms: The latest a timer wake-up came, in milliseconds.
        laid_out_s: Seconds from asking for the post to its whole layout on screen.
        outlined_s: Seconds from asking for the post to its outline complete in the pane.
        headings: Headings in the outline pane.
        first_screen_s: Seconds from asking for the post to its first screen.
        parts_worst_ms: The latest wake-up between the first screen and the whole layout.
    """

    worst_ms: float
    laid_out_s: float
    outlined_s: float
    headings: int
    first_screen_s: float = 0.0
    parts_worst_ms: float = 0.0


def write_archive(root: Path, size: int, markdown: bool) -> None:
    """An archive of one short post and one of about ``size`` bytes (the one measured)."""
    posts = root / "_posts"
    posts.mkdir(parents=True)
    seed = seed_body()
    body = sized(as_markdown(seed) if markdown else seed, size)
    # The newest post opens with the reader: the small one, so the big one opens when asked.
    for date, slug, text in (("2022-01-10", BIG_SLUG, body), ("2022-01-11", "small", seed)):
        front = f"---\ntitle: {slug}\ndate: {date} 08:00:00 +0800\n---\n"
        (posts / f"{date}-{slug}.md").write_text(front + text, encoding="utf-8")


async def note_lateness(stop: asyncio.Event, lateness: list[tuple[float, float]]) -> None:
    """Wake every :data:`TICK` seconds until ``stop``, noting when and how late each wake-up was."""
    last = time.perf_counter()
    while not stop.is_set():
        await asyncio.sleep(TICK)
        now = time.perf_counter()
        lateness.append((now, now - last - TICK))
        last = now


def worst_late_ms(
    lateness: list[tuple[float, float]], start: float = 0.0, end: float = 1e300
) -> float:
    """The latest wake-up, in milliseconds, of those that came between ``start`` and ``end``."""
    return max((late for when, late in lateness if start < when <= end), default=0.0) * 1000


async def measure(size: int, markdown: bool) -> Stall:
    """Open the big post in a headless reader and time the event loop's longest stall."""
    shown, laid_out = asyncio.Event(), asyncio.Event()
    asked = False
    times: dict[str, float] = {}

    def heard(message: ArticleView.LaidOut) -> None:
        post = message.view.post
        if asked and post is not None and post.slug == BIG_SLUG:
            if not shown.is_set():
                times["shown"] = time.perf_counter()
                shown.set()
            if message.complete:
                laid_out.set()

    hook = first_stops(ArticleView.LaidOut, heard)

    with tempfile.TemporaryDirectory(prefix="newsreader-bench-stall-") as scratch:
        root = Path(scratch) / "archive"
        write_archive(root, size, markdown)
        options = ReaderOptions(state_dir=Path(scratch) / "state", use_cache=False)
        app = NewsReaderApp(root, options)
        async with app.run_test(size=(160, 48), message_hook=hook) as pilot:
            screen = await reader_ready(app, pilot)
            big = next(post for post in screen.reading.archive.posts if post.slug == BIG_SLUG)
            pane = screen.query_one(OutlinePane)
            stop, lateness = asyncio.Event(), list[tuple[float, float]]()
            watcher = asyncio.create_task(note_lateness(stop, lateness))
            started, asked = time.perf_counter(), True
            screen.open_post(big)
            await laid_out.wait()
            finished = time.perf_counter()
            laid_out_s = finished - started
            while not (pane.complete and pane.outline):
                await asyncio.sleep(TICK)
            outlined_s = time.perf_counter() - started
            stop.set()
            await watcher
            headings = sum(1 for _ in iter_nodes(pane.outline))
        first_s = times["shown"] - started
        parts_ms = worst_late_ms(lateness, times["shown"], finished)
        return Stall(worst_late_ms(lateness), laid_out_s, outlined_s, headings, first_s, parts_ms)


def report(stall: Stall, size: int, markdown: bool) -> str:
    """The stall against its target, and the times to the layout and the full outline."""
    kind = "Markdown" if markdown else "HTML"
    verdict = "PASS" if stall.worst_ms <= TARGET_MS else "MISS"
    return "\n".join(
        [
            f"reader stall opening a {size / MB:g} MB {kind} post "
            f"({stall.headings:,} headings; target {TARGET_MS:.0f} ms)",
            f"  longest event-loop stall {stall.worst_ms:9.1f} ms   {verdict}",
            f"    after the first screen {stall.parts_worst_ms:9.1f} ms   (layout parts coming)",
            f"  open to first screen     {stall.first_screen_s:9.2f} s",
            f"  open to laid out         {stall.laid_out_s:9.2f} s",
            f"  open to outline filled   {stall.outlined_s:9.2f} s",
        ]
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``python -m newsreader.bench stall [--size N] [--markdown]``."""
    parser = argparse.ArgumentParser(prog="python -m newsreader.bench stall", description=__doc__)
    parser.add_argument("--size", type=int, default=5 * MB, help="bytes of the big post")
    parser.add_argument("--markdown", action="store_true", help="a Markdown body, not HTML")
    args = parser.parse_args(argv)
    print(f"opening a {args.size:,}-byte post in a headless reader ...", file=sys.stderr)
    stall = asyncio.run(measure(args.size, args.markdown))
    print(report(stall, args.size, args.markdown))
    return 0
