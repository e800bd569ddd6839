"""Full-text search over an archive: query parsing, ranking, snippets, sections.

A query is a list of terms that must all occur in a post (title or body);
``"quoted text"`` is one term matched exactly, spaces included; Latin letters
match regardless of case; Chinese matches at any length. The index (see
:mod:`newsreader.core.fulltext`) answers with candidates ranked by BM25,
titles weighing five times the body; each candidate is then checked against
its stored text, which also yields the snippet, the block and the outline
section of the first hit.
"""

from __future__ import annotations

import re
import sqlite3
import weakref
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from newsreader.core.fulltext import PostText, index_tokens
from newsreader.core.indexdb import IndexDB, IndexUnavailable, cache_file, is_busy, remove_index
from newsreader.core.model import Archive
from newsreader.core.textindex import decode_text, fill_fulltext
from newsreader.core.textsafe import clean_line

SNIPPET_WIDTH = 40
"""Characters of context shown around the first hit."""

_LEAD = 12  # characters kept before the hit
_FETCH = 64  # candidates fetched from the database at a time
_QUERY_TERM = re.compile(r'"([^"]*)"?|(\S+)')


@dataclass(frozen=True)
class Query:
    """A parsed query.

    Attributes:
        terms: Each term as typed (a phrase keeps its inner spaces); a post
            matches when every term occurs in its title or body.
    """

    terms: tuple[str, ...]

    def fts_expression(self) -> str | None:
        """Return the FTS5 MATCH expression, or None when nothing can match.

        Every term becomes a phrase of index tokens (one per Han character),
        so Chinese terms of any length match as a contiguous run.
        """
        phrases = []
        for term in self.terms:
            tokens = index_tokens(term)
            if not tokens:
                return None
            phrases.append('"' + " ".join(tokens) + '"')
        return " AND ".join(phrases) or None


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

    def marked(self, opening: str = "【", closing: str = "】") -> str:
        """Return the snippet with each match wrapped in ``opening``/``closing``."""
        parts: list[str] = []
        position = 0
        for start, end in self.spans:
            parts += [self.snippet[position:start], opening, self.snippet[start:end], closing]
            position = end
        return "".join(parts) + self.snippet[position:]


def parse_query(query: str) -> Query:
    """Split ``query`` into terms: quoted phrases, and words between spaces.

    An unclosed quote runs to the end of the query; empty terms are dropped.
    """
    terms = []
    for match in _QUERY_TERM.finditer(clean_line(query)):
        term = match.group(1) if match.group(1) is not None else match.group(2)
        if term.strip():
            terms.append(term.strip() if match.group(2) else term)
    return Query(tuple(terms))


def _fold(text: str) -> str:
    """Lower-case ``text`` keeping every offset (a few letters change length)."""
    folded = text.lower()
    if len(folded) == len(text):
        return folded
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


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
    """Cut the snippet around offset ``hit``, staying inside its block."""
    block = text.block_at(hit)
    block_start = text.offsets[block] if text.offsets else 0
    has_next = block + 1 < len(text.offsets)
    block_end = text.offsets[block + 1] - 1 if has_next else len(text.text)
    start = max(block_start, hit - _LEAD)
    end = min(block_end, start + SNIPPET_WIDTH)
    prefix = "…" if start > block_start else ""
    suffix = "…" if end < block_end else ""
    body = text.text[start:end].replace("\n", " ")
    shift = len(prefix)
    spans = sorted((s + shift, e + shift) for s, e in _occurrences(_fold(body), terms))
    return prefix + body + suffix, tuple(spans)


