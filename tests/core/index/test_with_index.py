"""``with_index`` hands its fallback one plain sentence, whatever went wrong."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import pytest

from newsreader.cli import modes
from newsreader.core.archive.filters import Criteria
from newsreader.core.index.db import IndexDB, cache_file, user_cache_dir, with_index, write_read
from newsreader.core.index.listing import stream_listing
from newsreader.core.index.metadata import load_indexed
from tests.cli.helpers import run_cli


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


POST = "---\ntitle: 标题\ndate: 2022-01-02 10:00:00 +0800\n---\n<p>正文</p>\n"


def _indexed(tmp_path: Path) -> tuple[Path, Path]:
    """An archive of one post and its index, built by a full load."""
    root = tmp_path / "archive"
    (root / "_posts").mkdir(parents=True)
    (root / "_posts" / "2022-01-02-a.md").write_text(POST, encoding="utf-8")
    cache = tmp_path / "cache"
    load_indexed(root, cache_dir=cache)
    assert cache_file(root, cache).exists()
    return root, cache


@pytest.mark.parametrize("as_json", [False, True])
def test_an_error_of_the_writer_is_raised_and_the_index_kept(tmp_path: Path, as_json: bool) -> None:
    """A bug in the output is not a damaged row: the user's index must survive it."""
    root, cache = _indexed(tmp_path)

    def broken_writer(lines: Iterable[str]) -> None:
        for _line in lines:
            raise ValueError("the writer's own bug")

    with pytest.raises(ValueError, match="the writer's own bug"):
        stream_listing(root, Criteria(), broken_writer, as_json=as_json, cache_dir=cache)
    assert cache_file(root, cache).exists()
    kept: list[str] = []
    assert stream_listing(root, Criteria(), kept.extend, as_json=as_json, cache_dir=cache).done
    assert len(kept) == 1


def test_an_error_reading_a_row_under_the_writer_is_still_damage(tmp_path: Path) -> None:
    def reads() -> Iterator[str]:
        yield "a line"
        raise ValueError("bad row")

    def work(_db: IndexDB) -> str:
        write_read(lambda lines: print(*lines), reads())
        return "done"

    root, cache = _indexed(tmp_path)
    told = with_index(root, cache, work, lambda said: said, "")
    assert told == "index held unreadable data (ValueError: bad row)"
    assert not cache_file(root, cache).exists()


def test_a_writer_bug_in_a_listing_is_an_internal_error_not_a_lost_index(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root, _cache = _indexed(tmp_path)
    assert run_cli(capsys, str(root), "--list")[0] == 0  # the user's own index
    index = cache_file(root, user_cache_dir())
    assert index.exists()

    calls: list[int] = []

    def broken_writer(lines: Iterable[str]) -> None:
        calls.append(1)
        for _line in lines:
            raise ValueError("the writer's own bug")

    monkeypatch.setattr(modes, "write_lines", broken_writer)
    code, _out, err = run_cli(capsys, str(root), "--list")
    assert code == 1
    assert "Traceback" not in err
    assert "ValueError" in err
    assert calls == [1]  # raised from the stream: no index deleted, no load to rebuild it
    assert index.exists()
