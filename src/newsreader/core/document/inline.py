"""Inline text of one block: runs of text with their emphasis, links, and spacing.

The HTML walker (:mod:`newsreader.core.document.html`) feeds text into an
:class:`InlineText` as it arrives; when the block ends, the runs become the
block's normalised text and its bold flags (docs/OUTLINE.md: bold can mark a
heading), and :class:`LinkTable` numbers the links they refer to.
"""

from __future__ import annotations

import re

from newsreader.core.document.model import Link
from newsreader.core.text.cjk import UNSPACED
from newsreader.core.text.safe import clean_line

# Stands for <br> until the text is normalised. The body went through
# textsafe.clean before parsing, so no NUL from the post can collide with it.
BREAK = "\x00"
_ASCII_SPACE = re.compile(r"[ \t\n\r\f\v]+")
ASCII_SPACES = " \t\n\r\f\v"
# Stripped at line ends: every Unicode space (U+3000, NBSP...) and the
# invisible characters converters leave behind (BOM, zero-width space/joiners).
_EDGE_CHARS = (
    "".join(c for c in map(chr, range(0x3001)) if c.isspace()) + "\ufeff\u200b\u200c\u200d\u2060"
)
# A source line break between two CJK characters is no space at all (Chinese
# text wrapped in the source must not gain spaces when joined).
_CJK_NEWLINE = re.compile(rf"(?<=[{UNSPACED.body}])[ \t\r\f]*\n[ \t\n\r\f]*(?=[{UNSPACED.body}])")


def normalise(raw: str) -> str:
    """Collapse ASCII whitespace runs to one space and strip each line's ends.

    ``BREAK`` marks become newlines; blank lines at either end are dropped and
    runs of blank lines collapse to one. Other spaces (U+3000, NBSP) are kept
    inside the text but stripped at line ends.

    Args:
        raw: Text as it came from the markup, with ``BREAK`` for each ``<br>``.

    Returns:
        The block text as shown.
    """
    if "\n" in raw:
        raw = _CJK_NEWLINE.sub("", raw)
    if "  " in raw or not raw.isprintable():  # else there is no run to collapse
        raw = _ASCII_SPACE.sub(" ", raw)
    if BREAK not in raw:
        return raw.strip(_EDGE_CHARS)
    lines: list[str] = []
    for line in raw.split(BREAK):
        line = line.strip(_EDGE_CHARS)
        if line or (lines and lines[-1]):
            lines.append(line)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines)


def one_line(raw: str) -> str:
    """Normalise ``raw`` to a single line (table cells, link texts)."""
    return normalise(raw.replace(BREAK, " "))


