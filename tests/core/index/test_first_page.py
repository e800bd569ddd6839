"""The first screen from the index alone, and the load that checks it afterwards."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from newsreader.core.archive.filters import Criteria, select
from newsreader.core.index.db import IndexDB
from newsreader.core.index.first_page import (
    _AT,
    _FACTS,
    _FROM_END,
    _PUBLISHED,
    _counted,
    _stored_counts,
    first_page,
    posts_at,
)
from newsreader.core.index.metadata import load_indexed
from newsreader.core.index.refresh import revalidate

MakeArchive = Callable[[dict[str, str | bytes]], Path]


def post(title: str, day: int, *, categories: str = "news", tags: str = "", extra: str = "") -> str:
    head = f'---\ntitle: "{title}"\ndate: 2022-03-{day:02d} 09:00:00 +0800\n'
    tag_line = f"tags: [{tags}]\n" if tags else ""
    return f"{head}categories: [{categories}]\n{tag_line}{extra}---\n<p>正文</p>\n"


FILES: dict[str, str | bytes] = {
    "_posts/2022-03-01-a.md": post("甲", 1, tags="早报"),
    "_posts/2022-03-02-b.md": post("乙", 2, categories="news, culture", tags="早报, 晚报"),
    "city/district/_posts/2022-03-02-c.md": post("丙", 2, categories="local"),
    "city/_posts/2022-03-03-d.md": post("丁", 3),
    "_posts/2022-03-04-e.md": post("戊", 4, extra="published: false\n"),
    "_posts/2022-03-05-f.md": post("己", 5, tags="晚报"),
    "_posts/notes.txt": "not a post",
}


@pytest.fixture
def indexed(make_archive: MakeArchive, tmp_path: Path) -> tuple[Path, Path]:
    """An archive whose index a reader already filled (root, cache)."""
    root, cache = make_archive(FILES), tmp_path / "cache"
    load_indexed(root, cache_dir=cache)
    return root, cache


def test_no_index_no_page(make_archive: MakeArchive, tmp_path: Path) -> None:
    assert first_page(make_archive(FILES), cache_dir=tmp_path / "cache") is None


def test_a_single_file_has_no_page(make_archive: MakeArchive, tmp_path: Path) -> None:
    root = make_archive(FILES)
    assert first_page(root / "_posts/2022-03-01-a.md", cache_dir=tmp_path / "cache") is None


@pytest.mark.parametrize("unpublished", [False, True])
def test_the_page_is_the_newest_posts_offered_as_a_load_orders_them(
    indexed: tuple[Path, Path], unpublished: bool
) -> None:
    root, cache = indexed
    offered = select(
        load_indexed(root, cache_dir=cache).archive.posts, Criteria(unpublished=unpublished)
    )
    page = first_page(root, unpublished=unpublished, limit=3, cache_dir=cache)
    assert page is not None
    assert page.posts == offered[:3]
    assert page.total == len(offered)


def test_the_page_fetches_past_unpublished_rows(indexed: tuple[Path, Path]) -> None:
    root, cache = indexed
    page = first_page(root, limit=1, cache_dir=cache)
    assert page is not None and [p.title for p in page.posts] == ["己"]
    page = first_page(root, limit=2, cache_dir=cache)
    assert page is not None and [p.title for p in page.posts] == ["己", "丁"]  # 戊 is a draft


def test_counts_by_facts_and_day_match_the_posts(indexed: tuple[Path, Path]) -> None:
    root, cache = indexed
    offered = select(load_indexed(root, cache_dir=cache).archive.posts, Criteria())
    read = {"_posts/2022-03-02-b.md", "city/_posts/2022-03-03-d.md", "not/a/post.md"}
    page = first_page(root, read=read, cache_dir=cache)
    assert page is not None
    facts = Counter[tuple[int, tuple[str, ...], tuple[str, ...]]]()
    unread_facts = Counter[tuple[int, tuple[str, ...], tuple[str, ...]]]()
    for fact in page.facts:
        facts[fact.folders, fact.categories, fact.tags] += fact.count
        unread_facts[fact.folders, fact.categories, fact.tags] += fact.unread
    expected = Counter((p.folder_categories, p.categories, p.tags) for p in offered)
    expected_unread = Counter(
        (p.folder_categories, p.categories, p.tags) for p in offered if p.path not in read
    )
    assert facts == expected
    assert +unread_facts == expected_unread
    days = {d.day: (d.count, d.unread) for d in page.days}
    assert days == {
        ("2022", "03", "01"): (1, 1),
        ("2022", "03", "02"): (2, 1),
        ("2022", "03", "03"): (1, 0),
        ("2022", "03", "05"): (1, 1),
    }
    assert (page.total, page.unread) == (5, 3)


def test_wanted_posts_come_whether_or_not_on_the_page(indexed: tuple[Path, Path]) -> None:
    root, cache = indexed
    page = first_page(root, limit=1, wanted=["_posts/2022-03-01-a.md", "gone.md"], cache_dir=cache)
    assert page is not None
    assert list(page.extra) == ["_posts/2022-03-01-a.md"]
    assert page.extra["_posts/2022-03-01-a.md"].title == "甲"


def test_stored_problems_come_with_the_page(make_archive: MakeArchive, tmp_path: Path) -> None:
    root, cache = (
        make_archive({**FILES, "_posts/2022-03-06-bad.md": "---\ntitle: [\n---\nx"}),
        tmp_path / "c",
    )
    problems = load_indexed(root, cache_dir=cache).archive.problems
    page = first_page(root, cache_dir=cache)
    assert page is not None
    stored = [p for p in problems if p.path.endswith("bad.md")]
    assert stored and all(p in page.problems for p in stored)


def _recounted(db: IndexDB) -> tuple[object, object, list[str]]:
    """The counts from a scan of every row, as the first screen once made them."""
    counts = _counted(db.conn.execute(_FACTS.format(where="")))
    rows = db.conn.execute("SELECT problems FROM files WHERE problems != '[]' ORDER BY rel")
    return +counts.facts, +counts.days, [text for (text,) in rows]


def _kept(db: IndexDB) -> tuple[object, object, list[str]]:
    counts = _stored_counts(db.conn)
    assert counts is not None
    return +counts.facts, +counts.days, counts.problems


def test_the_kept_counts_follow_every_write_as_a_scan_of_the_rows_counts(
    make_archive: MakeArchive, tmp_path: Path
) -> None:
    """Added, re-read, removed and rebuilt rows: the triggers' counts are a recount's."""
    root, cache = (
        make_archive({**FILES, "_posts/2022-03-06-bad.md": "---\ntitle: [\n---\nx"}),
        (tmp_path / "cache"),
    )
    load_indexed(root, cache_dir=cache)
    with IndexDB.open(root, cache) as db:
        assert _kept(db) == _recounted(db) and _kept(db)[2]
    (root / "_posts/2022-03-07-g.md").write_text(post("庚", 7, tags="新"), encoding="utf-8")
    edited = root / "_posts/2022-03-01-a.md"
    edited.write_text(post("甲", 1, categories="culture", extra="published: false\n"), "utf-8")
    os.utime(edited, ns=(1, 1))
    (root / "city/_posts/2022-03-03-d.md").unlink()
    (root / "_posts/2022-03-06-bad.md").write_text(post("辛", 6), encoding="utf-8")
    load_indexed(root, cache_dir=cache)
    with IndexDB.open(root, cache) as db:
        assert _kept(db) == _recounted(db) and not _kept(db)[2]
        db.conn.execute("DELETE FROM files")
        assert _kept(db) == ({}, {}, [])
    page = first_page(root, cache_dir=cache)
    assert page is not None and page.total == 0


def test_the_first_page_follows_a_load_that_changed_rows(indexed: tuple[Path, Path]) -> None:
    root, cache = indexed
    first = first_page(root, cache_dir=cache)
    assert first is not None
    assert first_page(root, cache_dir=cache) == first
    (root / "_posts/2022-03-06-g.md").write_text(post("庚", 6), encoding="utf-8")
    load_indexed(root, cache_dir=cache)
    again = first_page(root, cache_dir=cache)
    assert again is not None and again.total == first.total + 1
    assert again.posts[0].title == "庚"


def test_counts_follow_rows_changed_behind_the_loads_back(indexed: tuple[Path, Path]) -> None:
    root, cache = indexed
    first = first_page(root, cache_dir=cache)
    with IndexDB.open(root, cache) as db:  # rows changed behind the load's back
        db.conn.execute("DELETE FROM files WHERE rel = '_posts/2022-03-05-f.md'")
    again = first_page(root, cache_dir=cache)
    assert first is not None and again is not None
    assert again.total == first.total - 1


def test_an_index_of_other_settings_gives_no_page(indexed: tuple[Path, Path]) -> None:
    root, cache = indexed
    (root / "_config.yml").write_text("timezone: Asia/Tokyo\n", encoding="utf-8")
    assert first_page(root, cache_dir=cache) is None


def test_a_row_that_does_not_decode_gives_no_page(indexed: tuple[Path, Path]) -> None:
    root, cache = indexed
    with IndexDB.open(root, cache) as db:
        db.conn.execute("UPDATE files SET line = 'not json' WHERE rel = '_posts/2022-03-05-f.md'")
    assert first_page(root, cache_dir=cache) is None
    assert load_indexed(root, cache_dir=cache).archive.posts  # the full load reads it again


def test_revalidate_names_what_changed_since_the_index_saw_the_files(
    indexed: tuple[Path, Path],
) -> None:
    root, cache = indexed
    (root / "_posts/2022-03-06-new.md").write_text(post("新", 6), encoding="utf-8")
    edited = root / "_posts/2022-03-01-a.md"
    edited.write_text(post("甲（改）", 1), encoding="utf-8")
    os.utime(edited, ns=(1, 1))  # a different stat key whatever the clock's resolution
    (root / "city/_posts/2022-03-03-d.md").unlink()
    (root / "_posts/notes.txt").unlink()  # no post: nothing the reader showed is gone
    changes = revalidate(root, cache_dir=cache)
    assert changes.added == ("_posts/2022-03-06-new.md",)
    assert changes.updated == ("_posts/2022-03-01-a.md",)
    assert changes.removed == ("city/_posts/2022-03-03-d.md",)
    assert changes.archive == load_indexed(root, use_cache=False).archive
    again = revalidate(root, cache_dir=cache)
    assert not again.changed


def test_an_index_locked_elsewhere_still_gives_the_page(indexed: tuple[Path, Path]) -> None:
    root, cache = indexed
    with IndexDB.open(root, cache) as other:
        other.conn.execute("BEGIN IMMEDIATE")  # another process writing
        page = first_page(root, read={"_posts/2022-03-05-f.md"}, cache_dir=cache)
        other.conn.execute("ROLLBACK")
    assert page is not None and (page.total, page.unread) == (5, 4)


@pytest.mark.parametrize(
    "line",
    ["'not json'", "'{\"published\": true}'", '\'{"a": "\\u0001"}\'', "x'00'", "5"],
)
def test_a_row_the_page_cannot_count_is_written_and_gives_no_page(
    indexed: tuple[Path, Path], line: str
) -> None:
    """Such a row is written as any other (never a failed write) and counted apart."""
    root, cache = indexed
    with IndexDB.open(root, cache) as db:
        db.conn.execute(f"UPDATE files SET line = {line} WHERE rel = '_posts/2022-03-05-f.md'")
    assert first_page(root, cache_dir=cache) is None
    with IndexDB.open(root, cache) as db:
        db.conn.execute("DELETE FROM files WHERE rel = '_posts/2022-03-05-f.md'")
    again = first_page(root, cache_dir=cache)
    assert again is not None and again.total == 4


@pytest.mark.parametrize("from_end", [False, True])
@pytest.mark.parametrize("unpublished", [False, True])
@pytest.mark.parametrize(("offset", "limit"), [(0, 2), (1, 2), (2, 10), (3, 1), (4, 1), (9, 3)])
def test_posts_at_an_offset_are_the_offered_posts_there(
    indexed: tuple[Path, Path], unpublished: bool, offset: int, limit: int, from_end: bool
) -> None:
    """From the top or (knowing the total, past the middle) from the end: the same posts."""
    root, cache = indexed
    offered = select(
        load_indexed(root, cache_dir=cache).archive.posts, Criteria(unpublished=unpublished)
    )
    total = len(offered) if from_end else None
    found = posts_at(root, offset, limit, unpublished=unpublished, total=total, cache_dir=cache)
    assert found == offered[offset : offset + limit]


def _plan(db: IndexDB, sql: str, offered: str) -> list[str]:
    """The steps of SQLite's plan for one of the page queries (a page of one post)."""
    found = db.conn.execute("EXPLAIN QUERY PLAN " + sql.format(offered=offered), (1, 0))
    return [str(step[-1]) for step in found]


