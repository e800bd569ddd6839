"""The document's fast paths give what the general paths they shortcut give.

The HTML walker and the block records take shortcuts for the commonest cases
(a line of plain text in a paragraph, a block built without the frozen
dataclass's per-field ``__setattr__``); each is checked here against the path
it stands in for, on arbitrary input.
"""

from __future__ import annotations

import re

from cmarkgfm.cmark import Options, markdown_to_html_with_extensions  # type: ignore[import-untyped]
from hypothesis import given
from hypothesis import strategies as st

from newsreader.core.document import html as walker
from newsreader.core.document import markdown
from newsreader.core.document.inline import InlineText
from newsreader.core.document.markdown_footnotes import plain_footnotes
from newsreader.core.document.markdown_kramdown import kramdown_source
from newsreader.core.document.model import Block, BlockKind, OutlineNode, new_block, new_node
from newsreader.core.text.safe import clean, is_clean

TEXT_CHARS = "一、（）()1.第条章 　\n\t黑体abc。：<>&"
"""Characters that steer the walker: markers, spaces, newlines, markup."""

FRAGMENTS = [
    "<p>", "</p>", "<div>", "</div>", "<br>", "<b>", "</b>", "<strong>", "</strong>",
    "<a href='http://x.test/'>", "<a>", "</a>", "<li>", "<ol>", "</ol>", "<ul>", "</ul>",
    "<table><tr><td>", "</td></tr></table>", "<pre>", "</pre>", "<h2>", "</h2>",
    "<span style='font-weight:bold'>", "</span>", "<p align='center'>", "<nav>", "</nav>",
    "<blockquote>", "</blockquote>", "<img alt='图'>", "<hr>", "\n\n", " ",
]  # fmt: skip
texts = st.text(alphabet=TEXT_CHARS, max_size=12)
bodies = st.lists(st.one_of(st.sampled_from(FRAGMENTS), texts), max_size=40).map("".join)


class GeneralBuilder(walker.BodyBuilder):
    """The walker with its plain-text shortcut replaced by the general path."""

    def _take_plain(self, text: str) -> None:
        self._take(text)


def _blocks(builder: walker.BodyBuilder, html: str) -> tuple[object, ...]:
    walker.feed(builder, html)
    return (builder.blocks, builder.links.links(), builder.tables.notes)


@given(bodies)
def test_plain_text_shortcut_builds_the_same_blocks(html: str) -> None:
    assert _blocks(walker.BodyBuilder(), html) == _blocks(GeneralBuilder(), html)


@given(bodies)
def test_plain_text_shortcut_places_markdown_lines_alike(html: str) -> None:
    html = html.replace("<p>", "<p data-sourcepos='3:1-4:2'>")
    fast = _blocks(walker.BodyBuilder(sourcepos=True), html)
    assert fast == _blocks(GeneralBuilder(sourcepos=True), html)


@given(st.text(alphabet=" 　\t\n0123456789１２.、．)）(（[]a一", max_size=8))
def test_numbering_check_is_the_pattern(text: str) -> None:
    expected = re.fullmatch(r"[\s\d.、．)）(（\[\]]*", text) is not None
    assert walker._is_numbering(text) is expected


blocks = st.builds(
    lambda *fields: fields,
    st.sampled_from(list(BlockKind)),
    st.text(max_size=5),
    st.integers(0, 6),
    st.booleans(),
    st.text(max_size=3),
    st.sampled_from(["", "•", "3."]),
    st.sampled_from([(), (("a", "b"),)]),
    st.booleans(),
    st.integers(0, 3),
    st.one_of(st.none(), st.integers(1, 99)),
)


@given(blocks)
def test_new_block_is_the_block_the_class_makes(fields: tuple[object, ...]) -> None:
    made, expected = new_block(*fields), Block(*fields)  # type: ignore[arg-type]
    assert type(made) is Block
    assert made == expected and hash(made) == hash(expected) and repr(made) == repr(expected)


def test_new_block_defaults_and_frozenness_are_the_class_s() -> None:
    made = new_block(BlockKind.PARAGRAPH, "正文")
    assert made == Block(BlockKind.PARAGRAPH, "正文")
    try:
        made.text = "改"  # type: ignore[misc]
    except AttributeError:
        pass
    else:
        raise AssertionError("a block made by new_block must stay frozen")


@given(st.integers(1, 6), st.text(max_size=3), st.text(max_size=5), st.integers(0, 99))
def test_new_node_is_the_node_the_class_makes(level: int, marker: str, title: str, at: int) -> None:
    child = OutlineNode(level + 1, "", "下", at + 1, 0)
    made = new_node(level, marker, title, at, 2, (child,))
    assert type(made) is OutlineNode
    assert made == OutlineNode(level, marker, title, at, 2, (child,))
    assert new_node(level, marker, title, at, 2) == OutlineNode(level, marker, title, at, 2)


