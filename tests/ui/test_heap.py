"""Long-lived objects are left out of the garbage collector's full passes: when, and which."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from newsreader.ui.screens.main import FREEZE_FROM, keep_out_of_collections, settle_heap
from tests.ui.conftest import Reader, main_screen, settle


@pytest.fixture
def thawed() -> Iterator[None]:
    gc.unfreeze()
    yield
    gc.unfreeze()


@pytest.mark.usefixtures("thawed")
@pytest.mark.parametrize(
    ("posts", "frozen"), [(0, False), (FREEZE_FROM - 1, False), (FREEZE_FROM, True)]
)
def test_only_a_big_archive_is_frozen(posts: int, frozen: bool) -> None:
    assert keep_out_of_collections(posts) is frozen
    assert (gc.get_freeze_count() > 0) is frozen


class _Node:
    me: object = None


@pytest.mark.usefixtures("thawed")
def test_settling_collects_the_garbage_then_freezes_what_is_alive() -> None:
    alive = _Node()
    alive.me = alive  # a cycle still in use
    dead = _Node()
    dead.me = dead  # a cycle nothing uses: garbage only a full pass finds
    gone = weakref.ref(dead)
    del dead
    gc.disable()  # no pass of the collector's own before settle_heap's
    try:
        assert gone() is not None
        settle_heap()
        assert gone() is None  # collected, not kept frozen
        assert gc.get_freeze_count() > 0 and alive.me is alive
    finally:
        gc.enable()


@pytest.mark.usefixtures("thawed")
async def test_the_reader_settles_its_heap_once_its_first_post_is_drawn(
    reader: Reader, make_archive: Callable[[dict[str, str | bytes]], Path]
) -> None:
    root = make_archive({"_posts/2022-01-01-a.md": "---\ntitle: 甲篇\n---\n<p>正文</p>\n"})
    app = reader(root)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert main_screen(app).article_view.post is not None
        assert gc.get_freeze_count() > 0  # a small archive: frozen by settle_heap alone
