"""The marker matcher on arbitrary text: it never raises, and what it finds is there."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from newsreader.core.outline.markers import match_marker

MARKER_CHARS = (
    "一二三四五六七八九十百零〇壹貳參拾第章节条款项()（）.．。、,，①②③⑴⑵—-–1234567890ABCabc 　\t"
)
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


digits = st.integers(min_value=0, max_value=99).map(str)
separators = st.sampled_from([" ", "\u3000", "\xa0"])
units = st.sampled_from(list("%％亿万元个年"))


@given(st.lists(digits, min_size=3, max_size=4).map(".".join), st.text(max_size=8))
def test_two_dots_always_make_a_section_number(number: str, rest: str) -> None:
    marker = match_marker(number + "总则" + rest)
    assert marker is not None and marker.text == number


@given(digits, digits, separators, units)
def test_one_dot_then_a_space_is_a_section_glued_to_a_unit_a_quantity(
    whole: str, part: str, space: str, unit: str
) -> None:
    spaced = match_marker(f"{whole}.{part}{space}{unit}的目标")
    glued = match_marker(f"{whole}.{part}{unit}的目标")
    assert spaced is not None and spaced.text == f"{whole}.{part}"
    assert glued is None
