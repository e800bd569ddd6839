"""Refreshing a loaded archive from the paths a watcher reports changed."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from newsreader.core.archive.loader import load_archive
from newsreader.core.index.metadata import load_indexed
from newsreader.core.index.refresh import concerns_archive, refresh_archive, watched_folders

MakeArchive = Callable[[dict[str, str | bytes]], Path]


def post(title: str, body: str = "正文") -> str:
    return f'---\ntitle: "{title}"\n---\n<p>{body}</p>\n'


@pytest.mark.parametrize(
    ("rel", "concerns"),
    [
        ("_posts/2022-01-01-a.md", True),
        ("news/local/_posts/2022-01-01-a.md", True),
        ("_config.yml", True),
        ("category/news.md", True),
        (".git/index", False),
        (".git/objects/ab/cdef", False),
        ("_site/index.html", False),
        ("_posts/.2022-01-01-a.md.swp", False),
        ("_posts/2022-01-01-a.md~", False),
        ("node_modules/x/_posts/2022-01-01-a.md", False),
        ("news/_config.yml", False),
    ],
)
def test_which_changes_concern_the_archive(tmp_path: Path, rel: str, concerns: bool) -> None:
    assert concerns_archive(tmp_path, tmp_path / rel) is concerns


def test_a_path_outside_the_archive_does_not_concern_it(tmp_path: Path) -> None:
    assert not concerns_archive(tmp_path / "archive", tmp_path / "elsewhere" / "_posts" / "x.md")


def test_a_single_file_archive_is_concerned_by_its_file_only(tmp_path: Path) -> None:
    lone = tmp_path / "2022-01-01-a.md"
    lone.write_text(post("甲"), encoding="utf-8")
    assert concerns_archive(lone, lone)
    assert not concerns_archive(lone, tmp_path / "2022-01-02-b.md")


def test_the_watched_folders_are_those_whose_files_concern_the_archive(tmp_path: Path) -> None:
    root = tmp_path / "archive"
    folders = [
        "_posts/2022",
        "_posts/2022/01",
        "_posts/.hidden",
        "news/local/_posts",
        "news/_site",
        ".git/objects/ab",
        "_site/assets",
        "node_modules/x/_posts",
        "category",
    ]
    for folder in folders:
        (root / folder).mkdir(parents=True)
        (root / folder / "2022-01-01-a.md").write_text(post("甲"), encoding="utf-8")
    (root / "_config.yml").write_text("title: x\n", encoding="utf-8")
    watched = watched_folders(root)
    assert watched[0] == str(root)
    shown = sorted(Path(folder).relative_to(root).as_posix() for folder in watched[1:])
    expected = ["_posts", "_posts/2022", "_posts/2022/01", "category", "news", "news/local"]
    assert shown == [*expected, "news/local/_posts"]
    # Every file in a watched folder concerns the archive, and none elsewhere does.
    for folder in folders:
        concerns = str(root / folder) in watched
        assert concerns_archive(root, root / folder / "2022-01-01-a.md") is concerns


def test_a_folder_link_is_watched_only_inside_the_archive(tmp_path: Path) -> None:
    root, outside = tmp_path / "archive", tmp_path / "outside"
    (root / "_posts" / "real").mkdir(parents=True)
    outside.mkdir()
    os.symlink(root / "_posts" / "real", root / "_posts" / "inner")
    os.symlink(outside, root / "_posts" / "away")
    os.symlink(root, root / "_posts" / "loop")  # a loop lists each real folder once
    watched = watched_folders(root)
    assert str(root / "_posts" / "inner") in watched or str(root / "_posts" / "real") in watched
    assert str(root / "_posts" / "away") not in watched
    assert len(watched) == 3  # the root, _posts, and the real folder by one of its names


def test_a_root_reached_through_a_linked_folder_keeps_its_links(tmp_path: Path) -> None:
    """Links are judged against the root's real path, as the loader judges them."""
    (tmp_path / "real" / "archive" / "_posts").mkdir(parents=True)
    (tmp_path / "real" / "archive" / "_drafts").mkdir()
    os.symlink(tmp_path / "real", tmp_path / "via")
    root = tmp_path / "via" / "archive"
    os.symlink(tmp_path / "real" / "archive" / "_drafts", root / "_posts" / "inner")
    assert str(root / "_posts" / "inner") in watched_folders(root)


def test_a_single_file_archive_watches_its_file(tmp_path: Path) -> None:
    lone = tmp_path / "2022-01-01-a.md"
    lone.write_text(post("甲"), encoding="utf-8")
    assert watched_folders(lone) == [str(lone)]


def test_ignored_changes_read_nothing(make_archive: MakeArchive, tmp_path: Path) -> None:
    root = make_archive({"_posts/2022-01-01-a.md": post("甲")})
    archive = load_indexed(root, cache_dir=tmp_path / "cache").archive
    assert refresh_archive(archive, [root / ".git" / "HEAD"], cache_dir=tmp_path / "cache") is None


