"""Where exports are written: never inside the archive, never silently overwriting.

One rule serves the CLI's ``--export -o DIR`` and the reader's ``e``: the
*protected* folder of an archive is its root, or, when the archive is a single
post file, that file's whole folder (the post's neighbours are someone's
archive too). Whatever the export folder already holds (links into the
archive or elsewhere, hard links, files where folders go), nothing is
written outside it or inside the archive: targets are checked before the
first write, and :mod:`newsreader.core.export.write` writes without following
links. Refusals and failures raise :class:`ExportRefused`, which the CLI
reports in one line (exit 2) and the reader shows as a notice.

The CLI imports this module for :class:`ExportRefused` on every run, so it
imports nothing heavy at the top: a warm ``--list`` stays lean.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from newsreader.core.export.names import export_dir, export_filename
from newsreader.core.model import Post

if TYPE_CHECKING:
    pass


class ExportRefused(Exception):
    """An export that would write inside the archive, through a link, or over existing files."""


class ExportFailed(ExportRefused):
    """The system refused an export: no such folder, a file in the way, a full disk.

    The message is one line and says how many files were written before the
    failure; each of those is complete, and no partial file is left.
    """


@dataclass(frozen=True, slots=True)
class Target:
    """Where one post is exported.

    Attributes:
        post: The post.
        folder: The subfolder of the export folder (one safe path component),
            or ``""`` for the export folder itself.
        name: The file name (one safe path component).
        path: ``folder/name`` under the export folder as the user named it.
    """

    post: Post
    folder: str
    name: str
    path: Path


def protected_folder(archive_root: Path) -> Path:
    """The folder no export may write into: the archive, or a lone post's folder."""
    root = archive_root.resolve()
    return root.parent if root.is_file() else root


def writes_into_archive(path: Path, archive_root: Path) -> bool:
    """Whether writing at ``path`` would write inside the archive's protected folder."""
    return path.resolve().is_relative_to(protected_folder(archive_root))


def plan_targets(
    archive_root: Path, posts: Iterable[Post], out_dir: Path, *, force: bool
) -> list[Target]:
    """Choose a distinct, safe target file for every post, before anything is written.

    Every target is checked on disk as it is now: a symbolic link below
    ``out_dir`` (folder or file) is refused even with ``force``, since writing
    through it could land anywhere, the archive included; so is a folder that
    turns out to be the archive (when ``out_dir`` contains it).
    :func:`write_targets` enforces the same again while writing.

    Args:
        archive_root: The archive, which must never be written to.
        posts: The posts to export.
        out_dir: The folder the user named with ``-o``.
        force: Overwrite files that exist already.

    Returns:
        One target per post, all distinct.

    Raises:
        ExportRefused: The folder lies inside the archive, a link is in the
            way, or files exist and ``force`` is false (naming the first few).
        ExportFailed: ``out_dir`` is not a folder, or cannot be looked at.
    """
    root, protected = _resolve(out_dir), protected_folder(archive_root)
    if root.is_relative_to(protected):
        raise ExportRefused(f"refusing to write inside the archive: {out_dir}")
    root_status = _lstat(root, out_dir)
    if root_status is not None and not stat.S_ISDIR(root_status.st_mode):
        raise ExportFailed(f"cannot use {out_dir}: not a folder")
    taken: set[Path] = set()
    targets: list[Target] = []
    for post in posts:
        folder = export_dir(post)
        path = _distinct(out_dir / folder / export_filename(post), taken)
        taken.add(path)
        targets.append(Target(post, folder, path.name, path))
    checked: set[str] = set()
    clashes = [str(t.path) for t in targets if _existing_file(root, t, protected, checked)]
    if clashes and not force:
        shown = ", ".join(clashes[:3]) + (" …" if len(clashes) > 3 else "")
        raise ExportRefused(
            f"{len(clashes)} file(s) exist already ({shown}); use --force to overwrite"
        )
    return targets


def _existing_file(root: Path, target: Target, protected: Path, checked: set[str]) -> bool:
    """Check ``target``'s folder and file on disk; whether the file exists already."""
    if target.folder not in checked:
        _check_folder(root / target.folder, target.path.parent, protected)
        checked.add(target.folder)
    status = _lstat(root / target.folder / target.name, target.path)
    if status is None:
        return False
    if stat.S_ISLNK(status.st_mode):
        raise ExportRefused(f"refusing to write through a symbolic link: {target.path}")
    if not stat.S_ISREG(status.st_mode):
        raise ExportFailed(f"cannot replace {target.path}: not a file")
    return True


def _check_folder(folder: Path, shown: Path, protected: Path) -> None:
    status = _lstat(folder, shown)
    if status is None:
        return
    if stat.S_ISLNK(status.st_mode):
        raise ExportRefused(f"refusing to write through a symbolic link: {shown}")
    if not stat.S_ISDIR(status.st_mode):
        raise ExportFailed(f"cannot use {shown}: not a folder")
    if _resolve(folder).is_relative_to(protected):
        raise ExportRefused(f"refusing to write inside the archive: {shown}")


def write_targets(archive_root: Path, out_dir: Path, files: Iterable[tuple[Target, str]]) -> int:
    """Write each target's text, whole or not at all, never outside ``out_dir``.

    Args:
        archive_root: The archive, refused again if a folder turns out to be it.
        out_dir: The export folder the targets were planned under.
        files: ``(target, text)`` pairs; rendered lazily by the caller, whose
            own errors pass through untouched.

    Returns:
        How many files were written.

    Raises:
        ExportFailed: A write failed or met a link; earlier files are complete
            and the message says how many there are.
    """
    from newsreader.core.export.write import ExportFolder

    try:
        folder = ExportFolder(_resolve(out_dir), forbidden=protected_folder(archive_root))
    except OSError as error:
        raise ExportFailed(f"cannot use the export folder {out_dir}: {_reason(error)}") from None
    written = 0
    with folder:
        for target, text in files:
            try:
                folder.write(target.folder, target.name, text.encode("utf-8"))
            except OSError as error:
                raise ExportFailed(
                    f"export stopped at {target.path}: {_reason(error)}"
                    f" ({written} file(s) written before it)"
                ) from None
            written += 1
    return written


def _resolve(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError) as error:  # a symbolic link loop
        raise ExportFailed(f"cannot use {path}: {error}") from None


def _lstat(path: Path, shown: Path) -> os.stat_result | None:
    """``path``'s own status (never a link's target), or None if it does not exist."""
    try:
        return path.lstat()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise ExportFailed(f"cannot use {shown}: {_reason(error)}") from None


def _reason(error: OSError) -> str:
    """An OS error in words, without the ``[Errno N]`` and path that str() adds."""
    return error.strerror or str(error)


def _distinct(path: Path, taken: set[Path]) -> Path:
    """``path``, or ``name-2.txt``, ``name-3.txt``… if another post took it in this run."""
    candidate, number = path, 2
    while candidate in taken:
        candidate = path.with_name(f"{path.stem}-{number}{path.suffix}")
        number += 1
    return candidate
