"""Pilot tests: the search dialog's context, count, pages, index build and find counter."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from rich.text import Text
from textual.widgets import Input, Label, OptionList, ProgressBar

from newsreader.core.archive.loader import load_archive
from newsreader.core.index import stepwise
from newsreader.core.index.fill import fill_fulltext
from newsreader.ui.screens.search import SEARCHING, SearchScreen
from tests.conftest import SAMPLE
from tests.ui.conftest import Reader, open_seed, settle
from tests.ui.test_search_screen import Host, type_query

MakeArchive = Callable[[dict[str, str | bytes]], Path]


def many(count: int) -> dict[str, str | bytes]:
    return {
        f"news/_posts/2022-01-{1 + n % 28:02d}-p{n:03d}.md": (
            f'---\ntitle: "第{n}篇"\n---\n<p>一、总体要求</p>\n<p>科协 正文{n}</p>\n'
        )
        for n in range(count)
    }


def status(screen: SearchScreen) -> str:
    return str(screen.query_one("#search-status", Label).render())


async def test_a_hit_shows_date_category_and_section_over_the_snippet(
    make_archive: MakeArchive, tmp_path: Path
) -> None:
    body = "<p>一、总体要求</p>\n<p>常州市科协召开年会</p>\n"
    root = make_archive({"news/_posts/2022-03-01-a.md": f'---\ntitle: "年会"\n---\n{body}'})
    app = Host(load_archive(root), tmp_path / "cache")
    async with app.run_test(size=(100, 30)):
        screen = await type_query(app, "科协")
        prompt = screen.query_one(OptionList).get_option_at_index(0).prompt
        assert isinstance(prompt, Text)
        title, facts, snippet = prompt.plain.split("\n")
        assert title == "年会"
        assert facts == "2022-03-01 · news · 一、总体要求"
        assert "常州市科协召开年会" in snippet
        start = prompt.plain.index("科协", len(title) + len(facts) + 2)
        assert any(
            span.start <= start < span.end and "reverse" in str(span.style) for span in prompt.spans
        )
        assert status(screen) == "1 post found"


async def test_results_page_past_the_first_200(make_archive: MakeArchive, tmp_path: Path) -> None:
    root = make_archive(many(230))
    app = Host(load_archive(root), tmp_path / "cache")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await type_query(app, "科协")
        results = screen.query_one(OptionList)
        assert results.option_count == 200
        assert status(screen).startswith("200 of 230 posts shown")
        results.focus()
        await pilot.press("end")
        for _ in range(100):
            await asyncio.sleep(0.05)
            await pilot.pause()
            if results.option_count == 230:
                break
        assert results.option_count == 230 and len(screen.hits) == 230
        assert len({hit.path for hit in screen.hits}) == 230
        assert status(screen) == "230 posts found"


async def test_the_count_is_never_an_older_querys(
    make_archive: MakeArchive, tmp_path: Path
) -> None:
    root = make_archive(
        {
            "_posts/2022-03-01-a.md": '---\ntitle: "甲"\n---\n<p>科协 年会</p>\n',
            "_posts/2022-03-02-b.md": '---\ntitle: "乙"\n---\n<p>科协</p>\n',
        }
    )
    app = Host(load_archive(root), tmp_path / "cache")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await type_query(app, "科协")
        assert status(screen) == "2 posts found"
        screen.query_one(Input).value = "科协 年会"
        await pilot.pause()
        assert status(screen) == SEARCHING  # at once, before the debounced search
        # Enter now would open a hit of the old query: it waits for the new one.
        await pilot.press("enter")
        assert app.results == []
        screen = await type_query(app, "科协 年会")
        assert status(screen) == "1 post found"


async def test_a_cold_index_build_shows_progress_and_esc_stops_it(
    make_archive: MakeArchive, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(stepwise, "MIN_STEP", 10)
    fill = fill_fulltext
    steps: list[float] = []

    def slow_fill(*args: object, **kwargs: object) -> int:
        steps.append(time.monotonic())
        time.sleep(0.2)
        return fill(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(stepwise, "fill_fulltext", slow_fill)
    root = make_archive(many(230))
    app = Host(load_archive(root), tmp_path / "cache")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        for _ in range(100):
            await asyncio.sleep(0.05)
            await pilot.pause()
            if len(steps) >= 2:
                break
        assert screen.has_class("-indexing")
        bar = screen.query_one(ProgressBar)
        assert bar.total == 230 and 0 < bar.progress < 230
        assert status(screen).startswith("Indexing the archive for search (once)")
        await pilot.press("escape")  # the dialog answers at once, mid-build
        await pilot.pause()
        assert app.results == [None]
        started = len(steps)
        await asyncio.sleep(0.6)
        assert len(steps) <= started + 1  # the build stopped at its next step
        assert len(steps) < 23


async def test_after_opening_a_hit_find_counts_the_new_posts_matches(reader: Reader) -> None:
    app = reader(SAMPLE)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_seed(pilot)
        await pilot.press("slash", *"科协", "enter")
        await settle(pilot)
        view = screen.article_view
        old = str(view.border_subtitle)
        assert old.endswith(f"/{len(view.matches)}") and len(view.matches) > 3
        await pilot.press("s")
        await pilot.pause()
        search = app.screen
        assert isinstance(search, SearchScreen)
        await pilot.press(*"马拉松")
        for _ in range(100):
            await pilot.pause(0.05)
            if search.shown_query == "马拉松":
                break
        await pilot.press("enter")
        await settle(pilot)
        assert screen.reading.current is not None and "马拉松" in screen.reading.current.title
        count = len(view.matches)
        assert count > 0 and view.query_text == "马拉松"
        assert str(view.border_subtitle) == f"{view.match_index + 1}/{count}"
        assert screen.find_bar.value == "马拉松"
        await pilot.press("n")
        assert str(view.border_subtitle) == f"{(view.match_index % count) + 1}/{count}"
