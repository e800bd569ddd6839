"""The crash log: where an unexpected error's traceback goes, and how it is written."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

import platformdirs
import pytest

from newsreader.crashlog import log_path, report_unexpected

pytestmark = pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX users and links")


@pytest.fixture
def shared_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No user log folder can be made, so the log falls back to a shared temp folder."""

    def no_log_folder(appname: str) -> Path:
        raise PermissionError(appname)

    monkeypatch.setattr(platformdirs, "user_log_path", no_log_folder)
    monkeypatch.setattr(tempfile, "gettempdir", lambda: str(tmp_path))
    return tmp_path


def test_the_shared_fallback_is_a_name_of_the_users_own(shared_tmp: Path) -> None:
    assert log_path() == shared_tmp / f"newsreader-{os.getuid()}.log"


def test_the_fallback_log_is_readable_by_its_user_only(shared_tmp: Path) -> None:
    line = report_unexpected(ValueError("boom"))
    assert line.endswith(f"(details logged to {log_path()})")
    assert "ValueError: boom" in log_path().read_text(encoding="utf-8")
    assert stat.S_IMODE(log_path().stat().st_mode) == 0o600


def test_a_link_planted_at_the_log_name_is_not_followed(shared_tmp: Path) -> None:
    """Another user's link in /tmp would have the traceback appended to its target."""
    target = shared_tmp / "victim"
    target.write_text("mine\n", encoding="utf-8")
    log_path().symlink_to(target)
    line = report_unexpected(ValueError("boom"))
    assert target.read_text(encoding="utf-8") == "mine\n"
    assert line.endswith("(details could not be logged)")
