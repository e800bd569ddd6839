"""The persistent index: same Archive as a plain load, re-reading only what changed."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from newsreader.core import parallel
from newsreader.core.archive.discovery import Candidate
from newsreader.core.archive.loader import load_archive
from newsreader.core.index import db as indexdb
from newsreader.core.index import metadata as index
from newsreader.core.index.db import SCHEMA_VERSION, cache_file, user_cache_dir
from newsreader.core.index.metadata import load_indexed
from newsreader.core.index.records import decode_post, encode_post, post_json

MakeArchive = Callable[[dict[str, str | bytes]], Path]

# Loads an archive through the index from a thread, as the reader does, and
# prints which way each parallel map went. It runs in its own interpreter, so
# the fork server it starts does not outlive it inside the test process.
THREADED_LOAD = """
import json, logging, sys, threading
from pathlib import Path
from newsreader.core import parallel
from newsreader.core.index.metadata import load_indexed

maps = []
class Record(logging.Handler):
    def emit(self, record):
        maps.append([record.method, record.processes])
log = logging.getLogger("newsreader.core.parallel")
log.addHandler(Record())
log.setLevel(logging.DEBUG)
parallel.MIN_ITEMS = int(sys.argv[3])
loaded = []
worker = threading.Thread(
    target=lambda: loaded.append(load_indexed(Path(sys.argv[1]), cache_dir=Path(sys.argv[2])))
)
worker.start()
worker.join()
print(json.dumps({"maps": maps, "posts": len(loaded[0].archive.posts)}))
"""


def post(title: str, day: int, body: str = "正文") -> str:
    """A small valid post."""
    return (
        f"---\ntitle: {title}\ndate: 2022-01-{day:02d} 10:00:00 +0800\n"
        f"categories: news\n---\n<p>{body}</p>\n"
    )


FILES: dict[str, str | bytes] = {
    "_config.yml": "timezone: Asia/Shanghai\n",
    "_posts/2022-01-01-a.md": post("甲", 1),
    "_posts/2022-01-02-b.md": post("乙", 2),
    "city/_posts/2022-01-03-c.md": post("丙", 3),
    "_posts/2022-01-04-bad.md": "---\ntitle: [unclosed\n---\nbody\n",
    "_posts/2022-01-05-no-time.md": "---\ntitle: 无时间\n---\nbody\n",
    "_posts/notes.txt": "not a post name",
}


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    """A private cache directory."""
    return tmp_path / "cache"


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record each file the cached loader reads afresh."""
    calls: list[str] = []
    real = index._read_post

    def spy(candidate: Candidate, config: object) -> object:
        calls.append(candidate.rel)
        return real(candidate, config)  # type: ignore[arg-type]

    monkeypatch.setattr(index, "_read_post", spy)
    return calls


@pytest.fixture
def archive_root(make_archive: MakeArchive) -> Path:
    """The small archive above, with a bad-YAML post and a skipped file."""
    return make_archive(FILES)


def load(root: Path, cache: Path) -> tuple[object, list[str]]:
    """Load through the cache and check it matches a plain load."""
    loaded = load_indexed(root, cache_dir=cache)
    archive, notices = loaded.archive, loaded.notices
    assert archive == load_archive(root)
    return archive, notices


def test_cold_load_reads_everything_and_matches_plain_load(
    archive_root: Path, cache: Path, reads: list[str]
) -> None:
    archive, notices = load(archive_root, cache)
    assert notices == []
    assert sorted(reads) == sorted(rel for rel in FILES if "_posts/2" in rel)
    assert archive.problems  # type: ignore[attr-defined]


def test_a_problem_an_older_index_stored_twice_is_listed_once(
    make_archive: MakeArchive, cache: Path
) -> None:
    """Rows indexed before the loader noted each reason once hold the repeat; it is dropped."""
    rel = "_posts/2022-01-07-tags.md"
    root = make_archive({rel: "---\ntitle: t\ntags: [[a, b], [c]]\n---\nx\n"})
    load_indexed(root, cache_dir=cache)
    twice = json.dumps([[rel, "'tags' holds a list, not text: skipped", None]] * 2)
    conn = sqlite3.connect(cache_file(root, cache))
    with conn:
        conn.execute("UPDATE files SET problems = ? WHERE rel = ?", (twice, rel))
    conn.close()
    archive = load_indexed(root, cache_dir=cache).archive
    assert [str(p) for p in archive.problems] == [f"{rel}: 'tags' holds a list, not text: skipped"]


