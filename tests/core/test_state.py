"""Tests for the per-archive reader state store (newsreader.core.state)."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from newsreader.core import state as state_module
from newsreader.core.state import SCHEMA_VERSION, StateStore, state_file

POST_A = "_posts/2022-01-11-a.md"
POST_B = "news/_posts/2022-01-12-b.md"
POST_C = "_posts/2022-01-13-中文.md"


@pytest.fixture
def archive(make_archive: Callable[[dict[str, str | bytes]], Path]) -> Path:
    """A tiny archive; its contents do not matter to the state store."""
    return make_archive({POST_A: "---\ntitle: A\n---\nbody\n"})


@pytest.fixture
def state_dir(tmp_path: Path) -> Path:
    """A state base directory outside the archive."""
    return tmp_path / "state"


@pytest.fixture
def store(archive: Path, state_dir: Path) -> Iterator[StateStore]:
    """An open store, closed after the test."""
    with StateStore.open(archive, state_dir) as opened:
        yield opened


def test_fresh_store_is_empty_and_quiet(store: StateStore) -> None:
    assert store.notice is None
    assert store.path is not None and store.path.is_file()
    assert store.read_paths() == set()
    assert store.bookmarks() == []
    assert store.last_position() is None


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ([(POST_A, True)], {POST_A}),
        ([(POST_A, True), (POST_A, True)], {POST_A}),
        ([(POST_A, True), (POST_B, True), (POST_A, False)], {POST_B}),
        ([(POST_C, False)], set()),
        ([(POST_C, True), (POST_B, True)], {POST_B, POST_C}),
    ],
)
def test_read_marks_round_trip(
    store: StateStore, changes: list[tuple[str, bool]], expected: set[str]
) -> None:
    for path, read in changes:
        store.set_read(path, read)
    assert store.read_paths() == expected
    for path in (POST_A, POST_B, POST_C):
        assert (path in store.read_paths()) is (path in expected)


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ([(POST_A, True), (POST_B, True), (POST_C, True)], [POST_C, POST_B, POST_A]),
        ([(POST_A, True), (POST_B, True), (POST_A, True)], [POST_B, POST_A]),
        ([(POST_A, True), (POST_B, True), (POST_B, False)], [POST_A]),
        ([(POST_A, True), (POST_A, False), (POST_A, True), (POST_B, True)], [POST_B, POST_A]),
        ([(POST_A, True), (POST_B, True), (POST_A, False), (POST_A, True)], [POST_A, POST_B]),
        ([(POST_A, False)], []),
    ],
)
def test_bookmarks_most_recent_first(
    store: StateStore, changes: list[tuple[str, bool]], expected: list[str]
) -> None:
    for path, on in changes:
        store.set_bookmarked(path, on)
    assert store.bookmarks() == expected
    for path in (POST_A, POST_B, POST_C):
        assert store.is_bookmarked(path) is (path in expected)


@pytest.mark.parametrize(
    ("scroll_y", "expected"),
    [(12.5, 12.5), (0.0, 0.0), (-3.0, 0.0), (float("nan"), 0.0), (float("inf"), 0.0)],
)
def test_position_round_trip(store: StateStore, scroll_y: float, expected: float) -> None:
    store.save_position(POST_A, 99.0)
    store.save_position(POST_B, scroll_y)
    assert store.last_position() == (POST_B, expected)


def test_state_persists_across_opens(archive: Path, state_dir: Path) -> None:
    with StateStore.open(archive, state_dir) as first:
        first.set_read(POST_A, True)
        first.set_bookmarked(POST_B, True)
        first.set_bookmarked(POST_C, True)
        first.save_position(POST_C, 42.0)
    with StateStore.open(archive, state_dir) as second:
        assert second.notice is None
        assert second.read_paths() == {POST_A}
        assert second.bookmarks() == [POST_C, POST_B]
        assert second.last_position() == (POST_C, 42.0)


def test_bookmarks_are_written_at_once(archive: Path, state_dir: Path) -> None:
    # Kept in memory, but on disk as soon as they change: another reader sees them.
    with StateStore.open(archive, state_dir) as first:
        first.set_bookmarked(POST_A, True)
        first.set_bookmarked(POST_B, True)
        with StateStore.open(archive, state_dir) as second:
            assert second.bookmarks() == [POST_B, POST_A]
            assert second.is_bookmarked(POST_A) and not second.is_bookmarked(POST_C)
        first.set_bookmarked(POST_A, False)
        with StateStore.open(archive, state_dir) as third:
            assert third.bookmarks() == [POST_B]


def test_two_archives_are_separate(tmp_path: Path, state_dir: Path) -> None:
    # Same folder name in different places: the hash must tell them apart.
    one, two = tmp_path / "x" / "blog", tmp_path / "y" / "blog"
    one.mkdir(parents=True)
    two.mkdir(parents=True)
    with StateStore.open(one, state_dir) as first, StateStore.open(two, state_dir) as second:
        first.set_read(POST_A, True)
        first.set_bookmarked(POST_A, True)
        first.save_position(POST_A, 1.0)
        assert second.read_paths() == set()
        assert second.bookmarks() == []
        assert second.last_position() is None
        assert first.path != second.path


@pytest.mark.parametrize("name", ["blog", "新闻 archive!", ".hidden", "中文"])
def test_state_file_name_is_readable_stem_plus_hash(
    tmp_path: Path, state_dir: Path, name: str
) -> None:
    root = tmp_path / name
    path = state_file(root, state_dir)
    assert path.parent == state_dir
    assert re.fullmatch(r"[A-Za-z0-9._-]+-[0-9a-f]{16}\.sqlite3", path.name)
    assert state_file(root / ".." / name, state_dir) == path  # resolved first


def test_nothing_is_written_inside_the_archive(archive: Path, state_dir: Path) -> None:
    before = sorted(archive.rglob("*"))
    with StateStore.open(archive, state_dir) as store:
        store.set_read(POST_A, True)
        store.save_position(POST_A, 3.0)
    assert sorted(archive.rglob("*")) == before


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG applies on Linux")
def test_xdg_state_home_is_honoured(
    archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    xdg = tmp_path / "xdg-state"
    monkeypatch.setenv("XDG_STATE_HOME", str(xdg))
    with StateStore.open(archive) as store:
        store.set_read(POST_A, True)
        assert store.path is not None
        assert store.path.parent == xdg / "newsreader"
    assert store.path.is_file()


def _garbage(path: Path) -> None:
    path.write_bytes(b"\x00\xffnot a database at all\n" * 64)


def _foreign_db(path: Path) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE notes (body TEXT)")
    conn.close()


def _missing_tables(path: Path) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute("CREATE TABLE read_posts (path TEXT PRIMARY KEY)")
    conn.close()


@pytest.mark.parametrize("spoil", [_garbage, _foreign_db, _missing_tables])
def test_damaged_file_is_moved_aside_and_recreated(
    archive: Path, state_dir: Path, spoil: Callable[[Path], None]
) -> None:
    target = state_file(archive, state_dir)
    state_dir.mkdir()
    spoil(target)
    damaged = target.read_bytes()
    with StateStore.open(archive, state_dir) as store:
        assert store.path == target
        assert store.notice is not None and str(target) in store.notice
        store.set_read(POST_A, True)
    aside = [p for p in state_dir.iterdir() if p.name.startswith(target.name + ".corrupt-")]
    assert len(aside) == 1
    assert re.fullmatch(re.escape(target.name) + r"\.corrupt-\d{14}", aside[0].name)
    assert aside[0].read_bytes() == damaged
    with StateStore.open(archive, state_dir) as again:
        assert again.notice is None
        assert again.read_paths() == {POST_A}


def test_newer_schema_is_left_untouched(archive: Path, state_dir: Path) -> None:
    target = state_file(archive, state_dir)
    state_dir.mkdir()
    with sqlite3.connect(target) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    before = target.read_bytes()
    with StateStore.open(archive, state_dir) as store:
        assert store.path is None
        assert store.notice is not None and "newer version" in store.notice
        store.set_read(POST_A, True)
        assert POST_A in store.read_paths()
    assert target.read_bytes() == before
    assert [p.name for p in state_dir.iterdir()] == [target.name]


def test_state_dir_that_cannot_be_created_falls_back_to_memory(
    archive: Path, tmp_path: Path
) -> None:
    # A file where the directory should be: fails even for root.
    blocker = tmp_path / "blocker"
    blocker.write_text("in the way")
    with StateStore.open(archive, blocker / "state") as store:
        assert store.path is None
        assert store.notice is not None and str(blocker) in store.notice
        store.set_read(POST_A, True)
        store.set_bookmarked(POST_A, True)
        store.save_position(POST_A, 2.0)
        assert store.read_paths() == {POST_A}
        assert store.bookmarks() == [POST_A]
        assert store.last_position() == (POST_A, 2.0)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores modes")
def test_read_only_state_dir_falls_back_to_memory(archive: Path, state_dir: Path) -> None:
    state_dir.mkdir()
    state_dir.chmod(0o555)
    try:
        with StateStore.open(archive, state_dir) as store:
            assert store.path is None and store.notice is not None
            store.set_read(POST_A, True)
            assert POST_A in store.read_paths()
    finally:
        state_dir.chmod(0o755)
    assert list(state_dir.iterdir()) == []


def test_unwritable_file_keeps_earlier_state_visible(
    archive: Path, state_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with StateStore.open(archive, state_dir) as first:
        first.set_read(POST_A, True)
        first.set_bookmarked(POST_B, True)
    before = state_file(archive, state_dir).read_bytes()

    def refuse(path: Path) -> tuple[sqlite3.Connection, str | None]:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(state_module, "_open_file", refuse)
    with StateStore.open(archive, state_dir) as store:
        assert store.path is None
        assert store.notice is not None and "Permission denied" in store.notice
        assert store.read_paths() == {POST_A}
        assert store.bookmarks() == [POST_B]
        store.set_read(POST_C, True)
    assert state_file(archive, state_dir).read_bytes() == before


def test_failed_write_sets_notice_instead_of_raising(archive: Path, state_dir: Path) -> None:
    with StateStore.open(archive, state_dir) as store:
        store.set_read(POST_A, True)
        store._conn.execute("PRAGMA query_only = ON")  # writes now fail like a read-only disk
        store.set_read(POST_B, True)
        store.set_bookmarked(POST_B, True)
        store.save_position(POST_B, 1.0)
        assert store.notice is not None and "Could not save" in store.notice
        assert store.read_paths() == {POST_A}


def test_a_write_failing_after_open_is_told_once(archive: Path, state_dir: Path) -> None:
    # The UI shows what on_notice is given: a full disk after start must reach the user.
    told: list[str] = []
    with StateStore.open(archive, state_dir) as store:
        store.on_notice = told.append
        store.set_read(POST_A, True)
        assert told == []
        store._conn.execute("PRAGMA query_only = ON")  # writes now fail like a full disk
        store.set_read_many([POST_B, POST_C], True)  # on the store's thread
        store.set_bookmarked(POST_B, True)
        store.set_read(POST_C, True)
        assert store.read_paths() == {POST_A}
    assert len(told) == 1 and told[0] == store.notice
    assert "Could not save" in told[0] and "may not be kept" in told[0]


def test_a_deleted_state_folder_is_made_again_with_the_marks(
    archive: Path, state_dir: Path
) -> None:
    told: list[str] = []
    with StateStore.open(archive, state_dir) as store:
        store.on_notice = told.append
        store.set_read(POST_A, True)
        store.set_bookmarked(POST_B, True)
        store.save_position(POST_A, 3.0)
        shutil.rmtree(state_dir)  # a cleaner, or rm -rf ~/.local/state
        store.set_read_many([POST_C], True)
        assert POST_C in store.read_paths()  # waits for the store's thread
        assert state_file(archive, state_dir).is_file()
        store.set_bookmarked(POST_C, True)
    assert len(told) == 1 and "made again" in told[0]
    with StateStore.open(archive, state_dir) as again:
        assert again.read_paths() == {POST_A, POST_C}
        assert again.bookmarks() == [POST_C, POST_B]
        assert again.last_position() == (POST_A, 3.0)


def test_a_state_file_deleted_after_the_last_write_is_saved_at_close(
    archive: Path, state_dir: Path
) -> None:
    with StateStore.open(archive, state_dir) as store:
        store.set_read(POST_A, True)
        state_file(archive, state_dir).unlink()
    with StateStore.open(archive, state_dir) as again:
        assert again.read_paths() == {POST_A}


def test_marks_of_two_readers_join_in_the_file_made_again(archive: Path, state_dir: Path) -> None:
    with StateStore.open(archive, state_dir) as one, StateStore.open(archive, state_dir) as two:
        one.set_read(POST_A, True)
        shutil.rmtree(state_dir)
        two.set_read(POST_B, True)  # makes the file again first
        one.set_read(POST_C, True)  # finds another file there and adds its marks
        assert one.read_paths() == two.read_paths() == {POST_A, POST_B, POST_C}
    with StateStore.open(archive, state_dir) as again:
        assert again.read_paths() == {POST_A, POST_B, POST_C}


def test_a_state_file_that_cannot_be_made_again_keeps_marks_until_quit(
    archive: Path, state_dir: Path
) -> None:
    told: list[str] = []
    with StateStore.open(archive, state_dir) as store:
        store.on_notice = told.append
        store.set_read(POST_A, True)
        shutil.rmtree(state_dir)
        state_dir.write_text("in the way")  # fails even for root
        store.set_read(POST_B, True)
        store.set_read(POST_C, True)
        assert store.path is None
        assert store.read_paths() == {POST_A, POST_B, POST_C}
    assert len(told) == 1 and "last only until you quit" in told[0]


def test_two_stores_on_one_archive_share_state(archive: Path, state_dir: Path) -> None:
    # Two open handles stand in for two reader processes: each change is committed at once.
    with StateStore.open(archive, state_dir) as one, StateStore.open(archive, state_dir) as two:
        one.set_read(POST_A, True)
        two.set_bookmarked(POST_B, True)
        assert POST_A in two.read_paths()
        assert one.bookmarks() == [POST_B]
        assert one.is_bookmarked(POST_B)  # asking for the list brought the memory up to date


def test_context_manager_closes(archive: Path, state_dir: Path) -> None:
    with StateStore.open(archive, state_dir) as store:
        pass
    store.close()  # a second close is harmless
    with pytest.raises(sqlite3.ProgrammingError):
        store.read_paths()


def test_notice_has_no_control_characters(tmp_path: Path, archive: Path) -> None:
    blocker = tmp_path / "evil\x1b[31m"
    blocker.write_text("in the way")
    with StateStore.open(archive, blocker / "state") as store:
        assert store.notice is not None
        assert "\x1b" not in store.notice


@pytest.mark.parametrize(
    "path",
    [
        os.fsdecode(b"_posts/2022-01-05-bad\xff\xfe.md"),  # not UTF-8: surrogate escapes
        "_posts/2022-01-05-常州.md",
        "_posts/2022-01-05-back\\xff.md",  # a literal backslash-x, not an escape
    ],
)
def test_any_file_name_keeps_its_marks(archive: Path, state_dir: Path, path: str) -> None:
    """Read marks, bookmarks and the position hold for any name the filesystem allows."""
    with StateStore.open(archive, state_dir) as store:
        store.set_read(path, True)
        store.set_bookmarked(path, True)
        store.save_position(path, 3.0)
    with StateStore.open(archive, state_dir) as again:
        assert again.read_paths() == {path}
        assert again.is_bookmarked(path) and again.bookmarks() == [path]
        assert again.last_position() == (path, 3.0)
        assert again.notice is None
        again.set_read(path, False)
        assert again.read_paths() == set()


_VERSION_1 = (
    "CREATE TABLE read_posts (path TEXT PRIMARY KEY) WITHOUT ROWID",
    "CREATE TABLE bookmarks (seq INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE)",
    "CREATE TABLE position"
    " (id INTEGER PRIMARY KEY CHECK (id = 1), path TEXT NOT NULL, scroll_y REAL NOT NULL)",
    "INSERT INTO read_posts VALUES ('_posts/2022-01-01-a.md')",
    "PRAGMA user_version = 1",
)


def test_version_1_file_is_upgraded_and_keeps_its_marks(archive: Path, state_dir: Path) -> None:
    path = state_file(archive, state_dir)
    path.parent.mkdir(parents=True)
    with sqlite3.connect(path) as conn:
        for statement in _VERSION_1:
            conn.execute(statement)
    conn.close()
    with StateStore.open(archive, state_dir) as store:
        assert store.notice is None
        assert store.read_paths() == {"_posts/2022-01-01-a.md"}
        store.save_view({"sort": "title"})
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 2
    conn.close()


def test_view_round_trips_any_json_and_any_path(archive: Path, state_dir: Path) -> None:
    view: dict[str, object] = {
        "group": ["category", ["news", "本地"]],
        "selected": "_posts/\udcff-x.md",
        "outline": [3, 7],
        "list_y": 12,
    }
    with StateStore.open(archive, state_dir) as store:
        store.save_view(view)
    with StateStore.open(archive, state_dir) as store:
        assert store.view() == view


def test_unreadable_view_value_is_skipped(archive: Path, state_dir: Path) -> None:
    with StateStore.open(archive, state_dir) as store:
        store.save_view({"sort": "date"})
        store._conn.execute("INSERT INTO view VALUES ('broken', '{not json')")
        assert store.view() == {"sort": "date"}


@pytest.fixture
def held_write(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """Hold every many-marks write until the returned event is set (a slow disk)."""
    release, write = threading.Event(), state_module._write_many

    def held(*args: Any) -> None:
        assert release.wait(10), "the write was never released"
        write(*args)

    monkeypatch.setattr(state_module, "_write_many", held)
    return release


def test_many_marks_return_before_they_are_written(
    store: StateStore, held_write: threading.Event
) -> None:
    paths = [f"_posts/2022-01-0{day}-a.md" for day in range(1, 6)]
    store.set_read_many(paths, True)  # returns although the write is held
    threading.Timer(0.1, held_write.set).start()
    assert store.read_paths() == set(paths)  # a read waits for it


def test_a_mark_after_many_marks_is_written_after_them(
    store: StateStore, held_write: threading.Event
) -> None:
    paths = [f"_posts/2022-01-0{day}-a.md" for day in range(1, 6)]
    store.set_read_many(paths, True)
    threading.Timer(0.1, held_write.set).start()
    store.set_read(paths[0], False)
    assert store.read_paths() == set(paths[1:])


def test_an_undo_queues_behind_the_marks_it_takes_back(
    store: StateStore, held_write: threading.Event
) -> None:
    paths = [f"_posts/2022-01-0{day}-a.md" for day in range(1, 6)]
    store.set_read_many(paths, True)
    store.set_read_many(paths[:2], False)  # returns too: both are held
    threading.Timer(0.1, held_write.set).start()
    assert store.read_paths() == set(paths[2:])


def test_closing_lets_many_marks_finish(
    archive: Path, state_dir: Path, held_write: threading.Event
) -> None:
    paths = [f"_posts/2022-01-0{day}-a.md" for day in range(1, 6)]
    with StateStore.open(archive, state_dir) as store:
        store.set_read_many(paths, True)
        threading.Timer(0.1, held_write.set).start()
    with StateStore.open(archive, state_dir) as store:
        assert store.read_paths() == set(paths)


def test_many_marks_that_fail_leave_a_notice(
    store: StateStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing(*_args: Any) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(state_module, "_write_many", failing)
    store.set_read_many(["_posts/2022-01-01-a.md"], True)
    assert store.read_paths() == set()
    assert store.notice is not None and "disk I/O error" in store.notice


def test_many_marks_at_once_and_back(store: StateStore) -> None:
    paths = [f"_posts/2022-01-0{day}-a.md" for day in range(1, 6)]
    store.set_read_many(paths, True)
    assert store.read_paths() == set(paths)
    store.set_read_many(paths[:3], False)
    assert store.read_paths() == set(paths[3:])


class _LockedAtFirst:
    """A connection whose journal-mode change meets another process's lock ``times`` times."""

    def __init__(self, times: int, message: str = "database is locked") -> None:
        self.left, self.message, self.asked = times, message, 0

    def execute(self, sql: str) -> None:
        self.asked += 1
        if self.left:
            self.left -= 1
            raise sqlite3.OperationalError(self.message)


