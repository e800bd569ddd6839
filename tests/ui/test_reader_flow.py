"""Pilot tests: start-up, the pane-to-pane message flow and the layout."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from textual import events
from textual.message import Message
from textual.pilot import Pilot
from textual.widgets import Input
from textual.widgets.tree import TreeNode

from newsreader.core.archive.loader import load_archive
from newsreader.core.outline.build import iter_nodes
from newsreader.ui.model.catalog import Group
from newsreader.ui.screens.main import MainScreen
from newsreader.ui.widgets.article_list import ArticleList
from newsreader.ui.widgets.article_view import ArticleView
from newsreader.ui.widgets.category_tree import CategoryTree
from newsreader.ui.widgets.outline_pane import OutlinePane
from tests.conftest import SAMPLE
from tests.ui.conftest import SEED_PATH, Reader, main_screen, open_seed, screen_text, settle


async def test_start_opens_newest_post_with_outline(reader: Reader) -> None:
    newest = next(p for p in load_archive(SAMPLE).posts if p.published)
    app = reader(SAMPLE)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        assert screen.reading.current == newest
        assert screen.article_view.layout_.lines, "the article is laid out"
        assert screen.outline_pane.outline == screen.reading.document.outline  # type: ignore[union-attr]
        assert screen.article_list.posts[0] == newest
        assert newest.path not in screen.reading.read, "shown at start is not read"
        list_width = screen.article_list.size.width
        document = screen.reading.document
        screen.article_list.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert newest.path in screen.reading.read, "Enter chooses the post shown at start"
        assert screen.reading.document is document, "... where it stands, without reopening it"
        assert screen.article_list.size.width < list_width, "... and it claims its reading width"
        await pilot.press("j", "enter")
        await settle(pilot)
        assert screen.article_list.posts[1].path in screen.reading.read, "opening marks it read"


async def _open_seed_with_keys(pilot: Pilot[None], screen: MainScreen) -> None:
    """Pick the seed's category, then the seed in the list, with keys."""
    tree = screen.query_one(CategoryTree)
    node = next(n for n in _walk(tree.root) if n.data == Group("category", ("changzhouribao",)))
    tree.select_node(node)
    await settle(pilot)
    articles = screen.article_list
    articles.cursor = next(i for i, p in enumerate(articles.posts) if p.path == SEED_PATH)
    articles.focus()
    await pilot.press("enter")
    await settle(pilot)


def _walk(node: TreeNode[Any]) -> Iterator[TreeNode[Any]]:
    """``node`` and every node below it, depth first."""
    yield node
    for child in node.children:
        yield from _walk(child)


async def test_message_flow_category_list_article_outline(reader: Reader) -> None:
    seen: list[Message] = []
    app = reader(SAMPLE)
    async with app.run_test(size=(120, 40), message_hook=seen.append) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        seen.clear()
        await _open_seed_with_keys(pilot, screen)
        assert screen.reading.current is not None and screen.reading.current.path == SEED_PATH
        outline = screen.outline_pane
        heading = list(iter_nodes(screen.reading.document.outline))[3]  # type: ignore[union-attr]
        outline.focus()
        await pilot.press("plus")  # expand all, so the heading has a line
        await pilot.pause()
        outline.move_cursor(outline._by_block[heading.block])
        await pilot.press("enter")
        await settle(pilot)
        assert screen.article_view.top_block == heading.block
        kinds = [type(m) for m in seen if isinstance(m, _FLOW)]
        expected = [
            CategoryTree.Selected,
            ArticleList.Selected,
            MainScreen.DocumentOpened,
            OutlinePane.HeadingSelected,
            ArticleView.Scrolled,
        ]
        assert _subsequence(expected, kinds), kinds


_FLOW = (
    CategoryTree.Selected,
    ArticleList.Selected,
    MainScreen.DocumentOpened,
    OutlinePane.HeadingSelected,
    ArticleView.Scrolled,
)


def _subsequence(expected: list[type], actual: list[type]) -> bool:
    remaining = iter(actual)
    return all(any(kind is item for item in remaining) for kind in expected)


