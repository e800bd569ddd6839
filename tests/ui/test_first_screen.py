"""Pilot tests: the first screen comes from the index, and the check that follows it.

A generated archive of more than one page is indexed as an earlier run of
the reader would leave it; then files change while the reader is closed. The
reader starts from the index, so it shows the archive as the index saw it;
its background check is held on an event, so the test knows the list is
used *while* the check runs, and then sees what the check found reach it.
"""

from __future__ import annotations

import asyncio
import os
import re
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

import newsreader.ui.app as app_module
import newsreader.ui.screens.main as main_module
from newsreader.bench.generate import generate
from newsreader.core.document.open import open_document
from newsreader.core.index.first_page import PAGE
from newsreader.core.index.metadata import load_indexed
from newsreader.core.index.refresh import Refreshed, revalidate
from newsreader.core.model import Post
from newsreader.ui.app import make_app
from newsreader.ui.model.listing import build_rows
from newsreader.ui.options import ReaderOptions
from newsreader.ui.screens.main import MainScreen
from newsreader.ui.widgets import index_completer
from newsreader.ui.widgets.archive_watcher import ArchiveWatcher, Settle
from newsreader.ui.widgets.index_completer import IndexCompleter
from tests.ui.conftest import main_screen, screen_text, settle

POSTS = PAGE + 500
"""More posts than the first page holds."""


async def until(pilot: Pilot[Any], condition: Callable[[], bool], seconds: float = 60) -> None:
    """Let the app run until ``condition`` holds."""
    for _ in range(int(seconds / 0.05)):
        if condition():
            return
        await asyncio.sleep(0.05)
        await pilot.pause()
    assert condition(), "the reader never got there"


def retitled(text: str, title: str) -> str:
    return re.sub(r'^title: ".*"$', f'title: "{title}"', text, count=1, flags=re.MULTILINE)


class Held:
    """The reader's background check, held until the test lets it go."""

    def __init__(self) -> None:
        self.started = threading.Event()
        self.go = threading.Event()
        self.real = revalidate

    def __call__(self, *args: Any, **kwargs: Any) -> Refreshed:
        self.started.set()
        assert self.go.wait(120), "the test never let the check go"
        return self.real(*args, **kwargs)


@pytest.fixture
def archive(tmp_path: Path) -> tuple[Path, list[Post]]:
    """A generated archive with the index a reader left, and its posts newest first."""
    root = generate(tmp_path / "archive", POSTS)
    posts = list(load_indexed(root, cache_dir=tmp_path / "cache").archive.posts)
    return root, posts


def options(tmp_path: Path) -> ReaderOptions:
    return ReaderOptions(
        state_dir=tmp_path / "state", cache_dir=tmp_path / "cache", export_dir=tmp_path / "out"
    )


async def test_the_list_is_usable_while_the_check_runs_and_then_shows_what_it_found(
    tmp_path: Path, archive: tuple[Path, list[Post]], monkeypatch: pytest.MonkeyPatch
) -> None:
    root, posts = archive
    edited, removed, kept = posts[1], posts[2], posts[3]
    # Changed while the reader was closed: the index has not seen any of it.
    edited_file = root / edited.path
    edited_file.write_text(retitled(edited_file.read_text("utf-8"), "改过的标题"), "utf-8")
    os.utime(edited_file, ns=(1, 1))  # a stat key the index cannot hold, whatever the clock
    (root / removed.path).unlink()
    added_text = retitled((root / posts[0].path).read_text("utf-8"), "刚写的新稿")
    # Newer than every generated post (2015-2024), yet past: a post dated after now is unpublished.
    added_text = re.sub(r"^date: .*$", "date: 2025-06-01 08:00:00 +0800", added_text, flags=re.M)
    (root / "_posts/2025-06-01-new.md").write_text(added_text, "utf-8")
    held = Held()
    monkeypatch.setattr(app_module, "revalidate", held)
    app = make_app(root, options(tmp_path))
    async with app.run_test(size=(160, 48)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, MainScreen) and held.started.is_set())
        screen = main_screen(app)
        articles = screen.article_list
        # The first screen is the index's: its page, and the whole archive's counts.
        assert articles.posts[:PAGE] == posts[:PAGE] and len(articles.posts) == POSTS
        assert screen.reading.catalog.total == POSTS
        assert f"All posts {POSTS}/{POSTS}" in screen_text(app)
        # Usable while the check is held: the cursor moves, a post opens.
        await settle(pilot)
        articles.focus()
        for _ in range(3):
            await pilot.press("j")
        assert articles.current == kept
        await pilot.press("enter")
        await until(pilot, lambda: screen.reading.current == kept)
        await settle(pilot)
        assert screen.article_view.post == kept
        assert not held.go.is_set() and articles.posts[:PAGE] == posts[:PAGE]
        # The check goes on; what it found reaches the list, the selection kept.
        held.go.set()
        await until(pilot, lambda: len(screen.reading.posts) == POSTS)
        await settle(pilot)
        titles = [post.title for post in articles.posts]
        assert titles[:3] == ["刚写的新稿", posts[0].title, "改过的标题"]
        assert removed.path not in {post.path for post in articles.posts}
        assert len(articles.posts) == POSTS
        assert articles.current == kept and screen.reading.current == kept
        messages = [str(n.message) for n in app._notifications]
        assert "Archive changed: 1 added, 1 updated, 1 removed." in messages
        assert f"All posts {POSTS - 1}/{POSTS}" in screen_text(app)  # kept was read


