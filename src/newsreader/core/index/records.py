"""A post's metadata as stored in the index and as printed by ``--list --json``.

Both forms are derived from a :class:`~newsreader.core.model.Post` once, when
its file is read, so a warm listing neither re-encodes JSON nor re-parses it:

* :func:`encode_post` / :func:`decode_post` turn a post into one text with
  separated fields and back (several times faster than a JSON document or a
  column per field);
* :func:`post_json` is the post's JSON Lines record, stored next to it.

The separators are control characters, which cleaned metadata never holds.

A file name need not be UTF-8: Python gives its undecodable bytes as lone
surrogates (``surrogateescape``), which an SQLite text value cannot hold.
:func:`stored` keeps such a value as the BLOB of its original bytes and
:func:`text_of` turns it back, so every name the file system allows is
indexed and found again; JSON texts carry them as ``\\uXXXX`` escapes.
The rows of the index's tables travel as named tuples (:class:`FileRow`,
:class:`TextRow`): SQLite binds and returns them as plain tuples, so naming
their columns costs nothing, and they pickle between worker processes.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Sequence
from datetime import datetime, timezone, tzinfo
from functools import lru_cache
from json.encoder import encode_basestring  # what json.dumps(ensure_ascii=False) uses
from typing import NamedTuple

from newsreader.core.archive.dates import stamp
from newsreader.core.index.db import UNREADABLE
from newsreader.core.model import Post, Problem
from newsreader.core.text.safe import clean, escape_json

FIELD = "\x1f"
"""Separates a stored post's fields."""

ITEM = "\x1e"
"""Joins a post's categories (or tags) within one field."""

_ENCODE = json.JSONEncoder(ensure_ascii=False).encode
"""``json.dumps(value, ensure_ascii=False)`` without building an encoder per call
(what ``dumps`` does for any keyword argument): ~3 us a post of a cold listing."""

_FOREIGN = re.compile("[\ud800-\udc7f\udd00-\udfff]")
"""Surrogates that ``surrogateescape`` does not make (it makes U+DC80-U+DCFF)."""

Stored = str | bytes
"""A text as an SQLite column holds it: text, or the BLOB of a name's raw bytes."""


def stored(text: str) -> Stored:
    """``text`` as SQLite can store it: itself, or its bytes when it holds surrogates.

    Only a text that UTF-8 cannot encode becomes a BLOB (of the bytes the
    file system gave), so every ordinary row stays text and costs nothing;
    a BLOB never equals a text, so the two forms cannot collide. A surrogate
    no file name can hold (from a YAML escape) becomes U+FFFD, as in the
    search text.
    """
    if text.isascii():
        return text
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _FOREIGN.sub("\ufffd", text).encode("utf-8", "surrogateescape")
    return text


def text_of(value: Stored) -> str:
    """Undo :func:`stored`."""
    if isinstance(value, str):
        return value
    return value.decode("utf-8", "surrogateescape")


class FileRow(NamedTuple):
    """A row of the ``files`` table: one file the metadata cache has read.

    Attributes:
        rel: The file's path relative to the archive root (the key), as
            :func:`stored` keeps it.
        size: Its size when read.
        mtime_ns: Its modification time when read, in nanoseconds.
        problems: Its problems, as :func:`encode_problems` stores them.
        stamp: The post's date as a POSIX timestamp (its sort key); None when
            the file is not a usable post, as are the next two.
        post: The post, as :func:`encode_post` and :func:`stored` keep it.
        line: The post's ``--list --json`` line (:func:`post_json`).
        listed: The post's ``--list`` line (:func:`text_line`), cleaned as the
            CLI prints it.
    """

    rel: Stored
    size: int
    mtime_ns: int
    problems: str
    stamp: float | None = None
    post: Stored | None = None
    line: str | None = None
    listed: str | None = None


FILE_COLUMNS = ", ".join(FileRow._fields)
"""The ``files`` columns in :class:`FileRow` order, for ``SELECT`` and ``INSERT``."""


