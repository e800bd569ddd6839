"""The archive's metadata: compact, immutable records built by the loader.

A :class:`Post` holds only metadata (no body text), so an archive of 10^5
posts stays small in memory; bodies are read when a post is opened or
exported (see :mod:`newsreader.core.document.model`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from pathlib import Path

from newsreader.core.text.safe import visible


@dataclass(frozen=True, slots=True)
class Problem:
    """A file that could not be used, or was used with a fallback.

    Attributes:
        path: POSIX path relative to the archive root (the file name as given
            when the archive is a single file).
        reason: Plain-language explanation a user can act on.
        line: 1-based line in the file, where known.
    """

    path: str
    reason: str
    line: int | None = None

    def __str__(self) -> str:
        """``path:line: reason``; the path's control and invisible characters written visibly."""
        path = visible(self.path)
        where = path if self.line is None else f"{path}:{self.line}"
        return f"{where}: {self.reason}"


FROM_DEFAULTS = "(the value is from _config.yml's defaults)"
"""Ends a problem with a value the post has from ``_config.yml``'s ``defaults``: one
mistake there is met by every post it applies to (a report may say it once)."""


def sorted_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Problems as every report lists them: by file, then by line (a whole-file one first), once.

    A problem met twice is listed and counted once, so the reader's list and
    the CLI's count agree; the loader notes each reason once per file, and
    this also drops the repeats an index built before that still stores.
    """
    return sorted(dict.fromkeys(problems), key=lambda item: (item.path, item.line or 0))


@dataclass(frozen=True, slots=True)
class Post:
    """One post's metadata, as Jekyll computes it.

    Attributes:
        path: POSIX path relative to the archive root (the file name when the
            archive is a single file). Unique within an archive.
        title: Clean one-line title (front matter ``title`` or the titleised slug).
        date: Timezone-aware date; its ``tzinfo`` is the post's own offset.
        slug: Jekyll slug (file name after the date, or front matter ``slug``).
        categories: Folder categories first, then front matter ones, deduplicated.
        tags: Front matter ``tag``/``tags``.
        published: False when front matter says ``published: false``, or when
            the post is dated after the load's present and ``_config.yml``
            lacks ``future: true`` (decided by the load, never stored).
        folder_categories: How many leading ``categories`` came from folders
            above ``_posts`` (the UI nests those as in the archive).
        source: The mirrored article's original URL (the trailer a mirror
            leaves at the body's end), or ``""``.
    """

    path: str
    title: str
    date: datetime
    slug: str
    categories: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    published: bool = True
    folder_categories: int = 0
    source: str = ""

    @property
    def sort_key(self) -> tuple[float, str]:
        """Key for newest-first order, ties broken by path (use with ``sorted``)."""
        return (-self.date.timestamp(), self.path)


@dataclass(frozen=True)
class Archive:
    """A loaded archive: every post's metadata and every problem met.

    Attributes:
        root: The folder given by the user (or the single post file).
        posts: All posts, published or not, newest first, ties by path.
        problems: Every problem met while loading, in path order.
        timezone: The archive's zone (``_config.yml`` ``timezone``, else local).
        category_titles: Human-readable names for category slugs, where the
            archive gives one (a page under ``category/`` with a ``title``).
    """

    root: Path
    posts: tuple[Post, ...]
    problems: tuple[Problem, ...] = ()
    timezone: tzinfo | None = None
    category_titles: Mapping[str, str] = field(default_factory=dict)

    def post_path(self, post: Post) -> Path:
        """Return the file on disk that holds ``post``."""
        if self.root.is_file():
            return self.root
        return self.root / post.path
