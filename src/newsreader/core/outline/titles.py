"""Heading titles: where a heading's text ends and how it is tidied (docs/OUTLINE.md rule 2).

A numbered paragraph often carries its body after the heading
(``（一）强化组织领导。成立工作专班……``): the title is the first sentence, cut at
the first sentence-ending punctuation that is not inside brackets or quotes.
"""

from __future__ import annotations

import re
import unicodedata

from newsreader.core.text.cjk import UNSPACED

_PAIRS = {
    "（": "）",
    "(": ")",
    "《": "》",
    "“": "”",
    "‘": "’",
    "「": "」",
    "【": "】",
    "〔": "〕",
    "[": "]",
}
_CLOSERS = frozenset(_PAIRS.values())
# Strings, not sets: a CJK character is a new string each time, and a set hashes it first.
_CUT = "。！？：；!?:;"
_SPECIAL_BODY = r"。！？：；!?:;（）()《》“”‘’「」【】〔〕\[\]"  # cuts, openers, closers
_SPECIAL = re.compile(f"[{_SPECIAL_BODY}]")
# A title with no space, bracket, quote, link mark or colon before its cut (or the end):
# nine headings in ten, cut and tidied by one match (the cut is what _plain_cut finds).
_QUICK_TITLE = re.compile(rf"([^{_SPECIAL_BODY}\s]*)(?:[。！？；!?;]|\Z)").match
_TRAILING = "，、。；：,;: \t\u3000\xa0"
_CJK_GAP = re.compile(rf"(?<=[{UNSPACED.body}])\s+(?=[{UNSPACED.body}])")
_SPACES = re.compile(r"\s+")
_HAS_SPACE = re.compile(r"\s").search
_LINK_MARK = re.compile(r"\[\d{1,5}\]")
_COLONS = ":："


def without_link_marks(text: str) -> str:
    """``text`` without the ``[n]`` marks the body's links carry (``新闻[3]`` -> ``新闻``)."""
    return _LINK_MARK.sub("", text) if "[" in text else text


def tidy_title(text: str) -> str:
    """Trim trailing ``，、。；：`` and spaces; drop spaces between CJK characters.

    A link's reference mark (``新闻[3]``) is no part of a title (rule 8).

    Args:
        text: Raw heading text (``"总  则。"``).

    Returns:
        The tidy title (``"总则"``).
    """
    if "[" in text:  # without_link_marks, its test written out: most titles have no mark
        text = _LINK_MARK.sub("", text)
    if _HAS_SPACE(text) is not None:
        text = _SPACES.sub(" ", _CJK_GAP.sub("", text)).strip()
    return text.rstrip(_TRAILING)


def cut_title(text: str, start: int) -> tuple[str, int]:
    """Cut the heading off a paragraph that starts at ``start`` (after the marker).

    Args:
        text: The block's text.
        start: Where the heading text begins.

    Returns:
        The tidy title and the offset just after the punctuation it was cut
        at (``len(text)`` when the whole rest is the heading). When a bracket
        or quote is never closed, the cut falls at the first punctuation
        regardless, rather than swallowing the whole paragraph. A colon
        between two digits (``8月1日16:30``) is part of a time, not a cut.
    """
    quick = _QUICK_TITLE(text, start)
    if quick is not None:
        return quick[1].rstrip(_TRAILING), quick.end()
    stop = _plain_cut(text, start)
    if stop is None:
        return _paired_cut(text, start)
    head = text[start : stop - 1] if stop > start and text[stop - 1] in _CUT else text[start:]
    # tidy_title, written out: one call fewer for each numbered paragraph of a post.
    if "[" in head:
        head = _LINK_MARK.sub("", head)
    if _HAS_SPACE(head) is not None:
        head = _SPACES.sub(" ", _CJK_GAP.sub("", head)).strip()
    return head.rstrip(_TRAILING), stop


def _paired_cut(text: str, start: int) -> tuple[str, int]:
    """:func:`cut_title` where brackets nest or stay open: every bracket paired in turn."""
    expected: list[str] = []
    first_cut = -1
    for match in _SPECIAL.finditer(text, start):
        char = match.group()
        if char in _COLONS and _is_digit_colon(text, match.start()):
            continue
        if char in _PAIRS:
            expected.append(_PAIRS[char])
        elif char in _CLOSERS:
            if expected and expected[-1] == char:
                expected.pop()
        elif not expected:
            return tidy_title(text[start : match.start()]), match.end()
        elif first_cut < 0:
            first_cut = match.start()
    if expected and first_cut >= 0:
        return tidy_title(text[start:first_cut]), first_cut + 1
    return tidy_title(text[start:]), len(text)


def _plain_cut(text: str, start: int) -> int | None:
    """The common case: where the heading ends when no bracket or quote nests or stays open.

    A bracket or quote whose next punctuation is its own closer is stepped
    over whole (``实施“先锋行动”。``: a quoted name in a title is common), and
    a closer with nothing open is ignored, as :func:`_paired_cut` does.

    Returns:
        The offset just after the first cut from ``start`` outside brackets
        that is no colon between two digits (a time: ``16:30``), ``len(text)``
        when there is none, or None when a bracket nests or is left open
        (then :func:`_paired_cut` pairs them). One scan in C to each
        punctuation mark, where a pattern testing every character for a time
        cost 3 µs a title.
    """
    search = _SPECIAL.search
    digit = str.isdecimal  # before any bracket: what this cut always took for a time's digit
    found = search(text, start)
    while found is not None:
        at = found.start()
        char = text[at]
        if char in _CUT:
            if not (
                char in _COLONS
                and 0 < at < len(text) - 1
                and digit(text[at - 1])
                and digit(text[at + 1])
            ):
                return at + 1
        else:
            # From the first bracket on, the pairing decided, and it took any digit for one.
            digit = str.isdigit
            closer = _PAIRS.get(char)
            if closer is not None:  # an opener: its closer must be the next punctuation
                found = search(text, at + 1)
                if found is None or text[found.start()] != closer:
                    return None
                at = found.start()
        found = search(text, at + 1)
    return len(text)


def _is_digit_colon(text: str, index: int) -> bool:
    """Whether ``text[index]`` is a colon between two digits (``16:30``)."""
    return (
        text[index] in ":："
        and 0 < index < len(text) - 1
        and text[index - 1].isdigit()
        and text[index + 1].isdigit()
    )


def comparable(text: str) -> str:
    """A form of ``text`` for equality tests: NFKC, no whitespace.

    ``（纲要）`` and ``(纲要)``, or ``总  则`` and ``总则``, compare equal.

    Args:
        text: Any text.

    Returns:
        The normalised text.
    """
    if _is_normalized("NFKC", text):  # so no full-width form either: nearly every heading
        return "".join(text.split())
    if _WIDE.search(text) is not None:
        text = _WIDE.sub(_narrow, text)
    return "".join(unicodedata.normalize("NFKC", text).split())


_is_normalized = unicodedata.is_normalized


# The full-width forms of ASCII (and the ideographic space): NFKC maps each to the one
# character it stands for, which decomposes no further, so putting that character in
# first leaves the NFKC form as it was. Chinese text holds them in nearly every title
# (，：（）), and each sent NFKC's quick check down its full path (some 40,000
# instructions for a 20-character title, against 9,000 with the swap first).
_WIDE_TO_NARROW = {chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)} | {"\u3000": " "}
_WIDE = re.compile("[\uff01-\uff5e\u3000]")


def _narrow(found: re.Match[str]) -> str:
    return _WIDE_TO_NARROW[found.group()]
