"""Turn an unexpected exception into one line for the user and a logged traceback."""

from __future__ import annotations

import tempfile
import traceback
from datetime import datetime
from pathlib import Path


def log_path() -> Path:
    """Where tracebacks go: the user log directory, else the temp directory."""
    try:
        import platformdirs

        folder = platformdirs.user_log_path("newsreader")
        folder.mkdir(parents=True, exist_ok=True)
    except Exception:  # noqa: BLE001 - any failure here must not hide the real error
        folder = Path(tempfile.gettempdir())
    return folder / "newsreader.log"


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
        with path.open("a", encoding="utf-8") as log:
            log.write(f"--- {datetime.now().isoformat(timespec='seconds')}\n{details}")
        where = f"details logged to {path}"
    except OSError:
        where = "details could not be logged"
    summary = str(error).splitlines()[0] if str(error) else ""
    return f"newsreader: unexpected error: {type(error).__name__}: {summary} ({where})"
