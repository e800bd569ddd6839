"""Which blocks open a heading, and what their marker and title are.

Each block is read on its own (its marker, or its bold text, or its explicit
heading tag), with the few facts about the whole document that rules 3-10 of
docs/OUTLINE.md need: the post's title, the titles the text quotes in ``《》``,
the title block and notice wrapper (:mod:`newsreader.core.outline.front`),
page chrome, and the table of contents that repeats the headings
(:mod:`newsreader.core.outline.contents`). A few passes over the candidates
then apply the rules that need their neighbours: long list items that
continue a sequence, a lone top heading that is the title, end matter.
Levels and nesting are left to :mod:`newsreader.core.outline.tree`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from newsreader.core.document.model import Block, BlockKind
from newsreader.core.outline.contents import drop_contents
from newsreader.core.outline.filters import (
    ATTACHMENT_LIST,
    ends_with_page_number,
    has_inline_sequel,
    is_caption,
    is_chrome_text,
    is_contents_title,
    is_date_line,
    is_furniture,
    is_label,
    names_a_file,
    starts_with_enumeration,
    starts_with_figure,
    starts_with_label,
)
from newsreader.core.outline.front import article_start, article_title, front_blocks
from newsreader.core.outline.markers import (
    MARKER_READERS,
    RANKED,
    SPACE,
    STRUCTURAL,
    Family,
    Marker,
    match_glued_article,
    match_marker,
)
from newsreader.core.outline.titles import comparable, cut_title

#: A numbered heading whose first sentence runs longer than this is body text
#: unless its family is structural (docs/OUTLINE.md rule 3).
LONG_TITLE = 60
#: Bold text whose title (cut by rule 2) is longer than this is emphasis, not a heading.
BOLD_MAX = 40
#: Bold text longer than this is a paragraph set bold, whatever its first sentence.
BOLD_WHOLE_MAX = 120
#: In an interview, a bold lead-in this short ending in ``：`` is a speaker's name.
SPEAKER_MAX = 6
#: A bold paragraph ``label：text`` with a label this short may be a speaker's turn.
TURN_LABEL_MAX = 12
#: Without a heading that repeats the post title, the article's chrome depth
#: is the least one holding at least this share of the text (a page may wrap
#: the article in an element named like navigation).
CHROME_SHARE = 0.5

_BOOK_TITLE = re.compile(r"《([^《》]{2,80})》")
_END_MATTER = re.compile(
    r"(?:注|注释|说明|备注|资料来源|数据来源|名词解释|附表|附件|(?:免责|版权)?声明|风险提示)"
    r"\s*(?:\d{1,2}\s*[-－—~～至、,，]\s*)?\d{0,2}\s*(?:[：:].*)?"  # 附件2, 附件1-14
)
_SENTENCE_END = frozenset("。！？!?")
_CLAUSE = re.compile(r"[，,；;]")
_HEADING_FAMILIES = tuple(Family(f"h{n}") for n in range(1, 7))
_ALONE_ON_A_LINE = frozenset(
    {Family.BIAN, Family.ZHANG, Family.JIE, Family.TIAO, Family.TW, Family.CN, Family.CN_PAREN}
)
"""Markers that head their text from a line of their own: a node with an empty title."""
# Enum members are slow to look up by attribute; the per-block test uses these.
_HEADING, _PARAGRAPH, _LIST_ITEM = BlockKind.HEADING, BlockKind.PARAGRAPH, BlockKind.LIST_ITEM
_NUM = Family.NUM
#: Marker families whose rank is their own, whatever tag they sit in.
_LADDERS = frozenset(f for f, (group, _) in RANKED.items() if group in ("law", "decimal"))


_tuple_new = tuple.__new__


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
        long: A list item whose first sentence is too long for a title, or
            an article whose number is glued to its text; it stays only when
            it continues its family's sequence (rule 10).
    """

    block: int
    family: Family
    marker: str
    title: str
    end: int
    value: int | None = None
    parts: tuple[int, ...] = ()
    pure: bool = True
    long: bool = False


