"""``--since 7d`` / ``--until 0d``: days before today, today being the archive's."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from newsreader.core.archive.dates import today_in
from tests.cli.helpers import run_cli

MakeArchive = Callable[[dict[str, str | bytes]], Path]
# Fourteen hours ahead of UTC and twelve behind: their dates differ at every moment.
AHEAD, BEHIND = ZoneInfo("Pacific/Kiritimati"), ZoneInfo("Etc/GMT+12")


def test_today_is_the_zone_s() -> None:
    assert today_in(AHEAD) == datetime.now(AHEAD).date()
    assert today_in(AHEAD) > today_in(BEHIND)


def _post(day: datetime, title: str) -> str:
    return f"---\ntitle: {title}\ndate: {day:%Y-%m-%d %H:%M:%S %z}\n---\nx\n"


@pytest.mark.parametrize(("option", "titles"), [("--since", ["today"]), ("--until", ["before"])])
def test_days_ago_count_from_the_archive_s_today(
    capsys: pytest.CaptureFixture[str], make_archive: MakeArchive, option: str, titles: list[str]
) -> None:
    now = datetime.now(AHEAD).replace(hour=0, minute=0, second=0, microsecond=0)  # not future
    root = make_archive(
        {
            "_config.yml": "timezone: Pacific/Kiritimati\n",
            "_posts/2000-01-01-today.md": _post(now, "today"),
            "_posts/2000-01-01-before.md": _post(now - timedelta(days=2), "before"),
        }
    )
    days = "0d" if option == "--since" else "1d"
    code, out, err = run_cli(capsys, str(root), "--list", option, days)
    assert (code, err) == (0, "")
    assert [line.rsplit(None, 1)[-1] for line in out.splitlines()] == titles


def test_a_bad_day_says_both_forms(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(capsys, "--list", "--since", "soon")
    assert code == 2
    assert "expected YYYY-MM-DD or a number of days ago, e.g. 2022-01-31, 7d, today" in err
