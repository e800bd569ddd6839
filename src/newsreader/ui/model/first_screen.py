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
tree's place and the list's selection).

Textual-free, like the rest of ``ui/model``.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from newsreader.core.index.first_page import FactCount, FirstPage
from newsreader.core.model import Archive
from newsreader.core.state import StateStore
from newsreader.ui.model.catalog import (
    ALL,
    Catalog,
    Group,
    assemble_catalog,
    category_nodes,
    category_paths,
    date_nodes,
    day_groups,
    fact_groups,
    tag_nodes,
)
from newsreader.ui.model.reading import Reading


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
    page, so the reader reopens it at once.
    """
    reading = Reading(archive, tuple(page.posts), state)
    reading.catalog = catalog_of(archive, page)
    reading.unread = unread_of(page)
    for path, post in page.extra.items():
        reading.by_path.setdefault(path, post)
    return reading


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
    """Unread posts per tree group, from the page's counts."""
    counts: Counter[Group] = Counter()
    for fact in page.facts:
        if fact.unread:
            for group in [ALL, *fact_groups(fact.categories, fact.folders, fact.tags)]:
                counts[group] += fact.unread
    for day in page.days:
        if day.unread:
            for group in day_groups(day.day):
                counts[group] += day.unread
    return counts
