"""The export header: one field a line, never wrapped; a long URL under its label."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta, timezone

import pytest

from newsreader.core.document.model import Document
from newsreader.core.export.render import export_post
from newsreader.core.model import Post

CST = timezone(timedelta(hours=8))
POST = Post("_posts/2022-01-11-plan.md", "T", datetime(2022, 1, 11, tzinfo=CST), "plan")
LONG_TITLE = "常州市人民政府关于印发《常州市推进城市更新三年行动方案（2022—2024年）》的通知"
LONG_URL = "http://news.example.com/html_News/NewsShare.html?infoCode=NW202203010830000501"


def _header(post: Post, source: str, width: int | None) -> list[str]:
    text = export_post(post, Document(blocks=(), source=source), width=width)
    return text.splitlines()


@pytest.mark.parametrize(
    ("title", "source", "width", "expected"),
    [
        # A title wider than the page stays on its line, unwrapped.
        (LONG_TITLE, "", 40, [f"Title: {LONG_TITLE}"]),
        # A URL that fits stays beside its label...
        ("T", "http://e.com/a", 40, ["Source: http://e.com/a"]),
        # ...one that would overflow goes whole onto its own line.
        ("T", LONG_URL, 80, ["Source:", LONG_URL]),
        # A protocol-relative URL is a URL too.
        ("T", "//e.com/" + "x" * 80, 80, ["Source:", "//e.com/" + "x" * 80]),
        # Without wrapping there is no width to overflow.
        ("T", LONG_URL, None, [f"Source: {LONG_URL}"]),
    ],
)
def test_header_lines(title: str, source: str, width: int | None, expected: list[str]) -> None:
    lines = _header(dataclasses.replace(POST, title=title), source, width)
    wanted = {line.split(":")[0] for line in expected}
    assert [line for line in lines if line.split(":")[0] in wanted or "//" in line] == expected


def test_a_long_path_is_not_a_url_and_stays_on_its_line() -> None:
    path = "_posts/" + "很长的名字" * 12 + ".md"
    lines = _header(dataclasses.replace(POST, path=path), "", 40)
    assert f"Path: {path}" in lines
