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

    def __init__(self, archive: Archive, cache: Path) -> None:
        super().__init__()
        self.archive, self.cache = archive, cache
        self.results: list[SearchResult | None] = []

    def on_mount(self) -> None:
        self.push_screen(SearchScreen(self.archive, cache_dir=self.cache), self.results.append)


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
