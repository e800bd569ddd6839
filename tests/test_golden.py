"""Golden files: the export text and outline JSON of every sample post.

Each file under ``tests/golden/export/`` and ``tests/golden/outline/`` was
reviewed by eye; a change in output shows up here as a diff to review.
Regenerate after a deliberate change with ``NEWSREADER_UPDATE_GOLDEN=1 pytest
tests/test_golden.py`` and read ``git diff tests/golden`` before committing.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from newsreader.core.archive.loader import load_archive
from newsreader.core.document.open import open_document
from newsreader.core.export.render import FORM_FEED_SEPARATOR, export_post, outline_json
from newsreader.core.model import Post
from tests.conftest import GOLDEN, SAMPLE

UPDATE = os.environ.get("NEWSREADER_UPDATE_GOLDEN") == "1"
ARCHIVE = load_archive(SAMPLE)
POSTS = {post.path: post for post in ARCHIVE.posts}


def golden_name(post: Post) -> str:
    """A stable file name for a post's golden files: its path with folders flattened."""
    return post.path.replace("/", "__").rsplit(".", 1)[0]


def check_golden(path: Path, actual: str) -> None:
    """Compare ``actual`` with the golden file byte for byte (or rewrite it when updating)."""
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8", newline="")
    with path.open(encoding="utf-8", newline="") as file:
        expected = file.read()
    assert actual == expected, f"{path} differs; review and regenerate if intended"


@pytest.mark.parametrize("rel", sorted(POSTS))
def test_export_golden(rel: str) -> None:
    post = POSTS[rel]
    document, problems = open_document(ARCHIVE, post)
    assert not problems
    check_golden(GOLDEN / "export" / f"{golden_name(post)}.txt", export_post(post, document))


@pytest.mark.parametrize("rel", sorted(POSTS))
def test_outline_golden(rel: str) -> None:
    post = POSTS[rel]
    document, _ = open_document(ARCHIVE, post)
    record = {"path": post.path, "title": post.title, "outline": outline_json(document)}
    text = json.dumps(record, ensure_ascii=False, indent=1) + "\n"
    check_golden(GOLDEN / "outline" / f"{golden_name(post)}.json", text)


def test_export_of_whole_archive_separates_posts_with_form_feeds(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from newsreader.cli import main

    assert main([str(SAMPLE), "--export", "--no-cache"]) == 0
    out = capsys.readouterr().out
    published = [post for post in ARCHIVE.posts if post.published]
    assert out.count(FORM_FEED_SEPARATOR) == len(published) - 1
    assert out.split(FORM_FEED_SEPARATOR)[0].startswith(f"Title: {published[0].title}\n")


def test_export_is_deterministic(capsys: pytest.CaptureFixture[str]) -> None:
    from newsreader.cli import main

    main([str(SAMPLE), "--export", "--no-cache"])
    first = capsys.readouterr().out
    main([str(SAMPLE), "--export", "--no-cache"])
    assert capsys.readouterr().out == first
