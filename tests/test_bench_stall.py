"""The stall benchmark (``python -m newsreader.bench stall``) runs end to end, so it cannot rot."""

from __future__ import annotations

import asyncio

import pytest

from newsreader.bench import stall
from newsreader.bench.__main__ import SUBCOMMANDS


def test_stall_is_a_bench_subcommand() -> None:
    assert SUBCOMMANDS["stall"] == "newsreader.bench.stall"


def test_a_small_post_is_measured_until_its_outline_is_complete() -> None:
    """Time is not checked (a figure, not a test): that the run reaches the end, and its counts."""
    result = asyncio.run(stall.measure(60_000, markdown=False))
    assert result.headings > 0
    assert 0 < result.first_screen_s <= result.laid_out_s <= result.outlined_s
    assert 0 <= result.parts_worst_ms <= result.worst_ms


def test_a_post_laid_out_in_parts_shows_its_first_screen_before_the_rest() -> None:
    """Big enough for several layout parts: the first screen comes before the whole layout."""
    result = asyncio.run(stall.measure(400_000, markdown=True))
    assert 0 < result.first_screen_s < result.laid_out_s


@pytest.mark.parametrize(
    ("worst_ms", "verdict"), [(stall.TARGET_MS, "PASS"), (stall.TARGET_MS + 0.1, "MISS")]
)
def test_the_report_holds_the_stall_to_its_target(worst_ms: float, verdict: str) -> None:
    text = stall.report(stall.Stall(worst_ms, 1.0, 2.0, 5, 0.5, 40.0), 5_000_000, markdown=True)
    assert "5 MB Markdown post (5 headings; target 100 ms)" in text
    assert text.splitlines()[1].endswith(verdict)
    assert "first screen          0.50 s" in text and "40.0 ms" in text