async def test_scrolling_the_article_moves_the_outline_cursor(reader: Reader) -> None:
    app = reader(SAMPLE)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        await _open_seed_with_keys(pilot, screen)
        nodes = list(iter_nodes(screen.reading.document.outline))  # type: ignore[union-attr]
        deep = max(nodes, key=lambda n: n.level)
        screen.article_view.scroll_to_block(deep.block)
        await settle(pilot)
        cursor = screen.outline_pane.cursor_node
        assert cursor is not None and cursor.data == deep
        assert all(node.is_expanded for node in _ancestors(cursor))


def _ancestors(node: TreeNode[Any]) -> Iterator[TreeNode[Any]]:
    """The nodes above ``node``, up to (not including) the hidden root."""
    parent = node.parent
    while parent is not None and parent.parent is not None:
        yield parent
        parent = parent.parent


async def test_filter_narrows_by_chinese_title(reader: Reader) -> None:
    app = reader(SAMPLE)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        screen.query_one("#filter").focus()
        await pilot.press(*"科协")
        await settle(pilot)
        assert [p.path for p in screen.article_list.posts] == [SEED_PATH]
        await pilot.press("enter")
        assert screen.focused is screen.article_list


async def test_keys_typed_at_once_after_leaving_the_filter_reach_the_list(
    reader: Reader,
) -> None:
    """Down then Enter, or Enter then Down, arriving together (a fast typist, a slow link)."""
    app = reader(SAMPLE)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        screen.query_one("#filter").focus()
        await pilot.press(*"科协")
        await settle(pilot)
        assert SEED_PATH not in screen.reading.read
        for key, character in (("down", None), ("enter", "\r")):  # queued before either runs
            app.post_message(events.Key(key, character))
        await settle(pilot)
        assert screen.focused is screen.article_list
        assert SEED_PATH in screen.reading.read, "the Enter opened the post the list offers"
        screen.query_one("#filter", Input).value = ""
        await settle(pilot)
        screen.query_one("#filter").focus()
        await settle(pilot)
        cursor = screen.article_list.cursor
        for key, character in (("enter", "\r"), ("down", None)):
            app.post_message(events.Key(key, character))
        await settle(pilot)
        assert screen.focused is screen.article_list
        assert screen.article_list.cursor == cursor + 1, "the Down after Enter moved in the list"


async def test_tabbing_through_the_filter_box_keeps_the_filter(reader: Reader) -> None:
    """Tab passes the box on its way round the panes: a key typed there adds to the filter."""
    app = reader(SAMPLE)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        box = screen.query_one("#filter", Input)
        box.focus()
        await pilot.press(*"科协", "enter")
        await settle(pilot)
        for _ in range(8):  # round the panes until the box has the focus again
            await pilot.press("tab")
            await settle(pilot)
            if screen.focused is box:
                break
        assert screen.focused is box
        await pilot.press("x")
        await settle(pilot)
        assert box.value == "科协x"


async def test_the_list_header_names_the_group_chosen(reader: Reader) -> None:
    """At 80 columns the tree may be hidden: the header says where the list is from."""
    app = reader(SAMPLE)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        column = screen.query_one("#list-column")
        assert str(column.border_title)[:1].isdigit()  # All posts: the counts come first
        tree = screen.query_one(CategoryTree)
        node = next(n for n in _walk(tree.root) if n.data == Group("category", ("changzhouribao",)))
        tree.select_node(node)
        await settle(pilot)
        name = tree.name_of(Group("category", ("changzhouribao",)))
        assert name and str(column.border_title).startswith(f"{name} · ")
        tree.select_node(next(n for n in _walk(tree.root) if n.data == Group("all")))
        await settle(pilot)
        assert not str(column.border_title).startswith(name)


async def test_markup_in_titles_shows_literally(
    reader: Reader, make_archive: Callable[[dict[str, str | bytes]], Path]
) -> None:
    root = make_archive(
        {
            "_posts/2022-01-01-a.md": (
                '---\ntitle: "[bold]x[/bold] [red]y"\n---\n<p>body [b]z[/b]</p>\n'
            ),
        }
    )
    app = reader(root)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "[bold]x[/bold] [red]y" in text
        assert "body [b]z[/b]" in text


