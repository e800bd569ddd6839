"""``python -m newsreader.bench reader [N] [--repeat 15]``: the reader's keys at N posts.

Times, in a headless reader over N posts (10^5 by default), what a morning's
reading repeats: opening a post (from the request until its layout is drawn
on screen), next unread (the key, then the post drawn), mark read (the
key, then the screen's next refresh), choosing a category and All posts in
the tree, typing a word in the filter and clearing it, sorting All posts by
title, and marking them all read and taking that back (each until the list
is drawn). Each step waits for its own paint, so
no step's drawing is billed to the next one. The archive is made in memory,
with files written only for the posts the run opens, so the figure is the
reader's cost at N posts and not the load's; loading is
:mod:`newsreader.bench.run`'s. Medians and the worst run are printed against
the 50 ms target; it is a figure, not a test.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path

from newsreader.bench.headless import first_stops, reader_ready, refreshed
from newsreader.core.model import Archive, Post
from newsreader.core.state import StateStore
from newsreader.ui.app import NewsReaderApp
from newsreader.ui.model.catalog import ALL, Group
from newsreader.ui.options import ReaderOptions
from newsreader.ui.screens.loading import ArchiveLoaded
from newsreader.ui.screens.main import MainScreen
from newsreader.ui.widgets.article_view import ArticleView
from newsreader.ui.widgets.category_tree import CategoryTree

TARGET_MS = 50.0
"""Each key's budget at 10^5 posts."""
_BODY = "<p>（一）常州市加强科技创新，推动高质量发展。</p>\n" * 20


def synthetic_posts(count: int) -> list[Post]:
    """``count`` posts over a year, seven categories and thirteen tags, newest first."""
    start = datetime(2022, 1, 1, tzinfo=UTC)
    posts = [
        Post(
            path=f"_posts/p{index:06d}.md",
            title=f"第{index}篇 财经快讯：央行开展逆回购操作 市场流动性保持合理充裕",
            date=start + timedelta(minutes=5 * index),
            slug=f"p{index}",
            categories=(f"c{index % 7}",),
            tags=(f"t{index % 13}",),
        )
        for index in range(count)
    ]
    return sorted(posts, key=lambda post: post.sort_key)


def _write_bodies(root: Path, posts: Sequence[Post]) -> None:
    (root / "_posts").mkdir(parents=True, exist_ok=True)
    for post in posts:
        front = f"---\ntitle: {post.title}\ndate: {post.date.isoformat()}\n---\n"
        (root / post.path).write_text(front + _BODY, encoding="utf-8")


class _BenchApp(NewsReaderApp):
    """The reader, handed an archive made in memory instead of loading one."""

    # Textual finds CSS_PATH beside the class's own module; this one is elsewhere.
    CSS_PATH = str(
        Path(sys.modules[NewsReaderApp.__module__].__file__ or "").with_name("newsreader.tcss")
    )

    def __init__(self, root: Path, options: ReaderOptions, posts: list[Post]) -> None:
        super().__init__(root, options)
        self._posts = posts

    def _load(self) -> None:  # type: ignore[override]
        archive = Archive(root=self.root, posts=tuple(self._posts))
        state = StateStore.open(self.root, self.options.state_dir)
        self.post_message(ArchiveLoaded(archive, self._posts, state, []))


async def _timed(
    action: Callable[[], object], done: Callable[[], Awaitable[None]], times: list[float]
) -> None:
    started = time.perf_counter()
    action()
    await done()
    times.append((time.perf_counter() - started) * 1000)


async def measure(count: int, repeat: int) -> dict[str, list[float]]:
    """Milliseconds per run of each key, over ``count`` posts."""
    posts = synthetic_posts(count)
    laid_out: asyncio.Queue[Post | None] = asyncio.Queue()
    hook = first_stops(ArticleView.LaidOut, lambda message: laid_out.put_nowait(message.view.post))

    with tempfile.TemporaryDirectory(prefix="newsreader-bench-reader-") as scratch:
        root = Path(scratch) / "archive"
        _write_bodies(root, posts[: 10 * repeat + 10])
        options = ReaderOptions(state_dir=Path(scratch) / "state", use_cache=False)
        app = _BenchApp(root, options, posts)
        times: dict[str, list[float]] = {
            "open": [],
            "next unread": [],
            "mark read": [],
            "choose group": [],
            "filter word": [],
            "sort by title": [],
            "mark all read": [],
            "undo mark all": [],
        }
        async with app.run_test(size=(160, 48), message_hook=hook) as pilot:
            screen = await reader_ready(app, pilot)

            async def shown() -> None:
                """Until the post asked for is laid out (not an earlier one) and drawn."""
                opening = screen.reading.opening
                wanted = None if opening is None else opening.post
                while await laid_out.get() is not wanted:
                    pass
                await refreshed(screen)

            for index in range(repeat):
                post = posts[10 * index + 5]
                await _timed(partial(screen.open_post, post), shown, times["open"])
                await _timed(lambda: screen.action_next_unread(1), shown, times["next unread"])
                await _timed(
                    screen.action_toggle_read, partial(refreshed, screen), times["mark read"]
                )
            for index in range(repeat):
                for group in (Group("category", (f"c{index % 7}",)), ALL):
                    chosen = partial(_listed, screen, group=group)
                    await _timed(partial(_choose, screen, group), chosen, times["choose group"])
                for text in ("财经", ""):
                    typed = partial(_listed, screen, text=text)
                    await _timed(partial(_type, screen, text), typed, times["filter word"])
            drawn = partial(refreshed, screen)
            for _ in range(repeat):  # All posts, newest first, as the loop above left it
                await _timed(screen.action_cycle_sort, drawn, times["sort by title"])
                for _order in ("category", "date"):
                    screen.action_cycle_sort()
                    await drawn()
                await _timed(screen.action_mark_all_read, drawn, times["mark all read"])
                await _timed(screen.action_undo_mark_all, drawn, times["undo mark all"])
        return times


async def _listed(
    screen: MainScreen, *, group: Group | None = None, text: str | None = None
) -> None:
    """Until the list shows ``group`` or the filter ``text``, drawn."""
    reading = screen.reading
    while (group is not None and reading.group != group) or (
        text is not None and reading.filter_text != text
    ):
        await asyncio.sleep(0.001)
    await refreshed(screen)


def _choose(screen: MainScreen, group: Group) -> None:
    """Choose ``group`` in the tree, as a click or Enter on it does."""
    screen.post_message(CategoryTree.Selected(screen.category_tree, group))


def _type(screen: MainScreen, text: str) -> None:
    """Put ``text`` in the filter box, as typing its last letter does."""
    screen.filter_box.value = text


def report(times: dict[str, list[float]], count: int) -> str:
    """One line per key: median, worst, and the target's verdict."""
    lines = [f"reader keys at {count} posts (ms; target {TARGET_MS:.0f} ms each)"]
    for name, runs in times.items():
        median = statistics.median(runs)
        verdict = "PASS" if median < TARGET_MS else "MISS"
        lines.append(f"  {name:<14} median {median:7.1f}   worst {max(runs):7.1f}   {verdict}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``python -m newsreader.bench reader [N] [--repeat 15]``."""
    parser = argparse.ArgumentParser(prog="python -m newsreader.bench reader", description=__doc__)
    parser.add_argument("count", type=int, nargs="?", default=100_000, help="posts in the list")
    parser.add_argument("--repeat", type=int, default=15, help="runs of each key (median)")
    args = parser.parse_args(argv)
    print(f"building a reader over {args.count} posts ...", file=sys.stderr)
    print(report(asyncio.run(measure(args.count, args.repeat)), args.count))
    return 0
