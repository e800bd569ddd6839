"""Which blocks open a heading, and what their marker and title are.

Each block is read on its own (its marker, or its bold text, or its explicit
heading tag), with the few facts about the whole document that rule 3 of
docs/OUTLINE.md needs: the post's title, the titles the text quotes in ``《》``, and
the table of contents that may repeat the headings before the body. Levels and
nesting are left to :mod:`newsreader.core.outline.build`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from newsreader.core.document.model import Block, BlockKind
from newsreader.core.outline.filters import (
    ends_with_page_number,
    has_inline_sequel,
    is_contents_title,
    is_date_line,
    is_furniture,
    is_label,
    starts_with_enumeration,
    starts_with_figure,
)
from newsreader.core.outline.markers import STRUCTURAL, Family, Marker, match_marker
from newsreader.core.outline.titles import comparable, cut_title, tidy_title

#: A numbered heading whose first sentence runs longer than this is body text
#: unless its family is structural (docs/OUTLINE.md rule 3).
LONG_TITLE = 60
#: Bold text longer than this is emphasis, not a heading.
BOLD_MAX = 40
#: In an interview, a bold lead-in this short ending in ``：`` is a speaker's name.
SPEAKER_MAX = 6
#: A run of this many contents-like lines before the body is a table of contents.
CONTENTS_RUN = 3

_BOOK_TITLE = re.compile(r"《([^《》]{2,80})》")
_DOCUMENT_KIND = re.compile(
    r"(?:通知|意见|方案|办法|规定|决定|公告|通告|规划|纲要|细则|报告|批复|通报|条例|计划|要点)"
    r"(?:[（(][^（()）]{1,12}[）)])?$"
)
_SENTENCE_END = frozenset("。！？!?")
_CLAUSE = re.compile(r"[，,；;]")
_HEADING_FAMILIES = tuple(Family(f"h{n}") for n in range(1, 7))


class Candidate(NamedTuple):
    """A block that opens a heading (a tuple: cheap to make by the thousand).

    Attributes:
        block: Index of the block.
        family: Its numbering family (``BOLD`` or ``H1``…``H6`` when unnumbered).
        marker: The marker as written, ``""`` when unnumbered.
        title: The tidy title.
        end: Offset in the block's text where the heading part ends.
        value: The ordinal, for sequence checks (``None`` when unnumbered).
        parts: A decimal number's components, else ``()``.
        pure: The block holds nothing but the heading (a possible contents line).
    """

    block: int
    family: Family
    marker: str
    title: str
    end: int
    value: int | None = None
    parts: tuple[int, ...] = ()
    pure: bool = True

    @property
    def key(self) -> tuple[Family, int | None, tuple[int, ...], str]:
        """What a contents line shares with the heading it lists."""
        return (self.family, self.value, self.parts, self.title)


@dataclass(frozen=True, slots=True)
class _Context:
    """Facts about the whole document that single-block rules need."""

    blocks: Sequence[Block]
    title: str
    book_titles: frozenset[str]
    lead_counts: Counter[str]
    first_block: int

    @property
    def transcript(self) -> bool:
        """A bold lead-in repeats: speaker labels (an interview), not headings."""
        return any(n > 1 for n in self.lead_counts.values())

    @classmethod
    def scan(cls, blocks: Sequence[Block], title: str) -> _Context:
        books: set[str] = set()
        leads: Counter[str] = Counter()
        for block in blocks:
            if "《" in block.text:
                books.update(comparable(m) for m in _BOOK_TITLE.findall(block.text))
            if block.bold_lead:
                leads[comparable(block.bold_lead)] += 1
        first = next((i for i, b in enumerate(blocks) if b.text.strip()), -1)
        return cls(blocks, comparable(title), frozenset(books), leads, first)


def find_candidates(blocks: Sequence[Block], title: str = "") -> list[Candidate]:
    """Every block that opens a heading, in document order, contents dropped.

    Args:
        blocks: The document's blocks.
        title: The post's title (a body line repeating it is no heading).

    Returns:
        The candidates; their nesting is decided by the caller.
    """
    context = _Context.scan(blocks, title)
    found = [c for i, b in enumerate(blocks) if (c := _candidate(i, b, context)) is not None]
    return _drop_contents(found, blocks)


def _candidate(index: int, block: Block, context: _Context) -> Candidate | None:
    if block.kind is BlockKind.HEADING:
        return _explicit(index, block, context)
    if block.kind not in (BlockKind.PARAGRAPH, BlockKind.LIST_ITEM):
        return None  # tables, quotes, code, images are never headings
    marker = match_marker(block.text)
    if marker is not None:
        return _numbered(index, block.text, marker)
    if block.kind is BlockKind.PARAGRAPH:
        return _bold(index, block, context)
    return None


def _numbered(index: int, text: str, marker: Marker) -> Candidate | None:
    title, end = cut_title(text, marker.end)
    if not title or (len(title) > LONG_TITLE and marker.family not in STRUCTURAL):
        return None
    if has_inline_sequel(text, marker):
        return None
    if text.rstrip()[-1:].isdecimal() and ends_with_page_number(text[marker.end :]):
        return None
    pure = end >= len(text.rstrip())
    return Candidate(
        index, marker.family, marker.text, title, end, marker.value, marker.parts, pure
    )


def _explicit(index: int, block: Block, context: _Context) -> Candidate | None:
    """An ``<hN>`` or Markdown heading: the whole text is the heading."""
    text = block.text
    marker = match_marker(text)
    start = 0 if marker is None else marker.end
    title = tidy_title(text[start:])
    if not title or (marker is None and _is_furniture(index, text, context)):
        return None
    family = _HEADING_FAMILIES[min(max(block.level, 1), 6) - 1]
    marker_text = "" if marker is None else marker.text
    return Candidate(index, family, marker_text, title, len(text))


def _bold(index: int, block: Block, context: _Context) -> Candidate | None:
    """A short all-bold paragraph, or a short bold lead-in ending in ``：``/``。``."""
    text = block.text
    if block.bold:
        heading, end = text.strip(), len(text)
    elif _is_lead_in(block.bold_lead, context):
        lead = block.bold_lead.strip()
        offset = text.find(lead)
        if offset < 0 or not text[offset + len(lead) :].strip():
            return None
        heading, end = lead, offset + len(lead)
    else:
        return None
    title = tidy_title(heading)
    if not title or len(heading) > BOLD_MAX or _is_furniture(index, heading, context):
        return None
    if starts_with_figure(heading) or starts_with_enumeration(heading):
        return None
    if block.bold and heading[-1] in _SENTENCE_END and _CLAUSE.search(heading):
        return None  # a whole bold sentence of several clauses is emphasis
    return Candidate(index, Family.BOLD, "", title, end, pure=end >= len(text.rstrip()))


def _is_lead_in(lead: str, context: _Context) -> bool:
    lead = lead.strip()
    if not lead or not lead.endswith(("：", ":", "。")) or is_label(lead):
        return False
    if context.lead_counts[comparable(lead)] > 1:
        return False  # a repeated lead is a label
    return not (context.transcript and lead[-1] in "：:" and len(lead) <= SPEAKER_MAX)


def _is_furniture(index: int, text: str, context: _Context) -> bool:
    """The document's own title, furniture, a signature, or the contents title."""
    key = comparable(text)
    if key == context.title or key in context.book_titles:
        return True
    if index == context.first_block and _looks_like_title(key, context.title):
        return True
    if is_furniture(text) or is_contents_title(text):
        return True
    following = context.blocks[index + 1].text if index + 1 < len(context.blocks) else ""
    return is_date_line(following)  # a signature above the date line


