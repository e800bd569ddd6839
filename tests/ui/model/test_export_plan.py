"""The export dialog's folder check, beside the CLI's: both refuse the same folders."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsreader.core.archive.loader import load_archive
from newsreader.core.export.targets import ExportRefused, plan_targets
from newsreader.core.model import Post
from newsreader.ui.model.export_plan import refusal


@pytest.fixture
def lone_post(tmp_path: Path) -> Path:
    """An archive that is a single post file: its whole folder is protected."""
    post = tmp_path / "folder" / "2022-01-05-a.md"
    post.parent.mkdir()
    post.write_text("---\ntitle: 甲\n---\n<p>正文</p>\n", "utf-8")
    return post


def _post(root: Path) -> Post:
    archive = load_archive(root)
    return archive.posts[0]


def test_cli_and_reader_refuse_the_same_folder(lone_post: Path) -> None:
    """Both doors refuse the lone post's folder (they used to disagree)."""
    folder = lone_post.parent
    with pytest.raises(ExportRefused, match="inside the archive"):
        plan_targets(lone_post, [_post(lone_post)], folder, force=True)
    assert refusal(str(folder), lone_post) is not None
    assert refusal(str(folder.parent / "out"), lone_post) is None
