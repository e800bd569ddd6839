"""Pilot tests: state across runs, big posts, many posts, problems and corrupt state."""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Label

import newsreader.ui.screens.main as main_module
from newsreader.core import state as state_module
from newsreader.core.document.model import Document
from newsreader.core.document.open import open_document
from newsreader.core.model import Archive, Post, Problem
from newsreader.core.state import state_file
from tests.conftest import SAMPLE
from tests.ui.conftest import SEED_PATH, Reader, main_screen, open_seed, screen_text, settle

Builder = Callable[[dict[str, str | bytes]], Path]


async def test_last_post_and_scroll_restored_on_next_start(reader: Reader) -> None:
    app = reader(SAMPLE)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_seed(pilot)
        screen.article_view.scroll_to(y=25, animate=False, immediate=True)
        await pilot.press("b")
        await settle(pilot)
        await pilot.press("q")
    again = reader(SAMPLE)
    async with again.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(again)
        assert screen.reading.current is not None and screen.reading.current.path == SEED_PATH
        assert screen.article_view.scroll_y == 25
        assert SEED_PATH in screen.reading.read
        assert screen.reading.state.bookmarks() == [SEED_PATH]


async def test_corrupt_state_file_gives_a_notice(reader: Reader, tmp_path: Path) -> None:
    target = state_file(SAMPLE, tmp_path / "state")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(b"this is not a database" * 100)
    app = reader(SAMPLE)
    # Recorded as sent: a loaded machine can take longer to settle than a toast lives.
    told: list[str] = []
    notify = app.notify

    def recording(message: str, **kwargs: Any) -> None:
        told.append(message)
        notify(message, **kwargs)

    app.notify = recording  # type: ignore[method-assign]
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        assert screen.reading.state.notice
        assert any(screen.reading.state.notice in message for message in told)


