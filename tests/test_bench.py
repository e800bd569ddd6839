"""The benchmark runs end to end on a tiny archive, so it cannot rot."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from newsreader.bench.generate import generate
from newsreader.bench.run import Target
from newsreader.core.archive.loader import load_archive


@pytest.mark.slow
def test_benchmark_runs_and_reports_every_target(tmp_path: Path) -> None:
    """The whole benchmark at 30 posts: it must exit 0, which it does only if every command ran."""
    result = subprocess.run(
        [sys.executable, "-m", "newsreader.bench", "30", "--runs", "1", "--keep", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:] + result.stdout[-3000:]
    out = result.stdout
    for row in (
        "read floor",
        "metadata floor",
        "naive reader",
        "--list cold",
        "--list warm",
        "--search cold",
        "--search warm Latin",
        "--search warm 1 char --json",
        "worst warm --search --json",
        "peak RSS of any CLI command",
        "open a post",
        "query 1 char",
        "open a 5 KB post",
        "open a 5 MB HTML post",
        "open a 5 MB Markdown post",
    ):
        assert row in out
    assert out.count("PASS") + out.count("MISS") + out.count("n/a") >= 12
    assert "failed:" not in out
    assert len(load_archive(tmp_path / "archive-30").posts) == 30


def test_generator_is_reproducible(tmp_path: Path) -> None:
    first, second = generate(tmp_path / "a", 5), generate(tmp_path / "b", 5)
    names = sorted(p.relative_to(first) for p in first.rglob("*.md"))
    assert names == sorted(p.relative_to(second) for p in second.rglob("*.md"))
    assert all((first / n).read_bytes() == (second / n).read_bytes() for n in names)
    sizes = [(first / n).stat().st_size for n in names]
    assert all(3_000 < size < 12_000 for size in sizes)


def test_generated_posts_have_plan_outlines(tmp_path: Path) -> None:
    from newsreader.core.document.open import open_document

    archive = load_archive(generate(tmp_path / "a", 3))
    assert not archive.problems
    for post in archive.posts:
        document, problems = open_document(archive, post)
        assert not problems
        assert [node.marker for node in document.outline][:3] == ["一、", "二、", "三、"]


@pytest.mark.parametrize(
    ("count", "query_ms", "rss_mb"),
    [(30, 20, 150), (10**4, 20, 150), (10**4 + 1, 50, 300), (10**6, 150, 1000), (10**7, 150, 1000)],
)
def test_size_bounds_follow_the_archive_size(count: int, query_ms: float, rss_mb: float) -> None:
    from newsreader.bench.run import size_bounds

    bounds = size_bounds(count)
    assert (bounds.query_ms, bounds.rss_mb) == (query_ms, rss_mb)


def test_the_naive_reader_is_optional(tmp_path: Path) -> None:
    from newsreader.bench.run import build_commands

    names = [command.name for command in build_commands(tmp_path, tmp_path, naive=False)]
    assert "naive reader" not in names and "--search warm Latin --json" in names
    assert "naive reader" in [command.name for command in build_commands(tmp_path, tmp_path)]


def test_target_verdicts() -> None:
    assert Target("x", 1.0, 1.5).verdict() == "PASS"
    assert Target("x", 2.0, 1.5).verdict() == "MISS"
    assert Target("x", 5.0, 4.0, at_least=True).verdict() == "PASS"
    assert Target("x", None, 4.0).verdict() == "n/a"


def test_a_failing_command_makes_the_benchmark_fail(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A broken command is reported as a failure (exit 1), never as a slow figure."""
    from newsreader.bench import run as bench

    def broken(root: Path, work: Path, naive: bool) -> list[bench.Command]:
        return [bench.Command("--list cold", [sys.executable, "-c", "raise SystemExit(3)"])]

    monkeypatch.setattr(bench, "build_commands", broken)
    monkeypatch.setattr(bench, "in_process", lambda root, cache: {})
    monkeypatch.setattr(bench, "document_figures", lambda: {})
    monkeypatch.setattr(bench, "report", lambda *args: "table")
    assert bench.main(["3", "--runs", "1", "--keep", str(tmp_path)]) == 1


