"""The marker matcher on arbitrary text: it never raises, and what it finds is there."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from newsreader.core.outline.markers import match_marker

MARKER_CHARS = "一二三四五六七八九十百零〇第章节条款项()（）.．。、,，①②③⑴⑵—-–1234567890ABCabc 　\t"
"""Characters numbering is made of, so generated text often opens with something marker-like."""

marker_like = st.tuples(st.text(alphabet=MARKER_CHARS, max_size=12), st.text(max_size=20))
texts = st.one_of(st.text(), marker_like.map("".join))


@given(texts)
def test_a_marker_found_is_written_where_it_says(text: str) -> None:
    marker = match_marker(text)
    if marker is None:
        return
    assert 0 <= marker.start < marker.end <= len(text)
    assert marker.text and text[marker.start :].startswith(marker.text)
    assert marker.start + len(marker.text) <= marker.end
    assert not text[: marker.start].strip()  # only spaces before the numbering


@given(texts, st.sampled_from(["", " ", "　", "\t"]))
def test_leading_spaces_only_shift_the_marker(text: str, space: str) -> None:
    plain, spaced = match_marker(text.lstrip()), match_marker(space + text.lstrip())
    assert (plain is None) == (spaced is None)
    if plain is not None and spaced is not None:
        assert (plain.family, plain.text, plain.value) == (spaced.family, spaced.text, spaced.value)