def test_warm_load_reads_nothing_and_keeps_problems(
    archive_root: Path, cache: Path, reads: list[str]
) -> None:
    first, _ = load(archive_root, cache)
    reads.clear()
    second, notices = load(archive_root, cache)
    assert (reads, notices) == ([], [])
    assert second == first


def _add(root: Path) -> set[str]:
    (root / "_posts/2022-01-09-new.md").write_text(post("新", 9), encoding="utf-8")
    return {"_posts/2022-01-09-new.md"}


def _change(root: Path) -> set[str]:
    target = root / "_posts/2022-01-02-b.md"
    target.write_text(post("乙改", 2), encoding="utf-8")
    os.utime(target, ns=(1, 10**18))
    return {"_posts/2022-01-02-b.md"}


def _touch_same_size(root: Path) -> set[str]:
    target = root / "_posts/2022-01-02-b.md"
    target.write_text(post("丁", 2), encoding="utf-8")  # same length, other title
    os.utime(target, ns=(1, 10**18))
    return {"_posts/2022-01-02-b.md"}


def _delete(root: Path) -> set[str]:
    (root / "_posts/2022-01-01-a.md").unlink()
    return set()


def _rename(root: Path) -> set[str]:
    (root / "_posts/2022-01-01-a.md").rename(root / "_posts/2022-01-07-a.md")
    return {"_posts/2022-01-07-a.md"}


def _fix_bad_yaml(root: Path) -> set[str]:
    (root / "_posts/2022-01-04-bad.md").write_text(post("好", 4), encoding="utf-8")
    return {"_posts/2022-01-04-bad.md"}


def _change_config(root: Path) -> set[str]:
    (root / "_config.yml").write_text("timezone: Europe/Paris\n", encoding="utf-8")
    return {rel for rel in FILES if "_posts/2" in rel}


@pytest.mark.parametrize(
    "change",
    [_add, _change, _touch_same_size, _delete, _rename, _fix_bad_yaml, _change_config],
    ids=lambda change: change.__name__.strip("_"),
)
def test_refresh_rereads_only_changed_files(
    archive_root: Path, cache: Path, reads: list[str], change: Callable[[Path], set[str]]
) -> None:
    load(archive_root, cache)
    reads.clear()
    expected = change(archive_root)
    load(archive_root, cache)
    assert set(reads) == expected
    reads.clear()
    load(archive_root, cache)
    assert reads == []


def test_named_zone_survives_the_round_trip(archive_root: Path, cache: Path) -> None:
    load(archive_root, cache)
    archive, _ = load(archive_root, cache)
    plain = load_archive(archive_root)
    for cached, fresh in zip(archive.posts, plain.posts, strict=True):  # type: ignore[attr-defined]
        assert cached.date.tzinfo == fresh.date.tzinfo
        assert decode_post(cached.path, encode_post(cached)) == cached


def _garbage(path: Path) -> None:
    path.write_bytes(b"this is not a database" * 100)
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _version(number: int) -> Callable[[Path], None]:
    def set_version(path: Path) -> None:
        with sqlite3.connect(path) as conn:
            conn.execute(f"PRAGMA user_version = {number}")

    set_version.__name__ = f"version_{number}"
    return set_version


@pytest.mark.parametrize(
    "damage",
    [_garbage, _version(SCHEMA_VERSION - 1), _version(SCHEMA_VERSION + 1)],
    ids=lambda damage: damage.__name__,
)
def test_damaged_or_stale_index_is_rebuilt_with_a_notice(
    archive_root: Path, cache: Path, reads: list[str], damage: Callable[[Path], None]
) -> None:
    load(archive_root, cache)
    damage(cache_file(archive_root, cache))
    reads.clear()
    _, notices = load(archive_root, cache)
    assert len(notices) == 1 and "rebuilt" in notices[0]
    assert reads  # everything was read again
    _, notices = load(archive_root, cache)
    assert notices == []


