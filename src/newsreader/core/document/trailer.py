"""The trailer that mirrored posts carry after their body.

Mirrored news posts end with lines that are not part of the article (see the
seed post's last lines)::

    <http://finews.example/html_News/NewsShare.html?infoCode=NW2022...>

    [返回常州日报新闻](//finews.example/category/changzhouribao.html)｜[返回首页](//finews.example/)

The first says where the article came from, the rest is the mirror's own
navigation. Shown as body text, listed as links, exported or indexed they
would be noise (and the autolink would even be taken for an HTML tag), so
they are split off the raw body before it is parsed: the source becomes
``Document.source``, the navigation is dropped everywhere.

The rule. Reading up from the end, every non-blank line that is one of these
belongs to the trailer; the first line that is neither ends it:

- a **navigation line**: nothing but links, as Markdown ``[text](url)`` or
  HTML ``<a href="url">text</a>``, separated only by ``｜``, ``|``, ``·``,
  ``/`` or white space, the line perhaps wrapped in ``<p>``/``<div>`` or
  ended by ``<br>``; every link's text names a way back or up: it starts
  with 返回 or 回到, or is 首页, 主页, 顶部 or a source label (below). One
  link on a line, or several, both count, and so does a run of such lines.
- a **source line** (the last one found wins, only one is taken): a bare
  URL, an autolink ``<url>`` (``<>``, an empty one, is dropped with no
  source), a source label (原文链接, 原文地址, 原文, 阅读原文, 查看原文,
  原始链接, 来源, 文章来源, 信息来源, 转载自, source) followed by ``：`` and
  a URL or a link, or a lone link whose text is such a label or a URL.

A line such as ``（文章来源：常州日报）``, with no URL, is article text, and
so is any line over :data:`MAX_LINE_CHARS`. At most :data:`MAX_TRAILER_LINES`
lines are examined, so the cost does not depend on the body's size.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

MAX_TRAILER_LINES = 8
# A longer line is article text: no trailer line is this long, and the
# patterns below then never see more than this much (no quadratic backtracking).
MAX_LINE_CHARS = 2_000

_URL = r"https?://[^\s<>\"']+"
_WHOLE_URL = re.compile(_URL)
# A bare URL or an autolink; an empty autolink ``<>`` too.
_SOURCE_URL = re.compile(rf"<?({_URL})>?|<>")
_MARKDOWN_LINK = r"\[([^\]\n]*)\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"\n]*\")?\s*\)"
_HTML_LINK = (
    r"<a\s[^>]*?href\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+))[^>]*>((?:(?!</?a\b)[^\n])*?)</a\s*>"
)
_LINK = re.compile(rf"{_MARKDOWN_LINK}|{_HTML_LINK}", re.IGNORECASE)
_SEPARATORS = re.compile(r"(?:[\s｜|·•丨/]|&nbsp;|&#124;)*")
_WRAPPER_START = re.compile(r"(?:<(?:p|div|span|center|section)\b[^>]*>\s*)+", re.IGNORECASE)
_WRAPPER_END = re.compile(
    r"(?:\s*(?:</(?:p|div|span|center|section)\s*>|<br\s*/?>))+$", re.IGNORECASE
)
_INNER_TAGS = re.compile(r"<[^>]*>")
_SOURCE_LABEL = re.compile(
    r"(?:原文链接|原文地址|原文网址|原始链接|阅读原文|查看原文|原文|文章来源|信息来源|来源|转载自|source)",
    re.IGNORECASE,
)
_LABELLED = re.compile(rf"{_SOURCE_LABEL.pattern}\s*[:：]?\s*(.+)", re.IGNORECASE)
_NAVIGATION_TEXT = re.compile(r"(?:返回|回到).*|首页|主页|顶部")


@dataclass(frozen=True, slots=True)
class Trailer:
    """What was split off the end of a body.

    Attributes:
        source: The mirrored post's source URL, or ``""``.
        links: The navigation links dropped, as ``(text, url)`` pairs, in
            reading order (kept so callers can tell what was cut).
    """

    source: str = ""
    links: tuple[tuple[str, str], ...] = ()


def split_trailer(body: str) -> tuple[str, Trailer]:
    """Split a mirrored post's source line and navigation off the end of ``body``.

    Args:
        body: The raw post body, LF line ends.

    Returns:
        The body without its trailer, and the trailer found (empty if none).
    """
    rest = body.rstrip()
    source: str | None = None
    found: list[tuple[tuple[str, str], ...]] = []
    for _ in range(MAX_TRAILER_LINES):
        head, _sep, last = rest.rpartition("\n")
        if len(last) > MAX_LINE_CHARS:
            break
        kind = _cached_line(last) if len(last) <= _CACHED_CHARS else _read_line(last)
        navigation, labelled, url = kind
        if navigation is not None:
            found.append(navigation)
            source = source if source is not None else labelled
        elif source is None and url is not None:
            source = url
        else:
            break
        rest = head.rstrip()
    navigation = tuple(link for line_links in reversed(found) for link in line_links)
    return rest, Trailer(source or "", navigation)


_Line = tuple[tuple[tuple[str, str], ...] | None, str | None, str | None]
"""What a line is to the rule: its navigation links kept (None: not a navigation
line), the source link's URL among them, and the URL it gives as a source line."""