class InlineText:
    """The runs of one block being built: text pieces and whether each is bold.

    A piece's mark is True (bold), False (plain) or None (neutral: line breaks
    and ``[n]`` link references, which neither make nor break a bold run).

    Attributes:
        pieces: The text pieces in order; read-only outside this class (the
            walker's per-event tests read it instead of calling
            :meth:`is_empty`, a call per text run saved).
    """

    __slots__ = ("pieces", "_marks", "_has_bold")

    def __init__(self) -> None:
        self.pieces: list[str] = []
        self._marks: list[bool | None] = []
        self._has_bold = False

    def add(self, text: str, bold: bool | None) -> None:
        """Append ``text`` with its emphasis mark."""
        self.pieces.append(text)
        self._marks.append(bold)
        if bold:
            self._has_bold = True

    def piece_count(self) -> int:
        """How many pieces were added (an index for :meth:`split_off`)."""
        return len(self.pieces)

    def text_since(self, index: int, limit: int) -> str:
        """The raw text of the pieces from ``index`` on, at most about ``limit`` characters."""
        parts: list[str] = []
        size = 0
        for piece in self.pieces[index:]:
            parts.append(piece)
            size += len(piece)
            if size >= limit:
                break
        return "".join(parts)

    def split_off(self, index: int) -> InlineText:
        """Move the pieces from ``index`` on into a new run (a block that starts there)."""
        tail = InlineText()
        for piece, mark in zip(self.pieces[index:], self._marks[index:], strict=True):
            tail.add(piece, mark)
        del self.pieces[index:], self._marks[index:]
        self._has_bold = any(self._marks)
        return tail

    def is_empty(self) -> bool:
        """Tell whether nothing was added yet."""
        return not self.pieces

    def is_blank(self) -> bool:
        """Tell whether no visible text was added yet."""
        return not any(piece.strip() for piece in self.pieces if piece != BREAK)

    def attach(self, reference: str) -> None:
        """Append a link's ``[n]`` right after its text, before any trailing spaces.

        ``<a>链接 </a>`` must read ``链接[1]``, not ``链接 [1]``.
        """
        trailing: list[tuple[str, bool | None]] = []
        while self.pieces and not self.pieces[-1].strip(ASCII_SPACES):
            trailing.append((self.pieces.pop(), self._marks.pop()))
        if self.pieces:
            piece = self.pieces[-1]
            visible = piece.rstrip(ASCII_SPACES)
            if visible != piece:
                self.pieces[-1] = visible
                trailing.append((piece[len(visible) :], self._marks[-1]))
        self.add(reference, None)
        for piece, mark in reversed(trailing):
            self.add(piece, mark)

    def add_break(self) -> None:
        """Append a ``<br>`` line break."""
        self.add(BREAK, None)

    def ends_with_break(self) -> bool:
        """Tell whether the last non-blank piece is a line break (for ``<br><br>``)."""
        for piece in reversed(self.pieces):
            if piece == BREAK:
                return True
            if piece.strip():
                return False
        return False

    def raw(self) -> str:
        """The pieces joined, ``BREAK`` marks still in place."""
        return "".join(self.pieces)

    def text(self) -> str:
        """The block's normalised text."""
        return normalise(self.raw())

    def code(self) -> str:
        """The block's text verbatim (for ``<pre>``): only the edge newlines go."""
        return self.raw().replace(BREAK, "\n").strip("\n")

    def finish(self) -> tuple[str, bool, str]:
        """The block's text and emphasis: :meth:`text` and :meth:`emphasis` in one call.

        The walker asks for both of every block it emits; a block with no bold
        piece needs no look at its pieces' marks.
        """
        text = normalise("".join(self.pieces))
        if not self._has_bold:
            return text, False, ""
        bold, lead = self.emphasis(text)
        return text, bold, lead

    def take(self) -> tuple[str, bool, str]:
        """:meth:`finish`, and the run emptied for the next block.

        The walker's one call per block: it reuses the run rather than making
        a new one for each block of the post.
        """
        raw = "".join(self.pieces)
        # normalise's answer for printable text with no double space (so no newline, no
        # BREAK): nearly every paragraph, without the call.
        text = raw.strip(_EDGE_CHARS) if raw.isprintable() and "  " not in raw else normalise(raw)
        if not self._has_bold:
            bold, lead = False, ""
        else:
            bold, lead = self.emphasis(text)
            self._has_bold = False
        self.pieces, self._marks = [], []
        return text, bold, lead

    def emphasis(self, text: str) -> tuple[bool, str]:
        """Whether the block is bold as a whole, and the bold run it starts with.

        Args:
            text: The block's normalised text (``self.text()``).

        Returns:
            ``(bold, bold_lead)``: ``bold`` when every visible piece is bold;
            ``bold_lead`` the leading bold run's text (the whole text when
            ``bold``), ``""`` when the block does not start bold.
        """
        if not self._has_bold:
            return False, ""
        cut = len(self.pieces)
        for index, (piece, mark) in enumerate(zip(self.pieces, self._marks, strict=True)):
            if mark is False and piece.strip():
                cut = index
                break
        if cut == len(self.pieces):
            return True, text
        if not any(self._marks[:cut]):
            return False, ""
        lead = normalise("".join(self.pieces[:cut]))
        return False, lead if text.startswith(lead) else ""


class LinkTable:
    """Numbers links in order of first appearance; a repeated URL keeps its number."""

    __slots__ = ("_numbers", "_links")

    def __init__(self) -> None:
        self._numbers: dict[str, int] = {}
        self._links: list[Link] = []

    def number(self, url: str, text: str) -> int:
        """Return the reference number of ``url``, registering it with ``text`` if new."""
        found = self._numbers.get(url)
        if found is not None:
            return found
        number = len(self._links) + 1
        self._numbers[url] = number
        self._links.append(Link(number, text, url))
        return number

    def links(self) -> tuple[Link, ...]:
        """All links, numbered 1..n."""
        return tuple(self._links)

    def __len__(self) -> int:
        return len(self._links)

    def truncate(self, count: int) -> None:
        """Forget every link numbered after the first ``count`` (their text was cut)."""
        for link in self._links[count:]:
            del self._numbers[link.url]
        del self._links[count:]


def usable_href(href: str | None) -> str:
    """Return the link target worth numbering, or ``""`` to keep only the text.

    ``javascript:`` links and same-page ``#fragment`` links lead nowhere a
    reader of a text export can follow; protocol-relative ``//host/`` links
    are kept exactly as written.

    Args:
        href: The ``href`` attribute as parsed (entities decoded), or None.

    Returns:
        The cleaned URL, or ``""``.
    """
    url = _TRAILING_SPACE.sub("", clean_line(href or ""))
    if not url or url.startswith("#") or url[:11].lower() == "javascript:":
        return ""
    return url


# An ideographic or no-break space after a bare host (``www.某某.com　证券时报``) is no
# part of it; cmark's autolinks take it in, percent-encoded.
_TRAILING_SPACE = re.compile(r"(?:%E3%80%80|%C2%A0|[\u3000\xa0])+$", re.IGNORECASE)
