"""Turn an unexpected exception into one line for the user and a logged traceback."""

from __future__ import annotations

import os
import tempfile
import traceback
from datetime import datetime
from pathlib import Path


def log_path() -> Path:
    """Where tracebacks go: the user log directory, else the temp directory.

    The temp directory is every user's: there the name is the user's own
    (``newsreader-1000.log``), so one user's log is never another's file.
    """
    try:
        import platformdirs

        folder = platformdirs.user_log_path("newsreader")
        folder.mkdir(parents=True, exist_ok=True)
    except Exception:  # noqa: BLE001 - any failure here must not hide the real error
        user = f"-{os.getuid()}" if hasattr(os, "getuid") else ""
        return Path(tempfile.gettempdir()) / f"newsreader{user}.log"
    return folder / "newsreader.log"


def _append(path: Path, text: str) -> None:
    """Add ``text`` to the log, never through a symbolic link, readable by its user only.

    A link planted at the shared temp name (``/tmp/newsreader-1000.log`` ->
    ``~/.bashrc``) would otherwise have the traceback appended to its target.
    """
    flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
    with os.fdopen(os.open(path, flags, 0o600), "a", encoding="utf-8") as log:
        log.write(text)


def report_unexpected(error: BaseException) -> str:
    """Log ``error`` with its traceback and return the one line to show the user.

    Args:
        error: The exception that escaped.

    Returns:
        A single line naming the error and where its details were logged.
    """
    details = "".join(traceback.format_exception(error))
    try:
        path = log_path()
        _append(path, f"--- {datetime.now().isoformat(timespec='seconds')}\n{details}")
        where = f"details logged to {path}"
    except OSError:
        where = "details could not be logged"
    summary = str(error).splitlines()[0] if str(error) else ""
    return f"newsreader: unexpected error: {type(error).__name__}: {summary} ({where})"
