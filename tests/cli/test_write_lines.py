"""``write_lines`` writes what cleaning each line alone would, whatever the chunking."""

from __future__ import annotations

import io
import sys

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
