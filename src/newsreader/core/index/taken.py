"""The posts of a load through the index: stored rows checked, fresh rows taken.

:func:`newsreader.core.index.metadata.load_indexed` meets every stored row of
``files`` once: each is compared with its file's stat key as it is fetched
and, when current, decoded into its post at once, the row itself dropped
(:func:`stored_posts`); the files to read afresh are listed in a
:class:`Check`. The rows read afresh pass through a :class:`Sink` on their
way to the index, which takes their posts as they pass. A load so holds
posts, never rows: holding every row until the end made a warm load of 10^5
posts peak ~110 MB higher, and a cold one held the workers' every row.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from newsreader.core.archive.build import Keyed
from newsreader.core.archive.discovery import Candidate
from newsreader.core.index.records import (
    FILE_COLUMNS,
    Entry,
    FileRow,
    Shared,
    decode_row,
    text_of,
)
from newsreader.core.model import Post, Problem

Stale = tuple[Candidate, tuple[int, int] | None]
"""A file to read afresh, with the ``(size, mtime_ns)`` it has now (None: stat it
when it is read)."""


Changes = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]
"""Paths of posts added, updated and removed."""


def stat_key(path: str) -> tuple[int, int]:
    """``(size, mtime_ns)`` of a file; ``(-1, -1)`` when it cannot be stat'ed."""
    try:
        info = os.stat(path)
    except OSError:
        return -1, -1
    return info.st_size, info.st_mtime_ns


@dataclass
class Check:
    """What comparing the stored rows with the files found leaves to do.

    Attributes:
        stale: The files to read afresh: new, changed, or whose row is unreadable.
        had_post: The paths among ``stale`` and ``gone`` whose stored row held a post.
        gone: The paths of stored rows whose file is no longer found.
        drop: The stored keys of rows to delete (gone, or whose path is no text).
        unreadable: How many rows did not decode (their files are in ``stale``).
    """

    stale: list[Stale] = field(default_factory=list)
    had_post: set[str] = field(default_factory=set)
    gone: list[str] = field(default_factory=list)
    drop: list[object] = field(default_factory=list)
    unreadable: int = 0


def stored_posts(
    conn: sqlite3.Connection,
    candidates: list[Candidate],
    check: Check,
    sink: Sink,
) -> None:
    """Take each unchanged file's stored post into ``sink``, the rows streamed one at a time.

    A row is decoded (:func:`decode_row`) as it is fetched and only its post,
    problems and line (into ``sink``) are kept: holding every
    stored row until the load ended made a warm load of 10^5 posts peak at
    ~110 MB of rows on top of the archive. What else the rows tell (files
    changed, gone, unreadable) goes to ``check``; ``candidates`` is emptied
    (the new and changed ones are in ``check.stale``). Each file is stat'ed as its
    row is met, once every file is listed: 10^4 posts alive during the
    listing made a warm load's garbage collections cost ~15% more.
    """
    by_rel: dict[str, Candidate | None] = {candidate.rel: candidate for candidate in candidates}
    candidates.clear()  # each is dropped once its row is met: with the posts, 25 MB at 10^5
    for row in map(FileRow._make, conn.execute(f"SELECT {FILE_COLUMNS} FROM files")):
        if not isinstance(row.rel, str | bytes):
            check.drop.append(row.rel)  # any other column is checked when the row is used
            continue
        rel = text_of(row.rel)
        if rel not in by_rel:
            check.gone.append(rel)
            if row.line is not None:
                check.had_post.add(rel)
            continue
        candidate = by_rel[rel]
        if candidate is None:
            continue  # a second row for one path (a damaged index): the first one counts
        by_rel[rel] = None
        key = stat_key(candidate.path)
        current = row.size == key[0] and row.mtime_ns == key[1]
        entry = decode_row(row, sink.shared) if current else None
        if entry is not None:
            sink.take(entry, row)
            continue
        check.unreadable += current  # its file is read again like a changed one
        check.stale.append((candidate, key))
        if row.line is not None:
            check.had_post.add(rel)
    check.stale += ((c, stat_key(c.path)) for c in by_rel.values() if c is not None)


@dataclass
class Sink:
    """Where a load's decoded rows go: their posts, problems and lines.

    Attributes:
        problems: Every problem met, the rows' added.
        lines: Each post's JSON line by path (None: not kept).
        previous: The posts of the archive this load replaces, by path: an
            equal post is taken from there, so a reload of 10^5 posts does
            not hold two copies of each while the old archive is shown.
        shared: Equal values of the decoded posts, kept once.
        keyed: Each post taken, with its sort key (the stored stamp).
        fresh: Each row read afresh: its path, and whether it holds a post.
    """

    problems: list[Problem]
    lines: dict[str, str] | None
    previous: Mapping[str, Post]
    shared: Shared = field(default_factory=Shared)
    keyed: list[Keyed] = field(default_factory=list)
    fresh: list[tuple[str, bool]] = field(default_factory=list)

    def take(self, entry: Entry, row: FileRow) -> None:
        """Take a decoded row's problems and post, if it holds one."""
        if entry.problems:
            self.problems += entry.problems
        post = entry.post
        if post is None or row.stamp is None or row.line is None:
            return
        old = self.previous.get(entry.rel)
        taken = old if old is not None and _same(old, post) else post
        self.keyed.append((-row.stamp, entry.rel, taken))
        if self.lines is not None:
            self.lines[entry.rel] = row.line

    def passing(self, rows: Iterable[FileRow]) -> Iterator[FileRow]:
        """Each row read afresh, on its way to the index, its post taken as it passes.

        A row that does not decode was just made from its file: a bug, not a
        post to lose (ValueError).
        """
        for row in rows:
            entry = decode_row(row, self.shared)
            if entry is None:
                raise ValueError(f"cannot index {text_of(row.rel)!r}")
            self.take(entry, row)
            self.fresh.append((entry.rel, row.line is not None))
            yield row


def _same(old: Post, new: Post) -> bool:
    """Whether two posts are alike in every field, their dates' zones too.

    Dates of one instant are equal whatever their zones; a post whose
    ``date`` moved to another zone at the same instant is not the same post.
    """
    before, after = old.date, new.date
    return old == new and before.tzinfo == after.tzinfo and before.fold == after.fold


def changes_of(had_post: set[str], fresh: Iterable[tuple[str, bool]], gone: list[str]) -> Changes:
    """The posts added, updated and removed: the rows read again against the stored ones.

    Args:
        had_post: The paths read again or gone whose stored row held a post.
        fresh: The paths read again, each with whether its row holds a post.
        gone: The paths of stored rows whose file is gone, sorted.
    """
    added: list[str] = []
    updated: list[str] = []
    removed = [rel for rel in gone if rel in had_post]
    for rel, has_post in fresh:
        if has_post:
            (updated if rel in had_post else added).append(rel)
        elif rel in had_post:
            removed.append(rel)
    return tuple(added), tuple(updated), tuple(removed)
