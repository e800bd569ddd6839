"""split_trailer: a mirror's source line kept as the source, its navigation dropped.

Invented examples, table-driven, plus two real endings, quoted from
zning1994/finews on GitHub (a Jekyll mirror of Chinese news):

- ``_posts/2022-01-11-NW202201112242932867.md`` (the seed post): an autolink
  source line, then ``[返回常州日报新闻](…)｜[返回首页](…)``;
- ``_posts/-202205262391921712.md`` (an 东财滚动新闻 post whose crawler
  lost the URL): an empty autolink ``<>``, then ``[返回东财滚动新闻](…)｜[返回首页](…)``.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsreader.core.document import trailer
from newsreader.core.document.parse import parse_body
from newsreader.core.document.trailer import MAX_TRAILER_LINES, Trailer, split_trailer

NAV = (("返回新闻", "//h/c.html"), ("返回首页", "//h/"))


@pytest.mark.parametrize(
    ("body", "rest", "trailer"),
    [
        # The forms the reader has always known.
        (
            "<p>正文</p>\n\n<http://s.example/a?b=1>\n\n[返回新闻](//h/c.html)｜[返回首页](//h/)\n",
            "<p>正文</p>",
            Trailer("http://s.example/a?b=1", NAV),
        ),
        ("正文\n\nhttps://s.example/x", "正文", Trailer("https://s.example/x")),
        ("正文\n[返回首页](/)", "正文", Trailer("", (("返回首页", "/"),))),
        ("正文\n[返回首页](/)\n<http://s/>", "正文", Trailer("http://s/", (("返回首页", "/"),))),
        # Separators: | and spaces as well as ｜, none at all.
        ("正文\n[返回新闻](//h/c.html) | [返回首页](//h/)", "正文", Trailer("", NAV)),
        ("正文\n[返回新闻](//h/c.html)  [返回首页](//h/)", "正文", Trailer("", NAV)),
        ("正文\n[返回新闻](//h/c.html)[返回首页](//h/)", "正文", Trailer("", NAV)),
        ("正文\n[返回新闻](//h/c.html) · [返回首页](//h/)", "正文", Trailer("", NAV)),
        # Each link on its own line, blank lines between or not.
        ("正文\n\n[返回新闻](//h/c.html)\n\n[返回首页](//h/)", "正文", Trailer("", NAV)),
        (
            "正文\n<http://s/>\n[返回新闻](//h/c.html)\n[返回首页](//h/)",
            "正文",
            Trailer("http://s/", NAV),
        ),
        # HTML links, wrapped in a paragraph or ended by <br>.
        (
            '<p>正文</p>\n<p><a href="//h/c.html">返回新闻</a>｜<a href="//h/">返回首页</a></p>',
            "<p>正文</p>",
            Trailer("", NAV),
        ),
        (
            "<p>正文</p>\n<a href='//h/c.html' target=_blank>返回新闻</a><br>\n"
            "<a href=//h/>返回首页</a><br/>",
            "<p>正文</p>",
            Trailer("", NAV),
        ),
        (
            '<p>正文</p>\n<div class="nav"><a href="//h/c.html"><span>返回新闻</span></a> | '
            '<a href="//h/">返回首页</a></div>',
            "<p>正文</p>",
            Trailer("", NAV),
        ),
        # Other ways back or up.
        (
            "正文\n[首页](/)｜[回到顶部](#top)",
            "正文",
            Trailer("", (("首页", "/"), ("回到顶部", "#top"))),
        ),
        # Labelled source lines, as text or as a link; the label link is the source, not navigation.
        (
            "正文\n[原文链接](http://s/a)\n[返回首页](/)",
            "正文",
            Trailer("http://s/a", (("返回首页", "/"),)),
        ),
        (
            "正文\n[原文链接](http://s/a)｜[返回首页](/)",
            "正文",
            Trailer("http://s/a", (("返回首页", "/"),)),
        ),
        ("正文\n来源：http://s/a", "正文", Trailer("http://s/a")),
        ("正文\n原文地址: <http://s/a>", "正文", Trailer("http://s/a")),
        (
            '正文\n<p>阅读原文：<a href="http://s/a">http://s/a</a></p>',
            "正文",
            Trailer("http://s/a"),
        ),
        ('正文\n<a href="http://s/a">查看原文</a>', "正文", Trailer("http://s/a")),
        ("正文\n[http://s/a](http://s/a)", "正文", Trailer("http://s/a")),
        # An empty autolink: dropped, no source.
        ("正文\n\n<>\n\n[返回首页](/)", "正文", Trailer("", (("返回首页", "/"),))),
        # Not a trailer: article text, a link that is not navigation, a source without URL.
        ("正文\n[更多](/more)｜[返回首页](/)", "正文\n[更多](/more)｜[返回首页](/)", Trailer()),
        ("正文 http://inline.example/ 之后", "正文 http://inline.example/ 之后", Trailer()),
        ("正文\n（文章来源：常州日报）", "正文\n（文章来源：常州日报）", Trailer()),
        ("正文\n来源：新华社", "正文\n来源：新华社", Trailer()),
        ("正文\n返回首页", "正文\n返回首页", Trailer()),
        ("正文\n[返回首页](/)还有字", "正文\n[返回首页](/)还有字", Trailer()),
        ('正文\n<p>见<a href="/f">附件</a></p>', '正文\n<p>见<a href="/f">附件</a></p>', Trailer()),
        # One source line only: the earlier URL lines are the body's.
        ("http://a/\nhttp://b/\nhttp://c/", "http://a/\nhttp://b/", Trailer("http://c/")),
        ("", "", Trailer()),
    ],
)
def test_split_trailer(body: str, rest: str, trailer: Trailer) -> None:
    assert split_trailer(body) == (rest, trailer)


def test_seed_ending() -> None:
    """The seed post's last lines (zning1994/finews, 2022-01-11)."""
    body = (
        '<p>——搭建工作平台。 </p><p class="em_media">（文章来源：常州日报）</p>\n\n'
        "<http://finews.zning.xyz/html_News/NewsShare.html?infoCode=NW202201112242932867>\n\n"
        "[返回常州日报新闻](//finews.withounder.com/category/changzhouribao.html)｜"
        "[返回首页](//finews.withounder.com/)"
    )
    rest, trailer = split_trailer(body)
    assert rest.endswith("（文章来源：常州日报）</p>")
    assert trailer.source.endswith("infoCode=NW202201112242932867")
    assert [text for text, _url in trailer.links] == ["返回常州日报新闻", "返回首页"]


