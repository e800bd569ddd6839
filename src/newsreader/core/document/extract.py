"""Keep the article of a whole saved web page and drop the page around it.

Some mirrors store the whole page a post came from: ``<html>``, ``<body>``,
the site's header and menus, a "related news" list, a footer with the
copyright line. Shown as blocks, the article would drown in that chrome, and
its menus would become headings in the outline and words in the search index.

The rule, in order:

1. **Only whole pages.** A body is a whole page when its first 64 KB hold a
   page-level tag (``<!doctype html>``, ``<html>``, ``<body>``, ``<nav>``,
   ``<header>``, ``<footer>``, ``<aside>``) *and* the body has at least
   :data:`MIN_PAGE_LINKS` links, the mark of site navigation (a saved page's
   ``<head>`` alone can fill 64 KB, so links are counted in the whole body,
   stopping at the tenth). Article fragments, the common case, fail the
   first test at the cost of one regular expression scan of 64 KB and go to
   the block builder untouched.
2. **The article, as HTML.** trafilatura (a maintained boilerplate remover)
   finds the main content and returns it as HTML: paragraphs, bold, headings,
   lists, tables and links kept, so numbered headings such as ``一、`` or
   ``（一）`` still reach the outline.
3. **Never lose the article.** Headings at the end of what trafilatura
   keeps are dropped by it (they usually title a list it removed: 相关新闻);
   one that is the article's own last section, a sentence alone in a
   heading, is put back (:func:`_with_closing_headings`, the rule in
   docs/OUTLINE.md). The whole body is kept, with a note saying
   why, when the page is over :data:`MAX_PAGE_BYTES` (extraction costs about
   a second a megabyte), when the HTML parser dropped part of the text (it
   stops at a nesting depth of 256), when the extractor fails or finds
   nothing, or when what it found is under :data:`MIN_SHARE` of the page's
   text (a caption, not an article).

trafilatura is imported on the first whole page only: it costs a third of a
second to import, which ordinary posts and index builds never pay.
"""

from __future__ import annotations

import html as html_entities
import itertools
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lxml.html import HtmlElement  # type: ignore[import-untyped]

# The whole-page test reads the start of the body only, so it costs O(1).
_SNIFF_CHARS = 64 * 1024
_PAGE_TAG = re.compile(r"<(?:!doctype\s+html|html|body|nav|header|footer|aside)[\s/>]", re.I)
_LINK = re.compile(r"<a\s[^>]*?href\s*=", re.I)
MIN_PAGE_LINKS = 10
MAX_PAGE_BYTES = 2_000_000  # UTF-8
MIN_SHARE = 0.02
# The HTML parser may drop at most this share of a page's text.
_PARSE_LOSS = 0.1
# Text a reader never sees, as the block builder skips it.
_HIDDEN = re.compile(
    r"<(script|style|noscript|iframe|template|title|object)\b.*?</\1\s*>|<!--.*?(?:-->|$)",
    re.IGNORECASE | re.DOTALL,
)
_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")
_QUIET = logging.NullHandler()
_HIDDEN_XPATH = "//text()[not(ancestor::script or ancestor::style or ancestor::noscript)]"


@dataclass(frozen=True, slots=True)
class MainContent:
    """What goes on to the block builder.

    Attributes:
        html: The article's HTML, or the body unchanged.
        extracted: True when ``html`` is the extracted article.
        note: Why a whole page was kept whole (a problem to report), else ``""``.
    """

    html: str
    extracted: bool = False
    note: str = ""


def is_whole_page(html: str) -> bool:
    """Tell whether an HTML body is a whole saved web page (rule 1 above).

    Args:
        html: An HTML body.

    Returns:
        True when its start holds a page-level tag and site navigation's links.
    """
    if not _PAGE_TAG.search(html, 0, _SNIFF_CHARS):
        return False
    links = _LINK.finditer(html)
    return sum(1 for _ in itertools.islice(links, MIN_PAGE_LINKS)) == MIN_PAGE_LINKS


