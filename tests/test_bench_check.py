"""The check benchmark (``python -m newsreader.bench check``) runs end to end, so it cannot rot."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from newsreader.bench import check
from newsreader.bench.__main__ import SUBCOMMANDS
from newsreader.bench.generate import generate
from newsreader.core.index.first_page import PAGE


def test_check_is_a_bench_subcommand() -> None:
    assert SUBCOMMANDS["check"] == "newsreader.bench.check"


def test_keys_are_timed_from_the_first_screen_until_the_check_is_applied(tmp_path: Path) -> None:
    """Time is not checked (a figure, not a test): every press moved the cursor, in order."""
    root = generate(tmp_path / "archive", PAGE + 200)
    cache = tmp_path / "cache" / "newsreader"
    check.index_archive(root, cache)
    assert list(cache.glob("*.sqlite3")), "the first run left no index"
    result = asyncio.run(check.measure(root, cache, tmp_path / "state"))
    assert result.presses_ms and all(ms > 0 for ms in result.presses_ms)
    assert len(result.quiet_ms) == check.QUIET_PRESSES
    assert result.first_screen_s > 0 and result.applied_s > 0
    assert result.worst_stall_ms >= 0


@pytest.mark.parametrize(("median", "verdict"), [(check.TARGET_MS, "PASS"), (60.0, "MISS")])
def test_the_report_holds_the_presses_to_their_target(median: float, verdict: str) -> None:
    text = check.report(check.Check([median], 120.0, 0.4, 2.5, [10.0, 12.0]), 100_000)
    assert "100,000 posts (target 50 ms)" in text
    assert text.splitlines()[1].endswith(verdict)
    assert "120.0 ms" in text and "2.50 s" in text and "12.0 ms" in text
