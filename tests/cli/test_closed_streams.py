"""Batch modes with stdout or stderr closed (``>&-``, ``2>&-``) or stdout full (``/dev/full``).

Python leaves a closed standard stream None: the progress bar's ``isatty``
check crashed, and the crash's message went to stdout. Expected: a closed
stderr is a quiet run; stdout closed or full is one plain line on stderr
and a non-zero exit, never "unexpected error".
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

import pytest

Builder = Callable[[dict[str, str | bytes]], Path]

POSTS: dict[str, str | bytes] = {
    "_posts/2022-01-01-a.md": "---\ntitle: 甲\ncategories: [x]\n---\n<h2>节</h2><p>正文 zz</p>\n",
    "_posts/2022-01-02-b.md": "---\ntitle: 乙\ntags: [t]\n---\n<p>别的 zz</p>\n",
}

BATCH_MODES = [
    ["--list"],
    ["--list", "--json"],
    ["--list", "--no-cache"],
    ["--export"],
    ["--outline"],
    ["--search", "zz", "--list"],
    ["--search", "zz", "--list", "--json"],
]
"""Every mode writing to stdout (``--list`` twice: streamed from the index, and loaded)."""


def _closing(number: int) -> Callable[[], None]:
    """A ``preexec_fn`` that closes descriptor ``number`` in the child, as ``>&-`` does."""
    return lambda: os.close(number)


def _run(
    root: Path,
    argv: list[str],
    *,
    close: int | None = None,
    stdout: int | IO[Any] = subprocess.PIPE,
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "newsreader", str(root), *argv],
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        preexec_fn=None if close is None else _closing(close),  # noqa: PLW1509 - no threads
        timeout=120,
    )


@pytest.mark.parametrize("argv", BATCH_MODES, ids=" ".join)
def test_with_stderr_closed_a_batch_mode_works_and_says_nothing(
    make_archive: Builder, argv: list[str]
) -> None:
    root = make_archive(POSTS)
    expected = _run(root, argv)
    assert expected.returncode == 0 and expected.stdout, expected.stderr
    for run in ("cold", "warm"):  # a first run builds the index, a second streams from it
        done = _run(root, argv, close=2)
        assert (done.returncode, done.stdout) == (0, expected.stdout), run


@pytest.mark.parametrize("argv", [*BATCH_MODES, ["--config-path"]], ids=" ".join)
def test_with_stdout_closed_a_batch_mode_says_so_in_one_line(
    make_archive: Builder, argv: list[str]
) -> None:
    done = _run(make_archive(POSTS), argv, close=1)
    assert done.returncode == 1
    assert done.stderr == "newsreader: cannot write the output: standard output is closed\n"


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("argv", BATCH_MODES, ids=" ".join)
def test_a_full_stdout_is_one_plain_line_and_a_failure(
    make_archive: Builder, argv: list[str]
) -> None:
    root = make_archive(POSTS)
    for run in ("cold", "warm"):
        with open("/dev/full", "w", encoding="utf-8") as full:
            done = _run(root, argv, stdout=full)
        assert done.returncode == 1, run
        assert done.stderr == "newsreader: cannot write the output: No space left on device\n"


def test_with_stdout_closed_an_export_to_a_folder_still_works(
    make_archive: Builder, tmp_path: Path
) -> None:
    """``--export -o DIR`` writes no output to stdout: a closed one is no failure."""
    target = tmp_path / "out"
    done = _run(make_archive(POSTS), ["--export", "-o", str(target)], close=1)
    assert done.returncode == 0, done.stderr
    assert len(list(target.rglob("*.txt"))) == 2


@pytest.mark.parametrize("close", [0, 2], ids=["stdin closed", "stderr closed"])
def test_the_reader_without_a_terminal_says_so_and_stops(make_archive: Builder, close: int) -> None:
    """It reads keys from stdin and draws on stderr: without them it drew unseen, for ever."""
    done = _run(make_archive(POSTS), [], close=close)
    assert done.returncode == 2
    if close == 0:
        assert "the reader needs a terminal" in done.stderr


def test_the_reader_with_its_input_from_a_file_says_so(make_archive: Builder) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "newsreader", str(make_archive(POSTS))],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2 and "the reader needs a terminal" in done.stderr