def _hit(rel: str, score: float, text: PostText, terms: tuple[str, ...]) -> Hit | None:
    """Check a candidate against its text and build its hit, or None if it fails."""
    body, title = _fold(text.text), _fold(text.title)
    found = [body.find(term) for term in terms]
    if any(at < 0 and term not in title for at, term in zip(found, terms, strict=True)):
        return None  # the index's tokens matched but the exact text does not
    in_body = [at for at in found if at >= 0]
    first = min(in_body) if in_body else 0
    snippet, spans = _window(text, first, terms) if text.text else ("", ())
    block = text.block_at(first)
    section = text.section_at(block) if in_body else ()
    return Hit(rel, text.title, score, snippet, section, block, spans if in_body else ())


def run_query(
    conn: sqlite3.Connection, archive: Archive, query: Query, limit: int | None = None
) -> list[Hit]:
    """Search an index already filled for ``archive``.

    Args:
        conn: The index database.
        archive: Only its posts are returned.
        query: The parsed query.
        limit: Most hits to return; None for all.

    Returns:
        Hits, best first.
    """
    expression = query.fts_expression()
    if expression is None or limit == 0:
        return []
    ranked = conn.execute(
        "SELECT rowid, rank FROM fts WHERE fts MATCH ? ORDER BY rank", (expression,)
    ).fetchall()
    terms = tuple(_fold(term) for term in query.terms)
    known = {post.path for post in archive.posts}
    hits: list[Hit] = []
    for start in range(0, len(ranked), _FETCH):
        chunk = ranked[start : start + _FETCH]
        rows = _texts(conn, [row_id for row_id, _rank in chunk])
        for row_id, rank in chunk:
            rel, text = rows[row_id]
            hit = _hit(rel, -rank, text, terms) if rel in known else None
            if hit is not None:
                hits.append(hit)
                if limit is not None and len(hits) >= limit:
                    return hits
    return hits


def _texts(conn: sqlite3.Connection, row_ids: list[int]) -> dict[int, tuple[str, PostText]]:
    """Fetch the stored texts of ``row_ids``."""
    marks = ",".join("?" * len(row_ids))
    return {
        row_id: (rel, decode_text(title, body, offsets, sections))
        for row_id, rel, title, body, offsets, sections in conn.execute(
            f"SELECT id, rel, title, body, offsets, sections FROM texts WHERE id IN ({marks})",
            row_ids,
        )
    }


# Archives whose full text this process already brought up to date, per
# database: searching as the user types must not stat every file each time.
_FRESH: dict[tuple[int, str], weakref.ref[Archive]] = {}


def _ensure(db: IndexDB, root: Path, archive: Archive) -> None:
    """Fill the full text once per (archive object, database) in this process."""
    key = (id(archive), str(db.path))
    known = _FRESH.get(key)
    if db.path != Path(":memory:") and known is not None and known() is archive:
        return
    fill_fulltext(db.conn, root, archive)
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
) -> list[Hit]:
    """Search the titles and bodies of ``archive``'s posts.

    Builds the missing full text first (all of it on the first search of a new
    archive). If the cache cannot be used the search runs in memory.

    Args:
        root: The archive root.
        archive: The loaded archive.
        query: The query as typed (see :func:`parse_query`).
        limit: Most hits to return; None for all.
        cache_dir: Cache directory instead of the user cache (tests).
        use_cache: False keeps everything in memory and writes nothing.
        notices: If given, plain sentences about the cache are appended here.

    Returns:
        Hits, best first.
    """
    parsed = parse_query(query)
    if not parsed.terms:
        return []
    if use_cache:
        try:
            with IndexDB.open(root, cache_dir) as db:
                _ensure(db, root, archive)
                for notice in db.notices:
                    _note(notices, notice)
                return run_query(db.conn, archive, parsed, limit)
        except IndexUnavailable as error:
            _note(notices, str(error))
        except sqlite3.Error as error:
            if not is_busy(error):
                remove_index(cache_file(root, cache_dir))  # damaged: rebuilt next time
            _note(notices, f"index error ({error}); searched without the index")
    with IndexDB.memory() as db:
        fill_fulltext(db.conn, root, archive)
        return run_query(db.conn, archive, parsed, limit)
