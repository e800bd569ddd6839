"""Benchmark newsreader against its floors and targets.

``python -m newsreader.bench N [--runs 5] [--keep DIR] [--naive/--no-naive]
[--only NAME] [--work DIR]``
generates a synthetic archive of N seed-shaped posts
(:mod:`newsreader.bench.generate`; kept on disk, by default in the user cache,
and reused: 10^6 posts take long to write) and times,
each in a fresh interpreter, round-robin over the commands in every run so
they share the machine's state: the read floor, the metadata floor, a naive
reader, ``--list --json`` and ``--search`` cold (empty cache) and warm, and
the UI's time to its first article (warm, the first screen from the index)
and on until its background check has loaded every post (whose peak RSS is
the reader's). In-process it times opening a post and
answering a query. ``--search`` rows list the matching posts as text
(``--search Q --list``) and as JSON (``--json``), each measured against the
same listing. It prints medians, each command's peak RSS and each target's
figure with PASS or MISS; targets that depend on the archive's size (memory,
query time) take the bound of the nearest size of 10^4, 10^5, 10^6. Cold
``--search`` uses the two-character query only: building the index dominates
it, and four cold builds per run would quadruple the time. The naive reader
is measured by default below 10^6 posts (``--naive``/``--no-naive`` decide).
All figures are with the archive in the OS page cache (it was just written).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from newsreader.bench.documents import document_figures, linearity, median_time
from newsreader.bench.generate import generate

QUERIES = {"1 char": "州", "2 chars": "科协", "4 chars": "创新发展", "Latin": "innovation"}
COLD_QUERY = "科协"
QUERY_LIMIT = 200  # the search modal's RESULT_LIMIT

READ_FLOOR = """
import os, sys
for folder, _dirs, names in os.walk(sys.argv[1]):
    for name in names:
        with open(os.path.join(folder, name), "rb") as handle:
            handle.read()
"""

METADATA_FLOOR = """
import os, sys, yaml
for folder, _dirs, names in os.walk(sys.argv[1]):
    for name in names:
        if name.endswith(".md"):
            with open(os.path.join(folder, name), "rb") as handle:
                text = handle.read().decode("utf-8")
            yaml.load(text.split("---\\n", 2)[1], Loader=yaml.CSafeLoader)
"""

NAIVE_READER = """
import os, sys, frontmatter
from bs4 import BeautifulSoup
found = 0
for folder, _dirs, names in os.walk(sys.argv[1]):
    for name in names:
        if name.endswith(".md"):
            post = frontmatter.load(os.path.join(folder, name))
            text = BeautifulSoup(post.content, "html.parser").get_text()
            found += sys.argv[2] in text or sys.argv[2] in str(post.get("title"))
"""

UI_FIRST_SCREEN = """
import asyncio, sys, time
from pathlib import Path
from newsreader.ui.app import make_app
from newsreader.ui.options import ReaderOptions

async def main(checked):
    shown, done = asyncio.Event(), asyncio.Event()
    seen = {"first": False, "refreshed": False}
    def hook(message):
        name = type(message).__name__
        if name == "ArchiveLoaded":
            seen["first"] = message.first is not None
        if name == "Refreshed":
            seen["refreshed"] = True
        if name == "LaidOut" and not shown.is_set():
            Path(sys.argv[4]).write_text(repr(time.perf_counter()))
            shown.set()
        if shown.is_set() and (not checked or not seen["first"] or seen["refreshed"]):
            done.set()
    app = make_app(Path(sys.argv[1]), ReaderOptions(state_dir=Path(sys.argv[2])))
    async with app.run_test(size=(160, 48), message_hook=hook):
        await asyncio.wait_for(shown.wait(), 300)
        await asyncio.wait_for(done.wait(), 300)