@pytest.mark.parametrize(
    ("offered", "index"), [("", "files_listed"), (_PUBLISHED, "files_offered")]
)
def test_posts_near_the_end_are_read_backwards_in_the_order_index(
    indexed: tuple[Path, Path], offered: str, index: str
) -> None:
    """No sort and no walk from the top: the order index read from its end, as from its top."""
    root, cache = indexed
    with IndexDB.open(root, cache) as db:
        backwards = _plan(db, _FROM_END, offered)
        assert backwards == _plan(db, _AT, offered)
        assert f"SCAN files USING INDEX {index}" in backwards


def test_posts_at_without_an_index_tell_nothing(make_archive: MakeArchive, tmp_path: Path) -> None:
    assert posts_at(make_archive(FILES), 0, 5, cache_dir=tmp_path / "cache") is None


@pytest.mark.parametrize(
    ("offered", "index"), [("", "files_listed"), (_PUBLISHED, "files_offered")]
)
def test_the_cold_build_leaves_the_lists_order_indexed(
    indexed: tuple[Path, Path], offered: str, index: str
) -> None:
    """The build made the indexes (no warm start has run): each page query reads one."""
    root, cache = indexed
    with IndexDB.open(root, cache) as db:
        plan = _plan(db, _AT, offered)
    assert [step for step in plan if "SCAN" in step] == [f"SCAN files USING INDEX {index}"]


