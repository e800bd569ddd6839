"""The index cannot wedge: names it cannot store, rows it cannot read, a full disk.

Each attack is run through the real command line in a child process (see
``tests/hostile/test_archive.py``), cold, warm and without the cache, so a
regression shows as a user would meet it: a crash on every run.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Sequence
from contextlib import closing
from pathlib import Path

import pytest

from newsreader.core.index.db import cache_file, remove_index
from tests.hostile.test_archive import Cli, cli  # noqa: F401 - the fixture

POST = b"---\ntitle: %s\n---\n<p>body %s</p>\n"

NAMES = [
    pytest.param(b"bad\xff\xfe", id="invalid-utf8"),
    pytest.param(b"caf\xe9", id="latin1"),
    pytest.param(b"\xed\xa0\x80cesu", id="utf8-encoded-surrogate"),
    pytest.param(b"back\\xff", id="literal-backslash-x"),
    pytest.param(b"\x1b[31mred", id="escape-sequence"),
    pytest.param("常州-é".encode(), id="valid-utf8"),
]
"""File-name slugs: any byte string the file system allows (but ``/`` and NUL)."""


def _post_rel(slug: bytes) -> str:
    """The post's path as Python (and so the JSON listing) names it."""
    return os.fsdecode(b"_posts/2022-01-05-" + slug + b".md")


def _archive_with(tmp_path: Path, slug: bytes) -> Path:
    root = tmp_path / "archive"
    posts = os.fsencode(root / "_posts")
    os.makedirs(posts)
    for name, title in ((b"2022-01-01-own.md", b"own"), (b"2022-01-05-" + slug + b".md", b"odd")):
        fd = os.open(posts + b"/" + name, os.O_CREAT | os.O_WRONLY, 0o644)
        os.write(fd, POST % (title, title))
        os.close(fd)
    return root


@pytest.mark.parametrize("slug", NAMES)
def test_any_file_name_is_listed_indexed_and_reopened(
    tmp_path: Path,
    cli: Cli,  # noqa: F811 - the fixture
    slug: bytes,
) -> None:
    root, rel = _archive_with(tmp_path, slug), _post_rel(slug)
    for cache in ([], [], ["--no-cache"]):  # cold, warm, without the index
        listed = cli(root, "--list", "--json", *cache)
        assert listed.code == 0, listed.err
        assert [r["path"] for r in listed.records] == [rel, "_posts/2022-01-01-own.md"]
        text = cli(root, "--list", *cache)
        assert text.code == 0 and "odd" in text.out and "\x1b" not in text.out, text.err
        found = cli(root, "--list", "--json", "--search", "odd", *cache)
        assert [r["path"] for r in found.records] == [rel], found.err
    exported = cli(root, "--export", "--post", rel)
    assert exported.code == 0 and "body odd" in exported.out, exported.err
    outline = cli(root, "--outline", "--json", "--post", rel)
    assert outline.code == 0 and json.loads(outline.out)["path"] == rel, outline.err
    out = tmp_path / "exported"
    to_folder = cli(root, "--export", "-o", str(out))
    assert to_folder.code == 0, to_folder.err
    written = sorted(out.rglob("*.txt"))
    assert len(written) == 2 and all(path.name.isprintable() for path in written)
    assert "body odd" in "".join(path.read_text("utf-8") for path in written)


def test_undecodable_bytes_show_escaped_in_text(tmp_path: Path, cli: Cli) -> None:  # noqa: F811
    """Without a title the slug names the post: its bad bytes show as ``\\xNN``."""
    root = _archive_with(tmp_path, b"bad\xff")
    (root / "_posts" / "2022-01-01-own.md").unlink()
    fd = os.open(os.fsencode(root / "_posts") + b"/2022-01-06-x\xfe.md", os.O_CREAT | os.O_WRONLY)
    os.write(fd, b"no front matter\n")
    os.close(fd)
    for cache in ([], [], ["--no-cache"]):
        listed = cli(root, "--list", *cache)
        assert listed.code == 0, listed.err
        assert "X\\xfe" in listed.out, listed.out
        exported = cli(root, "--export", *cache)
        assert "_posts/2022-01-05-bad\\xff.md" in exported.out, exported.err


# A valid SQLite file holding bad rows: each damage, done to a warm index.

OWN = "_posts/2022-01-01-own.md"
ODD = "_posts/2022-01-05-odd.md"


def _sql(*statements: str) -> Callable[[Path], None]:
    def damage(index: Path) -> None:
        with closing(sqlite3.connect(index)) as conn:
            for statement in statements:
                conn.execute(statement)
            conn.commit()

    return damage


def _folder(index: Path) -> None:
    remove_index(index)
    (index / "inside").mkdir(parents=True)