class TextRow(NamedTuple):
    """A post's searchable text, ready for the ``texts`` and ``fts`` tables.

    The long columns are UTF-8 bytes, encoded by the worker that read the
    post (see :func:`newsreader.core.index.fill.text_row`).

    Attributes:
        rel: The post's path relative to the archive root.
        size: The post file's size when read.
        mtime_ns: Its modification time when read, in nanoseconds.
        title: The title.
        body: The body's text, one line per block.
        located: The block map (each block's start in ``body`` and the
            outline's rows, :mod:`newsreader.core.index.blockmap`); None for
            a quick text, not yet located.
        title_tokens: The title as the FTS table is given it.
        body_tokens: The body as the FTS table is given it.
    """

    rel: str
    size: int
    mtime_ns: int
    title: bytes
    body: bytes
    located: bytes | None
    title_tokens: bytes
    body_tokens: bytes

    def texts_values(self, row_id: int) -> tuple[int, Stored, int, int, bytes, bytes, bytes | None]:
        """The ``texts`` columns, under ``row_id`` (the path as :func:`stored` keeps it)."""
        return (row_id, stored(self.rel), self.size, self.mtime_ns, *self.stored_text())

    def stored_text(self) -> tuple[bytes, bytes, bytes | None]:
        """Title, body and block map: the columns a located text replaces."""
        return self.title, self.body, self.located

    def fts_values(self, row_id: int) -> tuple[int, bytes, bytes]:
        """The ``fts`` columns (rowid, title and body tokens), under ``row_id``."""
        return row_id, self.title_tokens, self.body_tokens


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


def encode_post(post: Post) -> str:
    """A post's metadata as one text (its path is the row's key, not part of it).

    One column decodes several times faster than one per field. Every field
    but the slug is cleaned text (:func:`newsreader.core.text.safe.clean_line`)
    or generated, so it holds no control character; the slug comes last and
    is split off whole, so a file name may give it any character. A named
    zone is kept by name so a decoded post's date is identical, not merely
    the same instant.
    """
    fields = (
        post.date.isoformat(), zone_key(post.date.tzinfo), "1" if post.published else "",
        str(post.folder_categories), ITEM.join(post.categories), ITEM.join(post.tags),
        post.source, post.title, post.slug,
    )  # fmt: skip
    return FIELD.join(fields)


class Shared:
    """Equal values of many decoded posts, kept once (:func:`decode_post`'s ``shared``).

    A mirror has a few categories, tags and offsets for 10^5 posts: decoded
    apart, each post held its own tuples, texts and ``timezone``, ~25 MB of
    the reader's 10^5 posts (tracemalloc). One per load: what it keeps goes
    with the load.
    """

    __slots__ = ("items", "zones")

    def __init__(self) -> None:
        self.items: dict[str, tuple[str, ...]] = {"": ()}
        self.zones: dict[tzinfo, tzinfo] = {}

    def items_of(self, field: str) -> tuple[str, ...]:
        """The categories (or tags) a stored field joins, one tuple per distinct field."""
        found = self.items.get(field)
        if found is None:
            found = self.items[field] = tuple(field.split(ITEM))
        return found

    def date(self, date: datetime) -> datetime:
        """``date`` with one zone object per offset (``fromisoformat`` gives unnamed offsets)."""
        zone = date.tzinfo
        if zone is None or type(zone) is not timezone:
            return date
        kept = self.zones.setdefault(zone, zone)
        return date if kept is zone else date.replace(tzinfo=kept)


def decode_post(rel: str, data: str, shared: Shared | None = None) -> Post:
    """Rebuild the post :func:`encode_post` stored under ``rel``.

    Args:
        rel: The post's path.
        data: What :func:`encode_post` gave.
        shared: Where equal categories, tags and zones of a load are kept once.

    Raises:
        ValueError: (or another of :data:`UNREADABLE`) ``data`` is not such a text.
    """
    iso, zone, published, folders, categories, tags, source, title, slug = data.split(FIELD, 8)
    date = datetime.fromisoformat(iso)
    if zone:
        date = in_zone(date, named_zone(zone))
    elif shared is not None:
        date = shared.date(date)
    if shared is not None:
        return Post(
            rel, title, date, slug, shared.items_of(categories), shared.items_of(tags),
            published == "1", int(folders), source,
        )  # fmt: skip
    return Post(
        rel, title, date, slug,
        tuple(categories.split(ITEM)) if categories else (),
        tuple(tags.split(ITEM)) if tags else (),
        published == "1", int(folders), source,
    )  # fmt: skip


def in_zone(date: datetime, zone: tzinfo) -> datetime:
    """``date`` (with the offset it was stored with) back in its named ``zone``.

    The wall time is kept and the zone re-attached, with the fold that gives
    the stored offset, so no conversion runs: converting ``0001-01-01`` east
    of UTC would leave the calendar (``OverflowError``). A date whose offset
    the zone cannot give keeps its fixed offset: the same instant.
    """
    for fold in (0, 1):
        placed = date.replace(tzinfo=zone, fold=fold)
        if placed.utcoffset() == date.utcoffset():
            return placed
    try:
        return date.astimezone(zone)
    except (OverflowError, ValueError):
        return date


class Entry(NamedTuple):
    """A :class:`FileRow` decoded and checked: what a load uses of it."""

    rel: str
    row: FileRow
    problems: tuple[Problem, ...]
    post: Post | None


