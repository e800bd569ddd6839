"""A progress bar on stderr for long CLI work, only when stderr is a terminal.

A cold build of 10^5 posts takes half a minute; silent, it looks hung. The
bar is Rich's (``rich.progress``), on stderr so stdout stays the data a
script reads; when stderr is not a terminal nothing is drawn (and Rich is not
even imported), so logs and pipes get no control sequences. Nor is anything
drawn, or Rich imported, until the work first reports: a warm run has none.
A closed stderr (``2>&-``: ``sys.stderr`` is None) draws nothing either.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager

from newsreader.core.progress import Progress


@contextmanager
def progress_bar(label: str, *, shown: bool = True) -> Iterator[Progress | None]:
    """A ``progress(done, total)`` callback drawing a bar, or None off a terminal.

    Args:
        label: What the bar says it is doing (``"reading posts"``).
        shown: False draws nothing whatever stderr is.

    Yields:
        The callback to pass to the core's loaders, or None.
    """
    stderr = sys.stderr
    if not shown or stderr is None or not stderr.isatty():
        yield None
        return
    with ExitStack() as stack:
        update: Progress | None = None

        def advance(done: int, total: int) -> None:
            nonlocal update
            if update is None:  # the first report: only now is there a bar to draw
                update = stack.enter_context(_bar(label))
            update(done, total)

        yield advance


@contextmanager
def _bar(label: str) -> Iterator[Progress]:
    """Draw Rich's bar on stderr until left (imported here: most runs draw none)."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, TimeRemainingColumn
    from rich.progress import Progress as Bar

    columns = (f"{label}", BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Bar(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(label, total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update
