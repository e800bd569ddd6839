"""The blocks before a document's body: title block, masthead, notice wrapper (rule 5).

A policy text opens with its own title, set bold, centred or as a heading,
often followed by an issuing number and an addressee; a notice that issues a
document wraps it in a cover letter, a signature and a date line, and then
repeats the attached document's title. None of these is a heading, and the
title must never become the root that pushes the real headings one level
down. This module finds them, in one pass over the first blocks, as the set
of block indices the outline skips (docs/OUTLINE.md rule 5).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from newsreader.core.document.model import Block, BlockKind
from newsreader.core.outline.filters import (
    ATTACHMENT_LIST,
    is_addressee,
    is_date_line,
    is_furniture,
    is_issuing_number,
)
from newsreader.core.outline.markers import Family, match_marker
from newsreader.core.outline.titles import comparable, without_link_marks

#: A title block spans at most this many blocks (a title broken over lines).
TITLE_LINES = 4
#: A title line is at most this long; longer emphasised text is a paragraph.
TITLE_MAX = 80
#: The cover letter of a notice ends within this many blocks of its start.
COVER_LETTER_MAX = 40
#: The post title and a title block share at least this many characters.
SHARED_MIN = 4
#: A heading that opens the whole post title is the article's title from this length.
PREFIX_MIN = 6

_DOCUMENT_KIND = re.compile(
    r"(?:通知|意见|方案|规划|纲要|办法|规定|条例|决定|函|令|决议|公报|预案|规则|细则|指引|指南"
    r"|章程|守则|报告|公告|通告|批复|通报|计划|要点)(?:[（(][^（()）]{1,12}[）)])?$"
)
# Titles of notices that wrap another document.
_WRAPPER = re.compile(r"(?:通知|通告|公告|函|批复|决定|令)$|印发|转发|公布|发布")
_ATTACHMENT_LABEL = re.compile(r"附件\s*\d{0,2}\s*[：:]?")
_SKIPPED_KINDS = frozenset({BlockKind.IMAGE, BlockKind.RULE})
# A saved page's title names the site after the article: ``标题 - 某某网 - 栏目``.
_SITE_SUFFIX = re.compile(r"\s+[-|_｜–—]\s+|[|｜_]")


def article_title(title: str) -> str:
    """The post title without the site and section names a saved page appends.

    Args:
        title: The post title as the front matter gives it.

    Returns:
        The part before the first `` - ``, ``|`` or ``_`` separator (the whole
        title when there is none, or when nothing is left before it).
    """
    head = _SITE_SUFFIX.split(title, maxsplit=1)[0].strip()
    return head if len(head) >= SHARED_MIN else title


def front_blocks(blocks: Sequence[Block], title: str, chrome: int = 0) -> frozenset[int]:
    """The indices of the title block, masthead and notice wrapper: never headings.

    Args:
        blocks: The document's blocks.
        title: The post title, already through :func:`comparable`.
        chrome: The article's chrome depth: deeper blocks are page chrome.

    Returns:
        Block indices the outline must skip (empty when the document opens
        with its body).
    """
    skipped: set[int] = set()
    start = _skip_furniture(blocks, 0, chrome)
    run = _title_part(blocks, _title_run(blocks, start), title)
    if run:
        skipped.update(run)
        start = run[-1] + 1
    wrapper_title = comparable("".join(blocks[i].text for i in run)) if run else ""
    if _wraps_a_document(wrapper_title, title):
        skipped.update(_notice_wrapper(blocks, start))
    return frozenset(skipped)


def article_start(blocks: Sequence[Block], title: str, full_title: str = "") -> tuple[int, int]:
    """Where the article begins: after the first heading that repeats the post title.

    A saved page shows site names and menus before the article; the heading
    that repeats the post title (or opens the full post title, which then
    goes on with the site's names) is where the article starts (rule 7).

    Args:
        blocks: The document's blocks.
        title: The post title without site names, through :func:`comparable`.
        full_title: The whole post title, through :func:`comparable`.

    Returns:
        The index of the first block after that heading and the heading's
        chrome depth (the article's), or ``(0, 0)`` when no heading repeats
        the title.
    """
    if len(title) < SHARED_MIN:
        return 0, 0
    for index, block in enumerate(blocks):
        if not _is_display(block):  # the cheap test first: most blocks are body text
            continue
        if _repeats_title(comparable(without_link_marks(block.text)), title, full_title):
            return index + 1, block.chrome
    return 0, 0


def _repeats_title(key: str, title: str, full_title: str) -> bool:
    if key == title:
        return True
    return len(key) >= PREFIX_MIN and full_title.startswith(key) and len(key) < len(full_title)


def _skip_furniture(blocks: Sequence[Block], start: int, chrome: int) -> int:
    """The first block from ``start`` that is not blank, an image, chrome or furniture."""
    index = start
    while index < len(blocks) and _is_filler(blocks[index], chrome):
        index += 1
    return index


def _is_filler(block: Block, chrome: int) -> bool:
    text = block.text.strip()
    return (
        not text or block.kind in _SKIPPED_KINDS or block.chrome > chrome or is_furniture(text)
    ) and not _is_display_title(block)


def _is_display_title(block: Block) -> bool:
    return _is_display(block) and _DOCUMENT_KIND.search(comparable(block.text)) is not None


def _title_run(blocks: Sequence[Block], start: int) -> list[int]:
    """The leading run of emphasised, unnumbered lines that may be a title."""
    run: list[int] = []
    index = start
    while index < len(blocks) and len(run) < TITLE_LINES:
        block = blocks[index]
        if not block.text.strip():
            index += 1
            continue
        if not _is_title_line(block) or (run and not _same_style(blocks[run[0]], block)):
            break
        run.append(index)
        index += 1
    return run


def _same_style(first: Block, other: Block) -> bool:
    """Lines of one title share their kind (and heading level)."""
    return first.kind is other.kind and first.level == other.level


def _is_title_line(block: Block) -> bool:
    text = block.text.strip()
    return (
        _is_display(block)
        and len(text) <= TITLE_MAX
        and not text.endswith(("：", ":"))
        and match_marker(text) is None
        and not is_furniture(text)
    )


def _is_display(block: Block) -> bool:
    """Set apart from body text: a heading, bold as a whole, or centred."""
    if block.kind is BlockKind.HEADING:
        return True
    return block.kind is BlockKind.PARAGRAPH and (block.bold or block.centred)


def _title_part(blocks: Sequence[Block], run: list[int], title: str) -> list[int]:
    """The lines of ``run`` that are the document's title (rule 5's three tests), or none.

    The longest opening lines that name a document kind or lie within the post
    title; else the shortest that contain the post title; else the whole run
    when an issuing number or an addressee follows it.
    """
    joined = ""
    within: list[int] = []
    containing: list[int] = []
    for count, index in enumerate(run, 1):
        joined += comparable(blocks[index].text)
        if _DOCUMENT_KIND.search(joined) or (title and _within(joined, title)):
            within = run[:count]
        elif title and not containing and len(title) >= SHARED_MIN and title in joined:
            containing = run[:count]
    if within or containing:
        return within or containing
    following = _skip_blank(blocks, run[-1] + 1) if run else len(blocks)
    if following < len(blocks):
        text = blocks[following].text.strip()
        if is_issuing_number(text) or is_addressee(text):
            return run
    return []


def _within(joined: str, title: str) -> bool:
    return joined == title or (len(joined) >= SHARED_MIN and joined in title)


def _skip_blank(blocks: Sequence[Block], start: int) -> int:
    index = start
    while index < len(blocks) and not blocks[index].text.strip():
        index += 1
    return index


def _wraps_a_document(run_title: str, title: str) -> bool:
    """A notice that issues, forwards or publishes a document."""
    return any(_WRAPPER.search(text) for text in (run_title, title) if text)


def _notice_wrapper(blocks: Sequence[Block], start: int) -> list[int]:
    """The cover letter up to its date line, and the attached document's title.

    Nothing is skipped when no date line (or publication note) closes a
    cover letter of plain text within :data:`COVER_LETTER_MAX` blocks,
    before any numbered paragraph.
    """
    end = _cover_letter_end(blocks, start)
    if end < 0:
        return []
    skipped = list(range(start, end + 1))
    index = end + 1
    while index < len(blocks) and _is_after_date(blocks[index]):
        skipped.append(index)
        index += 1
    attached = _title_run(blocks, index)
    if attached and len(attached) < TITLE_LINES:
        skipped.extend(attached)
    return skipped


def _cover_letter_end(blocks: Sequence[Block], start: int) -> int:
    """The index of the date line that closes the cover letter, or -1.

    The lines of the letter's list of attachments (``附件：1.某某报告``, then
    ``2.某某意见``) are the letter's, not numbered items of its own (rule 9).
    """
    letter, listed = False, 0  # listed: the number the attachment list goes on with
    for index in range(start, min(len(blocks), start + COVER_LETTER_MAX)):
        text = blocks[index].text.strip()
        if not text:
            continue
        if is_date_line(text) or _is_publication_note(text):
            return index if letter else -1
        if (opened := ATTACHMENT_LIST.match(text)) is not None:
            listed = int(opened.group(1)) + 1
            continue
        marker = match_marker(text)
        if listed and marker is not None and (marker.family, marker.value) == (Family.NUM, listed):
            listed += 1
            continue
        listed = 0
        if marker is not None or blocks[index].marker[:1].isdecimal():
            return -1  # numbered items: the notice's own body, no cover letter
        if not _is_display(blocks[index]):
            letter = True
    return -1


def _is_after_date(block: Block) -> bool:
    """What may sit between the date line and the attached title."""
    text = block.text.strip()
    return (
        not text
        or block.kind in _SKIPPED_KINDS
        or is_date_line(text)
        or _is_publication_note(text)
        or _ATTACHMENT_LABEL.fullmatch(text) is not None
        or (is_furniture(text) and not _is_display_title(block))
    )


def _is_publication_note(text: str) -> bool:
    """``（此件公开发布）`` and its kin, closing a cover letter."""
    return text[:1] in "（(" and "此件" in text[:4] and len(text) <= 30