DAMAGE = [
    pytest.param(_sql(f"UPDATE files SET post = 'garbage' WHERE rel = '{OWN}'"), id="post-text"),
    pytest.param(
        _sql("UPDATE files SET post = replace(post, '\x1f\x1f', '\x1fMars/Olympus\x1f')"),
        id="post-unknown-zone",
    ),
    pytest.param(_sql("UPDATE files SET problems = '{not json'"), id="problems-json"),
    pytest.param(_sql("UPDATE files SET problems = '[[1, 2, \"x\"]]'"), id="problems-shape"),
    pytest.param(_sql("UPDATE files SET size = 'big', stamp = 'now'"), id="column-types"),
    pytest.param(_sql("UPDATE files SET line = 'nope'"), id="json-line"),
    pytest.param(
        _sql("INSERT INTO files VALUES (5, 1, 1, '[]', 1.0, 'x', 'y', 'z')"), id="row-key-number"
    ),
    # A text line that is no text, or missing: the text listing reads them as stored.
    pytest.param(
        _sql(f"UPDATE files SET listed = x'1b5b33316d' WHERE rel = '{OWN}'"), id="text-line-blob"
    ),
    pytest.param(_sql("UPDATE files SET listed = NULL"), id="text-line-missing"),
    pytest.param(
        _sql("UPDATE meta SET value = '[\"Mars/Olympus\", \"[]\"]' WHERE key = 'config'"),
        id="settings-unknown-zone",
    ),
    pytest.param(_sql("UPDATE meta SET value = '{' WHERE key = 'config'"), id="settings-json"),
    # A block map that is no map, one pointing past its text, one that is text.
    pytest.param(_sql("UPDATE texts SET located = x'0500000063'"), id="text-block-map"),
    pytest.param(
        _sql("UPDATE texts SET located = x'0100000000000000ffff0000'"), id="text-map-bounds"
    ),
    pytest.param(_sql("UPDATE texts SET located = '[0]', shown = 7"), id="text-map-types"),
    pytest.param(_sql("UPDATE texts SET title = x'ff', body = 7"), id="text-types"),
    pytest.param(_folder, id="index-is-a-folder"),
]


@pytest.mark.parametrize("damage", DAMAGE)
def test_bad_index_contents_are_read_again_never_a_crash(
    tmp_path: Path,
    cli: Cli,  # noqa: F811 - the fixture
    damage: Callable[[Path], None],
) -> None:
    root = tmp_path / "archive"
    for rel in (OWN, ODD):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(POST.decode() % ("t", "words"), encoding="utf-8")
    warm = cli(root, "--list", "--json", "--search", "words")
    assert warm.code == 0 and len(warm.records) == 2, warm.err
    texts = [cli(root, *argv, "--no-cache").out for argv in _TEXT_LISTINGS]
    damage(cache_file(root))
    for _ in range(2):  # the damaged run, then the repaired one
        for argv in _JSON_LISTINGS:
            run = cli(root, *argv)
            assert run.code == 0 and "unexpected" not in run.err, run.err
            assert sorted(str(r["path"]) for r in run.records) == [OWN, ODD], run.err
        for argv, text in zip(_TEXT_LISTINGS, texts, strict=True):
            run = cli(root, *argv)
            assert (run.code, run.out) == (0, text), run.err
    assert cli(root, "--list").err == ""  # repaired: nothing more to say


_TEXT_LISTINGS = (["--list"], ["--list", "--search", "words"])
_JSON_LISTINGS = (  # with --unpublished no test of a line's JSON selects the rows
    ["--list", "--json"],
    ["--list", "--json", "--unpublished"],
    ["--list", "--json", "--search", "words"],
)


def test_year_one_in_a_named_zone_survives_a_warm_start(
    tmp_path: Path,
    cli: Cli,  # noqa: F811 - the fixture
) -> None:
    root = tmp_path / "archive"
    (root / "_posts").mkdir(parents=True)
    (root / "_config.yml").write_text("timezone: Asia/Shanghai\nfuture: true\n", encoding="utf-8")
    (root / "_posts" / "0001-01-01-first.md").write_text("---\ntitle: first\n---\nx\n")
    (root / "_posts" / "9999-12-31-last.md").write_text("---\ntitle: last\n---\nx\n")
    runs = [cli(root, "--list", "--json", *cache) for cache in ([], [], ["--no-cache"])]
    assert all(run.code == 0 for run in runs), [run.err for run in runs]
    assert runs[0].out == runs[1].out == runs[2].out
    assert [r["title"] for r in runs[1].records] == ["last", "first"]


# A query with nothing to search for: one answer in every mode and the reader.

NO_TERM_QUERIES = ["!!!", "%", " ", "", '""', "。！"]


@pytest.mark.parametrize("query", NO_TERM_QUERIES)
@pytest.mark.parametrize(
    "mode",
    [["--list"], ["--list", "--json"], ["--export"], ["--outline"], ["--list", "--no-cache"]],
)
def test_a_query_without_a_term_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], query: str, mode: list[str]
) -> None:
    from newsreader.cli import main
    from tests.conftest import SAMPLE

    code = main([str(SAMPLE), *mode, "--search", query])
    out, err = capsys.readouterr()
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and "no searchable term" in err


