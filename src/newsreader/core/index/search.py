"""Full-text search over an archive: ranking, snippets, sections.

A query (:mod:`newsreader.core.index.query`: one parser, one meaning) is a
list of terms that must all occur in a post (title or body). The index (see
:mod:`newsreader.core.index.tokens`) answers with the matching posts ranked by
BM25, titles weighing five times the body; that answer is the whole match,
for every caller. :func:`matching_paths` stops there, so filtering a listing
costs one FTS query however many posts match. :func:`search` returns the same
posts in the same order and adds, for the returned hits only, the snippet,
block and outline section of the first exact occurrence of a term (the
body's start when none reads exactly as typed, e.g. ``a,b`` found as
``a b``); the block and section need the post's full parse, done once per
post version and kept in the index as a packed block map
(:func:`newsreader.core.index.fill.locate_rows`), so a hit of a post shown
before costs one row read: no parse, no JSON.
"""

from __future__ import annotations

import sqlite3
import weakref
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from itertools import islice
from pathlib import Path
from typing import TypeVar

from newsreader.core.index.db import IndexDB, with_index
from newsreader.core.index.fill import StoredText, fill_fulltext, locate_rows
from newsreader.core.index.place import SNIPPET_WIDTH as SNIPPET_WIDTH
from newsreader.core.index.place import Placed, Placer
from newsreader.core.index.query import NoSearchableTerm as NoSearchableTerm
from newsreader.core.index.query import Query as Query
from newsreader.core.index.query import parse_query as parse_query
from newsreader.core.index.records import text_of
from newsreader.core.model import Archive, Post
from newsreader.core.progress import Progress

_FETCH = 64  # candidates fetched from the database at a time
_CHUNK = 2048  # hits whose texts are held at once (and located together, on both cores)
_FIRST_CHUNK = 32
"""A stream's first chunk of hits: each chunk after it is four times larger, up to
:data:`_CHUNK`, so a stream's first hit waits for a few posts to be located,
not for 2,048 (2.1 s on a fresh index of 10^4 posts)."""
T = TypeVar("T")


@dataclass(frozen=True)
class Hit:
    """One post found by a search.

    Attributes:
        path: The post's path relative to the archive root.
        title: The post's title.
        score: Relevance; higher is better.
        snippet: About :data:`SNIPPET_WIDTH` characters of one line around the
            first hit in the body (the body's start when only the title matched),
            ``…`` where cut.
        section: Marker and title of each outline node enclosing the hit,
            outermost first.
        block: Index of the document block holding the hit.
        spans: ``(start, end)`` of each match inside ``snippet``, for highlighting.
    """

    path: str
    title: str
    score: float
    snippet: str
    section: tuple[str, ...]
    block: int
    spans: tuple[tuple[int, int], ...] = ()


Ranked = Iterator[tuple[int, str, float]]

_FIRST_WINDOW = 256
"""Best matches ranked first when only the top of the list is wanted."""

# The join with texts happens after the cut: joining every match before
# sorting cost more than the ranking itself (a one-character query at 10^4).
# Ties are broken by rowid so that every window agrees with the full order.
_RANKED_SQL = (
    "SELECT m.rowid, texts.rel, m.rank FROM"
    " (SELECT rowid, rank FROM fts WHERE fts MATCH ? ORDER BY rank, rowid LIMIT ? OFFSET ?)"
    " AS m JOIN texts INDEXED BY texts_paths ON texts.id = m.rowid ORDER BY m.rank, m.rowid"
)


def _ranked(
    conn: sqlite3.Connection, archive: Archive, query: Query, *, everything: bool = False
) -> Ranked:
    """``(texts.id, path, rank)`` of the index's matches in ``archive``, best first.

    Matches are fetched in growing windows as the caller reads on, so a query
    that matches every post but wants its best 200 ranks only what it shows;
    ``everything`` fetches all matches in one go.
    """
    expression = query.fts_expression()
    if expression is None:
        return
    known = _paths_of(archive)
    window, offset = (-1, 0) if everything else (_FIRST_WINDOW, 0)
    while True:
        rows = conn.execute(_RANKED_SQL, (expression, window, offset)).fetchall()
        found = ((row_id, text_of(rel), rank) for row_id, rel, rank in rows)
        yield from ((row_id, rel, rank) for row_id, rel, rank in found if rel in known)
        if window < 0 or len(rows) < window:
            return
        offset += window
        window *= 4


