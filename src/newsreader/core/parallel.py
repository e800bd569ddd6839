"""Map a function over many items on several cores: the program's one process pool.

Two jobs spend their time on one file after another: a cold listing parsing
front matter (:mod:`newsreader.core.index.metadata`,
:mod:`newsreader.core.archive.loader`) and a full-text build parsing bodies
(:mod:`newsreader.core.index.fill`). Both go through this module, which alone
decides how worker processes start (:func:`start_method`):

* ``fork`` on Linux when this process runs no other thread: workers start in
  milliseconds with the parent's imports already in memory.
* ``forkserver`` otherwise (``spawn`` where there is none). The reader loads
  and searches in a thread worker, and forking a threaded process can copy a
  lock another thread holds, deadlocking the child. The server is a fresh
  interpreter started once per process, with the modules workers run
  imported in advance (:data:`PRELOAD`); each worker is forked from it.

Either way a worker receives its function and items pickled, so the function
must be importable: a top-level function, or a :func:`functools.partial` of
one. Below a few hundred items, or on one CPU, the map runs in this process.
Anything that goes wrong in a worker -- a crash, an exception, a function or
result that cannot be pickled -- only means this process maps that share
itself, so the result is always that of a plain ``map``.

A worker dies with the process that started it (:func:`_die_with_parent`),
however that one ended.
"""

from __future__ import annotations

import logging
import os
import pickle
import sys
import threading
from collections import deque
from collections.abc import Callable, Generator, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeAlias, TypeVar

from newsreader.core.progress import Progress

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor
    from multiprocessing.context import BaseContext

T = TypeVar("T")
R = TypeVar("R")

MIN_ITEMS = 500
"""Fewer items than this are mapped in-process: starting forked workers costs ~15 ms."""

SERVER_COST = 5
"""How many times :data:`MIN_ITEMS` (or a caller's threshold) a map needs before it
starts workers through the fork server, whose workers cost ~80 ms to start
(~400 ms the first time, with the server itself)."""

MAX_WORKERS = 4
"""Processes at most (the parent included): past that the parent's own serial
work (decoding and storing results) dominates."""

PRELOAD = (
    "newsreader.core.index.metadata",
    "newsreader.core.archive.loader",
    "newsreader.core.index.fill",
    "newsreader.core.document.open",
)
"""Modules the fork server imports once, so its workers start with them loaded.

The parser stack (``document.open``) too: the reader's background locating
(:mod:`newsreader.core.index.complete`) starts workers a batch at a time,
and each imported it anew (0.2 s); 10^4 posts took 10.0 s, now 9.1-9.3 s.
The server's own start takes 70 ms longer for it, once."""

_STREAM_TASK = 64
"""Items per task at most in a streamed map, so results arrive while others are parsed."""

_SHARE_TASK = 256
"""Items per task at most of the workers' shares: an error waits for one task, not a share."""

_AHEAD = 4
"""Tasks a streamed map keeps in flight per worker: enough that no worker waits
for the next, few enough that a slow consumer holds a bounded number of results."""

_PROGRESS_EVERY = 250

_PR_SET_PDEATHSIG = 1
"""Linux's ``prctl`` option asking for a signal when the parent dies (``<linux/prctl.h>``)."""

_Pending: TypeAlias = "Future[tuple[int, list[Any]]] | None"  # None: map the task here
_log = logging.getLogger(__name__)
_helpers_lock = threading.Lock()


def worker_count(requested: int | None = None) -> int:
    """Processes to map with: ``requested``, else one per usable CPU up to :data:`MAX_WORKERS`."""
    if requested is not None:
        return max(1, requested)
    if hasattr(os, "sched_getaffinity"):
        cpus = len(os.sched_getaffinity(0))
    else:  # pragma: no cover - not Linux
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, MAX_WORKERS))


def start_method() -> str:
    """How workers start: ``fork`` where that is safe, else a fork server."""
    if sys.platform == "linux" and threading.active_count() == 1:
        return "fork"
    import multiprocessing

    return "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"


def parallel_map(
    func: Callable[[T], R],
    items: Sequence[T],
    *,
    min_items: int | None = None,
    progress: Progress | None = None,
) -> list[R]:
    """Return ``[func(item) for item in items]``, computed on several cores if worthwhile.

    This process maps the first share while workers map the others, so no
    core waits for the parent.

    Args:
        func: An importable function of one item; its results must pickle.
        items: The items, in order.
        min_items: Below this many items everything runs in this process
            (default :data:`MIN_ITEMS`).
        progress: Called as ``progress(done, total)`` now and then (``done``
            is an estimate while workers run).

    Returns:
        The results, in the order of ``items``.
    """
    processes = _processes(len(items), min_items, None)
    if processes < 2:
        results = _map_here(func, items, progress, len(items), 1)
    else:
        results = _map_shared(func, items, processes, progress)
    if progress is not None:
        progress(len(items), len(items))
    return results


