"""Searchable text of a post, and the token stream the full-text index stores.

Two jobs live here, both pure functions so index building can run them in
worker processes:

* :func:`quick_text` reads a post's plain text without the document model
  (what a cold build stores); :func:`extract_text` turns a post body into the
  blocks of :func:`newsreader.core.document.open.document_from_text`, joined by
  newlines, plus what maps a hit back to the reader: each block's start
  offset and the outline flattened to ``(block, depth, label)`` rows (done
  only for posts a search shows).
* :func:`tokenize_for_index` rewrites text so SQLite FTS5's ``unicode61``
  tokenizer sees every Han character as its own token and every run of
  punctuation or white space as one separator token, and a full-width
  letter or digit as its ASCII twin (:mod:`newsreader.core.text.narrow`:
  ``ＧＤＰ`` finds ``GDP``). ``unicode61`` alone takes
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
from typing import TYPE_CHECKING

from newsreader.core.index.blockmap import Section
from newsreader.core.model import Archive, Post
from newsreader.core.text.cjk import SPACELESS_LETTERS
from newsreader.core.text.narrow import NARROW, narrow

if TYPE_CHECKING:  # a query's tokens need no document model (a warm search's start-up)
    from newsreader.core.document.model import Document, OutlineNode

# Private-use code point declared as a token character of the FTS table
# (``tokenchars``), so a separator is a token a phrase cannot skip over.
SEPARATOR = "\ue000"
FTS_TOKENIZER = f"unicode61 remove_diacritics 0 tokenchars '{SEPARATOR}'"

# What unicode61 treats as a separator: anything but letters and digits.
_NON_WORD = re.compile(r"[\W_]")
_SEPARATOR_TOKEN = f" {SEPARATOR} "
# Separator tokens side by side (a run of punctuation) stand for one.
_SEPARATOR_RUN = re.compile(f"{SEPARATOR}(?: *{SEPARATOR})+")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_SHORT = 256  # texts this short (a query term) are mapped character by character


@dataclass(frozen=True, slots=True)
class PostText:
    """A post's searchable text and the map from text offsets to the reader.

    Attributes:
        title: The post's title.
        text: Every block's text, joined by ``"\\n"``.
        offsets: Start offset in ``text`` of each block, in block order; None
            for a quick extraction (:mod:`newsreader.core.index.quicktext`), whose
            lines are not yet mapped to the reader's blocks.
        sections: The outline in document order, one ``(block, depth, label)``
            row per node; ``label`` is the marker followed by the title.
    """

    title: str
    text: str
    offsets: Sequence[int] | None = None
    sections: Sequence[Section] = ()

    @property
    def located(self) -> bool:
        """Whether blocks and sections are known (the text came from the full parse)."""
        return self.offsets is not None

    def block_at(self, offset: int) -> int:
        """Return the index of the block holding ``offset`` in :attr:`text` (0 if unknown)."""
        return max(bisect.bisect_right(self.offsets or (), offset) - 1, 0)

    def section_at(self, block: int) -> tuple[str, ...]:
        """Return the labels of the outline nodes enclosing ``block``, outermost first.

        The section of a block is the last heading at or before it, with that
        heading's ancestors: the same path :func:`newsreader.core.outline.build.section_path`
        walks, computed from the flattened rows kept in the index.
        """
        path: list[str] = []
        for node_block, depth, label in self.sections:
            if node_block > block:
                break
            del path[depth:]
            path.append(label)
        return tuple(path)


def tokenize_for_index(text: str) -> str:
    """Rewrite ``text`` into the token stream the FTS table indexes.

    One pass of ``str.translate`` over a table of the whole BMP does both jobs
    (separators to :data:`SEPARATOR`, CJK characters set apart by spaces), and
    one regular expression merges separator runs: about a third of the cost of
    a separator regex followed by a dict-based translate. Rare astral
    characters, which the table does not cover, take a regex of their own.

    Args:
        text: Clean text from a post, or one query term.

    Returns:
        The text with each run of separators replaced by one :data:`SEPARATOR`
        token and every CJK character set apart by spaces, e.g. ``"常州，5G网"``
        -> ``" 常  州  \ue000 5G 网 "`` (tokens: 常 州 SEP 5g 网).
    """
    if len(text) <= _SHORT:
        return _SEPARATOR_RUN.sub(SEPARATOR, "".join(map(_char_token, text)))
    text = text.translate(_bmp_table())
    if _ASTRAL.search(text):
        text = _ASTRAL.sub(_astral_token, text)
    return _SEPARATOR_RUN.sub(SEPARATOR, text)


def _char_token(char: str) -> str:
    """One character's token text: what :func:`_bmp_table` holds for it, built alone.

    A query's terms are a few characters: building the whole table for them
    cost a search process about 0.15 s before it could ask anything.
    """
    if char >= "\U00010000":
        return _astral(char)
    char = narrow(char)
    if char == SEPARATOR or _NON_WORD.match(char):
        return _SEPARATOR_TOKEN
    return f" {char} " if char in SPACELESS_LETTERS else char


def _astral_token(match: re.Match[str]) -> str:
    """Map one astral character as the BMP table maps the rest."""
    return _astral(match[0])


def _astral(char: str) -> str:
    """An astral character's token text (the BMP table does not cover them)."""
    if not char.isalnum():
        return _SEPARATOR_TOKEN
    return f" {char} " if char in SPACELESS_LETTERS else char


