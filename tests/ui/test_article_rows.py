"""The list's columns: the category's name or first character, the time, by width."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from newsreader.ui.model.listing import title_cells
from newsreader.ui.widgets.article_list import WHOLE_TITLE, row_columns
from tests.conftest import SAMPLE
from tests.ui.conftest import Reader, main_screen, screen_text, settle

FLASH = Path(__file__).parent / "flash_archive"


@pytest.mark.parametrize(
    ("width", "mixed", "by_date", "expected"),
    [
        # A list of one category shows no category; the time from 70 cells.
        (69, False, True, (0, 0)),
        (70, False, True, (0, 7)),
        # Mixed: the first character below 76 cells (and the time where it
        # fits beside it), the name (13) from 76, before the time ...
        (63, True, True, (3, 0)),
        (73, True, True, (3, 7)),
        (76, True, True, (13, 0)),
        # ... and the time too from 83 (the date, 12 cells, from 88 by title).
        (83, True, True, (13, 7)),
        (87, True, False, (13, 0)),
        (88, True, False, (13, 12)),
        (200, True, True, (13, 7)),
        (10, True, True, (3, 0)),
    ],
)
def test_columns_come_only_where_a_title_keeps_its_whole_width(
    width: int, mixed: bool, by_date: bool, expected: tuple[int, int]
) -> None:
    assert row_columns(width, mixed=mixed, by_date=by_date) == expected
    category, time = expected
    if category > 3 or time:
        assert width - 3 - category - time >= WHOLE_TITLE


def test_a_list_of_short_titles_gives_the_columns_its_slack() -> None:
    """Flash titles of 20-40 cells in a 64-cell list: the category and the time fit beside them."""
    assert row_columns(64, mixed=True, by_date=True) == (3, 0)
    assert row_columns(64, mixed=True, by_date=True, whole=40) == (13, 7)
    # Names of two characters take 4 cells, not 12: at 78 the time fits beside 56-cell titles.
    assert row_columns(78, mixed=True, by_date=True, whole=56) == (13, 0)
    assert row_columns(78, mixed=True, by_date=True, whole=56, name_cells=4) == (5, 7)


def test_title_cells_is_what_nine_in_ten_titles_take() -> None:
    from datetime import UTC, datetime

    from newsreader.core.model import Post

    def titled(cells: int) -> Post:
        when = datetime(2031, 5, 1, tzinfo=UTC)
        return Post(path=f"{cells}.md", title="快" * (cells // 2), date=when, slug="x")

    posts = [titled(30)] * 18 + [titled(100)] * 2
    assert title_cells(posts, 60) == 30
    assert title_cells([titled(100)] * 5, 60) == 60  # at most the bound
    assert title_cells([titled(4)] * 5, 60) == 20  # at least enough to tell titles apart
    assert title_cells([], 60) == 60


@pytest.mark.parametrize(
    ("root", "size", "names"),
    [
        (FLASH, (200, 50), True),
        (FLASH, (120, 36), False),
        (SAMPLE, (200, 50), False),  # a post with headings: the list gives way to it
        (SAMPLE, (240, 50), True),
    ],
)
async def test_a_mixed_list_names_categories_when_wide_enough(
    reader: Reader, root: Path, size: tuple[int, int], names: bool
) -> None:
    async with reader(root).run_test(size=size) as pilot:
        await settle(pilot)
        screen = main_screen(pilot.app)
        articles = screen.article_list
        name = articles.source_of(articles.posts[0])
        line = next(line for line in screen_text(pilot.app).splitlines() if "●" in line)
        row = line[line.index("●") :].split("│")[0]  # the list's row, not the article
        width = articles.scrollable_content_region.width
        assert (row_columns(width, mixed=True, by_date=True)[0] > 3) is names
        assert (name[:4] in row) is names


@pytest.mark.parametrize("size", [(100, 50), (120, 50), (120, 36), (200, 50)])
async def test_a_row_never_touches_the_border(reader: Reader, size: tuple[int, int]) -> None:
    """With a scrollbar or without (50 rows hold the whole day), a cell is left free."""
    async with reader(FLASH).run_test(size=size) as pilot:
        await settle(pilot)
        rows = [line for line in screen_text(pilot.app).splitlines() if "●" in line]
        assert rows
        for line in rows:
            row = line[line.index("●") :].split("│")[0].split("▐")[0]
            assert row.endswith(" "), row


@pytest.mark.parametrize("size", [(80, 24), (120, 36), (200, 50)])
async def test_the_list_never_scrolls_sideways(reader: Reader, size: tuple[int, int]) -> None:
    """Rows are drawn at the list's width: no horizontal scrollbar takes its last row."""
    for _run in range(2):  # the second start lists from the index first
        async with reader(SAMPLE).run_test(size=size) as pilot:
            await settle(pilot)
            articles = main_screen(pilot.app).article_list
            assert not articles.show_horizontal_scrollbar
            assert articles.scrollable_content_region.height == articles.size.height


async def test_rows_name_only_the_categories_that_stand_out(
    reader: Reader, make_archive: Callable[[dict[str, str | bytes]], Path]
) -> None:
    """Ten 存档 posts and one 置顶: only the 置顶 row names its category."""
    files: dict[str, str | bytes] = {
        f"_posts/2024-01-{day:02d}-p{day}.md": (
            f"---\ntitle: 第{day}篇长文\ncategories: [存档]\n---\n<p>正文</p>\n"
        )
        for day in range(1, 11)
    }
    files["_posts/2024-01-20-top.md"] = (
        "---\ntitle: 置顶说明\ncategories: [置顶]\n---\n<p>正文</p>\n"
    )
    async with reader(make_archive(files)).run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        rows = [line for line in screen_text(pilot.app).splitlines() if "篇长文" in line]
        assert len(rows) == 10 and not any("存" in row for row in rows)
        top = next(line for line in screen_text(pilot.app).splitlines() if "●  置顶说明" in line)
        assert top.split("│")[1].rstrip().endswith("置顶")  # short titles: room for its name
