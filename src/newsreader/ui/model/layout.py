"""Lay a document out as wrapped lines for the article view.

Pure data (no Textual): the view asks for a layout at its width in a worker
thread, then only draws the lines the viewport shows, so a 5 MB post costs one
layout pass and nothing per frame. Every line knows its block, so the view can
scroll to a heading and tell which section the reader is in.

A big post is laid out a part at a time (:class:`Layouter`): the view shows
the first part at once and adds the others as they come. The lines are kept
column by column (:class:`~newsreader.ui.model.lines.LineStore`), out of the
garbage collector's way.

Lines carry *roles* (``"h1"``, ``"link"``, ...) instead of colours; the view
maps them to component classes styled in ``newsreader.tcss``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from newsreader.core.archive.dates import has_time_of_day, stamp
from newsreader.core.document.model import Block, BlockKind, Document, OutlineNode, list_number
from newsreader.core.model import Post
from newsreader.core.outline.build import iter_nodes
from newsreader.core.text.cells import cell_width
from newsreader.core.text.safe import clean, clean_line
from newsreader.core.text.wrap import wrap
from newsreader.ui.model.lines import Line as Line
from newsreader.ui.model.lines import LineStore, Span

_LINK_REF = re.compile(r"\[\d+\]")
HEADER_BLOCK = -1
"""Block index of the title/metadata header and the link list."""


@dataclass(slots=True)
class ArticleLayout:
    """A document laid out at one width.

    Attributes:
        width: The width the lines were wrapped to.
        lines: Every display line laid out so far, top to bottom.
        block_y: First line of each block laid out so far, by block index.
        complete: Whether every block (and the link list) is laid out.
    """

    width: int
    lines: LineStore = field(default_factory=LineStore)
    block_y: list[int] = field(default_factory=list)
    complete: bool = True

    def extend(self, part: LayoutPart) -> None:
        """Add the next part of the layout at the end."""
        self.lines.extend(part.lines)
        self.block_y.extend(part.block_y)
        self.complete = part.complete

    def block_at(self, y: int) -> int:
        """Return the index of the block shown at line ``y`` (-1 above the body).

        Args:
            y: A line number.
        """
        return bisect_right(self.block_y, y) - 1

    def plain_text(self) -> str:
        """The laid-out article as plain text (what `y` copies)."""
        return "\n".join(self.lines.texts())


def _line_starts(text: str, lines: Sequence[str], prefixes: tuple[str, str]) -> list[int]:
    """Find where each wrapped line starts in ``text``.

    The wrapper may drop spaces at breaks, so lines are located by search
    rather than by adding up lengths.
    """
    starts: list[int] = []
    position = 0
    for index, line in enumerate(lines):
        content = line[len(prefixes[0] if index == 0 else prefixes[1]) :].lstrip()
        found = text.find(content[:8], position) if content else -1
        position = found if found >= 0 else position
        starts.append(position)
        position += len(content)
    return starts


def _hard_break(lines: list[str], width: int, prefix: str) -> list[str]:
    """Cut lines the wrapper left too wide (a long URL has no break point)."""
    # A line of n characters takes at most 2n cells: most need no measuring.
    if all(2 * len(line) <= width or cell_width(line) <= width for line in lines):
        return lines
    prefix = prefix if cell_width(prefix) < width // 2 else ""
    fitted: list[str] = []
    for line in lines:
        while cell_width(line) > width:
            cut, used = 0, 0
            while used + cell_width(line[cut]) <= width:
                used += cell_width(line[cut])
                cut += 1
            fitted.append(line[:cut])
            line = prefix + line[cut:]
        fitted.append(line)
    return fitted


def _spans_for(line: str, start: int, prefix: int, runs: Sequence[Span]) -> tuple[Span, ...]:
    """Clip text-wide styled runs to one wrapped line and add link references."""
    end = start + len(line) - prefix
    spans = [
        (max(a, start) - start + prefix, min(b, end) - start + prefix, role)
        for a, b, role in runs
        if a < end and b > start
    ]
    spans.extend(_link_spans(line))
    return tuple(spans)


def _link_spans(line: str) -> tuple[Span, ...]:
    """The ``[n]`` link references of a line, styled as links."""
    if "[" not in line:
        return ()
    return tuple((m.start(), m.end(), "link") for m in _LINK_REF.finditer(line))


class _Builder:
    """Accumulates lines for one layout pass, handing them over a part at a time."""

    def __init__(self, width: int) -> None:
        self.width = max(width, 10)
        self.lines = LineStore()
        self.block_y: list[int] = []
        self.before = 0
        """Lines in the parts already handed over."""
        self.last_text = ""
        """The text of the last line so far (a blank line never follows a blank one)."""

    def start_block(self, block: int) -> None:
        """Note where ``block`` starts, after a blank line."""
        self.blank(block)
        self.block_y.append(self.before + len(self.lines))

    def blank(self, block: int) -> None:
        if self.last_text:
            self.lines.append("", block)
            self.last_text = ""

    def text(
        self,
        text: str,
        block: int,
        runs: Sequence[Span] = (),
        prefixes: tuple[str, str] = ("", ""),
    ) -> None:
        """Wrap ``text`` with the core's CJK rules and append its lines."""
        first, rest = prefixes
        wrapped = wrap(text, self.width, indent=first, subsequent_indent=rest)
        wrapped = _hard_break(wrapped, self.width, rest)
        if not wrapped:
            return
        if runs:
            starts = _line_starts(text, wrapped, prefixes)
            for index, (line, start) in enumerate(zip(wrapped, starts, strict=True)):
                prefix = len(first if index == 0 else rest)
                spans = _spans_for(line, start, prefix, runs)
                self.lines.append(line, block, spans, min(prefix, len(line)))
        else:
            indents = len(first), len(rest)
            for index, line in enumerate(wrapped):
                prefix = indents[index > 0]
                self.lines.append(line, block, _link_spans(line), min(prefix, len(line)))
        self.last_text = wrapped[-1]

    def raw(self, line: str, block: int, role: str = "") -> None:
        spans: tuple[Span, ...] = ((0, len(line), role),) if role else ()
        self.lines.append(line, block, spans)
        self.last_text = line

    def part(self, complete: bool) -> LayoutPart:
        """Hand over the lines made since the last part."""
        part = LayoutPart(self.lines, self.block_y, complete)
        self.before += len(self.lines)
        self.lines, self.block_y = LineStore(), []
        return part