@pytest.mark.parametrize(
    ("unpublished", "index"), [(True, "files_listed"), (False, "files_offered")]
)
def test_a_streamed_listing_reads_the_order_index(
    indexed: tuple[Path, Path], unpublished: bool, index: str
) -> None:
    """``--list`` from the index walks an order index: no sort, no JSON test per row."""
    from newsreader.core.index.listing import _select

    root, cache = indexed
    sql, values = _select(Criteria(unpublished=unpublished), True, None)
    with IndexDB.open(root, cache) as db:
        plan = db.conn.execute("EXPLAIN QUERY PLAN " + sql, values).fetchall()
    assert [str(step[-1]) for step in plan] == [f"SCAN files USING INDEX {index}"]


_COUNT_TABLES = ("first_facts", "first_days", "first_tally", "first_problems")


def _count_tables(db: IndexDB) -> dict[str, list[tuple[object, ...]]]:
    return {
        table: sorted(
            db.conn.execute(
                f"SELECT * FROM {table} WHERE n != 0"
                if table != "first_problems"
                else f"SELECT * FROM {table}"
            ),
            key=repr,
        )
        for table in _COUNT_TABLES
    }


def test_a_rebuild_counts_in_one_pass_what_the_triggers_count_row_by_row(
    make_archive: MakeArchive, tmp_path: Path
) -> None:
    from newsreader.core.index.metadata import save_rows

    root = make_archive({**FILES, "_posts/2022-03-06-bad.md": "---\ntitle: [\n---\nx"})
    bulk, by_row = tmp_path / "bulk", tmp_path / "rows"
    load_indexed(root, cache_dir=bulk)  # a cold build: a reset, counted at its end
    with IndexDB.open(root, bulk) as db:
        db.conn.execute("UPDATE files SET line = '{' WHERE rel = '_posts/2022-03-05-f.md'")
        rows = db.conn.execute("SELECT * FROM files").fetchall()
        meta = tuple(
            db.conn.execute(f"SELECT value FROM meta WHERE key = '{key}'").fetchone()[0]
            for key in ("fingerprint", "config")
        )
        save_rows(db.conn, meta, rows, [], reset=True)  # the odd row too, counted in bulk
        counted_in_bulk = _count_tables(db)
        triggers = db.conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        assert sorted(name for (name,) in triggers) == [
            "files_added",
            "files_changed",
            "files_removed",
        ]
    with IndexDB.open(root, by_row) as db:
        save_rows(db.conn, meta, rows, [], reset=False)  # the triggers count each row
        assert _count_tables(db) == counted_in_bulk
    assert counted_in_bulk["first_tally"] == [("odd", 1)] and counted_in_bulk["first_problems"]