async def test_the_search_dialog_says_no_searchable_term(tmp_path: Path) -> None:
    from textual.widgets import Label, OptionList

    from newsreader.core.archive.loader import load_archive
    from tests.conftest import SAMPLE
    from tests.ui.test_search_screen import Host, type_query

    app = Host(load_archive(SAMPLE), tmp_path / "cache")
    async with app.run_test():
        screen = await type_query(app, "科协")
        assert screen.hits
        for query in ("!!!", "%"):
            screen = await type_query(app, query)
            status = str(screen.query_one("#search-status", Label).render())
            assert "No searchable term" in status and not screen.hits
            assert screen.query_one(OptionList).option_count == 0


# A full cache device: named, and the program works on without the index.


class _FullDisk:
    """A connection on a full device: each COMMIT fails and SQLite ends the transaction."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def __getattr__(self, name: str) -> object:
        return getattr(self._conn, name)

    def execute(self, sql: str, parameters: Sequence[object] = ()) -> sqlite3.Cursor:
        if sql.strip().upper() == "COMMIT":
            self._conn.execute("ROLLBACK")
            raise sqlite3.OperationalError("database or disk is full")
        return self._conn.execute(sql, parameters)


def _commit_fails(connect: Callable[[Path], sqlite3.Connection]) -> Callable[[Path], object]:
    return lambda path: _FullDisk(connect(path))


def _no_room_to_grow(connect: Callable[[Path], sqlite3.Connection]) -> Callable[[Path], object]:
    """SQLite's own ``SQLITE_FULL``: the file may not grow by a page."""

    def full(path: Path) -> sqlite3.Connection:
        conn = connect(path)
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {max(pages, 1)}")
        return conn

    return full


@pytest.mark.parametrize("disk", [_commit_fails, _no_room_to_grow])
@pytest.mark.parametrize("warm", [False, True], ids=["cold", "warm"])
def test_a_full_cache_device_is_named_and_worked_around(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    make_archive: Callable[[dict[str, str | bytes]], Path],
    disk: Callable[[Callable[[Path], sqlite3.Connection]], Callable[[Path], object]],
    warm: bool,
) -> None:
    from newsreader.cli import main
    from newsreader.core.index import db

    root = make_archive({OWN: POST.decode() % ("own", "words")})
    if warm:
        assert main([str(root), "--list", "--search", "words"]) == 0
        long_title = "odd " * 4000  # more than a page: the file must grow
        (root / ODD).write_text(POST.decode() % (long_title, "words"), encoding="utf-8")
    capsys.readouterr()
    monkeypatch.setattr(db, "_connect", disk(db._connect))
    expected = sorted([OWN, ODD] if warm else [OWN])
    for argv in (["--list", "--json"], ["--list", "--json", "--search", "words"], ["--list"]):
        for _ in range(2):
            code = main([str(root), *argv])
            out, err = capsys.readouterr()
            assert code == 0 and "Traceback" not in err and "rollback" not in err, err
            if "--json" in argv:
                assert sorted(json.loads(line)["path"] for line in out.splitlines()) == expected
            assert "no space left on the cache device" in err, err


@pytest.mark.parametrize(
    "argv",
    [["--list"], ["--list", "--json"], ["--list", "--search", "words"], ["--export"]],
)
def test_an_index_rebuilt_from_nothing_says_so_once_in_every_mode(
    tmp_path: Path,
    cli: Cli,  # noqa: F811 - the fixture
    argv: list[str],
) -> None:
    """A listing's first try met the damage and rebuilt the index: its notice was dropped."""
    root = tmp_path / "archive"
    (root / OWN).parent.mkdir(parents=True)
    (root / OWN).write_text(POST.decode() % ("t", "words"), encoding="utf-8")
    assert cli(root, "--list").code == 0
    index = cache_file(root)
    index.write_bytes(os.urandom(5000))
    run = cli(root, *argv)
    assert run.code == 0, run.err
    notices = [line for line in run.err.splitlines() if "was unusable" in line]
    assert len(notices) == 1 and notices[0].endswith("rebuilt"), run.err


def test_an_index_folder_inside_the_archive_is_never_written(tmp_path: Path) -> None:
    """``newsreader ~``: the default cache, ~/.cache, lies inside the archive it reads."""
    root = tmp_path / "home"
    (root / OWN).parent.mkdir(parents=True)
    (root / OWN).write_text(POST.decode() % ("t", "words"), encoding="utf-8")
    env = {**os.environ, "XDG_CACHE_HOME": str(root / ".cache")}
    for argv in (["--list"], ["--list", "--search", "words"], ["--export"]):
        done = subprocess.run(
            [sys.executable, "-m", "newsreader", str(root), *argv],
            capture_output=True, text=True, env=env, timeout=120,
        )  # fmt: skip
        assert done.returncode == 0 and "t" in done.stdout, done.stderr
        assert "inside the archive, which newsreader never writes" in done.stderr
    assert sorted(path.name for path in root.iterdir()) == [OWN.split("/")[0]]
