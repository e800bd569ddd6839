"""Markdown footnotes (``正文[^1]`` … ``[^1]: 注释``) shown as a reader of text expects.

kramdown, which Jekyll renders with, reads them as footnotes; without
cmark's footnote extension a definition was a link reference, so the
reference became a link to the note's words (``脚注^1[1]`` and ``[1] ^1
<%E6%B3%A8…>``). With it, cmark writes each reference as a superscript link
and the notes as an ordered list with links back. In a terminal neither link
goes anywhere, and a list item numbered ``1.`` would be an outline node, so
cmark's HTML is rewritten: a reference is its number in superscript digits
(``正文¹``), and after a rule each note is a paragraph opening with that
number (``¹ 注释``), never a heading (docs/OUTLINE.md, variants).
"""

from __future__ import annotations

import re

_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_REFERENCE = re.compile(
    r'<sup class="footnote-ref"><a href="#fn-[^"]*" id="[^"]*" data-footnote-ref>([0-9]+)</a></sup>'
)
_BACK_LINK = re.compile(r'\s*<a href="#fnref-[^"]*" class="footnote-backref".*?</a>', re.DOTALL)
_NOTES = re.compile(
    r'<section class="footnotes" data-footnotes>\s*<ol>(.*?)</ol>\s*</section>', re.DOTALL
)
_NOTE = re.compile(r'<li id="fn-[^"]*">\s*<p([^>]*)>', re.DOTALL)
_NOTE_END = re.compile(r"</p>\s*</li>")


def plain_footnotes(html: str) -> str:
    """cmark's HTML with its footnotes as superscript numbers and numbered paragraphs.

    Args:
        html: cmark-gfm's HTML, rendered with its footnote option.

    Returns:
        The same HTML where it has no footnotes.
    """
    if "data-footnote" not in html:
        return html  # nearly every body
    html = _BACK_LINK.sub("", html)
    html = _REFERENCE.sub(lambda ref: ref.group(1).translate(_SUPERSCRIPT), html)
    return _NOTES.sub(_paragraphs, html)


def _paragraphs(notes: re.Match[str]) -> str:
    """The list of notes as a rule and one paragraph a note, its number first."""
    numbered = iter(range(1, notes.group(1).count('<li id="fn-') + 1))

    def opening(note: re.Match[str]) -> str:
        return f"<p{note.group(1)}>{str(next(numbered)).translate(_SUPERSCRIPT)} "

    body = _NOTE_END.sub("</p>", _NOTE.sub(opening, notes.group(1)))
    return f"<hr />\n{body}"
