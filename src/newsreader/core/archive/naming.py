"""How people name categories, tags and posts, and how a typed name is found again.

The reader shows a category by its human name (``常州日报新闻``), not by the
slug its files carry (``changzhouribao``); a script should be able to say
``--category 常州日报新闻`` as well as ``--category changzhouribao``. The naming
rule and the lookup live here, in the core, so the CLI and the reader agree.

Typed names are compared after NFKC normalisation and case folding, so
``ＴＥＣＨ``, ``Tech`` and ``tech`` are one name; a slug typed exactly always
wins over a folded match. A name that matches nothing is an :class:`Unknown`
that carries the nearest known names (:mod:`difflib`), so a typo is one clear
line instead of an empty listing.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Protocol

from newsreader.core.archive.filters import Criteria
from newsreader.core.model import Archive, Post

NEAREST = 3
"""How many known names an unknown one is shown with."""
CLOSE_ENOUGH = 0.6
"""The least :mod:`difflib` similarity a name shown as nearest has (its default)."""


def fold(name: str) -> str:
    """A name as lookups compare it: NFKC-normalised, case-folded, trimmed."""
    return unicodedata.normalize("NFKC", name).casefold().strip()


class Tagged(Protocol):
    """What naming a category needs of its members: their tags (a post, or counted facts)."""

    @property
    def tags(self) -> tuple[str, ...]: ...


def category_label(archive: Archive, slug: str, posts: Sequence[Tagged]) -> str:
    """Name a category for people: the archive's title, or the one shared tag.

    Args:
        archive: The archive, for its ``category_titles``.
        slug: The category slug.
        posts: The posts in the category (or anything with their tags).

    Returns:
        The archive's title for the slug; else the single tag every post in
        the category carries (``changzhouribao`` -> ``常州日报新闻``); else
        the slug itself.
    """
    if title := archive.category_titles.get(slug):
        return title
    shared: set[str] | None = None
    for post in posts:
        shared = set(post.tags) if shared is None else shared & set(post.tags)
        if not shared:
            return slug
    return next(iter(shared)) if shared and len(shared) == 1 else slug


def category_names(archive: Archive) -> dict[str, str]:
    """Every category slug of the archive with its human name, in slug order."""
    members: dict[str, list[Post]] = {}
    for post in archive.posts:
        for slug in post.categories:
            members.setdefault(slug, []).append(post)
    return {slug: category_label(archive, slug, members[slug]) for slug in sorted(members)}


@dataclass(frozen=True, slots=True)
class Unknown:
    """A typed name that names nothing in the archive.

    Attributes:
        kind: What was named: ``category``, ``tag`` or ``post``.
        name: The name as typed.
        nearest: The closest known names, best first (may be empty).
        refused: For a post whose file the loader did not take, its problem ("" otherwise).
    """

    kind: str
    name: str
    nearest: tuple[str, ...] = ()
    refused: str = ""

    def __str__(self) -> str:
        if self.refused:
            return f"{self.kind} {self.name!r} is not listed: {self.refused}"
        if not self.nearest:
            return f"unknown {self.kind} {self.name!r} (no {self.kind} of the archive is close)"
        return f"unknown {self.kind} {self.name!r} (nearest: {', '.join(self.nearest)})"


class NameIndex:
    """Known values (slugs, tags, paths) under every name that may be typed for them."""

    def __init__(self, kind: str, aliases: Mapping[str, Iterable[str]]) -> None:
        """Index ``aliases``: each known value with the names it answers to.

        Args:
            kind: What the values are, for messages (``category``).
            aliases: ``{value: names}``; each value also answers to itself.
        """
        self.kind = kind
        self._exact = set(aliases)
        self._folded: dict[str, list[str]] = {}
        self._shown: dict[str, str] = {}
        for value, names in aliases.items():
            for name in (value, *names):
                key = fold(name)
                values = self._folded.setdefault(key, [])
                if value not in values:
                    values.append(value)
                self._shown.setdefault(key, name)

    def lookup(self, name: str) -> tuple[str, ...] | Unknown:
        """The values ``name`` stands for, or an :class:`Unknown` with the nearest names."""
        if name in self._exact:
            return (name,)
        if found := self._folded.get(fold(name)):
            return tuple(found)
        close = difflib.get_close_matches(fold(name), self._folded, n=NEAREST, cutoff=CLOSE_ENOUGH)
        return Unknown(self.kind, name, tuple(self._shown[key] for key in close))

    def resolve(self, names: Iterable[str], unknown: list[Unknown]) -> tuple[str, ...]:
        """Every value the ``names`` stand for, in order; unknown names go to ``unknown``."""
        values: list[str] = []
        for name in names:
            found = self.lookup(name)
            if isinstance(found, Unknown):
                unknown.append(found)
            else:
                values.extend(found)
        return tuple(dict.fromkeys(values))


def resolve_criteria(archive: Archive, criteria: Criteria) -> tuple[Criteria, list[Unknown]]:
    """Turn the names typed for categories, tags and a post into what filters compare.

    Args:
        archive: The loaded archive, whose names are known.
        criteria: The criteria as typed (categories by slug or human name,
            tags in any case or width, a post by its path).

    Returns:
        The criteria with slugs, tags and paths as the posts carry them, and
        every name that matched nothing (its filter then keeps nothing).
    """
    unknown: list[Unknown] = []
    categories, tags, post = criteria.categories, criteria.tags, criteria.post
    if categories:
        names = category_names(archive)
        index = NameIndex("category", {slug: (label,) for slug, label in names.items()})
        categories = index.resolve(categories, unknown) or ("",)
    if tags:
        known = dict.fromkeys(tag for item in archive.posts for tag in item.tags)
        tags = NameIndex("tag", {tag: () for tag in known}).resolve(tags, unknown) or ("",)
    if post is not None:
        post = _resolve_post(archive, post, unknown)
    return replace(criteria, categories=categories, tags=tags, post=post), unknown


def _resolve_post(archive: Archive, path: str, unknown: list[Unknown]) -> str:
    """The post path ``path`` names (``./`` and backslashes forgiven), else ``path``."""
    paths = {post.path for post in archive.posts}
    if path in paths:
        return path
    tidy = path.replace("\\", "/").removeprefix("./")
    if tidy in paths:
        return tidy
    refused = [problem.reason for problem in archive.problems if problem.path == tidy]
    if refused:  # the file is there, but the loader could not use it: say why, not "unknown"
        unknown.append(Unknown("post", path, refused=refused[-1]))
        return path
    close = difflib.get_close_matches(tidy, sorted(paths), n=NEAREST, cutoff=CLOSE_ENOUGH)
    unknown.append(Unknown("post", path, tuple(close)))
    return path