def main_content(html: str) -> MainContent:
    """Return the article of a whole page, or the body itself (rules 2 and 3 above).

    Args:
        html: An HTML body (a Markdown body already rendered).

    Returns:
        The HTML to build blocks from, and a note when a whole page was kept whole.
    """
    if not is_whole_page(html):
        return MainContent(html)
    if (size := _utf8_size(html)) > MAX_PAGE_BYTES:
        return _kept(html, f"it is {size / 1_000_000:.1f} MB, over the 2 MB extraction limit")
    page_chars = _visible_chars(html)
    try:
        tree = _parse(html)
    except Exception as error:  # noqa: BLE001 - any parser failure keeps the body whole
        return _kept(html, f"its HTML could not be parsed ({type(error).__name__})")
    if _tree_chars(tree) < page_chars * (1 - _PARSE_LOSS):
        return _kept(html, "it is nested too deep for the HTML parser")
    try:
        article = _extract(tree)
    except Exception as error:  # noqa: BLE001 - a third-party failure must not lose the post
        return _kept(html, f"the extractor failed ({type(error).__name__})")
    found = _visible_chars(article)
    text = _text_of(article)  # parsed once, for the two checks below
    if _is_navigation(text, tree):  # it took a toolbar of links, not the article
        richest, held = _richest_paragraphs(tree)
        if richest is not None and held > found:
            return MainContent(richest, extracted=True)
        return _kept(html, "its main content is unclear (found only links)")
    if found == 0 or found < page_chars * MIN_SHARE:
        share = found / page_chars if page_chars else 0.0
        return _kept(html, f"its main content is unclear (found {share:.0%} of its text)")
    return MainContent(_with_closing_headings(tree, article, text), extracted=True)


def _text_of(article: str) -> str:
    """The text of the extractor's HTML, as lxml reads it ("" for none)."""
    from lxml.html import fromstring

    return fromstring(article).text_content() if article.strip() else ""


_NAVIGATION_SHARE = 0.7
"""Found text this much made of the page's link texts is a menu or a toolbar."""


def _is_navigation(text: str, page: HtmlElement) -> bool:
    """Whether the text found is mostly the text of the page's links (a toolbar, a menu)."""
    found = _words(text)
    if not found:
        return False
    rest = found
    names = {_words(link.text_content()) for link in everywhere(page, ("a",))}
    for name in sorted(names - {""}, key=len, reverse=True):  # longest first: 个人中心 before 中心
        rest = rest.replace(name, "")
    return len(found) - len(rest) >= _NAVIGATION_SHARE * len(found)


_NOT_WORDS = re.compile(r"https?://\S+|[\W_]+")


def _words(text: str) -> str:
    """``text``'s letters, digits and characters alone: no URL, separator or space."""
    return _NOT_WORDS.sub("", text)


_PARAGRAPH_HOLDERS = ("div", "td", "article", "section", "main")


def _richest_paragraphs(page: HtmlElement) -> tuple[str | None, int]:
    """The element whose own ``<p>`` children hold the most text, as HTML, and that text's size.

    A content system sets an article as paragraphs in one element
    (``<div id="UCAP-CONTENT">`` › ``<p>``); the extractor may instead take
    a toolbar of links, a page's only other text. None when no element holds
    a paragraph.
    """
    from lxml.html import tostring

    best, most = None, 0
    for element in everywhere(page, _PARAGRAPH_HOLDERS):
        held = sum(len(_squeezed(child.text_content())) for child in element if child.tag == "p")
        if held > most:
            best, most = element, held
    if best is None:
        return None, 0
    return tostring(best, encoding="unicode", with_tail=False), most


def _utf8_size(html: str) -> int:
    """The body's UTF-8 size: exact when it could be over the limit, else its length."""
    if len(html) * 4 <= MAX_PAGE_BYTES:
        return len(html)
    return len(html.encode("utf-8", "surrogatepass"))


