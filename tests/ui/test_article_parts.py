"""Pilot tests: a big post on screen while the rest of its layout is still being made.

The layout worker is held after its first part (a gate the test opens), so
every key below is pressed on a partly laid-out post, deterministically; then
the test lets the other parts in and checks that what waited for them lands.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

import newsreader.ui.screens.main as main_module
import newsreader.ui.widgets.article_view as article_view
from newsreader.core.document.model import Document
from newsreader.core.model import Post
from newsreader.ui.model.layout import Layouter, LayoutPart, layout_article
from newsreader.ui.screens.main import MainScreen
from newsreader.ui.widgets.outline_pane import OutlinePane
from tests.ui.conftest import Reader, main_screen, settle

Builder = Callable[[dict[str, str | bytes]], Path]
SECTIONS = 60
"""Sections of the big post, each a heading and ten paragraphs (one with a link)."""


def _numeral(number: int) -> str:
    """A Chinese numeral below 100 (一, 十二, 六十): the outline's top level numbering."""
    digits = "一二三四五六七八九"
    tens, units = divmod(number, 10)
    head = (digits[tens - 1] if tens > 1 else "") + "十" if tens else ""
    return head + (digits[units - 1] if units else "")


def _big_post() -> str:
    """About 660 blocks: far more than the first part, several later parts."""
    sections = []
    for number in range(1, SECTIONS + 1):
        paragraphs = [f"<p>第{number}节第{i}段，推进科技创新和人才工作。</p>" for i in range(9)]
        link = f'<p>见<a href="https://example.com/{number}">链接{number}</a>。</p>'
        word = "<p>终章独有的词语在这里。</p>" if number == SECTIONS else ""
        heading = f"<p>{_numeral(number)}、第{number}部分要求</p>"
        sections.append(heading + "".join(paragraphs) + link + word)
    return "---\ntitle: 长文\ndate: 2022-01-01\n---\n" + "".join(sections)


class _Gate:
    """Holds every layout worker after its first part until :meth:`open` (or a timeout)."""

    def __init__(self) -> None:
        self.event = threading.Event()

    def open(self) -> None:
        self.event.set()


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> Iterator[_Gate]:
    """Small parts, and the worker held after the first one."""
    held = _Gate()

    class GatedLayouter(Layouter):
        def __init__(self, post: Post, document: Document, width: int) -> None:
            super().__init__(post, document, width)
            self.parts = 0

        def next_part(self, blocks: int, *, lines: int = 0) -> LayoutPart:
            if self.parts:
                held.event.wait(timeout=60)
            self.parts += 1
            return super().next_part(blocks, lines=lines)

    monkeypatch.setattr(article_view, "Layouter", GatedLayouter)
    monkeypatch.setattr(article_view, "PART_BLOCKS", 100)
    yield held
    held.open()  # never leave a worker waiting


async def _until(pilot: Pilot[Any], done: Callable[[], bool]) -> None:
    """Let the app run until ``done()`` (not settle(): the held worker never completes)."""
    for _ in range(2000):
        if done():
            return
        await pilot.pause(0.01)
    raise AssertionError("the reader never got there")


async def _open_partly(pilot: Pilot[Any], **where: Any) -> MainScreen:
    """Open the big post; return once its first part, and only that, is on screen."""
    await settle(pilot)
    screen = main_screen(pilot.app)
    screen.open_post(next(p for p in screen.reading.posts if p.title == "长文"), **where)
    view = screen.article_view
    await _until(pilot, lambda: view.post is not None and view.post.title == "长文")
    await _until(pilot, lambda: len(view.layout_.lines) > 0 and view._target is None)
    assert not view.layout_.complete, "the rest of the layout is held back"
    return screen


async def _complete(pilot: Pilot[Any], gate: _Gate, screen: MainScreen) -> None:
    gate.open()
    await _until(pilot, lambda: screen.article_view.layout_.complete)
    await settle(pilot)


@pytest.fixture
def big(make_archive: Builder) -> Path:
    return make_archive(
        {
            "_posts/2022-01-01-big.md": _big_post(),
            "_posts/2022-01-02-small.md": "---\ntitle: 短文\n---\n<p>短</p>\n",
        }
    )


async def test_end_waits_for_the_last_part(reader: Reader, big: Path, gate: _Gate) -> None:
    app = reader(big)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open_partly(pilot)
        view = screen.article_view
        view.focus()
        await pilot.press("G")
        await pilot.wait_for_scheduled_animations()
        shown_then = len(view.layout_.lines)
        assert view.scroll_y < shown_then, "not at the end of a post not yet laid out"
        await _complete(pilot, gate, screen)
        await pilot.wait_for_scheduled_animations()
        assert len(view.layout_.lines) > shown_then
        assert view.scroll_y == view.max_scroll_y > 0
        assert view.layout_.lines[-1].text.startswith("[")  # the link list ends the post


