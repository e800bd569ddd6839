"""The tree's unread counts, kept by ±1 per mark, always equal a full recount.

The reader adjusts the counts of a post's groups (day, month, year, its
categories, folder prefixes and tags) on every mark instead of counting
10^5 posts again; any sequence of marks, mark-all-read and undo must leave
them where a recount from scratch puts them.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from newsreader.core.model import Archive, Post
from newsreader.core.state import StateStore
from newsreader.ui.model.catalog import groups_of, unread_counts
from newsreader.ui.model.reading import Reading

_SLUGS = st.sampled_from(["news", "local", "tech", "财经"])


@st.composite
def _posts(draw: st.DrawFn) -> tuple[Post, ...]:
    count = draw(st.integers(min_value=1, max_value=12))
    posts = []
    for index in range(count):
        categories = tuple(draw(st.lists(_SLUGS, max_size=3, unique=True)))
        posts.append(
            Post(
                path=f"_posts/p{index}.md",
                title=f"第{index}篇",
                date=datetime(2022, draw(st.integers(1, 2)), draw(st.integers(1, 3)), tzinfo=UTC),
                slug=f"p{index}",
                categories=categories,
                tags=tuple(draw(st.lists(st.sampled_from(["a", "b", "c"]), max_size=3))),
                folder_categories=draw(st.integers(0, len(categories))),
            )
        )
    return tuple(posts)


_STEP = st.one_of(
    st.tuples(st.just("mark"), st.integers(0, 11), st.booleans()),
    st.tuples(st.just("all"), st.lists(st.integers(0, 11), max_size=6)),
    st.tuples(st.just("undo")),
)


@settings(max_examples=25, deadline=None)
@given(posts=_posts(), steps=st.lists(_STEP, max_size=15))
def test_counts_kept_by_marks_equal_a_recount(
    posts: tuple[Post, ...], steps: list[tuple[object, ...]]
) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        with StateStore.open(root, root / "state") as state:
            reading = Reading(Archive(root=root, posts=posts), posts, state)
            for step in steps:
                if step[0] == "mark":
                    _, index, read = step
                    assert isinstance(index, int) and isinstance(read, bool)
                    reading.set_read(posts[index % len(posts)], read)
                elif step[0] == "all":
                    indices = step[1]
                    assert isinstance(indices, list)
                    reading.mark_all_read([posts[i % len(posts)] for i in indices])
                else:
                    reading.undo_mark_all()
                assert reading.unread == unread_counts(posts, reading.read)
                assert reading.read == state.read_paths()


@settings(max_examples=50, deadline=None)
@given(posts=_posts(), read=st.sets(st.integers(0, 11)))
def test_counts_are_each_unread_posts_groups_counted(
    posts: tuple[Post, ...], read: set[int]
) -> None:
    marked = {f"_posts/p{index}.md" for index in read}
    expected = Counter(
        group for post in posts if post.path not in marked for group in groups_of(post)
    )
    assert unread_counts(posts, marked) == expected