def _kept(html: str, why: str) -> MainContent:
    """The body kept whole, and the problem saying why."""
    return MainContent(html, note=f"whole web page shown with its navigation: {why}")


def _visible_chars(html: str) -> int:
    """Count the non-space characters a reader would see in ``html`` (linear, C-speed)."""
    text = _TAG.sub("", _HIDDEN.sub("", html))
    if "&" in text:
        text = html_entities.unescape(text)
    return len(text) - sum(len(run) for run in _SPACE.findall(text))


def _tree_chars(tree: HtmlElement) -> int:
    """Count the non-space characters of the parsed page's visible text."""
    text = "".join(tree.xpath(_HIDDEN_XPATH))
    return len(text) - sum(len(run) for run in _SPACE.findall(text))


def _parse(html: str) -> HtmlElement:
    """Parse the page as trafilatura would (it accepts the tree, so it is parsed once)."""
    from trafilatura.utils import load_html

    tree = load_html(html)
    if tree is None:
        raise ValueError("no document")
    return tree


_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_CLOSING_CHARS = 200
"""How much of the text before a dropped heading must end the article (enough to be unique)."""


def _with_closing_headings(page: HtmlElement, article: str, article_text: str) -> str:
    """``article`` (its text ``article_text``) with the headings that closed it in ``page``.

    The extractor drops them (:func:`main_content`).

    A heading comes back when the element before it in its parent (headings
    dropped with it aside) ends as the article ends, and nothing with text
    follows it there: it was the article's last section. A heading with
    something after it (the links of 相关新闻) titled what was removed.
    """
    from lxml.html import tostring

    text = _squeezed(article_text)
    ending = text[-_CLOSING_CHARS:]
    kept = [
        tostring(heading, encoding="unicode", with_tail=False)
        for heading in everywhere(page, _HEADINGS)
        if _closes(heading, ending) and _squeezed(heading.text_content()) not in text
    ]
    if not kept:
        return article
    at = article.rfind("</body>")
    at = len(article) if at < 0 else at
    return article[:at] + "".join(kept) + article[at:]


def _closes(heading: HtmlElement, ending: str) -> bool:
    """Whether ``heading`` ends its parent right after text the article ends with."""
    if _has_text(heading.tail) or any(
        _has_text(after.text_content()) or _has_text(after.tail)
        for after in heading.itersiblings()
        if after.tag not in _HEADINGS
    ):
        return False
    for before in heading.itersiblings(preceding=True):
        if _has_text(before.tail):
            return ending.endswith(_squeezed(before.tail)[-_CLOSING_CHARS:])
        if before.tag in _HEADINGS or not _has_text(text := before.text_content()):
            continue
        return bool(ending) and ending.endswith(_squeezed(text)[-_CLOSING_CHARS:])
    return False


def everywhere(page: HtmlElement, tags: Iterable[str]) -> list[HtmlElement]:
    """Every element of ``tags`` in the document, in its order: past the first root too.

    A saved page may hold a second ``<html>`` after the first closes (a page
    pasted into a page): libxml2 makes it a sibling of the root, which
    ``iter()`` from the root never reaches, though the block builder reads it.
    """
    return list(page.xpath(" | ".join(f"//{tag}" for tag in tags)))


def _has_text(text: str | None) -> bool:
    return text is not None and text.strip() != ""


def _squeezed(text: str) -> str:
    """``text`` without its white space (the extractor re-spaces what it keeps)."""
    return _SPACE.sub("", text)


def _extract(tree: HtmlElement) -> str:
    """Run trafilatura on the parsed page; its main content as HTML, ``""`` if none."""
    import trafilatura

    # Its warnings are about the page, not for the terminal (the note says what matters).
    logging.getLogger("trafilatura").addHandler(_QUIET)

    found = trafilatura.extract(
        tree,
        output_format="html",
        include_comments=False,
        include_tables=True,
        include_formatting=True,
        include_links=True,
        include_images=True,
        deduplicate=False,
        with_metadata=False,
    )
    return found or ""
