"""Tree labels the pane cuts end with an ellipsis (the panes never scroll sideways)."""

from __future__ import annotations

from textual.app import App, ComposeResult

from newsreader.core.text.cells import cell_width
from newsreader.ui.widgets.steady_tree import SteadyTree


class _TreeApp(App[None]):
    def compose(self) -> ComposeResult:
        tree: SteadyTree[None] = SteadyTree("root")
        tree.show_root = False
        tree.guide_depth = 2
        top = tree.root.add("一、 关于某某三边关系的长篇讨论", expand=True)
        middle = top.add("（一） 某某某某某某某某某某某某", expand=True)
        middle.add_leaf("1. 某abc defghijk")
        tree.root.add_leaf("二、 短")
        tree.root.add_leaf("三、 某a某某某某某某某某")
        yield tree


async def test_cut_labels_end_with_an_ellipsis_at_a_character() -> None:
    async with _TreeApp().run_test(size=(20, 8)) as pilot:
        await pilot.pause()
        tree = pilot.app.query_one(SteadyTree)
        lines = [tree.render_line(y).text for y in range(5)]
        assert [cell_width(line) for line in lines] == [20] * 5
        assert lines[0] == "▼ 一、 关于某某三边…"
        assert lines[1] == "└ ▼ （一） 某某某某…"
        assert lines[2] == "  └ 1. 某abc defghi…"
        assert lines[3].rstrip() == "二、 短"
        assert lines[4] == "三、 某a某某某某某… "  # the … right after the last whole character