async def test_a_write_failing_after_start_is_shown_once(
    reader: Reader, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The disk fills while the reader runs: "mark all read" must not seem to work.
    def full(*_args: Any) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    app = reader(SAMPLE)
    told: list[tuple[str, Any]] = []
    notify = app.notify

    def recording(message: str, **kwargs: Any) -> None:
        told.append((message, kwargs.get("severity")))
        notify(message, **kwargs)

    app.notify = recording  # type: ignore[method-assign]
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        assert screen.reading.state.notice is None
        monkeypatch.setattr(state_module, "_write_many", full)
        screen.article_list.focus()
        await pilot.press("A")  # written on the store's thread
        await pilot.press("z")
        assert screen.reading.state.read_paths() == set()  # waits for that thread
        await pilot.pause()
        notice = screen.reading.state.notice
        assert notice is not None and "disk is full" in notice
        assert told.count((notice, "warning")) == 1, told


def _big_post(size: int) -> str:
    paragraph = "<p>（一）" + "常州市加强科技创新，推动高质量发展。" * 20 + "</p>\n"
    return "---\ntitle: 大文件\ndate: 2022-01-01\n---\n" + paragraph * (
        size // len(paragraph.encode())
    )


async def test_five_megabyte_post_opens_without_freezing(
    reader: Reader, make_archive: Builder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The post is read and laid out off the event loop: keys are answered meanwhile.

    The read is held until the key has been answered, so the test does not
    depend on how fast the machine parses 5 MB. How long the loop may stall is
    a benchmark figure (``python -m newsreader.bench stall``), not a timing here.
    """
    root = make_archive(
        {
            "_posts/2022-01-01-big.md": _big_post(5_000_000),
            "_posts/2022-01-02-small.md": "---\ntitle: 小文件\n---\n<p>短</p>\n",
        }
    )
    answered = threading.Event()

    def held_open(archive: Archive, post: Post) -> tuple[Document, list[Problem]]:
        answered.wait(timeout=60)
        return open_document(archive, post)

    monkeypatch.setattr(main_module, "open_document", held_open)
    app = reader(root)
    async with app.run_test(size=(160, 40)) as pilot:  # wide: the category pane starts shown
        await settle(pilot)
        screen = main_screen(app)
        view = screen.article_view
        big = next(p for p in screen.reading.posts if p.title == "大文件")
        screen.open_post(big)
        await pilot.press("c")
        assert screen.has_class("-hide-categories")  # answered while the post is being read
        assert screen.reading.current is not big
        answered.set()
        await settle(pilot)
        assert screen.reading.current is big
        assert len(view.layout_.lines) > 10_000
        view.focus()
        await pilot.press("G")
        await pilot.wait_for_scheduled_animations()  # `G` scrolls smoothly: wait for it to land
        assert view.scroll_y == view.max_scroll_y > 0


async def test_ten_thousand_posts_list_open_and_filter(
    reader: Reader, make_archive: Builder
) -> None:
    files: dict[str, str | bytes] = {
        f"_posts/2021-{1 + i % 12:02d}-{1 + i % 28:02d}-p{i}.md": (
            f"---\ntitle: 第{i}篇 新闻\ncategories: c{i % 7}\ntags: t{i % 13}\n---\n<p>{i}</p>\n"
        )
        for i in range(10_000)
    }
    app = reader(make_archive(files))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        assert len(screen.article_list.posts) == 10_000
        screen.article_list.focus()
        await pilot.press("G", "k", "enter")
        await pilot.pause()
        assert screen.reading.current is not None
        screen.query_one("#filter").focus()
        await pilot.press(*"999")
        await pilot.pause()
        shown = {post.title for post in screen.article_list.posts}
        assert shown == {f"第{i}篇 新闻" for i in range(10_000) if "999" in str(i)}


async def test_problems_are_announced_and_listed(reader: Reader, make_archive: Builder) -> None:
    root = make_archive(
        {
            "_posts/2022-01-01-ok.md": "---\ntitle: 好\n---\n<p>正文</p>\n",
            "_posts/2022-01-02-bad.md": "---\ntitle: [unclosed\n---\n<p>正文</p>\n",
            "_posts/2022-01-03-esc.md": (
                b'---\ntitle: "esc\x1b]0;pwned\x07"\n---\n<p>\x1b[31mred</p>\n'
            ),
        }
    )
    app = reader(root)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        count = len(screen.reading.archive.problems)
        assert count >= 1
        assert any(f"{count} problem" in str(n.message) for n in app._notifications), [
            n.message for n in app._notifications
        ]
        await pilot.press("exclamation_mark")
        await pilot.pause()
        text = screen_text(app)
        assert "2022-01-02-bad.md" in text
        assert "\x1b" not in text


async def test_unexpected_error_ends_with_one_line_not_a_traceback(
    reader: Reader, capfd: pytest.CaptureFixture[str]
) -> None:
    app = reader(SAMPLE)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        try:
            raise RuntimeError("disk on fire")
        except RuntimeError:
            app._fatal_error()  # what Textual calls for an unhandled exception
    err = capfd.readouterr().err
    assert "newsreader: unexpected error: RuntimeError: disk on fire" in err
    assert "logged to" in err and "Traceback" not in err and "raise RuntimeError" not in err


async def test_a_post_whose_name_is_not_utf8_opens_and_is_marked_read(
    reader: Reader, tmp_path: Path
) -> None:
    root = tmp_path / "bytes-archive"
    (root / "_posts").mkdir(parents=True)
    name = os.fsencode(root / "_posts") + b"/2022-01-05-bad\xff\xfe.md"
    with open(name, "wb") as handle:
        handle.write("---\ntitle: 坏名字\n---\n<p>正文</p>\n".encode())
    app = reader(root)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        current = screen.reading.current
        assert current is not None and current.title == "坏名字"
        await pilot.press("r")  # shown at start, so marked by hand
        assert current.path in screen.reading.state.read_paths()
        await pilot.press("b")
        await settle(pilot)
        assert screen.reading.state.bookmarks() == [current.path]


async def test_a_problem_met_for_two_list_items_is_listed_once(
    reader: Reader, make_archive: Builder
) -> None:
    """``tags: [[a, b], [c]]`` skips two lists for one reason: one problem, as the CLI counts."""
    root = make_archive({"_posts/2022-01-07-tags.md": "---\ntags: [[a, b], [c]]\n---\nx\n"})
    app = reader(root)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert any("1 problem while" in str(n.message) for n in app._notifications)
        await pilot.press("exclamation_mark")
        await pilot.pause()
        assert str(app.screen.query_one("#problems-title", Label).render()) == "1 problem"
        assert screen_text(app).count("'tags' holds a list") == 1