def _heading_role(level: int) -> str:
    return f"h{min(max(level, 1), 4)}"


def _table_lines(rows: tuple[tuple[str, ...], ...], width: int) -> Iterator[str]:
    """Tables as text: aligned columns when they fit, else one row per line."""
    columns = max((len(row) for row in rows), default=0)
    widths = [
        max((cell_width(r[i]) for r in rows if i < len(r)), default=0) for i in range(columns)
    ]
    if sum(widths) + 3 * max(columns - 1, 0) <= width:
        for row in rows:
            cells = [c + " " * (widths[i] - cell_width(c)) for i, c in enumerate(row)]
            yield " │ ".join(cells).rstrip()
    else:
        for row in rows:
            yield from wrap(" │ ".join(row), width, subsequent_indent="  ")


def _block_lines(builder: _Builder, index: int, block: Block, node: OutlineNode | None) -> None:
    """Append one block's lines, styled by what it is."""
    text = clean(block.text)
    if node is not None and node.marker in ("——", "—"):
        builder.text(text, index, [(0, node.end, "item")], ("  ", "    "))
    elif node is not None:
        number = list_number(block)
        hang = (f"{number} ", " " * cell_width(f"{number} ")) if number else ("", "")
        builder.text(text, index, [(0, node.end, _heading_role(node.level))], hang)
    elif block.kind is BlockKind.HEADING:
        builder.text(text, index, [(0, len(text), _heading_role(block.level))])
    elif block.kind is BlockKind.LIST_ITEM:
        pad = "  " * max(block.level - 1, 0)
        marker = f"{clean_line(block.marker) or '•'} "
        builder.text(text, index, (), (pad + marker, pad + " " * cell_width(marker)))
    elif block.kind is BlockKind.QUOTE:
        builder.text(text, index, [(0, len(text), "quote")], ("│ ", "│ "))
    elif block.kind is BlockKind.CODE:
        for line in text.splitlines() or [""]:
            builder.raw(line.expandtabs(4), index, "code")
    elif block.kind is BlockKind.TABLE:
        for line in _table_lines(block.rows or ((text,),), builder.width):
            builder.raw(clean(line), index, "table")
    elif block.kind is BlockKind.IMAGE:
        builder.text(f"[图片] {text}".rstrip(), index, [(0, len(text) + 5, "meta")])
    elif block.kind is BlockKind.RULE:
        builder.raw("─" * builder.width, index, "meta")
    else:
        builder.text(text, index)


