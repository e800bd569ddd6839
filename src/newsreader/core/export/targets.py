"""Where ``--export -o DIR`` writes: one file per post, never silently overwriting."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from newsreader.core.model import Post


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
        CliError: The folder lies inside the archive, or files exist and
            ``force`` is false (naming the first few).
    """
    from newsreader.cli import CliError
    from newsreader.core.export.render import export_dir, export_filename

    if _inside(out_dir, archive_root):
        raise CliError(f"refusing to write inside the archive: {out_dir}")
    taken: set[Path] = set()
    targets: list[tuple[Post, Path]] = []
    for post in posts:
        target = _distinct(out_dir / export_dir(post) / export_filename(post), taken)
        taken.add(target)
        targets.append((post, target))
    clashes = [str(path) for _, path in targets if path.exists()]
    if clashes and not force:
        shown = ", ".join(clashes[:3]) + (" …" if len(clashes) > 3 else "")
        raise CliError(f"{len(clashes)} file(s) exist already ({shown}); use --force to overwrite")
    return targets


def _distinct(path: Path, taken: set[Path]) -> Path:
    """``path``, or ``name-2.txt``, ``name-3.txt``… if another post took it in this run."""
    candidate, number = path, 2
    while candidate in taken:
        candidate = path.with_name(f"{path.stem}-{number}{path.suffix}")
        number += 1
    return candidate


def _inside(path: Path, root: Path) -> bool:
    """Whether ``path`` lies in the archive folder (or is the single post file)."""
    root = root.resolve()
    if root.is_file():
        return path.resolve() == root
    try:
        path.resolve().relative_to(root)
    except ValueError:
        return False
    return True
