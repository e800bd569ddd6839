"""Pilot tests: the reader honours the CLI's settings (filters, --search, --no-cache)."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList

from newsreader.cli.args import build_parser
from newsreader.cli.modes import reader_options
from newsreader.core.archive.filters import Criteria
from newsreader.ui.app import NewsReaderApp, make_app
from newsreader.ui.options import ReaderOptions
from tests.conftest import SAMPLE
from tests.ui.conftest import Reader, main_screen, settle


def _options_from(*argv: str, tmp_path: Path) -> ReaderOptions:
    """What ``newsreader ARGV`` hands the reader, with the folders kept in ``tmp_path``."""
    options = reader_options(build_parser().parse_args([str(SAMPLE), *argv]))
    assert options.cache_dir is None and options.state_dir is None
    return ReaderOptions(
        criteria=options.criteria,
        search=options.search,
        use_cache=options.use_cache,
        state_dir=tmp_path / "state",
        cache_dir=tmp_path / "cache",
        export_dir=tmp_path / "exports",
    )


async def _search_in_the_reader(app: NewsReaderApp) -> int:
    """Open the reader, press ``s``, search 科协, close the dialog; how many hits it listed."""
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await pilot.press(*"科协")
        await pilot.pause(0.5)
        await settle(pilot)
        hits = app.screen.query_one("#search-results", OptionList).option_count
        await pilot.press("escape")
    return hits


async def test_category_filter_opens_the_reader_on_that_category_only(tmp_path: Path) -> None:
    """``newsreader sample_posts --category culture`` lists culture posts, and says so."""
    app = make_app(SAMPLE, _options_from("--category", "culture", tmp_path=tmp_path))
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        listed = screen.article_list.posts
        assert listed, "the culture category has posts in the sample archive"
        assert all("culture" in post.categories for post in listed)
        everything = [p for p in screen.reading.archive.posts if p.published]
        assert len(listed) < len(everything)
        assert "category culture" in str(screen.query_one("#list-column").border_title)
        assert screen.reading.current in listed


async def test_search_option_lists_only_matching_posts(tmp_path: Path) -> None:
    app = make_app(SAMPLE, _options_from("--search", "科协", tmp_path=tmp_path))
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        titles = [post.title for post in screen.article_list.posts]
        assert titles and any("科协" in title for title in titles)
        assert len(titles) < len(screen.reading.archive.posts)
        assert "search 科协" in str(screen.query_one("#list-column").border_title)


async def test_filter_matching_nothing_opens_an_empty_reader(reader: Reader) -> None:
    app = reader(SAMPLE, criteria=Criteria(categories=("no-such-category",)))
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        assert screen.article_list.posts == []
        assert screen.reading.current is None


async def test_no_cache_then_search_leaves_the_cache_dir_untouched(tmp_path: Path) -> None:
    """``newsreader --no-cache`` then ``s`` and a query: no index is written anywhere."""
    options = _options_from("--no-cache", tmp_path=tmp_path)
    assert options.use_cache is False
    app = make_app(SAMPLE, options)
    assert await _search_in_the_reader(app) > 0
    cache = tmp_path / "cache"
    assert not cache.exists() or not any(cache.rglob("*"))


async def test_with_the_cache_the_search_writes_the_index(tmp_path: Path) -> None:
    """The counterpart: the same steps without --no-cache do fill the cache dir."""
    app = make_app(SAMPLE, _options_from(tmp_path=tmp_path))
    assert await _search_in_the_reader(app) > 0
    assert any((tmp_path / "cache").rglob("*"))


def test_filter_summary_names_every_filter() -> None:
    from datetime import date

    options = ReaderOptions(
        criteria=Criteria(
            categories=("a",), tags=("t",), since=date(2022, 1, 1), until=date(2022, 2, 1)
        ),
        search="q",
    )
    assert options.filter_summary() == (
        "category a · tag t · since 2022-01-01 · until 2022-02-01 · search q"
    )
    assert ReaderOptions().filter_summary() == ""