async def test_narrow_terminal_hides_side_panes_and_wide_shows_all(reader: Reader) -> None:
    app = reader(SAMPLE)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        assert not screen.query_one(CategoryTree).display
        assert not screen.outline_pane.display
        assert screen.article_view.display and screen.article_list.display
        await pilot.resize_terminal(120, 40)  # middle band: the categories step aside first
        await settle(pilot)
        assert not screen.query_one(CategoryTree).display
        assert screen.outline_pane.display
        await pilot.resize_terminal(200, 50)
        await settle(pilot)
        for pane in (CategoryTree, ArticleList, ArticleView, OutlinePane):
            assert screen.query_one(pane).display, pane


async def test_resizing_back_returns_to_the_heading_the_reader_was_at(reader: Reader) -> None:
    """Taller, the view stops short of a heading near the end; smaller again, it is back there."""
    app = reader(SAMPLE)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_seed(pilot)
        view = screen.article_view
        assert view.document is not None
        headings = [node.block for node in iter_nodes(view.document.outline)]
        last = max(block for block in headings if view.block_y(block) <= view.max_scroll_y)
        view.scroll_to_block(last)
        await settle(pilot)
        assert view.top_block == last
        await pilot.resize_terminal(200, 60)
        await settle(pilot)
        clamped = view.top_block
        await pilot.resize_terminal(120, 36)
        await settle(pilot)
        assert view.top_block == last, (clamped, view.top_block)
        view.scroll_to_block(last - 3)  # the reader's own move: the place follows it
        await settle(pilot)
        await pilot.resize_terminal(200, 60)
        await settle(pilot)
        await pilot.resize_terminal(120, 36)
        await settle(pilot)
        assert view.top_block == last - 3


async def test_mouse_click_opens_post_and_jumps_to_heading(reader: Reader) -> None:
    app = reader(SAMPLE)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        second = screen.article_list.posts[1]
        row = screen.article_list.layout_rows.row_of(1)  # day headers come between
        await pilot.click(ArticleList, offset=(5, row))  # (no border: the column has it)
        await settle(pilot)
        assert screen.reading.current == second
        screen.open_post(screen.reading.by_path[SEED_PATH])
        await settle(pilot)
        second_heading = screen.reading.document.outline[1]  # type: ignore[union-attr]
        line = screen.outline_pane._by_block[second_heading.block].line
        await pilot.click(OutlinePane, offset=(6, line + 1))  # + the border
        await settle(pilot)
        assert screen.article_view.top_block == second_heading.block


async def test_quit_saves_position_inside_a_block(reader: Reader) -> None:
    app = reader(SAMPLE)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_seed(pilot)
        screen.article_view.scroll_to(y=7, animate=False, immediate=True)
        await pilot.pause()
        screen.article_view.scroll_to(y=8, animate=False, immediate=True)
        await pilot.press("q")
    assert screen.reading.state is not None
    again = reader(SAMPLE)
    async with again.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert main_screen(again).article_view.scroll_y == 8


async def test_list_shows_no_time_nobody_gave(
    reader: Reader, make_archive: Callable[[dict[str, str | bytes]], Path]
) -> None:
    # Dated by its file name, a post sits at midnight: its row shows no 00:00.
    root = make_archive(
        {
            "_posts/2022-01-01-undated.md": "---\ntitle: 无时间的帖子\n---\n<p>x</p>\n",
            "_posts/2022-01-01-timed.md": (
                "---\ntitle: 有时间的帖子\ndate: 2022-01-01 09:30:00 +0800\n---\n<p>y</p>\n"
            ),
        }
    )
    app = reader(root)
    async with app.run_test(size=(200, 40)) as pilot:
        await settle(pilot)
        # A list row: the unread mark, the title, then the time, up to the list's border
        # (the open article's header shows a title too, maybe on the same screen line).
        text = screen_text(app)
        timed = re.search(r"●\s*有时间的帖子([^│]*)", text)
        undated = re.search(r"●\s*无时间的帖子([^│]*)", text)
        assert timed is not None and undated is not None
        assert "09:30" in timed.group(1)
        assert "00:00" not in undated.group(1)
