"""A build killed at any point, or two builds at once, never leave a wrong index.

The promise: whatever happened to an earlier run (``kill -9`` while the
metadata cache or the full-text index was being written, another process
building the same index at the same moment), the next run prints exactly what
``--no-cache`` prints. Kill points are spread over the build by time; where a
kill lands does not matter to the check, which is why it cannot flake: every
outcome must give the same answer afterwards.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newsreader.bench.generate import generate

POSTS = 600
KILL_AFTER = (0.05, 0.15, 0.3, 0.5, 0.8, 1.5)
"""Seconds after the start at which a build is killed: early, middle and late."""


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A seed-shaped archive big enough for the build to take a while (and use both cores)."""
    return generate(tmp_path_factory.mktemp("interrupted") / "archive", POSTS)


def _env(cache: Path) -> dict[str, str]:
    return {**os.environ, "XDG_CACHE_HOME": str(cache), "XDG_STATE_HOME": str(cache / "state")}


def _command(archive: Path, *mode: str) -> list[str]:
    return [sys.executable, "-m", "newsreader", str(archive), *mode]


def _run(archive: Path, cache: Path, *mode: str) -> str:
    result = subprocess.run(
        _command(archive, *mode),
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=_env(cache),
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def _killed(archive: Path, cache: Path, after: float, *mode: str) -> None:
    """Start a run in its own process group and SIGKILL the whole group ``after`` seconds in."""
    process = subprocess.Popen(
        _command(archive, *mode),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=_env(cache),
        start_new_session=True,
    )
    time.sleep(after)
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass  # it finished first: also an outcome the next run must cope with
    process.wait(timeout=60)


MODES = [
    pytest.param(("--list", "--json"), id="metadata-build"),
    pytest.param(("--search", "科协", "--list"), id="full-text-build"),
]


@pytest.mark.slow
@pytest.mark.parametrize("mode", MODES)
def test_a_killed_build_is_never_trusted(archive: Path, tmp_path: Path, mode: tuple[str]) -> None:
    expected = _run(archive, tmp_path / "reference", *mode, "--no-cache")
    assert expected
    for number, after in enumerate(KILL_AFTER):
        cache = tmp_path / f"cache-{number}"
        _killed(archive, cache, after, *mode)
        assert _run(archive, cache, *mode) == expected, f"killed after {after} s"
        assert _run(archive, cache, *mode) == expected, f"warm, after a kill at {after} s"


@pytest.mark.slow
@pytest.mark.parametrize("mode", MODES)
def test_two_cold_builds_at_once_agree(archive: Path, tmp_path: Path, mode: tuple[str]) -> None:
    expected = _run(archive, tmp_path / "reference", *mode, "--no-cache")
    cache = tmp_path / "shared-cache"
    runs = [
        subprocess.Popen(
            _command(archive, *mode),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            env=_env(cache),
        )
        for _ in range(2)
    ]
    for process in runs:
        out, err = process.communicate(timeout=300)
        assert process.returncode == 0, err[-2000:]
        assert out == expected
    assert _run(archive, cache, *mode) == expected