async def test_the_check_waits_until_the_first_post_is_drawn(
    tmp_path: Path, archive: tuple[Path, list[Post]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check (every post loaded) and watchfiles' import start after the first post's paint."""
    root, posts = archive
    held = Held()
    held.go.set()  # the check runs as soon as it starts
    opening, let_open = threading.Event(), threading.Event()

    def held_open(*args: Any, **kwargs: Any) -> Any:
        opening.set()
        assert let_open.wait(120), "the test never let the open go"
        return open_document(*args, **kwargs)

    shown_at_start: list[Post | None] = []
    real_start = ArchiveWatcher._start_check

    def start_check(watcher: ArchiveWatcher, settle: Settle) -> None:
        shown_at_start.append(main_screen(watcher.app).article_view.post)
        real_start(watcher, settle)

    monkeypatch.setattr(app_module, "revalidate", held)
    monkeypatch.setattr(main_module, "open_document", held_open)
    monkeypatch.setattr(ArchiveWatcher, "_start_check", start_check)
    app = make_app(root, options(tmp_path))
    async with app.run_test(size=(160, 48)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, MainScreen) and opening.is_set())
        for _ in range(3):  # the screen's first refreshes, the first post still opening
            await pilot.pause()
        assert shown_at_start == [] and not held.started.is_set()
        let_open.set()
        screen = main_screen(app)
        await until(pilot, lambda: len(screen.reading.posts) == POSTS)
        assert shown_at_start == [posts[0]]  # drawn before the check began, and one check
        assert held.started.is_set()


async def test_the_whole_list_scrolls_from_the_index_before_the_check_lands(
    tmp_path: Path, archive: tuple[Path, list[Post]], monkeypatch: pytest.MonkeyPatch
) -> None:
    root, posts = archive
    held = Held()
    monkeypatch.setattr(app_module, "revalidate", held)
    app = make_app(root, options(tmp_path))
    async with app.run_test(size=(160, 48)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, MainScreen) and held.started.is_set())
        screen = main_screen(app)
        articles = screen.article_list
        await settle(pilot)
        articles.focus()
        # Every post is listed, laid out by day as the full list is, none read past the screen.
        assert len(articles.posts) == POSTS
        assert articles.layout_rows.every_row() == build_rows(posts, grouped=True).every_row()
        await pilot.press("G")  # the oldest post, from the index
        await pilot.wait_for_scheduled_animations()
        assert articles.current == posts[-1]
        assert posts[-1].title[:3] in screen_text(app)
        await pilot.press("pageup", "up")
        await pilot.wait_for_scheduled_animations()
        chosen = articles.current
        assert chosen is not None and chosen in posts[PAGE:-1]
        assert chosen.title[:3] in screen_text(app)
        await pilot.press("enter")
        await until(pilot, lambda: screen.reading.current == chosen)
        assert not held.go.is_set()
        # The check lands: the same rows in the same order, the selection kept.
        held.go.set()
        await until(pilot, lambda: len(screen.reading.posts) == POSTS)
        await settle(pilot)
        assert list(articles.posts) == posts
        assert articles.current == chosen and screen.reading.current == chosen
        assert chosen.title[:3] in screen_text(app)


async def test_a_change_on_disk_during_the_check_is_compared_with_the_full_archive(
    tmp_path: Path, archive: tuple[Path, list[Post]], monkeypatch: pytest.MonkeyPatch
) -> None:
    root, posts = archive
    held = Held()
    monkeypatch.setattr(app_module, "revalidate", held)
    app = make_app(root, options(tmp_path))
    async with app.run_test(size=(160, 48)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, MainScreen) and held.started.is_set())
        screen = main_screen(app)
        (root / posts[5].path).unlink()  # the watcher sees it, and waits for the check
        await asyncio.sleep(1)
        held.go.set()
        await until(pilot, lambda: posts[5].path not in screen.reading.by_path)
        await until(pilot, lambda: len(screen.reading.posts) == POSTS - 1)
        await settle(pilot)
        messages = [str(n.message) for n in app._notifications]
        assert "Archive changed: 1 removed." in messages
        assert not any("added" in message for message in messages)


async def test_a_saved_group_starts_from_the_whole_archive(
    tmp_path: Path, archive: tuple[Path, list[Post]], monkeypatch: pytest.MonkeyPatch
) -> None:
    root, _posts = archive
    held = Held()
    held.go.set()
    monkeypatch.setattr(app_module, "revalidate", held)
    app = make_app(root, options(tmp_path))
    async with app.run_test(size=(160, 48)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, MainScreen) and held.started.is_set())
        screen = main_screen(app)
        await until(pilot, lambda: len(screen.reading.posts) == POSTS)
        group = screen.reading.catalog.categories[0]
        screen.reading.choose_group(group.group)
        screen.save_view()
    again, checked = make_app(root, options(tmp_path)), Held()
    monkeypatch.setattr(app_module, "revalidate", checked)
    async with again.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        screen = main_screen(again)
        # A group needs every post: loaded whole before the first screen, no check after.
        assert len(screen.reading.posts) == POSTS
        assert len(screen.article_list.posts) == group.count
        assert not checked.started.is_set()


async def test_the_index_is_completed_only_once_the_check_is_shown(
    tmp_path: Path, archive: tuple[Path, list[Post]], monkeypatch: pytest.MonkeyPatch
) -> None:
    root, _posts = archive
    monkeypatch.setattr(index_completer, "START_DELAY", 0.01)
    held = Held()
    monkeypatch.setattr(app_module, "revalidate", held)
    app = make_app(root, options(tmp_path))
    async with app.run_test(size=(160, 48)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, MainScreen) and held.started.is_set())
        completer = main_screen(app).query_one(IndexCompleter)
        await pilot.pause(0.3)  # well past its quiet time
        assert completer._thread is None  # the check loading the archive comes first
        held.go.set()
        await until(pilot, lambda: completer._thread is not None)