_PATHS: dict[int, tuple[weakref.ref[Archive], frozenset[str]]] = {}


def _paths_of(archive: Archive) -> frozenset[str]:
    """The paths of ``archive``'s posts, made once per archive object (typing asks again and again).

    At 10^4 posts the set took a query longer to build than placing its 200 hits.
    """
    key = id(archive)
    known = _PATHS.get(key)
    if known is not None and known[0]() is archive:
        return known[1]
    paths = frozenset(post.path for post in archive.posts)
    _PATHS[key] = (weakref.ref(archive, lambda _ref: _PATHS.pop(key, None)), paths)
    return paths


def query_paths(
    conn: sqlite3.Connection, archive: Archive, query: Query, limit: int | None = None
) -> list[str]:
    """Paths of the posts of ``archive`` matching ``query`` in an index, best first."""
    ranked = _ranked(conn, archive, query, everything=limit is None)
    return [rel for _id, rel, _rank in islice(ranked, limit)]


def run_query(
    conn: sqlite3.Connection, archive: Archive, query: Query, limit: int | None = None
) -> list[Hit]:
    """Search an index already filled for ``archive``.

    The hits are exactly the index's matches, in its order, so a search and
    :func:`query_paths` always agree; the stored text only places each
    snippet.

    Args:
        conn: The index database.
        archive: Only its posts are returned.
        query: The parsed query.
        limit: Most hits to return; None for all.

    Returns:
        Hits, best first.
    """
    return list(each_hit(conn, archive, query, limit))


def each_hit(
    conn: sqlite3.Connection, archive: Archive, query: Query, limit: int | None = None
) -> Iterator[Hit]:
    """:func:`run_query`'s hits one by one, a few dozen texts in memory at a time.

    The ranking is :func:`_ranked`'s, the placing :func:`placed_hits`'.
    """
    if limit == 0:
        return
    ranked = islice(_ranked(conn, archive, query, everything=limit is None), limit)
    hits = placed_hits(conn, ranked, query, lambda _rows: archive, growing=limit is None)
    for _row_id, rel, rank, placed in hits:
        yield Hit(
            rel, placed.title, -rank, placed.snippet, placed.section, placed.block, placed.spans
        )


ArchiveFor = Callable[[dict[int, str]], Archive]
"""Gives an archive holding the posts of some ``{texts.id: path}`` rows (to locate them)."""


