"""Full-width Latin letters, digits and punctuation read as their ASCII twins, for matching.

Chinese documents often set figures and abbreviations full width (``ＧＤＰ``,
``２０２２年``, ``ＰＭ２．５``), while a reader types them half width, or the
other way round. Search treats the forms U+FF01-U+FF5E as the ASCII
characters U+0021-U+007E they stand for (what NFKC does to them, and nothing
else NFKC does): one character for one, so an offset in a narrowed text is
the same offset in the text.
"""

from __future__ import annotations

import re

_WIDE_FIRST, _WIDE_LAST, _SHIFT = 0xFF01, 0xFF5E, 0xFEE0

NARROW = {code: code - _SHIFT for code in range(_WIDE_FIRST, _WIDE_LAST + 1)}
"""``str.translate`` table: each full-width form to its ASCII twin."""

WIDE_FORM = re.compile("[\uff01-\uff5e]")
"""Any full-width form."""

_WIDE_WORD_BYTES = re.compile(rb"\xef\xbc[\x90-\x99\xa1-\xba]|\xef\xbd[\x81-\x9a]")
_WIDE_BYTES = re.compile(rb"\xef\xbc[\x81-\xbf]|\xef\xbd[\x80-\x9e]")


def narrow(text: str) -> str:
    """``text`` with each full-width form as its ASCII twin (``ＧＤＰ２．５`` -> ``GDP2.5``)."""
    return text.translate(NARROW) if WIDE_FORM.search(text) else text


def wide_twins(term: str) -> re.Pattern[bytes] | None:
    """What to look for in UTF-8 text that may write ``term``'s ASCII full width, if anything.

    A term of ASCII letters and digits looks for full-width letters and digits
    only: full-width punctuation (，：（）) is in nearly every Chinese text, and
    looking for it would send every such text down the slow path.
    """
    if not any("!" <= char <= "~" for char in term):
        return None  # Chinese alone: nothing in it has a full-width twin
    if all(char.isalnum() or not char.isascii() for char in term):
        return _WIDE_WORD_BYTES
    return _WIDE_BYTES
