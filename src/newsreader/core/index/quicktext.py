"""Searchable text of a post body, fast: what the index needs, not what the reader shows.

Building the full document model (:func:`newsreader.core.document.open.document_from_text`:
HTML walk, inline runs, links, then the outline) costs about 1 ms per post,
most of a cold index build. Search only needs the words in reading order with
block boundaries kept (a phrase must not match across two paragraphs), so
this module strips the markup with a few C-speed regular expressions instead:
about a tenth of the cost. The hit's block and outline section are worked out
later, from the full document, and only for the hits a user is shown (see
:mod:`newsreader.core.index.search`).

The text follows the reader's rules where they change what can match: the
mirrored post's trailer is split off (:func:`newsreader.core.document.trailer.split_trailer`),
a whole saved web page is cut to its article by the reader's own extraction
(:func:`newsreader.core.document.extract.main_content`, so its menus are not
indexed; fragments pass its test untouched), script and style content is
dropped, entities are decoded, ASCII white space collapses to one space, a
source line break between two CJK characters vanishes, and every block-level
tag starts a new line. It differs where the reader adds text of its own
(``[n]`` link references, list markers).
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from newsreader.core.archive.source import UnusableFile, read_body_text
from newsreader.core.document.extract import main_content
from newsreader.core.document.markdown import looks_like_html, markdown_to_html
from newsreader.core.document.trailer import split_trailer
from newsreader.core.text.cjk import UNSPACED
from newsreader.core.text.safe import clean

# Elements whose content a reader never sees (body_html._SKIPPED).
_HIDDEN = re.compile(
    r"<(script|style|noscript|iframe|template|title|object)\b.*?</\1\s*>|<!--.*?(?:-->|$)",
    re.IGNORECASE | re.DOTALL,
)
_BLOCK_TAG = re.compile(
    r"</?(?:p|div|br|hr|h[1-6]|li|ul|ol|dl|dt|dd|tr|td|th|table|thead|tbody|blockquote"
    r"|pre|section|article|main|header|footer|aside|nav|center|figure|figcaption|form"
    r"|fieldset|details|summary|address|caption|legend|option|optgroup|html|body|head)\b[^>]*>",
    re.IGNORECASE,
)
_ANY_TAG = re.compile(r"</?[A-Za-z][^>]*>|<![^>]*>|<\?[^>]*>")
# ASCII white space to collapse to one space: runs that are not already just
# one space (replacing those too costs a match each, for nothing).
_ASCII_SPACE = re.compile(r"[\t\n\r\f\v][ \t\n\r\f\v]*| [ \t\n\r\f\v]+")
# A line break between CJK characters, white space around it. Trailing
# blanks are stripped first, so the pattern can start with the newline: the
# regex engine then jumps from one newline to the next instead of testing a
# look-behind at every character (a third cheaper).
_TRAILING_BLANKS = re.compile(r"[ \t\r\f]+\n")
_CJK_NEWLINE = re.compile(rf"\n(?<=[{UNSPACED.body}]\n)[ \t\n\r\f]*(?=[{UNSPACED.body}])")
_EDGE_CHARS = "\ufeff\u200b\u200c\u200d\u2060"  # plus every Unicode space (str.strip)
_HIDDEN_HINT = re.compile(r"<(?:script|style|noscript|iframe|template|title|object|!--)",
                          re.IGNORECASE)  # fmt: skip


def searchable_text(body: str) -> str:
    """Return the plain text of a post body, one line per block.

    Args:
        body: The post body (HTML or Markdown), front matter removed.

    Returns:
        Clean text: no markup, no control characters, no blank lines.
    """
    text, _trailer = split_trailer(clean(body))
    markup = main_content(text if looks_like_html(text) else markdown_to_html(text)).html
    if _HIDDEN_HINT.search(markup):
        markup = _HIDDEN.sub("", markup)
    if "\n" in markup:
        markup = _CJK_NEWLINE.sub("", _TRAILING_BLANKS.sub("\n", markup))
    markup = _ASCII_SPACE.sub(" ", markup)
    markup = _ANY_TAG.sub("", _BLOCK_TAG.sub("\n", markup))
    plain = clean(html.unescape(markup)) if "&" in markup else markup
    lines = (line.strip().strip(_EDGE_CHARS).strip() for line in plain.split("\n"))
    return "\n".join(line for line in lines if line)


def read_searchable_text(path: Path, display_path: str) -> str:
    """Read one post file and return its :func:`searchable_text`.

    The body is read with its front matter cut off but not parsed
    (:func:`newsreader.core.archive.source.read_body_text`): the YAML is the
    loader's business and about a fifth of the cost of reading a post's text.
    A file that cannot be read gives ``""``: its problem is the loader's to report.

    Args:
        path: The post file.
        display_path: Its path relative to the archive (names any problem).

    Returns:
        The searchable text of the body.
    """
    try:
        return searchable_text(read_body_text(path, display_path))
    except UnusableFile:
        return ""
