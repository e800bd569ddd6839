"""Choose which posts to show: by category, tag, date range, state or path.

Kept apart from loading so the archive always holds every post and the UI
and CLI can change their selection without reading files again.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from newsreader.core.model import Post

ISO_DAY = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
"""``YYYY-MM-DD`` (one-digit month and day accepted), in ``--since`` and ``since:`` alike."""
_DAYS_AGO = re.compile(r"([0-9]{1,5})d")
FILTER_TERM = re.compile(r'([A-Za-z]+):"([^"]*)"?|"([^"]*)"?|(\S+)')
"""A term of the reader's filter: a field with a quoted value, a quoted phrase, or any other
run of non-blanks (groups: field, its quoted value, phrase, word)."""
FILTER_FIELDS = ("tag", "cat", "since", "until", "is")
"""Field prefixes the filter language knows (``name:value``)."""


def field_terms(text: str) -> Iterator[tuple[str, str, str]]:
    """Each field term of the filter language in ``text``: as written, the field, its value.

    Outside quotes only: ``"tag:x"`` is a phrase. The CLI refuses these in
    ``--search``, where they would be searched as words.
    """
    for match in FILTER_TERM.finditer(text):
        name, value, _phrase, word = match.groups()
        if word is not None:
            name, colon, value = word.partition(":")
            if not colon:
                continue
        if name is not None and name.casefold() in FILTER_FIELDS:
            yield match.group(0), name.casefold(), value


_NAMED_DAYS = {"today": 0, "yesterday": 1}


def days_ago(text: str) -> int | None:
    """How many days before today ``7d``, ``today`` or ``yesterday`` is; None for other text.

    One reading for ``--since``/``--until`` and the reader's filter alike.
    """
    text = text.strip()
    if (match := _DAYS_AGO.fullmatch(text)) is not None:
        return int(match.group(1))
    return _NAMED_DAYS.get(text.lower())


@dataclass(frozen=True)
class Criteria:
    """What to select; the defaults select every published post.

    Attributes:
        categories: Keep posts in any of these category slugs (case-sensitive).
        tags: Keep posts with any of these tags.
        since: Keep posts dated on or after this day (the post's own local day).
        until: Keep posts dated on or before this day.
        unpublished: Also keep unpublished posts (``published: false``, or in the future).
        post: Keep only the post with this path relative to the archive.
    """

    categories: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    since: date | None = None
    until: date | None = None
    unpublished: bool = False
    post: str | None = None


def select(posts: Iterable[Post], criteria: Criteria) -> list[Post]:
    """Keep the posts that meet every given criterion, in their order.

    Args:
        posts: Posts to choose from (usually ``Archive.posts``).
        criteria: What to keep.

    Returns:
        The matching posts.
    """
    return [post for post in posts if matches(post, criteria)]


def matches(post: Post, criteria: Criteria) -> bool:
    """Tell whether one post meets every given criterion."""
    if criteria.post is not None and post.path != criteria.post:
        return False
    if not (criteria.unpublished or post.published):
        return False
    if criteria.categories and not set(criteria.categories).intersection(post.categories):
        return False
    if criteria.tags and not set(criteria.tags).intersection(post.tags):
        return False
    day = post.date.date()  # in the post's own offset, as its author dated it
    if criteria.since is not None and day < criteria.since:
        return False
    return criteria.until is None or day <= criteria.until


def parse_cli_date(text: str, today: Callable[[], date]) -> date:
    """Read a ``--since``/``--until`` value: a day, or a number of days before today.

    Args:
        text: ``YYYY-MM-DD`` (one-digit month and day accepted), or ``Nd``
            (``0d`` today, ``7d`` a week ago), ``today`` or ``yesterday``, as
            the reader's filter takes them.
        today: Gives today's date in the archive's zone, asked only for ``Nd``.

    Returns:
        The day.

    Raises:
        ValueError: The text is not a valid day; the message says what is expected.
    """
    text = text.strip()
    if (back := days_ago(text)) is not None:
        try:
            return today() - timedelta(days=back)
        except OverflowError:
            return date.min
    match = ISO_DAY.fullmatch(text)
    if match is None:
        raise ValueError(
            f"invalid date {text!r}: expected YYYY-MM-DD or a number of days ago,"
            " e.g. 2022-01-31, 7d, today or yesterday"
        )
    try:
        return date(*(int(part) for part in match.groups()))
    except ValueError as error:
        raise ValueError(f"invalid date {text!r}: {error}") from None
