"""The daily reader on one day of flash news: list, panes, unread workflow, filter, restore."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

import newsreader.ui.screens.main as main_module
from newsreader.core.document.model import Document
from newsreader.core.document.open import open_document
from newsreader.core.model import Archive, Post, Problem
from newsreader.ui.model.catalog import ALL, Group
from newsreader.ui.screens.help import HelpScreen
from newsreader.ui.screens.list_actions import CURSOR_GRACE
from newsreader.ui.screens.main import MainScreen
from newsreader.ui.widgets.article_list import fit
from tests.conftest import SAMPLE
from tests.ui.conftest import SEED_PATH, Reader, main_screen, screen_text, settle

FLASH = Path(__file__).parent / "flash_archive"
"""Forty posts of 2022-01-11 with long Chinese titles, in two categories (see its README)."""
EMNEWS = Group("category", ("emnews",))


async def _start(pilot: Pilot[Any]) -> MainScreen:
    await settle(pilot)
    pilot.app.clear_notifications()
    return main_screen(pilot.app)


def _list_lines(app: Any) -> list[str]:
    return screen_text(app).splitlines()


def test_fit_cuts_at_a_character_with_an_ellipsis() -> None:
    assert fit("美国会众议院通过", 9).plain == "美国会众…"
    assert fit("美国会众议院通过", 10).plain == "美国会众… "
    assert fit("abc", 5).plain == "abc  "
    assert fit("美国", 4).plain == "美国"
    assert fit("美国", 0).plain == ""


async def test_titles_are_the_list_at_120_columns(reader: Reader) -> None:
    async with reader(FLASH).run_test(size=(120, 36)) as pilot:
        screen = await _start(pilot)
        text = screen_text(pilot.app)
        newest = screen.article_list.posts[:2]
        assert all(post.title in text for post in newest)  # whole, both 美国会众议院…
        assert "2022-01-11 周二" in text  # one day header ...
        assert text.count("2022-01-11 周二") == 1  # ... not a date on every row
        assert "●" in text  # unread marks


async def test_titles_keep_twelve_characters_at_80_columns(reader: Reader) -> None:
    async with reader(FLASH).run_test(size=(80, 24)) as pilot:
        screen = await _start(pilot)
        text = screen_text(pilot.app)
        shown = [post for post in screen.article_list.posts if post.title[:12] in text]
        assert len(shown) >= 15
        assert screen.has_class("-single")  # one pane at a time


async def test_narrow_terminal_opens_the_article_full_width_and_comes_back(
    reader: Reader,
) -> None:
    async with reader(FLASH).run_test(size=(80, 24)) as pilot:
        screen = await _start(pilot)
        for back in ("escape", "h", "backspace"):
            await pilot.press("j", "enter")
            await settle(pilot)
            assert screen.reading_alone and screen.focused is screen.article_view
            assert not screen.query_one("#list-column").display
            assert screen.article_view.size.width >= 76
            await pilot.press(back)
            await pilot.pause()
            assert not screen.reading_alone
            assert screen.focused is screen.article_list


async def test_next_unread_at_a_narrow_terminal_shows_the_post_it_marks_read(
    reader: Reader,
) -> None:
    """One pane at a time, ``u`` from the list opens the post full width: never read unseen."""
    async with reader(FLASH).run_test(size=(80, 24)) as pilot:
        screen = await _start(pilot)
        assert not screen.reading_alone
        await pilot.press("u")
        await settle(pilot)
        current = screen.reading.current
        assert current is not None and current.path in screen.reading.read
        assert screen.reading_alone and screen.focused is screen.article_view
        assert not screen.query_one("#list-column").display
        assert current.title[:10] in screen_text(pilot.app)
        await pilot.press("h")
        await pilot.pause()
        assert not screen.reading_alone and screen.focused is screen.article_list


async def test_outline_pane_hides_for_a_post_without_headings(
    reader: Reader, make_archive: Callable[[dict[str, str | bytes]], Path]
) -> None:
    root = make_archive(
        {
            "_posts/2022-01-02-flat.md": "---\ntitle: 快讯\n---\n<p>没有标题的正文。</p>\n",
            "_posts/2022-01-01-plan.md": (
                "---\ntitle: 规划\n---\n<p>一、总则</p>\n<p>正文</p>\n"
                "<p>二、目标</p>\n<p>正文</p>\n"
            ),
        }
    )
    async with reader(root).run_test(size=(160, 48)) as pilot:
        screen = await _start(pilot)
        outline = screen.query_one("#outline")
        flat, plan = screen.reading.posts
        screen.open_post(plan)
        await settle(pilot)
        assert outline.display
        screen.open_post(flat)
        await settle(pilot)
        assert not outline.display
        wide, listed = screen.article_view.size.width, screen.article_list.size.width
        screen.open_post(plan)
        await settle(pilot)
        # The outline's room comes off the list: the article keeps its reading width.
        assert outline.display and screen.article_list.size.width < listed
        assert screen.article_view.size.width >= wide


async def test_article_text_is_capped_and_centred(reader: Reader) -> None:
    async with reader(FLASH).run_test(size=(200, 50)) as pilot:
        screen = await _start(pilot)
        await pilot.press("less_than_sign", "less_than_sign", "less_than_sign")
        await settle(pilot)
        view = screen.article_view
        assert view.layout_.width == 80
        assert view.margin > 0
    async with reader(FLASH, text_width=0).run_test(size=(200, 50)) as pilot:
        screen = await _start(pilot)
        await pilot.press("less_than_sign", "less_than_sign", "less_than_sign")
        await settle(pilot)
        assert screen.article_view.layout_.width > 80


async def test_list_width_follows_keys_and_is_remembered(reader: Reader) -> None:
    async with reader(FLASH).run_test(size=(160, 40)) as pilot:
        screen = await _start(pilot)
        before = screen.query_one("#list-column").size.width
        await pilot.press("greater_than_sign", "greater_than_sign")
        await pilot.pause()
        assert screen.query_one("#list-column").size.width > before
        share = screen.list_share
        await pilot.press("q")
    async with reader(FLASH).run_test(size=(160, 40)) as pilot:
        screen = await _start(pilot)
        assert screen.list_share == share


async def test_next_unread_marks_and_counts(reader: Reader) -> None:
    async with reader(FLASH).run_test(size=(160, 40)) as pilot:
        screen = await _start(pilot)
        reading = screen.reading
        total = len(reading.posts)
        assert reading.unread[ALL] == total  # the post reopened at start is not read
        await pilot.press("u")
        await settle(pilot)
        first = reading.current
        assert first is not None and first.path in reading.read
        assert reading.unread[ALL] == total - 1
        await pilot.press("u")
        await settle(pilot)
        assert reading.current is not first and reading.unread[ALL] == total - 2
        await pilot.press("U")
        await settle(pilot)
        assert reading.unread[ALL] == total - 2  # nothing unread before: stays
        await pilot.press("r")
        assert reading.current is not None and reading.current.path not in reading.read
        tree_text = screen_text(pilot.app)
        assert f"All posts {total - 1}/{total}" in tree_text


async def test_next_unread_moves_the_cursor_with_the_post_or_after_a_moment(
    reader: Reader, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cursor moves as the post arrives; a post slow to read gets it after the grace."""
    async with reader(FLASH).run_test(size=(160, 40)) as pilot:
        screen = await _start(pilot)
        articles = screen.article_list
        await pilot.press("u")
        await settle(pilot)
        assert articles.current is screen.reading.current  # arrived: the cursor is on it
        released = threading.Event()

        def slow_open(archive: Archive, post: Post) -> tuple[Document, list[Problem]]:
            released.wait(timeout=60)
            return open_document(archive, post)

        monkeypatch.setattr(main_module, "open_document", slow_open)
        before = articles.cursor
        await pilot.press("u")
        opening = screen.reading.opening
        assert opening is not None and opening.post is not screen.reading.current
        await pilot.pause(CURSOR_GRACE * 3)  # not arrived yet: the grace moves the cursor
        assert articles.cursor != before and articles.current is opening.post
        released.set()
        await settle(pilot)
        assert screen.reading.current is opening.post is articles.current


