"""The CJK character classes, defined once for every module that needs one.

Several parts of the reader ask "is this character CJK?" and each means
something a little different: the index wants the letters of scripts written
without spaces (each becomes a one-character token), the Markdown and HTML
readers want the characters between which a line break in the source is no
space at all, the exporter wants to know whether a document is in an East
Asian language. Private copies of those sets drifted apart (one knew the
astral Extension B ideographs, another the fullwidth comma, none both), so a
character could be CJK to the index and Latin to the reader.

Each class here is a :class:`CharClass`: its code point ranges, a ready
regular-expression class body (``f"[{HAN.body}]"``) and a predicate
(``char in HAN``). Classes are built by union of the script blocks below, so
what a class covers and why is stated in one place.

Ranges are whole Unicode blocks (or whole planes) rather than the code points
this Python's :mod:`unicodedata` happens to know: a character a newer Unicode
assigns inside a CJK block is CJK before Python learns its name, and every
class gives the same answer on every Python version.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable

__all__ = [
    "CJK_TEXT",
    "HAN",
    "HANGUL",
    "KANA",
    "PUNCTUATION",
    "SPACELESS_LETTERS",
    "UNSPACED",
    "CharClass",
]

#: An inclusive range of code points, ``(first, last)``.
Range = tuple[int, int]


class CharClass:
    """A set of characters given as code point ranges.

    Attributes:
        ranges: Sorted, disjoint, non-adjacent inclusive ranges.
        body: The ranges as the inside of a regex character class, written
            with ``\\u``/``\\U`` escapes so the pattern reads the same in
            tracebacks and ``repr``: use it as ``f"[{cls.body}]"``.
    """

    __slots__ = ("ranges", "body", "_starts", "_ends")

    def __init__(self, ranges: Iterable[Range]) -> None:
        merged: list[Range] = []
        for low, high in sorted(ranges):
            if low > high:
                raise ValueError(f"empty range {low:#x}-{high:#x}")
            if merged and low <= merged[-1][1] + 1:
                merged[-1] = (merged[-1][0], max(high, merged[-1][1]))
            else:
                merged.append((low, high))
        self.ranges: tuple[Range, ...] = tuple(merged)
        self.body = "".join(_escape(low) + ("" if low == high else "-" + _escape(high))
                            for low, high in merged)  # fmt: skip
        self._starts = tuple(low for low, _ in merged)
        self._ends = tuple(high for _, high in merged)

    def __contains__(self, char: object) -> bool:
        """Whether ``char`` (one character) is in the class: a binary search, ~0.2 µs."""
        if not isinstance(char, str) or len(char) != 1:
            return False
        code = ord(char)
        index = bisect.bisect_right(self._starts, code) - 1
        return index >= 0 and code <= self._ends[index]

    def __or__(self, other: CharClass) -> CharClass:
        """The union of two classes."""
        return CharClass(self.ranges + other.ranges)

    def __repr__(self) -> str:
        return f"CharClass({self.body!r})"

    def bmp(self) -> CharClass:
        """The part of the class in the Basic Multilingual Plane.

        :mod:`re` tests a class of BMP characters with one bitmap lookup; an
        astral range is tested after it, one comparison per range, so a hot
        pattern may prefer the BMP part plus a separate astral path.
        """
        return CharClass((low, min(high, 0xFFFF)) for low, high in self.ranges if low <= 0xFFFF)


def _escape(code: int) -> str:
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


#: Han ideographs: the Unified Ideographs (U+4E00–9FFF) and Extension A
#: (U+3400–4DBF), the Compatibility Ideographs (U+F900–FAFF, which PDF and
#: legacy-encoding converters emit in place of unified ones), and all of
#: planes 2 and 3 (U+20000–3FFFF): Extensions B–J and the Compatibility
#: Supplement, planes Unicode reserves wholly for ideographs, so rare names
#: and dialect characters count as Han. Also the ideographic marks used as
#: ideographs in running text: ``々〆〇`` (U+3005–3007; ``〇`` is the zero of
#: ``二〇二二年``), the Hangzhou numerals (U+3021–3029, U+3038–303A) and
#: ``〻〼`` (U+303B–303C).
HAN = CharClass(
    [
        (0x3005, 0x3007),
        (0x3021, 0x3029),
        (0x3038, 0x303C),
        (0x3400, 0x4DBF),
        (0x4E00, 0x9FFF),
        (0xF900, 0xFAFF),
        (0x20000, 0x3FFFF),
    ]
)

#: Japanese kana: Hiragana and Katakana (U+3040–30FF), the small Katakana of
#: Ainu (U+31F0–31FF), halfwidth Katakana (U+FF66–FF9F) and the historic and
#: small kana of the Kana Extended/Supplement blocks (U+1AFF0–1B16F).
KANA = CharClass([(0x3040, 0x30FF), (0x31F0, 0x31FF), (0xFF66, 0xFF9F), (0x1AFF0, 0x1B16F)])

#: Hangul: the Jamo blocks and the precomposed syllables (U+AC00–D7AF),
#: halfwidth Jamo included. Korean is written with spaces between words, so
#: Hangul is CJK text (:data:`CJK_TEXT`) but not :data:`SPACELESS_LETTERS`.
HANGUL = CharClass(
    [(0x1100, 0x11FF), (0x3130, 0x318F), (0xA960, 0xA97F), (0xAC00, 0xD7FF), (0xFFA0, 0xFFDC)]
)

#: CJK punctuation and fullwidth forms: CJK Symbols and Punctuation
#: (U+3000–303F: ``、。「」《》`` and the ideographic space), the Vertical Forms
#: (U+FE10–FE1F), the CJK Compatibility Forms and Small Form Variants
#: (U+FE30–FE6F: ``︰﹐﹑``), and the Halfwidth and Fullwidth Forms
#: (U+FF00–FFEF: ``，：；！？（）`` and fullwidth Latin and digits, which
#: Chinese text sets like ideographs). Not the East Asian Ambiguous marks
#: ``“”‘’…—``: Chinese uses them, but so does English, where a line break
#: next to them is a space.
PUNCTUATION = CharClass([(0x3000, 0x303F), (0xFE10, 0xFE1F), (0xFE30, 0xFE6F), (0xFF00, 0xFFEF)])

#: Letters of the scripts written without spaces between words (Han and
#: kana): the characters the full-text index makes one token each, so a
#: query of any length matches inside a longer run (``常州`` in ``常州市``).
#: Punctuation is not here: the index makes it a separator.
SPACELESS_LETTERS = HAN | KANA

#: Characters between which a line break in the source is not a space (and a
#: run of spaces in a heading is only justification): Chinese and Japanese
#: text wrapped in a Markdown or HTML source must not gain spaces when its
#: lines are joined. Han, kana and CJK punctuation, and every other block of
#: U+2E80–9FFF (radicals and Kangxi radicals that converters leave in place
#: of ideographs, Bopomofo, CJK strokes, enclosed and squared forms such as
#: ``㈠`` and ``㎡``, Yijing symbols). Hangul syllables are not: Korean is
#: written with spaces.
UNSPACED = SPACELESS_LETTERS | PUNCTUATION | CharClass([(0x2E80, 0x9FFF)])

#: Characters that make a text East Asian (Chinese, Japanese or Korean):
#: what decides, for instance, whether a document's labels are in Chinese.
CJK_TEXT = SPACELESS_LETTERS | HANGUL