@pytest.mark.parametrize(
    "read",
    [
        set(),
        {"_posts/2022-03-02-b.md"},
        {"_posts/2022-03-01-a.md", "_posts/2022-03-02-b.md", "city/_posts/2022-03-03-d.md"},
        set(FILES) - {"_posts/2022-03-05-f.md"},  # most read: the unread are counted instead
        set(FILES) | {"gone/_posts/2022-01-01-x.md", "not/a/post.md"},  # all, and more
    ],
    ids=["none", "one", "half", "most", "all-and-gone"],
)
def test_unread_counts_are_exact_however_many_posts_are_read(
    indexed: tuple[Path, Path], read: set[str]
) -> None:
    root, cache = indexed
    offered = select(load_indexed(root, cache_dir=cache).archive.posts, Criteria())
    page = first_page(root, read=read, cache_dir=cache)
    assert page is not None
    unread = [p for p in offered if p.path not in read]
    facts = Counter[tuple[int, tuple[str, ...], tuple[str, ...]]]()
    for fact in page.facts:
        facts[fact.folders, fact.categories, fact.tags] += fact.unread
    assert +facts == Counter((p.folder_categories, p.categories, p.tags) for p in unread)
    days = Counter({d.day: d.unread for d in page.days})
    assert +days == Counter(tuple(f"{p.date:%Y %m %d}".split()) for p in unread)
    assert page.unread == len(unread)
