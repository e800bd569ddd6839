"""The category tree's content: which groups an archive's posts fall into.

Pure data (no Textual), so the grouping rules are tested without an app and
the ``CategoryTree`` widget only draws what this module computes. Domain logic
stays out of widget modules.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import compress, repeat
from operator import attrgetter, contains, methodcaller
from typing import Literal, TypeVar

from newsreader.core.archive.naming import Tagged
from newsreader.core.archive.naming import category_label as category_label  # shared with the CLI
from newsreader.core.model import Archive, Post
from newsreader.ui.model.filter_query import unread_of

T = TypeVar("T", bound=Tagged)

GroupKind = Literal["all", "category", "year", "month", "day", "tag", "bookmarks"]


@dataclass(frozen=True, slots=True)
class Group:
    """A selectable set of posts (one node of the category tree).

    Attributes:
        kind: Which rule selects the posts.
        path: For ``category``, the slugs from the top (folder categories
            nest, so ``("news", "local")``); for ``year``/``month``,
            ``("2022",)`` or ``("2022", "01")``; for ``day``,
            ``("2022", "01", "11")``; for ``tag``, ``(tag,)``.
    """

    kind: GroupKind
    path: tuple[str, ...] = ()

    def matches(self, post: Post) -> bool:
        """Tell whether ``post`` belongs to this group (bookmarks excepted).

        Args:
            post: Any post of the archive.

        Returns:
            True when the post is in the group. A one-slug category matches a
            post carrying that category anywhere; a deeper one matches the
            post's folder categories by prefix, as Jekyll folders nest.
        """
        if self.kind == "all":
            return True
        if self.kind == "category":
            if len(self.path) == 1:
                return self.path[0] in post.categories
            folders = post.categories[: post.folder_categories]
            return folders[: len(self.path)] == self.path
        if self.kind in ("year", "month", "day"):
            return _date_path(post)[: len(self.path)] == self.path
        if self.kind == "tag":
            return self.path[0] in post.tags
        return False


ALL = Group("all")
"""Every post the reader shows."""
BOOKMARKS = Group("bookmarks")
"""The bookmarked posts."""


@dataclass(slots=True)
class GroupNode:
    """A group as the tree shows it: a human label, a count and sub-groups."""

    group: Group
    label: str
    count: int
    children: list[GroupNode] = field(default_factory=list)


def _date_path(post: Post) -> tuple[str, str, str]:
    """Year, month and day of a post in its own zone (what its file name says)."""
    return _day_path(post.date)


def _day_path(day: date) -> tuple[str, str, str]:
    """Year, month and day of a date, as the tree's groups name them."""
    return (f"{day.year:04d}", f"{day.month:02d}", f"{day.day:02d}")


def _category_paths(post: Post) -> set[tuple[str, ...]]:
    """Every category group a post is in: its folder path's prefixes and its other slugs."""
    return category_paths(post.categories, post.folder_categories)


def category_paths(categories: tuple[str, ...], folder_count: int) -> set[tuple[str, ...]]:
    """The category groups of these categories: each prefix of the folder path, then the rest.

    Folder categories nest (``news/local`` is in ``news`` too); the others are
    groups of their own.
    """
    folders = categories[:folder_count]
    paths = {folders[:depth] for depth in range(1, len(folders) + 1)}
    paths.update((slug,) for slug in categories[folder_count:])
    return paths


def day_groups(day: tuple[str, str, str]) -> list[Group]:
    """The year, month and day groups of a post of ``day``."""
    year, month, _ = day
    return [Group("year", (year,)), Group("month", (year, month)), Group("day", day)]


def fact_groups(
    categories: tuple[str, ...], folder_count: int, tags: tuple[str, ...]
) -> list[Group]:
    """The category and tag groups of a post with these facts (each tag once)."""
    groups = [Group("category", path) for path in category_paths(categories, folder_count)]
    groups += [Group("tag", (tag,)) for tag in dict.fromkeys(tags)]
    return groups


_DATE = attrgetter("date")
_DAY = methodcaller("date")
_FACTS = attrgetter("categories", "folder_categories", "tags")
"""What :func:`unread_counts` reads of a post: its day and its groups' facts."""


def unread_counts(posts: Iterable[Post], read: Collection[str]) -> Counter[Group]:
    """Unread posts per tree group, in one pass over ``posts``.

    Posts are counted by their day and, apart, by their categories and tags:
    a post's day groups do not depend on its other groups, and each of the
    two has few distinct values (days, and a mirror's few combinations),
    expanded to groups after. Counted together, as one key, nearly every
    post of a 10^5 archive (30 years of days) was a key of its own, 7.8 MB of
    keys at the reader's peak. The unread posts are chosen and counted by
    C-level iterators (``Counter`` of a ``map``) rather than a Python loop
    (10^6 posts: 0.71 s, now 0.63 s; the rest is hashing the keys).
    """
    unread = unread_of(list(posts), read) if read else list(posts)
    days: Counter[date] = Counter(map(_DAY, map(_DATE, unread)))
    facts: Counter[tuple[tuple[str, ...], int, tuple[str, ...]]] = Counter(map(_FACTS, unread))
    counts: Counter[Group] = Counter()
    if days:
        counts[ALL] = days.total()
    for day, count in days.items():
        for group in day_groups(_day_path(day)):
            counts[group] += count
    for (categories, folders, tags), count in facts.items():
        for group in fact_groups(categories, folders, tags):
            counts[group] += count
    return counts


