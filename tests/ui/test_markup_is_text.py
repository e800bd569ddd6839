"""Text from posts, paths, the command line and the user is shown as typed, never as markup.

Rich markup in such text (``[/]``, ``[bold red]``) once crashed the reader
(``MarkupError``) or restyled and ate it (``foo[b]ar`` shown as ``fooar``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.widgets import Label

from newsreader.cli.args import build_parser
from newsreader.cli.modes import reader_options
from newsreader.ui.screens.loading import LoadingScreen
from tests.ui.conftest import Reader, main_screen, screen_text, settle

MARKUP_POST = """---
title: "cat markup"
date: 2022-01-01
categories: ["[/]", "x[/]y"]
tags: ["[red]t[/]", "[/]"]
---
<p>body markup zz</p>
"""

OTHER_POST = """---
title: "other"
date: 2022-01-02
categories: [plain]
---
<p>other</p>
"""


def _archive(root: Path) -> Path:
    """An archive at ``root`` whose post has markup for categories and tags."""
    posts = root / "_posts"
    posts.mkdir(parents=True)
    (posts / "2022-01-01-catm.md").write_text(MARKUP_POST, encoding="utf-8")
    (posts / "2022-01-02-other.md").write_text(OTHER_POST, encoding="utf-8")
    return root


def _header(app: App[Any]) -> str:
    """The list column's title as shown (plain text, not the markup Textual's getter gives)."""
    content = main_screen(app).query_one("#list-column")._border_title
    return "" if content is None else content.plain


@pytest.mark.parametrize("typed", ["x[/]", "foo[b]ar", "[link=http://evil]a", "a[/b]"])
async def test_markup_typed_in_the_filter_is_shown_as_typed(
    reader: Reader, tmp_path: Path, typed: str
) -> None:
    app = reader(_archive(tmp_path / "archive"))
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *typed)
        await pilot.pause()
        assert app.is_running
        assert f"filter {typed}" in _header(app)


@pytest.mark.parametrize(
    "flags",
    [
        ["--tag", "[/]"],
        ["--category", "x[/]y"],
        ["--search", "zz[/]"],
        ["--search", "zz[link=http://evil]"],
    ],
)
async def test_markup_in_command_line_filters_is_shown_as_typed(
    reader: Reader, tmp_path: Path, flags: list[str]
) -> None:
    """The reader names the CLI's filters over the list, literally."""
    root = _archive(tmp_path / "archive")
    options = reader_options(build_parser().parse_args([str(root), *flags]))
    app = reader(root, criteria=options.criteria, search=options.search)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert app.is_running
        assert flags[1] in _header(app)


@pytest.mark.parametrize("name", ["arch[/]", "arch2[bold red]x"])
async def test_an_archive_folder_named_with_markup_opens(
    reader: Reader, tmp_path: Path, name: str
) -> None:
    app = reader(_archive(tmp_path / name))
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert len(main_screen(app).article_list.posts) == 2


class _Loading(App[None]):
    """Only the loading screen, held up so its text can be read."""

    def __init__(self, root: Path) -> None:
        super().__init__()
        self.root = root

    def compose(self) -> ComposeResult:
        yield from ()

    def on_mount(self) -> None:
        self.push_screen(LoadingScreen(self.root))


@pytest.mark.parametrize("name", ["arch[/]", "arch2[bold red]x"])
async def test_the_loading_screen_names_the_folder_as_it_is(tmp_path: Path, name: str) -> None:
    root = tmp_path / name
    app = _Loading(root)
    async with app.run_test(size=(200, 10)) as pilot:
        await pilot.pause()
        label = app.screen.query_one(Label)
        assert str(label.render()) == f"Loading {root}"
        assert f"Loading {root}" in screen_text(app)


async def ask_the_palette(pilot: Pilot[Any], words: str) -> None:
    """Open the command palette and type ``words``, until its providers have answered."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*words)
    await pilot.pause(0.5)  # providers answer in workers
    await pilot.pause()


@pytest.mark.parametrize("folder", ["x[/]y", "[A]b[$x]"])
async def test_the_palette_shows_a_post_path_with_markup_as_it_is(
    reader: Reader, tmp_path: Path, folder: str
) -> None:
    """The palette parses a hit's help line as markup; the help is the post's path."""
    root = tmp_path / "archive"
    post = root / "_posts" / folder / "2022-01-01-catm.md"
    post.parent.mkdir(parents=True)
    post.write_text(MARKUP_POST, encoding="utf-8")
    app = reader(root)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await ask_the_palette(pilot, "cat markup")
        assert app.is_running
        assert f"_posts/{folder}/2022-01-01-catm.md" in screen_text(app)


async def test_the_palette_shows_a_link_url_with_markup_as_it_is(
    reader: Reader, tmp_path: Path
) -> None:
    root = _archive(tmp_path / "archive")
    post = root / "_posts" / "2022-01-03-link.md"
    post.write_text(
        '---\ntitle: "link"\ndate: 2022-01-03\n---\n<p><a href="http://e.cn/a[/]b">源</a></p>\n',
        encoding="utf-8",
    )
    app = reader(root)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        screen.open_post(screen.reading.by_path["_posts/2022-01-03-link.md"])
        await settle(pilot)
        await ask_the_palette(pilot, "Open link")
        assert app.is_running
        assert "http://e.cn/a[/]b" in screen_text(app)
