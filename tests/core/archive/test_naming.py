"""Typed names for categories, tags and posts, found again as the posts carry them."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from newsreader.core.archive.filters import Criteria, select
from newsreader.core.archive.naming import (
    NameIndex,
    Unknown,
    category_names,
    fold,
    resolve_criteria,
)
from newsreader.core.model import Archive, Post

CST = timezone(timedelta(hours=8))


def _post(path: str, cats: tuple[str, ...], tags: tuple[str, ...] = ()) -> Post:
    return Post(path, path, datetime(2022, 1, 1, tzinfo=CST), path, cats, tags)


ARCHIVE = Archive(
    Path("."),
    (
        _post("_posts/2022-01-01-a.md", ("changzhouribao",), ("常州日报新闻",)),
        _post("_posts/2022-01-02-b.md", ("tech", "changzhouribao"), ("常州日报新闻", "AI")),
        _post("_posts/2022-01-03-c.md", ("Tech",), ("Economy",)),
        _post("_posts/2022-01-04-d.md", ("misc",), ("x", "y")),
    ),
    category_titles={"tech": "科技"},
)


def test_fold_joins_case_and_width() -> None:
    assert fold("ＴＥＣＨ ") == fold("Tech") == "tech"


def test_category_names_use_titles_then_the_shared_tag() -> None:
    assert category_names(ARCHIVE) == {
        "Tech": "Economy",
        "changzhouribao": "常州日报新闻",
        "misc": "misc",
        "tech": "科技",
    }


@pytest.mark.parametrize(
    ("typed", "slugs"),
    [
        ("changzhouribao", ("changzhouribao",)),  # the slug
        ("常州日报新闻", ("changzhouribao",)),  # the reader's name for it
        ("科技", ("tech",)),  # a category page's title
        ("tech", ("tech",)),  # an exact slug wins over the folded 'Tech'
        ("TECH", ("Tech", "tech")),  # folded: both slugs that fold alike
        ("ｍｉｓｃ", ("misc",)),  # full-width letters (NFKC)
    ],
)
def test_category_names_resolve(typed: str, slugs: tuple[str, ...]) -> None:
    resolved, unknown = resolve_criteria(ARCHIVE, Criteria(categories=(typed,)))
    assert unknown == [] and resolved.categories == slugs


@pytest.mark.parametrize(
    ("typed", "tags"),
    [
        ("ai", ("AI",)),
        ("Ａｉ", ("AI",)),
        ("常州日报新闻", ("常州日报新闻",)),
        ("economy", ("Economy",)),
    ],
)
def test_tags_resolve_in_any_case_or_width(typed: str, tags: tuple[str, ...]) -> None:
    resolved, unknown = resolve_criteria(ARCHIVE, Criteria(tags=(typed,)))
    assert unknown == [] and resolved.tags == tags


@pytest.mark.parametrize(
    ("criteria", "expected"),
    [
        (Criteria(categories=("techh",)), Unknown("category", "techh", ("Tech",))),
        (Criteria(categories=("常州日报",)), Unknown("category", "常州日报", ("常州日报新闻",))),
        (Criteria(tags=("qqqq",)), Unknown("tag", "qqqq", ())),
        (
            Criteria(post="_posts/2022-01-01-z.md"),
            Unknown("post", "_posts/2022-01-01-z.md", ("_posts/2022-01-01-a.md",)),
        ),
    ],
)
def test_unknown_names_carry_the_nearest(criteria: Criteria, expected: Unknown) -> None:
    _resolved, unknown = resolve_criteria(ARCHIVE, criteria)
    assert len(unknown) == 1
    assert unknown[0].kind == expected.kind and unknown[0].name == expected.name
    assert unknown[0].nearest[: len(expected.nearest)] == expected.nearest


def test_an_unknown_name_alone_selects_nothing() -> None:
    """The reader goes on with a notice; it must then show nothing, not everything."""
    resolved, unknown = resolve_criteria(ARCHIVE, Criteria(categories=("nope",), tags=("nope",)))
    assert len(unknown) == 2 and select(ARCHIVE.posts, resolved) == []


def test_post_path_forgives_a_leading_dot_slash() -> None:
    resolved, unknown = resolve_criteria(ARCHIVE, Criteria(post="./_posts/2022-01-03-c.md"))
    assert unknown == [] and resolved.post == "_posts/2022-01-03-c.md"


@pytest.mark.parametrize(
    ("unknown", "line"),
    [
        (Unknown("tag", "q", ("a", "b")), "unknown tag 'q' (nearest: a, b)"),
        (Unknown("category", "q"), "unknown category 'q' (no category of the archive is close)"),
    ],
)
def test_unknown_is_one_line(unknown: Unknown, line: str) -> None:
    assert str(unknown) == line


def test_name_index_keeps_the_first_spelling_for_display() -> None:
    index = NameIndex("tag", {"AI": (), "ai": ()})
    assert index.lookup("Ai") == ("AI", "ai")
    missing = index.lookup("aii")
    assert isinstance(missing, Unknown) and missing.nearest == ("AI",)
