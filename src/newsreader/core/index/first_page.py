"""The reader's first screen straight from the index: one page of posts and the tree's counts.

A warm start need not wait for the whole archive: the index already holds
every post in order (its ``stamp``) and the facts the category tree counts
(day, publication, folder categories, categories, tags, inside each stored
post). So the first screen takes the newest ``limit`` posts and the counts
from SQL, without a ``stat`` of any file and without decoding the other rows;
the cost is one page and the count groups (tables SQLite keeps as the rows
are written), not one Python object per post. The archive may have changed
since the index saw it: the reader then loads it in full in the background
(:func:`newsreader.core.index.metadata.load_indexed`, which stats every file)
and applies what changed, as it does for a change on disk while it runs.

Anything the page cannot show as stored answers None, and the caller loads
the archive in full first: no index, an index made under other settings
(the program's version, ``_config.yml``, the zone), a row that is not plain
text, or a row that does not decode.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import tzinfo
from pathlib import Path

from newsreader.core.archive.build import publish_cutoff
from newsreader.core.index.db import PUBLISHED, UNREADABLE, IndexDB, rollback, with_index
from newsreader.core.index.metadata import category_titles_of, fingerprint, stored_settings
from newsreader.core.index.records import (
    FILE_COLUMNS,
    FileRow,
    decode_problems,
    decode_row,
)
from newsreader.core.model import Post, Problem, sorted_problems
from newsreader.core.text.safe import clean_line

PAGE = 1_000
"""Posts on the first page: some twenty screens of the list, decoded in a few ms."""

# What a post's tree groups depend on, per row: publication, categories and
# tags (from its JSON line), the folders above its ``_posts`` folder (the
# loader's folder categories) and its day (the ISO date in its own zone).
_FACTS = """
SELECT json_extract(line, '$.published') AS published,
       json_extract(line, '$.categories', '$.tags') AS labels,
       substr(rel, 1, instr('/' || rel, '/_posts/') - 2) AS folders,
       substr(post, 1, 10) AS day, count(*)
FROM files WHERE line IS NOT NULL {where}
GROUP BY published, labels, folders, day
"""
# The counts SQLite keeps as rows are written (the triggers of
# :mod:`newsreader.core.index.db`); groups whose posts are all gone hold 0.
_ODD = "SELECT n FROM first_tally WHERE what = 'odd'"
_KEPT_FACTS = "SELECT published, labels, folders, n FROM first_facts WHERE n != 0"
_KEPT_DAYS = "SELECT published, day, n FROM first_days WHERE n != 0"
_KEPT_PROBLEMS = "SELECT problems FROM first_problems ORDER BY rel"
_AT = f"""
SELECT {FILE_COLUMNS} FROM files WHERE rowid IN (
    SELECT rowid FROM files WHERE line IS NOT NULL {{offered}}
    ORDER BY stamp DESC, rel LIMIT ? OFFSET ?)
ORDER BY stamp DESC, rel
"""
# The same rows read from the list's end (the order index walked backwards),
# for an offset past the middle: an OFFSET walks the index entry by entry,
# some 35 ms per chunk near the end of 10^6 posts from the top.
_FROM_END = f"""
SELECT {FILE_COLUMNS} FROM files WHERE rowid IN (
    SELECT rowid FROM files WHERE line IS NOT NULL {{offered}}
    ORDER BY stamp ASC, rel DESC LIMIT ? OFFSET ?)
