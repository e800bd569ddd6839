"""Markdown bold set tight against Chinese text, made bold as Jekyll's kramdown makes it.

CommonMark decides whether ``**`` may open or close by what stands on either
side of it: a closing ``**`` after punctuation must be followed by a space or
punctuation, an opening one before punctuation must follow one. Chinese sets
no spaces, so the commonest bold lead-in of a plan, ``**（一）加快建设。**全面推进……``,
closes after ``。`` right before ``全``, and cmark leaves the asterisks as text
(and the outline loses the heading). kramdown, which Jekyll renders with, reads
it as bold. So before cmark sees the source, a ``**…**`` pair on one line that
touches a CJK character or CJK punctuation (docs/OUTLINE.md, variants) is
written as ``<strong>…</strong>``, raw HTML cmark keeps; its inside is still
Markdown. Pairs touching no CJK are left to cmark, code is left alone, and no
line is added or removed, so source lines stay where they were.
"""

from __future__ import annotations

import re

_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_INDENTED_CODE = "    "
_CODE_SPAN = re.compile(r"(`+).*?(?<!`)\1(?!`)")
# A pair of ** on one line: not escaped, not part of *** runs, no space just inside.
_STRONG = re.compile(r"(?<![\\*])\*\*(?![\s*])(.+?)(?<![\s\\*])\*\*(?!\*)")
_CJK = re.compile(
    "[\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3400-\u4dbf\u4e00-\u9fff"
    "\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003ffff]"
)


def cjk_bold(source: str) -> str:
    """``source`` with each ``**…**`` pair that touches CJK text written as ``<strong>``.

    Args:
        source: Markdown.

    Returns:
        The same Markdown, line for line.
    """
    if "**" not in source:
        return source  # most bodies: no pass over their lines
    lines = source.split("\n")
    fence = ""
    for index, line in enumerate(lines):
        if (opened := _FENCE.match(line)) is not None:
            mark = opened.group(1)
            if not fence:
                fence = mark
            elif mark[0] == fence[0] and len(mark) >= len(fence):
                fence = ""
        elif not fence and "**" in line and not line.startswith(_INDENTED_CODE):
            lines[index] = _bold_line(line)
    return "\n".join(lines)


def _bold_line(line: str) -> str:
    """One line's pairs made bold, its code spans as they are."""
    if "`" not in line:
        return _STRONG.sub(_strong, line)
    pieces, start = [], 0
    for code in _CODE_SPAN.finditer(line):
        pieces += [_STRONG.sub(_strong, line[start : code.start()]), code.group()]
        start = code.end()
    pieces.append(_STRONG.sub(_strong, line[start:]))
    return "".join(pieces)


def _strong(pair: re.Match[str]) -> str:
    """A pair touching CJK text as raw HTML; any other pair as written (cmark reads it)."""
    inside, text = pair.group(1), pair.string
    start, end = pair.span()
    edges = text[start - 1 : start] + inside[0] + inside[-1] + text[end : end + 1]
    return f"<strong>{inside}</strong>" if _CJK.search(edges) else pair.group()