async def test_next_unread_goes_on_into_the_next_category(reader: Reader) -> None:
    async with reader(FLASH).run_test(size=(160, 40)) as pilot:
        screen = await _start(pilot)
        reading = screen.reading
        screen.on_category_tree_selected(
            screen.category_tree.Selected(screen.category_tree, EMNEWS)
        )
        await pilot.press("A")
        assert reading.unread[EMNEWS] == 0
        await pilot.press("u")
        await settle(pilot)
        assert reading.group == Group("category", ("cls",))
        assert reading.current is not None and "cls" in reading.current.categories


async def test_mark_all_read_and_undo(reader: Reader) -> None:
    async with reader(FLASH).run_test(size=(160, 40)) as pilot:
        screen = await _start(pilot)
        reading = screen.reading
        await pilot.press("A")
        assert reading.unread[ALL] == 0
        assert "0/40 unread" in str(screen.query_one("#list-column").border_title)
        await pilot.press("z")
        assert reading.unread[ALL] == 40
        assert reading.state.read_paths() == set()
        await pilot.press("z")  # once more: nothing left to take back, and it says so
        await settle(pilot)
        toasts = [str(toast.message) for toast in pilot.app._notifications]
        assert toasts[-1].startswith("Nothing to undo"), toasts


async def test_unread_only_view(reader: Reader) -> None:
    async with reader(FLASH).run_test(size=(160, 40)) as pilot:
        screen = await _start(pilot)
        await pilot.press("u")
        await settle(pilot)
        await pilot.press("v")
        listed = screen.article_list.posts
        assert len(listed) == 39 and all(p.path not in screen.reading.read for p in listed)
        assert "unread only" in str(screen.query_one("#list-column").border_title)
        await pilot.press("v")
        assert len(screen.article_list.posts) == 40