def parallel_imap(
    func: Callable[[T], R],
    items: Sequence[T],
    *,
    workers: int | None = None,
    min_items: int | None = None,
) -> Generator[R, None, None]:
    """Yield ``func(item)`` for each item in order, computed by worker processes.

    Unlike :func:`parallel_map` this process maps nothing while workers run:
    it is free to consume the results as they arrive (the full-text build
    writes them to SQLite meanwhile).

    Args:
        func: An importable function of one item; its results must pickle.
        items: The items, in order.
        workers: Worker processes (default :func:`worker_count`); fewer
            than two maps in this process.
        min_items: Below this many items everything runs in this process
            (default :data:`MIN_ITEMS`).

    Yields:
        The results, in the order of ``items``.
    """
    count = _processes(len(items), min_items, workers)
    if count < 2:
        yield from map(func, items)
        return
    tasks = _tasks(items, count, _STREAM_TASK)
    pids: set[int] = set()
    method = start_method()
    with _pool(count, method) as pool:
        for future, task in _submitted_ahead(pool, func, tasks, count * _AHEAD):
            yield from _collect(future, task, func, pids)
    _report("streamed", len(items), pids, method)


def _submitted_ahead(
    pool: ProcessPoolExecutor | None, func: Callable[[T], R], tasks: list[Sequence[T]], ahead: int
) -> Iterator[tuple[_Pending, Sequence[T]]]:
    """Each task with its future, in order, at most ``ahead`` of them submitted and not yet taken.

    Submitting every task at once held every task pickled in the pool and,
    whenever the consumer (a SQLite writer) fell behind the workers, every
    result not yet taken: memory growing with the archive. A task is
    submitted as the caller takes an earlier one's results.
    """
    pending: deque[tuple[_Pending, Sequence[T]]] = deque()
    for task in tasks:
        if len(pending) >= ahead:
            yield pending.popleft()
        pending.append((_submit(pool, func, task), task))
    yield from pending


def _processes(count: int, min_items: int | None, requested: int | None) -> int:
    """How many processes to map ``count`` items with (1: this one alone)."""
    threshold = MIN_ITEMS if min_items is None else min_items
    if start_method() != "fork":
        threshold *= SERVER_COST
    return worker_count(requested) if count >= threshold else 1


