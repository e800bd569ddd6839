"""The archive search modal: type, see ranked hits, Enter opens, Escape cancels."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

from rich.text import Text
from textual.app import App
from textual.widgets import Input, OptionList

from newsreader.core.archive.loader import load_archive
from newsreader.core.model import Archive
from newsreader.ui.screens.search import SearchResult, SearchScreen

MakeArchive = Callable[[dict[str, str | bytes]], Path]


def post(title: str, day: int, text: str) -> str:
    head = f'---\ntitle: "{title}"\ndate: 2022-03-{day:02d}\n---\n'
    return f"{head}<p>一、总体要求</p>\n<p>{text}</p>\n"


class Host(App[None]):
    """Pushes the search screen and keeps what it dismisses with."""

    def __init__(self, archive: Archive, cache: Path, read: frozenset[str] | None = None) -> None:
        super().__init__()
        self.archive, self.cache, self.read = archive, cache, read
        self.results: list[SearchResult | None] = []

    def on_mount(self) -> None:
        read = self.read
        is_read = None if read is None else (lambda post: post.path in read)
        screen = SearchScreen(self.archive, cache_dir=self.cache, is_read=is_read)
        self.push_screen(screen, self.results.append)


async def type_query(app: Host, query: str) -> SearchScreen:
    """Type ``query`` and wait for the debounced search to finish."""
    screen = app.screen
    assert isinstance(screen, SearchScreen)
    screen.query_one(Input).value = query
    for _ in range(50):  # the debounce timer, then the worker, then its callback
        await asyncio.sleep(0.05)
        await app.workers.wait_for_complete()
        if screen.shown_query == query:
            break
    assert screen.shown_query == query, "the search never answered"
    return screen


async def test_typing_lists_hits_and_enter_opens_the_best(
    make_archive: MakeArchive, tmp_path: Path
) -> None:
    root = make_archive(
        {
            "_posts/2022-03-01-a.md": post("[bold]科协[/bold] 年会", 1, "常州市科协召开年会"),
            "_posts/2022-03-02-b.md": post("别的", 2, "与科协无关的"),
            "_posts/2022-03-03-c.md": post("无", 3, "完全无关"),
        }
    )
    app = Host(load_archive(root), tmp_path / "cache")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await type_query(app, "科协")
        results = screen.query_one(OptionList)
        assert results.option_count == 2
        first = results.get_option_at_index(0).prompt
        assert isinstance(first, Text)
        assert first.plain.startswith("[bold]科协[/bold] 年会")  # data, not markup
        assert "一、总体要求" in first.plain  # the hit's section
        await pilot.press("enter")
        await pilot.pause()
    assert app.results == [("_posts/2022-03-01-a.md", 1, "科协")]


async def test_escape_dismisses_with_none(make_archive: MakeArchive, tmp_path: Path) -> None:
    root = make_archive({"_posts/2022-03-01-a.md": post("甲", 1, "正文")})
    app = Host(load_archive(root), tmp_path / "cache")
    async with app.run_test(size=(100, 30)) as pilot:
        await type_query(app, "正文")
        await pilot.press("escape")
        await pilot.pause()
    assert app.results == [None]


async def test_hits_show_their_time_and_whether_they_were_read(
    make_archive: MakeArchive, tmp_path: Path
) -> None:
    """One story updated through a morning: its hits are told apart by time and read mark."""
    story = '---\ntitle: "某行宣布降息"\ndate: 2022-03-01 {at} +08:00\n---\n<p>某行宣布降息。</p>\n'
    root = make_archive(
        {
            "_posts/2022-03-01-a.md": story.format(at="07:02:00"),
            "_posts/2022-03-01-b.md": story.format(at="07:11:00"),
        }
    )
    app = Host(load_archive(root), tmp_path / "cache", read=frozenset({"_posts/2022-03-01-a.md"}))
    async with app.run_test(size=(100, 30)):
        screen = await type_query(app, "降息")
        results = screen.query_one(OptionList)
        shown = sorted(str(results.get_option_at_index(n).prompt) for n in range(2))
        assert shown[0].startswith("  某行宣布降息\n2022-03-01 07:02")  # read
        assert shown[1].startswith("● 某行宣布降息\n2022-03-01 07:11")  # unread