ORDER BY stamp DESC, rel
"""
# Published in SQL (a JSON test per row), so that an offset counts offered
# posts; as the index ``files_offered`` has it (:mod:`newsreader.core.index.db`).
_PUBLISHED = f"AND {PUBLISHED}"
_WANTED = f"SELECT {FILE_COLUMNS} FROM files WHERE line IS NOT NULL AND rel IN ({{marks}})"


@dataclass(frozen=True, slots=True)
class FactCount:
    """How many offered posts share one set of facts, and how many of them are unread.

    Attributes:
        folders: How many leading categories come from folders.
        categories: The categories, folder ones first.
        tags: The tags.
        count: Posts with these facts.
        unread: Those not marked read.
    """

    folders: int
    categories: tuple[str, ...]
    tags: tuple[str, ...]
    count: int
    unread: int


@dataclass(frozen=True, slots=True)
class DayCount:
    """Offered posts of one day (in their own zone), and how many are unread."""

    day: tuple[str, str, str]
    count: int
    unread: int


@dataclass(frozen=True)
class FirstPage:
    """The first screen's share of the archive, as the index holds it.

    Attributes:
        posts: The newest offered posts, newest first (at most ``limit``).
        extra: Posts asked for by path (the one read last), whether or not
            on the page.
        total: How many posts are offered.
        unread: How many of those are unread.
        facts: The offered posts grouped by facts (few groups: the tree's
            categories and tags come from them).
        days: The offered posts grouped by day.
        problems: The problems the index holds (a full load adds those of
            files it skips).
        timezone: The archive's zone, as the index stored it.
        category_titles: Human names of category slugs (category pages).
    """

    posts: list[Post]
    extra: dict[str, Post]
    total: int
    unread: int
    facts: list[FactCount]
    days: list[DayCount]
    problems: list[Problem] = field(default_factory=list)
    timezone: tzinfo | None = None
    category_titles: dict[str, str] = field(default_factory=dict)


def first_page(
    root: Path,
    *,
    read: Collection[str] = (),
    unpublished: bool = False,
    wanted: Iterable[str] = (),
    limit: int = PAGE,
    cache_dir: Path | None = None,
) -> FirstPage | None:
    """The first page and the tree's counts from the index, or None when it cannot tell.

    No file is read or stat'ed: what is shown is what the index saw last.

    Args:
        root: The archive folder.
        read: Paths marked read (for the unread counts).
        unpublished: Offer unpublished posts too.
        wanted: Paths whose posts are wanted whether or not on the page.
        limit: Posts on the page.
        cache_dir: Cache directory instead of the user cache (tests).
    """
    if not root.is_dir():
        return None

    def through(db: IndexDB) -> FirstPage | None:
        if db.notices:  # a rebuilt or reset index holds nothing yet
            return None
        return _page(db.conn, root, read, unpublished, list(wanted), limit)

    return with_index(root, cache_dir, through, lambda _notice: None, "")


def posts_at(
    root: Path,
    offset: int,
    limit: int,
    *,
    unpublished: bool = False,
    total: int | None = None,
    cache_dir: Path | None = None,
) -> list[Post] | None:
    """The offered posts ``offset`` to ``offset + limit`` in list order, from the index.

    The rest of the first screen's list, a chunk at a time as it scrolls into
    view (:class:`newsreader.ui.model.listing.PagedPosts`), before the full
    load has made every post: one sorted scan in SQLite and ``limit`` rows
    decoded. None when the index cannot tell (gone, rebuilt, a row that
    does not decode).

    Args:
        root: The archive folder.
        offset: Offered posts to skip, newest first.
        limit: Most posts to give.
        unpublished: Unpublished posts are offered too.
        total: How many posts are offered, when the caller knows it: an
            offset past the middle is then counted from the end.
        cache_dir: Cache directory instead of the user cache (tests).
    """
    offered = "" if unpublished else _PUBLISHED
    offset, limit = max(offset, 0), max(limit, 0)
    sql, values = _AT.format(offered=offered), [limit, offset]
    if total is not None and offset > total // 2:
        end = min(offset + limit, total)
        sql, values = _FROM_END.format(offered=offered), [max(end - offset, 0), total - end]

    def through(db: IndexDB) -> list[Post] | None:
        settings = None if db.notices else stored_settings(db.conn, fingerprint(root), [])
        if settings is None or _holds_future_posts(db.conn, settings.future):
            return None  # rebuilt, empty, made under other settings, or not as stored
        return _posts(db.conn, sql, values, True)

    return with_index(root, cache_dir, through, lambda _notice: None, "")


_FUTURE_POST = "SELECT 1 FROM files WHERE line IS NOT NULL AND stamp >= ? LIMIT 1"


def _holds_future_posts(conn: sqlite3.Connection, future: bool) -> bool:
    """Whether a post is dated after the present, without ``future: true``.

    Such a post is unpublished at load (:func:`~newsreader.core.archive.build.build_archive`)
    while its row and the stored counts say what its front matter says; the
    index cannot answer for the present then, and a full load does. One
    step down the ``files_listed`` index (newest first) tells.
    """
    return not future and conn.execute(_FUTURE_POST, (publish_cutoff(),)).fetchone() is not None


def _page(
    conn: sqlite3.Connection,
    root: Path,
    read: Collection[str],
    unpublished: bool,
    wanted: list[str],
    limit: int,
) -> FirstPage | None:
    """:func:`first_page` on an open index."""
    settings = stored_settings(conn, fingerprint(root), [])
    if settings is None or _holds_future_posts(conn, settings.future):
        return None
    counts = _stored_counts(conn)
    if counts is None:
        return None
    posts = _posts(conn, _AT.format(offered="" if unpublished else _PUBLISHED), [limit, 0], True)
    wanted_sql = _WANTED.format(marks=", ".join("?" * len(wanted)))
    extra = _posts(conn, wanted_sql, wanted, True) if wanted else []
    if posts is None or extra is None:
        return None
    facts, days = _offered(counts, _read_counts(conn, read, counts), unpublished)
    problems = list(settings.problems)
    try:
        for encoded in counts.problems:
            problems += decode_problems(encoded)
    except UNREADABLE:
        return None
    titles = category_titles_of(root, problems)
    return FirstPage(
        posts[:limit],
        {post.path: post for post in extra},
        sum(fact.count for fact in facts),
        sum(fact.unread for fact in facts),
        facts,
        days,
        sorted_problems(problems),
        settings.timezone,
        titles,
    )


def _posts(
    conn: sqlite3.Connection, sql: str, values: Sequence[object], unpublished: bool
) -> list[Post] | None:
    """The posts of the rows ``sql`` selects (unpublished ones only if asked), or None.

    Unpublished posts are dropped here: a test in SQL would parse every
    row's JSON once more.
    """
    posts: list[Post] = []
    for row in map(FileRow._make, conn.execute(sql, values)):
        entry = decode_row(row)
        if entry is None or entry.post is None:
            return None
        if unpublished or entry.post.published:
            posts.append(entry.post)
    return posts


_Fact = tuple[int, str, str]
"""Grouped facts as SQL gives them: published (1 or 0), labels (JSON), folders."""
_Day = tuple[int, str]
"""Published, and the day (``YYYY-MM-DD``)."""


@dataclass
class _Counts:
    """Posts per facts and per day (every post, published or not), and the stored problems."""

    facts: Counter[_Fact]
    days: Counter[_Day]
    problems: list[str] = field(default_factory=list)


def _stored_counts(conn: sqlite3.Connection) -> _Counts | None:
    """The counts the index keeps, or None when a row cannot be counted in SQL.

    SQLite's triggers keep them as rows are written, whoever writes them, so
    they are never out of date and the first screen's cost is the page's and
    the groups', not a scan of every row (0.43 s at 10^5 posts, at the first
    start after any change, when they were counted again then). A row the
    first screen cannot show as stored (a path or post that is no plain text,
    a line holding escapes, a name's undecodable bytes, or no JSON of a post)
    is counted apart, as the CLI's stream refuses it: a full load reads such
    a file again.
    """
    odd = conn.execute(_ODD).fetchone()
    if odd is not None and odd[0]:
        return None
    return _Counts(
        Counter(
            {
                (published, labels, folders): n
                for published, labels, folders, n in conn.execute(_KEPT_FACTS)
            }
        ),
        Counter({(published, day): n for published, day, n in conn.execute(_KEPT_DAYS)}),
        [text for (text,) in conn.execute(_KEPT_PROBLEMS)],
    )


def _read_counts(conn: sqlite3.Connection, read: Collection[str], every: _Counts) -> _Counts:
    """The same counts over the posts marked read (looked up by path, not scanned).

    The paths go into a temporary table in one transaction: in autocommit
    each insert was a transaction of its own, 26 µs a path (10^4 paths read:
    0.40 s of the first screen's 0.43 s at 10^5 posts; in one, 0.08 s).
    Grouping costs a JSON parse per post counted, so when most posts are
    read the unread ones are counted and taken from ``every`` (the kept
    counts of every row): with all 10^5 posts read, 0.33 s of grouping
    became a scan for the few left unread.
    """
    if not read:
        return _Counts(Counter(), Counter())
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS first_read(path TEXT PRIMARY KEY) WITHOUT ROWID")
    conn.execute("BEGIN")
    try:
        conn.execute("DELETE FROM temp.first_read")
        conn.executemany("INSERT OR IGNORE INTO temp.first_read VALUES (?)", ((p,) for p in read))
        conn.execute("COMMIT")
    except BaseException:
        rollback(conn)
        raise
    if 2 * len(read) <= sum(every.facts.values()):
        where = "AND rel IN (SELECT path FROM temp.first_read)"
        return _counted(conn.execute(_FACTS.format(where=where)))
    where = "AND rel NOT IN (SELECT path FROM temp.first_read)"
    unread = _counted(conn.execute(_FACTS.format(where=where)))
    return _Counts(every.facts - unread.facts, every.days - unread.days)


def _counted(rows: Iterable[tuple[int, str, str, str, int]]) -> _Counts:
    """Posts per facts and per day, from :data:`_FACTS`' grouped rows."""
    counts = _Counts(Counter(), Counter())
    for published, labels, folders, day, count in rows:
        counts.facts[published, labels, folders] += count
        counts.days[published, day] += count
    return counts


def _offered(
    every: _Counts, read: _Counts, unpublished: bool
) -> tuple[list[FactCount], list[DayCount]]:
    """The counts of the posts offered (published ones unless asked), with their unread."""
    facts = [
        _fact(labels, folders, count, count - read.facts[published, labels, folders])
        for (published, labels, folders), count in every.facts.items()
        if unpublished or published
    ]
    days = [
        _day(day, count, count - read.days[published, day])
        for (published, day), count in every.days.items()
        if unpublished or published
    ]
    return facts, days


def _fact(labels: str, folders: str, count: int, unread: int) -> FactCount:
    """One group of facts: its categories and tags, and how many folder categories lead."""
    categories, tags = json.loads(labels)
    names = [name for name in map(clean_line, folders.split("/")) if name] if folders else []
    return FactCount(len(dict.fromkeys(names)), tuple(categories), tuple(tags), count, unread)


def _day(day: str, count: int, unread: int) -> DayCount:
    year, month, date = day.split("-")
    return DayCount((year, month, date), count, unread)
