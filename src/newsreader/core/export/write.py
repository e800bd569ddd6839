"""Write export files so that nothing already in the export folder can redirect them.

The export folder is the user's, but its contents may be anyone's: a folder
symlink pointing into an archive, a file symlink pointing at a post, a hard
link to one. So every write goes through a descriptor of the export folder:
a subfolder is opened with ``O_NOFOLLOW`` and refused if it is a link, each
file is written whole to a new temporary file (``O_CREAT | O_EXCL |
O_NOFOLLOW``) in its own folder, then renamed over the final name, which is
refused if it is a link. A rename replaces a directory entry and never
follows one, so an existing file (or a hard link to a post) is replaced, not
written through, and a failed write leaves the old file, never half a new one
(files are not synced: a power cut may still lose the newest).

Failures are ordinary ``OSError`` values naming the path; the caller turns
them into one line for the user.
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
from pathlib import Path
from types import TracebackType

_FOLDER_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC
_TEMP_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC


def refused_link(path: Path) -> OSError:
    """The error for a symbolic link met where an export would write."""
    return OSError(errno.ELOOP, "is a symbolic link; refusing to write through it", str(path))


class ExportFolder:
    """An open export folder; every file written below it stays below it.

    Use as a context manager: it holds descriptors until closed.

    Args:
        path: The export folder, resolved by the caller (who checked it lies
            outside the archive); created if missing.
        forbidden: A folder no write may land in even if it is reachable
            from ``path`` (the archive, also when bind-mounted): a subfolder
            that is the same directory is refused.
    """

    def __init__(self, path: Path, forbidden: Path | None = None) -> None:
        path.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._forbidden = _identity(forbidden)
        self._fd = os.open(path, _FOLDER_FLAGS)
        self._folders: dict[str, int] = {"": self._fd}
        try:
            self._check_allowed(self._fd, path)
        except OSError:
            self.close()
            raise

    def __enter__(self) -> ExportFolder:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close every descriptor this folder opened."""
        for fd in self._folders.values():
            os.close(fd)
        self._folders.clear()

    def write(self, folder: str, name: str, data: bytes) -> Path:
        """Write ``data`` as ``folder/name`` below the export folder, whole or not at all.

        Args:
            folder: One path component (a safe name), or ``""`` for the
                export folder itself.
            name: The file name, one path component.
            data: The file's bytes.

        Returns:
            The path written.

        Raises:
            OSError: A link or non-file is in the way, or the system refused
                (full disk, I/O error...). The temporary file is removed.
        """
        fd = self._folder(folder)
        path = self.path / folder / name
        _check_replaceable(fd, name, path)
        temp = _write_temp(fd, name, data, path)
        try:
            os.replace(temp, name, src_dir_fd=fd, dst_dir_fd=fd)
        except BaseException:
            _remove(temp, fd)
            raise
        return path

    def _folder(self, folder: str) -> int:
        """The descriptor of ``folder``, made if missing, never through a link."""
        if folder in self._folders:
            return self._folders[folder]
        path = self.path / folder
        try:
            os.mkdir(folder, dir_fd=self._fd)
        except FileExistsError:
            if stat.S_ISLNK(os.lstat(folder, dir_fd=self._fd).st_mode):
                raise refused_link(path) from None
        try:
            fd = os.open(folder, _FOLDER_FLAGS | os.O_NOFOLLOW, dir_fd=self._fd)
        except OSError as error:
            # ELOOP (or ENOTDIR on some systems) when a link was swapped in.
            raise OSError(error.errno, error.strerror, str(path)) from None
        self._folders[folder] = fd
        self._check_allowed(fd, path)
        return fd

    def _check_allowed(self, fd: int, path: Path) -> None:
        if self._forbidden is not None and _identity_of(os.fstat(fd)) == self._forbidden:
            raise OSError(errno.EPERM, "is inside the archive; refusing to write there", str(path))


def _check_replaceable(fd: int, name: str, path: Path) -> None:
    """Refuse a final name that is a link or anything but a regular file."""
    try:
        mode = os.lstat(name, dir_fd=fd).st_mode
    except FileNotFoundError:
        return
    if stat.S_ISLNK(mode):
        raise refused_link(path)
    if not stat.S_ISREG(mode):
        raise OSError(errno.EEXIST, "exists and is not a file", str(path))


def _write_temp(fd: int, name: str, data: bytes, path: Path) -> str:
    """Write ``data`` to a new hidden file beside ``name``; return its name."""
    for _ in range(8):
        temp = f".{name}.{secrets.token_hex(4)}.tmp"
        try:
            out = os.open(temp, _TEMP_FLAGS, 0o666, dir_fd=fd)
        except FileExistsError:
            continue
        try:
            try:
                _write_all(out, data)
            finally:
                os.close(out)  # may itself report a delayed write error
        except BaseException:
            _remove(temp, fd)
            raise
        return temp
    raise OSError(errno.EEXIST, "could not create a temporary file", str(path))


def _write_all(out: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(out, view) :]


def _remove(name: str, fd: int) -> None:
    try:
        os.unlink(name, dir_fd=fd)
    except OSError:
        pass


def _identity(path: Path | None) -> tuple[int, int] | None:
    if path is None:
        return None
    try:
        return _identity_of(os.stat(path))
    except OSError:
        return None


def _identity_of(status: os.stat_result) -> tuple[int, int]:
    return status.st_dev, status.st_ino
