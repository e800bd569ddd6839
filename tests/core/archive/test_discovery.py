"""Finding posts the way Jekyll does: _posts folders, names, categories, skips."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from newsreader.core.archive import discovery
from newsreader.core.archive.discovery import LINKS_OUTSIDE, Candidate, name_parts
from newsreader.core.model import Problem

MakeArchive = Callable[[dict[str, str | bytes]], Path]
POST = "---\ntitle: t\n---\nbody\n"


def discover(root: Path) -> tuple[list[Candidate], list[Problem]]:
    """``discovery.discover``, checked against ``discover_keys`` on every archive here.

    The freshness check walks with ``discover_keys``: it must find the same
    files, with each one's stat, and meet the same problems; ``candidate_at``
    must make each file's candidate from its path alone.
    """
    candidates, problems = discovery.discover(root)
    if root.is_dir():
        keys, key_problems = discovery.discover_keys(root)
        stats = [(c.rel, *_stat(c.path)) for c in candidates]
        assert sorted(keys) == sorted(stats)
        assert key_problems == problems
        assert [discovery.candidate_at(root, c.rel) for c in candidates] == candidates
    return candidates, problems


def _stat(path: str) -> tuple[int, int]:
    info = os.stat(path)
    return info.st_size, info.st_mtime_ns


def _found(root: Path) -> dict[str, tuple[tuple[str, ...], date | None, str]]:
    candidates, _ = discover(root)
    return {c.rel: (c.folder_categories, c.name_date, c.name_slug) for c in candidates}


@pytest.mark.parametrize(
    ("rel", "categories", "name_date", "slug"),
    [
        ("_posts/2022-01-11-seed.md", (), date(2022, 1, 11), "seed"),
        ("news/_posts/2022-01-11-a.md", ("news",), date(2022, 1, 11), "a"),
        ("news/local/_posts/2022-01-11-b.html", ("news", "local"), date(2022, 1, 11), "b"),
        ("_posts/2022/01/2022-01-11-nested.md", (), date(2022, 1, 11), "nested"),
        ("_posts/2022-1-5-short-date.markdown", (), date(2022, 1, 5), "short-date"),
        ("_posts/2022-01-11-any.txt", (), date(2022, 1, 11), "any"),
        ("_posts/2022-01-11-dots..md", (), date(2022, 1, 11), "dots"),
        ("_posts/2022-01-11-v1.2.md", (), date(2022, 1, 11), "v1.2"),
        ("_posts/2022-02-30-bad-day.md", (), None, "bad-day"),
    ],
)
def test_posts_are_found_with_categories(
    make_archive: MakeArchive,
    rel: str,
    categories: tuple[str, ...],
    name_date: date | None,
    slug: str,
) -> None:
    assert _found(make_archive({rel: POST})) == {rel: (categories, name_date, slug)}


@pytest.mark.parametrize(
    "rel",
    [
        "_posts/.2022-01-11-hidden.md",
        "_posts/_2022-01-11-underscore.md",
        "_posts/#2022-01-11-hash.md",
        "_posts/~2022-01-11-tilde.md",
        "_posts/2022-01-11-backup.md~",
        "_posts/.git/2022-01-11-in-hidden-dir.md",
        "_posts/_drafts/2022-01-11-in-underscore-dir.md",
        "_site/_posts/2022-01-11-built.md",
        ".git/_posts/2022-01-11-git.md",
        "node_modules/pkg/_posts/2022-01-11-npm.md",
        "vendor/bundle/_posts/2022-01-11-gem.md",
        "_drafts/_posts/2022-01-11-draft.md",
        "old~/_posts/2022-01-11-backup-dir.md",
    ],
)
def test_special_names_are_skipped_silently(make_archive: MakeArchive, rel: str) -> None:
    root = make_archive({rel: POST, "_posts/2022-01-01-kept.md": POST})
    candidates, problems = discover(root)
    assert [c.rel for c in candidates] == ["_posts/2022-01-01-kept.md"]
    assert problems == []


@pytest.mark.parametrize(
    ("rel", "reason_part"),
    [
        ("_posts/notes.md", "not a post file name"),
        ("_posts/2022-01-11.md", "not a post file name"),
        ("_posts/2022-01-11-no-extension", "not a post file name"),
        ("_posts/2022-01-11-data.yml", "YAML data file"),
        ("_posts/2022-01-11-data.YAML", "YAML data file"),
    ],
)
def test_other_files_in_posts_are_reported(
    make_archive: MakeArchive, rel: str, reason_part: str
) -> None:
    candidates, problems = discover(make_archive({rel: POST}))
    assert candidates == []
    [problem] = problems
    assert problem.path == rel and reason_part in problem.reason


def test_without_posts_folder_pages_are_posts(make_archive: MakeArchive) -> None:
    root = make_archive(
        {
            "2022-01-11-dated.md": POST,
            "notes/plain.html": POST,
            "notes/deep/older.markdown": POST,
            "readme.txt": "not a page",
            "category/news.md": "---\ntitle: 新闻\n---\n",
            "_includes/head.html": "<head>",
        }
    )
    assert _found(root) == {
        "2022-01-11-dated.md": ((), date(2022, 1, 11), "dated"),
        "notes/deep/older.markdown": ((), None, "older"),
        "notes/plain.html": ((), None, "plain"),
    }


def test_any_posts_folder_turns_pages_off(make_archive: MakeArchive) -> None:
    root = make_archive({"about.md": POST, "deep/_posts/2022-01-11-a.md": POST})
    assert list(_found(root)) == ["deep/_posts/2022-01-11-a.md"]


def test_single_file_is_a_post_whatever_its_name(tmp_path: Path) -> None:
    seed = tmp_path / "000_13c6ce66667de7aa.txt"
    seed.write_text(POST, encoding="utf-8")
    candidates, problems = discover(seed)
    assert [(c.rel, c.folder_categories, c.name_date, c.name_slug) for c in candidates] == [
        ("000_13c6ce66667de7aa.txt", (), None, "000_13c6ce66667de7aa")
    ]
    assert problems == []


def test_candidates_are_sorted_by_path(make_archive: MakeArchive) -> None:
    rels = ["b/_posts/2022-01-01-x.md", "_posts/2023-01-01-y.md", "a/_posts/2021-01-01-z.md"]
    root = make_archive(dict.fromkeys(rels, POST))
    assert list(_found(root)) == sorted(rels)


def test_symlink_loop_does_not_hang(make_archive: MakeArchive) -> None:
    root = make_archive({"news/_posts/2022-01-11-a.md": POST})
    (root / "news" / "loop").symlink_to(root, target_is_directory=True)
    (root / "news" / "_posts" / "again").symlink_to(root / "news" / "_posts")
    assert list(_found(root)) == ["news/_posts/2022-01-11-a.md"]


@pytest.mark.parametrize("link_name", ["a-first", "z-last"])
def test_symlink_to_posts_met_first_hides_nothing(
    make_archive: MakeArchive, link_name: str
) -> None:
    root = make_archive({"m/_posts/2022-01-11-a.md": POST})
    (root / link_name).symlink_to(root / "m" / "_posts", target_is_directory=True)
    assert list(_found(root)) == ["m/_posts/2022-01-11-a.md"]


def test_symlinked_folder_is_followed_once(make_archive: MakeArchive) -> None:
    root = make_archive(
        {"_posts/2022-01-01-own.md": POST, "_shared/_posts/2022-01-11-linked.md": POST}
    )
    (root / "sport").symlink_to(root / "_shared", target_is_directory=True)
    candidates, problems = discover(root)
    assert {c.rel: c.folder_categories for c in candidates} == {
        "_posts/2022-01-01-own.md": (),
        "sport/_posts/2022-01-11-linked.md": ("sport",),
    }
    assert problems == []


def test_symlinked_post_inside_the_archive_is_read(make_archive: MakeArchive) -> None:
    root = make_archive({"_posts/2022-01-01-own.md": POST})
    (root / "_posts" / "2022-01-02-alias.md").symlink_to(root / "_posts" / "2022-01-01-own.md")
    assert list(_found(root)) == ["_posts/2022-01-01-own.md", "_posts/2022-01-02-alias.md"]


def test_archive_reached_through_a_symlink_is_inside_itself(
    make_archive: MakeArchive, tmp_path: Path
) -> None:
    root = make_archive({"_posts/2022-01-01-own.md": POST, "_shared/2022-01-02-x.md": POST})
    (root / "_posts" / "2022-01-02-x.md").symlink_to(root / "_shared" / "2022-01-02-x.md")
    (tmp_path / "alias").symlink_to(root, target_is_directory=True)
    candidates, problems = discover(tmp_path / "alias")
    assert [c.rel for c in candidates] == ["_posts/2022-01-01-own.md", "_posts/2022-01-02-x.md"]
    assert problems == []


@pytest.mark.parametrize(
    ("link", "target", "is_dir"),
    [
        ("_posts/2022-01-02-passwd.md", "/etc/passwd", False),
        ("_posts/2022-01-02-dangling.md", "/nonexistent/file", False),
        ("rootlink", "/", True),
        ("_posts/2022/etc", "/etc", True),
        ("elsewhere/_posts", "{outside}", True),
    ],
)
def test_symlinks_leading_outside_are_skipped_and_reported(
    make_archive: MakeArchive, tmp_path: Path, link: str, target: str, is_dir: bool
) -> None:
    outside = tmp_path / "outside"
    (outside / "news").mkdir(parents=True)
    (outside / "news" / "2022-01-03-leak.md").write_text(POST, encoding="utf-8")
    root = make_archive({"_posts/2022-01-01-own.md": POST})
    (root / link).parent.mkdir(parents=True, exist_ok=True)
    (root / link).symlink_to(target.format(outside=outside / "news"), target_is_directory=is_dir)
    candidates, problems = discover(root)
    assert [c.rel for c in candidates] == ["_posts/2022-01-01-own.md"]
    assert [(p.path, p.reason) for p in problems] == [(link, f"{LINKS_OUTSIDE}: skipped")]


def test_a_link_outside_met_by_two_routes_is_reported_once(make_archive: MakeArchive) -> None:
    root = make_archive({"_posts/2022-01-01-own.md": POST})
    (root / "_posts" / "2022-01-02-passwd.md").symlink_to("/etc/passwd")
    (root / "again").symlink_to(root / "_posts", target_is_directory=True)
    _, problems = discover(root)
    assert [p.path for p in problems] == ["_posts/2022-01-02-passwd.md"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("2022-01-11-my-post.md", (date(2022, 1, 11), "my-post")),
        ("2022-01-11-trailing..md", (date(2022, 1, 11), "trailing")),
        ("plain.md", (None, "plain")),
        ("no-extension", (None, "no-extension")),
    ],
)
def test_name_parts(name: str, expected: tuple[date | None, str]) -> None:
    assert name_parts(name) == expected
