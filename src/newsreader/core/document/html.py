"""HTML body -> blocks, in one pass over the HTML parser's events.

Why lxml's parser-target (SAX) interface and not BeautifulSoup, the style
guide's first choice: measured on a 5 MB body, bs4 needs ~2.1 s just to
build its tree (the budget is 1 s), and lxml's own tree builder silently drops
everything nested deeper than 256 levels (2048 with ``huge_tree``). With a
target, libxml2 calls back ``start``/``end``/``data`` and builds no tree, so
there is no depth limit; the events are balanced (libxml2 closes implied and
stray tags itself), so an explicit stack of closers replaces recursion and the
walk is linear in the body's size. libxml2 also decodes every entity.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import partial

from lxml import etree  # type: ignore[import-untyped]  # no stubs in the venv

from newsreader.core.document.inline import InlineText, LinkTable, one_line, usable_href
from newsreader.core.document.layout_tables import layout_tables
from newsreader.core.document.model import BLOCK_TWIN as _BLOCK_TWIN
from newsreader.core.document.model import Block, BlockKind, new_block
from newsreader.core.document.table import CellBudget, Cut, TableText
from newsreader.core.outline.markers import match_marker
from newsreader.core.text.safe import UNSAFE, clean, clean_line

# Content never shown to a reader.
_SKIPPED = frozenset({"script", "style", "noscript", "iframe", "template", "title", "object"})
# Containers: loose text in them becomes paragraphs, split on blank lines / <br><br>.
_CONTAINERS = frozenset(
    {"html", "head", "body", "div", "section", "article", "main", "header", "footer",
     "aside", "nav", "center", "figure", "form", "fieldset", "details", "dl", "address",
     "hgroup"}
)  # fmt: skip
# Paragraph-like blocks: one block each, of the kind their container gives. A drop-down's
# choices too (a page's list of related sites): glued, their names made one word.
_PARAGRAPHS = frozenset(
    {"p", "dt", "dd", "figcaption", "summary", "legend", "caption", "option", "optgroup"}
)
_HEADINGS = frozenset(f"h{n}" for n in range(1, 7))
# Block-level tags inside a table cell: they separate words with a space.
# (In a nested table its cells and rows do too.)
_CELL_BREAKS = (
    _PARAGRAPHS | _CONTAINERS | _HEADINGS
    | {"br", "ul", "ol", "li", "blockquote", "pre", "tr", "td", "th"}
)  # fmt: skip
# Blocks whose text can carry a [n] reference for a link wrapping them.
_LINKABLE = frozenset(
    {BlockKind.PARAGRAPH, BlockKind.HEADING, BlockKind.LIST_ITEM, BlockKind.QUOTE}
)
_BOLD_TAGS = frozenset({"b", "strong"})
# Bold faces: Chinese documents set headings in a heavy face, not in bold.
_BOLD_FACE = r"黑体|黑體|simhei|小标宋|小標宋"
_BOLD_STYLE = re.compile(
    rf"font-weight\s*:\s*(?:bold|bolder|[6-9]00)|font-family\s*:[^;]*(?:{_BOLD_FACE})",
    re.IGNORECASE,
)
_BOLD_FONT = re.compile(_BOLD_FACE, re.IGNORECASE)  # <font face="黑体">
_CENTRED_STYLE = re.compile(r"text-align\s*:\s*center", re.IGNORECASE)
_CENTRED_TAGS = _PARAGRAPHS | _CONTAINERS | _HEADINGS
# Page chrome (docs/OUTLINE.md rule 7): elements whose blocks are never headings.
_CHROME_TAGS = frozenset({"header", "nav", "footer", "aside"})
# A <header> inside these heads its section, it is not the page's header.
_SECTIONING = frozenset({"article", "section", "main"})
# What makes an element one that :meth:`BodyBuilder._note_element` must see: its tag, or
# one of these attributes (cmark's ``data-sourcepos`` on every element is not one).
_NOTED_TAGS = _CHROME_TAGS | _SECTIONING | {"center"}
_NOTED_ATTRIBUTES = frozenset({"class", "id", "align", "style"})
_CHROME_NAME = re.compile(
    r"logo|(?<!u)nav|crumb|position|location|menu|share|comment|related|sidebar|widget|footer"
    r"|copyright|toolbar|friend|rank|recommend|links",
    re.IGNORECASE,
)
_BLANK_LINE = re.compile(r"\n\s*\n")
MAX_NESTING = 12
"""Deepest list or quote level a block keeps: deeper ones show at this level.

