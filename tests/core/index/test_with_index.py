"""``with_index`` hands its fallback one plain sentence, whatever went wrong."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from newsreader.core.index.db import IndexDB, with_index


def _failing(error: Exception) -> Callable[[IndexDB], str]:
    def work(_db: IndexDB) -> str:
        raise error

    return work


@pytest.mark.parametrize(
    ("instead", "notice"),
    [
        ("", "index error (no such index: x)"),
        (
            "searched without the index",
            "index error (no such index: x); searched without the index",
        ),
    ],
)
def test_an_sqlite_error_names_itself_and_what_happens_instead(
    tmp_path: Path, instead: str, notice: str
) -> None:
    root = tmp_path / "archive"
    root.mkdir()
    error = sqlite3.OperationalError("no such index: x")
    told = with_index(root, tmp_path / "cache", _failing(error), lambda said: said, instead)
    assert told == notice
