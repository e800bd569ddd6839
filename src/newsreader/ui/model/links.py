"""The article's link marks and where they lead (Textual-free).

Links are shown as ``[n]`` marks in the text and listed under the body; the
reader steps through the marks and opens one (``L``, then ``Enter``). This
module finds the marks in a layout and makes a link's address something a
browser can open: a relative link is read against the post's source URL
(a mirror keeps the original site's relative links), and only web and mail
addresses are offered, never ``javascript:`` or ``file:`` ones from a post.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from newsreader.core.document.model import Document, Link
from newsreader.ui.model.layout import Line

OPENABLE_SCHEMES = frozenset({"http", "https", "ftp", "mailto"})
"""Schemes handed to a browser; anything else from a post is refused."""


@dataclass(frozen=True, slots=True)
class LinkMark:
    """One ``[n]`` mark on screen.

    Attributes:
        y: Its layout line.
        start: Its first character in the line.
        end: One past its last character.
        link: The link it stands for.
    """

    y: int
    start: int
    end: int
    link: Link


def link_marks(lines: Sequence[Line], document: Document) -> list[LinkMark]:
    """Every mark of a real link, top to bottom (``[2022]`` in the text is no link)."""
    links = {f"[{link.number}]": link for link in document.links}
    marks: list[LinkMark] = []
    for y, line in enumerate(lines):
        seen: set[int] = set()
        for start, end, role in sorted(line.spans):
            link = links.get(line.text[start:end]) if role == "link" else None
            if link is not None and start not in seen:
                seen.add(start)
                marks.append(LinkMark(y, start, end, link))
    return marks


def next_mark(marks: Sequence[LinkMark], current: int, step: int, top: int) -> int:
    """The mark ``step`` after ``current`` (wrapping), or the first at or below line ``top``."""
    if not marks:
        return -1
    if 0 <= current < len(marks):
        return (current + step) % len(marks)
    below = [i for i, mark in enumerate(marks) if mark.y >= top]
    if step > 0:
        return below[0] if below else 0
    return below[0] - 1 if below and below[0] > 0 else len(marks) - 1


def openable_url(url: str, source: str = "") -> str | None:
    """The address a browser should open for ``url``, or None if it is not a web link.

    Args:
        url: The link as written in the post (possibly relative).
        source: The post's source URL, against which relative links are read.
    """
    url = url.strip()
    if source and not urlsplit(url).scheme:
        url = urljoin(source, url)
    return url if urlsplit(url).scheme.lower() in OPENABLE_SCHEMES else None
