"""The list repaints only the rows a key changes, and those rows do show the change.

The list, its header and the tree are repainted row by row after a mark or a
cursor move (a whole list's repaint was most of a key's time at 10^5 posts).
These tests read what the compositor would send to the terminal, so a row
left out of the repaint shows up as a stale row here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.style import Style
from textual.strip import Strip

from newsreader.ui.screens.main import MainScreen
from tests.ui.conftest import Reader, main_screen, screen_text, settle

FLASH = Path(__file__).parent / "flash_archive"


async def _start(pilot: Any) -> MainScreen:
    await settle(pilot)
    pilot.app.clear_notifications()
    return main_screen(pilot.app)


def _list_strips(app: Any) -> list[Strip]:
    """The list pane's rows, as the compositor would send them to the terminal."""
    region = main_screen(app).article_list.region
    strips = app.screen._compositor.render_strips()
    return [strip.crop(region.x, region.right) for strip in strips[region.y : region.bottom]]


def _row_style(app: Any, title_start: str) -> Style:
    """The style of the list's segment that starts drawing the title ``title_start``."""
    for strip in _list_strips(app):
        for segment in strip:
            if segment.text.startswith(title_start):
                return segment.style or Style()
    raise AssertionError(f"{title_start!r} is not in the list")


def _list_line(app: Any, title_start: str) -> str:
    """The list's row holding ``title_start``, as the screen shows it."""
    line = next((strip.text for strip in _list_strips(app) if title_start in strip.text), None)
    assert line is not None, f"{title_start!r} is not in the list"
    return line


async def test_marking_read_repaints_the_row_the_day_header_and_the_list_title(
    reader: Reader,
) -> None:
    async with reader(FLASH).run_test(size=(160, 40)) as pilot:
        screen = await _start(pilot)
        post = screen.article_list.posts[3]
        screen.open_post(post)
        await settle(pilot)
        title = post.title[:8]
        assert "●" not in _list_line(pilot.app, title)  # opening it marked it read
        assert "39/40 unread · newest" in screen_text(pilot.app)
        await pilot.press("r")
        await pilot.pause()
        assert "40/40 unread · newest" in screen_text(pilot.app)  # the column's border title
        assert "40/40 unread" in _list_line(pilot.app, "2022-01-11 周二")  # the day header
        assert "●" in _list_line(pilot.app, title)  # the row's mark
        await pilot.press("r")
        await pilot.pause()
        assert "39/40 unread · newest" in screen_text(pilot.app)
        assert "39/40 unread" in _list_line(pilot.app, "2022-01-11 周二")
        assert "●" not in _list_line(pilot.app, title)


async def test_a_cursor_move_repaints_the_row_left_and_the_row_reached(reader: Reader) -> None:
    async with reader(FLASH).run_test(size=(160, 40)) as pilot:
        screen = await _start(pilot)
        articles = screen.article_list
        first, second = (post.title[:8] for post in articles.posts[:2])
        assert articles.cursor == 0
        highlighted, plain = (
            _row_style(pilot.app, first).bgcolor,
            _row_style(pilot.app, second).bgcolor,
        )
        assert highlighted != plain
        await pilot.press("j")
        await pilot.pause()
        assert _row_style(pilot.app, second).bgcolor == highlighted
        assert _row_style(pilot.app, first).bgcolor == plain


async def test_a_bookmark_repaints_its_row(reader: Reader) -> None:
    async with reader(FLASH).run_test(size=(160, 40)) as pilot:
        screen = await _start(pilot)
        post = screen.article_list.posts[2]
        screen.open_post(post)
        await settle(pilot)
        assert "★" not in _list_line(pilot.app, post.title[:8])
        await pilot.press("b")
        await pilot.pause()
        assert "★" in _list_line(pilot.app, post.title[:8])


async def test_the_cursor_row_follows_focus_and_theme_though_component_styles_are_kept(
    reader: Reader,
) -> None:
    """Kept component styles (``SteadyBaseStyle``) are dropped when Textual restyles the list."""
    async with reader(FLASH).run_test(size=(160, 40)) as pilot:
        screen = await _start(pilot)
        articles = screen.article_list
        first = articles.posts[0].title[:8]
        articles.focus()
        await pilot.pause()
        focused = _row_style(pilot.app, first).bgcolor
        screen.article_view.focus()
        await pilot.pause()
        unfocused = _row_style(pilot.app, first).bgcolor
        assert unfocused != focused
        articles.focus()
        await pilot.pause()
        assert _row_style(pilot.app, first).bgcolor == focused
        pilot.app.theme = "textual-light" if pilot.app.theme != "textual-light" else "nord"
        await pilot.pause()
        assert _row_style(pilot.app, first).bgcolor not in (focused, unfocused)