async def test_read_at_end_waits_for_the_last_line(reader: Reader) -> None:
    async with reader(SAMPLE, read_on="end").run_test(size=(120, 30)) as pilot:
        screen = await _start(pilot)
        seed = screen.reading.by_path[SEED_PATH]
        screen.open_post(seed)
        await settle(pilot)
        assert seed.path not in screen.reading.read
        screen.article_view.focus()
        await pilot.press("G")
        await pilot.wait_for_scheduled_animations()  # `G` scrolls smoothly: wait for it to land
        await settle(pilot)
        assert seed.path in screen.reading.read


async def test_bookmarks_show_in_the_list_and_the_article(reader: Reader) -> None:
    async with reader(FLASH).run_test(size=(160, 40)) as pilot:
        screen = await _start(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("b")
        await pilot.pause()
        assert "★" in screen_text(pilot.app)
        assert "bookmarked" in str(screen.article_view.border_title)


async def test_filter_language_counts_and_says_when_nothing_matches(reader: Reader) -> None:
    async with reader(FLASH).run_test(size=(160, 40)) as pilot:
        screen = await _start(pilot)
        await pilot.press("slash")  # from the list: the filter, not find
        assert isinstance(screen.focused, Input) and screen.focused.id == "filter"
        await pilot.press(*"cat:财联社电报 is:unread")
        await pilot.pause()
        listed = screen.article_list.posts
        assert len(listed) == 8 and all("cls" in p.categories for p in listed)
        assert "8/8 unread" in str(screen.query_one("#list-column").border_title)
        await pilot.press(*" 没有这种词")
        await pilot.pause(0.6)
        await settle(pilot)
        assert screen.article_list.posts == []
        assert "Nothing matches" in screen_text(pilot.app)
        await pilot.press("escape")
        await pilot.pause()
        after_escape: object = screen.focused
        assert after_escape is screen.article_list
        assert len(screen.article_list.posts) == 40


async def test_filter_finds_words_in_bodies_through_the_index(reader: Reader) -> None:
    async with reader(FLASH).run_test(size=(160, 40)) as pilot:
        screen = await _start(pilot)
        await pilot.press("F", *"分析人士认为")
        await pilot.pause(0.6)
        await settle(pilot)
        listed = screen.article_list.posts
        assert listed and all("分析人士认为" not in p.title for p in listed)
        await pilot.press("down")
        focused: object = screen.focused
        assert focused is screen.article_list


async def test_command_keys_typed_in_the_filter_are_text(reader: Reader) -> None:
    async with reader(FLASH).run_test(size=(160, 40)) as pilot:
        screen = await _start(pilot)
        await pilot.press("F", *"qAvtuz?")
        await pilot.pause()
        assert screen.filter_box.value == "qAvtuz?"
        assert pilot.app.is_running and screen.reading.unread[ALL] == 40
        assert not screen.reading.unread_only and screen.reading.sort == "date"


async def test_sort_is_named_in_the_header(reader: Reader) -> None:
    async with reader(FLASH).run_test(size=(160, 40)) as pilot:
        screen = await _start(pilot)
        header = screen.query_one("#list-column")
        assert "newest" in str(header.border_title)
        await pilot.press("t")
        assert "title (pinyin)" in str(header.border_title)
        assert screen.article_list.posts[0].title.startswith("A股")
        await pilot.press("t")
        assert "category" in str(header.border_title)


async def test_view_is_restored_on_reopen(reader: Reader) -> None:
    async with reader(FLASH).run_test(size=(160, 40)) as pilot:
        screen = await _start(pilot)
        screen.on_category_tree_selected(
            screen.category_tree.Selected(screen.category_tree, EMNEWS)
        )
        await pilot.press("F", *"美国", "enter", "t", "j")
        await pilot.pause()
        selected = screen.article_list.current
        await pilot.press("q")
    async with reader(FLASH).run_test(size=(160, 40)) as pilot:
        screen = await _start(pilot)
        reading = screen.reading
        assert reading.group == EMNEWS and reading.sort == "title"
        assert screen.filter_box.value == "美国" and reading.filter_text == "美国"
        assert screen.article_list.current == selected


async def test_outline_expansion_is_restored(reader: Reader) -> None:
    from newsreader.ui.screens.outline_state import expanded_blocks

    async with reader(SAMPLE).run_test(size=(160, 48)) as pilot:
        screen = await _start(pilot)
        screen.open_post(screen.reading.by_path[SEED_PATH])
        await settle(pilot)
        screen.outline_pane.action_expand_all()
        await pilot.pause()
        opened = expanded_blocks(screen.outline_pane)
        assert opened
        await pilot.press("q")
    async with reader(SAMPLE).run_test(size=(160, 48)) as pilot:
        screen = await _start(pilot)
        assert set(opened) <= set(expanded_blocks(screen.outline_pane))


async def test_help_lists_every_key_and_scrolls(reader: Reader) -> None:
    async with reader(FLASH).run_test(size=(80, 24)) as pilot:
        await _start(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        help_screen = pilot.app.screen
        assert isinstance(help_screen, HelpScreen)
        text = "\n".join(str(row) for _, bindings in help_screen.sections for row in bindings)
        for key in ("tab", "shift+tab", "ctrl+p", "escape,q,question_mark", "u", "A", "z", "v"):
            assert f"key='{key}'" in text, key
        dialog = help_screen.query_one("#help-dialog")
        await pilot.press("j", "j", "pagedown")
        await pilot.pause()
        assert dialog.scroll_y > 0
        # Every key the help screen binds, each pressed where the widget does not take it first.
        for key in ("G", "g", "space", "end", "pageup", "home", "k", "down"):
            before = dialog.scroll_y
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(pilot.app.screen, HelpScreen), key
            assert key in ("home", "g", "k", "pageup") or dialog.scroll_y >= before, key
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, MainScreen)
