"""How the search dialog shows its hits and its count (no Textual, only Rich text).

Everything shown comes from posts, so it is assembled as
:class:`rich.text.Text`, never parsed as markup.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text

from newsreader.core.archive.dates import has_time_of_day, stamp
from newsreader.core.index.search import Hit
from newsreader.core.model import Post
from newsreader.core.text.safe import clean_line

PAGE = 200
"""Hits fetched at a time; the next page is fetched when the cursor reaches the end."""


def _category(post: Post) -> str:
    """The post's first category slug (the dialog's fall-back for a human name)."""
    return post.categories[0] if post.categories else ""


def hit_prompt(
    hit: Hit,
    post: Post | None,
    source_of: Callable[[Post], str] = _category,
    unread: bool | None = None,
) -> Text:
    """Three lines for one hit: title; date, category and section; snippet, matches marked.

    The date has its time where the post gives one, and an unread post the
    list's ``●``: a story updated through the morning is several hits of one
    title, told apart by time, and which were read.

    Args:
        hit: The search hit.
        post: Its post in the archive (None if it vanished since), for the
            date and the category.
        source_of: The category's human name.
        unread: Whether the post is unread (None: not known, no mark).
    """
    mark = "" if unread is None else ("● " if unread else "  ")
    prompt = Text(mark + clean_line(hit.title), style="bold", no_wrap=True, overflow="ellipsis")
    when = "%Y-%m-%d %H:%M" if post is not None and has_time_of_day(post.date) else "%Y-%m-%d"
    facts = [stamp(post.date, when), clean_line(source_of(post))] if post else []
    if hit.section:
        facts.append(" › ".join(clean_line(part) for part in hit.section))
    prompt.append("\n").append(" · ".join(fact for fact in facts if fact), style="dim")
    snippet = Text(hit.snippet, no_wrap=True, overflow="ellipsis")
    for start, end in hit.spans:
        snippet.stylize("reverse", start, end)
    return prompt.append("\n").append_text(snippet)


def count_line(shown: int, total: int) -> str:
    """The status for a query's answer: ``3 posts found``, ``200 of 1,234 posts shown``."""
    noun = "post" if total == 1 else "posts"
    if shown < total:
        return f"{shown:,} of {total:,} {noun} shown · the end of the list loads more"
    return f"{total:,} {noun} found"


def building_line(done: int, total: int) -> str:
    """The status while the full-text index is built for the first search."""
    return (
        f"Indexing the archive for search (once): {done:,} of {total:,} posts"
        " · Esc stops; what is built is kept"
    )