def test_empty_source_ending() -> None:
    """An 东财滚动新闻 post's last lines (zning1994/finews, _posts/-202205262391921712.md)."""
    body = (
        '<p class="em_media">（文章来源：上海证券报）</p>\n\n<>\n\n'
        "[返回东财滚动新闻](//finews.withounder.com/emnews/)｜[返回首页](//finews.withounder.com/)"
    )
    assert split_trailer(body) == (
        '<p class="em_media">（文章来源：上海证券报）</p>',
        Trailer(
            "",
            (
                ("返回东财滚动新闻", "//finews.withounder.com/emnews/"),
                ("返回首页", "//finews.withounder.com/"),
            ),
        ),
    )


@pytest.mark.parametrize(
    "ending",
    [
        "[返回新闻](//h/c.html)｜[返回首页](//h/)",
        "[返回新闻](//h/c.html)\n[返回首页](//h/)",
        '<p><a href="//h/c.html">返回新闻</a> | <a href="//h/">返回首页</a></p>',
    ],
)
def test_navigation_is_in_no_block_and_no_link(ending: str) -> None:
    body = f'<p>正文见<a href="http://a/">甲</a>。</p>\n\n<http://src/>\n\n{ending}'
    document = parse_body(body)
    assert document.source == "http://src/"
    assert [(link.text, link.url) for link in document.links] == [("甲", "http://a/")]
    assert [block.text for block in document.blocks] == ["正文见甲[1]。"]


def test_examines_a_bounded_number_of_lines() -> None:
    lines = "\n".join("[返回首页](/)" for _ in range(MAX_TRAILER_LINES + 3))
    rest, trailer = split_trailer(f"正文\n{lines}")
    assert len(trailer.links) == MAX_TRAILER_LINES
    assert rest.count("[返回首页](/)") == 3


@given(st.text(alphabet="[]()<>|｜返回首页原文来源：:http/. \na<p>", max_size=200))
def test_any_text_splits_into_a_prefix(body: str) -> None:
    rest, trailer = split_trailer(body)
    assert body.startswith(rest)
    assert all(url in body for _text, url in trailer.links)
    assert trailer.source in body


@pytest.mark.parametrize(
    "last_line",
    [
        "<div>" * 100_000 + "深处" + "</div>" * 100_000 + "<p>之后</p>",
        "<a href=" * 100_000,
        "[返回首页](/)" * 10_000,
    ],
)
def test_a_huge_last_line_is_body_text(last_line: str) -> None:
    assert split_trailer(f"正文\n{last_line}") == (f"正文\n{last_line}", Trailer())


_ENDINGS = st.sampled_from(
    [
        "[返回首页](/)",
        "[返回常州日报新闻](/category/cz) ｜ [返回首页](/)",
        "<http://example.com/news/1.html>",
        "原文链接：[原文](http://example.com/2)",
        "<p>（文章来源：常州日报）</p>",
        "来源：http://example.com/3",
        "<>",
        "正文",
        "",
    ]
)


@given(st.lists(_ENDINGS, max_size=10), st.lists(_ENDINGS, max_size=10))
def test_remembered_lines_split_as_lines_read_afresh(first: list[str], second: list[str]) -> None:
    """Lines are remembered across posts; each post still splits as if read alone."""
    bodies = ["\n".join(["正文", *first]), "\n".join(["正文", *second])]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(trailer, "_CACHED_CHARS", -1)  # every line read afresh
        fresh = [split_trailer(body) for body in bodies]
    trailer._cached_line.cache_clear()
    assert [split_trailer(body) for body in bodies] == fresh  # first reads, then remembered
    assert [split_trailer(body) for body in reversed(bodies)] == fresh[::-1]
