"""A post's metadata as stored in the index and as printed by ``--list --json``.

Both forms are derived from a :class:`~newsreader.core.model.Post` once, when
its file is read, so a warm listing neither re-encodes JSON nor re-parses it:

* :func:`encode_post` / :func:`decode_post` turn a post into plain SQLite
  column values and back (separate columns decode several times faster than
  one JSON document per post);
* :func:`post_json` is the post's JSON Lines record, stored next to it.

Categories and tags are stored joined by :data:`SEPARATOR`: they are cleaned
one-line texts (:func:`newsreader.core.textsafe.clean_line`), which can never
hold that control character. Titles and slugs get columns of their own.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime, tzinfo
from functools import lru_cache

from newsreader.core.model import Post, Problem

SEPARATOR = "\x1f"
"""Joins a post's categories (or tags) in one column; never part of one."""

PostColumns = tuple[float, str, str, str, str, str, str, int, int]
"""Sort stamp, title, ISO date, zone name, slug, categories, tags, published, folders."""


@lru_cache(maxsize=64)
def named_zone(key: str) -> tzinfo:
    """The named zone (imported and looked up only for posts that carry one)."""
    from zoneinfo import ZoneInfo

    return ZoneInfo(key)


def zone_key(zone: tzinfo | None) -> str:
    """A zone's IANA name when it is a named zone, else "".

    A ``ZoneInfo`` can only exist once :mod:`zoneinfo` is imported, so a
    listing of fixed-offset dates never pays for importing it.
    """
    zoneinfo = sys.modules.get("zoneinfo")
    if zoneinfo is not None and isinstance(zone, zoneinfo.ZoneInfo):
        return zone.key or ""
    return ""


def encode_post(post: Post) -> PostColumns:
    """The column values of a post (its path is the row's key, not a column).

    A named zone is kept by name so a decoded post's date is identical, not
    merely the same instant; the stamp is the post's sort key, stored so a
    listing sorts without converting 10^4 dates.
    """
    return (
        post.date.timestamp(), post.title, post.date.isoformat(), zone_key(post.date.tzinfo),
        post.slug, SEPARATOR.join(post.categories), SEPARATOR.join(post.tags),
        int(post.published), post.folder_categories,
    )  # fmt: skip


def decode_post(rel: str, columns: PostColumns) -> Post:
    """Rebuild the post :func:`encode_post` stored under ``rel``."""
    _stamp, title, iso, zone_key, slug, categories, tags, published, folders = columns
    date = datetime.fromisoformat(iso)
    if zone_key:
        date = date.astimezone(named_zone(zone_key))
    return Post(
        rel, title, date, slug,
        tuple(categories.split(SEPARATOR)) if categories else (),
        tuple(tags.split(SEPARATOR)) if tags else (),
        bool(published), folders,
    )  # fmt: skip


def post_record(post: Post) -> dict[str, object]:
    """The JSON form of a post's metadata (``--list --json``)."""
    return {
        "path": post.path,
        "title": post.title,
        "date": post.date.isoformat(),
        "categories": list(post.categories),
        "tags": list(post.tags),
        "slug": post.slug,
        "published": post.published,
    }


def post_json(post: Post) -> str:
    """:func:`post_record` as one JSON Lines line (UTF-8 text, not ``\\u`` escapes)."""
    return json.dumps(post_record(post), ensure_ascii=False)


def encode_problems(problems: list[Problem]) -> str:
    """Problems as a JSON list of ``[path, reason, line]``."""
    return json.dumps([[p.path, p.reason, p.line] for p in problems], ensure_ascii=False)


def decode_problems(data: str) -> list[Problem]:
    """Rebuild the problems :func:`encode_problems` stored."""
    if data == "[]":  # most files: skip the JSON parser
        return []
    return [Problem(path, reason, line) for path, reason, line in json.loads(data)]