def test_the_ui_rows_time_the_first_screen_and_the_check_after_it(tmp_path: Path) -> None:
    from newsreader.bench.run import build_commands

    rows = {c.name: c.argv for c in build_commands(tmp_path, tmp_path, naive=False)}
    assert rows["UI first screen (warm)"][-2] == "first"
    assert rows["UI checked, all loaded (warm)"][-2] == "checked"


class _Clock:
    """A stand-in for the bench's ``time``: the start is at 10 s, the exit at 20 s."""

    def __init__(self) -> None:
        self.moments = iter([10.0, 20.0])

    def perf_counter(self) -> float:
        return next(self.moments)


def test_a_first_screen_is_timed_to_its_first_article_drawn_not_to_its_exit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reader's exit (its background check still running) is no part of the first screen."""
    from newsreader.bench import run as bench

    drawn = tmp_path / "drawn.txt"
    probe = f"open({str(drawn)!r}, 'w').write('12.5')"
    command = bench.Command("probe", [sys.executable, "-c", probe], drawn=drawn)
    monkeypatch.setattr(bench, "time", _Clock())
    bench._run(command, tmp_path)
    assert not command.error
    assert command.times == [2.5]


def test_a_first_screen_that_reports_no_article_drawn_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A stale report from an earlier run is never taken for this one."""
    from newsreader.bench import run as bench

    drawn = tmp_path / "drawn.txt"
    drawn.write_text("12.5")
    command = bench.Command("probe", [sys.executable, "-c", "pass"], drawn=drawn)
    monkeypatch.setattr(bench, "time", _Clock())
    bench._run(command, tmp_path)
    assert command.error == "no first article drawn was reported"


@pytest.mark.parametrize(
    ("count", "first_screen_s", "reader_rss"),
    [(10**4, 0.9, 150.0), (10**5, 1.0, 300.0), (10**6, 1.5, 1000.0)],
)
def test_first_screen_and_reader_memory_targets_follow_the_size(
    count: int, first_screen_s: float, reader_rss: float | None
) -> None:
    from newsreader.bench.run import targets

    times: dict[str, float | None] = {
        "--list cold": 1.0,
        "--list warm": 1.0,
        "metadata floor": 1.0,
        "read floor": 1.0,
        "--search cold (2 chars)": 1.0,
        "--list warm (text)": 1.0,
        "UI first screen (warm)": 0.95,
    }
    found = {t.label: t for t in targets(times, {}, 100.0, count, 280.0)}
    assert found["UI first screen warm (s)"].bound == first_screen_s
    memory = [t for label, t in found.items() if label.startswith("peak RSS of the reader")]
    assert [t.bound for t in memory] == ([] if reader_rss is None else [reader_rss])


def test_measured_commands_keep_their_bytecode_outside_the_tree(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Timed processes run from cached bytecode, as an installed program, whatever the shell."""
    from newsreader.bench import run as bench

    monkeypatch.setenv("PYTHONDONTWRITEBYTECODE", "1")
    seen = tmp_path / "flags.txt"
    flags = "(sys.dont_write_bytecode, sys.pycache_prefix)"
    probe = f"import sys; open({str(seen)!r}, 'w').write(repr({flags}))"
    command = bench.Command("probe", [sys.executable, "-c", probe])
    bench._run(command, tmp_path)
    assert not command.error
    assert seen.read_text() == repr((False, str(tmp_path / "pycache")))


def test_only_some_commands_are_timed_and_the_other_targets_say_n_a(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--only`` (as at 10^6, where everything takes hours): those rows, no in-process figures."""
    from newsreader.bench import run as bench

    work = tmp_path / "work"
    argv = ["30", "--runs", "1", "--keep", str(tmp_path), "--work", str(work)]
    assert bench.main([*argv, "--only", "read floor", "--only", "--list warm"]) == 0
    out = capsys.readouterr().out
    table = out.split("in process")[0]
    assert "read floor" in table and "--list warm (text)" in table
    assert "metadata floor" not in table and "--search" not in table
    assert "query 1 char" not in out
    verdicts = {line[:50].strip(): line.split()[-1] for line in out.splitlines() if line.strip()}
    assert verdicts["warm --list / read floor"] in {"PASS", "MISS"}
    assert verdicts["cold --list / metadata floor"] == "n/a"
    assert (work / "warm-cache").is_dir()  # kept for the next run
