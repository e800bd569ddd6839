"""The reader's first screen, from the index alone: its page of posts and the tree's counts.

:func:`newsreader.core.index.first_page.first_page` gives the newest posts
and the counts by facts and by day; this module turns them into what a
:class:`~newsreader.ui.model.reading.Reading` shows: the tree's
:class:`~newsreader.ui.model.catalog.Catalog` and its unread counts, the same
ones :func:`~newsreader.ui.model.catalog.build_catalog` and
:func:`~newsreader.ui.model.catalog.unread_counts` give for the whole archive
(tests compare them), at the cost of a few groups instead of every post. The
reading is provisional: the full archive replaces it as soon as the
background check has loaded it (the live archive's path, which keeps the
tree's place and the list's selection). Meanwhile the list is the whole
archive's (:func:`whole_list`): the page, then the index's rows as they
scroll into view.

Textual-free, like the rest of ``ui/model``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from datetime import date
from functools import partial
from pathlib import Path

from newsreader.core.index.first_page import FactCount, FirstPage, posts_at
from newsreader.core.model import Archive, Post
from newsreader.core.state import StateStore
from newsreader.ui.model.catalog import (
    ALL,
    Catalog,
    Group,
    GroupKind,
    assemble_catalog,
    category_nodes,
    category_paths,
    date_nodes,
    fact_groups,
    tag_nodes,
)
from newsreader.ui.model.listing import DayRun, PagedPosts, day_runs
from newsreader.ui.model.reading import Derived, Reading

Completion = Callable[[list[Post]], Sequence[Post]]
"""What the list shows for the posts it is given (see :func:`whole_list`)."""


def first_archive(root: Path, page: FirstPage) -> Archive:
    """The archive as the first screen knows it: the page's posts, the stored problems."""
    return Archive(
        root=root,
        posts=tuple(page.posts),
        problems=tuple(page.problems),
        timezone=page.timezone,
        category_titles=page.category_titles,
    )


def first_reading(archive: Archive, page: FirstPage, state: StateStore) -> Reading:
    """A reading over the first page whose tree counts the whole archive.

    The list holds the page; the tree, its counts and the unread counts are
    the archive's. The post read last is found even when it is not on the
    page, so the reader reopens it at once. The reading is given these
    lookups rather than deriving a catalog of the page only to replace it
    (a third of this function's time, on the event loop).
    """
    by_path = {post.path: post for post in page.posts}
    for path, post in page.extra.items():
        by_path.setdefault(path, post)
    keys = [post.sort_key for post in page.posts]
    derived = Derived(
        catalog_of(archive, page),
        by_path,
        frozenset(state.read_paths()),
        unread_of(page),
        all(a <= b for a, b in zip(keys, keys[1:], strict=False)),
    )
    return Reading(archive, tuple(page.posts), state, derived=derived)


def catalog_of(archive: Archive, page: FirstPage) -> Catalog:
    """The tree of the whole archive, from the page's counts (the catalog's own builders)."""
    facts = [fact for fact in page.facts if fact.count]
    members: dict[tuple[str, ...], list[FactCount]] = {}
    for fact in facts:
        for path in category_paths(fact.categories, fact.folders):
            members.setdefault(path, []).append(fact)
    days = Counter[tuple[str, str, str]]()
    tags = Counter[str]()
    for day in page.days:
        days[day.day] += day.count
    for fact in facts:
        for tag in fact.tags:
            tags[tag] += fact.count
    return assemble_catalog(
        page.total,
        category_nodes(archive, members, lambda counted: sum(f.count for f in counted)),
        date_nodes(days),
        tag_nodes(tags),
    )


def unread_of(page: FirstPage) -> Counter[Group]:
    """Unread posts per tree group, from the page's counts.

    Days are summed into their months and years first: a group per day,
    month and year, not three per day (ten years of days are ~3,650).
    """
    counts: Counter[Group] = Counter()
    for fact in page.facts:
        if fact.unread:
            for group in [ALL, *fact_groups(fact.categories, fact.folders, fact.tags)]:
                counts[group] += fact.unread
    by_day: Counter[tuple[str, ...]] = Counter()
    for day in page.days:
        if day.unread:
            year, month, _ = day.day
            paths: tuple[tuple[str, ...], ...] = (day.day, (year, month), (year,))
            for path in paths:
                by_day[path] += day.unread
    for date_path, unread in by_day.items():
        counts[Group(_DATE_KINDS[len(date_path)], date_path)] += unread
    return counts


_DATE_KINDS: dict[int, GroupKind] = {1: "year", 2: "month", 3: "day"}
"""The date group of a path of this many parts."""


def whole_list(
    reading: Reading, *, unpublished: bool, cache_dir: Path | None = None
) -> Completion | None:
    """The first screen's page completed to the archive's list, or None when it cannot be.

    The list of every post newest first is the page followed by the index's
    rows: a :class:`~newsreader.ui.model.listing.PagedPosts` of the tree's
    total, laid out by the tree's days. Any other list (a group, a filter,
    another order) is given as it is. None when the page is the whole list,
    or when the tree's days do not add up to it or do not start as the page
    does (posts of several zones, whose days need not follow their order).

    Args:
        reading: The first screen's reading (its posts are the page).
        unpublished: Unpublished posts are offered.
        cache_dir: Cache directory instead of the user cache (tests).
    """
    page, total = reading.posts, reading.catalog.total
    days = days_in_order(reading.catalog)
    if not page or total <= len(page) or sum(n for _d, n in days) != total:
        return None
    if not starts_as(day_runs(page), days):
        return None
    root = reading.archive.root
    fetch = partial(posts_at, root, unpublished=unpublished, total=total, cache_dir=cache_dir)
    paged = PagedPosts(page, total, days, fetch)

    def complete(posts: list[Post]) -> Sequence[Post]:
        same = len(posts) == len(page) and all(a is b for a, b in zip(posts, page, strict=True))
        return paged if same else posts

    return complete


def days_in_order(catalog: Catalog) -> list[DayRun]:
    """The catalog's days, newest first, with their counts (the list's order by date)."""
    return [
        (date(*map(int, day.group.path)), day.count)
        for year in catalog.dates
        for month in year.children
        for day in month.children
    ]


def starts_as(page: list[DayRun], days: list[DayRun]) -> bool:
    """Whether the page's days are the first of ``days`` (its last one cut short, maybe)."""
    if not page or len(page) > len(days):
        return False
    *whole, (last_day, last_count) = page
    day, count = days[len(whole)]
    return whole == days[: len(whole)] and last_day == day and last_count <= count
