"""parallel_map: the same results as a plain map, whether workers help or fail."""

from __future__ import annotations

import gc
import os
import signal
import subprocess
import sys
import time
import weakref
from functools import partial
from pathlib import Path

import pytest

from newsreader.core import parallel
from newsreader.core.parallel import parallel_imap, parallel_map

needs_fork = pytest.mark.skipif(
    sys.platform != "linux" or len(os.sched_getaffinity(0)) < 2, reason="forks on Linux, 2+ CPUs"
)
needs_proc = pytest.mark.skipif(sys.platform != "linux", reason="prctl and /proc: Linux")

ORPHANED = """
import sys, threading, time
from newsreader.core.parallel import parallel_imap
if sys.argv[1] == "forkserver":  # a second thread makes the pool use the fork server
    threading.Thread(target=time.sleep, args=(60,), daemon=True).start()
results = parallel_imap(time.sleep, [0.002] * 2000, workers=2, min_items=1)
next(results)
print("ready", flush=True)
time.sleep(60)
"""
"""A process whose workers are busy, then idle, while it sleeps: to be killed."""


def square(number: int) -> int:
    return number * number


def pid_of(_item: object) -> int:
    """Which process mapped an item (workers receive functions by name)."""
    return os.getpid()


def only_in(parent: int, number: int) -> int:
    """``number + 1`` in ``parent``; anywhere else, a failure."""
    if os.getpid() != parent:
        raise RuntimeError("child failure")
    return number + 1


def unpicklable_elsewhere(parent: int, number: int) -> tuple[int, object]:
    """A result that cannot travel back from a worker."""
    return (number, lambda: None) if os.getpid() != parent else (number, None)


class Box:
    """A result whose freeing can be watched."""


def boxed(_item: int) -> Box:
    return Box()


@pytest.mark.parametrize("count", [0, 1, 7, 600, 1001])
def test_results_equal_a_plain_map_in_order(count: int) -> None:
    items = list(range(count))
    assert parallel_map(square, items, min_items=5) == [n * n for n in items]


@needs_fork
def test_children_do_part_of_the_work() -> None:
    pids = parallel_map(pid_of, range(100), min_items=10)
    assert pids[0] == os.getpid() and len(set(pids)) > 1


def test_few_items_stay_in_this_process() -> None:
    pids = parallel_map(pid_of, range(100))
    assert set(pids) == {os.getpid()}


@needs_fork
def test_a_failing_child_means_the_parent_does_its_share() -> None:
    assert parallel_map(partial(only_in, os.getpid()), range(50), min_items=10) == list(
        range(1, 51)
    )


@needs_fork
def test_unpicklable_results_are_computed_here() -> None:
    results = parallel_map(partial(unpicklable_elsewhere, os.getpid()), range(40), min_items=10)
    assert [n for n, _ in results] == list(range(40))


def test_progress_ends_at_the_total() -> None:
    seen: list[tuple[int, int]] = []
    parallel_map(square, range(600), min_items=10, progress=lambda d, t: seen.append((d, t)))
    assert seen[-1] == (600, 600) and all(done <= total for done, total in seen)


def test_an_error_in_the_parent_stops_the_children(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "MAX_WORKERS", 2)

    def fail(number: int) -> int:
        raise ValueError(number)

    with pytest.raises(ValueError):
        parallel_map(fail, range(40), min_items=10)
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)  # no child left behind


def test_an_unpicklable_function_is_mapped_here() -> None:
    def here(number: int) -> int:  # a closure: no worker can receive it
        return number * 3

    assert parallel_map(here, range(100), min_items=10) == [n * 3 for n in range(100)]
    assert list(parallel_imap(here, range(100), min_items=10, workers=2)) == [
        n * 3 for n in range(100)
    ]


@pytest.mark.parametrize("count", [0, 5, 300])
def test_streamed_results_equal_a_plain_map_in_order(count: int) -> None:
    items = list(range(count))
    assert list(parallel_imap(square, items, min_items=10, workers=2)) == [n * n for n in items]


