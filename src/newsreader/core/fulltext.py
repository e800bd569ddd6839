"""Searchable text of a post, and the token stream the full-text index stores.

Two jobs live here, both pure functions so index building can run them in
worker processes:

* :func:`extract_text` turns a post body into one plain string (the blocks of
  :func:`newsreader.core.reader.document_from_text`, joined by newlines) plus
  what is needed to map a hit back to the reader: each block's start offset
  and the outline flattened to ``(block, depth, label)`` rows.
* :func:`tokenize_for_index` rewrites text so SQLite FTS5's ``unicode61``
  tokenizer sees every Han character as its own token and every run of
  punctuation or white space as one separator token. ``unicode61`` alone takes
  a run of Han characters as a single token (so ``常州`` would not match inside
  ``常州市``), and the ``trigram`` tokenizer cannot match queries shorter than
  three characters; single-character tokens match at any length when a query
  is asked as a phrase. The explicit separator token keeps phrases from
  matching across punctuation, white space or block boundaries (``常。州``
  does not match ``常州``); post boundaries are row boundaries and are never
  crossed.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from newsreader.core.document import Document, OutlineNode
from newsreader.core.model import Archive, Post

# Private-use code point declared as a token character of the FTS table
# (``tokenchars``), so a separator is a token a phrase cannot skip over.
SEPARATOR = "\ue000"
FTS_TOKENIZER = f"unicode61 remove_diacritics 0 tokenchars '{SEPARATOR}'"

# Han ideographs (URO, extension A, compatibility) and kana: scripts written
# without spaces, indexed one character per token. A translate table does the
# BMP ten times faster than a regex; the rare astral extensions (B-H) take
# the regex.
_CJK_RANGES = ((0x3040, 0x30FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))
_ASTRAL_CJK = re.compile("[\U00020000-\U0003134f]")
# What unicode61 treats as a separator: anything but letters and digits.
_SEPARATOR_RUN = re.compile(r"(?:[^\w]|_)+")


@dataclass(frozen=True, slots=True)
class PostText:
    """A post's searchable text and the map from text offsets to the reader.

    Attributes:
        title: The post's title.
        text: Every block's text, joined by ``"\\n"``.
        offsets: Start offset in ``text`` of each block, in block order.
        sections: The outline in document order, one ``(block, depth, label)``
            row per node; ``label`` is the marker followed by the title.
    """

    title: str
    text: str
    offsets: Sequence[int] = ()
    sections: Sequence[Sequence[int | str]] = ()

    def block_at(self, offset: int) -> int:
        """Return the index of the block holding ``offset`` in :attr:`text`."""
        return max(bisect.bisect_right(self.offsets, offset) - 1, 0)

    def section_at(self, block: int) -> tuple[str, ...]:
        """Return the labels of the outline nodes enclosing ``block``, outermost first.

        The section of a block is the last heading at or before it, with that
        heading's ancestors: the same path :func:`newsreader.core.outline.section_path`
        walks, computed from the flattened rows kept in the index.
        """
        path: list[str] = []
        for node_block, depth, label in self.sections:
            if int(node_block) > block:
                break
            del path[int(depth):]
            path.append(str(label))
        return tuple(path)


def tokenize_for_index(text: str) -> str:
    """Rewrite ``text`` into the token stream the FTS table indexes.

    Args:
        text: Clean text from a post, or one query term.

    Returns:
        The text with runs of separators replaced by :data:`SEPARATOR` and
        every CJK character set apart by spaces, e.g. ``"常州，5G网"`` ->
        ``" 常  州  \\ue000 5G 网 "`` (tokens: 常 州 SEP 5g 网).
    """
    text = _SEPARATOR_RUN.sub(f" {SEPARATOR} ", text.replace(SEPARATOR, " "))
    text = text.translate(_spacing_table())
    if text.isascii() or max(text) < "\U00020000":
        return text
    return _ASTRAL_CJK.sub(r" \g<0> ", text)


@cache
def _spacing_table() -> dict[int, str]:
    """Map each BMP CJK character to itself between spaces (built once: ~30k entries)."""
    return {code: f" {chr(code)} " for low, high in _CJK_RANGES for code in range(low, high + 1)}


def index_tokens(text: str) -> list[str]:
    """Return the tokens FTS5 sees for ``text`` (lower-cased like ``unicode61``)."""
    return tokenize_for_index(text).lower().split()


def _walk(nodes: Sequence[OutlineNode], depth: int) -> Iterator[tuple[int, int, str]]:
    """Yield ``(block, depth, label)`` for ``nodes`` and their children, in order."""
    for node in nodes:
        yield node.block, depth, f"{node.marker}{node.title}"
        yield from _walk(node.children, depth + 1)


def text_of_document(document: Document, title: str) -> PostText:
    """Flatten a parsed document into a :class:`PostText`.

    Args:
        document: The parsed body, outline included.
        title: The post's title.

    Returns:
        Its searchable text with block offsets and flattened outline.
    """
    offsets: list[int] = []
    position = 0
    for block in document.blocks:
        offsets.append(position)
        position += len(block.text) + 1
    text = "\n".join(block.text for block in document.blocks)
    sections = tuple(_walk(document.outline, 0))  # pre-order is block order
    return PostText(title, text, tuple(offsets), sections)


def extract_text(root: Path, post: Post) -> PostText:
    """Read and parse one post of the archive at ``root`` into a :class:`PostText`.

    Top-level and picklable so index building can run it in worker processes;
    a file that cannot be read gives an empty text (its problem is the
    loader's to report).

    Args:
        root: The archive root.
        post: The post to read.

    Returns:
        The post's searchable text.
    """
    # Imported here: the parser stack is heavy and only index building needs it.
    from newsreader.core.reader import open_document

    document, _problems = open_document(Archive(root=root, posts=()), post)
    return text_of_document(document, post.title)
