"""Command palette (ctrl+p) providers: posts, headings and reader commands.

Prompts are built as literal ``Content`` objects: ``Matcher.highlight`` parses
its candidate as markup, and post titles are data (a title ``[b]x[/b]`` must
show as typed), so hits are scored with the matcher but never highlighted by it.
A hit's help line (a post's path, a link's URL) is parsed as markup by the
palette itself, so it is escaped (:func:`_help`): ``x[/]y`` once crashed it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from newsreader.core.outline.build import iter_nodes
from newsreader.core.text.safe import clean_line
from newsreader.ui.screens.main import MainScreen

MAX_POST_HITS = 50
"""Most post hits to offer: the palette is a chooser, not a listing."""


def _help(text: str) -> str:
    """``text`` as the palette's help line, which Textual parses as markup.

    Every ``[`` is escaped, not only those :func:`textual.markup.escape`
    takes for tags: it leaves ``[A]``, ``[$x]`` and ``[ b ]``, which the
    parser still eats.
    """
    return clean_line(text).replace("[", "\\[")


READER_COMMANDS: tuple[tuple[str, str, str], ...] = (
    ("Find in article", "find", "Highlight text in the open post (/)"),
    ("Next section", "section(1)", "Scroll to the next heading (])"),
    ("Previous section", "section(-1)", "Scroll to the previous heading ([)"),
    ("Next post", "article(1)", "Open the next post in the list (J)"),
    ("Previous post", "article(-1)", "Open the previous post in the list (K)"),
    ("Back", "back", "Reopen the post read before (h)"),
    ("Forward", "forward", "Go forward again (l)"),
    ("Toggle outline", "toggle_outline", "Show or hide the outline (o)"),
    ("Toggle categories", "toggle_categories", "Show or hide the categories (c)"),
    ("Focus mode", "toggle_focus", "Article alone on screen (f)"),
    ("Expand outline", "expand_outline", "Open every heading of the outline"),
    ("Collapse outline", "collapse_outline", "Fold the outline to its top level"),
    ("Export post", "export", "Save the open post as a text file (e)"),
    ("Export section", "export('section')", "Save the section being read as a text file"),
    ("Export list", "export('list')", "Save every post of the list, one file each"),
    ("Copy article", "copy", "Copy the article text (y)"),
    ("Toggle read", "toggle_read", "Mark the open post read or unread (r)"),
    ("Toggle bookmark", "toggle_bookmark", "Bookmark the open post (b)"),
    ("Search archive", "search", "Search every post (s)"),
    ("Open source page", "open_source", "Open the post's source URL in the browser (w)"),
    ("Next link", "next_link(1)", "Select the next [n] link mark; Enter opens it (L)"),
    ("Copy link", "copy_link", "Copy the selected link, else the source URL (Y)"),
    ("Reload archive", "reload", "Read the archive again from disk (R)"),
    ("Overview", "overview", "Posts per month by category, unread and problems (O)"),
    ("Next unread", "next_unread(1)", "Open the next unread post, on into the next category (u)"),
    ("Previous unread", "next_unread(-1)", "Open the previous unread post (U)"),
    ("Mark all read", "mark_all_read", "Mark every post in the list read (A)"),
    ("Undo mark all read", "undo_mark_all", "Take back the last mark-all-read (z)"),
    ("Unread only", "toggle_unread_only", "Show only unread posts, or all (v)"),
    ("Sort", "cycle_sort", "Sort by date, title (pinyin) or category (t)"),
    (
        "Filter list",
        "filter",
        "Filter the list: words tag: cat: since: until: is: (F, / in the list)",
    ),
    ("List narrower", "resize_list(-1)", "Give the article more room (<)"),
    ("List wider", "resize_list(1)", "Give the list more room (>)"),
    ("Back to list", "to_list", "Back to the article list (Esc)"),
    ("Problems", "problems", "Files that could not be read (!)"),
    ("Help", "help", "Every key (?)"),
)
"""Palette name, screen action, help line."""


def _reader(provider: Provider) -> MainScreen | None:
    """The main screen the palette was opened over, if it is one."""
    screen = provider.screen
    return screen if isinstance(screen, MainScreen) else None


class PostCommands(Provider):
    """Find posts by title or category and open them."""

    async def search(self, query: str) -> Hits:
        """Offer the best-matching posts (title, then categories)."""
        reader = _reader(self)
        if reader is None or not query.strip():
            return
        matcher = self.matcher(query)
        needle = set(query.casefold().replace(" ", ""))
        hits: list[Hit] = []
        for post in reader.reading.posts:
            haystack = f"{post.title} {' '.join(post.categories)}"
            if not needle <= set(haystack.casefold()):
                continue  # cheap pre-filter: 10^5 posts must stay quick
            if score := matcher.match(haystack):
                title = clean_line(post.title)
                open_it = partial(reader.open_post, post)
                hits.append(Hit(score, Content(title), open_it, text=title, help=_help(post.path)))
        for hit in sorted(hits, reverse=True)[:MAX_POST_HITS]:
            yield hit


class ArticleCommands(Provider):
    """Jump to a heading of the open post, or run a reader command."""

    def _candidates(self, reader: MainScreen) -> Iterator[tuple[str, Callable[[], object], str]]:
        """Headings of the open post, then the reader's commands."""
        if (document := reader.reading.document) is not None:
            for node in iter_nodes(document.outline):
                label = clean_line(f"{node.marker} {node.title}".strip())
                yield label, partial(reader.article_view.scroll_to_block, node.block), "Heading"
            for link in document.links:
                label = clean_line(f"Open link [{link.number}] {link.text}")
                action = f"open_link({link.number})"
                yield (
                    label,
                    partial(reader.call_later, reader.run_action, action),
                    _help(link.url),
                )
        for name, action, help_text in READER_COMMANDS:
            yield name, partial(reader.call_later, reader.run_action, action), help_text

    async def discover(self) -> Hits:
        """List the reader's commands before anything is typed."""
        reader = _reader(self)
        if reader is None:
            return
        for name, action, help_text in READER_COMMANDS:
            yield DiscoveryHit(
                Content(name),
                partial(reader.call_later, reader.run_action, action),
                name,
                help_text,
            )

    async def search(self, query: str) -> Hits:
        """Match headings and commands against ``query``."""
        reader = _reader(self)
        if reader is None:
            return
        matcher = self.matcher(query)
        for text, command, help_text in self._candidates(reader):
            if score := matcher.match(text):
                yield Hit(score, Content(text), command, text=text, help=help_text)
