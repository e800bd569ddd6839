"""Plain-text export of posts: what ``newsreader --export`` writes.

The output is for reading in a pager or printing: headings on their own lines
indented by outline level, paragraphs wrapped in terminal cells (CJK-aware,
see :mod:`newsreader.core.text.wrap`), links listed at the end. It is
deterministic (golden files compare it byte for byte) and always passes
through :func:`newsreader.core.text.safe.clean`, so no escape sequence from an
archive reaches the reader's terminal.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from typing import NotRequired, TypedDict

from newsreader.core.document.model import (
    Block,
    BlockKind,
    Document,
    Link,
    OutlineNode,
    list_number,
)
from newsreader.core.export.names import export_dir, export_filename
from newsreader.core.model import Post
from newsreader.core.outline.build import iter_nodes
from newsreader.core.text.cells import cell_width
from newsreader.core.text.cjk import CJK_TEXT
from newsreader.core.text.safe import clean, clean_line
from newsreader.core.text.wrap import wrap

__all__ = [
    "FORM_FEED_SEPARATOR",
    "OutlineEntry",
    "export_dir",
    "export_filename",
    "export_post",
    "format_date",
    "outline_json",
    "outline_text",
    "render_document",
]

#: Put between posts when several are exported to one stream (a pager and a
#: printer both treat form feed as a page break).
FORM_FEED_SEPARATOR = "\f\n"

_LEVEL_INDENT = "  "
_RULE = "----"
_DASH_MARKER = "——"
# Text after a heading that is only punctuation stays on the heading line.
_PUNCTUATION_ONLY = re.compile(r"[\s\W]*")
_CJK = re.compile(f"[{CJK_TEXT.body}]")
_URL = re.compile(r"(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)


class OutlineEntry(TypedDict):
    """One outline node as JSON (``newsreader --outline --json``).

    ``block`` is where the heading stands: the index of its block in the
    document (the n-th paragraph, heading, list item… of the body, from 0),
    so a script can find the text under it. ``line``, for a Markdown body
    only, is the line of the post file the heading starts on (1-based, front
    matter counted), so an editor can jump there; an HTML body has no source
    lines to give, and its nodes have no ``line`` key.
    """

    level: int
    marker: str
    title: str
    block: int
    line: NotRequired[int]
    children: list[OutlineEntry]


def render_document(document: Document, *, width: int | None = 80) -> str:
    """Render a document's body and link list as plain text.

    Args:
        document: The parsed post body, outline included.
        width: Wrap width in terminal cells; ``None`` keeps each paragraph on
            one line.

    Returns:
        The text, ending in a newline; ``""`` for an empty document.
    """
    headings = _headings_by_block(document.outline)
    image_label = "图片" if _is_cjk(document) else "image"
    lines: list[str] = []
    previous = ""
    for index, block in enumerate(document.blocks):
        node = headings.get(index)
        rendered = (
            _heading_lines(block, node, width)
            if node is not None
            else _block_lines(block, width, image_label)
        )
        if not rendered:
            continue
        run = _run_kind(block, node)
        if lines and not (run and run == previous):
            lines.append("")
        lines.extend(rendered)
        previous = run
    if document.links:
        lines.extend(["", *_link_lines(document.links, width)])
    return clean("\n".join(lines) + "\n") if lines else ""


def export_post(post: Post, document: Document, *, width: int | None = 80) -> str:
    """Render one post for export: a header, a blank line, then the body.

    Args:
        post: The post's metadata.
        document: Its parsed body.
        width: Wrap width in terminal cells, or ``None`` for no wrapping.

    Returns:
        The text, ending in a newline.
    """
    header = "\n".join(_header_lines(post, document, width))
    body = render_document(document, width=width)
    return clean(f"{header}\n\n{body}" if body else f"{header}\n")


def format_date(date: datetime) -> str:
    """Format a post date as ``2022-01-11 09:13:27 +08:00`` (no offset if naive)."""
    text = (
        f"{date.year:04d}-{date.month:02d}-{date.day:02d} "
        f"{date.hour:02d}:{date.minute:02d}:{date.second:02d}"
    )
    offset = date.utcoffset()
    if offset is None:
        return text
    minutes = int(offset.total_seconds()) // 60
    hours, minutes = divmod(abs(minutes), 60)
    sign = "-" if offset.total_seconds() < 0 else "+"
    return f"{text} {sign}{hours:02d}:{minutes:02d}"


def outline_text(document: Document) -> str:
    """Render the outline as an indented tree, two spaces per level.

    Args:
        document: A document with its outline.

    Returns:
        One ``marker title`` line per node, ending in a newline; ``""`` when
        the document has no outline.
    """
    lines = [
        _LEVEL_INDENT * max(node.level - 1, 0) + _node_label(node)
        for node in iter_nodes(document.outline)
    ]
    return "\n".join(lines) + "\n" if lines else ""


def outline_json(document: Document) -> list[OutlineEntry]:
    """Return the outline as JSON-ready nested dictionaries.

    Args:
        document: A document with its outline.

    Returns:
        ``[{"level", "marker", "title", "block", "line", "children": [...]}]``,
        in document order; ``line`` only where the heading's block has one
        (a Markdown body).
    """
    return [_entry(node, document.blocks) for node in document.outline]


def _entry(node: OutlineNode, blocks: Sequence[Block]) -> OutlineEntry:
    marker, title = clean_line(node.marker), clean_line(node.title)
    children = [_entry(child, blocks) for child in node.children]
    line = blocks[node.block].line if 0 <= node.block < len(blocks) else None
    if line is None:
        return {
            "level": node.level, "marker": marker, "title": title, "block": node.block,
            "children": children,
        }  # fmt: skip
    return {
        "level": node.level, "marker": marker, "title": title, "block": node.block,
        "line": line, "children": children,
    }  # fmt: skip


def _node_label(node: OutlineNode) -> str:
    marker, title = clean_line(node.marker), clean_line(node.title)
    return f"{marker} {title}" if marker else title


def _header_lines(post: Post, document: Document, width: int | None) -> list[str]:
    """The labelled metadata lines; empty categories and tags are left out.

    A header line is never wrapped: scripts read ``Title:`` and ``Source:``
    with ``grep``/``sed``, one field a line. Only a URL that would overflow
    ``width`` moves to a line of its own under its label, whole.
    """
    fields = [
        ("Title", post.title),
        ("Date", format_date(post.date)),
        ("Categories", ", ".join(post.categories)),
        ("Tags", ", ".join(post.tags)),
        ("Path", post.path),
        ("Source", document.source),
    ]
    lines: list[str] = []
    for label, value in fields:
        value = clean_line(value)
        if value or label in ("Title", "Date", "Path"):
            lines.extend(_header_field(label, value, width))
    return lines


def _header_field(label: str, value: str, width: int | None) -> list[str]:
    """``Label: value`` on one line, or the label over a URL too long to stand beside it."""
    line = f"{label}: {value}".rstrip()
    if width is not None and _URL.match(value) and cell_width(line) > width:
        return [f"{label}:", value]
    return [line]


def _headings_by_block(outline: Sequence[OutlineNode]) -> dict[int, OutlineNode]:
    """Map each block index to the first outline node that came from it."""
    headings: dict[int, OutlineNode] = {}
    for node in iter_nodes(outline):
        headings.setdefault(node.block, node)
    return headings


def _run_kind(block: Block, node: OutlineNode | None) -> str:
    """Name the kind of item whose consecutive blocks need no blank line between
    them (list items, ``——`` items), or ``""``."""
    if node is not None:
        return "dash" if node.marker == _DASH_MARKER else ""
    return "list" if block.kind is BlockKind.LIST_ITEM else ""


def _is_cjk(document: Document) -> bool:
    return any(_CJK.search(block.text) for block in document.blocks)


def _fitted(prefix: str, width: int) -> str:
    """``prefix``, or its end (the marker, the innermost quote marks) in half of ``width``."""
    room = width // 2
    if cell_width(prefix) <= room:
        return prefix
    kept = ""
    for char in reversed(prefix):
        if cell_width(char + kept) > room:
            break
        kept = char + kept
    return kept


def _wrap(text: str, width: int | None, indent: str = "", subsequent: str = "") -> list[str]:
    """Wrap like :func:`wrap`, or just prefix each line when ``width`` is None.

    A prefix (indent, quote marks, a list marker) takes at most half the
    width: forty nested quotes left one character a line, past the width.
    """
    if width is not None:
        indent, subsequent = _fitted(indent, width), _fitted(subsequent, width)
        return wrap(text, width, indent=indent, subsequent_indent=subsequent)
    lines = text.split("\n")
    return [((subsequent if n else indent) + line).rstrip() for n, line in enumerate(lines)]


def _heading_lines(block: Block, node: OutlineNode, width: int | None) -> list[str]:
    """A heading on its own line(s), indented by level; the rest as a paragraph.

    ``——`` items, and headings followed only by punctuation, stay whole.
    """
    indent = _LEVEL_INDENT * max(node.level - 1, 0)
    head, rest = block.text[: node.end].strip(), block.text[node.end :].strip()
    if node.marker == _DASH_MARKER or _PUNCTUATION_ONLY.fullmatch(rest):
        head, rest = block.text.strip(), ""
    if number := list_number(block):
        head, hanging = f"{number} {head}", indent + " " * cell_width(f"{number} ")
    elif head.startswith(node.marker):
        hanging = indent + " " * cell_width(node.marker)
    else:
        hanging = indent
    lines = _wrap(head, width, indent, hanging)
    if rest:
        lines.extend(["", *_wrap(rest, width)])
    return lines


def _block_lines(block: Block, width: int | None, image_label: str) -> list[str]:
    """Render one block that is not an outline heading."""
    kind, text = block.kind, block.text.strip()
    if kind is BlockKind.CODE:
        return block.text.strip("\n").split("\n") if block.text.strip() else []
    if kind is BlockKind.RULE:
        return [_RULE]
    if kind is BlockKind.TABLE:
        return _table_lines(block, width)
    if kind is BlockKind.IMAGE:
        return _wrap(f"[{image_label}: {text}]" if text else f"[{image_label}]", width)
    if kind is BlockKind.LIST_ITEM:
        indent = _LEVEL_INDENT * max(block.level - 1, 0)
        marker = f"{block.marker or '-'} "
        return _wrap(text, width, indent + marker, indent + " " * cell_width(marker))
    if kind is BlockKind.QUOTE:
        prefix = "> " * max(block.level, 1)
        return _wrap(text, width, prefix, prefix)
    return _wrap(text, width)


def _table_lines(block: Block, width: int | None) -> list[str]:
    """Rows as ``cell | cell``; a long row wraps with a two-space hang."""
    rows = [" | ".join(" ".join(cell.split()) for cell in row) for row in block.rows]
    if not rows:
        rows = [line.strip() for line in block.text.split("\n") if line.strip()]
    return [line for row in rows for line in _wrap(row, width, "", _LEVEL_INDENT)]


def _link_lines(links: Sequence[Link], width: int | None) -> list[str]:
    """The numbered link list: ``[n] text <url>``, or ``[n] url`` without text."""
    lines: list[str] = []
    for link in links:
        text, url = clean_line(link.text), clean_line(link.url)
        label = f"[{link.number}] "
        entry = f"{text} <{url}>" if text and text != url else url
        lines.extend(_wrap(entry, width, label, " " * len(label)))
    return lines
