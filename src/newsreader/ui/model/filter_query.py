"""The list filter's language: free text and fields, combined with AND.

What the reader's filter box accepts, parsed without Textual so the rules are
tested alone::

    美联储 "利率 决议" tag:快讯 cat:emnews since:2022-01-10 until:7d is:unread

- Words and ``"quoted phrases"`` match a post's title, or its body through
  the index (the screen asks :func:`~newsreader.core.index.search.matching_paths`).
- ``tag:T`` and ``cat:C`` (a category's slug or its human name) ignore case.
- ``since:``/``until:`` take ``YYYY-MM-DD`` or ``Nd`` (N days before today).
- ``is:unread`` and ``is:bookmarked`` select by reading state.

Parsing never raises: a value it cannot read (``since:soon``) becomes a
problem sentence the box shows, and the term is dropped. :func:`format_filter`
writes a filter back as text that parses to the same filter.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from newsreader.core.model import Post

_TERM = re.compile(r'"([^"]*)"?|(\S+)')
_WHITESPACE = re.compile(r"\s")
_ISO_DAY = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
_DAYS_AGO = re.compile(r"([0-9]{1,5})d")
FIELDS = ("tag", "cat", "since", "until", "is")
"""Field prefixes the language knows (``name:value``)."""
STATES = ("unread", "bookmarked")
"""Values of ``is:``."""

DayBound = date | int
"""A day, or a number of days before today (``7d``)."""


@dataclass(frozen=True)
class FilterQuery:
    """A parsed filter; the empty one keeps every post.

    Attributes:
        words: Free text terms (phrases keep their spaces), all required.
        tags: Tags a post must carry (each one, case ignored).
        categories: Categories a post must be in (slug or human name).
        since: The first day kept, or days before today.
        until: The last day kept, or days before today.
        states: ``unread`` and/or ``bookmarked``.
        problems: What could not be read, one sentence each (not compared:
            a problem is not part of what the filter keeps).
    """

    words: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    since: DayBound | None = None
    until: DayBound | None = None
    states: tuple[str, ...] = ()
    problems: tuple[str, ...] = field(default=(), compare=False)

    @property
    def is_empty(self) -> bool:
        """Whether the filter keeps every post."""
        return self == FilterQuery()


def _day_bound(value: str) -> DayBound | None:
    """Read ``YYYY-MM-DD`` or ``Nd``; None when it is neither."""
    if match := _DAYS_AGO.fullmatch(value):
        return int(match.group(1))
    if match := _ISO_DAY.fullmatch(value):
        try:
            return date(*(int(part) for part in match.groups()))
        except ValueError:
            return None
    return None


@dataclass
class _Builder:
    """The parts of a filter as they are read, term by term."""

    parts: dict[str, list[str]] = field(default_factory=dict)
    bounds: dict[str, DayBound] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def add(self, name: str, value: str) -> None:
        """Take one ``name:value`` term (``name`` is a known field)."""
        if name in ("since", "until"):
            bound = _day_bound(value)
            if bound is None:
                self.problems.append(f"{name}:{value} is not a day (YYYY-MM-DD or 7d)")
            else:
                self.bounds[name] = bound
        elif name == "is" and value.casefold() not in STATES:
            self.problems.append(f"is:{value} is unknown (is:unread or is:bookmarked)")
        else:
            self.parts.setdefault(name, []).append(value.casefold() if name == "is" else value)

    def build(self) -> FilterQuery:
        """The filter read so far."""
        parts = self.parts
        return FilterQuery(
            words=tuple(parts.get("word", ())),
            tags=tuple(parts.get("tag", ())),
            categories=tuple(parts.get("cat", ())),
            since=self.bounds.get("since"),
            until=self.bounds.get("until"),
            states=tuple(dict.fromkeys(parts.get("is", ()))),
            problems=tuple(self.problems),
        )


def _field_of(token: str) -> tuple[str, str] | None:
    """``(name, value)`` when ``token`` is a known field with a value, else None."""
    name, colon, value = token.partition(":")
    if colon and value and name.casefold() in FIELDS:
        return name.casefold(), value
    return None


def parse_filter(text: str) -> FilterQuery:
    """Read what was typed into the filter box; never raises.

    Args:
        text: Anything (the box takes any characters).

    Returns:
        The filter, with a sentence in ``problems`` for each term dropped.
    """
    builder = _Builder()
    for match in _TERM.finditer(text):
        phrase, word = match.groups()
        if phrase is not None:
            if phrase.strip():
                builder.parts.setdefault("word", []).append(phrase)
            continue
        if (named := _field_of(word)) is not None:
            builder.add(*named)
        else:
            builder.parts.setdefault("word", []).append(word)
    return builder.build()


def _format_word(word: str) -> str:
    """A free term as text: quoted when it holds spaces or reads as a field."""
    if _WHITESPACE.search(word) or _field_of(word) is not None or word.startswith('"'):
        return f'"{word}"'
    return word


def _format_bound(bound: DayBound) -> str:
    return f"{bound}d" if isinstance(bound, int) else bound.isoformat()


def format_filter(query: FilterQuery) -> str:
    """Write ``query`` as filter text (``parse_filter`` reads it back equal)."""
    terms = [_format_word(word) for word in query.words]
    terms += [f"tag:{tag}" for tag in query.tags]
    terms += [f"cat:{category}" for category in query.categories]
    if query.since is not None:
        terms.append(f"since:{_format_bound(query.since)}")
    if query.until is not None:
        terms.append(f"until:{_format_bound(query.until)}")
    terms += [f"is:{state}" for state in query.states]
    return " ".join(terms)


def resolve_day(bound: DayBound, today: date) -> date:
    """The day a bound means on ``today`` (``7d``: seven days before)."""
    if isinstance(bound, int):
        try:
            return today - timedelta(days=bound)
        except OverflowError:
            return date.min
    return bound


@dataclass(frozen=True)
class PostFacts:
    """What a filter needs to know beyond the post itself.

    Attributes:
        read: Paths of the posts read.
        bookmarks: Paths of the bookmarked posts.
        names: Human name of each category slug.
        text_hits: Paths whose title or body matched the words (through the
            index); None to match the words against titles only.
        today: The day ``7d`` counts back from.
    """

    read: Collection[str]
    bookmarks: Collection[str]
    names: Mapping[str, str]
    text_hits: Collection[str] | None
    today: date


def _has_words(post: Post, words: tuple[str, ...], hits: Collection[str] | None) -> bool:
    if hits is not None and post.path in hits:
        return True
    title = post.title.casefold()
    return all(word.casefold() in title for word in words)


def _in_category(post: Post, wanted: str, names: Mapping[str, str]) -> bool:
    folded = wanted.casefold()
    return any(
        slug.casefold() == folded or names.get(slug, "").casefold() == folded
        for slug in post.categories
    )


def matcher(query: FilterQuery, facts: PostFacts) -> Callable[[Post], bool]:
    """A test that keeps the posts ``query`` selects (every term must hold)."""
    since = resolve_day(query.since, facts.today) if query.since is not None else None
    until = resolve_day(query.until, facts.today) if query.until is not None else None
    tags = [tag.casefold() for tag in query.tags]

    def keeps(post: Post) -> bool:
        if query.words and not _has_words(post, query.words, facts.text_hits):
            return False
        if tags and not all(tag in {t.casefold() for t in post.tags} for tag in tags):
            return False
        if not all(_in_category(post, name, facts.names) for name in query.categories):
            return False
        day = post.date.date()
        if (since is not None and day < since) or (until is not None and day > until):
            return False
        if "unread" in query.states and post.path in facts.read:
            return False
        return "bookmarked" not in query.states or post.path in facts.bookmarks

    return keeps
