"""The archive at a glance (Textual-free): per category, posts per month, unread, problems.

The overview screen draws what this computes: one row per top-level category
(as the category tree names them), each with its posts counted per month
over a shared run of months, so the rows' sparklines line up, and its unread
and problem counts. Problems are filed under the category folder their file
lies in (a file that could not be read has no post to ask).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

from newsreader.core.archive.discovery import POSTS_DIR
from newsreader.core.model import Post, Problem

MAX_MONTHS = 120
"""Most months drawn, ending at the newest (a stray year-1 date must not flatten the rest)."""

UNCATEGORIZED = ""
"""The key of posts and problems outside any category."""

Month = tuple[int, int]


@dataclass(frozen=True, slots=True)
class CategoryRow:
    """One category's figures.

    Attributes:
        slug: The category's slug (``""`` for posts without one).
        label: Its human name.
        posts: How many posts it holds.
        unread: How many of them are unread.
        problems: Problems met in its files.
        per_month: Posts per month, one count per month of the overview.
    """

    slug: str
    label: str
    posts: int
    unread: int
    problems: int
    per_month: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Overview:
    """The whole picture: the months shown, and a row per category, biggest first."""

    months: tuple[Month, ...]
    rows: tuple[CategoryRow, ...]

    @property
    def span(self) -> str:
        """The months shown, e.g. ``2021-12 – 2022-03`` (``""`` with no post)."""
        if not self.months:
            return ""
        (y1, m1), (y2, m2) = self.months[0], self.months[-1]
        return f"{y1:04d}-{m1:02d} – {y2:04d}-{m2:02d}"


def _month_run(months: Iterable[Month]) -> tuple[Month, ...]:
    """Every month from the oldest to the newest given, at most :data:`MAX_MONTHS`."""
    present = sorted(set(months))
    if not present:
        return ()
    (first_y, first_m), (last_y, last_m) = present[0], present[-1]
    count = min((last_y - first_y) * 12 + last_m - first_m + 1, MAX_MONTHS)
    end = last_y * 12 + last_m - 1
    return tuple(((end - k) // 12, (end - k) % 12 + 1) for k in reversed(range(count)))


def problem_category(problem: Problem, by_path: Mapping[str, Post]) -> str:
    """The top-level category a problem's file belongs to (``""`` for none)."""
    post = by_path.get(problem.path)
    if post is not None:
        return post.categories[0] if post.categories else UNCATEGORIZED
    parts = problem.path.split("/")
    if POSTS_DIR in parts and parts.index(POSTS_DIR) > 0:
        return parts[0]
    return UNCATEGORIZED


def build_overview(
    posts: Sequence[Post],
    names: Mapping[str, str],
    read: Collection[str],
    problems: Iterable[Problem],
) -> Overview:
    """Count ``posts`` per category and month, with unread and problem counts.

    Args:
        posts: The posts the reader offers.
        names: Human names of category slugs (the catalog's).
        read: Paths of the posts read.
        problems: The archive's problems.
    """
    months = _month_run((post.date.year, post.date.month) for post in posts)
    slot = {month: n for n, month in enumerate(months)}
    members: dict[str, list[Post]] = {}
    for post in posts:
        members.setdefault(post.categories[0] if post.categories else UNCATEGORIZED, []).append(
            post
        )
    by_path = {post.path: post for post in posts}
    troubles = Counter(problem_category(problem, by_path) for problem in problems)
    rows = []
    for slug in members.keys() | troubles.keys():
        group = members.get(slug, [])
        counts = [0] * len(months)
        for post in group:
            if (index := slot.get((post.date.year, post.date.month))) is not None:
                counts[index] += 1
        unread = sum(1 for post in group if post.path not in read)
        label = names.get(slug, slug) if slug else "(no category)"
        rows.append(CategoryRow(slug, label, len(group), unread, troubles[slug], tuple(counts)))
    rows.sort(key=lambda row: (-row.posts, row.label))
    return Overview(months, tuple(rows))
