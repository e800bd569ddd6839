"""Link marks and addresses, without an app."""

from __future__ import annotations

import webbrowser
from datetime import UTC, datetime

import pytest

from newsreader.core.document.model import Block, BlockKind, Document, Link
from newsreader.core.model import Post
from newsreader.ui import browser
from newsreader.ui.model.layout import layout_article
from newsreader.ui.model.links import LinkMark, link_marks, next_mark, openable_url

SOURCE = "http://news.example.com/html_News/NewsShare.html?infoCode=1"


@pytest.mark.parametrize(
    ("url", "source", "expected"),
    [
        ("https://example.com/a", "", "https://example.com/a"),
        ("//news.example.com/", SOURCE, "http://news.example.com/"),
        ("/category/x.html", SOURCE, "http://news.example.com/category/x.html"),
        ("next.html", SOURCE, "http://news.example.com/html_News/next.html"),
        ("mailto:editor@example.com", "", "mailto:editor@example.com"),
        ("  https://example.com/b  ", "", "https://example.com/b"),
        ("javascript:alert(1)", SOURCE, None),
        ("file:///etc/passwd", "", None),
        ("relative.html", "", None),
        ("", "", None),
    ],
)
def test_which_addresses_a_browser_gets(url: str, source: str, expected: str | None) -> None:
    assert openable_url(url, source) == expected


def _document() -> Document:
    blocks = (
        Block(BlockKind.PARAGRAPH, "见通知[1]，2022年[2022]计划。"),
        Block(BlockKind.PARAGRAPH, "另见[2]。"),
    )
    links = (Link(1, "通知", "https://a.example/1"), Link(2, "计划", "https://a.example/2"))
    return Document(blocks, links)


def test_marks_are_real_links_top_to_bottom_including_the_link_list() -> None:
    post = Post("_posts/x.md", "标题", datetime(2022, 1, 1, tzinfo=UTC), "x")
    layout = layout_article(post, _document(), 60)
    marks = link_marks(layout.lines, _document())
    assert [mark.link.number for mark in marks] == [1, 2, 1, 2]  # body, then the list
    assert all(layout.lines[m.y].text[m.start : m.end] == f"[{m.link.number}]" for m in marks)
    assert [m.y for m in marks] == sorted(m.y for m in marks)


@pytest.mark.parametrize(
    ("ys", "current", "step", "top", "expected"),
    [
        ([], -1, 1, 0, -1),
        ([3, 8, 20], -1, 1, 5, 1),  # first at or below the view's top
        ([3, 8, 20], -1, 1, 30, 0),  # none below: wrap to the first
        ([3, 8, 20], -1, -1, 5, 0),  # previous: the one above the top
        ([3, 8, 20], -1, -1, 0, 2),
        ([3, 8, 20], 2, 1, 0, 0),  # wraps around
        ([3, 8, 20], 0, -1, 0, 2),
    ],
)
def test_stepping_through_marks(
    ys: list[int], current: int, step: int, top: int, expected: int
) -> None:
    marks = [LinkMark(y, 0, 3, Link(n, "", "")) for n, y in enumerate(ys, 1)]
    assert next_mark(marks, current, step, top) == expected


class _Browser(webbrowser.BaseBrowser):
    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.opened: list[str] = []

    def open(self, url: str, new: int = 0, autoraise: bool = True) -> bool:
        self.opened.append(url)
        return True


@pytest.mark.parametrize(
    ("name", "used"),
    [
        ("firefox", True),
        ("xdg-open", True),
        ("lynx", False),
        ("/usr/bin/w3m", False),
        ("www-browser", False),
    ],
)
def test_console_browsers_are_never_started(
    monkeypatch: pytest.MonkeyPatch, name: str, used: bool
) -> None:
    fake = _Browser(name)
    monkeypatch.setattr(webbrowser, "get", lambda using=None: fake)
    assert browser.open_in_browser("https://example.com/") is used
    assert fake.opened == (["https://example.com/"] if used else [])


def test_no_browser_at_all_is_a_false_not_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(using: str | None = None) -> webbrowser.BaseBrowser:
        raise webbrowser.Error("could not locate runnable browser")

    monkeypatch.setattr(webbrowser, "get", missing)
    assert not browser.open_in_browser("https://example.com/")
