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
from collections.abc import Sequence
from pathlib import Path

from newsreader.core.index.first_page import DayCount, FactCount, FirstPage
from newsreader.core.model import Archive
from newsreader.core.state import StateStore
from newsreader.ui.model.catalog import ALL, Catalog, Group, GroupNode
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


def _paths(fact: FactCount) -> set[tuple[str, ...]]:
    """The category groups of a post with these facts (the catalog's rule).

    Folder categories nest (each prefix of the folder path is a group);
    the others are groups of their own.
    """
    folders = fact.categories[: fact.folders]
    paths = {folders[:depth] for depth in range(1, len(folders) + 1)}
    paths.update((slug,) for slug in fact.categories[fact.folders :])
    return paths


def _label(archive: Archive, slug: str, members: Sequence[FactCount]) -> str:
    """A category's name: the archive's title, else the one tag all its posts share."""
    if title := archive.category_titles.get(slug):
        return title
    shared: set[str] | None = None
    for fact in members:
        shared = set(fact.tags) if shared is None else shared & set(fact.tags)
        if not shared:
            return slug
    return next(iter(shared)) if shared and len(shared) == 1 else slug


def _category_nodes(archive: Archive, facts: Sequence[FactCount]) -> list[GroupNode]:
    """Top-level categories with their folder sub-categories, as the catalog nests them."""
    members: dict[tuple[str, ...], list[FactCount]] = {}
    for fact in facts:
        for path in _paths(fact):
            members.setdefault(path, []).append(fact)
    nodes: dict[tuple[str, ...], GroupNode] = {}
    for path in sorted(members, key=lambda p: (len(p), p)):
        count = sum(fact.count for fact in members[path])
        label = _label(archive, path[-1], members[path])
        nodes[path] = GroupNode(Group("category", path), label, count)
        if len(path) > 1 and path[:-1] in nodes:
            nodes[path[:-1]].children.append(nodes[path])
    return [node for path, node in nodes.items() if len(path) == 1]


def _date_nodes(days: Sequence[DayCount]) -> list[GroupNode]:
    """Years, months and days, newest first."""
    counts = Counter[tuple[str, str, str]]()
    for day in days:
        counts[day.day] += day.count
    years: dict[str, GroupNode] = {}
    months: dict[tuple[str, str], GroupNode] = {}
    for year, month, date in sorted(counts, reverse=True):
        if year not in years:
            years[year] = GroupNode(Group("year", (year,)), year, 0)
        if (year, month) not in months:
            node = GroupNode(Group("month", (year, month)), f"{year}-{month}", 0)
            months[year, month] = node
            years[year].children.append(node)
        count = counts[year, month, date]
        label = f"{year}-{month}-{date}"
        months[year, month].children.append(
            GroupNode(Group("day", (year, month, date)), label, count)
        )
        months[year, month].count += count
        years[year].count += count
    return list(years.values())


def _tag_nodes(facts: Sequence[FactCount]) -> list[GroupNode]:
    """Tags, most used first, ties by name."""
    counts = Counter[str]()
    for fact in facts:
        for tag in fact.tags:
            counts[tag] += fact.count
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [GroupNode(Group("tag", (tag,)), tag, count) for tag, count in ordered]


def catalog_of(archive: Archive, page: FirstPage) -> Catalog:
    """The tree of the whole archive, from the page's counts."""
    facts = [fact for fact in page.facts if fact.count]
    categories = sorted(_category_nodes(archive, facts), key=lambda n: (-n.count, n.label))
    names = {node.group.path[0]: node.label for node in categories}
    return Catalog(page.total, categories, _date_nodes(page.days), _tag_nodes(facts), names)


def unread_of(page: FirstPage) -> Counter[Group]:
    """Unread posts per tree group, from the page's counts."""
    counts: Counter[Group] = Counter()
    for fact in page.facts:
        if fact.unread:
            counts[ALL] += fact.unread
            for path in _paths(fact):
                counts[Group("category", path)] += fact.unread
            for tag in dict.fromkeys(fact.tags):
                counts[Group("tag", (tag,))] += fact.unread
    for day in page.days:
        if day.unread:
            year, month, _ = day.day
            counts[Group("year", (year,))] += day.unread
            counts[Group("month", (year, month))] += day.unread
            counts[Group("day", day.day)] += day.unread
    return counts