@dataclass(frozen=True, slots=True)
class _Context:
    """Facts about the whole document that single-block rules need."""

    blocks: Sequence[Block]
    title: str
    book_titles: frozenset[str]
    lead_counts: Counter[str]
    skipped: frozenset[int]
    start: int
    chrome: int

    @property
    def transcript(self) -> bool:
        """A bold lead-in repeats: speaker labels (an interview), not headings.

        A repeated end-matter label (``免责声明：`` twice in a page's tail) is
        no speaker, so it does not make the document a transcript.
        """
        return any(n > 1 and not _is_end_label(lead) for lead, n in self.lead_counts.items())

    @classmethod
    def scan(cls, blocks: Sequence[Block], title: str) -> _Context:
        books: set[str] = set()
        leads: Counter[str] = Counter()
        by_depth: Counter[int] = Counter()
        for block in blocks:
            if "《" in block.text:
                books.update(comparable(m) for m in _BOOK_TITLE.findall(block.text))
            if block.bold_lead:
                leads[comparable(block.bold_lead)] += 1
            if block.bold and (label := turn_label(block.text)):
                leads[comparable(label)] += 1  # a speaker's turn set bold (rule 3)
            by_depth[block.chrome] += len(block.text)
        key = comparable(article_title(title))
        start, depth = article_start(blocks, key, comparable(title))
        if not start:
            depth = _article_depth(by_depth)
        skipped = front_blocks(blocks, key, depth)
        return cls(blocks, key, frozenset(books), leads, skipped, start, depth)


def _article_depth(by_depth: Counter[int]) -> int:
    """The least chrome depth at or above which most of the text sits."""
    total = sum(by_depth.values())
    held = 0
    for depth in sorted(by_depth):
        held += by_depth[depth]
        if held >= total * CHROME_SHARE:
            return depth
    return 0


def find_candidates(blocks: Sequence[Block], title: str = "") -> list[Candidate]:
    """Every block that opens a heading, in document order, contents dropped.

    Args:
        blocks: The document's blocks.
        title: The post's title (a body line repeating it is no heading).

    Returns:
        The candidates; their nesting is decided by the caller.
    """
    context = _Context.scan(blocks, title)
    # No heading before the article, in its title block or notice wrapper, or in page chrome.
    skipped, chrome = context.skipped, context.chrome
    found: list[Candidate] = []
    keep, readers = found.append, MARKER_READERS
    for i in range(context.start, len(blocks)):
        if i in skipped or (b := blocks[i]).chrome > chrome:
            continue
        # _candidate's commonest case, written out: a numbered paragraph, its marker read once.
        kind = b.kind
        if kind is _PARAGRAPH or kind is _LIST_ITEM:
            text = b.text
            # match_marker, its dispatch on the first character written out (a space first is rare)
            reader = readers.get(text[:1])
            marker = reader(text, 0) if reader is not None else None
            if marker is None and text[:1] in SPACE:
                marker = match_marker(text)
            c = _numbered(i, text, marker) if marker is not None else _unnumbered(i, b, context)
        else:
            c = _explicit(i, b, context) if kind is _HEADING else None
        if c is not None and (c.marker or _has_word(c.title)):
            keep(c)
    found = _keep_long_items_in_sequence(
        drop_contents(_drop_attachment_lines(found, blocks), blocks)
    )
    ranked = _rank_by_paragraphs(found, blocks)
    titled = any(blocks[i].kind is _HEADING for i in context.skipped if i < len(blocks))
    return _mark_end_matter(ranked if titled else _drop_lone_top_heading(ranked))


def _has_word(title: str) -> bool:
    """Whether a title holds a letter, a figure or a CJK character (``“`` alone is no title)."""
    return any(char.isalnum() for char in title)


def _candidate(index: int, block: Block, context: _Context) -> Candidate | None:
    """The heading ``block`` opens, if any (:func:`find_candidates` writes its first steps out)."""
    kind = block.kind
    if kind is _HEADING:
        return _explicit(index, block, context)
    if kind is not _PARAGRAPH and kind is not _LIST_ITEM:
        return None  # tables, quotes, code, images are never headings
    marker = match_marker(block.text)
    if marker is not None:
        return _numbered(index, block.text, marker)
    return _unnumbered(index, block, context)


def _unnumbered(index: int, block: Block, context: _Context) -> Candidate | None:
    """A paragraph or list item that opens with no marker: bold, a glued article, an item."""
    if block.kind is _PARAGRAPH:
        if block.bold or block.bold_lead:  # else no bold heading: the commonest paragraph
            found = _bold(index, block, context)
            if found is not None:
                return found
        return _glued_article(index, block.text)
    if block.marker[:1].isdecimal():
        return _ordered_item(index, block)
    return None