def placed_hits(
    conn: sqlite3.Connection,
    ranked: Ranked,
    query: Query,
    archive_for: ArchiveFor,
    *,
    spans: bool = True,
    located: Callable[[int], None] | None = None,
    growing: bool = False,
) -> Iterator[tuple[int, str, float, Placed]]:
    """Each ranked match, in its order, with its snippet, block and section placed.

    A query matching every post of a big archive must not hold every post's
    text at once (10^5 hits took 1.8 GB). Hits are taken :data:`_CHUNK` at a
    time: those of a chunk whose post is not yet located are located together
    (on both cores, :func:`newsreader.core.index.fill.locate_rows`, the posts
    coming from ``archive_for``), then the stored texts and block maps are
    read :data:`_FETCH` at a time as the caller reads on and placed by
    :class:`~newsreader.core.index.place.Placer`. Once every shown post is
    located (a warm index), a hit costs one row read and no parse. Every way
    of searching places its hits here, so they agree; ``spans`` False skips
    the snippet's highlights (``--json`` shows none). ``located`` is told
    ``0`` before a chunk's posts are located, then how many were (a
    progress bar's count). ``growing``: the hits are a stream, read as they
    come (``--json``, perhaps into ``head``), so its chunks grow from
    :data:`_FIRST_CHUNK`; a bounded query (the reader's 200) takes its hits in
    one chunk, located on both cores together.
    """
    placer = Placer(query.terms, spans=spans)
    size = min(_FIRST_CHUNK, _CHUNK) if growing else _CHUNK
    while chosen := list(islice(ranked, size)):
        size = min(size * 4, _CHUNK)
        unlocated = _unlocated(conn, chosen)
        if unlocated and located is not None:
            located(0)  # about to parse: a progress bar shows before the wait
        fresh = locate_rows(conn, archive_for(unlocated), unlocated) if unlocated else {}
        if unlocated and located is not None:
            located(len(unlocated))
        for start in range(0, len(chosen), _FETCH):
            window = chosen[start : start + _FETCH]
            texts = _texts(conn, [row_id for row_id, _rel, _rank in window if row_id not in fresh])
            texts.update(fresh)
            for row_id, rel, rank in window:
                placed = placer.place(*texts[row_id])
                if placed is None:  # its map did not unpack: locate it again
                    again = {row_id: rel}
                    text = locate_rows(conn, archive_for(again), again).get(row_id)
                    placed = None if text is None else placer.place(*text)
                if placed is None:  # not in the archive to locate: place it unlocated
                    placed = placer.unlocated(*texts[row_id][:2])
                yield row_id, rel, rank, placed
        fresh.clear()


def _unlocated(conn: sqlite3.Connection, chosen: list[tuple[int, str, float]]) -> dict[int, str]:
    """``{texts.id: path}`` of the chosen hits whose post has no block map yet (no text read)."""
    paths = {row_id: rel for row_id, rel, _rank in chosen}
    found: dict[int, str] = {}
    ids = list(paths)
    for start in range(0, len(ids), 500):  # SQLite caps bound parameters
        part = ids[start : start + 500]
        marks = ",".join("?" * len(part))
        sql = (
            "SELECT id FROM texts INDEXED BY texts_unlocated"
            f" WHERE located IS NULL AND id IN ({marks})"
        )
        found.update((row_id, paths[row_id]) for (row_id,) in conn.execute(sql, part))
    return found


def _texts(conn: sqlite3.Connection, row_ids: list[int]) -> dict[int, StoredText]:
    """Fetch the stored titles, texts (as UTF-8 bytes) and block maps of ``row_ids``.

    Raises:
        TypeError: A stored title or text is not text (the index is damaged).
    """
    if not row_ids:
        return {}
    marks = ",".join("?" * len(row_ids))
    sql = (
        "SELECT id, title, CAST(coalesce(shown, body) AS BLOB),"
        " typeof(body) = 'text' AND typeof(shown) IN ('text', 'null'), located"
        f" FROM texts WHERE id IN ({marks})"
    )
    found: dict[int, StoredText] = {}
    for row_id, title, body, is_text, located in conn.execute(sql, row_ids):
        if type(title) is not str or not is_text:
            raise TypeError("a stored search text is not text")
        found[row_id] = (title, body, located)
    return found


# Archives whose full text this process already brought up to date, per
# database: searching as the user types must not stat every file each time.
_FRESH: dict[tuple[int, str], weakref.ref[Archive]] = {}


def _ensure(db: IndexDB, root: Path, archive: Archive, progress: Progress | None) -> None:
    """Fill the full text once per (archive object, database) in this process."""
    key = (id(archive), str(db.path))
    known = _FRESH.get(key)
    if db.path != Path(":memory:") and known is not None and known() is archive:
        return
    fill_fulltext(db.conn, root, archive, progress=progress)
    _FRESH[key] = weakref.ref(archive, lambda _ref: _FRESH.pop(key, None))


def _note(notices: list[str] | None, notice: str) -> None:
    """Pass a notice on to the caller, if it asked for them."""
    if notices is not None:
        notices.append(notice)


