"""A search's ``--list --json`` lines straight from a fresh index: no archive, no parse.

:func:`~newsreader.core.index.listing.stream_listing` ranks the matches in
SQL, filters included; here each hit is placed as every search places it
(:func:`~newsreader.core.index.search.placed_hits`: the snippet from the
stored text, the block and section from the stored block map) and written
as its post's stored line with the two keys added
(:func:`~newsreader.core.index.records.hit_json`). Nothing is loaded: a
post's metadata is decoded only for a hit whose post has no block map yet,
to locate it (parsed once per post version, as in every search). The hits
come a chunk at a time, so memory is bounded however many posts match.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from functools import partial
from itertools import islice
from pathlib import Path

from newsreader.core.index.query import Query
from newsreader.core.index.records import Stored, decode_post, hit_json, stored, text_of
from newsreader.core.index.search import placed_hits
from newsreader.core.model import Archive

_LINES = 64  # hits whose stored lines are fetched together
_BOUND = 500  # SQLite caps bound parameters


def hit_lines(
    conn: sqlite3.Connection,
    root: Path,
    ranked: Iterable[tuple[int, Stored, float]],
    query: Query,
    written: set[str],
) -> Iterator[str]:
    """Each ranked match's ``--list --json`` line, in rank order.

    Args:
        conn: The fresh index.
        root: The archive root (to locate a post not yet located).
        ranked: ``(texts.id, stored path, rank)`` of the matches, best first.
        query: The parsed query.
        written: Each hit's path is added before its line is handed on.
    """
    matches = ((row_id, text_of(rel), rank) for row_id, rel, rank in ranked)
    hits = placed_hits(conn, matches, query, partial(_archive_of, conn, root))
    while chunk := list(islice(hits, _LINES)):
        lines = _stored(conn, "line", [hit.path for hit in chunk])
        for hit in chunk:
            written.add(hit.path)
            yield hit_json(lines[hit.path], hit.snippet, hit.section)


def _archive_of(conn: sqlite3.Connection, root: Path, rows: dict[int, str]) -> Archive:
    """An archive of the posts of ``rows`` alone, decoded from the index (to locate them).

    Raises:
        ValueError: (or another of :data:`~newsreader.core.index.db.UNREADABLE`)
            a stored post does not decode: the index is damaged.
    """
    posts = _stored(conn, "post", list(rows.values()))
    return Archive(root, tuple(decode_post(rel, post) for rel, post in posts.items()))


def _stored(conn: sqlite3.Connection, column: str, paths: list[str]) -> dict[str, str]:
    """``column`` (``line`` or ``post``) of the ``files`` rows of ``paths``, by path."""
    found: dict[str, str] = {}
    for start in range(0, len(paths), _BOUND):
        part = [stored(path) for path in paths[start : start + _BOUND]]
        marks = ",".join("?" * len(part))
        sql = f"SELECT rel, {column} FROM files WHERE rel IN ({marks})"
        found.update((text_of(rel), text_of(value)) for rel, value in conn.execute(sql, part))
    return found