@cache
def _bmp_table() -> tuple[str, ...]:
    """Map every BMP code point to its token text (built once, ~10 ms)."""
    table = [chr(code) for code in range(0x10000)]
    for char in _NON_WORD.findall("".join(table)):
        table[ord(char)] = _SEPARATOR_TOKEN
    # Han and kana (scripts written without spaces) are one token per character.
    for low, high in SPACELESS_LETTERS.bmp().ranges:
        for code in range(low, high + 1):
            if table[code] is not _SEPARATOR_TOKEN:
                table[code] = f" {table[code]} "
    table[ord(SEPARATOR)] = _SEPARATOR_TOKEN  # in text it is just a separator
    for wide, ascii_twin in NARROW.items():  # ＧＤＰ is GDP (core.text.narrow)
        table[wide] = table[ascii_twin]
    return tuple(table)


def index_tokens(text: str) -> list[str]:
    """Return the tokens FTS5 sees for ``text`` (lower-cased like ``unicode61``)."""
    return tokenize_for_index(text).lower().split()


def _walk(nodes: Sequence[OutlineNode], depth: int) -> Iterator[Section]:
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
    """Read and fully parse one post of the archive at ``root`` into a :class:`PostText`.

    Top-level and picklable so it can run in worker processes; a file that
    cannot be read gives an empty text (its problem is the loader's to report).

    Args:
        root: The archive root.
        post: The post to read.

    Returns:
        The post's text as the reader's blocks, with offsets and sections.
    """
    # Imported here: the parser stack is heavy and only locating hits needs it.
    from newsreader.core.document.open import open_document

    document, _problems = open_document(Archive(root=root, posts=()), post)
    return text_of_document(document, post.title)


def quick_text(root: Path, post: Post) -> PostText:
    """Read one post's searchable text the fast way (no document model, no outline).

    What a cold index build stores (see :mod:`newsreader.core.index.quicktext`);
    picklable for worker processes.

    Args:
        root: The archive root.
        post: The post to read.

    Returns:
        The post's text, not yet located (``offsets`` is None).
    """
    # Imported here: answering a query from the index never needs the extractor
    # (nor the Markdown parser and YAML behind it), only building the index does.
    from newsreader.core.index.quicktext import read_searchable_text

    path = Archive(root=root, posts=()).post_path(post)
    return PostText(post.title, read_searchable_text(path, post.path))