def search(
    root: Path,
    archive: Archive,
    query: str,
    *,
    limit: int | None = None,
    cache_dir: Path | None = None,
    use_cache: bool = True,
    notices: list[str] | None = None,
    progress: Progress | None = None,
) -> list[Hit]:
    """Search the titles and bodies of ``archive``'s posts, with each hit's context.

    Builds the missing full text first (all of it on the first search of a new
    archive). If the cache cannot be used the search runs in memory. Each hit
    returned costs a full parse the first time its post is shown; for a
    filter that needs only which posts match, :func:`matching_paths` is cheaper.

    Args:
        root: The archive root.
        archive: The loaded archive.
        query: The query as typed (see :func:`parse_query`).
        limit: Most hits to return; None for all.
        cache_dir: Cache directory instead of the user cache (tests).
        use_cache: False keeps everything in memory and writes nothing.
        notices: If given, plain sentences about the cache are appended here.
        progress: Called as ``progress(done, total)`` while posts are indexed.

    Returns:
        Hits, best first.

    Raises:
        NoSearchableTerm: The query has nothing to search for (e.g. ``!!!``).
    """
    parsed = parse_query(query)
    answer = partial(run_query, query=parsed, limit=limit)
    return _answer(root, archive, answer, cache_dir, use_cache, notices, progress)


def stream_search(
    root: Path,
    archive: Archive,
    query: str,
    consume: Callable[[Iterator[Hit]], T],
    *,
    limit: int | None = None,
    cache_dir: Path | None = None,
    use_cache: bool = True,
    notices: list[str] | None = None,
    progress: Progress | None = None,
) -> T:
    """:func:`search`, its hits handed to ``consume`` as they are made (bounded memory).

    ``consume`` runs while the index is open; should the index fail midway,
    it is called again with the whole search done in memory, so it must
    skip what it already took. Other arguments and errors are :func:`search`'s.
    """
    parsed = parse_query(query)

    def answer(conn: sqlite3.Connection, archive: Archive) -> T:
        return consume(each_hit(conn, archive, parsed, limit))

    return _answer(root, archive, answer, cache_dir, use_cache, notices, progress)


def matching_paths(
    root: Path,
    archive: Archive,
    query: str,
    *,
    limit: int | None = None,
    cache_dir: Path | None = None,
    use_cache: bool = True,
    notices: list[str] | None = None,
    progress: Progress | None = None,
) -> list[str]:
    """Paths of the posts matching ``query``, best first: :func:`search` without context.

    No stored text is read back, so this costs one index query even when
    every post matches (``--list``, ``--export``, ``--outline`` filters).
    Arguments and errors are those of :func:`search`.
    """
    parsed = parse_query(query)
    answer = partial(query_paths, query=parsed, limit=limit)
    return _answer(root, archive, answer, cache_dir, use_cache, notices, progress)


def in_rank_order(posts: Iterable[Post], paths: Iterable[str]) -> list[Post]:
    """The posts among ``posts`` whose path is in ``paths``, in ``paths``' order (best first).

    What every mode shows for ``--search``: the filters choose ``posts``, the
    query ranks them; the CLI and the reader both select through this.
    """
    wanted = {post.path: post for post in posts}
    return [wanted[path] for path in paths if path in wanted]


def _answer(
    root: Path,
    archive: Archive,
    answer: Callable[[sqlite3.Connection, Archive], T],
    cache_dir: Path | None,
    use_cache: bool,
    notices: list[str] | None,
    progress: Progress | None = None,
) -> T:
    """Bring the index up to date and ``answer`` from it, in memory if the cache fails."""

    def cached(db: IndexDB) -> T:
        _ensure(db, root, archive, progress)
        for notice in db.notices:
            _note(notices, notice)
        return answer(db.conn, archive)

    def in_memory(notice: str | None = None) -> T:
        if notice is not None:
            _note(notices, notice)
        with IndexDB.memory() as db:
            fill_fulltext(db.conn, root, archive, progress=progress)
            return answer(db.conn, archive)

    if not use_cache:
        return in_memory()
    return with_index(root, cache_dir, cached, in_memory, "searched without the index")
