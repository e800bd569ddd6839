"""A big archive is left out of the garbage collector's full passes; a small one is not."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from newsreader.ui.screens.main import FREEZE_FROM, keep_out_of_collections


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