def _header(builder: _Builder, post: Post) -> None:
    """Title and metadata above the body."""
    title = clean_line(post.title)
    builder.text(title, HEADER_BLOCK, [(0, len(title), "title")])
    facts = [stamp(post.date, _HEADER_DATE if has_time_of_day(post.date) else "%Y-%m-%d")]
    facts += [clean_line(c) for c in post.categories]
    facts += [f"#{clean_line(t)}" for t in post.tags]
    if not post.published:
        facts.append("(unpublished)")
    for meta in _fact_lines(facts, builder.width):
        builder.text(meta, HEADER_BLOCK, [(0, len(meta), "meta")])
    builder.raw("─" * builder.width, HEADER_BLOCK, "meta")


_HEADER_DATE = "%Y-%m-%d %H:%M"


def _fact_lines(facts: list[str], width: int) -> Iterator[str]:
    """The facts two spaces apart, a line broken only between them (a tag is read whole).

    Wrapped as one text, CJK rules broke inside a tag (``#某某·某某`` over two
    lines); a fact wider than the line alone is left to the wrap.
    """
    line = ""
    for fact in facts:
        joined = f"{line}  {fact}" if line else fact
        if line and cell_width(joined) > width:
            yield line
            joined = fact
        line = joined
    if line:
        yield line


def _footer(builder: _Builder, document: Document) -> None:
    """The link list and the source line below the body."""
    end = len(document.blocks)
    if document.links:
        builder.blank(end)
        builder.raw("Links", end, "h2")
        for link in document.links:
            ref = f"[{link.number}]"
            entry = f"{ref} {clean_line(link.text)} {clean_line(link.url)}"
            builder.text(entry, end, [(0, len(ref), "link")], ("", "    "))
    if document.source:
        builder.blank(end)
        source = f"Source: {clean_line(document.source)}"
        builder.text(source, end, [(0, len(source), "meta")])


@dataclass(frozen=True, slots=True)
class LayoutPart:
    """The lines of some blocks, to add at the end of a layout (:meth:`ArticleLayout.extend`).

    Attributes:
        lines: The part's lines.
        block_y: First line (in the whole layout) of each block the part starts.
        complete: Whether this is the last part.
    """

    lines: LineStore
    block_y: list[int]
    complete: bool


class Layouter:
    """Lays a document out a part at a time, so the first screen need not wait for the rest.

    Args:
        post: The post (for the title/metadata header).
        document: Its parsed body with outline.
        width: Cells available per line.
    """

    def __init__(self, post: Post, document: Document, width: int) -> None:
        self._builder = _Builder(width)
        self._document = document
        self._nodes = {node.block: node for node in iter_nodes(document.outline)}
        self._next = 0
        """The next block to lay out."""
        _header(self._builder, post)

    @property
    def width(self) -> int:
        """The width the lines are wrapped to."""
        return self._builder.width

    @property
    def complete(self) -> bool:
        """Whether every part has been handed over."""
        return self._next > len(self._document.blocks)

    def next_part(self, blocks: int, *, lines: int = 0) -> LayoutPart:
        """Lay out the next ``blocks`` blocks, and more until the layout holds ``lines`` lines.

        Args:
            blocks: How many blocks the part takes at least (fewer at the end).
            lines: How many lines the whole layout holds at least after it
                (fewer at the end): a screen to fill, a position to restore.

        Returns:
            The part; the last one also holds the link list and the source.
        """
        builder, document = self._builder, self._document
        total = len(document.blocks)
        stop = min(self._next + max(blocks, 1), total)
        index = self._next
        while index < total and (index < stop or builder.before + len(builder.lines) < lines):
            builder.start_block(index)
            _block_lines(builder, index, document.blocks[index], self._nodes.get(index))
            index += 1
        self._next = index
        if index >= total:
            _footer(builder, document)
            self._next = total + 1
        return builder.part(self.complete)


def layout_article(post: Post, document: Document, width: int) -> ArticleLayout:
    """Lay ``document`` out at ``width`` cells, all of it.

    Args:
        post: The post (for the title/metadata header).
        document: Its parsed body with outline.
        width: Cells available per line.

    Returns:
        The wrapped lines, and each block's first line.
    """
    layouter = Layouter(post, document, width)
    layout = ArticleLayout(layouter.width)
    layout.extend(layouter.next_part(len(document.blocks)))
    return layout