def _looks_like_title(key: str, title: str) -> bool:
    """A first block that restates the post title or names a document kind."""
    if title and len(key) >= 4 and (key in title or title in key):
        return True
    return _DOCUMENT_KIND.search(key) is not None


def _drop_contents(found: list[Candidate], blocks: Sequence[Block]) -> list[Candidate]:
    """Drop a table of contents that lists the headings before the body.

    The contents are the leading run of bare heading lines, block after block,
    each listed again later (the body's heading); the run ends where the body
    begins (a line not listed again, or listed within the run).
    """
    lines = 0
    while lines < len(found) and _continues_run(found, lines, blocks):
        lines += 1
    if lines == 0:
        return found
    titles = {c.title for c in found[:lines]}
    last_seen = {c.key: i for i, c in enumerate(found) if c.title in titles}
    run = 0
    while run < lines and last_seen[found[run].key] > run:
        run += 1
    if run and (run >= CONTENTS_RUN or _after_contents_title(found[0], blocks)):
        if all(last_seen[c.key] >= run for c in found[:run]):
            return found[run:]
    return found


def _continues_run(found: list[Candidate], i: int, blocks: Sequence[Block]) -> bool:
    """Whether ``found[i]`` is a bare line right after the previous contents line."""
    if not found[i].pure:
        return False
    if i == 0:
        return True
    previous = found[i - 1].block
    between = blocks[previous + 1 : found[i].block]
    return all(not b.text.strip() for b in between)


def _after_contents_title(first: Candidate, blocks: Sequence[Block]) -> bool:
    before = [b.text for b in blocks[: first.block] if b.text.strip()]
    return bool(before) and is_contents_title(before[-1].strip())