def _read_line(last: str) -> _Line:
    """Read one line as the rule sees it, wherever it stands (see :func:`_cached_line`)."""
    line = _unwrapped(last.strip())
    links = _links_only(line)
    if links is not None and all(_is_trailer_link(text) for text, _url in links):
        kept = tuple(link for link in links if not _is_source_label(link[0]))
        return kept, _labelled_link_url(links), None
    return None, None, _source_url(line)


_CACHED_CHARS = 512
"""Lines up to this long are remembered (:func:`_cached_line`); a trailer's are ~100."""

_cached_line = lru_cache(maxsize=1024)(_read_line)
""":func:`_read_line`, remembered: a mirror ends every post of a category with the
same navigation line and the same closing line of text, so a listing reads each
once (a cold listing's trailer cost a post: 20 -> ~8 us at 10^4)."""


def _unwrapped(line: str) -> str:
    """The line without the block tags wrapped around it (``<p>…</p>``, a closing ``<br>``)."""
    if not line.startswith("<") and not line.endswith(">"):
        return line
    start = _WRAPPER_START.match(line)
    line = line[start.end() :] if start else line
    end = _WRAPPER_END.search(line)
    return line[: end.start()] if end else line


def _links_only(line: str) -> tuple[tuple[str, str], ...] | None:
    """The ``(text, url)`` links of a line made of links and separators only, else ``None``."""
    links: list[tuple[str, str]] = []
    position = 0
    for match in _LINK.finditer(line):
        if not _SEPARATORS.fullmatch(line, position, match.start()):
            return None
        links.append(_link_parts(match))
        position = match.end()
    if not links or not _SEPARATORS.fullmatch(line, position):
        return None
    return tuple(links)


def _link_parts(match: re.Match[str]) -> tuple[str, str]:
    """Text and URL of a Markdown or HTML link match."""
    if match[2] is not None:
        return match[1].strip(), match[2]
    url = next((part for part in match.groups()[2:5] if part is not None), "")
    return _INNER_TAGS.sub("", match[6]).strip(), url


def _is_trailer_link(text: str) -> bool:
    """Whether a link's text names navigation (a way back or up) or the source."""
    return bool(_NAVIGATION_TEXT.fullmatch(text)) or _is_source_label(text)


def _is_source_label(text: str) -> bool:
    """Whether a link's text says "the original" (or is the URL itself)."""
    return bool(_SOURCE_LABEL.fullmatch(text) or _WHOLE_URL.fullmatch(text))


def _labelled_link_url(links: tuple[tuple[str, str], ...]) -> str | None:
    """The URL of a source link among a navigation line's links, if there is one."""
    return next((url for text, url in links if _is_source_label(text)), None)


def _source_url(line: str) -> str | None:
    """The URL a source line gives (``""`` for an empty autolink), else ``None``."""
    if match := _SOURCE_URL.fullmatch(line):
        return match[1] or ""
    labelled = _LABELLED.fullmatch(line)
    if labelled is None:
        return None
    value = _unwrapped(labelled[1].strip())
    if bare := _SOURCE_URL.fullmatch(value):
        return bare[1] or None
    links = _links_only(value)
    if links is not None and len(links) == 1:
        return links[0][1]
    return None
