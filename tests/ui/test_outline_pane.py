"""Pilot tests: the outline pane grows a long outline in batches and still follows at once."""

from __future__ import annotations

from textual.app import App, ComposeResult

from newsreader.core.document.model import OutlineNode
from newsreader.ui.widgets.outline_pane import BATCH, OutlinePane


class _PaneApp(App[None]):
    def compose(self) -> ComposeResult:
        yield OutlinePane()


def _flat(count: int) -> tuple[OutlineNode, ...]:
    """``count`` sibling headings, one block each (a law with thousands of articles)."""
    return tuple(OutlineNode(1, f"第{i}条", f"条文{i}", i, i + 1) for i in range(count))


def _nested() -> tuple[OutlineNode, ...]:
    """Three chapters of ``BATCH`` articles each: the last article sits deep in the third."""
    chapters = []
    for chapter in range(3):
        first = 1 + chapter * (BATCH + 1)
        articles = tuple(
            OutlineNode(2, f"{i + 1}.", f"条目{i}", first + i, first + i + 1) for i in range(BATCH)
        )
        chapters.append(
            OutlineNode(1, f"第{chapter + 1}章", f"章{chapter}", first - 1, first + BATCH, articles)
        )
    return tuple(chapters)


async def test_a_long_outline_is_built_in_batches_between_frames() -> None:
    app = _PaneApp()
    async with app.run_test() as pilot:
        pane = app.query_one(OutlinePane)
        pane.show_outline(_flat(BATCH * 5 + 7))
        assert len(pane.root.children) == BATCH  # the first batch at once, the rest later
        for _ in range(10):
            await pilot.pause()
        assert len(pane.root.children) == BATCH * 5 + 7
        assert [child.data for child in pane.root.children] == list(pane.outline)


async def test_following_a_heading_not_built_yet_builds_up_to_it() -> None:
    app = _PaneApp()
    async with app.run_test() as pilot:
        pane = app.query_one(OutlinePane)
        outline = _nested()
        pane.show_outline(outline)
        last = outline[-1].children[-1]
        assert pane.follow(last.block) == last
        await pilot.pause()
        assert pane.cursor_node is not None and pane.cursor_node.data == last
        assert pane.cursor_node.parent is not None and pane.cursor_node.parent.is_expanded


async def test_a_new_outline_stops_the_old_ones_growth() -> None:
    app = _PaneApp()
    async with app.run_test() as pilot:
        pane = app.query_one(OutlinePane)
        pane.show_outline(_flat(BATCH * 3))
        pane.show_outline(_flat(2))
        for _ in range(5):
            await pilot.pause()
        assert [child.data for child in pane.root.children] == list(_flat(2))


async def test_expand_all_shows_every_heading_at_once() -> None:
    app = _PaneApp()
    async with app.run_test() as pilot:
        pane = app.query_one(OutlinePane)
        pane.show_outline(_nested())
        pane.action_expand_all()
        await pilot.pause()
        assert pane.last_line == 3 + 3 * BATCH - 1
