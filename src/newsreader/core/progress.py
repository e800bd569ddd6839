"""How long work reports its progress: one callback shape, and a counter that calls it.

The loaders, the index builds and the process pool all take a
``progress(done, total)`` callback (the CLI draws it as a bar, the reader as
its own); this module is light (no imports of its own) so that a cold
listing, which must not load the full-text modules, can count with it too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")

Progress = Callable[[int, int], None]
"""Called as ``progress(done, total)`` now and then while work goes on."""


def counted(
    items: Iterable[T], total: int, progress: Progress | None, every: int, before: int = 0
) -> Iterator[T]:
    """``items`` passed on, ``progress`` told every ``every`` items and at ``total``.

    ``before`` items were done earlier (a build resumed). Each item is counted
    once the caller has taken it and asks for the next, so the figure is of
    work done, not of work handed out.
    """
    done = before
    for item in items:
        yield item
        done += 1
        if progress is not None and (done % every == 0 or done == total):
            progress(done, total)
