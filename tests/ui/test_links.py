"""Pilot tests: link marks, the browser and the clipboard."""

from __future__ import annotations

import webbrowser
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from newsreader.ui.screens.main import MainScreen
from tests.conftest import SAMPLE
from tests.ui.conftest import Reader, main_screen, open_seed, settle

Builder = Callable[[dict[str, str | bytes]], Path]
SEED_SOURCE = "http://finews.zning.xyz/html_News/NewsShare.html?infoCode="
LINKED_SOURCE = "http://news.example.org/2022/0115/story.html"
LINKED_POST = (
    "---\ntitle: 有链接的新闻\ndate: 2022-01-15 08:00:00 +0800\n---\n"
    '<p>详见<a href="http://example.org/first.html">第一份通知</a>'
    '和<a href="//example.org/second">第二份通知</a>。</p>\n'
    f"{LINKED_SOURCE}\n"
)
"""A post whose body links twice (once protocol-relative) and whose trailer names its source."""


async def open_linked(pilot: Pilot[Any]) -> MainScreen:
    """Settle the reader on the archive of :data:`LINKED_POST` with it open."""
    await settle(pilot)
    screen = main_screen(pilot.app)
    screen.open_post(screen.reading.posts[0])
    await settle(pilot)
    return screen


class Browser(webbrowser.BaseBrowser):
    """A graphical browser that only records what it was asked to open."""

    def __init__(self) -> None:
        super().__init__("firefox")
        self.opened: list[str] = []

    def open(self, url: str, new: int = 0, autoraise: bool = True) -> bool:
        self.opened.append(url)
        return True


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> Browser:
    fake = Browser()
    monkeypatch.setattr(webbrowser, "get", lambda using=None: fake)
    return fake


def copied(pilot: Pilot[Any]) -> str:
    return pilot.app.clipboard


def notices(pilot: Pilot[Any]) -> list[str]:
    return [str(n.message) for n in pilot.app._notifications]


async def test_w_opens_the_source_page(reader: Reader, browser: Browser) -> None:
    app = reader(SAMPLE)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_seed(pilot)
        await pilot.press("w")
        await settle(pilot)
    assert len(browser.opened) == 1 and browser.opened[0].startswith(SEED_SOURCE)


async def test_L_cycles_link_marks_and_enter_opens_the_selected_one(
    reader: Reader, browser: Browser, make_archive: Builder
) -> None:
    app = reader(make_archive({"_posts/2022-01-15-linked.md": LINKED_POST}))
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_linked(pilot)
        view = screen.article_view
        assert view.selected_link is None
        await pilot.press("L")
        first = view.selected_link
        assert first is not None and first.number == 1
        assert any(n.startswith("[1] http://example.org/first.html") for n in notices(pilot))
        await pilot.press("L")
        second = view.selected_link
        assert second is not None and second.number == 2
        await pilot.press("enter")
        await settle(pilot)
        # A protocol-relative link is read against the source page's scheme.
        assert browser.opened == ["http://example.org/second"]
        # The selected mark is drawn in its own style on screen.
        marks = view._marks or []
        mark = marks[view._mark_index]
        strip = view.line_strip(view._line_text(mark.y), view.size.width)
        selected = view.get_component_rich_style("article-view--link-selected")
        text = "".join(segment.text for segment in strip)
        styled = [
            seg.text
            for seg in strip
            if seg.style is not None and seg.style.bgcolor == selected.bgcolor
        ]
        assert "[2]" in text and "[2]" in "".join(styled)


async def test_Y_copies_the_selected_link_else_the_source(
    reader: Reader, browser: Browser, make_archive: Builder
) -> None:
    app = reader(make_archive({"_posts/2022-01-15-linked.md": LINKED_POST}))
    async with app.run_test(size=(120, 36)) as pilot:
        await open_linked(pilot)
        await pilot.press("Y")
        assert copied(pilot) == LINKED_SOURCE
        await pilot.press("L", "Y")
        assert copied(pilot) == "http://example.org/first.html"
    assert browser.opened == []


async def test_without_a_graphical_browser_the_link_is_copied(
    reader: Reader, monkeypatch: pytest.MonkeyPatch
) -> None:
    def missing(using: str | None = None) -> webbrowser.BaseBrowser:
        raise webbrowser.Error("could not locate runnable browser")

    monkeypatch.setattr(webbrowser, "get", missing)
    app = reader(SAMPLE)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_seed(pilot)
        await pilot.press("w")
        await settle(pilot)
        assert copied(pilot).startswith(SEED_SOURCE)
        assert any(n.startswith("No graphical browser; copied") for n in notices(pilot))


async def test_a_post_without_links_says_so(reader: Reader, browser: Browser) -> None:
    app = reader(SAMPLE)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, MainScreen)
        screen.open_post(screen.reading.by_path["_posts/2022-03-04-youhua-yingshang-huanjing.md"])
        await settle(pilot)
        await pilot.press("L")
        assert "This post has no links." in notices(pilot)
        await pilot.press("w")
        assert "This post names no source page." in notices(pilot)
    assert browser.opened == []


async def test_the_palette_opens_a_numbered_link(
    reader: Reader, browser: Browser, make_archive: Builder
) -> None:
    app = reader(make_archive({"_posts/2022-01-15-linked.md": LINKED_POST}))
    async with app.run_test(size=(120, 36)) as pilot:
        await open_linked(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Open link [2]")
        for _ in range(20):
            await pilot.pause(0.05)
        await pilot.press("enter")
        await settle(pilot)
    assert browser.opened == ["http://example.org/second"]