def _ordered_item(index: int, block: Block) -> Candidate | None:
    """An ordered list's item is a ``1.`` paragraph: its number is the list's (rule 1).

    A Markdown plan writes ``1. 本区……`` and the renderer turns it into a list;
    the number the list gives the item is the one the source wrote.
    """
    prefix = f"{block.marker} "
    marker = match_marker(prefix + block.text)
    if marker is None or marker.family is not Family.NUM or marker.end != len(prefix):
        return None
    found = _numbered(index, prefix + block.text, marker)
    if found is None:
        return None
    return found._replace(end=max(found.end - len(prefix), 0))


def _glued_article(index: int, text: str) -> Candidate | None:
    """``第十六条向……`` (no space after the number): an article if it continues the sequence."""
    marker = match_glued_article(text)
    if marker is None:
        return None
    found = _numbered(index, text, marker)
    return None if found is None else found._replace(long=True)


def _numbered(index: int, text: str, marker: Marker) -> Candidate | None:
    family, written, _at, start, value, parts = marker
    title, end = cut_title(text, start)
    if not title and not (family in _ALONE_ON_A_LINE and not text[start:].strip()):
        return None  # a law's 第一條, a feature's (一), may stand alone on its line, its text below
    if "." in title and names_a_file(title):
        return None
    long = len(title) > LONG_TITLE and family not in STRUCTURAL
    if long and value is None:
        return None
    if value is not None and has_inline_sequel(text, marker):  # a dash has no sequel
        return None
    visible = text.rstrip()
    if visible[-1:].isdecimal() and ends_with_page_number(text[start:]):
        return None
    pure = end >= len(visible)
    # One candidate per numbered block: made as the tuple it is, without NamedTuple's __new__.
    return _tuple_new(Candidate, (index, family, written, title, end, value, parts, pure, long))


def _explicit(index: int, block: Block, context: _Context) -> Candidate | None:
    """An ``<hN>`` or Markdown heading: the whole text is the heading.

    Its title is cut by rule 2 like any other. A law's or a decimal ladder's
    marker (``第一节``, ``2.1``) outranks the tag: a Markdown law sets its
    chapters and sections alike as ``<h2>``, the ladder tells them apart.
    """
    text = block.text
    marker = match_marker(text)
    start = 0 if marker is None else marker.end
    title = cut_title(text, start)[0]
    if not title or (marker is None and _is_furniture(index, text, context)):
        return None
    if marker is not None and marker.family in _LADDERS:
        return Candidate(
            index, marker.family, marker.text, title, len(text), marker.value, marker.parts
        )
    family = _HEADING_FAMILIES[min(max(block.level, 1), 6) - 1]
    marker_text = "" if marker is None else marker.text
    return Candidate(index, family, marker_text, title, len(text))


def _bold(index: int, block: Block, context: _Context) -> Candidate | None:
    """A short all-bold paragraph, or a short bold lead-in ending in ``：``/``。``."""
    text = block.text
    lead_family = None if block.bold else _lead_in_family(block.bold_lead, context)
    family = Family.BOLD if lead_family is None else lead_family
    if block.bold:
        heading, end = text.strip(), len(text)
        label = turn_label(heading)
        if label and context.lead_counts[comparable(label)] > 1 and not _is_end_label(label):
            return None  # a speaker's turn set bold, its label asked again and again
    elif lead_family is not None:
        lead = block.bold_lead.strip()
        offset = text.find(lead)
        if offset < 0 or not text[offset + len(lead) :].strip():
            return None
        heading, end = lead, offset + len(lead)
    else:
        return None
    title = cut_title(heading, 0)[0]
    if not title or len(title) > BOLD_MAX or len(heading) > BOLD_WHOLE_MAX:
        return None
    if _is_furniture(index, heading, context):
        return None
    if (
        starts_with_figure(heading)
        or starts_with_enumeration(heading)
        or starts_with_label(heading)
    ):
        return None
    if block.bold and heading[-1] in _SENTENCE_END and _CLAUSE.search(heading):
        return None  # a whole bold sentence of several clauses is emphasis
    return Candidate(index, family, "", title, end, pure=end >= len(text.rstrip()))


