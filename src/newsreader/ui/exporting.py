"""Where ``e`` saves the open post: the user's Downloads, never the archive.

Kept apart from the screen so the choice of folder (and the refusal to write
inside the archive) is tested without an app.
"""

from __future__ import annotations

from pathlib import Path

import platformdirs

from newsreader.core.document.model import Document
from newsreader.core.export.render import export_filename, export_post
from newsreader.core.model import Post


def _inside(path: Path, root: Path) -> bool:
    """Whether ``path`` is ``root`` or lies below it (or ``root`` is that file's folder)."""
    root = root.resolve()
    folder = root.parent if root.is_file() else root
    return path.resolve().is_relative_to(folder)


def export_folder(archive_root: Path, preferred: Path | None = None) -> Path:
    """Choose the folder exports go to.

    Args:
        archive_root: The archive, which is read-only for us.
        preferred: A folder the app was told to use (tests pass ``tmp_path``).

    Returns:
        ``preferred``, else the user's Downloads folder if it exists, else the
        current directory, else the home folder: the first that is not inside
        the archive.
    """
    downloads = Path(platformdirs.user_downloads_dir())
    candidates = [preferred] if preferred is not None else []
    candidates += [downloads] if downloads.is_dir() else []
    for folder in [*candidates, Path.cwd()]:
        if not _inside(folder, archive_root):
            return folder
    return Path.home()


def save_export(folder: Path, post: Post, document: Document, width: int = 80) -> Path:
    """Write ``post`` as plain text into ``folder``.

    Args:
        folder: From :func:`export_folder`.
        post: The open post.
        document: Its parsed body.
        width: Wrap width of the text file.

    Returns:
        The file written (an earlier export of the same post is replaced).
    """
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / export_filename(post)
    target.write_text(export_post(post, document, width=width), encoding="utf-8")
    return target