async def test_a_later_heading_is_reached_when_its_part_comes(
    reader: Reader, big: Path, gate: _Gate
) -> None:
    app = reader(big)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open_partly(pilot)
        view = screen.article_view
        last_heading = screen.reading.document.outline[-1] if screen.reading.document else None
        assert last_heading is not None
        assert last_heading.block >= len(view.layout_.block_y), "not laid out yet"
        pane = screen.outline_pane
        pane.post_message(OutlinePane.HeadingSelected(pane, last_heading))  # Enter on it
        await pilot.pause()
        assert view.top_block < last_heading.block
        await _complete(pilot, gate, screen)
        assert view.top_block == last_heading.block
        assert screen.outline_pane.cursor_node is not None
        assert screen.outline_pane.cursor_node.data is last_heading, "the outline follows"


async def test_find_goes_on_finding_in_each_new_part(
    reader: Reader, big: Path, gate: _Gate
) -> None:
    app = reader(big)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open_partly(pilot)
        view = screen.article_view
        assert view.find("终章独有") == 0, "the last section is not laid out yet"
        assert view.border_subtitle == "0/0+"
        early = view.find("第1节第3段")
        assert early == 1 and view.match_index == 0
        view.find("终章独有")
        await _complete(pilot, gate, screen)
        assert len(view.matches) == 1 and view.match_index == 0
        assert view.border_subtitle == "1/1"
        (y, start, end), *_ = view.matches[0]
        assert view.layout_.lines[y].text[start:end] == "终章独有"
        assert view.scroll_y <= y < view.scroll_y + view.scrollable_content_region.height


async def test_links_are_chosen_in_the_part_on_screen_then_in_later_ones(
    reader: Reader, big: Path, gate: _Gate
) -> None:
    app = reader(big)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open_partly(pilot)
        view = screen.article_view
        first = view.next_link()
        assert first is not None and first.url == "https://example.com/1"
        await _complete(pilot, gate, screen)
        second = view.next_link()
        assert second is not None and second.url == "https://example.com/2"
        last = view.next_link(-2)
        assert last is not None and last.url == f"https://example.com/{SECTIONS}"


async def test_a_saved_position_far_down_is_shown_with_the_first_part(
    reader: Reader, big: Path, gate: _Gate
) -> None:
    app = reader(big)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open_partly(pilot, scroll_y=500.0)
        view = screen.article_view
        assert view.scroll_y == 500, "the first part reaches the saved position"
        assert 500 + view.scrollable_content_region.height <= len(view.layout_.lines)
        top = view.top_block
        view.scroll_to(y=520, animate=False, immediate=True)
        await pilot.pause()
        assert view.top_block > top, "the reader moves on inside the first part"
        await _complete(pilot, gate, screen)
        assert view.scroll_y == 520, "later parts do not move the reader"


async def test_the_end_is_reported_only_once_it_is_laid_out(
    reader: Reader, big: Path, gate: _Gate
) -> None:
    seen: list[object] = []

    def big_ends() -> list[object]:
        ended = [m for m in seen if isinstance(m, article_view.ArticleView.ReachedEnd)]
        return [m for m in ended if m.post.title == "长文"]

    app = reader(big)
    async with app.run_test(size=(120, 40), message_hook=seen.append) as pilot:
        screen = await _open_partly(pilot)
        view = screen.article_view
        view.scroll_to(y=view.max_scroll_y, animate=False, immediate=True)
        await pilot.pause()
        assert not big_ends()
        laid_out = [m for m in seen if isinstance(m, article_view.ArticleView.LaidOut)]
        assert [m.complete for m in laid_out][-1:] == [False]
        await _complete(pilot, gate, screen)
        laid_out = [m for m in seen if isinstance(m, article_view.ArticleView.LaidOut)]
        assert laid_out[-1].complete
        view.scroll_to(y=view.max_scroll_y, animate=False, immediate=True)
        await pilot.pause()
        assert big_ends()


async def test_copy_lays_the_rest_out_off_the_event_loop(
    reader: Reader, big: Path, gate: _Gate, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``y`` on a partly laid-out post copies all of it, laid out in a worker thread."""
    threads: list[bool] = []

    def recording(post: Post, document: Document, width: int) -> Any:
        threads.append(threading.current_thread() is threading.main_thread())
        return layout_article(post, document, width)

    monkeypatch.setattr(main_module, "layout_article", recording)
    monkeypatch.setattr(article_view, "layout_article", recording)
    async with reader(big).run_test(size=(120, 40)) as pilot:
        screen = await _open_partly(pilot)
        threads.clear()  # the open itself may lay a post out in its own worker
        await pilot.press("y")
        await _until(pilot, lambda: "终章独有的词语" in (pilot.app.clipboard or ""))
        assert threads == [False], "laid out once, not on the event loop"
        assert not screen.article_view.layout_.complete  # the view's own parts still wait
        await _complete(pilot, gate, screen)
