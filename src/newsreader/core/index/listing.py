"""A warm listing straight from the index: the stored lines, filtered and sorted by SQLite.

A listing needs no :class:`~newsreader.core.model.Post`: the index already
holds each post's ``--list --json`` line, its sort stamp and its problems.
So when every file is as the index saw it (the same freshness check as a
warm load: the settings' fingerprint, then one ``stat`` per file), the lines
are streamed in SQL order, filtered by SQL over the stored JSON
(:class:`~newsreader.core.archive.filters.Criteria`, one meaning), and
nothing is decoded, built or sorted in Python; memory stays flat whatever
the archive's size. A search's ``--json`` hits are streamed the same way:
each is its stored line with the snippet and section
:func:`~newsreader.core.index.search.placed_hits` cuts from the stored
text and block map (:mod:`newsreader.core.index.hit_lines`). Anything
else -- a file new, changed or gone, a row that is not plain text, no
index at all -- answers "not fresh", and the caller
does a full load through :mod:`newsreader.core.index.metadata`, which
updates the index. The output is the same either way (tests compare them).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from newsreader.core.archive.build import publish_cutoff
from newsreader.core.archive.discovery import FileKey, Walked, discover_keys
from newsreader.core.archive.filters import Criteria
from newsreader.core.index.db import PUBLISHED, UNREADABLE, IndexDB, with_index, write_read
from newsreader.core.index.metadata import (
    category_problems,
    fingerprint,
    stored_settings,
)
from newsreader.core.index.query import Query
from newsreader.core.index.records import decode_problems
from newsreader.core.model import Problem, sorted_problems
from newsreader.core.progress import Progress
from newsreader.core.text.safe import escape_json

Sink = Callable[[Iterable[str]], None]
"""Where the listing's lines go (the CLI's stdout writer)."""

# Rows a stream cannot show as stored: a path or line that is no plain text
# (a name with undecodable bytes), a post without a stamp or text line. A full
# load shows them; they are rare enough to send it there.
_ODD_ROWS = """
SELECT 1 FROM files WHERE typeof(rel) != 'text'
   OR (line IS NOT NULL AND (typeof(line) != 'text' OR typeof(listed) != 'text'
                             OR typeof(stamp) NOT IN ('real', 'integer')))