asyncio.run(main(sys.argv[3] == "checked"))
"""
"""The reader from its start to the first article drawn (``first``), or on until the
background check of a first screen shown from the index has applied the whole
archive (``checked``: its peak RSS is the reader's with every post loaded). It
writes the moment its first article was drawn (``time.perf_counter``, the
system's monotonic clock on Linux, so the parent's clock too) to the file it
is given: the process's exit is no part of the first screen (see
:attr:`Command.drawn`)."""


@dataclass
class Command:
    """One measured whole-process command.

    Attributes:
        name: Row label.
        argv: The command line.
        env: Extra environment variables.
        prepare: Run before each timing (not timed), e.g. to empty a cache.
        times: Wall-clock seconds of each run.
        peak_rss_mb: Highest peak RSS over the runs, in MB.
        error: Last lines of stderr if the command failed.
        drawn: A file the process writes the moment of its first article
            drawn to: the time is to that moment, not to the exit. At 10^5
            posts the reader's exit after its first screen took 0.3-0.45 s
            more, its background check holding the GIL while the event loop
            and the interpreter shut down (0.01 s with no check running).
    """

    name: str
    argv: list[str]
    env: dict[str, str] = field(default_factory=dict)
    prepare: Callable[[], None] | None = None
    times: list[float] = field(default_factory=list)
    peak_rss_mb: float = 0.0
    error: str = ""
    drawn: Path | None = None

    @property
    def median(self) -> float | None:
        """Median seconds, or None when the command failed."""
        return None if self.error or not self.times else statistics.median(self.times)


def _run(command: Command, workdir: Path) -> None:
    """Time one run of ``command`` in a fresh process, recording its peak RSS."""
    if command.prepare is not None:
        command.prepare()
    stderr_path = workdir / "stderr.txt"
    if command.drawn is not None:
        command.drawn.unlink(missing_ok=True)
    with open(stderr_path, "wb") as stderr:
        start = time.perf_counter()
        process = subprocess.Popen(
            command.argv,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            env={**os.environ, **_bytecode(workdir), **command.env},
        )
        _pid, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    command.peak_rss_mb = max(command.peak_rss_mb, usage.ru_maxrss / 1024)
    if process.returncode != 0:
        lines = stderr_path.read_text("utf-8", "replace").strip().splitlines()
        command.error = " | ".join(lines[-2:]) or f"exit status {process.returncode}"
    elif command.drawn is not None:
        try:
            elapsed = float(command.drawn.read_text()) - start
        except (OSError, ValueError):
            command.error = "no first article drawn was reported"
    command.times.append(elapsed)


def _bytecode(workdir: Path) -> dict[str, str]:
    """Environment for a measured process to keep its compiled modules, as an installed one does.

    An installed newsreader runs from bytecode compiled once; with
    ``PYTHONDONTWRITEBYTECODE`` set (as in some development shells) every
    process compiled its modules from source again, some 0.12 s of the
    reader's 0.9 s first screen at 10^4 posts. The bytecode goes to the
    work folder, never into the source tree.
    """
    return {"PYTHONDONTWRITEBYTECODE": "", "PYTHONPYCACHEPREFIX": str(workdir / "pycache")}


def _emptied(folder: Path) -> Callable[[], None]:
    """A prepare step that empties ``folder`` (a cold cache)."""

    def empty() -> None:
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)

    return empty


def build_commands(root: Path, work: Path, naive: bool = True) -> list[Command]:
    """Every whole-process command of the benchmark, in round-robin order."""
    python = sys.executable
    floors = [
        Command("read floor", [python, "-c", READ_FLOOR, str(root)]),
        Command("metadata floor", [python, "-c", METADATA_FLOOR, str(root)]),
    ]
    if naive:
        floors.append(Command("naive reader", [python, "-c", NAIVE_READER, str(root), COLD_QUERY]))
    return floors + _reader_commands(root, work)


def _reader_commands(root: Path, work: Path) -> list[Command]:
    """newsreader's own commands: listing and search, cold and warm, and the UI."""
    cold, warm = work / "cold-cache", work / "warm-cache"
    state = {"XDG_STATE_HOME": str(work / "state")}
    cold_env = {"XDG_CACHE_HOME": str(cold), **state}
    warm_env = {"XDG_CACHE_HOME": str(warm), **state}
    newsreader = [sys.executable, "-m", "newsreader", str(root)]
    search_cold = [*newsreader, "--search", COLD_QUERY, "--list"]
    commands = [
        Command("--list cold", [*newsreader, "--list", "--json"], cold_env, _emptied(cold)),
        Command("--list warm", [*newsreader, "--list", "--json"], warm_env),
        # The search rows list matching posts as text; their yardstick is the same listing.
        Command("--list warm (text)", [*newsreader, "--list"], warm_env),
        Command("--search cold (2 chars)", search_cold, cold_env, _emptied(cold)),
    ]
    for label, query in QUERIES.items():
        searching = [*newsreader, "--search", query, "--list"]
        commands.append(Command(f"--search warm {label}", searching, warm_env))
        commands.append(Command(f"--search warm {label} --json", [*searching, "--json"], warm_env))
    ui = [sys.executable, "-c", UI_FIRST_SCREEN, str(root), str(work / "ui-state")]
    drawn = work / "ui-drawn.txt"
    first = Command("UI first screen (warm)", [*ui, "first", str(drawn)], warm_env, drawn=drawn)
    commands.append(first)
    checked = [*ui, "checked", str(work / "ui-checked-drawn.txt")]
    commands.append(Command("UI checked, all loaded (warm)", checked, warm_env))
    return commands