runs = st.lists(
    st.tuples(
        st.one_of(st.text(alphabet="一、 　\n\x00ab.", max_size=6), st.just("\x00")),
        st.sampled_from([True, False, None]),
    ),
    max_size=8,
)


@given(runs)
def test_finish_is_text_and_emphasis(pieces: list[tuple[str, bool | None]]) -> None:
    inline = InlineText()
    for piece, mark in pieces:
        inline.add(piece, mark)
    text = inline.text()
    assert inline.finish() == (text, *inline.emphasis(text))


@given(st.text(alphabet=" \t\n\r\x1c\x1f\u3000\xa0\x1b[a", max_size=6))
def test_markup_space_needs_no_cleaning(text: str) -> None:
    """The walker takes text of spaces, tabs and newlines as blank, uncleaned.

    That is exact: clean keeps such text as it is, and it is blank.
    """
    if text and not text.strip(walker._MARKUP_SPACE):
        assert clean(text) == text and text.isspace()


@given(runs, runs)
def test_take_is_finish_and_leaves_an_empty_run(
    first: list[tuple[str, bool | None]], second: list[tuple[str, bool | None]]
) -> None:
    reused, fresh, again = InlineText(), InlineText(), InlineText()
    for piece, mark in first:
        reused.add(piece, mark)
        fresh.add(piece, mark)
    assert reused.take() == fresh.finish()
    assert reused.is_empty()
    for piece, mark in second:
        reused.add(piece, mark)
        again.add(piece, mark)
    assert reused.take() == again.finish()  # nothing of the first block is left in it


class FreshFrameBuilder(walker.BodyBuilder):
    """The walker making a new frame for every paragraph, as its general path does."""

    def _open_paragraph(self, attrib: object) -> walker._Closer:
        return self._open_frame(self._child_frame(loose=False))


@given(bodies)
def test_shared_paragraph_frames_build_the_same_blocks(html: str) -> None:
    assert _blocks(walker.BodyBuilder(), html) == _blocks(FreshFrameBuilder(), html)
    marked = html.replace("<p>", "<p data-sourcepos='2:1-2:9'>")
    shared = _blocks(walker.BodyBuilder(sourcepos=True), marked)
    assert shared == _blocks(FreshFrameBuilder(sourcepos=True), marked)


@given(bodies)
def test_vouched_clean_text_builds_the_same_blocks(html: str) -> None:
    """No ``&`` in clean HTML: no text run needs cleaning, skipping the check changes nothing."""
    html = clean(html).replace("&", "")
    vouched = _blocks(walker.BodyBuilder(clean_text=True), html)
    assert vouched == _blocks(walker.BodyBuilder(), html)


def test_references_to_controls_are_cleaned_in_html_and_markdown() -> None:
    """A character reference is the one way to a control: its text is checked, as before."""
    from newsreader.core.document.parse import parse_body

    for body in ("<p>红&#x1b;[31m色&lrm;字&#8203;</p>", "红&#x1b;[31m色&lrm;字&#8203;\n"):
        texts = [block.text for block in parse_body(body).blocks]
        assert len(texts) == 1 and "红" in texts[0] and "字" in texts[0], body
        assert is_clean(texts[0]) and "\x1b" not in texts[0], body


MARKDOWN_CHARS = "w.:/@*_~()[]<>|-#`! \n\t一二http中wwW"
"""Characters that steer cmark's autolink extension and the inlines around it."""
markdown_fragments = st.sampled_from(
    ["www.", "www.a.cn", "://", "http://a.cn/x", "a@b.cn", "mailto:", "xmpp:", "|a|b|\n|-|-|\n",
     "**", "~~", "[x](y)", "<http://a.cn>", "\n\n", "- ", "1. ", "> ", "```\n", "w", ":"]
)  # fmt: skip
markdown_bodies = st.lists(
    st.one_of(markdown_fragments, st.text(alphabet=MARKDOWN_CHARS, max_size=10)), max_size=20
).map("".join)


@given(markdown_bodies, st.booleans())
def test_autolink_left_out_only_where_it_finds_nothing(text: str, sourcepos: bool) -> None:
    options = Options.CMARK_OPT_UNSAFE | Options.CMARK_OPT_FOOTNOTES
    options |= Options.CMARK_OPT_SOURCEPOS if sourcepos else 0
    with_all = markdown_to_html_with_extensions(
        kramdown_source(text), options=options, extensions=list(markdown._EXTENSIONS)
    )
    expected = plain_footnotes(with_all)
    assert markdown._cmark(text, Options.CMARK_OPT_SOURCEPOS if sourcepos else 0) == expected


def test_autolink_left_out_table() -> None:
    assert "autolink" not in markdown._extensions_for("第一条　总则：本办法（2024年）。")
    for text in ("见www.gov.cn", "见 http://gov.cn", "邮箱 a@b.cn"):
        assert "autolink" in markdown._extensions_for(text)
