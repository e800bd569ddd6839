"""Markdown as Jekyll's kramdown reads it, where cmark would read it otherwise.

Jekyll renders Markdown with kramdown; the reader renders it with cmark-gfm
(CommonMark). Before cmark sees a body, three things kramdown reads its own
way are written as cmark will read them the same (docs/OUTLINE.md, variants),
line for line, so source lines stay where they were, and never inside code:

* **Bold set tight against Chinese.** CommonMark decides whether ``**`` may
  open or close by what stands on either side: a closing ``**`` after
  punctuation must be followed by a space or punctuation, an opening one
  before punctuation must follow one. Chinese sets no spaces, so a plan's
  commonest bold lead-in, ``**（一）加快建设。**全面推进……``, kept its
  asterisks (and the outline lost the heading). A ``**…**`` pair on one line
  that touches a CJK character or CJK punctuation is written as
  ``<strong>…</strong>``, raw HTML cmark keeps; its inside is still
  Markdown. Pairs touching no CJK are left to cmark.
* **Attribute lists** (``[下载](a.pdf){:target="_top"}``, a line ``{: .note}``
  or ``{:toc}``, a heading's ``{#id}``) set HTML attributes in kramdown and
  show nothing; cmark showed them as text. They are dropped.
* **Liquid's code tags**: ``{% highlight python %}`` … ``{% endhighlight %}``
  become a fenced code block, and ``{% raw %}``/``{% endraw %}`` go (Jekyll
  runs Liquid before the Markdown; other Liquid is left as written).
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
# kramdown's attribute lists: after a span, alone on a line, a heading's id.
_SPAN_ATTRIBUTES = re.compile(r"(?<=[)\]*_`])\{:[^{}\n]*\}")
_LINE_ATTRIBUTES = re.compile(r"[ \t]*\{:[^{}\n]*\}[ \t]*")
_HEADING_ID = re.compile(r"(#{1,6}[ \t].*?)[ \t]+\{#[^{}\s]*\}[ \t]*")
_HIGHLIGHT = re.compile(r"[ \t]*\{%-?[ \t]*highlight[ \t]+([\w+#.-]+)[^%]*-?%\}[ \t]*")
_END_HIGHLIGHT = re.compile(r"[ \t]*\{%-?[ \t]*endhighlight[ \t]*-?%\}[ \t]*")
_RAW_TAG = re.compile(r"\{%-?[ \t]*(?:end)?raw[ \t]*-?%\}")


def kramdown_source(source: str) -> str:
    """``source`` with what kramdown reads its own way written for cmark, line for line.

    Args:
        source: Markdown.

    Returns:
        The same Markdown, each line still on its line.
    """
    if "**" not in source and "{" not in source:
        return source  # most bodies: no pass over their lines
    lines = source.split("\n")
    fence = ""
    for index, line in enumerate(lines):
        if fence == "{%":  # inside a highlight block: code until its end tag
            if _END_HIGHLIGHT.fullmatch(line):
                lines[index], fence = "```", ""
        elif (opened := _FENCE.match(line)) is not None:
            fence = _fence_after(fence, opened.group(1))
        elif fence:
            continue
        elif (tag := _HIGHLIGHT.fullmatch(line)) is not None:
            lines[index], fence = f"```{tag.group(1)}", "{%"
        elif not line.startswith(_INDENTED_CODE):
            lines[index] = _text_line(line)
    return "\n".join(lines)


def _fence_after(open_fence: str, mark: str) -> str:
    """The fence open after a line of ``mark``: opened, closed (``""``), or still the one open."""
    if not open_fence:
        return mark
    if mark[0] == open_fence[0] and len(mark) >= len(open_fence):
        return ""
    return open_fence


def _text_line(line: str) -> str:
    """One line outside code as cmark should see it: its code spans as they are."""
    if "{" in line:
        if _LINE_ATTRIBUTES.fullmatch(line):
            return ""
        line = _HEADING_ID.sub(r"\1", line) if line.lstrip().startswith("#") else line
        if "{%" in line:
            line = _RAW_TAG.sub("", line)
    if "`" not in line:
        return _outside_code(line)
    pieces, start = [], 0
    for code in _CODE_SPAN.finditer(line):
        pieces += [_outside_code(line[start : code.start()]), code.group()]
        start = code.end()
    pieces.append(_outside_code(line[start:]))
    return "".join(pieces)


def _outside_code(text: str) -> str:
    """Text outside code: span attribute lists dropped, bold touching CJK made ``<strong>``."""
    if "{:" in text:
        text = _SPAN_ATTRIBUTES.sub("", text)
    return _STRONG.sub(_strong, text) if "**" in text else text


def _strong(pair: re.Match[str]) -> str:
    """A pair touching CJK text as raw HTML; any other pair as written (cmark reads it)."""
    inside, text = pair.group(1), pair.string
    start, end = pair.span()
    edges = text[start - 1 : start] + inside[0] + inside[-1] + text[end : end + 1]
    return f"<strong>{inside}</strong>" if _CJK.search(edges) else pair.group()