def turn_label(text: str) -> str:
    """``某某：`` of a paragraph ``某某：more text`` (a speaker's turn, if it repeats), else ``""``.

    The label is at most :data:`TURN_LABEL_MAX` characters before the first
    ``：``/``:`` (a clock time's colon does not count), and text must follow it.
    """
    for index, char in enumerate(text[: TURN_LABEL_MAX + 1]):
        if char in "：:" and not (0 < index < len(text) - 1 and text[index + 1].isdigit()):
            label = text[: index + 1]
            return label if label[:-1].strip() and text[index + 1 :].strip() else ""
    return ""


def _lead_in_family(lead: str, context: _Context) -> Family | None:
    """Whether a bold lead-in opens a heading: ``BOLD``, ``END`` (end matter only) or not at all.

    A repeated lead, or a short one in a transcript, is a label (a speaker),
    so it is refused, unless it is an end-matter label (``免责声明：``), which
    a page may repeat: that one stays a tentative ``END`` candidate, kept only
    after the last top-level section (rule 9).
    """
    lead = lead.strip()
    if not lead or not lead.endswith(("：", ":", "。")) or is_label(lead):
        return None
    repeated = context.lead_counts[comparable(lead)] > 1
    speaker = context.transcript and lead[-1] in "：:" and len(lead) <= SPEAKER_MAX
    if not (repeated or speaker):
        return Family.BOLD
    return Family.END if _is_end_label(lead) else None


def _is_end_label(lead: str) -> bool:
    """``免责声明：``, ``注：``, ``附件2：``: an end-matter label (rule 9)."""
    return _END_MATTER.fullmatch(cut_title(lead, 0)[0]) is not None


def _is_furniture(index: int, text: str, context: _Context) -> bool:
    """The document's own title, furniture, chrome, a signature, or the contents title."""
    key = comparable(text)
    if key == context.title or key in context.book_titles:
        return True
    if is_furniture(text) or is_contents_title(text) or is_chrome_text(text):
        return True
    if is_caption(text):  # not furniture: the front matter is not read past it (a photo's)
        return True
    following = context.blocks[index + 1].text if index + 1 < len(context.blocks) else ""
    if is_date_line(following):  # a signature above the date line
        return True
    lines = text.strip().splitlines()  # a signature and its date in one block (a line break)
    return len(lines) > 1 and is_date_line(lines[-1])


def _keep_long_items_in_sequence(found: list[Candidate]) -> list[Candidate]:
    """Keep a tentative heading only when it continues its family's sequence (rule 10).

    ``（2）`` right after ``（1）`` (or ``（1）`` right before ``（2）``) is an item
    of a list however long its first sentence; ``第十六条向……`` right after
    ``第十五条`` is an article though its number is glued to the text; a lone
    one is body text.
    """
    if not any(c.long for c in found):
        return found
    following: list[Candidate | None] = [None] * len(found)
    upcoming: dict[Family, Candidate] = {}
    for index in range(len(found) - 1, -1, -1):
        following[index] = upcoming.get(found[index].family)
        upcoming[found[index].family] = found[index]
    kept: list[Candidate] = []
    previous: dict[Family, Candidate] = {}
    for index, candidate in enumerate(found):
        before, after = previous.get(candidate.family), following[index]
        previous[candidate.family] = candidate
        if candidate.long and not (_follows(before, candidate) or _follows(candidate, after)):
            continue
        kept.append(candidate)
    return kept


def _follows(first: Candidate | None, second: Candidate | None) -> bool:
    if first is None or second is None or first.value is None or second.value is None:
        return False
    return second.value == first.value + 1


def _drop_attachment_lines(found: list[Candidate], blocks: Sequence[Block]) -> list[Candidate]:
    """The lines of a list of attachments after its first are no headings (rule 9).

    ``附件：1.重点任务清单`` then ``2.责任分工表``: the second line goes on
    with the list's numbering, each item a block of its own.
    """
    dropped: set[int] = set()
    for index, candidate in enumerate(found):
        block = candidate.block
        if candidate.family is not _NUM or not block or "附" not in blocks[block - 1].text[:16]:
            continue  # nearly every candidate: no attachment label just before it
        if (opened := ATTACHMENT_LIST.match(blocks[block - 1].text)) is not None:
            expected, at = int(opened.group(1)) + 1, index
            while at < len(found) and _numbered_next(found[at], block + at - index, expected):
                dropped.add(at)
                expected, at = expected + 1, at + 1
    return [c for at, c in enumerate(found) if at not in dropped] if dropped else found


