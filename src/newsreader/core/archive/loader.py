"""Build an :class:`~newsreader.core.model.Archive` from a Jekyll folder.

Listing reads front matter only (a :class:`Post` holds no body); the body is
read again by :func:`read_body` when a post is opened. Bad input never stops
a load: each file that cannot be used, or is used with a fallback, adds a
:class:`~newsreader.core.model.Problem` and the other posts load as usual.

Post metadata follows Jekyll: the title is the front matter ``title`` or the
titleised slug; categories are the folders above ``_posts``, then
``categories`` (a list, or a string split on whitespace), then ``category``;
tags are ``tag`` if present, else ``tags``; ``published: false`` is kept as
``Post.published`` (filtering is :mod:`newsreader.core.archive.filters`' job; a
post dated in the future is made unpublished by
:func:`~newsreader.core.archive.build.build_archive`, at every load). Dates
are described in :mod:`newsreader.core.archive.dates`.
"""

from __future__ import annotations

import errno
import os
import re
from collections.abc import Iterable
from datetime import date, datetime, time, tzinfo
from functools import partial
from pathlib import Path

from newsreader.core.archive.build import build_archive
from newsreader.core.archive.config import SiteConfig, apply_defaults, read_config
from newsreader.core.archive.dates import from_timestamp, localize, parse_date
from newsreader.core.archive.discovery import (
    CATEGORY_DIR,
    PAGE_SUFFIXES,
    Candidate,
    discover,
    inside_archive,
    is_special,
    single_file,
)
from newsreader.core.archive.frontmatter_handler import shown_value, yaml_kind
from newsreader.core.archive.source import PostSource, UnusableFile, read_source
from newsreader.core.document.trailer import split_trailer
from newsreader.core.model import FROM_DEFAULTS, Archive, Post, Problem
from newsreader.core.parallel import parallel_map
from newsreader.core.progress import Progress
from newsreader.core.text.safe import clean, clean_line

_SLUG_WORDS = re.compile(r"[-_]+")
_SCALARS = (str, int, float, date)


def load_archive(root: Path, *, progress: Progress | None = None) -> Archive:
    """Load every post's metadata under ``root``.

    Args:
        root: An archive folder, or a single post file.
        progress: Called as ``progress(done, total)`` now and then while loading.

    Returns:
        The archive: all posts (published or not) newest first, ties by path,
        and every problem met, in path order.

    Raises:
        FileNotFoundError: ``root`` does not exist.
    """
    root = Path(root)
    if not root.exists():
        raise FileNotFoundError(errno.ENOENT, "no such file or folder", str(root))
    problems: list[Problem] = []
    if root.is_file():
        config, candidates = SiteConfig(), [single_file(root)]
    else:
        config, problems = read_config(root)
        candidates, skipped = discover(root)
        problems += skipped
    posts = _load_all(candidates, config, problems, progress)
    titles = category_titles(root, problems) if root.is_dir() else {}
    keyed = ((*post.sort_key, post) for post in posts)
    return build_archive(root, config.timezone, keyed, problems, titles, future=config.future)


def _load_all(
    candidates: list[Candidate],
    config: SiteConfig,
    problems: list[Problem],
    progress: Progress | None,
) -> list[Post]:
    """Load each candidate (on several cores when there are many), collecting problems."""
    posts: list[Post] = []
    read = partial(load_post, config=config)
    for post, found in parallel_map(read, candidates, progress=progress):
        if post is not None:
            posts.append(post)
        problems += found
    return posts


