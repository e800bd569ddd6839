"""A reloaded archive's lookups made off the event loop, then taken by the reading."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from newsreader.core.model import Archive, Post
from newsreader.core.state import StateStore
from newsreader.ui.model.catalog import Group, build_catalog, unread_counts
from newsreader.ui.model.reading import Reading, derive


def _post(day: int, category: str) -> Post:
    return Post(
        path=f"_posts/2022-01-{day:02d}-x.md",
        title=f"第{day}篇",
        date=datetime(2022, 1, day, tzinfo=UTC),
        slug=str(day),
        categories=(category,),
    )


OLD = (_post(3, "news"), _post(2, "news"), _post(1, "tech"))
NEW = (_post(4, "tech"), *OLD)


def test_derived_lookups_are_those_the_reading_makes(tmp_path: Path) -> None:
    archive = Archive(root=tmp_path, posts=NEW)
    read = {NEW[1].path}
    derived = derive(archive, NEW, read)
    assert derived.catalog == build_catalog(archive, NEW)
    assert derived.unread == unread_counts(NEW, read)
    assert derived.by_path == {post.path: post for post in NEW}
    assert derived.in_date_order
    assert not derive(archive, tuple(reversed(NEW)), read).in_date_order


def test_marks_made_while_the_lookups_were_made_are_kept(tmp_path: Path) -> None:
    with StateStore.open(tmp_path, tmp_path / "state") as state:
        reading = Reading(Archive(root=tmp_path, posts=OLD), OLD, state)
        shared = reading.read  # the list draws its marks from this very set
        new_archive = Archive(root=tmp_path, posts=NEW)
        derived = derive(new_archive, NEW, set(reading.read))  # as the watcher's thread does
        reading.set_read(OLD[0], True)  # the user reads on meanwhile
        reading.set_read(NEW[0], True)  # a post the reading does not know yet
        reading.replace_archive(new_archive, NEW, derived)
        assert reading.read is shared
        assert reading.read == {OLD[0].path, NEW[0].path}
        assert reading.unread == unread_counts(NEW, reading.read)
        assert reading.unread[Group("category", ("tech",))] == 1
        assert reading.catalog == build_catalog(new_archive, NEW)
        assert reading.group_posts == list(NEW)


def test_a_reload_without_derived_lookups_keeps_the_read_set_too(tmp_path: Path) -> None:
    with StateStore.open(tmp_path, tmp_path / "state") as state:
        reading = Reading(Archive(root=tmp_path, posts=OLD), OLD, state)
        shared = reading.read
        reading.set_read(OLD[2], True)
        reading.replace_archive(Archive(root=tmp_path, posts=NEW), NEW)
        assert reading.read is shared and reading.read == {OLD[2].path}
