"""Assemble an :class:`~newsreader.core.model.Archive` from loaded posts and problems.

An archive is built in two places: by a plain load
(:func:`newsreader.core.archive.loader.load_archive`) and by a load through
the index (:mod:`newsreader.core.index.metadata`), and both must give equal
archives. The order of posts and problems is decided here once for both.
This module imports nothing but the model: a warm load through the index
imports neither YAML nor the loader.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import tzinfo
from pathlib import Path

from newsreader.core.model import Archive, Post, Problem, sorted_problems

Keyed = tuple[float, str, Post]
"""A post after its :attr:`~newsreader.core.model.Post.sort_key` (minus the date's
timestamp, then the path), in one flat tuple: a key tuple nested in a pair
cost 48 bytes more a post, some 48 MB held while 10^6 posts load."""


def build_archive(
    root: Path,
    timezone: tzinfo | None,
    keyed_posts: Iterable[Keyed],
    problems: Iterable[Problem],
    category_titles: dict[str, str],
) -> Archive:
    """Build the archive: posts newest first (ties by path), problems in path order.

    Args:
        root: The archive folder (or single post file) as given.
        timezone: The site's zone (``_config.yml``), None for local time.
        keyed_posts: Each post after its sort key (:data:`Keyed`); passing
            the key lets the index sort on stored timestamps instead of
            working each one out again.
        problems: Every problem met, in any order; those of one file and
            line keep the order they were met in.
        category_titles: ``{slug: title}`` from the archive's category pages.

    Returns:
        The archive.
    """
    ordered = sorted(keyed_posts)  # paths are unique keys: posts are never compared
    return Archive(
        root=root,
        posts=tuple(post for _stamp, _path, post in ordered),
        problems=tuple(sorted_problems(problems)),
        timezone=timezone,
        category_titles=category_titles,
    )
