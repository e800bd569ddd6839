"""Bring a loaded archive up to date after files changed on disk.

Mirrors are updated by ``git pull`` or a cron job while the reader is open.
The reader's watcher hands the changed paths here; the archive is loaded
again through the index (:func:`newsreader.core.index.metadata.load_indexed`,
which re-reads only new or changed files) and compared with the one shown,
so the UI learns which posts were added, updated or removed and can change
just those rows. Paths Jekyll ignores (``.git``, ``_site``, editor backups)
never cause a reload: a ``git pull`` writes mostly below ``.git``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePath

from newsreader.core.archive.discovery import POSTS_DIR, inside_archive, is_special
from newsreader.core.index.metadata import load_indexed
from newsreader.core.model import Archive

CONFIG_FILE = "_config.yml"
_IGNORED_DIRS = frozenset({"node_modules", "vendor"})


@dataclass(frozen=True)
class Refreshed:
    """The archive as it is on disk now, and how it differs from the one before.

    Attributes:
        archive: The archive loaded again.
        added: Paths of posts that are new.
        updated: Paths of posts whose metadata or file changed.
        removed: Paths of posts that are gone.
        notices: Plain sentences about the index for the user.
    """

    archive: Archive
    added: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    notices: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        """Whether any post was added, updated or removed (problems may change alone)."""
        return bool(self.added or self.updated or self.removed)

    def summary(self) -> str:
        """One line for a notice, e.g. ``2 added, 1 removed``; ``""`` when nothing changed."""
        counts = (("added", self.added), ("updated", self.updated), ("removed", self.removed))
        return ", ".join(f"{len(paths)} {word}" for word, paths in counts if paths)


def concerns_archive(root: Path, path: Path) -> bool:
    """Whether a change at ``path`` can change what the archive holds.

    The config counts; so does any file whose folders Jekyll reads (a
    ``_posts`` folder, or a folder that is not special): ``.git/index`` or
    ``_site/x.html`` do not.

    Args:
        root: The archive root (a folder, or a single post file).
        path: A path that changed (absolute, or relative to the working folder).
    """
    if root.is_file():
        return _absolute(path) == _absolute(root)
    try:
        parts = _absolute(path).relative_to(_absolute(root)).parts
    except ValueError:
        return False
    if parts == (CONFIG_FILE,):
        return True
    return all(part == POSTS_DIR or not _ignored(part) for part in parts)


def watched_folders(root: Path) -> list[str]:
    """The folders a watcher follows, each on its own: those whose files :func:`concerns_archive`.

    The root and every folder below it whose name is not ignored (a
    ``_posts`` folder is never ignored), folder links followed where they
    stay inside the root, each real folder once. Watching the root
    recursively instead made watchfiles walk and stat every file of the tree
    before its first event while holding the GIL: the reader froze for 0.2 s
    just after its first screen at 10^5 posts, and for seconds at 10^6. Here
    only folder entries are looked at (their type comes with the listing), in
    Python, which lets the event loop run between them. A single-file archive
    is its file.

    Args:
        root: The archive root (a folder, or a single post file).

    Returns:
        Absolute paths, the root first; a folder that cannot be listed is
        left out (with its subfolders).
    """
    top = str(_absolute(root))
    if root.is_file():
        return [top]
    found: list[str] = []
    seen: set[tuple[int, int]] = set()
    stack, top_real = [top], os.path.realpath(top)
    while stack:
        folder = stack.pop()
        try:
            info = os.stat(folder)
            if (info.st_dev, info.st_ino) in seen:
                continue
            seen.add((info.st_dev, info.st_ino))
            with os.scandir(folder) as entries:
                inner = [entry.path for entry in entries if _watched(entry, top_real)]
        except OSError:
            continue
        found.append(folder)
        stack.extend(reversed(inner))
    return found


def _watched(entry: os.DirEntry[str], root_real: str) -> bool:
    """Whether a folder entry is a folder to watch: a link only if it stays in the archive.

    The loader's own rule (:func:`~newsreader.core.archive.discovery.inside_archive`),
    against the root's real path, so a root reached through a linked folder
    keeps its links.
    """
    try:
        if not entry.is_dir() or (entry.name != POSTS_DIR and _ignored(entry.name)):
            return False
        return not entry.is_symlink() or inside_archive(entry.path, root_real)
    except OSError:
        return False


def _ignored(name: str) -> bool:
    """Names Jekyll does not read: special names and vendored folders."""
    return is_special(name) or name in _IGNORED_DIRS


def diff_archives(
    old: Archive, new: Archive, touched: Iterable[str] = ()
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """Paths added, updated and removed between two loads of one archive.

    A post counts as updated when its metadata differ, or when its file is
    among ``touched`` (a body edit leaves the metadata alone but changes what
    an open post shows).

    Args:
        old: The archive shown so far.
        new: The archive as loaded now.
        touched: Relative paths of files reported changed.

    Returns:
        ``(added, updated, removed)``, each in the order of its archive.
    """
    before = {post.path: post for post in old.posts}
    after = {post.path: post for post in new.posts}
    edited = set(touched)
    added = tuple(path for path in after if path not in before)
    removed = tuple(path for path in before if path not in after)
    updated = tuple(
        path
        for path, post in after.items()
        if path in before and (before[path] != post or path in edited)
    )
    return added, updated, removed


def refresh_archive(
    old: Archive,
    changed: Iterable[Path] | None = None,
    *,
    use_cache: bool = True,
    cache_dir: Path | None = None,
) -> Refreshed | None:
    """Load ``old``'s archive again if ``changed`` concerns it, and say what changed.

    Args:
        old: The archive shown now.
        changed: Paths reported changed; None reloads whatever changed (the
            user asked for it).
        use_cache: False reads every file afresh (``--no-cache``).
        cache_dir: Cache directory instead of the user cache (tests).

    Returns:
        The new archive with its differences, or None when no path concerns
        the archive (nothing was read).

    Raises:
        OSError: The archive cannot be read any more (its folder is gone).
    """
    root = old.root
    paths = None if changed is None else [p for p in changed if concerns_archive(root, p)]
    if paths is not None and not paths:
        return None
    loaded = load_indexed(
        root, use_cache=use_cache, cache_dir=cache_dir, with_lines=False, previous=old
    )
    touched = [] if paths is None else [_relative(root, path) for path in paths]
    added, updated, removed = diff_archives(old, loaded.archive, touched)
    return Refreshed(loaded.archive, added, updated, removed, list(loaded.notices))


def revalidate(root: Path, *, use_cache: bool = True, cache_dir: Path | None = None) -> Refreshed:
    """Load the archive in full, checking every file, and say what the index had wrong.

    The reader's first screen is shown from the index alone
    (:mod:`newsreader.core.index.first_page`); this is the check that
    follows it, in the background. The differences are the load's own
    (files read again, files gone), not a comparison with the posts shown,
    which were only the first page.

    Args:
        root: The archive folder.
        use_cache: Load through the index (False reads every file).
        cache_dir: Cache directory instead of the user cache (tests).

    Raises:
        OSError: The archive cannot be read any more (its folder is gone).
    """
    loaded = load_indexed(root, use_cache=use_cache, cache_dir=cache_dir, with_lines=False)
    added, updated, removed = loaded.changes
    return Refreshed(loaded.archive, added, updated, removed, list(loaded.notices))


def _relative(root: Path, path: Path) -> str:
    """``path`` as a post path: POSIX, relative to the root (the name for a single file)."""
    if root.is_file():
        return root.name
    return _absolute(path).relative_to(_absolute(root)).as_posix()


def _absolute(path: Path) -> PurePath:
    """``path`` made absolute without resolving links (the watcher reports them unresolved)."""
    return PurePath(os.path.abspath(path))