def _numbered_next(candidate: Candidate, block: int, value: int) -> bool:
    """Whether ``candidate`` is the ``value``-th ``1.`` item, at ``block``."""
    return candidate.block == block and candidate.family is _NUM and candidate.value == value


def _rank_by_paragraphs(found: list[Candidate], blocks: Sequence[Block]) -> list[Candidate]:
    """A heading whose numbering runs on with paragraphs ranks by the marker's family.

    ``# 一、总体要求`` then the paragraph ``二、主要任务``: a converter set only
    the first as a heading, and ranked by its tag it would hold the second.
    The next marked block of that family must continue the heading's number,
    so ``## 一、`` over paragraphs ``一、`` ``二、`` of its own keeps its tag.
    Backwards too: paragraphs ``一、`` ``二、`` ``三、`` then ``<h3>四、附则</h3>``
    puts 四、 beside 三、, when no heading of that family came before it (one
    that did, ``## 一、`` over a paragraph ``一、`` of its own, numbers its own
    sequence).
    """
    marked = [(at, c) for at, c in enumerate(found) if c.marker and c.family in _HEADING_FAMILIES]
    if not marked:
        return found  # the common case: no numbered <hN>
    positions: dict[Family, list[int]] = {}
    for at, c in enumerate(found):
        positions.setdefault(c.family, []).append(at)
    ranked = list(found)
    headed: set[Family] = set()  # families a heading has carried so far
    for at, c in marked:
        marker = match_marker(blocks[c.block].text)
        if marker is None or marker.value is None:
            continue
        same = positions.get(marker.family, [])
        after = bisect_right(same, at)
        goes_on = after < len(same) and _paragraph_numbered(
            found[same[after]], marker.value + 1, blocks
        )
        runs_on = (
            marker.family not in headed
            and after > 0
            and _paragraph_numbered(found[same[after - 1]], marker.value - 1, blocks)
        )
        headed.add(marker.family)
        if goes_on or runs_on:
            ranked[at] = c._replace(family=marker.family, value=marker.value, parts=marker.parts)
    return ranked


def _paragraph_numbered(other: Candidate, value: int, blocks: Sequence[Block]) -> bool:
    """Whether ``other``, a block of the heading's family, is a paragraph numbered ``value``."""
    return other.value == value and blocks[other.block].kind is not _HEADING


def _drop_lone_top_heading(found: list[Candidate]) -> list[Candidate]:
    """A body whose shallowest heading rank occurs once, at the top, starts with its title.

    Not asked when the title was found already, a heading the front matter
    skipped (``# 某某 2031-07-01`` repeating the post title, then
    ``## 主要内容`` over the list: a section, not a second title).

    Dropping it lifts the rest (the tree counts levels from the shallowest
    rank present), so the title does not become the root of every heading.
    A title starts with no marker (rule 5): ``# 一、总体要求`` is the first section.
    """
    if len(found) < 2 or found[0].family not in _HEADING_FAMILIES or found[0].marker:
        return found
    ranks = [RANKED[c.family][1] for c in found if c.family in _HEADING_FAMILIES]
    top = min(ranks)
    if RANKED[found[0].family][1] == top and ranks.count(top) == 1:
        return found[1:]
    return found


def _mark_end_matter(found: list[Candidate]) -> list[Candidate]:
    """An unnumbered bold label after the last top-level section is end matter (rule 9).

    ``注``, ``附件``, ``资料来源``… close every open section and sit at level 1;
    the same label before the last top-level section is an ordinary bold heading,
    and a tentative ``END`` (a repeated end label, :func:`_lead_in_family`)
    before it is none.
    """
    top = next((c.family for c in found if c.family not in (Family.DASH, Family.END)), None)
    last_top = max((i for i, c in enumerate(found) if c.family is top), default=len(found))
    marked = [c for c in found[: last_top + 1] if c.family is not Family.END]
    for candidate in found[last_top + 1 :]:
        if candidate.family is Family.BOLD and _END_MATTER.fullmatch(candidate.title):
            candidate = candidate._replace(family=Family.END)
        marked.append(candidate)
    return marked
