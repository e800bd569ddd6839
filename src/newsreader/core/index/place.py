"""Place a search hit in its post: the snippet around the first exact occurrence, its section.

Every search path places its hits here, from what the index stores for a
located post: the title, the text as UTF-8 bytes and the packed block map
(:mod:`newsreader.core.index.blockmap`). The text stays bytes: a term is
found with ``bytes.find`` (UTF-8 is self-synchronising, so a found term
starts on a character), the block map counts in the same bytes, and only the
few characters around the hit are decoded, for the snippet. Decoding whole texts to ``str``
cost a warm ``--search 州 --list --json`` at 10^4 posts about as much as all
the rest of its placing. Latin terms are found ignoring case as
:func:`fold` folds a text: for a term of ASCII alone, ``bytes.lower`` folds
alike but for the Kelvin sign (U+212A, the one non-ASCII character folding
to ASCII), so a text holding that sign, or a term with other cased letters,
is folded as ``str`` instead. Full-width letters and digits fold to ASCII too
(:mod:`newsreader.core.text.narrow`), as the index's tokens do: a term with
ASCII in it is looked for in the bytes only when the text holds no
full-width twin of it (:func:`~newsreader.core.text.narrow.wide_twins`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from newsreader.core.index.blockmap import unpack
from newsreader.core.text.narrow import WIDE_FORM, narrow, wide_twins

SNIPPET_WIDTH = 40
"""Characters of context shown around the first hit."""

LEAD = 12
"""Characters kept before the hit."""

_FOLD_PIECE = 2048  # characters of a body folded at a time while looking for a term
_KELVIN = "\u212a".encode()
# Bytes decoded before a hit: LEAD + 1 characters at four bytes each, and room
# for a character cut at the start.
_BEFORE_BYTES = 4 * (LEAD + 2)
# Bytes decoded after a hit: SNIPPET_WIDTH + 1 characters at four bytes each,
# and room for the last one cut short.
_AFTER_BYTES = 4 * (SNIPPET_WIDTH + 3)


def fold(text: str) -> str:
    """Lower-case ``text`` character by character, keeping every offset.

    A letter whose lower case is longer (``İ``) stays as it is. ``str.lower``
    on the whole text is the fast way, and the same except where it lengthens
    a letter or reads context (a word-final ``Σ`` becomes ``ς``); folding each
    character alone, as the index's tokenizer does, makes the fold of a part
    of a text the same part of the text's fold.
    """
    folded = text.lower()
    if len(folded) != len(text) or "ς" in folded:
        folded = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    return narrow(folded)


def find_folded(text: str, term: str) -> int:
    """``fold(text).find(term)`` for a folded ``term``, folding no more of ``text`` than needed.

    A term none of whose characters has an upper case (Chinese, digits) is
    found in the text as it is: no other character folds to one of its
    characters. Otherwise the text is folded a piece at a time, up to the
    first occurrence (a post's body is folded whole only when the term is not
    in it): folding every shown hit's whole body cost more than ranking them.
    """
    if term.upper() == term and (wide_twins(term) is None or not WIDE_FORM.search(text)):
        return text.find(term)
    overlap = len(term) - 1
    for start in range(0, len(text), _FOLD_PIECE):
        found = fold(text[start : start + _FOLD_PIECE + overlap]).find(term)
        if found >= 0:
            return start + found
    return -1


def find_folded_bytes(body: bytes, term: str) -> int:
    """``fold(body.decode()).find(term)`` as a byte offset into the UTF-8 ``body``.

    Where the term is found in the bytes as written, that occurrence is the
    one placed, though the text may write it full width earlier: looking
    for full-width twins in every hit's text cost a Latin ``--json`` search
    a tenth more, for a snippet a few characters further on.

    Args:
        body: A stored text, UTF-8.
        term: A folded term (:func:`fold`).

    Raises:
        UnicodeDecodeError: ``body`` is not UTF-8 where it had to be decoded.
    """
    encoded = term.encode("utf-8", "surrogatepass")  # a lone surrogate is in no stored text
    if term.upper() == term:  # no case to fold
        found = body.find(encoded)
    elif term.isascii() and ("k" not in term or _KELVIN not in body):
        exact = body.find(encoded)  # a folded occurrence can only come earlier
        end = len(body) if exact < 0 else exact + len(encoded)
        found = body[:end].lower().find(encoded)
    else:
        return _find_decoded(body, term)
    if found >= 0 or (twins := wide_twins(term)) is None or not twins.search(body):
        return found
    return _find_decoded(body, term)


def _find_decoded(body: bytes, term: str) -> int:
    """:func:`find_folded_bytes` the slow way: the body decoded and folded."""
    text = body.decode()
    found = find_folded(text, term)
    return found if found < 0 else len(text[:found].encode())


def occurrences(text: str, terms: tuple[str, ...]) -> Iterator[tuple[int, int]]:
    """Yield ``(start, end)`` of every occurrence of each term, unsorted."""
    for term in terms:
        start = text.find(term)
        while start >= 0:
            yield start, start + len(term)
            start = text.find(term, start + 1)


class Placed(NamedTuple):
    """Where a hit stands in its post (what :class:`~newsreader.core.index.search.Hit` shows)."""

    title: str
    snippet: str
    section: tuple[str, ...]
    block: int
    spans: tuple[tuple[int, int], ...]


def _window(body: bytes, at: int, before: str) -> tuple[str, str, str]:
    """Cut the snippet of ``body`` around byte ``at``, inside its line: prefix, text, suffix.

    ``before`` is the text just before ``at`` (its last :data:`LEAD` + 1
    characters are enough, or all of it from the text's start).
    """
    end_byte = at + _AFTER_BYTES
    if end_byte < len(body):
        while end_byte > at and body[end_byte] & 0xC0 == 0x80:  # stop before a character
            end_byte -= 1
    after = body[at:end_byte].decode()
    text = before + after
    hit = len(before)
    line_start = text.rfind("\n", 0, hit) + 1
    line_end = text.find("\n", hit)
    line_end = len(text) if line_end < 0 else line_end
    start = max(line_start, hit - LEAD)
    end = min(line_end, start + SNIPPET_WIDTH)
    prefix = "…" if start > line_start else ""
    suffix = "…" if end < line_end else ""
    return prefix, text[start:end], suffix


def _before(body: bytes, at: int) -> str:
    """The text just before byte ``at``: at least :data:`LEAD` + 1 characters, or all of it."""
    start = max(0, at - _BEFORE_BYTES)
    while start and body[start] & 0xC0 == 0x80:  # start on a character, not inside one
        start += 1
    return body[start:at].decode()


class Placer:
    """Places the hits of one query (its terms folded once).

    Args:
        terms: The query's terms as typed.
        spans: Whether to find each term's spans in the snippet (the reader
            highlights them; ``--json`` does not show them).
    """

    def __init__(self, terms: tuple[str, ...], *, spans: bool = True) -> None:
        self.terms = tuple(fold(term) for term in terms)
        self.spans = spans
        # The common query, one term without case (Chinese): one bytes.find a hit.
        alone = self.terms[0] if len(self.terms) == 1 else ""
        caseless = alone.upper() == alone
        self._caseless = alone.encode("utf-8", "surrogatepass") if caseless else b""

    def first(self, title: str, body: bytes) -> int | None:
        """Byte offset of the first term in ``body`` (-1: title only).

        None when a term is neither there nor in the title as typed.
        """
        if self._caseless:
            at = body.find(self._caseless)
            if at >= 0:
                return at
        found = [find_folded_bytes(body, term) for term in self.terms]
        if -1 in found:
            folded_title = fold(title)
            if any(
                at < 0 and t not in folded_title for at, t in zip(found, self.terms, strict=True)
            ):
                return None  # the index's tokens matched, the text differs (``a,b`` as ``a b``)
            found = [at for at in found if at >= 0] or [-1]
        return min(found)

    def place(self, title: str, body: bytes, block_map: bytes | None) -> Placed | None:
        """Place the hit in a post; None when its block map does not unpack (damage).

        Without a map (a post that could not be located) the hit is in block
        0 and no section, its snippet still cut from ``body``.

        Raises:
            UnicodeDecodeError: ``body`` is not UTF-8 where it was read.
        """
        unpacked = None if block_map is None else unpack(block_map, len(body))
        if unpacked is None and block_map is not None:
            return None
        at = self.first(title, body)
        if at is None or at < 0:  # title only, or no term reads exactly as typed
            prefix, cut, suffix = _window(body, 0, "")
            return Placed(title, prefix + cut + suffix, (), 0, ())
        prefix, cut, suffix = _window(body, at, _before(body, at))
        block, section = 0, tuple[str, ...]()
        if unpacked is not None:
            block = unpacked.block_at(at)
            found = unpacked.section_at(block)
            if found is None:
                return None
            section = found
        spans: tuple[tuple[int, int], ...] = ()
        if self.spans:
            shift = len(prefix)
            found_spans = occurrences(fold(cut), self.terms)
            spans = tuple(sorted((s + shift, e + shift) for s, e in found_spans))
        return Placed(title, prefix + cut + suffix, section, block, spans)

    def unlocated(self, title: str, body: bytes) -> Placed:
        """Place the hit of a post without a block map: block 0, no section."""
        placed = self.place(title, body, None)
        assert placed is not None  # no map, nothing to find damaged
        return placed
