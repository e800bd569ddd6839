"""A progress bar on stderr for long CLI work, only when stderr is a terminal.

A cold build of 10^5 posts takes half a minute; silent, it looks hung. The
bar is Rich's (``rich.progress``), on stderr so stdout stays the data a
script reads; when stderr is not a terminal nothing is drawn (and Rich is not
even imported), so logs and pipes get no control sequences.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

Progress = Callable[[int, int], None]


@contextmanager
def progress_bar(label: str) -> Iterator[Progress | None]:
    """A ``progress(done, total)`` callback drawing a bar, or None off a terminal.

    Args:
        label: What the bar says it is doing (``"reading posts"``).

    Yields:
        The callback to pass to the core's loaders, or None.
    """
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, TimeRemainingColumn
    from rich.progress import Progress as Bar

    columns = (f"{label}", BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Bar(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(label, total=None)

        def advance(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield advance