def decode_row(row: FileRow, shared: Shared | None = None) -> Entry | None:
    """Decode a stored row, or None when any column is unreadable (``shared``: see :class:`Shared`).

    The index is only a cache, and a file that is valid SQLite can still hold
    anything in its rows; such a row is then re-read from its file instead of
    stopping every load. The checks are inline type tests: a warm load runs
    them for every post (~1 ms at 10^4).
    """
    rel, size, mtime, problems, stamp, post, line, listed = row
    try:
        rel = rel if type(rel) is str else text_of(rel)
        if type(size) is not int or type(mtime) is not int:
            return None
        found = () if problems == "[]" else tuple(decode_problems(problems))
        if stamp is None or post is None or line is None:
            return Entry(rel, row, found, None)
        if type(stamp) is not float or not _looks_like_line(line) or type(listed) is not str:
            return None  # the text line too: a row a listing cannot stream is written again
        return Entry(
            rel, row, found, decode_post(rel, post if type(post) is str else text_of(post), shared)
        )
    except UNREADABLE:
        return None


def _looks_like_line(line: object) -> bool:
    """A cheap check that a stored JSON line is one of :func:`post_json`'s."""
    return (
        type(line) is str
        and line.startswith('{"path": ')
        and line.endswith("}")
        and "\n" not in line
    )


def post_record(post: Post) -> dict[str, object]:
    """The JSON form of a post's metadata (``--list --json``); ``source`` only when known."""
    record: dict[str, object] = {
        "path": post.path,
        "title": post.title,
        "date": post.date.isoformat(),
        "categories": list(post.categories),
        "tags": list(post.tags),
        "slug": post.slug,
        "published": post.published,
    }
    if post.source:
        record["source"] = post.source
    return record


def post_json(post: Post) -> str:
    """:func:`post_record` as one JSON Lines line (UTF-8 text, not ``\\u`` escapes).

    Only what a terminal or SQLite cannot take is escaped
    (:func:`newsreader.core.text.safe.escape_json`): a name's undecodable
    bytes, as their surrogates, so the line can be stored and printed as is.
    """
    return escape_json(_ENCODE(post_record(post)))


def text_line(post: Post) -> str:
    """``date  categories  title``: a post's ``--list`` line, cleaned for a terminal.

    The year always has four digits (``0001``). Cleaned here, as the CLI
    would clean it on its way out (:func:`newsreader.core.text.safe.clean`:
    no control character; a lone surrogate, such as a name's undecodable
    byte, shown as ``\\xNN`` or ``\\uXXXX``), so the line is text SQLite stores as it is
    (never :func:`stored`'s BLOB) and a listing prints it as stored.
    """
    when = stamp(post.date, "%Y-%m-%d %H:%M %z")
    return clean(f"{when}  {','.join(post.categories) or '-'}  {post.title}")


def hit_json(line: str, snippet: str, section: Sequence[str]) -> str:
    """A search hit's ``--list --json`` line: its post's :func:`post_json`, snippet, section.

    ``json.dumps(..., ensure_ascii=False)`` writes a dict's keys in order with
    ``", "`` and ``": "``, and each text as ``encode_basestring`` does, so the
    two keys added at the end of the stored line give the very line that
    encoding the whole record would (tests compare them), in an eighth of
    the time of even ``json.dumps`` of the two keys (10^4 hits: ~0.13 s).
    """
    labels = ", ".join(map(encode_basestring, section))
    added = f'"snippet": {encode_basestring(snippet)}, "section": [{labels}]'
    return escape_json(f"{line[:-1]}, {added}}}")


def encode_problems(problems: list[Problem]) -> str:
    """Problems as a JSON list of ``[path, reason, line]`` (escaped as :func:`post_json`)."""
    if not problems:  # nearly every post: what the encoder gives, without it
        return "[]"
    return escape_json(_ENCODE([[p.path, p.reason, p.line] for p in problems]))


def decode_problems(data: str) -> list[Problem]:
    """Rebuild the problems :func:`encode_problems` stored.

    Raises:
        ValueError: (or another of :data:`UNREADABLE`) ``data`` is not such a list.
    """
    if data == "[]":  # most files: skip the JSON parser
        return []
    return [_problem(*item) for item in json.loads(data)]


def _problem(path: object, reason: object, line: object) -> Problem:
    """One stored problem, its types checked (it is printed as it comes back)."""
    if not isinstance(path, str) or not isinstance(reason, str):
        raise TypeError("a stored problem's path and reason are texts")
    if line is not None and type(line) is not int:
        raise TypeError("a stored problem's line is a number")
    return Problem(path, reason, line)
