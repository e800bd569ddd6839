"""One archive full of bad input: every file is handled, none stops the others."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from newsreader.core.archive.loader import load_archive, read_body
from newsreader.core.model import Archive

MakeArchive = Callable[[dict[str, str | bytes]], Path]
HEAD = "---\ntitle: {}\n---\n"
BOMB = "\n".join(
    ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    + [
        f"{n}: &{n} [" + ",".join([f"*{p}"] * 9) + "]"
        for p, n in zip("abcdefgh", "bcdefghi", strict=True)
    ]
)
BIG_BODY = "<p>" + "长" * (5 * 1024 * 1024 // 3) + "</p>\n"

FILES: dict[str, str | bytes] = {
    "_config.yml": "timezone: Nowhere/Atlantis\n",
    "_posts/2022-01-01-good.md": HEAD.format("好文章") + "body\n",
    "_posts/2022-01-02-bad-yaml.md": "---\ntitle: ok\ndate: [oops\n---\nbody kept\n",
    "_posts/2022-01-03-gbk.md": (
        HEAD.format("常州日报") + "<p>为深入贯彻新时代精神，特制定本规划。</p>"
    ).encode("gbk"),
    "_posts/2022-01-04-bom.md": b"\xef\xbb\xbf" + HEAD.format("带BOM").encode(),
    "_posts/2022-01-05-crlf.md": HEAD.format("CRLF").replace("\n", "\r\n").encode() + b"a\r\nb\r\n",
    "_posts/2022-01-06-empty.md": b"",
    "_posts/2022-01-07-binary.md": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
    "_posts/2022-01-08-no-front-matter.md": "<p>just a body</p>\n",
    "_posts/2022-01-09-bomb.md": "---\n" + BOMB + "\ntitle: boom\n---\nbody\n",
    "_posts/2022-01-10-big.md": HEAD.format("大文件") + BIG_BODY,
    "_posts/2022-01-11-list-title.md": "---\ntitle: [a, b]\n---\n",
    "_posts/2022-01-12-markup.md": (
        '---\ntitle: "[bold red]x[/] \\e[31mred\\e]0;pwned\\a end"\n---\n'
    ),
}


@pytest.fixture
def hostile(make_archive: MakeArchive) -> Archive:
    root = make_archive(FILES)
    (root / "_posts" / "loop").symlink_to(root, target_is_directory=True)
    (root / "loop").symlink_to(root / "_posts", target_is_directory=True)
    return load_archive(root)


def _problems(archive: Archive, slug: str) -> list[tuple[int | None, str]]:
    return [(p.line, p.reason) for p in archive.problems if f"-{slug}." in p.path]


def _title(archive: Archive, slug: str) -> str | None:
    return next((post.title for post in archive.posts if post.slug == slug), None)


@pytest.mark.parametrize(
    ("slug", "title", "problem_part", "line"),
    [
        ("good", "好文章", None, None),
        ("bad-yaml", "Bad Yaml", "bad YAML in front matter", 3),  # the line opening "["
        ("gbk", "常州日报", "not UTF-8: read as GB18030", None),
        ("bom", "带BOM", None, None),
        ("crlf", "CRLF", None, None),
        ("empty", "Empty", None, None),
        ("binary", None, "binary file", None),
        ("no-front-matter", "No Front Matter", None, None),
        ("bomb", "Bomb", "aliases expand", 2),
        ("big", "大文件", None, None),
        ("list-title", "List Title", "'title' is a list", 2),
        ("markup", "[bold red]x[/] red end", None, None),
    ],
)
def test_each_hostile_file(
    hostile: Archive, slug: str, title: str | None, problem_part: str | None, line: int | None
) -> None:
    assert _title(hostile, slug) == title
    problems = _problems(hostile, slug)
    if problem_part is None:
        assert problems == []
    else:
        assert [(found_line, problem_part in reason) for found_line, reason in problems] == [
            (line, True)
        ]


def test_unknown_timezone_is_reported_and_local_time_used(hostile: Archive) -> None:
    assert hostile.timezone is None
    [problem] = [p for p in hostile.problems if p.path == "_config.yml"]
    assert "unknown timezone 'Nowhere/Atlantis'" in problem.reason


def test_symlink_loops_add_no_posts(hostile: Archive) -> None:
    usable = {rel for rel in FILES if rel.startswith("_posts/") and "binary" not in rel}
    assert {post.path for post in hostile.posts} == usable
    assert len(hostile.posts) == len(usable)


def test_big_body_is_read_on_open_only(hostile: Archive) -> None:
    big = next(post for post in hostile.posts if post.slug == "big")
    body, problems = read_body(hostile, big)
    assert body == BIG_BODY and problems == []


def test_gbk_and_crlf_bodies_open(hostile: Archive) -> None:
    posts = {post.slug: post for post in hostile.posts}
    assert read_body(hostile, posts["gbk"])[0].startswith("<p>为深入贯彻")
    assert read_body(hostile, posts["crlf"])[0] == "a\nb\n"
