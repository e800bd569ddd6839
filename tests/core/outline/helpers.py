"""Helpers shared by the outline tests: build blocks, render an outline as text."""

from __future__ import annotations

from collections.abc import Sequence

from newsreader.core.document.model import Block, BlockKind, OutlineNode
from newsreader.core.outline.build import iter_nodes


def paragraphs(*texts: str) -> tuple[Block, ...]:
    """Plain paragraphs, one per text (``**text**`` makes a whole-bold one)."""
    return tuple(_paragraph(text) for text in texts)


def _paragraph(text: str) -> Block:
    if text.startswith("**") and text.endswith("**") and text.count("**") == 2:
        return Block(BlockKind.PARAGRAPH, text[2:-2], bold=True)
    if text.startswith("**") and "**" in text[2:]:
        lead, rest = text[2:].split("**", 1)
        return Block(BlockKind.PARAGRAPH, lead + rest, bold_lead=lead)
    return Block(BlockKind.PARAGRAPH, text)


def heading(level: int, text: str) -> Block:
    """An explicit ``<hN>`` heading block."""
    return Block(BlockKind.HEADING, text, level=level)


def label(node: OutlineNode) -> str:
    """``"marker title"`` (or the title alone when unnumbered)."""
    return f"{node.marker} {node.title}" if node.marker else node.title


def render(outline: Sequence[OutlineNode]) -> str:
    """The outline as an indented tree, two spaces per level, one node a line."""
    lines = ["  " * (node.level - 1) + label(node) for node in iter_nodes(outline)]
    return "".join(line + "\n" for line in lines)


def tree(outline: Sequence[OutlineNode]) -> list[str]:
    """The outline as lines indented by *depth* in the tree (not by level)."""
    lines: list[str] = []

    def walk(nodes: Sequence[OutlineNode], depth: int) -> None:
        for node in nodes:
            lines.append("  " * depth + label(node))
            walk(node.children, depth + 1)

    walk(outline, 0)
    return lines