@pytest.mark.parametrize("use_cache", [True, False])
def test_added_updated_and_removed_posts_are_named(
    make_archive: MakeArchive, tmp_path: Path, use_cache: bool
) -> None:
    root = make_archive(
        {
            "_posts/2022-01-01-a.md": post("甲"),
            "_posts/2022-01-02-b.md": post("乙"),
            "_posts/2022-01-03-c.md": post("丙"),
        }
    )
    cache = tmp_path / "cache"
    archive = load_indexed(root, use_cache=use_cache, cache_dir=cache).archive
    (root / "_posts/2022-01-04-d.md").write_text(post("丁"), encoding="utf-8")
    (root / "_posts/2022-01-02-b.md").write_text(post("乙（修订）"), encoding="utf-8")
    (root / "_posts/2022-01-03-c.md").write_text(post("丙", "只改正文"), encoding="utf-8")
    (root / "_posts/2022-01-01-a.md").unlink()
    changed = [root / "_posts" / name for name in ("2022-01-04-d.md", "2022-01-02-b.md")]
    changed += [root / "_posts/2022-01-03-c.md", root / "_posts/2022-01-01-a.md"]

    refreshed = refresh_archive(archive, changed, use_cache=use_cache, cache_dir=cache)

    assert refreshed is not None
    assert refreshed.added == ("_posts/2022-01-04-d.md",)
    # c's metadata are unchanged, but its file was touched: an open c must reload.
    assert refreshed.updated == ("_posts/2022-01-03-c.md", "_posts/2022-01-02-b.md")
    assert refreshed.removed == ("_posts/2022-01-01-a.md",)
    assert refreshed.summary() == "1 added, 2 updated, 1 removed"
    titles = [p.title for p in refreshed.archive.posts]
    assert titles == ["丁", "丙", "乙（修订）"]


def test_a_reload_by_hand_compares_metadata_only(make_archive: MakeArchive, tmp_path: Path) -> None:
    root = make_archive({"_posts/2022-01-01-a.md": post("甲")})
    archive = load_indexed(root, cache_dir=tmp_path / "cache").archive
    refreshed = refresh_archive(archive, None, cache_dir=tmp_path / "cache")
    assert refreshed is not None
    assert not refreshed.changed
    assert refreshed.summary() == ""
    assert refreshed.archive == archive


def test_a_relative_root_matches_absolute_paths(
    make_archive: MakeArchive, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_archive({"_posts/2022-01-01-a.md": post("甲")})
    monkeypatch.chdir(root.parent)
    relative = Path(root.name)
    archive = load_indexed(relative, cache_dir=tmp_path / "cache").archive
    (root / "_posts/2022-01-02-b.md").write_text(post("乙"), encoding="utf-8")
    refreshed = refresh_archive(
        archive, [root / "_posts/2022-01-02-b.md"], cache_dir=tmp_path / "cache"
    )
    assert refreshed is not None and refreshed.added == ("_posts/2022-01-02-b.md",)


def test_a_reload_shares_the_unchanged_posts_with_the_archive_shown(
    make_archive: MakeArchive, tmp_path: Path
) -> None:
    root = make_archive(
        {"_posts/2022-01-01-a.md": post("甲"), "_posts/2022-01-02-b.md": post("乙")}
    )
    cache = tmp_path / "cache"
    archive = load_indexed(root, cache_dir=cache).archive
    edited = root / "_posts/2022-01-02-b.md"
    edited.write_text(post("乙（修订）"), encoding="utf-8")
    refreshed = refresh_archive(archive, [edited], cache_dir=cache)
    assert refreshed is not None
    assert refreshed.archive == load_archive(root)
    new, kept = refreshed.archive.posts
    assert kept is archive.posts[1]  # a: unchanged, one object for both archives
    assert new.title == "乙（修订）" and new is not archive.posts[0]


def test_a_date_moved_to_another_zone_at_the_same_instant_is_taken(
    make_archive: MakeArchive, tmp_path: Path
) -> None:
    dated = '---\ntitle: "甲"\ndate: {}\n---\n<p>正文</p>\n'
    root = make_archive({"_posts/2022-01-01-a.md": dated.format("2022-01-01 10:00:00 +0800")})
    cache = tmp_path / "cache"
    archive = load_indexed(root, cache_dir=cache).archive
    edited = root / "_posts/2022-01-01-a.md"
    edited.write_text(dated.format("2022-01-01 03:00:00 +0100"), encoding="utf-8")
    refreshed = refresh_archive(archive, [edited], cache_dir=cache)
    assert refreshed is not None
    (shown,) = refreshed.archive.posts
    assert shown.date.utcoffset() == load_archive(root).posts[0].date.utcoffset()
    assert shown.date.hour == 3