def groups_of(post: Post) -> list[Group]:
    """Every tree group ``post`` counts in (bookmarks aside): for the unread counts."""
    facts = fact_groups(post.categories, post.folder_categories, post.tags)
    return [ALL, *day_groups(_date_path(post)), *facts]


def posts_in(posts: Sequence[Post], group: Group, bookmarks: Sequence[str] = ()) -> list[Post]:
    """Select the posts of ``group``, keeping the archive's newest-first order.

    Args:
        posts: Posts to choose from (already filtered for publication).
        group: The selected group.
        bookmarks: Bookmarked post paths, for the bookmarks group.

    Returns:
        The posts in the group.
    """
    if group.kind == "all":  # every post: no test of each (0.25 s over 10^6 posts)
        return list(posts)
    if group.kind in ("tag", "category") and len(group.path) == 1:
        # A label the post carries, tested by C-level iterators (a third of the time).
        labels = map(_TAGS if group.kind == "tag" else _CATEGORIES, posts)
        return list(compress(posts, map(contains, labels, repeat(group.path[0]))))
    if group.kind == "bookmarks":
        marked = set(bookmarks)
        return [post for post in posts if post.path in marked]
    return [post for post in posts if group.matches(post)]


_TAGS = attrgetter("tags")
_CATEGORIES = attrgetter("categories")


def category_nodes(
    archive: Archive,
    members: Mapping[tuple[str, ...], Sequence[T]],
    count: Callable[[Sequence[T]], int],
) -> list[GroupNode]:
    """Top-level categories, with folder categories nested below their parents.

    Args:
        archive: The archive (for human category names).
        members: What falls in each category path: posts, or the index's
            counted facts (the first screen), each with its tags.
        count: How many posts a path's members stand for.
    """
    nodes: dict[tuple[str, ...], GroupNode] = {}
    for path in sorted(members, key=lambda p: (len(p), p)):
        label = category_label(archive, path[-1], members[path])
        nodes[path] = GroupNode(Group("category", path), label, count(members[path]))
        if len(path) > 1 and path[:-1] in nodes:
            nodes[path[:-1]].children.append(nodes[path])
    return [node for path, node in nodes.items() if len(path) == 1]


def date_nodes(days: Counter[tuple[str, str, str]]) -> list[GroupNode]:
    """Years, newest first, each with its months and their days, from posts per day."""
    years: dict[str, GroupNode] = {}
    months: dict[tuple[str, str], GroupNode] = {}
    for year, month, day in sorted(days, reverse=True):
        if year not in years:
            years[year] = GroupNode(Group("year", (year,)), year, 0)
        if (year, month) not in months:
            node = GroupNode(Group("month", (year, month)), f"{year}-{month}", 0)
            months[year, month] = node
            years[year].children.append(node)
        count = days[year, month, day]
        day_node = GroupNode(Group("day", (year, month, day)), f"{year}-{month}-{day}", count)
        months[year, month].children.append(day_node)
        months[year, month].count += count
        years[year].count += count
    return list(years.values())


def tag_nodes(counts: Counter[str]) -> list[GroupNode]:
    """Tags, most used first, ties by name, from posts per tag."""
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [GroupNode(Group("tag", (tag,)), tag, count) for tag, count in ordered]


def assemble_catalog(
    total: int, categories: list[GroupNode], dates: list[GroupNode], tags: list[GroupNode]
) -> Catalog:
    """The catalog of these branches: biggest categories first, and their names."""
    categories = sorted(categories, key=lambda n: (-n.count, n.label))
    names = {node.group.path[0]: node.label for node in categories}
    return Catalog(total, categories, dates, tags, names)


@dataclass(frozen=True, slots=True)
class Catalog:
    """Every branch of the category tree, computed once per archive load."""

    total: int
    categories: list[GroupNode]
    dates: list[GroupNode]
    tags: list[GroupNode]
    names: dict[str, str] = field(default_factory=dict)
    """Human name of each top-level category slug (the list's source column)."""


def build_catalog(archive: Archive, posts: Sequence[Post]) -> Catalog:
    """Group ``posts`` by category, date and tag.

    Args:
        archive: The archive (for human category names).
        posts: The posts the user may see (unpublished ones already removed
            unless asked for).

    Returns:
        The catalog the tree shows.
    """
    members: dict[tuple[str, ...], list[Post]] = {}
    for post in posts:
        for path in _category_paths(post):
            members.setdefault(path, []).append(post)
    return assemble_catalog(
        len(posts),
        category_nodes(archive, members, len),
        date_nodes(Counter(_date_path(post) for post in posts)),
        tag_nodes(Counter(tag for post in posts for tag in post.tags)),
    )
