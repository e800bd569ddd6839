"""The reader's reading state, without an app: groups, filter, history, sections."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from newsreader.core.document.model import Document, OutlineNode
from newsreader.core.model import Archive, Post
from newsreader.core.state import StateStore
from newsreader.ui.model.catalog import ALL, BOOKMARKS, Group
from newsreader.ui.model.panes import PaneBand, band_for
from newsreader.ui.model.reading import OpenRequest, Reading, neighbour


def _post(name: str, title: str, category: str) -> Post:
    return Post(
        path=f"_posts/2022-01-0{name}-x.md",
        title=title,
        date=datetime(2022, 1, int(name), tzinfo=UTC),
        slug=name,
        categories=(category,),
    )


POSTS = (
    _post("3", "Gamma 规划", "news"),
    _post("2", "Beta 通知", "news"),
    _post("1", "Alpha", "tech"),
)


@pytest.fixture
def reading(tmp_path: Path) -> Reading:
    archive = Archive(root=tmp_path, posts=POSTS)
    return Reading(archive, POSTS, StateStore.open(tmp_path, tmp_path / "state"))


def test_restore_target_is_the_first_post_without_state(reading: Reading) -> None:
    assert reading.restore_target() == (POSTS[0], 0.0)


def test_restore_target_is_the_last_position(reading: Reading) -> None:
    reading.state.save_position(POSTS[2].path, 12.0)
    assert reading.restore_target() == (POSTS[2], 12.0)


def test_filter_folds_case_within_the_chosen_group(reading: Reading) -> None:
    reading.set_filter("beta")
    assert reading.visible() == [POSTS[1]]
    reading.choose_group(Group("category", ("tech",)))
    reading.set_filter("")
    assert reading.visible() == [POSTS[2]]
    reading.set_filter("beta")
    assert reading.visible() == []


def test_arrived_drops_a_document_asked_for_before_another(reading: Reading) -> None:
    first, second = OpenRequest(POSTS[0]), OpenRequest(POSTS[1])
    reading.request(first)
    reading.request(second)
    assert not reading.arrived(first, Document(blocks=()), [])
    assert reading.arrived(second, Document(blocks=()), [])
    assert reading.current is POSTS[1]


def test_back_and_forward_follow_the_history(reading: Reading) -> None:
    for post in POSTS[:2]:
        reading.request(OpenRequest(post))
    assert reading.back() is POSTS[0]
    assert reading.forward() is POSTS[1]
    assert reading.forward() is None


def test_toggles_need_an_open_post(reading: Reading) -> None:
    assert reading.toggle_read() is None and reading.toggle_bookmark() is None
    reading.request(OpenRequest(POSTS[0]))
    reading.arrived(reading.opening or OpenRequest(POSTS[0]), Document(blocks=()), [])
    assert reading.toggle_read() is True
    assert reading.toggle_bookmark() is True
    reading.choose_group(BOOKMARKS)
    assert reading.group_posts == [POSTS[0]]


@pytest.mark.parametrize(
    ("top", "step", "expected"), [(0, 1, 2), (2, 1, 7), (7, 1, None), (7, -1, 2), (2, -1, None)]
)
def test_section_target(reading: Reading, top: int, step: int, expected: int | None) -> None:
    child = OutlineNode(level=2, marker="（一）", title="b", block=7, end=0)
    top_node = OutlineNode(level=1, marker="一、", title="a", block=2, end=0, children=(child,))
    reading.document = Document(blocks=(), outline=(top_node,))
    assert reading.section_target(top, step) == expected


@pytest.mark.parametrize(
    ("current", "cursor", "step", "expected"),
    [(None, 0, 1, 1), (POSTS[1], 0, 1, 2), (POSTS[2], 0, 1, None), (POSTS[0], 2, -1, None)],
)
def test_neighbour(current: Post | None, cursor: int, step: int, expected: int | None) -> None:
    assert neighbour(POSTS, current, cursor, step) == expected


def test_neighbour_of_an_empty_list() -> None:
    assert neighbour((), None, 0, 1) is None


@pytest.mark.parametrize(
    ("width", "expected"),
    [
        (80, PaneBand(single=True, categories=False, outline=False)),
        (110, PaneBand(single=False, categories=False, outline=False)),
        (120, PaneBand(single=False, categories=False, outline=True)),
        (150, PaneBand(single=False, categories=True, outline=True)),
    ],
)
def test_pane_band_follows_the_width(width: int, expected: PaneBand) -> None:
    assert band_for(width) == expected


def test_unread_counts_follow_marks_and_mark_all_undoes(reading: Reading) -> None:
    news = Group("category", ("news",))
    assert reading.unread[ALL] == 3 and reading.unread[news] == 2
    assert reading.set_read(POSTS[0], True) and not reading.set_read(POSTS[0], True)
    assert reading.unread[ALL] == 2 and reading.unread[news] == 1
    assert reading.unread[Group("day", ("2022", "01", "03"))] == 0
    assert reading.mark_all_read(POSTS) == 2 and reading.unread[ALL] == 0
    assert reading.undo_mark_all() == 2
    assert reading.unread[ALL] == 2 and reading.state.read_paths() == {POSTS[0].path}
    assert reading.undo_mark_all() == 0


def test_next_unread_in_the_list_then_the_next_category(reading: Reading) -> None:
    reading.set_read(POSTS[1], True)
    assert reading.next_unread(POSTS, 0, 1) == 2
    assert reading.next_unread(POSTS, 2, -1) == 0
    reading.choose_group(Group("category", ("news",)))
    reading.mark_all_read(reading.visible())
    found = reading.next_unread_group(1)
    assert found is not None and found[0] == Group("category", ("tech",)) and found[1] == [POSTS[2]]
    assert reading.next_unread_group(-1) is None


def test_unread_only_and_sorts(reading: Reading) -> None:
    reading.set_read(POSTS[0], True)
    reading.unread_only = True
    assert reading.visible() == [POSTS[1], POSTS[2]]
    reading.unread_only = False
    assert [reading.cycle_sort(), reading.cycle_sort(), reading.cycle_sort()] == [
        "title",
        "category",
        "date",
    ]


def test_days_ago_count_from_today_in_the_archive_s_zone(tmp_path: Path) -> None:
    """``until:0d`` is today where the archive's posts are dated, asked at each filter."""
    from zoneinfo import ZoneInfo

    from newsreader.core.archive.dates import today_in

    ahead, behind = ZoneInfo("Pacific/Kiritimati"), ZoneInfo("Etc/GMT+12")  # 26 hours apart
    midnight = datetime.now(ahead).replace(hour=0, minute=0, second=0, microsecond=0)
    today = Post(path="_posts/t.md", title="today", date=midnight, slug="t")
    for zone, expected in ((ahead, [today]), (behind, [])):
        archive = Archive(root=tmp_path, posts=(today,), timezone=zone)
        reading = Reading(archive, (today,), StateStore.open(tmp_path, tmp_path / "state"))
        reading.set_filter("until:0d")  # behind, today is still the day before the post's
        assert reading.visible() == expected, (zone, today_in(zone))
