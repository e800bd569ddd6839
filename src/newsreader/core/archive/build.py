"""Assemble an :class:`~newsreader.core.model.Archive` from loaded posts and problems.

An archive is built in two places: by a plain load
(:func:`newsreader.core.archive.loader.load_archive`) and by a load through
the index (:mod:`newsreader.core.index.metadata`), and both must give equal
archives. The order of posts and problems is decided here once for both.
This module imports nothing but the model: a warm load through the index
imports neither YAML nor the loader.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterable
from dataclasses import replace
from datetime import tzinfo
from pathlib import Path

from newsreader.core.model import Archive, Post, Problem, sorted_problems

Keyed = tuple[float, str, Post]
"""A post after its :attr:`~newsreader.core.model.Post.sort_key` (minus the date's
timestamp, then the path), in one flat tuple: a key tuple nested in a pair
cost 48 bytes more a post, some 48 MB held while 10^6 posts load."""


def publish_cutoff(now: float | None = None) -> int:
    """The first timestamp Jekyll holds back as in the future, at ``now`` (default: the present).

    Jekyll's ``Publisher#hidden_in_the_future?`` is ``date.to_i > site.time.to_i``:
    whole seconds, so a post is held back when its timestamp is at least the
    second after the present one.
    """
    return math.floor(time.time() if now is None else now) + 1


def build_archive(
    root: Path,
    timezone: tzinfo | None,
    keyed_posts: Iterable[Keyed],
    problems: Iterable[Problem],
    category_titles: dict[str, str],
    *,
    future: bool,
    now: float | None = None,
) -> Archive:
    """Build the archive: posts newest first (ties by path), problems in path order.

    Without ``future`` (``_config.yml``'s, false by default) a post dated
    after ``now`` is unpublished, as Jekyll leaves it. That is decided here,
    at every load, from the date: never stored, so a post whose day has come
    is published by the next load of the same index rows.

    Args:
        root: The archive folder (or single post file) as given.
        timezone: The site's zone (``_config.yml``), None for local time.
        keyed_posts: Each post after its sort key (:data:`Keyed`); passing
            the key lets the index sort on stored timestamps instead of
            working each one out again.
        problems: Every problem met, in any order; those of one file and
            line keep the order they were met in.
        category_titles: ``{slug: title}`` from the archive's category pages.
        future: Publish posts dated after ``now``.
        now: The present, as a timestamp (default: the clock's).

    Returns:
        The archive.
    """
    ordered = sorted(keyed_posts)  # paths are unique keys: posts are never compared
    posts = [post for _stamp, _path, post in ordered]
    if not future:
        _hold_back(ordered, posts, publish_cutoff(now))
    return Archive(
        root=root,
        posts=tuple(posts),
        problems=tuple(sorted_problems(problems)),
        timezone=timezone,
        category_titles=category_titles,
    )


def _hold_back(ordered: list[Keyed], posts: list[Post], cutoff: int) -> None:
    """Make the posts dated at or after ``cutoff`` unpublished, in place.

    They are the first of ``ordered`` (newest first, its keys minus the
    timestamp), so only they are looked at: nothing is done per post of an
    archive without posts in the future.
    """
    for index, (stamp, _path, post) in enumerate(ordered):
        if -stamp < cutoff:
            return
        if post.published:
            posts[index] = replace(post, published=False)
