"""Where exports are written: never inside the archive, never silently overwriting.

One rule serves the CLI's ``--export -o DIR`` and the reader's ``e``: the
*protected* folder of an archive is its root, or, when the archive is a single
post file, that file's whole folder (the post's neighbours are someone's
archive too). Refusals raise :class:`ExportRefused`, which the CLI reports in
one line (exit 2) and the reader shows as a notice.

The CLI imports this module for :class:`ExportRefused` on every run, so it
imports nothing heavy at the top: a warm ``--list`` stays lean.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from newsreader.core.export.names import export_dir, export_filename
from newsreader.core.model import Post

if TYPE_CHECKING:
    from newsreader.core.document.model import Document


class ExportRefused(Exception):
    """An export that would write inside the archive or over existing files."""


def protected_folder(archive_root: Path) -> Path:
    """The folder no export may write into: the archive, or a lone post's folder."""
    root = archive_root.resolve()
    return root.parent if root.is_file() else root


def inside_archive(path: Path, archive_root: Path) -> bool:
    """Whether writing at ``path`` would write inside the archive's protected folder."""
    return path.resolve().is_relative_to(protected_folder(archive_root))


def plan_targets(
    archive_root: Path, posts: Iterable[Post], out_dir: Path, *, force: bool
) -> list[tuple[Post, Path]]:
    """Choose a distinct target file for every post, before anything is written.

    Args:
        archive_root: The archive, which must never be written to.
        posts: The posts to export.
        out_dir: The folder the user named with ``-o``.
        force: Overwrite files that exist already.

    Returns:
        ``(post, path)`` pairs, one per post, all distinct.

    Raises:
        ExportRefused: The folder lies inside the archive, or files exist and
            ``force`` is false (naming the first few).
    """
    if inside_archive(out_dir, archive_root):
        raise ExportRefused(f"refusing to write inside the archive: {out_dir}")
    taken: set[Path] = set()
    targets: list[tuple[Post, Path]] = []
    for post in posts:
        target = _distinct(out_dir / export_dir(post) / export_filename(post), taken)
        taken.add(target)
        targets.append((post, target))
    clashes = [str(path) for _, path in targets if path.exists()]
    if clashes and not force:
        shown = ", ".join(clashes[:3]) + (" …" if len(clashes) > 3 else "")
        raise ExportRefused(
            f"{len(clashes)} file(s) exist already ({shown}); use --force to overwrite"
        )
    return targets


def _distinct(path: Path, taken: set[Path]) -> Path:
    """``path``, or ``name-2.txt``, ``name-3.txt``… if another post took it in this run."""
    candidate, number = path, 2
    while candidate in taken:
        candidate = path.with_name(f"{path.stem}-{number}{path.suffix}")
        number += 1
    return candidate


def export_folder(archive_root: Path, preferred: Path | None = None) -> Path:
    """Choose the folder the reader's ``e`` saves into.

    Args:
        archive_root: The archive, which is read-only for us.
        preferred: A folder the user (or a test) chose.

    Returns:
        ``preferred``, else the user's Downloads folder if it exists, else the
        current directory, else the home folder: the first that is not inside
        the archive.
    """
    import platformdirs

    downloads = Path(platformdirs.user_downloads_dir())
    candidates = [preferred] if preferred is not None else []
    candidates += [downloads] if downloads.is_dir() else []
    for folder in [*candidates, Path.cwd()]:
        if not inside_archive(folder, archive_root):
            return folder
    return Path.home()


def save_export(
    archive_root: Path, folder: Path, post: Post, document: Document, width: int = 80
) -> Path:
    """Write ``post`` as plain text into ``folder``.

    Args:
        archive_root: The archive, checked again: ``folder`` may come from
            anywhere.
        folder: From :func:`export_folder`.
        post: The open post.
        document: Its parsed body.
        width: Wrap width of the text file.

    Returns:
        The file written (an earlier export of the same post is replaced).

    Raises:
        ExportRefused: ``folder`` lies inside the archive.
    """
    if inside_archive(folder, archive_root):
        raise ExportRefused(f"refusing to write inside the archive: {folder}")
    from newsreader.core.export.render import export_post

    folder.mkdir(parents=True, exist_ok=True)
    target = folder / export_filename(post)
    target.write_text(export_post(post, document, width=width), encoding="utf-8")
    return target
