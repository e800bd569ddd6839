"""The trailer that mirrored posts carry after their body.

Mirrored news posts end with two lines that are not part of the article (see
the seed post's last lines)::

    <http://finews.example/html_News/NewsShare.html?infoCode=NW2022...>

    [返回常州日报新闻](//finews.example/category/changzhouribao.html)｜[返回首页](//finews.example/)

The first is where the article came from, the second is site navigation.
Shown as body text they would be noise (and the autolink would even be taken
for an HTML tag), so they are split off the raw body before it is parsed and
become ``Document.source`` and extra links instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A line holding only a URL, bare or as a Markdown autolink <...>.
_SOURCE_LINE = re.compile(r"<?(https?://[^\s<>]+)>?")
# A line made only of Markdown links separated by ｜ | or spaces.
_LINKS_LINE = re.compile(r"(?:\[[^\]\n]*\]\([^)\s]*\)[\s｜|]*)+")
_LINK = re.compile(r"\[([^\]\n]*)\]\(([^)\s]*)\)")
# How many trailing lines to examine: at most one source line and one links line.
_MAX_TRAILER_LINES = 2


@dataclass(frozen=True, slots=True)
class Trailer:
    """What was split off the end of a body.

    Attributes:
        source: The mirrored post's source URL, or ``""``.
        links: The navigation links as ``(text, url)`` pairs, in order.
    """

    source: str = ""
    links: tuple[tuple[str, str], ...] = ()


def split_trailer(body: str) -> tuple[str, Trailer]:
    """Split a mirrored post's source line and 返回 links off the end of ``body``.

    Only the last non-blank lines are examined (at most one of each kind, in
    either order), so the cost does not depend on the body's size.

    Args:
        body: The raw post body, LF line ends.

    Returns:
        The body without its trailer, and the trailer found (empty if none).
    """
    rest = body.rstrip()
    source = ""
    links: tuple[tuple[str, str], ...] = ()
    for _ in range(_MAX_TRAILER_LINES):
        head, _sep, last = rest.rpartition("\n")
        line = last.strip()
        if not links and (found := _return_links(line)):
            links = found
        elif not source and (match := _SOURCE_LINE.fullmatch(line)):
            source = match[1]
        else:
            break
        rest = head.rstrip()
    return rest, Trailer(source, links)


def _return_links(line: str) -> tuple[tuple[str, str], ...]:
    """Return the links of a navigation line (every link text starts with 返回), else ``()``."""
    if "返回" not in line or not _LINKS_LINE.fullmatch(line):
        return ()
    links = tuple((m[1].strip(), m[2]) for m in _LINK.finditer(line))
    if all(text.startswith("返回") for text, _url in links):
        return links
    return ()