def test_wal_waits_for_another_process_lock() -> None:
    """SQLite does not wait on a locked journal-mode change: the store does, as for a write."""
    conn = _LockedAtFirst(3)
    state_module._use_wal(conn)  # type: ignore[arg-type]
    assert conn.asked == 4


def test_wal_gives_up_on_other_errors_and_after_the_timeout(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with pytest.raises(sqlite3.OperationalError, match="disk I/O"):
        state_module._use_wal(_LockedAtFirst(1, "disk I/O error"))  # type: ignore[arg-type]
    monkeypatch.setattr(state_module, "BUSY_TIMEOUT", 0.02)
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        state_module._use_wal(_LockedAtFirst(10**6))  # type: ignore[arg-type]


def test_a_state_folder_inside_the_archive_is_never_written(tmp_path: Path) -> None:
    """``newsreader ~``: the default state folder, ~/.local/state, is inside the archive."""
    archive = tmp_path / "home"
    (archive / "_posts").mkdir(parents=True)
    store = StateStore.open(archive, archive / ".local" / "state")
    store.set_read("_posts/a.md", True)
    assert store.read_paths() == {"_posts/a.md"}  # kept, in memory
    assert store.notice is not None and "inside the archive" in store.notice
    store.close()
    assert sorted(path.name for path in archive.iterdir()) == ["_posts"]
