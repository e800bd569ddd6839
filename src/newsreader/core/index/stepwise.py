"""Build the full-text index in steps, reporting progress and stopping when asked.

The first search of a large archive indexes every post (tens of seconds at
10^5). The reader shows that as a progress bar the user can cancel, so the
build runs here in steps: each step is
:func:`~newsreader.core.index.fill.fill_fulltext` over the posts indexed so far
plus the next share of the rest, so it indexes only that share (nothing
indexed is dropped, as every indexed post is in the step's archive). Between
steps the progress is reported and a cancel honoured; what was built stays,
and the next search carries on from there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from newsreader.core.index.db import IndexDB, with_index
from newsreader.core.index.fill import PARALLEL_THRESHOLD, fill_fulltext
from newsreader.core.index.records import text_of
from newsreader.core.model import Archive, Post

STEPS = 20
"""About how many progress reports a large build gives."""

MIN_STEP = 1000
"""Fewest posts indexed per step: each step commits, and many small commits cost the build."""


def pending_posts(conn: IndexDB, archive: Archive) -> tuple[list[Post], list[Post]]:
    """``archive``'s posts with text in the index already, and those without."""
    indexed = {text_of(rel) for (rel,) in conn.conn.execute("SELECT rel FROM texts")}
    done = [post for post in archive.posts if post.path in indexed]
    todo = [post for post in archive.posts if post.path not in indexed]
    return done, todo


def fill_stepwise(
    root: Path,
    archive: Archive,
    *,
    cache_dir: Path | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> bool:
    """Index the text of ``archive``'s unindexed posts in steps.

    Small builds (fewer than the parallel threshold) are left to the search
    itself, which takes a moment for them. A cache that cannot be used is
    left alone too: the search then works in memory.

    Args:
        root: The archive root.
        archive: The archive as loaded now.
        cache_dir: Cache directory instead of the user cache (tests).
        progress: Called as ``progress(done, total)`` after each step, and
            once with ``(0, total)`` before the first.
        cancelled: Asked between steps; True stops the build there.

    Returns:
        False when cancelled before the end, else True.
    """

    def build(db: IndexDB) -> bool:
        done, todo = pending_posts(db, archive)
        if len(todo) < PARALLEL_THRESHOLD:
            return True
        size = max(len(todo) // STEPS, MIN_STEP)
        if progress is not None:
            progress(0, len(todo))
        for end in range(size, len(todo) + size, size):
            if cancelled():
                return False
            step = replace(archive, posts=tuple(done + todo[:end]))
            fill_fulltext(db.conn, root, step)
            if progress is not None:
                progress(min(end, len(todo)), len(todo))
        return True

    return with_index(root, cache_dir, build, lambda _notice: True, "searched without the index")