def load_post(candidate: Candidate, config: SiteConfig) -> tuple[Post | None, list[Problem]]:
    """Read one post's metadata (front matter only).

    Args:
        candidate: The file, as discovered.
        config: The site config (timezone and defaults).

    Returns:
        The post, or None when the file cannot be used; and the problems met.
    """
    rel = candidate.rel
    try:
        source = read_source(candidate.path, rel, with_body=False, with_tail=True)
    except UnusableFile as error:
        return None, [Problem(rel, error.reason)]
    problems = list(source.problems)
    data = apply_defaults(config, rel, source.front_matter)
    notes = _Notes(rel, problems, _defaulted(data, source.front_matter), source)
    slug = _one_line(data.get("slug"), notes, "slug") or candidate.name_slug
    folders = _unique(candidate.folder_categories)
    categories = _unique([*folders, *_categories(data, notes)])
    post = Post(
        path=rel,
        title=_one_line(data.get("title"), notes, "title") or titleize(slug),
        date=_post_date(candidate, data.get("date"), config.timezone, notes),
        slug=slug,
        categories=categories,
        tags=_tags(data, notes),
        published=data.get("published") is not False,
        folder_categories=len(folders),
        source=source_url(source.tail),
    )
    return post, problems


class _Notes:
    """A post's problems with its metadata, each naming where the odd value came from.

    A value the post's front matter lacks came from ``_config.yml``'s
    ``defaults``: the problem says so, or its reader looks for it in the post.
    Each reason is noted once: ``tags: [[a, b], [c]]`` skips two lists for
    one reason, and the file has one problem, not two.
    """

    __slots__ = ("rel", "problems", "defaulted", "source", "noted")

    def __init__(
        self,
        rel: str,
        problems: list[Problem],
        defaulted: frozenset[str] = frozenset(),
        source: PostSource | None = None,
    ) -> None:
        self.rel, self.problems, self.defaulted, self.source = rel, problems, defaulted, source
        self.noted: set[str] = set()

    def add(self, key: str, reason: str) -> None:
        """Note ``reason`` about the value of ``key`` (once), at the key's line when known."""
        if key in self.defaulted:
            reason = f"{reason} {FROM_DEFAULTS}"
            line = None
        else:
            line = self.source.key_line(key) if self.source is not None else None
        if reason not in self.noted:
            self.noted.add(reason)
            self.problems.append(Problem(self.rel, reason, line))


def _defaulted(data: dict[str, object], front_matter: dict[str, object]) -> frozenset[str]:
    """The keys ``data`` has from the defaults alone (none when no default applied)."""
    return frozenset() if data is front_matter else frozenset(data.keys() - front_matter.keys())


def source_url(tail: str) -> str:
    """The source URL of a mirrored post's trailer, found in the file's last lines.

    The same rule the document's parse applies to the whole body
    (:func:`newsreader.core.document.trailer.split_trailer`), so a listing and
    an opened post name the same source.
    """
    if not tail:  # most files: no URL at the end (see read_source's tail)
        return ""
    return clean_line(split_trailer(clean(tail))[1].source)


def titleize(slug: str) -> str:
    """Jekyll's title for a post without one: ``my-first_post`` -> ``My First Post``."""
    return clean_line(" ".join(word.capitalize() for word in _SLUG_WORDS.split(slug) if word))


