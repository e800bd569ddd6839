"""Pilot tests: every reader key does what the help screen says."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsreader.core.outline.build import iter_nodes
from newsreader.ui.model.listing import pinyin_key
from newsreader.ui.screens.help import HelpScreen
from newsreader.ui.screens.main import MainScreen
from newsreader.ui.screens.problems import ProblemsScreen
from tests.conftest import SAMPLE
from tests.ui.conftest import SEED_PATH, Reader, open_seed, screen_text, settle


@pytest.mark.parametrize(
    ("key", "css_class", "starts_on"),
    [("o", "-hide-outline", False), ("c", "-hide-categories", False), ("f", "-focus", False)],
)
async def test_pane_toggles(reader: Reader, key: str, css_class: str, starts_on: bool) -> None:
    app = reader(SAMPLE)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await open_seed(pilot)
        assert screen.has_class(css_class) is starts_on
        await pilot.press(key)
        assert screen.has_class(css_class) is not starts_on
        await pilot.press(key)
        assert screen.has_class(css_class) is starts_on


async def test_find_highlights_and_steps_through_matches(reader: Reader) -> None:
    app = reader(SAMPLE)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_seed(pilot)
        view = screen.article_view
        await pilot.press("slash", *"科普", "enter")
        assert len(view.matches) >= 3
        first = view.match_index
        await pilot.press("n")
        assert view.match_index == (first + 1) % len(view.matches)
        await pilot.press("N", "N")
        assert view.match_index == (first - 1) % len(view.matches)
        assert view.border_subtitle == f"{view.match_index + 1}/{len(view.matches)}"
        await pilot.press("slash", "escape")
        assert view.matches == [] and screen.focused is view


async def test_sections_step_through_headings(reader: Reader) -> None:
    app = reader(SAMPLE)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_seed(pilot)
        blocks = sorted(n.block for n in iter_nodes(screen.reading.document.outline))  # type: ignore[union-attr]
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert screen.article_view.top_block == blocks[0]
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert screen.article_view.top_block == blocks[1]
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert screen.article_view.top_block == blocks[0]


async def test_next_previous_article_and_back_forward(reader: Reader) -> None:
    app = reader(SAMPLE)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_seed(pilot)
        posts = screen.article_list.posts
        index = posts.index(screen.reading.current)
        await pilot.press("K")
        await settle(pilot)
        assert screen.reading.current == posts[index - 1]
        await pilot.press("J", "J")
        await settle(pilot)
        assert screen.reading.current == posts[index + 1]
        await pilot.press("h")
        await settle(pilot)
        assert screen.reading.current == posts[index]
        await pilot.press("l")
        await settle(pilot)
        assert screen.reading.current == posts[index + 1]


async def test_back_and_forward_from_the_list(reader: Reader) -> None:
    """In the list too, l is forward (it opened the post under the cursor, the one just left)."""
    app = reader(SAMPLE)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_seed(pilot)
        screen.article_list.focus()
        await settle(pilot)
        first = screen.reading.current
        await pilot.press("j", "j", "enter")
        await settle(pilot)
        second = screen.reading.current
        assert second != first
        screen.article_list.focus()
        await pilot.press("h")
        await settle(pilot)
        assert screen.reading.current == first
        await pilot.press("l")
        await settle(pilot)
        assert screen.reading.current == second


async def test_back_returns_to_where_the_post_was_left(reader: Reader) -> None:
    """h back from the next post, or from a search hit, lands at the section being read."""
    app = reader(SAMPLE)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_seed(pilot)
        view = screen.article_view
        seed = screen.reading.current
        await pilot.press("right_square_bracket", "right_square_bracket")
        await settle(pilot)
        place = view.top_block
        assert place > 0
        await pilot.press("J")
        await settle(pilot)
        assert screen.reading.current != seed
        await pilot.press("h")
        await settle(pilot)
        assert screen.reading.current == seed and view.top_block == place


async def test_read_and_bookmark_toggles(reader: Reader) -> None:
    app = reader(SAMPLE)
    async with app.run_test(size=(160, 48)) as pilot:  # wide enough for the category tree
        screen = await open_seed(pilot)
        assert SEED_PATH in screen.reading.state.read_paths()
        await pilot.press("r")
        assert (
            SEED_PATH not in screen.reading.state.read_paths()
            and SEED_PATH not in screen.reading.read
        )
        await pilot.press("b")
        assert screen.reading.state.bookmarks() == [SEED_PATH]
        assert "Bookmarks 1" in screen_text(app)
        await pilot.press("b")
        assert screen.reading.state.bookmarks() == []


async def test_export_writes_outside_the_archive(reader: Reader, tmp_path: Path) -> None:
    app = reader(SAMPLE)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_seed(pilot)
        await pilot.press("e")  # the export dialog: the folder box has focus
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot)
        (written,) = (tmp_path / "exports").iterdir()
        assert "常州市科协事业发展" in written.read_text(encoding="utf-8")
        # Textual keeps live notifications on the app; the toast wraps long paths.
        messages = [notification.message for notification in app._notifications]
        assert f"Saved 1 file: {written}" in messages


async def test_copy_puts_article_text_on_clipboard(reader: Reader) -> None:
    app = reader(SAMPLE)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_seed(pilot)
        await pilot.press("y")
        assert app.clipboard.startswith("常州市科协事业发展")
        assert "二、重点任务" in app.clipboard


@pytest.mark.parametrize(
    ("key", "screen_type"), [("question_mark", HelpScreen), ("exclamation_mark", ProblemsScreen)]
)
async def test_modal_screens_open_and_close(reader: Reader, key: str, screen_type: type) -> None:
    app = reader(SAMPLE)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_seed(pilot)
        await pilot.press(key)
        await pilot.pause()
        assert isinstance(app.screen, screen_type)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


async def test_help_lists_the_reader_keys(reader: Reader) -> None:
    app = reader(SAMPLE)
    async with app.run_test(size=(120, 60)) as pilot:
        await open_seed(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        text = screen_text(app)
        for expected in (
            "Find in the article",
            "Next match",
            "Bookmark the post",
            "Open the next post",
        ):
            assert expected in text


async def test_article_list_keys_sort_and_open(reader: Reader) -> None:
    app = reader(SAMPLE)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_seed(pilot)
        articles = screen.article_list
        articles.focus()
        await pilot.press("t")
        keys = [pinyin_key(p.title) for p in articles.posts]
        assert keys == sorted(keys)
        sorts: list[str] = [screen.reading.sort]
        await pilot.press("t")
        sorts.append(screen.reading.sort)
        assert sorts == ["title", "category"]
        names = [pinyin_key(screen.reading.source_of(p)) for p in articles.posts]
        assert names == sorted(names)
        await pilot.press("t")
        assert screen.reading.sort == "date"
        await pilot.press("g", "j", "enter")
        await settle(pilot)
        assert screen.reading.current == articles.posts[1]


async def test_quit_key_exits(reader: Reader) -> None:
    app = reader(SAMPLE)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_seed(pilot)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_search_opens_hit_at_its_block_with_highlights(reader: Reader) -> None:
    from newsreader.ui.screens.search import SearchScreen

    app = reader(SAMPLE)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_seed(pilot)
        await pilot.press("s")
        await pilot.pause()
        search = app.screen
        assert isinstance(search, SearchScreen)
        await pilot.press(*"海外人才离岸")
        for _ in range(50):
            await pilot.pause(0.05)
            await app.workers.wait_for_complete()
            if search.shown_query:
                break
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen and screen.reading.current is not None
        assert screen.reading.current.path == SEED_PATH
        view = screen.article_view
        assert view.query_text == "海外人才离岸" and view.matches
        y = view.matches[view.match_index][0][0]
        assert view.scroll_y <= y < view.scroll_y + view.scrollable_content_region.height


async def test_palette_finds_posts_headings_and_commands(reader: Reader) -> None:
    from newsreader.ui.commands import ArticleCommands, PostCommands

    app = reader(SAMPLE)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_seed(pilot)
        posts = [hit async for hit in PostCommands(screen).search("标签")]
        assert posts and str(posts[0].text).startswith("[bold]标签[/bold]")
        headings = [hit async for hit in ArticleCommands(screen).search("重点任务")]
        assert any("二、" in str(hit.text) for hit in headings)
        commands = [hit async for hit in ArticleCommands(screen).search("bookmark")]
        assert commands
        commands[0].command()
        await pilot.pause()
        assert screen.reading.state.bookmarks() == [SEED_PATH]
        posts[0].command()
        await settle(pilot)
        assert screen.reading.current is not None and screen.reading.current.title.startswith(
            "[bold]标签"
        )


async def test_ctrl_p_palette_opens_a_post_typed_by_title(reader: Reader) -> None:
    app = reader(SAMPLE)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_seed(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"防汛防台风")
        await pilot.pause(0.5)  # providers answer in workers
        await pilot.press("enter")
        await settle(pilot)
        assert screen.reading.current is not None
        assert screen.reading.current.title == "常州市防汛防台风应急预案（修订）"
