"""Pilot tests: the category tree adds a branch's children when it first opens."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from textual.app import App, ComposeResult
from textual.widgets.tree import TreeNode

from newsreader.core.model import Archive, Post
from newsreader.ui.model.catalog import Group, build_catalog
from newsreader.ui.widgets.category_tree import CategoryTree
from newsreader.ui.widgets.tree_place import TreePlace

POSTS = [
    Post(f"_posts/{month}-{day}.md", f"第{month}月{day}日", when, f"{month}-{day}", ("news",))
    for month in (1, 2)
    for day in (1, 2, 3)
    if (when := datetime(2022, month, day, 9, tzinfo=UTC))
]
CATALOG = build_catalog(Archive(Path("archive"), tuple(POSTS)), POSTS)
DAY = Group("day", ("2022", "02", "03"))
MONTH = Group("month", ("2022", "02"))


class TreeApp(App[None]):
    def compose(self) -> ComposeResult:
        yield CategoryTree()

    def on_mount(self) -> None:
        self.query_one(CategoryTree).show_catalog(CATALOG, 0)


def walk(node: TreeNode[Any]) -> Iterator[TreeNode[Any]]:
    for child in node.children:
        yield child
        yield from walk(child)


def shown_groups(tree: CategoryTree) -> set[Group]:
    return {node.data for node in walk(tree.root) if node.data is not None}


def section(tree: CategoryTree, name: str) -> TreeNode[Group | None]:
    return next(node for node in tree.root.children if str(node.label) == name)


async def test_days_join_the_tree_when_their_branches_open() -> None:
    app = TreeApp()
    async with app.run_test() as pilot:
        tree = app.query_one(CategoryTree)
        assert Group("category", ("news",)) in shown_groups(tree)  # Categories is open
        assert not any(group.kind in ("year", "month", "day") for group in shown_groups(tree))
        assert DAY in tree.groups  # known, if not yet in the tree
        section(tree, "By date").expand()
        await pilot.pause()
        year = section(tree, "By date").children[0]
        assert year.data == Group("year", ("2022",)) and not year.children
        year.expand()
        await pilot.pause()
        assert [str(node.label) for node in year.children] == ["2022-02 0/3", "2022-01 0/3"]
        assert DAY not in shown_groups(tree)
        year.children[0].expand()
        await pilot.pause()
        assert DAY in shown_groups(tree)


async def test_a_restored_group_opens_the_branches_above_it() -> None:
    app = TreeApp()
    async with app.run_test() as pilot:
        tree = app.query_one(CategoryTree)
        tree.select_group(DAY)
        await pilot.pause()
        assert tree.cursor_node is not None and tree.cursor_node.data == DAY


async def test_a_rebuilt_tree_gets_its_open_branches_and_cursor_back() -> None:
    app = TreeApp()
    async with app.run_test() as pilot:
        tree = app.query_one(CategoryTree)
        tree.select_group(DAY)
        await pilot.pause()
        place = TreePlace.of(tree)
        tree.show_catalog(CATALOG, 0)
        assert DAY not in shown_groups(tree)
        place.restore(tree, grow=tree.grow)
        await pilot.pause()
        assert tree.cursor_node is not None and tree.cursor_node.data == DAY
        month = next(node for node in walk(tree.root) if node.data == MONTH)
        assert month.is_expanded


async def test_g_and_shift_g_go_to_the_first_and_last_group() -> None:
    app = TreeApp()
    async with app.run_test() as pilot:
        tree = app.query_one(CategoryTree)
        tree.focus()
        await pilot.press("j", "j")
        assert tree.cursor_line == 2
        await pilot.press("G")
        assert tree.cursor_node is not None and tree.cursor_node.data == Group("bookmarks")
        await pilot.press("g")
        assert tree.cursor_line == 0 and tree.cursor_node is not None
        assert tree.cursor_node.data == Group("all")