@needs_fork
def test_streamed_map_runs_in_workers() -> None:
    pids = set(parallel_imap(pid_of, range(200), min_items=10, workers=2))
    assert os.getpid() not in pids and pids


def test_streamed_map_after_a_failing_worker_maps_the_rest_here() -> None:
    results = parallel_imap(partial(only_in, os.getpid()), range(300), min_items=10, workers=2)
    assert list(results) == list(range(1, 301))


@needs_fork
def test_streamed_results_are_released_once_consumed() -> None:
    results = parallel_imap(boxed, range(300), min_items=10, workers=2)
    first = weakref.ref(next(results))
    for _ in range(100):  # well past the first task
        next(results)
    gc.collect()
    assert first() is None  # a full-text build must not hold every row at once
    assert len(list(results)) == 199


@needs_fork
def test_a_slow_consumer_keeps_only_a_few_tasks_in_flight(monkeypatch: pytest.MonkeyPatch) -> None:
    submitted: list[int] = []
    submit = parallel._submit

    def counted(pool, func, chunk):  # type: ignore[no-untyped-def]
        submitted.append(len(chunk))
        return submit(pool, func, chunk)

    monkeypatch.setattr(parallel, "_submit", counted)
    results = parallel_imap(square, range(4000), min_items=10, workers=2)
    taken = [next(results) for _ in range(10)]  # the first task's results, and no more
    ahead = 2 * parallel._AHEAD
    assert taken == [n * n for n in range(10)]
    assert 1 < len(submitted) <= ahead + 1  # not every one of the 4000 items' tasks
    assert list(results) == [n * n for n in range(10, 4000)]
    assert sum(submitted) == 4000


def descendants(pid: int) -> set[int]:
    """Every process under ``pid``, read from /proc."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            ppid = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):  # gone meanwhile
            continue
        children.setdefault(ppid, []).append(int(stat.parent.name))
    found: set[int] = set()
    todo = [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def alive(pid: int) -> bool:
    """Whether ``pid`` still runs (a zombie waiting for PID 1 to reap it does not)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] not in "ZX"
    except OSError:
        return False


@needs_proc
@pytest.mark.parametrize(
    ("method", "sig"),
    [
        ("fork", "SIGKILL"),
        ("fork", "SIGTERM"),
        ("fork", "SIGHUP"),
        ("forkserver", "SIGKILL"),
    ],
)
def test_workers_die_with_a_killed_parent(method: str, sig: str, tmp_path: Path) -> None:
    err = tmp_path / "err"
    workers: set[int] = set()
    with err.open("w") as stderr:
        parent = subprocess.Popen(
            [sys.executable, "-c", ORPHANED, method],
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
        )
    try:
        assert parent.stdout is not None and parent.stdout.readline() == "ready\n", err.read_text()
        workers = descendants(parent.pid)
        assert len(workers) >= 2
        parent.send_signal(getattr(signal, sig))  # no KeyboardInterrupt, no pool shutdown
        parent.wait(5)
        deadline = time.monotonic() + 3
        while any(map(alive, workers)) and time.monotonic() < deadline:
            time.sleep(0.02)
        assert not [pid for pid in workers if alive(pid)]
    finally:
        parent.kill()
        parent.wait()
        for pid in workers:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)


@needs_proc
def test_a_worker_whose_parent_died_before_it_asked_to_die_with_it_exits() -> None:
    def guarded(parent: str) -> int:
        code = f"from newsreader.core import parallel; parallel._die_with_parent({parent}); exit(3)"
        return subprocess.run([sys.executable, "-c", code], check=False, timeout=10).returncode

    assert guarded("__import__('os').getppid()") == 3  # its parent lives: it goes on to work
    assert guarded("__import__('os').getpid()") == 0  # never its parent: as if re-parented
