"""The reader's keys benchmark (``python -m newsreader.bench reader``) runs end to end."""

from __future__ import annotations

import asyncio

from newsreader.bench import reader
from newsreader.bench.__main__ import SUBCOMMANDS

ROWS = [
    "open",
    "next unread",
    "mark read",
    "choose group",
    "filter word",
    "sort by title",
    "mark all read",
    "undo mark all",
]


def test_reader_is_a_bench_subcommand() -> None:
    assert SUBCOMMANDS["reader"] == "newsreader.bench.reader"


def test_every_key_is_timed_each_run() -> None:
    """Time is not checked (a figure, not a test): that each step ended, once a run or more."""
    times = asyncio.run(reader.measure(300, repeat=2))
    assert list(times) == ROWS
    assert len(times["open"]) == 2 and len(times["choose group"]) == 4
    assert all(ms > 0 for runs in times.values() for ms in runs)


def test_the_report_holds_each_key_to_the_target() -> None:
    times = {name: [10.0, 70.0, 20.0] for name in ROWS} | {"filter word": [60.0]}
    lines = reader.report(times, 1000).splitlines()
    assert lines[0] == "reader keys at 1000 posts (ms; target 50 ms each)"
    assert lines[1].split() == ["open", "median", "20.0", "worst", "70.0", "PASS"]
    assert lines[5].endswith("MISS") and lines[6].startswith("  sort by title  median")