LIMIT 1
"""
# A line that is no JSON would fail a filter's query halfway through the
# output, and the ``published`` test would drop it unseen; one holding an
# escape (a name's undecodable character) is left to Python's decoder.
_ODD_JSON = """
SELECT 1 FROM files WHERE line IS NOT NULL AND (NOT json_valid(line) OR instr(line, '\\u') > 0)
LIMIT 1
"""
# How many rows the first screen's counts could not read (the triggers of
# :mod:`newsreader.core.index.db` keep it): every row the two scans above
# find is one of them, so a count of 0 spares both (some 23 ms at 10^4 posts).
_TALLIED_ODD = "SELECT n FROM first_tally WHERE what = 'odd'"
# A stored line held back by its date: post_json writes the key as json.dumps does, and
# inside a JSON string a quote is always escaped, so this text is the key alone.
_HELD_LINE = (
    "CASE WHEN stamp >= {cutoff:d}"
    """ THEN replace(line, '"published": true', '"published": false') ELSE line END"""
)
_ANY_IN = "EXISTS (SELECT 1 FROM json_each(line, '$.{field}') WHERE value IN ({marks}))"


@dataclass
class Streamed:
    """What :func:`stream_listing` did.

    Attributes:
        done: The lines were written; False means nothing was written and
            the caller must load the archive (the index is not fresh).
        problems: The archive's problems, in the order a full load gives them.
        notices: Plain sentences about the cache for the user.
        walked: The freshness check's walk, when it found files changed:
            :func:`~newsreader.core.index.rows.update_rows` starts from it
            instead of walking the archive again.
    """

    done: bool
    problems: list[Problem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    walked: Walked | None = None


def stream_listing(
    root: Path,
    criteria: Criteria,
    write: Sink,
    *,
    as_json: bool,
    query: Query | None = None,
    cache_dir: Path | None = None,
    written: set[str] | None = None,
    discovered: list[Problem] | None = None,
    progress: Progress | None = None,
) -> Streamed:
    """Write the posts ``criteria`` selects, newest first, from the index alone.

    With a ``query`` the posts are its matches, best first, as
    :func:`~newsreader.core.index.search.matching_paths` ranks them; that
    needs the full text indexed for every post as it is now, else nothing
    is written. ``--json`` hits carry their snippet and section, as the
    search places them (a post shown for the first time is located then).

    Args:
        root: The archive folder.
        criteria: Which posts to list.
        write: Takes the lines (JSON Lines, or ``date  categories  title``).
        as_json: JSON lines instead of text lines.
        query: List only the posts matching it, in its rank order.
        cache_dir: Cache directory instead of the user cache (tests).
        written: Where the paths of the search hits written are added, so
            that a caller starting over after a failure midway (a damaged
            row) writes none of them twice.
        discovered: The problems of the walk the rows were just written from
            (:func:`newsreader.core.index.rows.update_rows`): the files are
            then not walked and stat'ed again.
        progress: Called as ``progress(done, total)`` while ``--json`` hits
            no search has shown yet are located (each is parsed once).

    Returns:
        Whether the lines were written, and the archive's problems.
    """
    expression = None if query is None else query.fts_expression()
    if not root.is_dir() or (query is not None and expression is None):
        return Streamed(False)

    def through(db: IndexDB) -> Streamed:
        problems, walked, future = _fresh_problems(db.conn, root, discovered)
        sql, values = _select(criteria, as_json, expression, None if future else publish_cutoff())
        stale_text = expression is not None and db.conn.execute(_STALE_TEXT).fetchone()
        if problems is None or db.notices or stale_text:
            return Streamed(False, notices=db.notices, walked=walked if problems is None else None)
        rows = db.conn.execute(sql, values)
        if query is not None and as_json:
            from newsreader.core.index.hit_lines import hit_lines  # only searches need it

            located = _locating(db.conn, expression, progress)
            taken = set() if written is None else written
            write_read(write, hit_lines(db.conn, root, rows, query, taken, located))
        else:
            lines = (row[0] for row in rows)
            write_read(write, map(escape_json, lines) if as_json else lines)
        return Streamed(True, problems)

    return with_index(
        root, cache_dir, through, lambda notice: Streamed(False, notices=[notice]), ""
    )


_UNLOCATED_MATCHES = (
    "SELECT count(*) FROM texts INDEXED BY texts_unlocated WHERE located IS NULL"
    " AND id IN (SELECT rowid FROM fts WHERE fts MATCH ?)"
)


def _locating(
    conn: sqlite3.Connection, expression: str | None, progress: Progress | None
) -> Callable[[int], None] | None:
    """A count of located hits for ``progress``, against the matches not yet located.

    The total is counted when the first hits need locating, so a warm
    search, which locates none, shows no bar. It counts every match without
    a block map, also those the listing leaves out (unpublished posts), so
    the count may end short of it: the bar is an estimate of the work left.
    """
    if progress is None or expression is None:
        return None
    done, total = 0, 0

    def located(count: int) -> None:
        nonlocal done, total
        if not total:  # the first chunk, before any of it is located
            total = max(conn.execute(_UNLOCATED_MATCHES, (expression,)).fetchone()[0], 1)
        done = min(done + count, total)
        progress(done, total)

    return located


def _fresh_problems(
    conn: sqlite3.Connection, root: Path, discovered: list[Problem] | None = None
) -> tuple[list[Problem] | None, Walked | None, bool]:
    """The archive's problems when every file is as the index saw it (else None), the walk,
    and ``_config.yml``'s ``future``.

    ``discovered``: the rows were just written from a walk that met these
    problems, so the files are as the index saw them; else they are walked
    and stat'ed here (the walk is returned, None when there was none).
    """
    settings = stored_settings(conn, fingerprint(root), [])
    if settings is None or _has_odd_rows(conn):
        return None, None, False
    if discovered is not None:
        walked, problems = None, settings.problems + discovered
    else:
        walked = discover_keys(root)
        if not _as_stored(conn, walked[0]):
            return None, walked, settings.future
        problems = settings.problems + walked[1]
    try:
        for (encoded,) in conn.execute("SELECT problems FROM files WHERE problems != '[]'"):
            problems += decode_problems(encoded)
    except UNREADABLE:
        return None, walked, settings.future  # a full load reads that file again
    problems += category_problems(root)
    return sorted_problems(problems), walked, settings.future


def _has_odd_rows(conn: sqlite3.Connection) -> bool:
    """Whether a row is one a stream cannot show as stored (see :data:`_TALLIED_ODD`)."""
    tallied = conn.execute(_TALLIED_ODD).fetchone()
    if tallied is None or not tallied[0]:
        return False
    return any(conn.execute(sql).fetchone() is not None for sql in (_ODD_ROWS, _ODD_JSON))


def _as_stored(conn: sqlite3.Connection, found: list[FileKey]) -> bool:
    """Whether the files found are exactly those the index saw, each as it saw it.

    The stored keys are compared as a set of ``(rel, size, mtime_ns)`` rows,
    as SQLite returns them: no Python loop over the rows.
    """
    stored = set(conn.execute(_KEYS))
    return len(stored) == len(found) and stored.issuperset(found)


_KEYS = "SELECT rel, size, mtime_ns FROM files"
# A post whose indexed text is missing or of another version than the file
# (read from the versions' index: the text rows are long).
_STALE_TEXT = """
SELECT 1 FROM files LEFT JOIN texts INDEXED BY texts_version ON texts.rel = files.rel
WHERE files.line IS NOT NULL
  AND (texts.rel IS NULL OR texts.size != files.size OR texts.mtime_ns != files.mtime_ns)
