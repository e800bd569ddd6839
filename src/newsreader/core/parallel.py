"""Map a function over many items on several cores, by forking (Linux only).

A cold listing spends nearly all its time parsing front matter, one file at a
time, so splitting the files between forked children nearly halves it on two
cores. Forking (rather than spawning) means children start in microseconds
with the parent's imports and inputs already in memory; only their results
travel back, pickled through a pipe.

Forking is done only where it is safe and pays: on Linux (macOS frameworks
are not fork-safe), in a process with no other threads (a fork copies no
thread but may copy a lock another thread held), and for enough items to
outweigh a fork. Anything that goes wrong in a child -- a crash, an
exception, a result that cannot be pickled -- only means the parent does that
child's share itself, so the result is always the same as a plain map.
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from typing import NamedTuple, TypeVar

T = TypeVar("T")
R = TypeVar("R")

MIN_ITEMS = 500
"""Fewer items than this are mapped in-process: a fork and a pickle cost ~5 ms."""

MAX_WORKERS = 4
"""Processes at most (the parent included): past that the parent's own serial
work (decoding and storing results) dominates."""

Progress = Callable[[int, int], None]


class _Child(NamedTuple):
    pid: int
    pipe: int


def parallel_map(
    func: Callable[[T], R],
    items: Sequence[T],
    *,
    min_items: int | None = None,
    progress: Progress | None = None,
) -> list[R]:
    """Return ``[func(item) for item in items]``, computed on several cores if worthwhile.

    Args:
        func: A function of one item; its results must pickle.
        items: The items, in order.
        min_items: Below this many items everything runs in this process
            (default :data:`MIN_ITEMS`).
        progress: Called as ``progress(done, total)`` now and then (``done``
            is an estimate while children work).

    Returns:
        The results, in the order of ``items``.
    """
    workers = _workers(len(items), MIN_ITEMS if min_items is None else min_items)
    size = max(1, -(-len(items) // workers))  # ceiling: the parent's share is never smaller
    chunks = [items[start : start + size] for start in range(0, len(items), size)] or [items]
    pending = [_fork(func, chunk) for chunk in chunks[1:]]
    try:
        results = _map_here(func, chunks[0], progress, len(items), len(chunks))
        for chunk in chunks[1:]:
            results += _collect(pending[0], func, chunk)
            pending.pop(0)
    except BaseException:
        _stop(pending)
        raise
    if progress is not None:
        progress(len(items), len(items))
    return results


def _workers(count: int, min_items: int) -> int:
    """How many processes to use for ``count`` items (1: no fork)."""
    if count < min_items or sys.platform != "linux" or threading.active_count() > 1:
        return 1
    return max(1, min(len(os.sched_getaffinity(0)), MAX_WORKERS))


def _map_here(
    func: Callable[[T], R], chunk: Sequence[T], progress: Progress | None, total: int, scale: int
) -> list[R]:
    """The parent's share, reporting progress as if every process kept its pace."""
    if progress is None:
        return [func(item) for item in chunk]
    results: list[R] = []
    for done, item in enumerate(chunk):
        if done % 250 == 0:
            progress(min(done * scale, total), total)
        results.append(func(item))
    return results


def _fork(func: Callable[[T], R], chunk: Sequence[T]) -> _Child | None:
    """Start a child mapping ``chunk``; None when no child could be started."""
    read_end, write_end = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        return None
    if pid == 0:  # the child: never returns
        os.close(read_end)
        _child_main(func, chunk, write_end)
    os.close(write_end)
    return _Child(pid, read_end)


def _child_main(func: Callable[[T], R], chunk: Sequence[T], pipe: int) -> None:
    """Map ``chunk``, send the pickled results, and exit without any clean-up.

    ``os._exit`` skips atexit handlers and the flushing of stdio buffers
    inherited from the parent, which belong to the parent alone.
    """
    status = 1
    try:
        data = pickle.dumps([func(item) for item in chunk], protocol=pickle.HIGHEST_PROTOCOL)
        with open(pipe, "wb") as out:
            out.write(data)
        status = 0
    finally:
        os._exit(status)


def _collect(child: _Child | None, func: Callable[[T], R], chunk: Sequence[T]) -> list[R]:
    """A child's results, or the chunk mapped here when the child failed."""
    if child is not None:
        with open(child.pipe, "rb") as pipe:
            data = pipe.read()
        _pid, status = os.waitpid(child.pid, 0)
        if status == 0:
            try:
                results: list[R] = pickle.loads(data)
                return results
            except (pickle.UnpicklingError, EOFError, ValueError):
                pass
    return [func(item) for item in chunk]


def _stop(children: list[_Child | None]) -> None:
    """Kill and reap children that are still running (the parent is giving up)."""
    for child in children:
        if child is None:
            continue
        try:
            os.kill(child.pid, signal.SIGKILL)
            os.waitpid(child.pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        try:
            os.close(child.pipe)
        except OSError:
            pass
