"""parallel_map: the same results as a plain map, whether workers help or fail."""

from __future__ import annotations

import gc
import os
import sys
import weakref
from functools import partial

import pytest

from newsreader.core import parallel
from newsreader.core.parallel import parallel_imap, parallel_map

needs_fork = pytest.mark.skipif(
    sys.platform != "linux" or len(os.sched_getaffinity(0)) < 2, reason="forks on Linux, 2+ CPUs"
)


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
