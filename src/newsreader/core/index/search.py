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
from newsreader.core.index.fill import decode_text, fill_fulltext, locate_rows
from newsreader.core.index.query import NoSearchableTerm as NoSearchableTerm
from newsreader.core.index.query import Query as Query
from newsreader.core.index.query import parse_query as parse_query
from newsreader.core.index.records import text_of
from newsreader.core.index.tokens import PostText
from newsreader.core.model import Archive, Post

SNIPPET_WIDTH = 40
"""Characters of context shown around the first hit."""

_LEAD = 12  # characters kept before the hit
_FOLD_PIECE = 2048  # characters of a body folded at a time while looking for a term
_FETCH = 64  # candidates fetched from the database at a time
_CHUNK = 2048  # hits whose texts are held at once (and located together, on both cores)
T = TypeVar("T")
Progress = Callable[[int, int], None]


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


def _fold(text: str) -> str:
    """Lower-case ``text`` character by character, keeping every offset.

    A letter whose lower case is longer (``İ``) stays as it is. ``str.lower``
    on the whole text is the fast way, and the same except where it lengthens
    a letter or reads context (a word-final ``Σ`` becomes ``ς``); folding each
    character alone, as the index's tokenizer does, makes the fold of a part
    of a text the same part of the text's fold.
    """
    folded = text.lower()
    if len(folded) == len(text) and "ς" not in folded:
        return folded
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def _find_folded(text: str, term: str) -> int:
    """``_fold(text).find(term)`` for a folded ``term``, folding no more of ``text`` than needed.

    A term none of whose characters has an upper case (Chinese, digits) is
    found in the text as it is: no other character folds to one of its
    characters. Otherwise the text is folded a piece at a time, up to the
    first occurrence (a post's body is folded whole only when the term is not
    in it): folding every shown hit's whole body cost more than ranking them.
    """
    if term.upper() == term:
        return text.find(term)
    overlap = len(term) - 1
    for start in range(0, len(text), _FOLD_PIECE):
        found = _fold(text[start : start + _FOLD_PIECE + overlap]).find(term)
        if found >= 0:
            return start + found
    return -1


def _occurrences(text: str, terms: tuple[str, ...]) -> Iterator[tuple[int, int]]:
    """Yield ``(start, end)`` of every occurrence of each term, unsorted."""
    for term in terms:
        start = text.find(term)
        while start >= 0:
            yield start, start + len(term)
            start = text.find(term, start + 1)


