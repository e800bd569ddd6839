"""A search's ``--list --json`` lines straight from a fresh index: no archive, no parse.

:func:`~newsreader.core.index.listing.stream_listing` ranks the matches in
SQL, filters included; here each hit is placed as every search places it
(:func:`~newsreader.core.index.search.placed_hits`: the snippet from the
stored text, the block and section from the stored block map) and written
as its post's stored line with the two keys added
(:func:`~newsreader.core.index.records.hit_json`). Nothing is loaded: a
post's metadata is decoded only for a hit whose post has no block map yet,
to locate it (parsed once per post version, as in every search). The hits
come a chunk at a time (their stored lines ride along with the ranking),
so memory is bounded however many posts match.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from pathlib import Path

from newsreader.core.index.query import Query
from newsreader.core.index.records import Stored, decode_post, hit_json, stored, text_of
from newsreader.core.index.search import placed_hits
from newsreader.core.model import Archive, Post

_BOUND = 500  # SQLite caps bound parameters


def hit_lines(
    conn: sqlite3.Connection,
    root: Path,
    ranked: Iterable[tuple[int, Stored, float, str]],
    query: Query,
    written: set[str],
    located: Callable[[int], None] | None = None,
) -> Iterator[str]:
    """Each ranked match's ``--list --json`` line, in rank order.

    Args:
        conn: The fresh index.
        root: The archive root (to locate a post not yet located).
        ranked: ``(texts.id, stored path, rank, stored line)`` of the
            matches, best first.
        query: The parsed query.
        written: Each hit's path is added before its line is handed on.
        located: Told how many posts each chunk of hits had to locate.
    """
    lines: dict[str, str] = {}  # the lines of the matches placed and not yet written

    def matches() -> Iterator[tuple[int, str, float]]:
        for row_id, rel, rank, line in ranked:
            path = text_of(rel)
            lines[path] = line
            yield row_id, path, rank

    archive_for = partial(_archive_of, conn, root)
    for _row_id, path, _rank, placed in placed_hits(
        conn, matches(), query, archive_for, spans=False, located=located, growing=True
    ):
        written.add(path)
        yield hit_json(lines.pop(path), placed.snippet, placed.section)


def _archive_of(conn: sqlite3.Connection, root: Path, rows: dict[int, str]) -> Archive:
    """An archive of the posts of ``rows`` alone, decoded from the index (to locate them).

    Raises:
        ValueError: (or another of :data:`~newsreader.core.index.db.UNREADABLE`)
            a stored post does not decode: the index is damaged.
    """
    paths = list(rows.values())
    posts: list[Post] = []
    for start in range(0, len(paths), _BOUND):
        part = [stored(path) for path in paths[start : start + _BOUND]]
        marks = ",".join("?" * len(part))
        sql = f"SELECT rel, post FROM files WHERE rel IN ({marks})"
        posts += (decode_post(text_of(rel), text_of(post)) for rel, post in conn.execute(sql, part))
    return Archive(root, tuple(posts))
