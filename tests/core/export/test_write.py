"""The export writer: links swapped in after planning are still never followed."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from newsreader.core.export.write import ExportFolder


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "post.txt").write_text("keep", "utf-8")
    return folder


def test_writes_whole_files_and_replaces_earlier_ones(tmp_path: Path) -> None:
    with ExportFolder(tmp_path / "out") as out:
        out.write("news", "a.txt", b"first")
        path = out.write("news", "a.txt", b"second")
        top = out.write("", "b.txt", b"top")
    assert path.read_bytes() == b"second" and top == tmp_path / "out" / "b.txt"
    assert sorted(p.name for p in (tmp_path / "out").rglob("*")) == ["a.txt", "b.txt", "news"]


def test_a_folder_link_is_not_followed(tmp_path: Path, outside: Path) -> None:
    with ExportFolder(tmp_path / "out") as out:
        (tmp_path / "out" / "news").symlink_to(outside, target_is_directory=True)
        with pytest.raises(OSError, match="symbolic link") as caught:
            out.write("news", "post.txt", b"evil")
    assert caught.value.errno == errno.ELOOP
    assert (outside / "post.txt").read_text("utf-8") == "keep"
    assert os.listdir(outside) == ["post.txt"]


def test_a_link_at_the_final_name_is_not_followed(tmp_path: Path, outside: Path) -> None:
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "post.txt").symlink_to(outside / "post.txt")
    with ExportFolder(tmp_path / "out") as out, pytest.raises(OSError, match="symbolic link"):
        out.write("", "post.txt", b"evil")
    assert (outside / "post.txt").read_text("utf-8") == "keep"


def test_the_forbidden_folder_is_refused_even_when_reached_by_its_own_name(
    tmp_path: Path,
) -> None:
    archive = tmp_path / "out" / "news"
    archive.mkdir(parents=True)
    with ExportFolder(tmp_path / "out", forbidden=archive) as out:
        with pytest.raises(OSError, match="inside the archive"):
            out.write("news", "a.txt", b"evil")
    assert not list(archive.iterdir())


def test_a_failed_rename_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def replace(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    with ExportFolder(tmp_path / "out") as out:
        monkeypatch.setattr(os, "replace", replace)
        with pytest.raises(OSError, match="Input/output error"):
            out.write("news", "a.txt", b"text")
    assert os.listdir(tmp_path / "out" / "news") == []


def test_a_failed_close_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_close = os.close

    def close(fd: int) -> None:
        real_close(fd)
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    with ExportFolder(tmp_path / "out") as out:
        out.write("news", "warm.txt", b"")  # open the folder before close fails
        monkeypatch.setattr(os, "close", close)
        with pytest.raises(OSError, match="No space left"):
            out.write("news", "a.txt", b"text")
        monkeypatch.undo()
    assert os.listdir(tmp_path / "out" / "news") == ["warm.txt"]
