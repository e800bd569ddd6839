"""What the export dialog writes, and where (Textual-free).

Three scopes: the open post, the section the reader is in, or every post of
the list (one file each, in folders by category, as ``--export -o`` does).
Single files are named by the title (:func:`~newsreader.core.export.names.title_filename`);
every write goes through :mod:`newsreader.core.export.targets`, so nothing is
written inside the archive or through a link, and nothing existing is
replaced unless the user said so. The last folder used is remembered for
every archive, in the user state directory, beside the reading state.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from newsreader.core.document.model import Document, OutlineNode
from newsreader.core.export.names import title_filename
from newsreader.core.export.section import section_document
from newsreader.core.export.targets import (
    ExportRefused,
    Target,
    plan_targets,
    write_targets,
    writes_into_archive,
)
from newsreader.core.model import Archive, Post

Scope = Literal["post", "section", "list"]
WIDTH = 80
"""Wrap width of exported text (the CLI's default)."""

_MEMORY = "export.json"


@dataclass(frozen=True)
class ExportJob:
    """Everything an export may need, gathered when the dialog opens.

    Attributes:
        archive: The archive (never written).
        post: The open post.
        document: Its parsed body.
        section: The heading whose section the reader is in, if any.
        posts: The posts of the list, in its order.
    """

    archive: Archive
    post: Post
    document: Document
    section: OutlineNode | None
    posts: Sequence[Post]

    def file_name(self, scope: Scope) -> str:
        """The file a single-file scope writes; for the list, a description."""
        if scope == "list":
            return f"{len(self.posts)} files, one per post, in folders by category"
        if scope == "section" and self.section is not None:
            part = f"{self.section.marker}{self.section.title}".strip()
            return title_filename(self.post, part)
        return title_filename(self.post)

    def document_for(self, scope: Scope) -> Document:
        """The document a single-file scope renders."""
        if scope == "section" and self.section is not None:
            return section_document(self.document, self.section)
        return self.document


def refusal(folder_text: str, archive_root: Path) -> str | None:
    """Why a folder typed in the dialog cannot be used, or None if it can."""
    if not folder_text.strip():
        return "Type a folder to save into."
    folder = Path(folder_text).expanduser()
    if writes_into_archive(folder, archive_root):
        return "That folder is inside the archive, which is never written: choose another."
    if folder.exists() and not folder.is_dir():
        return "That is a file, not a folder."
    return None


def existing(job: ExportJob, scope: Scope, folder: Path) -> list[Path]:
    """Files the export would replace (asked about before writing)."""
    if scope != "list":
        target = folder / job.file_name(scope)
        return [target] if os.path.lexists(target) else []
    try:
        targets = plan_targets(job.archive.root, job.posts, folder, force=True)
    except ExportRefused:
        return []  # refused outright: the write says why
    return [t.path for t in targets if os.path.lexists(t.path)]


def run_export(
    job: ExportJob,
    scope: Scope,
    folder: Path,
    *,
    overwrite: bool,
    render: Callable[[Post], str],
) -> tuple[int, Path]:
    """Write the export.

    Args:
        job: What is open.
        scope: What to write.
        folder: Where (created if missing).
        overwrite: Replace files that exist.
        render: A list post's text (it opens the post; the open one is ready).

    Returns:
        How many files were written, and the file (one) or the folder (list).

    Raises:
        ExportRefused: A refusal or a failed write (one line, for a notice).
    """
    from newsreader.core.export.render import export_post

    root = job.archive.root
    if scope == "list":
        targets = plan_targets(root, job.posts, folder, force=overwrite)

        def texts() -> Iterator[tuple[Target, str]]:
            for target in targets:
                yield target, render(target.post)

        return write_targets(root, folder, texts()), folder
    name = job.file_name(scope)
    target = Target(job.post, "", name, folder / name)
    if not overwrite and os.path.lexists(target.path):
        raise ExportRefused(f"{target.path} exists already")
    text = export_post(job.post, job.document_for(scope), width=WIDTH)
    return write_targets(root, folder, [(target, text)]), target.path


def remembered_folder(state_dir: Path) -> Path | None:
    """The folder the last export went to, if it was remembered and still exists."""
    try:
        data = json.loads((state_dir / _MEMORY).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    folder = data.get("folder") if isinstance(data, dict) else None
    return Path(folder) if isinstance(folder, str) and Path(folder).is_dir() else None


def remember_folder(state_dir: Path, folder: Path) -> None:
    """Remember ``folder`` for the next export (a failure only costs the memory)."""
    try:
        state_dir.mkdir(parents=True, exist_ok=True)
        temporary = state_dir / f".{_MEMORY}.tmp"
        temporary.write_text(json.dumps({"folder": str(folder.resolve())}), encoding="utf-8")
        temporary.replace(state_dir / _MEMORY)
    except OSError:
        pass


def default_folder(state_dir: Path, archive_root: Path, preferred: Path | None) -> Path:
    """The folder the dialog offers: the last one used, else ``preferred``, else Documents.

    None of them is ever inside the archive (the home folder is the last resort).
    """
    import platformdirs

    candidates = [remembered_folder(state_dir), preferred]
    candidates.append(Path(platformdirs.user_documents_dir()))
    for folder in candidates:
        if folder is not None and not writes_into_archive(folder, archive_root):
            return folder
    return Path.home()