@pytest.fixture
def short_busy_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    """Give up on a held lock quickly."""
    monkeypatch.setattr(indexdb, "BUSY_TIMEOUT", 0.05)


@pytest.fixture
def writer(archive_root: Path, cache: Path) -> Iterator[sqlite3.Connection]:
    """Another connection holding the index's write lock."""
    load(archive_root, cache)
    conn = sqlite3.connect(cache_file(archive_root, cache), isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    yield conn
    conn.execute("ROLLBACK")
    conn.close()


@pytest.mark.usefixtures("short_busy_timeout")
def test_write_lock_held_elsewhere_still_loads_with_a_notice(
    archive_root: Path, cache: Path, writer: sqlite3.Connection
) -> None:
    _add(archive_root)
    _, notices = load(archive_root, cache)
    assert len(notices) == 1 and "busy" in notices[0]


@pytest.mark.usefixtures("short_busy_timeout")
def test_exclusive_lock_elsewhere_falls_back_to_a_plain_load(
    archive_root: Path, cache: Path
) -> None:
    load(archive_root, cache)
    holder = sqlite3.connect(cache_file(archive_root, cache), isolation_level=None)
    holder.execute("PRAGMA locking_mode=EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        _, notices = load(archive_root, cache)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert len(notices) == 1 and "busy" in notices[0]


def test_two_loaders_at_once_agree(archive_root: Path, cache: Path) -> None:
    results: list[object] = []

    def run() -> None:
        results.append(load_indexed(archive_root, cache_dir=cache).archive)

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [load_archive(archive_root)] * 4


def test_no_cache_writes_nothing(archive_root: Path, cache: Path) -> None:
    loaded = load_indexed(archive_root, use_cache=False, cache_dir=cache)
    assert (loaded.archive, loaded.notices) == (load_archive(archive_root), [])
    assert not cache.exists()


def test_index_never_writes_inside_the_archive(archive_root: Path, cache: Path) -> None:
    before = sorted(archive_root.rglob("*"))
    load(archive_root, cache)
    assert sorted(archive_root.rglob("*")) == before


def test_single_file_archive_is_read_directly(sample_archive: Path, cache: Path) -> None:
    seed = next((sample_archive / "_posts").glob("2022-01-11-*.md"))
    loaded = load_indexed(seed, cache_dir=cache)
    assert (loaded.archive, loaded.notices) == (load_archive(seed), [])


def test_cache_location_honours_xdg_cache_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sample_archive: Path
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    path = cache_file(sample_archive)
    assert path.parent == tmp_path / "xdg" / "newsreader"
    assert path.name.startswith("sample_posts-") and path.suffix == ".sqlite3"
    assert cache_file(sample_archive / ".") == path  # one cache per resolved path


def test_missing_root_raises(tmp_path: Path, cache: Path) -> None:
    with pytest.raises(FileNotFoundError):
        load_indexed(tmp_path / "nowhere", cache_dir=cache)


def test_json_lines_are_each_posts_record(archive_root: Path, cache: Path) -> None:
    for _ in ("cold", "warm"):
        loaded = load_indexed(archive_root, cache_dir=cache)
        assert loaded.archive == load_archive(archive_root)
        assert loaded.json_lines == {p.path: post_json(p) for p in loaded.archive.posts}


def test_a_load_without_lines_is_the_same_archive(archive_root: Path, cache: Path) -> None:
    for _ in ("cold", "warm"):
        loaded = load_indexed(archive_root, cache_dir=cache, with_lines=False)
        assert loaded.archive == load_archive(archive_root)
        assert loaded.json_lines == {}


def test_unreadable_rows_are_read_again_and_their_changes_named(
    archive_root: Path, cache: Path, reads: list[str]
) -> None:
    load(archive_root, cache)
    with sqlite3.connect(cache_file(archive_root, cache)) as conn:
        conn.execute("UPDATE files SET post = 'garbage' WHERE rel = '_posts/2022-01-01-a.md'")
        conn.execute("UPDATE files SET rel = NULL WHERE rel = 'city/_posts/2022-01-03-c.md'")
    (archive_root / "_posts/2022-01-02-b.md").unlink()
    _add(archive_root)
    reads.clear()
    loaded = load_indexed(archive_root, cache_dir=cache, with_lines=False)
    assert loaded.archive == load_archive(archive_root)
    assert loaded.notices == ["index held 2 unreadable row(s); their files were read again"]
    assert sorted(reads) == [
        "_posts/2022-01-01-a.md", "_posts/2022-01-09-new.md", "city/_posts/2022-01-03-c.md"
    ]  # fmt: skip
    added, updated, removed = loaded.changes
    assert sorted(added) == ["_posts/2022-01-09-new.md", "city/_posts/2022-01-03-c.md"]
    assert (updated, removed) == (("_posts/2022-01-01-a.md",), ("_posts/2022-01-02-b.md",))
    reads.clear()
    again = load_indexed(archive_root, cache_dir=cache)
    assert (reads, again.notices, again.changes) == ([], [], ((), (), ()))


def test_no_cache_has_no_ready_lines(archive_root: Path, cache: Path) -> None:
    assert load_indexed(archive_root, use_cache=False, cache_dir=cache).json_lines == {}


def test_parallel_cold_load_matches_plain_load(
    make_archive: MakeArchive, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = {
        f"_posts/2022-01-{day % 28 + 1:02d}-p{day}.md": post(f"题{day}", day % 28 + 1)
        for day in range(60)
    }
    root = make_archive({**FILES, **files})
    monkeypatch.setattr(parallel, "MIN_ITEMS", 10)
    load(root, cache)  # cold, read on several cores where there are several
    archive, notices = load(root, cache)
    assert notices == [] and len(archive.posts) == 65  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "env",
    [
        {"XDG_CACHE_HOME": "/tmp/xdg"},
        {"XDG_CACHE_HOME": ""},
        {"XDG_CACHE_HOME": "relative"},
        {"XDG_CACHE_HOME": " ", "HOME": "/tmp/home"},
        {"HOME": "relative"},
    ],
)
def test_user_cache_dir_agrees_with_platformdirs(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str]
) -> None:
    import platformdirs

    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert user_cache_dir() == platformdirs.user_cache_path("newsreader")


def test_config_problems_survive_a_warm_load(make_archive: MakeArchive, cache: Path) -> None:
    root = make_archive({**FILES, "_config.yml": "timezone: Mars/Olympus\ndefaults: 3\n"})
    first, _ = load(root, cache)
    second, _ = load(root, cache)
    assert [p for p in second.problems if p.path == "_config.yml"]  # type: ignore[attr-defined]
    assert second == first


@pytest.mark.skipif(len(os.sched_getaffinity(0)) < 2, reason="needs 2+ CPUs")
def test_cold_load_from_a_thread_uses_worker_processes(
    make_archive: MakeArchive, cache: Path
) -> None:
    threshold = 20
    count = threshold * parallel.SERVER_COST + 30  # above the threshold of a threaded map
    files = {
        f"_posts/2022-01-{day % 28 + 1:02d}-p{day}.md": post(f"题{day}", day % 28 + 1)
        for day in range(count)
    }
    root = make_archive({**FILES, **files})
    command = [sys.executable, "-c", THREADED_LOAD, str(root), str(cache), str(threshold)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, check=True)
    report = json.loads(result.stdout)
    # One map, streamed: the workers read, this process saves and decodes as rows come.
    [[method, workers]] = report["maps"]
    assert method == "forkserver" and workers >= 1
    plain = load_archive(root)
    assert report["posts"] == len(plain.posts) == count + 5
    archive, notices = load(root, cache)  # warm: what the workers stored is right
    assert notices == [] and archive == plain
