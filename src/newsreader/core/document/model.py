"""A post body as a document: blocks a reader can show, links, and an outline.

Produced by :mod:`newsreader.core.document.parse` (HTML and Markdown bodies) and
:mod:`newsreader.core.outline.build`; consumed by the plain-text export and the UI.
All text in these records is already clean (see :mod:`newsreader.core.text.safe`).
"""

from __future__ import annotations

from dataclasses import MISSING, dataclass, fields, make_dataclass
from enum import StrEnum
from typing import Any


class BlockKind(StrEnum):
    """What a block is, which decides how it is shown."""

    PARAGRAPH = "paragraph"
    HEADING = "heading"  # an explicit <h1>-<h6> or Markdown heading
    LIST_ITEM = "list_item"
    QUOTE = "quote"
    CODE = "code"
    TABLE = "table"
    IMAGE = "image"
    RULE = "rule"


@dataclass(frozen=True, slots=True)
class Block:
    """One block of a document.

    Attributes:
        kind: What the block is.
        text: Its plain text (inline links already carry ``[n]`` references).
            For a table, the rows joined; for an image, its alt text.
        level: Heading level 1-6 for explicit headings; nesting depth (1-based)
            for list items and quotes; 0 otherwise.
        bold: The whole block is bold (a possible heading, see docs/OUTLINE.md).
        bold_lead: The bold text the block starts with, if any (a lead-in such
            as ``一、总体要求。``), else ``""``.
        marker: A list item's bullet or number as rendered (``"•"``, ``"3."``).
        rows: A table's cells as text, row by row.
        centred: The block is set centred (``align``, ``text-align``,
            ``<center>``): with bold, what marks a title block (docs/OUTLINE.md
            rule 5).
        chrome: How deep the block sits in page chrome (docs/OUTLINE.md
            rule 7): the number of enclosing header, nav, footer or aside
            elements and elements whose class or id names navigation, logo,
            breadcrumb, share, comment or related items, plus one when its
            text is all link text; 0 for plain article text. A page may wrap
            its article too in an element named like navigation, so the
            outline takes as chrome only blocks deeper than the article's.
        line: For a Markdown body, the source line the block starts on
            (1-based), so an editor can jump there: a line of the body as
            parsed, a line of the post file once
            :func:`newsreader.core.document.open.open_document` has added the
            front matter's lines. None for an HTML body (its HTML carries no
            source positions), and for Markdown's raw HTML blocks.
    """

    kind: BlockKind
    text: str
    level: int = 0
    bold: bool = False
    bold_lead: str = ""
    marker: str = ""
    rows: tuple[tuple[str, ...], ...] = ()
    centred: bool = False
    chrome: int = 0
    line: int | None = None


def list_number(block: Block) -> str:
    """An ordered list item's number as shown (``"3."``), else ``""``.

    The number is not in the item's text (the list gives it), so what shows
    the item, as a heading too, puts it before the text (docs/OUTLINE.md).
    """
    if block.kind is BlockKind.LIST_ITEM and block.marker[:1].isdecimal():
        return block.marker
    return ""


@dataclass(frozen=True, slots=True)
class Link:
    """A link from the body, shown as reference ``[number]``."""

    number: int
    text: str
    url: str


@dataclass(frozen=True, slots=True)
class OutlineNode:
    """One heading of a document's outline.

    Attributes:
        level: 1 for the top level, as inferred (docs/OUTLINE.md rule 1).
        marker: The numbering exactly as written (``"(一)"``, ``"1。"``,
            ``"——"``, ``"第三条"``), ``""`` for unnumbered headings.
        title: The heading text after the marker, cut per docs/OUTLINE.md rule 2.
        block: Index in ``Document.blocks`` of the block it came from.
        end: Offset in that block's text where the heading part ends; the rest
            of the block (if any) is body text following the heading.
        children: Sub-headings, in document order.
    """

    level: int
    marker: str
    title: str
    block: int
    end: int
    children: tuple[OutlineNode, ...] = ()


@dataclass(frozen=True, slots=True)
class Document:
    """A parsed post body.

    Attributes:
        blocks: The body's blocks in order.
        links: Numbered links; ``Block.text`` refers to them as ``[n]``.
        source: The mirrored post's source URL (a bare URL on the trailing
            lines), or ``""``.
        outline: Top-level outline nodes.
    """

    blocks: tuple[Block, ...]
    links: tuple[Link, ...] = ()
    source: str = ""
    outline: tuple[OutlineNode, ...] = ()


def _mutable_twin(cls: type) -> Any:
    """A mutable dataclass with ``cls``'s fields, defaults and slots, in the same order.

    A frozen dataclass's ``__init__`` sets each field through
    ``object.__setattr__``, which costs about 0.3 µs a field: 3 µs for a
    :class:`Block`, as much as the rest of building it, times 70,000 blocks in
    a 5 MB post. The twin is filled with plain attribute stores instead; as
    its slots are ``cls``'s, in the same order, its memory layout is the same,
    so it can then be given ``cls`` as its class: the result *is* a ``cls``,
    frozen, equal and hashed as ``cls(...)`` would be.
    """
    return make_dataclass(
        f"_{cls.__name__}Twin",
        [
            (f.name, f.type) if f.default is MISSING else (f.name, f.type, f.default)
            for f in fields(cls)
        ],
        slots=True,
    )


#: :class:`Block`'s mutable twin: fill it, then set its ``__class__`` to :class:`Block`.
BLOCK_TWIN = _mutable_twin(Block)
_NODE_TWIN = _mutable_twin(OutlineNode)


def new_block(
    kind: BlockKind,
    text: str,
    level: int = 0,
    bold: bool = False,
    bold_lead: str = "",
    marker: str = "",
    rows: tuple[tuple[str, ...], ...] = (),
    centred: bool = False,
    chrome: int = 0,
    line: int | None = None,
) -> Block:
    """``Block(...)``, the same block, made about four times faster (see :func:`_mutable_twin`).

    For the HTML walker, which makes one per paragraph of a post.
    """
    made = BLOCK_TWIN(kind, text, level, bold, bold_lead, marker, rows, centred, chrome, line)
    made.__class__ = Block
    return made  # type: ignore[no-any-return]


def new_node(
    level: int,
    marker: str,
    title: str,
    block: int,
    end: int,
    children: tuple[OutlineNode, ...] = (),
) -> OutlineNode:
    """``OutlineNode(...)``, the same node, made about four times faster.

    For the outline's tree, which makes one per heading.
    """
    made = _NODE_TWIN(level, marker, title, block, end, children)
    made.__class__ = OutlineNode
    return made  # type: ignore[no-any-return]