def _window(
    text: PostText, hit: int, terms: tuple[str, ...]
) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Cut the snippet around offset ``hit``, staying inside its line (a block)."""
    line_start = text.text.rfind("\n", 0, hit) + 1
    line_end = text.text.find("\n", hit)
    line_end = len(text.text) if line_end < 0 else line_end
    start = max(line_start, hit - _LEAD)
    end = min(line_end, start + SNIPPET_WIDTH)
    prefix = "…" if start > line_start else ""
    suffix = "…" if end < line_end else ""
    body = text.text[start:end]
    shift = len(prefix)
    spans = sorted((s + shift, e + shift) for s, e in _occurrences(_fold(body), terms))
    return prefix + body + suffix, tuple(spans)


def _first_hit(text: PostText, terms: tuple[str, ...]) -> int | None:
    """Offset of the first term in the body (-1: title only); None if one is not there as typed."""
    title = _fold(text.title)
    found = [_find_folded(text.text, term) for term in terms]
    if any(at < 0 and term not in title for at, term in zip(found, terms, strict=True)):
        return None  # the index's tokens matched, the text differs (``a,b`` as ``a b``)
    return min((at for at in found if at >= 0), default=-1)


def _hit(rel: str, score: float, text: PostText, terms: tuple[str, ...]) -> Hit:
    """Build the hit of a match from its (ideally located) text."""
    first = _first_hit(text, terms)
    if first is None or first < 0:  # title only, or no term reads exactly as typed
        snippet, _ = _window(text, 0, ()) if text.text else ("", ())
        return Hit(rel, text.title, score, snippet, (), 0)
    snippet, spans = _window(text, first, terms)
    block = text.block_at(first)
    return Hit(rel, text.title, score, snippet, text.section_at(block), block, spans)


Ranked = Iterator[tuple[int, str, float]]

_FIRST_WINDOW = 256
"""Best matches ranked first when only the top of the list is wanted."""

# The join with texts happens after the cut: joining every match before
# sorting cost more than the ranking itself (a one-character query at 10^4).
# Ties are broken by rowid so that every window agrees with the full order.
_RANKED_SQL = (
    "SELECT m.rowid, texts.rel, m.rank FROM"
    " (SELECT rowid, rank FROM fts WHERE fts MATCH ? ORDER BY rank, rowid LIMIT ? OFFSET ?)"
    " AS m JOIN texts ON texts.id = m.rowid ORDER BY m.rank, m.rowid"
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
    yield from placed_hits(conn, ranked, query, lambda _rows: archive)


ArchiveFor = Callable[[dict[int, str]], Archive]
"""Gives an archive holding the posts of some ``{texts.id: path}`` rows (to locate them)."""


def placed_hits(
    conn: sqlite3.Connection, ranked: Ranked, query: Query, archive_for: ArchiveFor
) -> Iterator[Hit]:
    """The hit of each ranked match, in its order, with snippet, block and section.

    A query matching every post of a big archive must not hold every post's
    text at once (10^5 hits took 1.8 GB). Hits are taken :data:`_CHUNK` at a
    time: those of a chunk whose post is not yet located are located together
    (on both cores, :func:`newsreader.core.index.fill.locate_rows`, the posts
    coming from ``archive_for``), then the stored texts and block maps are
    read :data:`_FETCH` at a time as the caller reads on. Once every shown
    post is located (a warm index), a hit costs one row read and no parse.
    Every way of searching places its hits here, so they agree.
    """
    terms = tuple(_fold(term) for term in query.terms)
    while chosen := list(islice(ranked, _CHUNK)):
        unlocated = _unlocated(conn, chosen)
        located = locate_rows(conn, archive_for(unlocated), unlocated) if unlocated else {}
        for start in range(0, len(chosen), _FETCH):
            window = chosen[start : start + _FETCH]
            texts = _texts(
                conn, [row_id for row_id, _rel, _rank in window if row_id not in located]
            )
            texts.update(located)
            for row_id, rel, rank in window:
                text = texts[row_id]
                if not text.located:  # its map did not unpack: locate it again
                    again = {row_id: rel}
                    text = locate_rows(conn, archive_for(again), again).get(row_id, text)
                yield _hit(rel, -rank, text, terms)
        located.clear()


def _unlocated(conn: sqlite3.Connection, chosen: list[tuple[int, str, float]]) -> dict[int, str]:
    """``{texts.id: path}`` of the chosen hits whose post has no block map yet (no text read)."""
    paths = {row_id: rel for row_id, rel, _rank in chosen}
    found: dict[int, str] = {}
    ids = list(paths)
    for start in range(0, len(ids), 500):  # SQLite caps bound parameters
        part = ids[start : start + 500]
        marks = ",".join("?" * len(part))
        sql = f"SELECT id FROM texts WHERE id IN ({marks}) AND located IS NULL"
        found.update((row_id, paths[row_id]) for (row_id,) in conn.execute(sql, part))
    return found


def _texts(conn: sqlite3.Connection, row_ids: list[int]) -> dict[int, PostText]:
    """Fetch the stored texts and block maps of ``row_ids``."""
    if not row_ids:
        return {}
    marks = ",".join("?" * len(row_ids))
    return {
        row_id: decode_text(title, body, located)
        for row_id, title, body, located in conn.execute(
            f"SELECT id, title, coalesce(shown, body), located FROM texts WHERE id IN ({marks})",
            row_ids,
        )
    }


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