LIMIT 1
"""


def _select(
    criteria: Criteria, as_json: bool, expression: str | None, cutoff: int | None = None
) -> tuple[str, list[object]]:
    """The query for the selected posts' stored lines (JSON or text), in the archive's order.

    With an FTS ``expression``, the matches' in the search's order instead
    (:data:`newsreader.core.index.search._RANKED_SQL`'s, all windows at once);
    for JSON, the matches' ``(texts.id, path, rank, line)``, for
    :func:`~newsreader.core.index.hit_lines.hit_lines` to place.

    ``cutoff`` (:func:`~newsreader.core.archive.build.publish_cutoff`, None
    with ``future: true``): posts dated from it on are unpublished, as a load
    makes them; their stored lines, which say what the front matter says, are
    given ``"published": false`` here, so no row stores the present.
    """
    where, values = ["line IS NOT NULL"], list[object]()
    if criteria.post is not None:
        where.append("files.rel = ?")
        values.append(criteria.post)
    if not criteria.unpublished:
        where.append(PUBLISHED)  # word for word the files_offered index's: read in its order
        if cutoff is not None:
            where.append(f"stamp < {cutoff:d}")  # the same index's range: no row is skipped
    for name, wanted in (("categories", criteria.categories), ("tags", criteria.tags)):
        if wanted:
            where.append(_ANY_IN.format(field=name, marks=", ".join("?" * len(wanted))))
            values += wanted
    day = "substr(json_extract(line, '$.date'), 1, 10)"
    if criteria.since is not None:
        where.append(f"{day} >= ?")
        values.append(criteria.since.isoformat())
    if criteria.until is not None:
        where.append(f"{day} <= ?")
        values.append(criteria.until.isoformat())
    line = "line" if cutoff is None else _HELD_LINE.format(cutoff=cutoff)
    shown = line if as_json else "listed"
    if expression is None:
        order = "ORDER BY stamp DESC, rel"
        return f"SELECT {shown} FROM files WHERE {' AND '.join(where)} {order}", values
    ranked = (
        "(SELECT rowid, rank FROM fts WHERE fts MATCH ?) AS m"
        " JOIN texts INDEXED BY texts_paths ON texts.id = m.rowid"
        " JOIN files ON files.rel = texts.rel"
    )
    where_all = " AND ".join(where)
    shown = f"m.rowid, files.rel, m.rank, {line}" if as_json else "files.listed"
    sql = f"SELECT {shown} FROM {ranked} WHERE {where_all} ORDER BY m.rank, m.rowid"
    return sql, [expression, *values]