def _tasks(items: Sequence[T], workers: int, most: int) -> list[Sequence[T]]:
    """Cut ``items`` into tasks: a few per worker, none over ``most`` items."""
    size = max(1, min(most, len(items) // (workers * 4)))
    return [items[start : start + size] for start in range(0, len(items), size)]


def _map_shared(
    func: Callable[[T], R], items: Sequence[T], processes: int, progress: Progress | None
) -> list[R]:
    """Map the first share here and the others in workers, in order."""
    own = -(-len(items) // processes)  # ceiling: the parent's share is never the smallest
    tasks = _tasks(items[own:], processes - 1, _SHARE_TASK)
    pids = {os.getpid()}
    method = start_method()
    with _pool(processes - 1, method) as pool:
        pending = _submit_all(pool, func, tasks)
        results = _map_here(func, items[:own], progress, len(items), processes)
        while pending:
            results += _collect(*pending.popleft(), func, pids)
    _report("mapped", len(items), pids, method)
    return results


def _report(verb: str, count: int, pids: set[int], method: str) -> None:
    """Log (at debug level) how many processes did a map's work, and how they started.

    The record carries ``processes`` and ``method`` as attributes, so a test
    can tell the pool's path from the in-process fallback.
    """
    extra = {"processes": len(pids), "method": method}
    _log.debug("%s %d items in %d processes (%s)", verb, count, len(pids), method, extra=extra)


def _map_here(
    func: Callable[[T], R], chunk: Sequence[T], progress: Progress | None, total: int, scale: int
) -> list[R]:
    """Map ``chunk`` in this process, reporting progress as if every process kept its pace."""
    if progress is None:
        return [func(item) for item in chunk]
    results: list[R] = []
    for done, item in enumerate(chunk):
        if done % _PROGRESS_EVERY == 0:
            progress(min(done * scale, total), total)
        results.append(func(item))
    return results


def _run(task: bytes) -> tuple[int, list[Any]]:
    """Map one pickled task in a worker; the process id says who did the work."""
    func, chunk = pickle.loads(task)
    return os.getpid(), [func(item) for item in chunk]


def _submit_all(
    pool: ProcessPoolExecutor | None, func: Callable[[T], R], tasks: list[Sequence[T]]
) -> deque[tuple[_Pending, Sequence[T]]]:
    """Hand every task to the pool, keeping each with its items in case it fails.

    For :func:`parallel_map` alone: its parent maps its own share before it
    takes any result, so the workers' every task must be queued first, and
    every result is kept anyway. A streamed map submits as it goes
    (:func:`_submitted_ahead`).
    """
    return deque((_submit(pool, func, task), task) for task in tasks)


def _submit(
    pool: ProcessPoolExecutor | None, func: Callable[[T], R], chunk: Sequence[T]
) -> _Pending:
    """Hand one task to the pool; None when no worker can take it.

    The task is pickled here, not by the pool: a function or item that
    cannot be pickled then fails at once, where the 3.11 pool's own pickling
    failure leaves its shutdown waiting forever.
    """
    if pool is None:
        return None
    try:
        task = pickle.dumps((func, chunk), protocol=pickle.HIGHEST_PROTOCOL)
        return pool.submit(_run, task)
    except Exception:  # unpicklable, the pool is broken, or no worker could start
        return None


def _collect(
    future: _Pending, chunk: Sequence[T], func: Callable[[T], R], pids: set[int]
) -> list[R]:
    """A worker's results, or the task mapped here when the worker failed."""
    if future is not None:
        try:
            pid, results = future.result()
        except Exception:
            pass
        else:
            pids.add(pid)
            return results
    return [func(item) for item in chunk]


@contextmanager
def _pool(workers: int, method: str) -> Iterator[ProcessPoolExecutor | None]:
    """A pool of ``workers`` processes, or None when none can be started.

    Leaving it cancels the tasks no worker has started and waits for the
    running ones (each is short, see :func:`_tasks`): killing a worker instead
    leaves the 3.11 pool's bookkeeping broken.
    """
    try:
        pool: ProcessPoolExecutor | None = _new_pool(workers, method)
    except Exception:  # no way to start workers here: the caller maps in-process
        pool = None
    if pool is None:
        yield None
        return
    try:
        yield pool
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _new_pool(workers: int, method: str) -> ProcessPoolExecutor:
    """Start a pool whose workers start by ``method`` (see :func:`start_method`)."""
    import multiprocessing  # only a large map pays for the pool's imports
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context(method)
    if method == "fork":
        _flush_stdio()
    else:
        _start_helpers(context)
    return ProcessPoolExecutor(
        workers, mp_context=context, initializer=_die_with_parent, initargs=(_parent(method),)
    )


def _parent(method: str) -> int | None:
    """The process a worker started by ``method`` is forked from: this one or the fork server."""
    if method != "forkserver":
        return os.getpid()
    from multiprocessing import forkserver

    pid = getattr(forkserver._forkserver, "_forkserver_pid", None)  # private: may go away
    return pid if isinstance(pid, int) else None


def _die_with_parent(parent: int | None) -> None:
    """A worker's first act: be killed when ``parent`` (see :func:`_parent`) dies.

    A pool stops its workers when this process leaves the map, normally or
    by an exception (Ctrl-C). Killed by SIGTERM, SIGHUP or SIGKILL instead,
    it left them asleep under PID 1 for good (~38 MB each): they wait for
    tasks on a pipe whose write end they themselves inherited, so never see
    it end. On Linux the kernel now sends SIGKILL to a worker whose parent
    dies: a worker holds nothing that needs saving, and SIGKILL runs none of
    the Python signal handlers a fork inherits. A parent that died before
    the request is seen by the parent id having changed. Elsewhere, or
    without ``prctl``, workers are as before.
    """
    if sys.platform != "linux":  # pragma: no cover - not Linux
        return
    import ctypes
    import signal

    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (AttributeError, OSError):  # no prctl in this libc: live as before
        return
    _release_fork_server()  # only now: the server cannot end before the request
    if parent is not None and os.getppid() != parent:
        os._exit(0)


def _release_fork_server() -> None:
    """Close this worker's end of the pipe that keeps the fork server running.

    The server exits once every process holding the pipe's write end has
    ended, and each worker it forks inherits one (to start processes of its
    own, which a worker never does). So the server, and with it the workers'
    death signal, waited on the workers: they outlived a killed parent.
    """
    forkserver = sys.modules.get("multiprocessing.forkserver")
    server: Any = getattr(forkserver, "_forkserver", None)
    alive = getattr(server, "_forkserver_alive_fd", None)  # private: may go away
    if isinstance(alive, int):
        server._forkserver_alive_fd = None
        try:
            os.close(alive)
        except OSError:
            pass


def _flush_stdio() -> None:
    """Empty the standard streams' buffers, which a forked worker flushes again on exit."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (AttributeError, OSError, ValueError):
            pass


def _start_helpers(context: BaseContext) -> None:
    """Start multiprocessing's resource tracker (and the fork server) with the real stderr.

    The tracker is started with ``sys.stderr``'s descriptor; under Textual,
    ``sys.stderr`` is a capture object without a real one, and the start
    fails ("bad value(s) in fds_to_keep"). Once running, both are reused, so
    the swap happens once, for a moment.
    """
    from multiprocessing import forkserver, resource_tracker

    with _helpers_lock:
        captured = sys.stderr
        if sys.__stderr__ is not None:
            sys.stderr = sys.__stderr__
        try:
            resource_tracker.ensure_running()
            if context.get_start_method() == "forkserver":
                forkserver.set_forkserver_preload(list(PRELOAD))
                forkserver.ensure_running()
        finally:
            sys.stderr = captured
