"""``--list --json`` carries a mirrored post's source URL, read from the file's last lines."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from newsreader.core.archive.frontmatter_handler import CHUNK
from newsreader.core.archive.loader import load_archive
from newsreader.core.archive.source import TAIL_BYTES
from newsreader.core.document.open import open_document
from tests.cli.helpers import run_cli
from tests.conftest import SAMPLE

MakeArchive = Callable[[dict[str, str | bytes]], Path]
HEAD = "---\ntitle: t\n---\n"
TRAILER = "\n\n<http://news.example/a?id=1>\n\n[返回首页](//news.example/)\n"
LONG_BODY = "<p>" + "正文。" * 30_000 + "</p>"  # past the head read: the end is read apart
# Just past one head read (CHUNK bytes): only the last few bytes are read again.
STRADDLING = "<p>" + "x" * (CHUNK - len(HEAD) - 30) + "</p>"


def _listed(capsys: pytest.CaptureFixture[str], root: Path, *cache: str) -> dict[str, str]:
    code, out, _ = run_cli(capsys, str(root), "--list", "--json", *cache)
    assert code == 0
    return {r["path"]: r.get("source", "") for r in map(json.loads, out.splitlines())}


@pytest.mark.parametrize(
    ("body", "source"),
    [
        ("<p>x</p>" + TRAILER, "http://news.example/a?id=1"),  # the seed's shape
        (LONG_BODY + TRAILER, "http://news.example/a?id=1"),  # a long post
        (STRADDLING + TRAILER, "http://news.example/a?id=1"),  # its end in two chunks
        ("<p>x</p>\n\nhttps://news.example/b\n", "https://news.example/b"),  # a bare URL
        ("<p>x</p>", ""),  # no trailer: no key
        ("<p>see http://e.com/x for more</p>\n", ""),  # a URL in the text is no source
        ("<p>x</p>\n<http://e.com/1>\n<p>more</p>\n", ""),  # not at the end
        ("", ""),
    ],
)
def test_source_in_list_json(
    capsys: pytest.CaptureFixture[str], make_archive: MakeArchive, body: str, source: str
) -> None:
    root = make_archive({"_posts/2022-01-01-a.md": HEAD + body})
    listed = _listed(capsys, root, "--no-cache")["_posts/2022-01-01-a.md"]
    assert listed == source
    archive = load_archive(root)
    document, _ = open_document(archive, archive.posts[0])
    assert document.source == source  # the listing and the opened post agree


def test_a_long_last_line_cut_by_the_tail_is_not_taken_for_a_url(
    capsys: pytest.CaptureFixture[str], make_archive: MakeArchive
) -> None:
    """The tail starts mid-line: that line's end alone may look like a URL."""
    line = "<p>" + "字" * TAIL_BYTES + " http://e.com/x"
    root = make_archive({"_posts/2022-01-01-a.md": HEAD + LONG_BODY + "\n" + line + "\n"})
    assert _listed(capsys, root, "--no-cache") == {"_posts/2022-01-01-a.md": ""}


def test_source_is_the_same_cold_warm_and_without_cache(
    capsys: pytest.CaptureFixture[str],
) -> None:
    cold, warm = _listed(capsys, SAMPLE), _listed(capsys, SAMPLE)
    assert cold == warm == _listed(capsys, SAMPLE, "--no-cache")
    assert sum(1 for source in cold.values() if source) == 5


def test_a_legacy_encoded_post_has_its_source_too(
    capsys: pytest.CaptureFixture[str], make_archive: MakeArchive
) -> None:
    text = HEAD + "<p>旧的正文</p>" + TRAILER
    root = make_archive({"_posts/2022-01-01-a.md": text.encode("gb18030")})
    assert _listed(capsys, root, "--no-cache") == {
        "_posts/2022-01-01-a.md": "http://news.example/a?id=1"
    }
