"""``write_lines`` writes what cleaning each line alone would, whatever the chunking."""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsreader.cli import modes
from newsreader.core.text.safe import clean

# Text with the characters cleaning is about: C0, DEL, C1, ESC sequences, bidi, zero-width.
_RISKY = st.text(
    alphabet=st.sampled_from(list("ab中\t\r\n\x1b[m\x07\x7f\x85\u202e\u200b\ud800]0;")), max_size=12
)


@given(lines=st.lists(_RISKY, max_size=12), chunk=st.integers(min_value=1, max_value=5))
def test_written_text_is_each_line_cleaned(lines: list[str], chunk: int) -> None:
    out = io.StringIO()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sys, "stdout", out)
        patch.setattr(modes, "_WRITE_CHUNK", chunk)
        modes.write_lines(lines)
    assert out.getvalue() == "".join(f"{clean(line)}\n" for line in lines)


def test_a_clean_chunk_and_a_dirty_one_are_both_written() -> None:
    out = io.StringIO()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sys, "stdout", out)
        patch.setattr(modes, "_WRITE_CHUNK", 2)
        modes.write_lines(["一", "二", "\x1b[31m红\x1b[0m", "四"])
    assert out.getvalue() == "一\n二\n红\n四\n"


class _Pipe:
    """A stdout that tells what was flushed (what a reader at the pipe's end has)."""

    def __init__(self) -> None:
        self.written, self.flushed = "", ""

    def write(self, text: str) -> int:
        self.written += text
        return len(text)

    def flush(self) -> None:
        self.flushed = self.written


def test_the_first_lines_leave_at_once_then_chunks_grow() -> None:
    """A slow stream (a search locating hits) reaches a pipe line by line at first."""
    pipe = _Pipe()
    seen: list[str] = []

    def lines() -> Iterator[str]:
        for number in range(30):
            seen.append(pipe.flushed)
            yield str(number)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sys, "stdout", pipe)
        modes.write_lines(lines())
    assert seen[1] == "0\n"  # the first line was out before the second was made
    assert seen[5] == "".join(f"{n}\n" for n in range(5))  # then 4 more at once
    assert seen[6] == seen[20] and seen[21] != seen[20]  # then 16
    assert pipe.flushed == "".join(f"{n}\n" for n in range(30))