def _text(value: object) -> str | None:
    """A scalar as Jekyll would print it (``true``, ``3``, ``2022-01-11``), else None."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, _SCALARS):
        return str(value)
    return None


def _one_line(value: object, notes: _Notes, key: str) -> str:
    """A one-line metadata field, cleaned; "" (with a problem if odd) when unusable."""
    if value is None:
        return ""
    text = _text(value)
    if text is None:
        notes.add(key, f"'{key}' is a {yaml_kind(value)}, not text: ignored")
        return ""
    return clean_line(text)


def _words(value: object, notes: _Notes, key: str, split: bool) -> list[str]:
    """The texts of a list or string field (strings split on whitespace if ``split``)."""
    if isinstance(value, str):  # the usual case, kept short
        return value.split() if split else [value]
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    texts: list[str] = []
    for item in items:
        text = _text(item)
        if text is None and item is not None:
            notes.add(key, f"'{key}' holds a {yaml_kind(item)}, not text: skipped")
        elif text is not None:
            texts.append(text)
    return texts


def _categories(data: dict[str, object], notes: _Notes) -> list[str]:
    plural = _words(data.get("categories"), notes, "categories", split=True)
    singular = _words(data.get("category"), notes, "category", split=False)
    return plural + singular


def _tags(data: dict[str, object], notes: _Notes) -> tuple[str, ...]:
    if data.get("tag") is not None:
        return _unique(_words(data["tag"], notes, "tag", split=False))
    return _unique(_words(data.get("tags"), notes, "tags", split=True))


def _unique(texts: Iterable[str]) -> tuple[str, ...]:
    """Clean each text, dropping empty ones and repeats, keeping first order."""
    cleaned = [text for text in map(clean_line, texts) if text]
    return tuple(dict.fromkeys(cleaned)) if len(cleaned) > 1 else tuple(cleaned)


def _post_date(candidate: Candidate, value: object, tz: tzinfo | None, notes: _Notes) -> datetime:
    """Front matter date, else the file name's, else the file's modification time."""
    if value is not None:
        parsed = parse_date(value, tz)
        if parsed is not None:
            return parsed
        notes.add("date", f"invalid date '{clean_line(shown_value(value))}': using the file name")
    if candidate.name_date is not None:
        return localize(datetime.combine(candidate.name_date, time()), tz)
    reason = "no date in front matter or file name: using the file's modification time"
    notes.problems.append(Problem(candidate.rel, reason))
    return _mtime(candidate.path, tz)


def _mtime(path: str, tz: tzinfo | None) -> datetime:
    """The file's modification time in ``tz`` (local time when None)."""
    try:
        stamp = os.stat(path).st_mtime
    except OSError:
        stamp = 0.0
    return from_timestamp(stamp, tz)


def category_titles(root: Path, problems: list[Problem]) -> dict[str, str]:
    """Names for category slugs from pages such as ``category/changzhouribao.md``.

    Args:
        root: The archive folder.
        problems: Where problems met reading the pages are added.

    Returns:
        ``{slug: title}`` for each page under ``category/`` with a title.
    """
    folder = root / CATEGORY_DIR
    root_real = os.path.realpath(root)
    try:
        pages = sorted(entry for entry in folder.iterdir() if _is_category_page(entry, root_real))
    except OSError:
        return {}
    titles: dict[str, str] = {}
    for page in pages:
        rel = f"{CATEGORY_DIR}/{page.name}"
        try:
            source = read_source(page, rel, with_body=False)
        except UnusableFile as error:
            problems.append(Problem(rel, error.reason))
            continue
        problems += source.problems
        notes = _Notes(rel, problems, source=source)  # a problem at the title's line
        title = _one_line(source.front_matter.get("title"), notes, "title")
        if title:
            titles[page.stem] = title
    return titles


def _is_category_page(path: Path, root_real: str) -> bool:
    """A page naming a category; never one linked outside (discovery reports those)."""
    if path.suffix.lower() not in PAGE_SUFFIXES or is_special(path.name):
        return False
    return path.is_file() and inside_archive(path, root_real)


def read_body(archive: Archive, post: Post) -> tuple[str, list[Problem]]:
    """Read a post's body (the text after its front matter) for opening.

    Args:
        archive: The archive the post belongs to.
        post: The post.

    Returns:
        The body, with escape and control characters removed, and the
        problems met ("" and a problem when the file is gone or unusable).
    """
    body, _line, problems = read_body_at(archive, post)
    return body, problems


def read_body_at(archive: Archive, post: Post) -> tuple[str, int, list[Problem]]:
    """Read a post's body as :func:`read_body` does, and the file line it starts on.

    Returns:
        The body, the 1-based line of the file its first line is (after the
        front matter; 1 without any), and the problems met.
    """
    try:
        source = read_source(archive.post_path(post), post.path)
    except UnusableFile as error:
        return "", 1, [Problem(post.path, error.reason)]
    return clean(source.body), source.body_line, list(source.problems)
