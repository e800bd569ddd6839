"""The index cannot wedge: names it cannot store, rows it cannot read, a full disk.

Each attack is run through the real command line in a child process (see
``tests/hostile/test_archive.py``), cold, warm and without the cache, so a
regression shows as a user would meet it: a crash on every run.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

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