def _warm_up(commands: Sequence[Command], work: Path) -> None:
    """Run each warm command once, untimed, so its cache is filled."""
    for command in commands:
        if "warm" in command.name:
            _run(command, work)
            command.times.clear()


def in_process(root: Path, cache: Path) -> dict[str, float]:
    """Median seconds to open a post and to answer each query, in this process."""
    from newsreader.core.document.open import open_document
    from newsreader.core.index.metadata import ensure_fulltext, load_indexed
    from newsreader.core.index.search import search

    archive = load_indexed(root, cache_dir=cache).archive
    ensure_fulltext(root, archive, cache_dir=cache)
    sample = archive.posts[:: max(1, len(archive.posts) // 50)]
    figures = {
        "open a post": median_time(lambda: [open_document(archive, p) for p in sample])
        / max(1, len(sample))
    }
    for label, query in QUERIES.items():
        ask = partial(search, root, archive, query, limit=QUERY_LIMIT, cache_dir=cache)
        ask()  # the first call checks every file is indexed; typing does not repeat it
        figures[f"query {label}"] = median_time(ask)
    return figures


@dataclass(frozen=True)
class Target:
    """One target, as a ratio (or an absolute figure) and a bound."""

    label: str
    value: float | None
    bound: float
    at_least: bool = False

    def verdict(self) -> str:
        """PASS, MISS, or n/a when a figure is missing."""
        if self.value is None:
            return "n/a"
        ok = self.value >= self.bound if self.at_least else self.value <= self.bound
        return "PASS" if ok else "MISS"


def _ratio(top: float | None, bottom: float | None) -> float | None:
    return None if top is None or not bottom else top / bottom


@dataclass(frozen=True)
class SizeBounds:
    """The bounds that depend on the archive's size (the issue's table, by column).

    Attributes:
        posts: The archive size the bounds are for.
        query_ms: A query's first hits.
        rss_mb: Peak RSS of any CLI command.
        first_screen_s: The reader's first screen, warm.
        reader_rss_mb: Peak RSS of the reader with every post loaded (None: no bound set).
    """

    posts: int
    query_ms: float
    rss_mb: float
    first_screen_s: float = 1.2
    reader_rss_mb: float | None = None


SIZE_BOUNDS = (
    SizeBounds(10**4, 20.0, 150.0, 0.9, 150.0),
    SizeBounds(10**5, 50.0, 300.0, 1.0, 300.0),
    SizeBounds(10**6, 150.0, 1000.0, 1.5, 1000.0),
)


def size_bounds(count: int) -> SizeBounds:
    """The bounds of the smallest listed size at or above ``count`` (the largest past it)."""
    return next((bounds for bounds in SIZE_BOUNDS if count <= bounds.posts), SIZE_BOUNDS[-1])


def targets(
    times: dict[str, float | None],
    local: dict[str, float],
    rss: float | None,
    count: int = 10**4,
    reader_rss: float | None = None,
) -> list[Target]:
    """Every target against this run's figures, for an archive of ``count`` posts."""
    bounds = size_bounds(count)
    queries = [v for k, v in local.items() if k.startswith("query")]
    ui = times.get("UI first screen (warm)")
    return [
        Target(
            "cold --list / metadata floor",
            _ratio(times.get("--list cold"), times.get("metadata floor")),
            1.5,
        ),
        Target(
            "warm --list / read floor",
            _ratio(times.get("--list warm"), times.get("read floor")),
            1.0,
        ),
        Target(
            "naive reader / cold --search",
            _ratio(times.get("naive reader"), times.get("--search cold (2 chars)")),
            4.0,
            at_least=True,
        ),
        Target(
            "worst warm --search / warm --list (text)",
            _ratio(
                _worst(times, lambda name: not name.endswith("--json")),
                times.get("--list warm (text)"),
            ),
            1.3,
        ),
        Target(
            "worst warm --search --json / warm --list --json",
            _ratio(_worst(times, lambda name: name.endswith("--json")), times.get("--list warm")),
            1.3,
        ),
        Target(
            f"worst query, first {QUERY_LIMIT} hits (ms)",
            max(queries) * 1000 if queries else None,
            bounds.query_ms,
        ),
        Target("UI first screen warm (s)", ui, bounds.first_screen_s),
        Target(f"peak RSS of any CLI command (MB, at {count:,})", rss, bounds.rss_mb),
        *reader_targets(reader_rss, bounds, count),
        *document_targets(local),
    ]


def reader_targets(rss: float | None, bounds: SizeBounds, count: int) -> list[Target]:
    """The reader's memory with every post loaded, where the size has a bound."""
    if bounds.reader_rss_mb is None:
        return []
    return [Target(f"peak RSS of the reader (MB, at {count:,})", rss, bounds.reader_rss_mb)]


def _worst(times: dict[str, float | None], kind: Callable[[str], bool]) -> float | None:
    """The slowest warm search of one kind (None when one failed or none ran)."""
    found = [v for k, v in times.items() if k.startswith("--search warm") and kind(k)]
    if not found or None in found:
        return None
    return max(value for value in found if value is not None)


def document_targets(local: dict[str, float]) -> list[Target]:
    """The targets for opening posts, where this run measured them."""
    if "open 5 KB HTML" not in local:
        return []
    return [
        Target("open a 5 KB post (ms)", local["open 5 KB HTML"] * 1000, 10.0),
        Target("open a 5 MB HTML post (s)", local["open 5 MB HTML"], 0.5),
        Target("open a 5 MB Markdown post (s)", local["open 5 MB Markdown"], 0.5),
        Target("open 5 MB / open 1 MB, HTML (linear: 5)", linearity(local, "HTML"), 6.0),
        Target("open 5 MB / open 1 MB, Markdown (linear: 5)", linearity(local, "Markdown"), 6.0),
    ]


def report(commands: Sequence[Command], local: dict[str, float], count: int, runs: int) -> str:
    """The results table and the targets, as plain text."""
    lines = [f"newsreader benchmark: {count} posts, {runs} run(s), median seconds", ""]
    lines.append(f"{'command':34} {'median':>8} {'min':>8} {'max':>8} {'peak RSS MB':>12}")
    for command in commands:
        if command.median is None:
            lines.append(f"{command.name:34} {'n/a':>8}   failed: {command.error[:120]}")
            continue
        lines.append(
            f"{command.name:34} {command.median:8.3f} {min(command.times):8.3f} "
            f"{max(command.times):8.3f} {command.peak_rss_mb:12.1f}"
        )
    lines += ["", "in process (median):"]
    lines += [f"  {name:32} {seconds * 1000:8.2f} ms" for name, seconds in local.items()]
    times = {command.name: command.median for command in commands}
    cli = [command.peak_rss_mb for command in commands if command.name.startswith("--")]
    rss = max(cli) if cli else None
    reader = [c.peak_rss_mb for c in commands if c.name.startswith("UI") and c.median is not None]
    lines += ["", f"{'target':50} {'value':>8} {'bound':>8}  verdict"]
    for target in targets(times, local, rss, count, max(reader) if reader else None):
        shown = "n/a" if target.value is None else f"{target.value:8.2f}"
        sign = ">=" if target.at_least else "<="
        lines.append(f"{target.label:50} {shown:>8} {sign}{target.bound:6.1f}  {target.verdict()}")
    return "\n".join(lines)


def default_keep() -> Path:
    """Where generated archives are kept between runs: the user cache."""
    from newsreader.core.index.db import user_cache_dir

    return user_cache_dir() / "bench"


def kept_archive(count: int, keep: Path) -> Path:
    """The archive to measure: reused from ``keep`` when it already has ``count`` posts."""
    root = keep / f"archive-{count}"
    if not (root / "_config.yml").exists():
        print(f"generating {count} posts in {root} ...", file=sys.stderr)
        generate(root, count)
    return root


def run(
    count: int,
    runs: int,
    keep: Path | None,
    naive: bool | None = None,
    only: Sequence[str] = (),
    work: Path | None = None,
) -> tuple[str, bool]:
    """Generate (or reuse) the archive, measure everything, and return the report.

    ``only``: time just the commands whose names start with one of these, and
    nothing in process (at 10^6 posts the whole benchmark takes hours; its
    first warm search alone builds the full-text index, some 23 minutes).
    ``work``: keep the caches there, to be reused by the next run, instead
    of in a scratch folder.

    Returns:
        The report, and whether every command ran (a failed one is a broken
        benchmark, not a slow figure).
    """
    with tempfile.TemporaryDirectory(prefix="newsreader-bench-") as scratch:
        folder = Path(scratch) if work is None else work
        folder.mkdir(parents=True, exist_ok=True)
        root = kept_archive(count, keep or default_keep())
        commands = build_commands(root, folder, count < 10**6 if naive is None else naive)
        if only:
            commands = [c for c in commands if c.name.startswith(tuple(only))]
        _warm_up(commands, folder)
        for number in range(runs):
            print(f"run {number + 1}/{runs} ...", file=sys.stderr)
            for command in commands:
                _run(command, folder)
        local: dict[str, float] = {}
        if not only:
            local = in_process(root, folder / "warm-cache" / "newsreader") | document_figures()
        failed = [command.name for command in commands if command.error]
        return report(commands, local, count, runs), not failed


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``python -m newsreader.bench N [--runs 5] [--keep DIR]``."""
    parser = argparse.ArgumentParser(prog="python -m newsreader.bench", description=__doc__)
    parser.add_argument("count", type=int, help="posts in the synthetic archive")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per command (median)")
    parser.add_argument(
        "--keep",
        type=Path,
        help="keep (and reuse) the archive in this folder (default: user cache)",
    )
    parser.add_argument(
        "--naive",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="time the naive reader too (default: below 10^6 posts)",
    )
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="NAME",
        help="time only the commands whose names start with NAME (repeatable; none in process)",
    )
    parser.add_argument(
        "--work", type=Path, help="keep the caches in this folder, reused next time (default: none)"
    )
    args = parser.parse_args(argv)
    text, ran = run(args.count, args.runs, args.keep, args.naive, args.only, args.work)
    print(text)
    if not ran:
        print("newsreader.bench: some commands failed (see the table)", file=sys.stderr)
    return 0 if ran else 1
