"""Snapshot tests: what the reader looks like, at 80x24, 120x36 and 200x50.

On the sample archive and on one day of flash news with long Chinese titles
(``flash_archive``): the list at each width, an article opened from it, the
filter, the unread-only view and the help.

Deterministic by construction: state and exports in ``tmp_path``, no clock in
the UI, cursor blink off, start-up toasts cleared before the shot.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from tests.conftest import SAMPLE
from tests.ui.conftest import SEED_PATH, Reader, main_screen, settle

SnapCompare = Callable[..., bool]
SIZES = [
    pytest.param((80, 24), id="80x24"),
    pytest.param((120, 36), id="120x36"),
    pytest.param((200, 50), id="200x50"),
]
FLASH = Path(__file__).parent / "flash_archive"


def _prepare(*keys: str, seed: bool = False) -> Callable[[Pilot[Any]], Awaitable[None]]:
    """Wait for loading, optionally open the seed post, then press ``keys``."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        app = pilot.app
        app.clear_notifications()
        for box in app.query(Input):
            box.cursor_blink = False
        if seed:
            screen = main_screen(app)
            screen.open_post(screen.reading.by_path[SEED_PATH])
            await settle(pilot)
            screen.reading_alone = screen.has_class("-single")  # as Enter in the list does
            screen.article_view.focus()
            await settle(pilot)
        await pilot.press(*keys)
        await settle(pilot)
        app.clear_notifications()
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", SIZES)
class TestReader:
    """The reader screen in its main states."""

    def test_start_screen(
        self, snap_compare: SnapCompare, reader: Reader, size: tuple[int, int]
    ) -> None:
        assert snap_compare(reader(SAMPLE), terminal_size=size, run_before=_prepare())

    def test_seed_post_with_outline(
        self, snap_compare: SnapCompare, reader: Reader, size: tuple[int, int]
    ) -> None:
        keys = ("right_square_bracket", "right_square_bracket")
        assert snap_compare(
            reader(SAMPLE), terminal_size=size, run_before=_prepare(*keys, seed=True)
        )

    def test_find_in_article(
        self, snap_compare: SnapCompare, reader: Reader, size: tuple[int, int]
    ) -> None:
        keys = ("slash", *"科普", "enter", "n")
        assert snap_compare(
            reader(SAMPLE), terminal_size=size, run_before=_prepare(*keys, seed=True)
        )

    def test_focus_mode(
        self, snap_compare: SnapCompare, reader: Reader, size: tuple[int, int]
    ) -> None:
        assert snap_compare(reader(SAMPLE), terminal_size=size, run_before=_prepare("f", seed=True))


@pytest.mark.parametrize("size", SIZES)
class TestFlashNews:
    """One day of flash news: the list is the titles, grouped by day."""

    def test_list(self, snap_compare: SnapCompare, reader: Reader, size: tuple[int, int]) -> None:
        assert snap_compare(reader(FLASH), terminal_size=size, run_before=_prepare())

    def test_article_opened_from_the_list(
        self, snap_compare: SnapCompare, reader: Reader, size: tuple[int, int]
    ) -> None:
        keys = ("j", "j", "enter", "u")
        assert snap_compare(reader(FLASH), terminal_size=size, run_before=_prepare(*keys))

    def test_filter(self, snap_compare: SnapCompare, reader: Reader, size: tuple[int, int]) -> None:
        keys = ("slash", *"cat:财联社电报 is:unread", "down")
        assert snap_compare(reader(FLASH), terminal_size=size, run_before=_prepare(*keys))

    def test_unread_only_sorted_by_title(
        self, snap_compare: SnapCompare, reader: Reader, size: tuple[int, int]
    ) -> None:
        keys = ("u", "u", "escape", "v", "t")  # one pane at a time, u shows the post
        assert snap_compare(reader(FLASH), terminal_size=size, run_before=_prepare(*keys))


@pytest.mark.parametrize("size", SIZES)
class TestModals:
    """Help and Problems screens."""

    def test_help_screen(
        self, snap_compare: SnapCompare, reader: Reader, size: tuple[int, int]
    ) -> None:
        assert snap_compare(
            reader(SAMPLE), terminal_size=size, run_before=_prepare("question_mark")
        )

    def test_problems_screen(
        self,
        snap_compare: SnapCompare,
        reader: Reader,
        make_archive: Callable[[dict[str, str | bytes]], Path],
        size: tuple[int, int],
    ) -> None:
        root = make_archive(
            {
                "_posts/2022-01-01-ok.md": "---\ntitle: 好\n---\n<p>一、总则</p>\n<p>正文</p>\n",
                "_posts/2022-01-02-bad.md": "---\ntitle: [unclosed\n---\n<p>正文</p>\n",
                "_posts/not-a-post.md": "---\ntitle: x\n---\n",
            }
        )
        assert snap_compare(
            reader(root), terminal_size=size, run_before=_prepare("exclamation_mark")
        )
