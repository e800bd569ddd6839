"""``--export -o DIR`` against a prepared export folder: each attack, the promise, the check.

The promise is the same for every attack: nothing outside ``DIR`` changes
(the archive included), and a refusal is one line with exit status 2. Each
row builds its trap in ``DIR`` (or names a ``DIR`` that is a trap), runs the
command line and compares every file outside ``DIR`` before and after.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from newsreader.cli import main

POST_A = "2022-01-01-a"
POST_B = "2022-01-02-b"
Snapshot = dict[str, tuple[str, bytes]]


@dataclass(frozen=True)
class World:
    """The archive (posts in category ``news``), the export folder and a bystander file."""

    base: Path
    archive: Path
    out: Path
    victim: Path

    @property
    def posts(self) -> Path:
        return self.archive / "news" / "_posts"


@dataclass(frozen=True)
class Attack:
    """One trap: how it is laid, what the CLI is asked, what must come out.

    Attributes:
        name: The test id.
        lay: Builds the trap; returns ``DIR`` and any further arguments.
        code: The exit status promised.
        message: Text the one-line refusal must hold (``""`` on success).
        archive: Export a single post (its path under the archive) instead
            of the whole archive.
    """

    name: str
    lay: Callable[[World], tuple[Path, list[str]]]
    code: int
    message: str = ""
    archive: str = ""


def _folder_link_to_posts(world: World) -> tuple[Path, list[str]]:
    (world.out).mkdir()
    (world.out / "news").symlink_to(world.posts, target_is_directory=True)
    return world.out, []


def _file_link_to_post(world: World) -> tuple[Path, list[str]]:
    (world.out / "news").mkdir(parents=True)
    (world.out / "news" / f"{POST_A}.txt").symlink_to(world.posts / f"{POST_A}.md")
    return world.out, ["--force"]


def _file_link_outside(world: World) -> tuple[Path, list[str]]:
    (world.out / "news").mkdir(parents=True)
    (world.out / "news" / f"{POST_A}.txt").symlink_to(world.victim)
    return world.out, ["--force"]


def _dangling_link_outside(world: World) -> tuple[Path, list[str]]:
    (world.out / "news").mkdir(parents=True)
    (world.out / "news" / f"{POST_A}.txt").symlink_to(world.base / "planted.txt")
    return world.out, []


def _folder_link_outside(world: World) -> tuple[Path, list[str]]:
    (world.base / "elsewhere").mkdir()
    world.out.mkdir()
    (world.out / "news").symlink_to(world.base / "elsewhere", target_is_directory=True)
    return world.out, ["--force"]


def _hard_link_to_post(world: World) -> tuple[Path, list[str]]:
    (world.out / "news").mkdir(parents=True)
    os.link(world.posts / f"{POST_A}.md", world.out / "news" / f"{POST_A}.txt")
    return world.out, ["--force"]


def _out_is_link_to_archive(world: World) -> tuple[Path, list[str]]:
    world.out.symlink_to(world.archive, target_is_directory=True)
    return world.out, []


def _out_contains_the_archive(world: World) -> tuple[Path, list[str]]:
    # DIR is the archive's parent, and the archive's folder is named like the
    # category: DIR/news would be the archive's own news folder.
    return world.archive.parent, []


def _lone_post_into_its_folder(world: World) -> tuple[Path, list[str]]:
    return world.posts, []


def _lone_post_into_link_to_its_folder(world: World) -> tuple[Path, list[str]]:
    world.out.symlink_to(world.posts, target_is_directory=True)
    return world.out, ["--force"]


def _final_name_is_a_folder(world: World) -> tuple[Path, list[str]]:
    (world.out / "news" / f"{POST_A}.txt").mkdir(parents=True)
    return world.out, ["--force"]


ATTACKS = [
    Attack("folder link to the archive's _posts", _folder_link_to_posts, 2, "symbolic link"),
    Attack("file link to an archive post, --force", _file_link_to_post, 2, "symbolic link"),
    Attack("file link to a file outside DIR, --force", _file_link_outside, 2, "symbolic link"),
    Attack("dangling file link outside DIR", _dangling_link_outside, 2, "symbolic link"),
    Attack("folder link outside DIR, --force", _folder_link_outside, 2, "symbolic link"),
    Attack("hard link to an archive post, --force", _hard_link_to_post, 0),
    Attack("DIR is a link to the archive", _out_is_link_to_archive, 2, "inside the archive"),
    Attack(
        "DIR holds the archive's own folder", _out_contains_the_archive, 2, "inside the archive"
    ),
    Attack(
        "lone post into its own folder",
        _lone_post_into_its_folder,
        2,
        "inside the archive",
        archive=f"news/_posts/{POST_A}.md",
    ),
    Attack(
        "lone post into a link to its folder",
        _lone_post_into_link_to_its_folder,
        2,
        "inside the archive",
        archive=f"news/_posts/{POST_A}.md",
    ),
    Attack("final name is a folder, --force", _final_name_is_a_folder, 2, "not a file"),
]


@pytest.fixture
def world(tmp_path: Path) -> World:
    # The archive's own folder is called "news" too, for the containing-DIR attack.
    archive = tmp_path / "site" / "news"
    posts = archive / "news" / "_posts"
    posts.mkdir(parents=True)
    for stem in (POST_A, POST_B):
        (posts / f"{stem}.md").write_text(f"---\ntitle: {stem}\n---\n<p>正文</p>\n", "utf-8")
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", "utf-8")
    return World(tmp_path, archive, tmp_path / "out", victim)


def snapshot(base: Path, skip: Path | None = None) -> Snapshot:
    """Every entry under ``base`` but ``skip``: a link's target, a file's bytes."""
    found: Snapshot = {}
    for path in base.rglob("*"):
        if skip is not None and (path == skip or skip in path.parents):
            continue
        if path.is_symlink():
            found[str(path)] = ("link", os.readlink(path).encode())
        elif path.is_file():
            found[str(path)] = ("file", path.read_bytes())
        else:
            found[str(path)] = ("folder", b"")
    return found


def run(capsys: pytest.CaptureFixture[str], archive: Path, argv: list[str]) -> tuple[int, str]:
    code = main([str(archive), "--export", "--no-cache", *argv])
    return code, capsys.readouterr().err


@pytest.mark.parametrize("attack", ATTACKS, ids=[attack.name for attack in ATTACKS])
def test_export_never_writes_outside_dir_or_into_the_archive(
    capsys: pytest.CaptureFixture[str], world: World, attack: Attack
) -> None:
    out, extra = attack.lay(world)
    before = snapshot(world.base, skip=out), snapshot(world.archive)
    code, err = run(capsys, world.archive / attack.archive, ["-o", str(out), *extra])
    assert (snapshot(world.base, skip=out), snapshot(world.archive)) == before
    assert code == attack.code, err
    assert attack.message in err
    if code == 2:
        assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert not list(world.base.rglob(".*.tmp"))


def test_hard_link_is_replaced_not_written_through(
    capsys: pytest.CaptureFixture[str], world: World
) -> None:
    """The export file that was a hard link to a post becomes a file of its own."""
    out, extra = _hard_link_to_post(world)
    code, _ = run(capsys, world.archive, ["-o", str(out), *extra])
    exported = world.out / "news" / f"{POST_A}.txt"
    assert code == 0 and "正文" in exported.read_text("utf-8")
    assert os.stat(exported).st_nlink == 1
    assert (world.posts / f"{POST_A}.md").read_text("utf-8").startswith("---")


@dataclass(frozen=True)
class Failure:
    """An ordinary failure: a bad ``-o`` or a write the system refuses midway.

    Attributes:
        name: The test id.
        out: Builds ``DIR`` (or what stands in its place) and returns it.
        message: Text the one-line report must hold.
        fail_after: Files the system lets through before writes fail with
            ``errno`` (``None``: writes never fail).
        errno: The error the failing writes raise.
    """

    name: str
    out: Callable[[World], Path]
    message: str
    fail_after: int | None = None
    errno: int = errno.ENOSPC


def _a_file(world: World) -> Path:
    world.out.write_text("not a folder", "utf-8")
    return world.out


def _under_a_file(world: World) -> Path:
    return _a_file(world) / "sub"


FAILURES = [
    Failure("-o is a file", _a_file, "not a folder"),
    Failure("-o under a file", _under_a_file, "Not a directory"),
    Failure("-o in /proc", lambda world: Path("/proc/newsreader-export"), "export folder"),
    Failure("disk full at once", lambda world: world.out, "(0 file(s) written before it)", 0),
    Failure("disk full after one", lambda world: world.out, "No space left on device", 1),
    Failure("I/O error after one", lambda world: world.out, "Input/output error", 1, errno.EIO),
]


def fail_writes_after(monkeypatch: pytest.MonkeyPatch, files: int, code: int) -> None:
    """Let ``files`` export files be written, then fail every write with ``code``."""
    real_write, real_replace = os.write, os.replace
    replaced = [0]

    def write(fd: int, data: bytes | memoryview) -> int:
        if replaced[0] >= files:
            real_write(fd, bytes(data)[:3])  # a partial write, then the error
            raise OSError(code, os.strerror(code))
        return real_write(fd, data)

    def replace(*args: object, **kwargs: object) -> None:
        real_replace(*args, **kwargs)  # type: ignore[arg-type]
        replaced[0] += 1

    monkeypatch.setattr(os, "write", write)
    monkeypatch.setattr(os, "replace", replace)


@pytest.mark.parametrize("failure", FAILURES, ids=[failure.name for failure in FAILURES])
def test_ordinary_failures_are_one_line_and_leave_only_whole_files(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    world: World,
    failure: Failure,
) -> None:
    out = failure.out(world)
    if failure.fail_after is not None:
        fail_writes_after(monkeypatch, failure.fail_after, failure.errno)
    before = snapshot(world.base, skip=world.out)
    code, err = run(capsys, world.archive, ["-o", str(out)])
    assert code == 2 and failure.message in err
    assert len(err.strip().splitlines()) == 1 and "unexpected" not in err
    assert snapshot(world.base, skip=world.out) == before
    if failure.fail_after is not None:
        written = sorted(world.out.rglob("*.txt"))
        assert len(written) == failure.fail_after
        assert all("正文" in path.read_text("utf-8") for path in written)
        assert f"({failure.fail_after} file(s) written before it)" in err
    assert not [path for path in world.base.rglob("*") if path.name.endswith(".tmp")]


def test_a_failed_overwrite_keeps_the_earlier_export(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, world: World
) -> None:
    assert run(capsys, world.archive, ["-o", str(world.out)])[0] == 0
    earlier = snapshot(world.out)
    fail_writes_after(monkeypatch, 0, errno.ENOSPC)
    code, _ = run(capsys, world.archive, ["-o", str(world.out), "--force"])
    assert code == 2 and snapshot(world.out) == earlier