Each level indents every line of its text; 20,000 nested lists (a 380 KB
post) made 400 MB of ``--export --no-wrap`` and a reader that never settled,
each line indented further and wrapped a character at a time. Nothing is
lost: the text stays, at the deepest indent shown."""
# A numbered source line this short, with no sentence punctuation, is a heading line.
_BARE_LINE_MAX = 30
_SENTENCE_PUNCT = re.compile(r"[，,。；;：:！!？?]")
# A line's opening is read this far to tell whether a marker opens it.
_LINE_HEAD = 24
_LINE_SPACE = " \t\n\r\f\v\u3000\xa0\x00"
_MARKUP_SPACE = " \t\n"  # what markup is indented with; textsafe.clean keeps each as it is
# What a marker's first characters may be while it is still incomplete: "(", "(一", "第十".
_MARKER_PREFIX = re.compile(
    r"[(（]?\s*[一二三四五六七八九十百零〇壹貳贰參叁肆伍陸陆柒捌玖拾\d]*\s*[)）]?|第.{0,6}"
)
_NUMBERING = re.compile(r"[\s\d.、．)）(（\[\]]*")
_NUMBERING_PUNCT = ".、．)）(（[]"  # a string: a set would hash each new CJK character
_LINE_START = re.compile(r"\n[ \t\u3000\xa0]*(?=[^\s])")
_Closer = Callable[[], None]
_unsafe = UNSAFE.search
# Enum members are slow to look up by attribute; the hot paths use these.
_CODE_KIND = BlockKind.CODE
_HEADING_KIND = BlockKind.HEADING
_LIST_ITEM_KIND = BlockKind.LIST_ITEM
_QUOTE_KIND = BlockKind.QUOTE
_NO_SHIFT = 1 << 62  # sorts after any shift at the same line


@dataclass(slots=True)
class _Frame:
    """An open block-level element: what kind of block its text makes.

    ``owner`` is the list item whose marker the frame's first block takes
    (a ``<p>`` inside an ``<li>`` shares the item's marker), ``loose`` tells
    whether text here is split into paragraphs on blank lines / ``<br><br>``.
    """

    kind: BlockKind
    level: int = 0
    marker: str = ""
    loose: bool = False
    owner: _Frame | None = None
    # The frame of a plain ``<p>`` directly inside this one, made once: a frame with no
    # marker and no owner never changes (a flush only empties a marker), so one can serve
    # every paragraph of a container.
    paragraph: _Frame | None = None


@dataclass(slots=True)
class _List:
    """An open ``<ul>``/``<ol>``: the number its next item takes."""

    ordered: bool
    next: int = 1


@dataclass(slots=True)
class _Anchor:
    """An open ``<a>``: its usable URL (``""`` if none) and the text seen so far."""

    url: str
    parts: list[str]


@dataclass(slots=True)
class _SourceLines:
    """Which Markdown source line the text being read is on, from cmark's ``data-sourcepos``.

    Each element carrying a position sets the line to its start; the text
    inside then moves it on by its newlines (cmark keeps a paragraph's soft
    breaks and a ``<br />``'s line end as newlines), so a block split off a
    paragraph at a marker line gets that line. Text after a nested element
    is counted from the line the outer element had reached before it, which
    may be short of the truth; nothing cmark makes has such text in a block
    that could be a heading.
    """

    shifts: Sequence[tuple[int, int]] = ()  # cmark's lines -> the body's, after cut tables
    line: int | None = None
    block_line: int | None = None  # where the block being built starts
    saved: list[tuple[int, int | None]] = field(default_factory=list)  # (depth, line) per element

    def enter(self, depth: int, position: str) -> None:
        """An element at ``depth`` opens at ``position`` (``"L:C-L:C"``)."""
        self.saved.append((depth, self.line))
        head = position.partition(":")[0]
        if not self.shifts and head.isdigit() and head.isascii():  # cmark's own, no table cut
            self.line = int(head) or None
        else:
            self.line = self.position_line(position)

    def leave(self, depth: int) -> None:
        """The element at ``depth`` closed: back to the line its parent had reached."""
        if self.saved and self.saved[-1][0] == depth:
            self.line = self.saved.pop()[1]

    def advance(self, text: str) -> None:
        """Read ``text``: a block not yet placed starts at its first visible character."""
        if self.line is None:
            return
        if self.block_line is None and text and not text.isspace():
            self.block_line = self.line + text.count("\n", 0, len(text) - len(text.lstrip()))
        self.line += text.count("\n")

    def element_line(self, attrib: Mapping[str, str]) -> int | None:
        """An element's own start line (a table, an image), else the enclosing one's."""
        position = attrib.get("data-sourcepos")
        return self.position_line(position) if position else self.line

    def position_line(self, position: str) -> int | None:
        """The body line a ``data-sourcepos`` value starts on, None when it is not one."""
        head = position.partition(":")[0]
        line = int(head) if head.isdigit() and head.isascii() else _int(head, 0)
        if line <= 0:
            return None
        if not self.shifts:
            return line
        at = bisect_right(self.shifts, (line, _NO_SHIFT)) - 1
        return line + self.shifts[at][1] if at >= 0 else line


class BodyBuilder:
    """lxml parser target that turns HTML events into blocks and links.

    Use through :func:`html_to_blocks`; the methods below are libxml2's callbacks.
    """

    def __init__(
        self,
        cuts: Mapping[int, Cut] | None = None,
        *,
        sourcepos: bool = False,
        shifts: Sequence[tuple[int, int]] = (),
        clean_text: bool = False,
        layout: frozenset[int] = frozenset(),
    ) -> None:
        self.blocks: list[Block] = []
        # The tables that lay out the page (numbered as met), read as blocks, not cells.
        self._layout = layout
        self._tables_met = 0
        self._check_text = not clean_text  # see html_to_blocks
        self._cuts = cuts or {}
        self._lines = _SourceLines(shifts) if sourcepos else None
        self.links = LinkTable()
        self.tables = CellBudget()
        self._frames: list[_Frame] = [_Frame(BlockKind.PARAGRAPH, loose=True)]
        self._closers: list[_Closer | None] = []
        self._lists: list[_List] = []
        self._anchors: list[_Anchor] = []
        self._text = InlineText()
        self._table: TableText | None = None
        self._table_line: int | None = None
        self._skip = 0
        self._bold = 0
        self._quotes = 0
        self._code = 0
        # Open chrome, centred and sectioning elements, by their closer's index.
        self._chrome_at: list[int] = []
        self._centred_at: list[int] = []
        self._sections_at: list[int] = []
        # Where a line may open with a marker (after a <br>, or a <b> in running
        # text), as an index into the block's pieces, until its first characters tell.
        self._line_start: int | None = None
        self._seen_text = False  # the block being built has visible text
        self._in_chrome = 0  # ... and how deep in chrome it began
        self._unlinked = False  # ... and some of it is not link text

    # -- libxml2 callbacks -------------------------------------------------

    def start(self, tag: str, attrib: Mapping[str, str]) -> None:
        """Open an element: push what must happen when it closes."""
        if self._skip or tag in _SKIPPED:
            self._skip += 1
            return
        if self._table is not None:
            closer = self._start_in_table(tag, attrib)
        elif self._code and tag != "br":
            closer = self._start_inline(tag, attrib)
        elif (opener := _OPENERS.get(tag)) is not None:
            closer = opener(self, attrib)
        else:
            closer = self._start_inline(tag, attrib)
        closers = self._closers
        closers.append(closer)
        if attrib:
            lines = self._lines
            if lines is not None and (position := attrib.get("data-sourcepos")) is not None:
                # _SourceLines.enter, written out: cmark puts a position on every element.
                lines.saved.append((len(closers) - 1, lines.line))
                head = position.partition(":")[0]
                if not lines.shifts and head.isdigit() and head.isascii():
                    lines.line = int(head) or None
                else:
                    lines.line = lines.position_line(position)
                if len(attrib) == 1:
                    if tag in _NOTED_TAGS:
                        self._note_element(tag, attrib)
                    return
            if tag in _NOTED_TAGS or not _NOTED_ATTRIBUTES.isdisjoint(attrib):
                self._note_element(tag, attrib)
        elif tag in _NOTED_TAGS:
            self._note_element(tag, attrib)

    def end(self, tag: str) -> None:
        """Close an element: run the closer its start pushed."""
        if self._skip:
            self._skip -= 1
            return
        closers = self._closers
        if closers and (closer := closers.pop()) is not None:
            closer()
        depth = len(closers)
        if self._chrome_at or self._centred_at or self._sections_at:
            for stack in (self._chrome_at, self._centred_at, self._sections_at):
                if stack and stack[-1] == depth:
                    stack.pop()
        lines = self._lines
        if lines is not None and (saved := lines.saved) and saved[-1][0] == depth:
            lines.line = saved.pop()[1]  # _SourceLines.leave, written out

    def data(self, text: str) -> None:
        """Take a run of text (entities already decoded)."""
        if self._skip:
            return
        if text and not text.strip(_MARKUP_SPACE):
            blank = True  # indentation between tags, half of all text: nothing in it to clean
        else:
            if self._check_text and _unsafe(text) is not None:  # clean's first test, no call
                text = clean(text)
            blank = text.isspace()
        if (
            blank
            and not self._text.pieces
            and self._table is None
            and not self._code
            and not self._anchors
        ):
            # Markup indentation between blocks, the commonest text of all: it only moves the line.
            lines = self._lines
            if lines is not None and lines.line is not None:
                lines.line += text.count("\n")
            return
        if not blank and "\n" not in text and self._table is None and not self._code:
            self._take_plain(text)  # a line of text in a paragraph: the commonest of all
        elif "\n" in text and self._table is None and not self._code and not blank:
            at, counted = (self._lines.line if self._lines is not None else None), 0
            for index, (start, line) in enumerate(_split_marker_lines(text)):
                if index:
                    self._flush()
                if self._lines is not None and at is not None:  # dropped newlines count too
                    at, counted = at + text.count("\n", counted, start), start
                    self._lines.line = at
                self._take(line)
            if self._lines is not None and at is not None:
                self._lines.line = at + text.count("\n", counted)
        else:
            self._take(text)

    def _take_plain(self, text: str) -> None:
        """:meth:`_take` for visible text with no newline outside tables and code, in fewer steps.

        The same decisions in the same order, only without those that cannot
        apply; ``tests/core/document`` check both paths give the same blocks.
        """
        if self._line_start is not None:
            self._split_before_marker(text)
        lines = self._lines
        if lines is not None and text and lines.block_line is None:
            lines.block_line = lines.line  # advance(text): a line of text places its block
        if not self._unlinked and text:  # _note_text, written out (the text is not blank)
            if not self._seen_text:
                self._seen_text, self._in_chrome = True, len(self._chrome_at)
            anchors = self._anchors
            if not (anchors and anchors[-1].url):
                last = text[-1]  # _is_numbering's first look, written out
                if not (last in _NUMBERING_PUNCT or last.isdecimal() or last.isspace()):
                    self._unlinked = True
                elif _NUMBERING.fullmatch(text) is None:
                    self._unlinked = True
        if self._anchors:
            self._anchors[-1].parts.append(text)
        self._text.add(text, self._bold > 0)  # no newline: no blank line to split at

    def _plain_context(self) -> bool:
        """Outside tables, code and links: where blank text between blocks adds nothing."""
        return self._table is None and not self._code and not self._anchors

    def _take(self, text: str) -> None:
        """Add a run of text to the block (or table cell) being built."""
        if self._line_start is not None and not text.isspace():
            self._split_before_marker(text)
        if self._lines is not None and self._table is None:
            self._lines.advance(text)
        if self._table is None and not self._unlinked:
            self._note_text(text)
        for anchor in self._anchors[-1:]:
            anchor.parts.append(text)
        if self._table is not None:
            self._table.add(text)
        elif self._code:
            self._text.add(text, None)
        elif self._text.is_empty() and text.isspace():
            return  # markup indentation between blocks: the common case, made cheap
        elif self._frames[-1].loose and "\n" in text:
            self._add_loose(text)
        else:
            self._text.add(text, self._bold > 0)

    def _note_text(self, text: str) -> None:
        """Whether the block began inside chrome, and whether it has unlinked text."""
        if text.isspace() or not text:
            return
        if not self._seen_text:
            self._seen_text, self._in_chrome = True, len(self._chrome_at)
        if not (self._anchors and self._anchors[-1].url) and not _is_numbering(text):
            self._unlinked = True  # a ranking's "1" before a link is no text of its own

    def comment(self, text: str) -> None:
        """Ignore comments (Liquid and converter notes live in them)."""

    def close(self) -> None:
        """End of input: emit whatever is still open."""
        self._flush()
        if self._table is not None:
            self._emit_table()

    # -- element starts ----------------------------------------------------

    def _note_element(self, tag: str, attrib: Mapping[str, str]) -> None:
        """Remember an element that makes its blocks chrome, centred, or a section."""
        depth = len(self._closers) - 1
        if tag in _SECTIONING:
            self._sections_at.append(depth)
        names = f"{attrib.get('class', '')} {attrib.get('id', '')}" if attrib else ""
        if (tag in _CHROME_TAGS and not (tag == "header" and self._sections_at)) or (
            names.strip() and _CHROME_NAME.search(names)
        ):
            self._chrome_at.append(depth)
        if tag in _CENTRED_TAGS and _is_centred(tag, attrib):
            self._centred_at.append(depth)

    def _open_paragraph(self, attrib: Mapping[str, str]) -> _Closer:
        """Open ``<p>`` and its kin: one block of the kind its container gives.

        :meth:`_open_frame` of :meth:`_child_frame`, written out: one ``<p>`` per
        paragraph makes this the commonest start of all.
        """
        if self._anchors or self._text.pieces:
            self._flush()
        parent = self._frames[-1]
        if parent.owner is None and not parent.marker:
            frame = parent.paragraph
            if frame is None:
                frame = parent.paragraph = _Frame(parent.kind, parent.level)
        else:
            owner = parent.owner or (parent if parent.marker else None)
            frame = _Frame(parent.kind, parent.level, "", False, owner)
        self._frames.append(frame)
        return self._close_frame

    def _open_container(self, attrib: Mapping[str, str]) -> _Closer:
        """Open ``<div>`` and its kin: loose text inside becomes paragraphs."""
        return self._open_frame(self._child_frame(loose=True))

    def _open_heading(self, attrib: Mapping[str, str], level: int) -> _Closer:
        """Open ``<h1>``-``<h6>``: a HEADING block of that level."""
        return self._open_frame(_Frame(_HEADING_KIND, level))

    def _start_inline(self, tag: str, attrib: Mapping[str, str]) -> _Closer | None:
        """Start an inline element: a link, bold, or nothing that matters."""
        if tag == "a":
            return self._open_anchor(attrib)
        style = attrib.get("style")
        if tag in _BOLD_TAGS or (style and _BOLD_STYLE.search(style)):
            return self._open_bold(attrib)
        if tag == "font" and _BOLD_FONT.search(attrib.get("face", "")):
            return self._open_bold(attrib)
        return None

    def _open_anchor(self, attrib: Mapping[str, str]) -> _Closer:
        """Open ``<a>``: its text is collected for the link table."""
        self._anchors.append(_Anchor(usable_href(attrib.get("href")), []))
        return self._close_anchor

    def _open_bold(self, attrib: Mapping[str, str]) -> _Closer:
        """Open ``<b>``/``<strong>`` (or a bold-styled element).

        Inside a container's loose text, bold that opens with a marker starts
        a block of its own (docs/OUTLINE.md rule 8): the first text inside
        decides.
        """
        if self._bold == 0 and self._table is None and not self._code:
            if self._frames[-1].loose and self._line_start is None and not self._text.is_blank():
                self._line_start = self._text.piece_count()
        self._bold += 1
        return self._close_bold

    def _split_before_marker(self, text: str) -> None:
        """End the block before a marker that opens a line (after ``<br>`` or in bold).

        A law or plan set as one paragraph with a line per article
        (``第一条……<br>第二条……``) is one block per article, so each one can be
        a heading. Word's HTML often splits the marker itself over several
        elements (``(</span><span>一</span>)``), so the line's first
        characters are gathered until they tell.
        """
        start = self._line_start
        assert start is not None
        head = (self._text.text_since(start, _LINE_HEAD) + text[:_LINE_HEAD]).lstrip(_LINE_SPACE)
        if match_marker(head) is not None:
            self._line_start = None
            if start > 0:
                tail = self._text.split_off(start)
                self._flush()
                self._text = tail
        elif len(head) >= _LINE_HEAD or not _MARKER_PREFIX.fullmatch(head):
            self._line_start = None  # the line has begun with text, not a marker

    def _start_in_table(self, tag: str, attrib: Mapping[str, str]) -> _Closer | None:
        """Start an element inside a table: cells and rows, or a cell separator."""
        table = self._table
        assert table is not None
        if tag == "table":
            self._tables_met += 1
            table.open_nested()
            return table.close_nested
        if table.depth == 1 and tag in ("td", "th"):
            return table.end_cell
        if table.depth == 1 and tag == "tr":
            return table.end_row
        if tag == "a" or tag in _BOLD_TAGS:
            return self._start_inline(tag, attrib)
        if tag in _CELL_BREAKS:
            table.add(" ")
        return None

    def _child_frame(self, loose: bool) -> _Frame:
        """A frame that makes the same kind of block as the one it sits in."""
        parent = self._frames[-1]
        owner = parent.owner or (parent if parent.marker else None)
        return _Frame(parent.kind, parent.level, loose=loose, owner=owner)

    def _open_frame(self, frame: _Frame) -> _Closer:
        """Flush the text so far and make ``frame`` the one new text goes to."""
        self._flush()
        self._frames.append(frame)
        return self._close_frame

    def _open_list(self, attrib: Mapping[str, str], ordered: bool) -> _Closer:
        """Open ``<ul>``/``<ol>``: items below number from its ``start``."""
        self._lists.append(_List(ordered, _int(attrib.get("start"), 1)))
        self._open_frame(self._child_frame(loose=True))
        return self._close_list

    def _open_item(self, attrib: Mapping[str, str]) -> _Closer:
        """Open ``<li>``: a list item at the current nesting depth."""
        current = self._lists[-1] if self._lists else _List(ordered=False)
        marker = "•"
        if current.ordered:
            number = _int(attrib.get("value"), current.next)
            current.next = number + 1
            marker = f"{number}."
        frame = _Frame(_LIST_ITEM_KIND, min(max(len(self._lists), 1), MAX_NESTING), marker)
        return self._open_frame(frame)

    def _open_quote(self, attrib: Mapping[str, str]) -> _Closer:
        """Open ``<blockquote>``: text inside becomes QUOTE blocks at this depth."""
        self._quotes += 1
        self._open_frame(_Frame(_QUOTE_KIND, min(self._quotes, MAX_NESTING), loose=True))
        return self._close_quote

    def _open_code(self, attrib: Mapping[str, str]) -> _Closer:
        """Open ``<pre>``: text kept verbatim until it closes."""
        self._code += 1
        self._open_frame(_Frame(_CODE_KIND))
        return self._close_code

    def _open_table(self, attrib: Mapping[str, str]) -> _Closer:
        """Open a top-level ``<table>``: text now goes to its cells, unless it lays out the page."""
        number, self._tables_met = self._tables_met, self._tables_met + 1
        if number in self._layout:
            return self._open_container(attrib)  # its rows and cells are containers too
        self._flush()
        self._table = TableText(self.tables, self.links, self._source_cut(attrib))
        self._table_line = self._lines.element_line(attrib) if self._lines is not None else None
        return self._emit_table

    def _source_cut(self, attrib: Mapping[str, str]) -> Cut | None:
        """What the Markdown pass already cut off this table, found by the line it starts on."""
        if not self._cuts:
            return None
        line, _, _ = attrib.get("data-sourcepos", "").partition(":")
        return self._cuts.get(_int(line, 0))

    def _image(self, attrib: Mapping[str, str]) -> None:
        """``<img>``: an IMAGE block carrying the alt text, splitting the block around it."""
        self._flush()
        line = self._lines.element_line(attrib) if self._lines is not None else None
        self.blocks.append(new_block(BlockKind.IMAGE, clean_line(attrib.get("alt", "")), line=line))

    def _rule(self, attrib: Mapping[str, str]) -> None:
        """``<hr>``: a RULE block."""
        self._flush()
        line = self._lines.element_line(attrib) if self._lines is not None else None
        self.blocks.append(new_block(BlockKind.RULE, "", line=line))

    def _line_break(self, attrib: Mapping[str, str]) -> None:
        """``<br>``: a newline; in loose text a second one in a row ends the paragraph."""
        if self._code:
            self._text.add("\n", None)
        elif self._frames[-1].loose and self._text.ends_with_break():
            self._flush()
        else:
            self._text.add_break()
            self._line_start = self._text.piece_count() if self._table is None else None

    # -- closers -----------------------------------------------------------

    def _close_frame(self) -> None:
        self._flush()
        if len(self._frames) > 1:
            self._frames.pop()

    def _close_list(self) -> None:
        self._close_frame()
        self._lists.pop()

    def _close_quote(self) -> None:
        self._close_frame()
        self._quotes -= 1

    def _close_code(self) -> None:
        self._close_frame()
        self._code -= 1

    def _close_bold(self) -> None:
        self._bold -= 1

    def _close_anchor(self) -> None:
        """End a link: its text gets a ``[n]`` reference when it has a usable URL."""
        anchor = self._anchors.pop()
        text = one_line("".join(anchor.parts))
        if not anchor.url or not text or (self._table is not None and self._table.dropping()):
            return
        reference = f"[{self.links.number(anchor.url, text)}]"
        if self._table is not None:
            self._table.attach(reference)
        elif self._text.is_blank() and self.blocks and self.blocks[-1].kind in _LINKABLE:
            self._attach_to_last_block(reference)  # <a><p>text</p></a>
        else:
            self._text.attach(reference)

    def _attach_to_last_block(self, reference: str) -> None:
        """Append ``reference`` to the block just emitted (a link wrapping whole blocks)."""
        last = self.blocks[-1]
        text = last.text + reference
        self.blocks[-1] = replace(last, text=text, bold_lead=text if last.bold else last.bold_lead)

    # -- emitting blocks ---------------------------------------------------

    def _add_loose(self, text: str) -> None:
        """Add container text, ending the paragraph at each blank line."""
        first, *rest = _BLANK_LINE.split(text)
        self._text.add(first, self._bold > 0)
        for part in rest:
            self._flush()
            self._text.add(part, self._bold > 0)

    def _flush(self) -> None:
        """Turn the text gathered so far into a block of the current frame's kind."""
        inline = self._text
        if self._anchors:
            for anchor in self._anchors:
                anchor.parts.append(" ")  # a link spanning blocks: keep their words apart
        if not inline.pieces:
            return  # a block opening after another: the commonest call, made cheap
        lines = self._lines
        if lines is None:
            line = None
        else:  # the block's line; the next block is placed afresh
            line, lines.block_line = lines.block_line, None
            if line is None:
                line = lines.line
        chrome = self._in_chrome + (self._seen_text and not self._unlinked)
        self._seen_text = self._unlinked = False
        self._in_chrome = 0
        self._line_start = None
        frame = self._frames[-1]
        if frame.kind is _CODE_KIND:
            text, bold, lead = inline.code(), False, ""
            self._text = InlineText()
        else:
            text, bold, lead = inline.take()  # and the run is empty for the next block
        if not text:
            return
        owner = frame.owner or frame
        marker, owner.marker = owner.marker, ""
        # new_block, written out: one call fewer per block of the post.
        block = _BLOCK_TWIN(
            frame.kind,
            text,
            frame.level,
            bold,
            lead,
            marker,
            (),
            bool(self._centred_at),
            chrome,
            line,
        )
        block.__class__ = Block
        self.blocks.append(block)

    def _emit_table(self) -> None:
        """Close the top-level table and emit its TABLE block."""
        table, self._table = self._table, None
        if table is not None:
            line, self._table_line = self._table_line, None
            self.blocks.extend(replace(block, line=line) for block in table.blocks())


_Opener = Callable[[BodyBuilder, Mapping[str, str]], _Closer | None]
# What each block-level or special start tag does, looked up once per element.
_OPENERS: dict[str, _Opener] = {
    **dict.fromkeys(_PARAGRAPHS, BodyBuilder._open_paragraph),
    **dict.fromkeys(_CONTAINERS, BodyBuilder._open_container),
    **{f"h{n}": partial(BodyBuilder._open_heading, level=n) for n in range(1, 7)},
    "ul": partial(BodyBuilder._open_list, ordered=False),
    "menu": partial(BodyBuilder._open_list, ordered=False),
    "dir": partial(BodyBuilder._open_list, ordered=False),
    "ol": partial(BodyBuilder._open_list, ordered=True),
    "li": BodyBuilder._open_item,
    "blockquote": BodyBuilder._open_quote,
    "pre": BodyBuilder._open_code,
    "table": BodyBuilder._open_table,
    # Met outside a table's cells only in a table that lays out the page: containers.
    **dict.fromkeys(("tr", "td", "th", "tbody", "thead", "tfoot"), BodyBuilder._open_container),
    "img": BodyBuilder._image,
    "hr": BodyBuilder._rule,
    "br": BodyBuilder._line_break,
    "a": BodyBuilder._open_anchor,
    "b": BodyBuilder._open_bold,
    "strong": BodyBuilder._open_bold,
}


def _split_marker_lines(text: str) -> list[tuple[int, str]]:
    """Cut ``text`` before each source line that opens with a marker.

    A Markdown paragraph keeps its source lines (``第一章　总则`` one per line,
    soft breaks): each numbered line is a block of its own, as after ``<br>``.
    The marker readers refuse in-sentence look-alikes (``第二十条的规定``,
    ``1.5亿``), so a paragraph merely wrapped in the source stays whole.

    Returns:
        The pieces, each with where it starts in ``text``, the first one
        continuing the current block.
    """
    pieces: list[tuple[int, str]] = []
    start = 0
    for match in _LINE_START.finditer(text):
        line_end = text.find("\n", match.end())
        line = text[match.end() : line_end if line_end >= 0 else len(text)]
        if match_marker(line) is None:
            continue
        if start <= match.start():
            pieces.append((start, text[start : match.start()]))
            start = match.start() + 1
        # else: the line began a piece already, after a heading line (第二章, then 第18條)
        if line_end >= 0 and _is_bare_heading_line(line):
            pieces.append((start, text[start:line_end]))  # 1.1 编制目的, text below
            start = line_end + 1
    pieces.append((start, text[start:]))
    return [(at, piece) for at, piece in pieces if piece] or [(0, "")]


def _is_numbering(text: str) -> bool:
    """Whether ``text`` holds only digits, spaces and numbering punctuation (a ranking's ``1.``).

    Text almost always ends in a character no numbering has: that one look
    spares the whole-text match.
    """
    last = text[-1:]
    if last and not (last in _NUMBERING_PUNCT or last.isdecimal() or last.isspace()):
        return False
    return _NUMBERING.fullmatch(text) is not None


def _is_bare_heading_line(line: str) -> bool:
    """A short numbered line with no sentence in it: a heading whose text follows below."""
    line = line.strip()
    return len(line) <= _BARE_LINE_MAX and _SENTENCE_PUNCT.search(line) is None


def _is_centred(tag: str, attrib: Mapping[str, str]) -> bool:
    """``<center>``, ``align="center"`` or ``text-align: center`` on a block element."""
    if tag == "center" or attrib.get("align", "").strip().lower() == "center":
        return True
    style = attrib.get("style")
    return bool(style) and _CENTRED_STYLE.search(style or "") is not None


def _int(value: str | None, default: int) -> int:
    """Parse a list ``start``/``value`` attribute, ``default`` when absent or bad."""
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def html_to_blocks(
    html: str,
    cuts: Mapping[int, Cut] | None = None,
    *,
    sourcepos: bool = False,
    shifts: Sequence[tuple[int, int]] = (),
    clean_text: bool = False,
) -> tuple[list[Block], LinkTable, list[str]]:
    """Parse an HTML body into blocks and numbered links.

    Args:
        html: The body's HTML (already through ``textsafe.clean``).
        cuts: For HTML rendered from Markdown, what the source pass cut off
            each table, by the line cmark's ``data-sourcepos`` gives it.
        sourcepos: The HTML is cmark's, its ``data-sourcepos`` attributes
            true: each block gets the Markdown line it starts on
            (``Block.line``). Off for HTML bodies, whose attributes are the
            page's own.
        shifts: With ``sourcepos``, how cmark's lines map back to the body's
            after tables the Markdown pass cut
            (:class:`~newsreader.core.document.markdown.RenderedMarkdown`).
        clean_text: The caller vouches that every text run the parser can hand
            over is clean already: the HTML is, or is cmark's rendering of,
            text that went through ``textsafe.clean`` and holds no ``&``, so
            no character reference can decode to a control or invisible
            character (cmark's own ``&quot;``, ``&amp;``, ``&lt;``, ``&gt;``
            decode to safe ones). Each run's own check is then skipped (a
            scan of every character of a post's text).

    Returns:
        The blocks in order, the link table their ``[n]`` references use, and
        a note for each table cut to the limits of
        :mod:`newsreader.core.document.table` (also shown as a paragraph).
    """
    layout = layout_tables(html, _SKIPPED)
    builder = BodyBuilder(
        cuts, sourcepos=sourcepos, shifts=shifts, clean_text=clean_text, layout=layout
    )
    feed(builder, html)
    return builder.blocks, builder.links, builder.tables.notes


def feed(builder: BodyBuilder, html: str) -> BodyBuilder:
    """Run libxml2's HTML parser over ``html`` with ``builder`` as its target."""
    if html.strip():
        parser = etree.HTMLParser(target=builder, encoding="utf-8", no_network=True)
        etree.fromstring(html.encode("utf-8", "replace"), parser)
    return builder
