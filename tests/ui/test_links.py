"""Pilot tests: link marks, the browser and the clipboard."""

from __future__ import annotations

import webbrowser
from typing import Any

import pytest
from textual.pilot import Pilot

from newsreader.ui.screens.main import MainScreen
from tests.conftest import SAMPLE
from tests.ui.conftest import Reader, open_seed, settle

SEED_SOURCE = "http://finews.zning.xyz/html_News/NewsShare.html?infoCode="


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


async def test_u_opens_the_source_page(reader: Reader, browser: Browser) -> None:
    app = reader(SAMPLE)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_seed(pilot)
        await pilot.press("w")
        await settle(pilot)
    assert len(browser.opened) == 1 and browser.opened[0].startswith(SEED_SOURCE)


async def test_L_cycles_link_marks_and_enter_opens_the_selected_one(
    reader: Reader, browser: Browser
) -> None:
    app = reader(SAMPLE)
    async with app.run_test(size=(120, 36)) as pilot:
        screen: MainScreen = await open_seed(pilot)
        view = screen.article_view
        assert view.selected_link is None
        await pilot.press("L")
        first = view.selected_link
        assert first is not None and first.number == 1
        assert any(n.startswith("[1] http://finews.withounder.com/") for n in notices(pilot))
        await pilot.press("L")
        second = view.selected_link
        assert second is not None and second.number == 2
        await pilot.press("enter")
        await settle(pilot)
        # A protocol-relative link is read against the source page's scheme.
        assert browser.opened == ["http://finews.withounder.com/"]
        # The selected mark is drawn in its own style on screen.
        marks = view._marks or []
        mark = marks[view._mark_index]
        strip = view._render_strip(mark.y)
        selected = view.get_component_rich_style("article-view--link-selected")
        text = "".join(segment.text for segment in strip)
        styled = [
            seg.text
            for seg in strip
            if seg.style is not None and seg.style.bgcolor == selected.bgcolor
        ]
        assert "[2]" in text and "[2]" in "".join(styled)


async def test_U_copies_the_selected_link_else_the_source(reader: Reader, browser: Browser) -> None:
    app = reader(SAMPLE)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_seed(pilot)
        await pilot.press("Y")
        assert copied(pilot).startswith(SEED_SOURCE)
        await pilot.press("L", "Y")
        assert copied(pilot) == "http://finews.withounder.com/category/changzhouribao.html"
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


async def test_the_palette_opens_a_numbered_link(reader: Reader, browser: Browser) -> None:
    app = reader(SAMPLE)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_seed(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Open link [2]")
        for _ in range(20):
            await pilot.pause(0.05)
        await pilot.press("enter")
        await settle(pilot)
    assert browser.opened == ["http://finews.withounder.com/"]
