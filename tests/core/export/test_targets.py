"""Export targets: one "never inside the archive" rule for the CLI and the reader."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from newsreader.core.document.model import Block, BlockKind, Document
from newsreader.core.export.targets import (
    ExportRefused,
    Target,
    plan_targets,
    writes_into_archive,
)
from newsreader.core.model import Post

POST = Post(
    path="_posts/2022-01-05-a.md",
    title="标题",
    date=datetime(2022, 1, 5, tzinfo=UTC),
    slug="a",
)
DOCUMENT = Document(blocks=(Block(BlockKind.PARAGRAPH, "正文"),))


@pytest.fixture
def lone_post(tmp_path: Path) -> Path:
    """A single post file given as the archive, with neighbours in its folder."""
    folder = tmp_path / "someone" / "_posts"
    folder.mkdir(parents=True)
    (folder / "2022-01-06-neighbour.md").write_text("---\ntitle: n\n---\n", "utf-8")
    post = folder / "2022-01-05-a.md"
    post.write_text("---\ntitle: a\n---\n正文\n", "utf-8")
    return post


@pytest.mark.parametrize(
    ("relative", "inside"),
    [
        (".", True),
        ("_posts", True),
        ("_posts/deeper/still", True),
        ("..", False),
        ("../elsewhere", False),
    ],
)
def test_folder_archive_protects_itself_and_below(
    tmp_path: Path, relative: str, inside: bool
) -> None:
    archive = tmp_path / "archive"
    (archive / "_posts").mkdir(parents=True)
    assert writes_into_archive(archive / relative, archive) is inside


@pytest.mark.parametrize("relative", [".", "sub", "../_posts"])
def test_single_post_archive_protects_its_whole_folder(lone_post: Path, relative: str) -> None:
    assert writes_into_archive(lone_post.parent / relative, lone_post)


def test_single_post_archive_allows_a_sibling_of_its_folder(lone_post: Path) -> None:
    assert not writes_into_archive(lone_post.parent.parent / "out", lone_post)


def test_plan_refuses_existing_files_without_force(tmp_path: Path) -> None:
    archive, out = tmp_path / "archive", tmp_path / "out"
    archive.mkdir()
    [planned] = plan_targets(archive, [POST], out, force=False)
    assert planned == Target(
        POST, "uncategorized", "2022-01-05-a.txt", out / planned.folder / planned.name
    )
    planned.path.parent.mkdir(parents=True)
    planned.path.write_text("earlier", "utf-8")
    with pytest.raises(ExportRefused, match="1 file\\(s\\) exist already"):
        plan_targets(archive, [POST], out, force=False)
    assert plan_targets(archive, [POST], out, force=True) == [planned]
