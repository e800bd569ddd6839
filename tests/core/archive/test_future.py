"""``future``: as in Jekyll, a post dated after the present is unpublished unless ``future: true``.

The present is the load's, never stored: the same index rows answer
differently once a post's date has come (the clock is set through
:mod:`newsreader.core.archive.build`'s ``time``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace

import pytest

from newsreader.core.archive import build
from newsreader.core.archive.build import publish_cutoff
from newsreader.core.archive.config import read_config
from newsreader.core.archive.filters import Criteria, select
from newsreader.core.archive.loader import load_archive
from newsreader.core.index.first_page import first_page
from newsreader.core.index.metadata import load_indexed
from tests.cli.helpers import run_cli

MakeArchive = Callable[[dict[str, str | bytes]], Path]

DUE = "2030-06-01 08:00:00 +0800"
DUE_STAMP = datetime.fromisoformat("2030-06-01T08:00:00+08:00").timestamp()
POSTS: dict[str, str | bytes] = {
    "_posts/2022-01-01-old.md": "---\ntitle: old\n---\nwords\n",
    "_posts/2030-06-01-due.md": f"---\ntitle: due\ndate: {DUE}\n---\nwords\n",
}
DUE_PATH = "_posts/2030-06-01-due.md"


def _clock(monkeypatch: pytest.MonkeyPatch, now: float) -> None:
    """Set the present the loads and listings judge ``future`` by."""
    monkeypatch.setattr(build, "time", SimpleNamespace(time=lambda: now))


def _published(posts: object) -> dict[str, bool]:
    return {post.path: post.published for post in posts}  # type: ignore[attr-defined]


def test_the_cutoff_is_jekylls_whole_seconds() -> None:
    """``date.to_i > site.time.to_i``: the rest of the present second is not the future."""
    assert publish_cutoff(100.0) == publish_cutoff(100.9) == 101


@pytest.mark.parametrize(
    ("text", "future", "problem"),
    [
        ("", False, None),
        ("future:\n", False, None),
        ("future: false\n", False, None),
        ("future: true\n", True, None),
        ('future: "false"\n', True, "'future' is a string, not true or false: taken as true"),
    ],
)
def test_future_is_read_as_jekyll_reads_it(
    make_archive: MakeArchive, text: str, future: bool, problem: str | None
) -> None:
    config, problems = read_config(make_archive({"_config.yml": text, **POSTS}))
    assert config.future is future
    assert [p.reason for p in problems if "future" in p.reason] == (
        [] if problem is None else [f"{problem}, as Jekyll does"]
    )


@pytest.mark.parametrize("config", ["", "future: false\n"])
def test_a_post_dated_after_now_is_unpublished(
    make_archive: MakeArchive, monkeypatch: pytest.MonkeyPatch, config: str
) -> None:
    _clock(monkeypatch, DUE_STAMP - 1)
    archive = load_archive(make_archive({"_config.yml": config, **POSTS}))
    assert _published(archive.posts) == {DUE_PATH: False, "_posts/2022-01-01-old.md": True}
    assert [post.title for post in select(archive.posts, Criteria())] == ["old"]
    shown = select(archive.posts, Criteria(unpublished=True))
    assert [post.title for post in shown] == ["due", "old"]


def test_future_true_publishes_it(
    make_archive: MakeArchive, monkeypatch: pytest.MonkeyPatch
) -> None:
    _clock(monkeypatch, DUE_STAMP - 1)
    archive = load_archive(make_archive({"_config.yml": "future: true\n", **POSTS}))
    assert all(post.published for post in archive.posts)


def test_published_false_stays_unpublished_when_its_day_comes(
    make_archive: MakeArchive, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = f"---\ntitle: due\ndate: {DUE}\npublished: false\n---\nwords\n"
    _clock(monkeypatch, DUE_STAMP + 1)
    archive = load_archive(make_archive({DUE_PATH: text}))
    assert _published(archive.posts) == {DUE_PATH: False}


def test_a_stored_row_is_published_once_its_date_has_come(
    make_archive: MakeArchive, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The index stores what the front matter says; the present is judged at each load."""
    root, cache = make_archive(POSTS), tmp_path / "cache"
    _clock(monkeypatch, DUE_STAMP - 1)
    assert _published(load_indexed(root, cache_dir=cache).archive.posts)[DUE_PATH] is False
    assert _published(load_indexed(root, cache_dir=cache).archive.posts)[DUE_PATH] is False
    assert first_page(root, cache_dir=cache) is None  # its counts cannot tell: a full load does
    _clock(monkeypatch, DUE_STAMP)  # the very second: published
    loaded = load_indexed(root, cache_dir=cache)
    assert loaded.changes == ((), (), ())  # the same rows, no file read again
    assert _published(loaded.archive.posts)[DUE_PATH] is True
    page = first_page(root, cache_dir=cache)
    assert page is not None and [post.path for post in page.posts][0] == DUE_PATH


LISTINGS = [
    ["--list"],
    ["--list", "--json"],
    ["--list", "--unpublished"],
    ["--list", "--json", "--unpublished"],
    ["--list", "--json", "--unpublished", "--search", "words"],
    ["--list", "--search", "words"],
]


@pytest.mark.parametrize("argv", LISTINGS, ids=" ".join)
def test_every_listing_judges_the_present_cold_warm_and_uncached(
    make_archive: MakeArchive,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    argv: list[str],
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    root = make_archive(POSTS)
    for now, due_shown in ((DUE_STAMP - 1, "--unpublished" in argv), (DUE_STAMP + 1, True)):
        _clock(monkeypatch, now)
        runs = [run_cli(capsys, str(root), *argv, *extra) for extra in ([], [], ["--no-cache"])]
        assert runs[0] == runs[1] == runs[2]
        code, out, _err = runs[0]
        assert code == 0
        assert ("due" in out) is due_shown
        if "--json" in argv and due_shown:
            [due] = [json.loads(line) for line in out.splitlines() if "due" in line]
            assert due["published"] is (now >= DUE_STAMP)
